"""Forms validate shape only; business rules live in services."""

from __future__ import annotations

import datetime as dt

from captcha.fields import CaptchaField
from django.utils import timezone

from consultations.models import Activity, PlanTopic
from cppcc import forms
from members.models import SpecialCommittee

from .models import Audience, Question

KIND_WORDS = {"单选": "single", "多选": "multiple", "评分": "rating", "文字": "text"}


class CallForm(forms.Form):
    year = forms.IntegerField(label="议题年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="征集名称", max_length=200)
    description = forms.CharField(label="征集说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="截止日期")
    open_to_members = forms.BooleanField(label="委员可荐题", required=False, initial=True)
    open_to_units = forms.BooleanField(label="承办单位可报题(党委政府点题)", required=False)
    open_to_public = forms.BooleanField(label="向社会公开征集(群众出题)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year + 1
        self.fields["deadline"].initial = today + dt.timedelta(days=30)


STAFF_SOURCES = [(v, label) for v, label in PlanTopic.Source.choices if v != PlanTopic.Source.PUBLIC]


class SubmissionForm(forms.Form):
    title = forms.CharField(label="议题", max_length=200)
    reason = forms.CharField(
        label="理由(现状、问题和建议协商的方向)", widget=forms.Textarea(attrs={"rows": 4})
    )


class StaffSubmissionForm(SubmissionForm):
    source = forms.ChoiceField(label="来源", choices=STAFF_SOURCES, initial=PlanTopic.Source.COMMITTEE)
    body_name = forms.CharField(label="提出单位或组织(如某专委会)", max_length=200, required=False)


class PublicIdentityForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="联系电话(仅供工作人员联系,不公开)", max_length=20)


class PublicSubmissionForm(PublicIdentityForm):
    title = forms.CharField(label="议题", max_length=200)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 4}))
    captcha = CaptchaField(label="验证码", error_messages={"invalid": "验证码不正确,请重新输入。"})


class PublicOpinionForm(PublicIdentityForm):
    text = forms.CharField(label="您的意见", widget=forms.Textarea(attrs={"rows": 4}))
    captcha = CaptchaField(label="验证码", error_messages={"invalid": "验证码不正确,请重新输入。"})


class PublicCaptchaForm(PublicIdentityForm):
    captcha = CaptchaField(label="验证码", error_messages={"invalid": "验证码不正确,请重新输入。"})


class OpinionForm(forms.Form):
    text = forms.CharField(label="书面意见", widget=forms.Textarea(attrs={"rows": 4}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=300)


class DeliberationForm(forms.Form):
    activity = forms.ModelChoiceField(label="协商活动", queryset=Activity.objects.none())
    audience = forms.ChoiceField(
        label="参与范围",
        choices=[(v, label) for v, label in Audience.choices if v != Audience.COMMITTEE],
        initial=Audience.INVITED,
        help_text="向社会公众开放仅限公开的协商活动",
    )
    closes_on = forms.DateField(label="截止日期", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        since = timezone.localdate() - dt.timedelta(days=400)
        self.fields["activity"].queryset = (
            Activity.objects.filter(date__gte=since).select_related("kind").order_by("-date", "-id")
        )


class ResultForm(forms.Form):
    summary = forms.CharField(label="协商成果(将在公开页面发布)", widget=forms.Textarea(attrs={"rows": 5}))


class SurveyForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    audience = forms.ChoiceField(
        label="对象", choices=[(v, label) for v, label in Audience.choices if v != Audience.INVITED]
    )
    special_committee = forms.ModelChoiceField(
        label="专委会(对象为专委会委员时)", queryset=SpecialCommittee.objects.all(), required=False
    )
    replace_allowed = forms.BooleanField(label="允许重新作答(新答卷覆盖旧答卷)", required=False)
    closes_on = forms.DateField(label="截止日期", required=False)
    questions = forms.CharField(
        label="题目",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="每题一行“题型|题目”,题型为 单选、多选、评分、文字;选项写在题目下方,每行以“-”开头。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_questions(self) -> list[dict]:
        questions: list[dict] = []
        for number, line in enumerate(self.cleaned_data["questions"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            if line.startswith("-"):
                if not questions:
                    raise forms.ValidationError(f"第{number}行:选项前需要先写题目。")
                questions[-1]["choices"].append(line[1:].strip())
                continue
            word, _, text = line.partition("|")
            kind = KIND_WORDS.get(word.strip())
            if kind is None or not text.strip():
                raise forms.ValidationError(f"第{number}行应写成“题型|题目”,题型为单选、多选、评分或文字。")
            questions.append({"kind": kind, "text": text.strip(), "choices": []})
        if not questions:
            raise forms.ValidationError("请至少添加一道题目。")
        return questions


class RankingVoteForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    pick_count = forms.IntegerField(label="推选数量", min_value=1, max_value=200, initial=15)
    closes_on = forms.DateField(label="截止日期", required=False)


class MergeForm(forms.Form):
    into = forms.IntegerField(label="合并到(议题编号)", min_value=1)


def answers_from_post(questions: list[Question], data) -> dict[int, object]:
    """Read a rendered answer form back: q<ID> (one value or several), as the browser sends them."""
    answers: dict[int, object] = {}
    for q in questions:
        name = f"q{q.pk}"
        if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            answers[q.pk] = data.getlist(name)
        else:
            answers[q.pk] = data.get(name, "")
    return answers
