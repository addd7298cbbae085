"""Portal pages for an activity's organiser (the office, or a body's 主任/秘书/联络员/召集人):
create an activity for a body with its members pre-selected, edit, postpone, cancel, invite with
the people picker. Writes go through consultations.activity_services / services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from cppcc import forms
from cppcc.workflow import TransitionNotAllowed
from cppcc.workflow_views import error_text
from members.bodies.body import body_get
from members.bodies.widgets import MemberPicker
from members.models import Member

from . import activity_services, permissions, selectors, services
from .models import Activity, ActivityKind, PlanTopic


class BodyActivityForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label="邀请委员",
        queryset=Member.objects.filter(is_active=True),
        required=False,
        widget=MemberPicker(),
        help_text="本机构委员已预先选中;可按姓名、界别、专委会、镇街查找并添加其他委员。",
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
            year__gte=timezone.localdate().year - 1
        ).order_by("-year", "planned_month")
        self.fields["topic"].error_messages["required"] = "请填写活动主题。"
        self.fields["date"].error_messages["required"] = "请填写活动日期。"
        self.fields["kind"].error_messages["required"] = "请选择活动类型。"


class ActivityEditForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = list(activity_services.EDITABLE)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "department_heads": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].error_messages["required"] = "请填写活动主题。"
        self.fields["kind"].queryset = ActivityKind.objects.filter(is_active=True)


class PostponeForm(forms.Form):
    new_date = forms.DateField(label="延期至", error_messages={"required": "请填写延期后的日期。"})
    reason = forms.CharField(
        label="延期原因",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写延期原因。"},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="取消原因",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写取消原因。"},
    )


class PickInviteForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label="邀请委员",
        queryset=Member.objects.filter(is_active=True),
        widget=MemberPicker(),
        error_messages={"required": "请选择要邀请的委员。"},
    )


def _managed_activity(request, pk: int) -> Activity:
    try:
        activity = selectors.activity_get(pk=pk)
    except Activity.DoesNotExist:
        raise Http404("活动不存在。") from None
    if not permissions.can_view_activity(request.user, activity):
        raise Http404("活动不存在。")
    if not permissions.can_manage_activity(request.user, activity):
        raise PermissionDenied("只有政协机关或该活动所属机构的组织者可以进行此操作。")
    return activity


def activity_create_for_body(request, body_type: str, body_id: int):
    body = body_get(body_type, body_id)
    if body is None:
        raise Http404("机构不存在。")
    if not permissions.can_organise(request.user, body.type, body.id):
        raise PermissionDenied("只能为您负责的机构创建活动。")
    initial = {"members": list(body.members().values_list("pk", flat=True)), "date": timezone.localdate()}
    form = BodyActivityForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                activity = services.activity_create(
                    by=request.user, organiser_type=body.type, **{body.field: body.obj}, **data
                )
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, f"活动已创建,已向 {activity.invitations.count()} 位委员发出邀请。")
                return redirect(activity)
        else:
            messages.error(request, "请检查标记的字段。")
    return render(request, "consultations/activity_body_form.html", {"form": form, "body": body})


def _change_page(request, pk, form_class, template, call, success, instance_form=False):
    activity = _managed_activity(request, pk)
    kwargs = {"instance": Activity.objects.get(pk=pk)} if instance_form else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST":
        if form.is_valid():
            try:
                call(activity, form.cleaned_data)
            except (ValidationError, TransitionNotAllowed) as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, success)
                return redirect(activity)
        else:
            messages.error(request, "请检查标记的字段。")
    return render(request, template, {"form": form, "activity": activity})


def activity_edit(request, pk: int):
    return _change_page(
        request,
        pk,
        ActivityEditForm,
        "consultations/activity_edit.html",
        lambda a, d: activity_services.activity_update(activity=a, by=request.user, **d),
        "活动信息已修改,已通知受邀委员。",
        instance_form=True,
    )


def activity_postpone(request, pk: int):
    return _change_page(
        request,
        pk,
        PostponeForm,
        "consultations/activity_postpone.html",
        lambda a, d: activity_services.activity_postpone(activity=a, by=request.user, **d),
        "活动已延期,已通知受邀委员。",
    )


def activity_cancel(request, pk: int):
    return _change_page(
        request,
        pk,
        CancelForm,
        "consultations/activity_cancel.html",
        lambda a, d: activity_services.activity_cancel(activity=a, by=request.user, **d),
        "活动已取消,已通知受邀委员。",
    )


def activity_invite_pick(request, pk: int):
    return _change_page(
        request,
        pk,
        PickInviteForm,
        "consultations/activity_invite_pick.html",
        lambda a, d: services.activity_invite(activity=a, members=d["members"], by=request.user),
        "邀请已发出。",
    )
