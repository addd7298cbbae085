"""Forms validate shape only; business rules are in services."""

import uuid

from django.core.validators import MaxLengthValidator

from cppcc import forms
from cppcc.uploads import allowed_types_text, max_size_text, validate_upload
from members.bodies.widgets import ProposalPicker
from members.models import HandlingUnit, Member, ProposerOrganisation, Role, User

from . import conf
from .models import Category, Contact, Proposal, PublicOpinion, RejectReason, ReplyClass

UPLOAD_HELP = f"可选。允许的类型:{allowed_types_text()};单个文件不超过 {max_size_text()}。"


class ProposalForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    organisation = forms.ModelChoiceField(
        ProposerOrganisation.objects.filter(is_active=True),
        label="提案单位",
        required=False,
        help_text="机关工作人员代党派团体、专委会或界别提交时选择。",
    )
    title = forms.CharField(
        label="案由",
        max_length=conf.PROPOSAL_TITLE_MAX_CHARS,
        error_messages={
            "required": "请填写案由(标题)。",
            "max_length": "案由不能超过 %(limit_value)d 个字,当前 %(show_value)d 个字,请精简。",
        },
        help_text=f"一事一案,简明写出提案要解决的问题(不超过 {conf.PROPOSAL_TITLE_MAX_CHARS} 个字)。",
    )
    category = forms.ModelChoiceField(
        Category.objects.filter(is_active=True), label="类别", error_messages={"required": "请选择类别。"}
    )
    body = forms.CharField(
        label="内容",
        widget=forms.Textarea(attrs={"rows": 14}),
        validators=[
            MaxLengthValidator(
                conf.PROPOSAL_BODY_MAX_CHARS, f"内容不能超过 {conf.PROPOSAL_BODY_MAX_CHARS} 个字。"
            )
        ],
        error_messages={"required": "请填写内容。"},
        help_text="包括情况分析和具体建议。",
    )
    cosigners = forms.ModelMultipleChoiceField(
        Member.objects.filter(is_active=True, user__isnull=False).only("id", "name"),
        label="邀请联名委员",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="被邀请的委员在平台确认后成为联名人。",
    )
    attachment = forms.FileField(label="附件", required=False, help_text=UPLOAD_HELP)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("token"):
            self.initial["token"] = uuid.uuid4().hex
        # no maxlength attribute: a browser would cut a pasted long title silently; the server says so
        self.fields["title"].widget.attrs.pop("maxlength", None)
        if user is not None and user.role == Role.MEMBER:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].required = True
            self.fields["organisation"].error_messages["required"] = "请选择提案单位。"

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_upload(upload)
        return upload


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="附件", help_text=UPLOAD_HELP.replace("可选。", ""), error_messages={"required": "请选择文件。"}
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload


class NoteForm(forms.Form):
    note = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class RejectForm(NoteForm):
    reason = forms.ModelChoiceField(
        RejectReason.objects.filter(is_active=True),
        label="不予立案理由",
        error_messages={"required": "请选择不予立案的理由。"},
    )
    disposition = forms.ChoiceField(label="后续处理", choices=Proposal.Disposition.choices, required=False)


class MergeForm(NoteForm):
    into = forms.IntegerField(
        label="主提案",
        widget=ProposalPicker(),
        min_value=1,
        max_value=2**31 - 1,
        error_messages={"required": "请选择主提案。", "invalid": "请从列表中选择主提案。"},
    )

    def clean_into(self):
        into = Proposal.objects.filter(pk=self.cleaned_data["into"]).first()
        if into is None:
            raise forms.ValidationError("没有这件提案,请重新选择主提案。")
        return into


class ExtensionDecisionForm(NoteForm):
    """Shown beside each pending extension request; `assignment` names the request decided."""

    assignment = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={"required": "请选择延期申请。", "invalid": "延期申请无效,请刷新页面。"},
    )


class AssignForm(NoteForm):
    lead_unit = forms.ModelChoiceField(
        HandlingUnit.objects.filter(is_active=True), label="主办单位", required=False
    )
    assisting_units = forms.ModelMultipleChoiceField(
        HandlingUnit.objects.filter(is_active=True),
        label="协办单位",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    split_units = forms.ModelMultipleChoiceField(
        HandlingUnit.objects.filter(is_active=True),
        label="分办单位",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text="分办时不选主办单位,各单位分别答复。",
    )
    due_on = forms.DateField(label="答复期限", required=False, help_text="留空则按办理期限规则计算。")


class ContactForm(forms.Form):
    date = forms.DateField(label="面商日期", error_messages={"required": "请填写面商日期。"})
    form = forms.ChoiceField(label="方式", choices=Contact.Form.choices)
    summary = forms.CharField(
        label="面商情况",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "请填写面商情况。"},
    )


