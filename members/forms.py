from django.conf import settings
from django.contrib.auth import forms as auth_forms

from cppcc import forms

from .models import Role, User


class LoginForm(forms.PortalFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确,请重新输入。注意区分大小写;连续失败 %(limit)s 次将暂时锁定。",
        "inactive": "该账号已停用,请联系政协机关工作人员。",
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )


class PasswordChangeForm(forms.PortalFormMixin, auth_forms.PasswordChangeForm):
    """Django's password change with the portal's field-named messages."""


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="名册文件(.xlsx)", help_text="请使用「下载名册模板」中的表头;身份证号相同的委员将被更新。"
    )

    def clean_file(self):
        from cppcc.uploads import validate_upload

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 Excel(.xlsx)格式的名册。")
        validate_upload(upload)
        return upload


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class DutyBulkAddForm(forms.Form):
    kind = forms.ModelChoiceField(label="履职事项", queryset=None, to_field_name="code", empty_label="请选择")
    date = forms.DateField(label="日期")
    title = forms.CharField(
        label="内容", max_length=300, help_text="如:十三届五次会议大会发言、委员履职能力培训班"
    )
    members = forms.ModelMultipleChoiceField(
        label="委员",
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="可按住 Ctrl 多选",
    )
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        from . import conf
        from .models import DutyRule, Member

        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = DutyRule.objects.filter(code__in=conf.MANUAL_DUTY_KINDS)
        self.fields["members"].queryset = Member.objects.filter(is_active=True).order_by("name")


class DutyRulesApplyForm(forms.Form):
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, required=False, help_text="留空则重算所有年度"
    )


class SelfReportForm(forms.Form):
    text = forms.CharField(label="述职报告", widget=forms.Textarea(attrs={"rows": 16}), max_length=20000)


class SelfReportReviewForm(forms.Form):
    comment = forms.CharField(
        label="审阅意见", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000
    )


class InstructionRequestForm(forms.Form):
    """报请领导批示 (the action of 社情民意 and consultation suggestions): which leaders, and why."""

    leaders = forms.ModelMultipleChoiceField(
        label="报请领导",
        queryset=User.objects.filter(role=Role.LEADER, is_active=True).order_by("name", "id"),
        widget=forms.SelectMultiple(attrs={"size": 5}),
        error_messages={"required": "请选择报请批示的领导。", "invalid_choice": "所选领导不存在。"},
        help_text="按住 Ctrl(苹果电脑为 ⌘)可选择多位领导。每位领导只收到一次提醒,已报请过的不会重复提醒。",
    )
    note = forms.CharField(
        label="报请说明", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
