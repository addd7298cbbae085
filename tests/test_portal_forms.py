"""The portal's forms (cppcc/forms.py): required messages name the field; the date input
(cppcc/widgets.py) takes 2026-11-30 in its usual spellings and always shows Y-m-d; dates display
as 2026-11-30 through the zh_Hans format module."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation

from cppcc import forms
from cppcc.widgets import DateInput, normalize_date_text
from members.models import DutyEvent
from tests import factories


class Sample(forms.Form):
    title = forms.CharField(label="标题")
    count = forms.IntegerField(label="件数")
    kind = forms.ChoiceField(label="类别", choices=[("", "请选择"), ("a", "甲")])
    tags = forms.MultipleChoiceField(label="标签", choices=[("a", "甲")])
    agree = forms.BooleanField(label="已阅读须知")
    on = forms.DateField(label="走访日期")
    file = forms.FileField(label="附件")
    own = forms.CharField(label="理由", error_messages={"required": "请写明理由。"})
    token = forms.CharField(widget=forms.HiddenInput)
    optional = forms.CharField(label="备注", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["count"].label = "提案件数"  # changed after the base's __init__: still named


def test_required_messages_name_the_field_by_kind():
    with translation.override("zh-hans"):
        errors = Sample(data={}, files={}).errors
    assert errors["title"] == ["请填写「标题」。"]
    assert errors["count"] == ["请填写「提案件数」。"]
    assert errors["kind"] == ["请选择「类别」。"]
    assert errors["tags"] == ["请选择「标签」。"]
    assert errors["agree"] == ["请选择「已阅读须知」。"]
    assert errors["on"] == ["请选择「走访日期」。"]
    assert errors["file"] == ["请上传「附件」。"]
    assert errors["own"] == ["请写明理由。"]  # a form's own message stays
    assert errors["token"] == ["页面内容不完整,请刷新页面后重试。"]
    assert "optional" not in errors
    assert not any("这个字段是必填项" in m for ms in errors.values() for m in ms)


@pytest.mark.django_db
def test_model_form_and_django_auth_forms_name_their_fields():
    from consultations.forms import DocumentForm
    from members.forms import LoginForm, PasswordChangeForm

    with translation.override("zh-hans"):
        doc = DocumentForm(data={}, files={}).errors
        login = LoginForm(data={}).errors
        password = PasswordChangeForm(factories.StaffUserFactory(), data={}).errors
    assert doc["title"] == ["请填写「标题」。"] and doc["date"] == ["请选择「日期」。"]
    assert login == {"username": ["请填写「用户名」。"], "password": ["请填写「密码」。"]}
    assert password["old_password"] == ["请填写「旧密码」。"]


def test_every_app_defines_its_forms_on_the_portal_base():
    import importlib

    modules = [
        "proposals.forms",
        "proposals.quickreports.forms",
        "consultations.forms",
        "consultations.activity_edit",
        "consultations.meetings.forms",
        "consultations.participation.forms",
        "members.forms",
        "members.briefing.forms",
        "members.bodies.forms",
        "members.channels.forms",
        "members.channels.auth_forms",
        "reports.forms",
    ]
    from django import forms as django_forms

    for name in modules:
        module = importlib.import_module(name)
        assert module.forms is forms, name
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, django_forms.BaseForm)
                and value.__module__ == name
            ):
                assert issubclass(value, forms.PortalFormMixin), f"{name}.{value.__name__}"


@pytest.mark.parametrize(
    "typed",
    [
        "2026-11-30",
        "2026/11/30",
        "20261130",
        "2026年11月30日",
        " 2026-11-30 ",
        "２０２６－１１－３０",
        "2026.11.30",
    ],
)
def test_date_input_accepts_the_usual_spellings(typed):
    class F(forms.Form):
        on = forms.DateField(label="日期")

    form = F(data={"on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == dt.date(2026, 11, 30)
    assert 'value="2026-11-30"' in str(form["on"])


def test_date_input_renders_y_m_d_and_says_what_is_wrong():
    class F(forms.Form):
        on = forms.DateField(label="采用日期", widget=forms.DateInput(attrs={"type": "date"}))

    assert isinstance(F().fields["on"].widget, DateInput)  # the base replaces a per-field date input
    html = str(F(initial={"on": dt.date(2026, 1, 5)})["on"])
    assert 'type="text"' in html and 'value="2026-01-05"' in html and 'inputmode="numeric"' in html
    assert 'placeholder="2026-11-30"' in html and 'type="date"' in html  # the picker beside it has no name
    assert "js/date-input.js" in html and "<script>" not in html
    with translation.override("zh-hans"):
        bad = F(data={"on": "2026-02-30"})
        assert bad.errors["on"] == ["「采用日期」不是有效的日期,请按 2026-11-30 的格式填写。"]
    assert 'value="2026-02-30"' in str(bad["on"])  # what was typed is shown back
    assert normalize_date_text("2026/2/3") == "2026-02-03"
    assert normalize_date_text("明天") == "明天"


def test_dates_display_as_y_m_d():
    day, moment = dt.date(2026, 11, 30), dt.datetime(2026, 11, 30, 9, 5)
    with translation.override("zh-hans"):
        assert formats.date_format(day) == "2026-11-30"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "2026-11-30"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "2026-11-30 09:05"
        rendered = Template('{{ d }}|{{ d|date }}|{{ d|date:"Y年n月j日" }}').render(Context({"d": day}))
    assert rendered == "2026-11-30|2026-11-30|2026年11月30日"  # a print's explicit 年月日 stays


@pytest.mark.django_db
def test_a_date_typed_in_chinese_is_kept_on_error_saved_and_shown_as_y_m_d(client_for, staff_user):
    member = factories.MemberFactory()
    client = client_for(staff_user)
    url = reverse("members:duty_bulk_add")
    data = {"kind": "", "date": "2026年11月30日", "title": "送医下乡", "members": [member.pk]}
    page = client.post(url, data).content.decode()
    assert "请选择「履职事项」。" in page and 'value="2026-11-30"' in page
    client.post(url, {**data, "kind": "countryside", "date": "20261130"})
    event = DutyEvent.objects.get(member=member, kind_id="countryside")
    assert event.date == dt.date(2026, 11, 30)
    assert "2026-11-30" in client.get(reverse("members:duty_record", args=[member.pk])).content.decode()