class TextForm(forms.Form):
    text = forms.CharField(
        label="内容",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        error_messages={"required": "请填写内容。"},
    )


class ExtensionForm(forms.Form):
    until = forms.DateField(label="申请延期至", error_messages={"required": "请填写延期日期。"})
    reason = forms.CharField(
        label="延期理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "请填写延期理由。"},
    )


class ReplyForm(forms.Form):
    # shown above the form (shared actions include): the rule the service enforces, said up front
    intro = "主办单位提交答复前,须先在本页“记录面商”中登记与提案人的面商情况;答复函请在最后一步选择。"
    reply_class = forms.ModelChoiceField(
        ReplyClass.objects.all(), label="答复类别", error_messages={"required": "请选择答复类别。"}
    )
    text = forms.CharField(
        label="答复内容",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=conf.PROPOSAL_BODY_MAX_CHARS,
        error_messages={"required": "请填写答复内容。"},
    )
    letter = forms.FileField(label="答复函(盖章扫描件)", required=False, help_text=UPLOAD_HELP)
    is_public = forms.BooleanField(label="答复可以公开", required=False)

    def clean_letter(self):
        upload = self.cleaned_data.get("letter")
        if upload:
            validate_upload(upload)
        return upload


class RatingForm(forms.Form):
    intro = "对答复不满意的,请使用“评价不满意”并说明理由。"
    level = forms.ChoiceField(
        label="评价",
        # 不满意 is the separate action rate_unsatisfied (reason and confirmation required)
        choices=[(c, label) for c, label in Proposal.Rating.choices if c != Proposal.Rating.UNSATISFIED],
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择评价。",
            "invalid_choice": "请选择满意或基本满意;不满意请使用“评价不满意”。",
        },
    )
    comment = forms.CharField(
        label="意见", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class UnsatisfiedForm(forms.Form):
    comment = forms.CharField(
        label="不满意的理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="承办单位将看到这段理由,并据此重新办理。",
        error_messages={"required": "请填写不满意的理由。"},
    )


class KeyForm(forms.Form):
    leader = forms.ModelChoiceField(
        User.objects.filter(role=Role.LEADER, is_active=True),
        label="领办/督办领导",
        error_messages={"required": "请选择领导。"},
    )


class InstructionForm(forms.Form):
    leader = forms.ModelChoiceField(
        User.objects.filter(role=Role.LEADER, is_active=True),
        label="批示领导",
        required=False,
        help_text="领导本人批示时可不选。",
    )
    leader_title = forms.CharField(label="领导职务", max_length=100, required=False)
    date = forms.DateField(label="批示日期", error_messages={"required": "请填写批示日期。"})
    text = forms.CharField(
        label="批示内容",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "请填写批示内容。"},
    )


class OpinionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        ProposerOrganisation.objects.filter(is_active=True), label="报送单位", required=False
    )
    title = forms.CharField(label="标题", max_length=200, error_messages={"required": "请填写标题。"})
    body = forms.CharField(
        label="内容",
        widget=forms.Textarea(attrs={"rows": 10}),
        validators=[
            MaxLengthValidator(
                conf.OPINION_BODY_MAX_CHARS, f"社情民意信息不超过 {conf.OPINION_BODY_MAX_CHARS} 字。"
            )
        ],
        error_messages={"required": "请填写内容。"},
        help_text=f"一事一报,不超过 {conf.OPINION_BODY_MAX_CHARS} 字。",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.role == Role.MEMBER:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].required = True
            self.fields["organisation"].error_messages["required"] = "请选择报送单位。"


class CompileForm(forms.Form):
    number = forms.IntegerField(label="期号", min_value=1, error_messages={"required": "请填写期号。"})


class ReportForm(forms.Form):
    sent_to = forms.CharField(
        label="报送对象",
        max_length=200,
        initial="市委、市政府",
        error_messages={"required": "请填写报送对象。"},
    )
    sent_on = forms.DateField(label="报送日期", required=False)


class AdoptForm(forms.Form):
    level = forms.ChoiceField(label="采用层级", choices=PublicOpinion.Level.choices[1:])
    adopted_on = forms.DateField(label="采用日期", required=False)
