"""Forms validate shape only; business rules live in services."""

from consultations.models import PlanTopic
from cppcc import forms
from cppcc.uploads import validate_upload
from members.models import Member, Plenary
from proposals.models import Proposal

from .models import (
    AgendaItem,
    AttendeeScope,
    Decision,
    MeetingDocument,
    MeetingGuest,
    MeetingInvitation,
    MeetingKind,
    SessionAttendance,
)


def _members():
    return Member.objects.filter(is_active=True).order_by("name")


class MeetingForm(forms.Form):
    kind = forms.ModelChoiceField(
        label="会议类型",
        queryset=MeetingKind.objects.filter(is_active=True),
        error_messages={"required": "请选择会议类型。", "invalid_choice": "请选择会议类型。"},
    )
    title = forms.CharField(label="会议名称", max_length=200, error_messages={"required": "请填写会议名称。"})
    plenary = forms.ModelChoiceField(
        label="届次会议",
        queryset=Plenary.objects.select_related("term"),
        required=False,
        help_text="全体会议须选择",
    )
    start_date = forms.DateField(label="开始日期", error_messages={"required": "请填写开始日期。"})
    end_date = forms.DateField(label="结束日期", required=False, help_text="一天的会议可不填")
    place = forms.CharField(label="地点", max_length=200, required=False)
    scope = forms.ChoiceField(
        label="出席范围",
        choices=[("", "按会议类型默认"), *AttendeeScope.choices],
        required=False,
        help_text="按政协职务邀请出席:全体委员、常委、主席会议成员",
    )
    members = forms.ModelMultipleChoiceField(
        label="另行邀请出席的委员",
        queryset=_members(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="可按住 Ctrl 多选",
    )
    sit_in = forms.ModelMultipleChoiceField(
        label="列席委员",
        queryset=_members(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    guests = forms.CharField(
        label="列席人员(领导、部门负责人、嘉宾)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一位,格式:类别,姓名,单位职务;类别为 领导 / 部门负责人 / 特邀嘉宾",
    )
    description = forms.CharField(label="会议说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    GUEST_KINDS = {label: value for value, label in MeetingGuest.Kind.choices}

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = _members()
        self.fields["sit_in"].queryset = _members()
        if editing:
            for name in ("kind", "scope", "members", "sit_in", "guests"):
                del self.fields[name]

    def clean_guests(self) -> list[tuple[str, str, str]]:
        rows = []
        for number, line in enumerate((self.cleaned_data.get("guests") or "").splitlines(), start=1):
            parts = [p.strip() for p in line.replace(",", ",").split(",")]
            if not any(parts):
                continue
            if len(parts) < 2 or parts[0] not in self.GUEST_KINDS or not parts[1]:
                raise forms.ValidationError(
                    f"第{number}行格式应为:类别,姓名,单位职务(类别为 领导/部门负责人/特邀嘉宾)。"
                )
            rows.append((self.GUEST_KINDS[parts[0]], parts[1], ",".join(parts[2:])))
        return rows


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "report_title", "plan_topic", "proposal"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "请填写议题。"
        self.fields["plan_topic"].queryset = PlanTopic.objects.filter(approved=True).order_by(
            "-year", "planned_month"
        )
        # a proposal is linked by its number in the register; the list would be thousands long
        self.fields["proposal"] = forms.ModelChoiceField(
            label="提案(编号)",
            queryset=Proposal.objects.all(),
            required=False,
            widget=forms.NumberInput(attrs={"min": 1}),
            help_text="填写提案在系统中的编号(提案详情页地址中的数字)",
            error_messages={"invalid_choice": "没有该编号的提案。"},
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="会议决定", choices=Decision.choices, required=False)
    note = forms.CharField(label="决定内容", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RespondForm(forms.Form):
    response = forms.ChoiceField(
        label="答复",
        choices=[
            (MeetingInvitation.Response.CONFIRMED, "确认参加"),
            (MeetingInvitation.Response.LEAVE, "请假"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择确认参加或请假。", "invalid_choice": "请选择确认参加或请假。"},
    )
    leave_reason = forms.CharField(label="请假事由", required=False, max_length=300)


class InviteForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label="邀请委员", queryset=_members(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    role = forms.ChoiceField(label="身份", choices=MeetingInvitation.Role.choices)


class DocumentForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200, error_messages={"required": "请填写文件标题。"})
    status = forms.ChoiceField(label="版本", choices=MeetingDocument.Status.choices)
    agenda_item = forms.ModelChoiceField(label="所属议程", queryset=AgendaItem.objects.none(), required=False)
    file = forms.FileField(label="文件", error_messages={"required": "请选择文件。"})

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["agenda_item"].queryset = meeting.agenda.all()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_upload(upload)
        return upload


class MarkForm(forms.Form):
    invitation = forms.IntegerField(min_value=1)
    status = forms.ChoiceField(choices=SessionAttendance.Status.choices)


class SpeechForm(forms.Form):
    title = forms.CharField(label="发言题目", max_length=200, error_messages={"required": "请填写发言题目。"})
    text = forms.CharField(
        label="发言内容",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "请填写发言内容。"},
    )


class SelectSpeechForm(forms.Form):
    oral_order = forms.IntegerField(label="口头发言顺序", min_value=1, max_value=999, required=False)
