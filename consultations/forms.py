"""Forms validate shape only; business rules live in services."""

from django.utils import timezone

from cppcc import forms
from cppcc.uploads import validate_upload
from cppcc.workflow import ObjectForm
from members.models import HandlingUnit, Member, Role, SpecialCommittee, User

from .models import Activity, ActivityDocument, ActivityKind, Invitation, Outcome, PlanTopic, Review


class ActivityForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label="邀请委员",
        queryset=Member.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text="可按住 Ctrl 多选",
    )
    guests = forms.CharField(
        label="邀请群众代表和嘉宾",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一位,格式:姓名,单位或身份",
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "topic",
            "plan_topic",
            "date",
            "place",
            "mode",
            "organiser_type",
            "special_committee",
            "work_committee",
            "sector",
            "major",
            "is_public",
            "description",
            "department_heads",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "department_heads": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = ActivityKind.objects.filter(is_active=True)
        self.fields["plan_topic"].queryset = PlanTopic.objects.filter(
            approved=True, year__gte=timezone.localdate().year - 1
        ).order_by("-year", "planned_month")
        self.fields["topic"].error_messages["required"] = "请填写活动主题。"
        self.fields["date"].error_messages["required"] = "请填写活动日期。"

    def clean_guests(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["guests"].splitlines():
            line = line.strip().replace(",", ",")
            if not line:
                continue
            name, _, organisation = line.partition(",")
            rows.append((name.strip()[:50], organisation.strip()[:200]))
        return rows


class InviteForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label="追加邀请委员",
        queryset=Member.objects.filter(is_active=True).order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"required": "请选择要邀请的委员。"},
    )


class RespondForm(forms.Form):
    response = forms.ChoiceField(
        label="答复",
        choices=[(Invitation.Response.CONFIRMED, "确认参加"), (Invitation.Response.LEAVE, "请假")],
        widget=forms.RadioSelect,
    )
    leave_reason = forms.CharField(label="请假事由", required=False, max_length=300)


class DocumentForm(forms.ModelForm):
    class Meta:
        model = ActivityDocument
        fields = ["kind", "title", "date", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_upload(upload)
        return upload


class SuggestionForm(forms.Form):
    text = forms.CharField(label="建议内容", widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.ModelChoiceField(
        label="责任单位", queryset=HandlingUnit.objects.filter(is_active=True), required=False
    )
    due_date = forms.DateField(label="反馈期限", required=False)


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label="责任单位", queryset=HandlingUnit.objects.filter(is_active=True))
    due_date = forms.DateField(label="反馈期限")
    note = forms.CharField(label="交办说明", required=False, max_length=300)


class ReportForm(forms.Form):
    status = forms.ChoiceField(label="落实情况", choices=Outcome.choices)
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(
        label="未采纳理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="选择“未采纳”时必填",
    )
    date = forms.DateField(label="反馈日期", initial=timezone.localdate)
    attachment = forms.FileField(label="附件", required=False)

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_upload(upload)
        return upload


class ReviewScheduleForm(forms.Form):
    planned_date = forms.DateField(label="回头看计划日期")
    note = forms.CharField(label="说明", required=False, max_length=300)


class ReviewRecordForm(ObjectForm, forms.Form):
    """Which open 回头看 is recorded is a visible choice of this suggestion's open ones (not a
    hidden input the page writes beside the form's own)."""

    review = forms.ModelChoiceField(
        label="回头看安排",
        queryset=Review.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "这次回头看已记录或不存在,请刷新页面。"},
    )
    done_date = forms.DateField(label="完成日期", initial=timezone.localdate)
    findings = forms.CharField(label="回头看情况", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.obj is not None:
            self.fields["review"].queryset = Review.objects.filter(
                suggestion=self.obj, done_date__isnull=True
            ).order_by("planned_date", "pk")
        self.fields["review"].label_from_instance = lambda r: f"计划 {r.planned_date:%Y-%m-%d}"


class InstructionForm(forms.Form):
    leader = forms.ModelChoiceField(
        label="批示领导",
        queryset=User.objects.filter(role=Role.LEADER, is_active=True),
        required=False,
        help_text="领导本人批示时可不选。",
    )
    leader_title = forms.CharField(label="领导职务", required=False, max_length=100)
    date = forms.DateField(label="批示日期", initial=timezone.localdate)
    text = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(NoteForm):
    confirm = forms.BooleanField(
        label="回头看尚未开展或落实仍在推进中,确认仍要办结",
        required=False,
        help_text="有待开展的回头看、或落实情况为“推进中”时,须勾选此项才能办结。",
    )


class ReopenForm(forms.Form):
    note = forms.CharField(
        label="重新办理理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写重新办理的理由。"},
    )


class PlanTopicForm(forms.ModelForm):
    class Meta:
        model = PlanTopic
        fields = [
            "title",
            "source",
            "proposer_text",
            "proposer_member",
            "kind",
            "lead_committee",
            "planned_month",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposer_member"].queryset = Member.objects.filter(is_active=True).order_by("name")


class PlanApproveForm(forms.Form):
    lead_committee = forms.ModelChoiceField(
        label="牵头专委会", queryset=SpecialCommittee.objects.filter(is_active=True)
    )
    planned_month = forms.IntegerField(label="计划月份", min_value=1, max_value=12)
