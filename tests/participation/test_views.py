import datetime as dt

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.urls import reverse

from consultations.models import PlanTopic
from consultations.participation import services
from consultations.participation.models import (
    Audience,
    Deliberation,
    Opinion,
    Survey,
    SurveyResponse,
    TopicCall,
    TopicSubmission,
)
from tests import factories as f
from tests.factories.participation import DeliberationFactory, TopicCallFactory, TopicSubmissionFactory

from .browser import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


def _captcha(data: dict) -> dict:
    data["captcha_1"] = CaptchaStore.objects.get(hashkey=data["captcha_0"]).response
    return data


# --- forms submitted as a browser would -------------------------------------------------------------
def test_staff_open_a_call_through_the_form(client_for, staff_user):
    client = client_for(staff_user)
    page = client.get(reverse("participation:call_create")).content.decode()
    data = form_data(
        page, title="2021年民生实事项目征集", open_to_public="on", deadline="2030-12-31", year="2021"
    )
    response = client.post(reverse("participation:call_create"), data)
    call = TopicCall.objects.get()
    assert response.status_code == 302 and call.open_to_public and call.open_to_members and call.year == 2021


def test_member_submits_a_topic_through_the_form_and_staff_adopt_it(client_for, member_user, staff_user):
    call = TopicCallFactory(open_to_members=True)
    client = client_for(member_user)
    page = client.get(call.get_absolute_url()).content.decode()
    data = form_data(
        page, action_contains="/submit/", **{"s-title": "城乡公交一体化", "s-reason": "村里公交班次少"}
    )
    assert client.post(reverse("participation:topic_submit", args=[call.pk]), data).status_code == 302
    submission = TopicSubmission.objects.get()
    assert submission.source == "member" and submission.author == member_user
    # empty reason: refused, what was typed stays on the page
    data = form_data(page, action_contains="/submit/", **{"s-title": "只有题目", "s-reason": ""})
    response = client.post(reverse("participation:topic_submit", args=[call.pk]), data)
    assert response.status_code == 400 and "只有题目" in response.content.decode()
    assert TopicSubmission.objects.count() == 1
    # staff see the list and adopt the topic through its button
    client = client_for(staff_user)
    page = client.get(call.get_absolute_url()).content.decode()
    data = form_data(page, action_contains=f"/topics/{submission.pk}/adopt/")
    client.post(reverse("participation:submission_action", args=[submission.pk, "adopt"]), data)
    assert PlanTopic.objects.get().source == "member"


def test_staff_enter_a_committee_topic_with_its_source(client_for, staff_user):
    call = TopicCallFactory()
    client = client_for(staff_user)
    page = client.get(call.get_absolute_url()).content.decode()
    data = form_data(
        page,
        action_contains="/submit/",
        **{"s-title": "数字经济", "s-reason": "调研发现", "s-source": "party_government"},
    )
    client.post(reverse("participation:topic_submit", args=[call.pk]), data)
    assert TopicSubmission.objects.get().source == "party_government"


def test_survey_created_and_answered_through_the_forms(client_for, staff_user, member_user):
    client = client_for(staff_user)
    page = client.get(reverse("participation:survey_create")).content.decode()
    text = "单选|总体满意度\n- 满意\n- 不满意\n多选|希望加强\n- 培训\n- 调研\n评分|打分\n文字|其他建议"
    data = form_data(page, title="满意度调查", audience="members", questions=text)
    response = client.post(reverse("participation:survey_create"), data)
    survey = Survey.objects.get()
    assert response.status_code == 302 and survey.questions.count() == 4
    bad = form_data(page, title="坏问卷", audience="members", questions="判断|对不对")
    response = client.post(reverse("participation:survey_create"), bad)
    assert "题型为单选" in response.content.decode() and Survey.objects.count() == 1

    client = client_for(member_user)
    page = client.get(survey.get_absolute_url()).content.decode()
    q = {x.order: x for x in survey.questions.prefetch_related("choices")}
    data = form_data(
        page,
        **{
            f"q{q[1].pk}": str(q[1].choices.first().pk),
            f"q{q[2].pk}": [str(c.pk) for c in q[2].choices.all()],
            f"q{q[3].pk}": "4",
            f"q{q[4].pk}": "多组织培训",
        },
    )
    assert client.post(survey.get_absolute_url(), data).status_code == 302
    answer = SurveyResponse.objects.get().answers.get(question=q[2])
    assert answer.choices.count() == 2
    # answering again is refused (the first stands) and the page says so
    response = client.post(survey.get_absolute_url(), data)
    assert response.status_code in (400, 403)
    assert SurveyResponse.objects.count() == 1


def test_a_missing_answer_keeps_what_was_chosen(client_for, staff_user, member_user):
    survey = services.survey_create(
        by=staff_user,
        title="t",
        year=2021,
        audience=Audience.MEMBERS,
        questions=[
            {"kind": "single", "text": "一", "choices": ["甲", "乙"]},
            {"kind": "text", "text": "二"},
        ],
    )
    q1, q2 = survey.questions.all()
    client = client_for(member_user)
    page = client.get(survey.get_absolute_url()).content.decode()
    choice = q1.choices.last()
    response = client.post(survey.get_absolute_url(), form_data(page, **{f"q{q1.pk}": str(choice.pk)}))
    html = response.content.decode()
    assert response.status_code == 400 and "请回答第2题" in html
    assert f'value="{choice.pk}" checked' in html
    assert not SurveyResponse.objects.exists()


def test_deliberation_opened_and_posted_through_the_forms(client_for, staff_user, member_user):
    activity = f.ActivityFactory(is_public=True, date=dt.date.today())
    f.InvitationFactory(activity=activity, member=member_user.member)
    client = client_for(staff_user)
    page = client.get(reverse("participation:deliberation_open")).content.decode()
    data = form_data(page, activity=str(activity.pk), audience="invited")
    assert client.post(reverse("participation:deliberation_open"), data).status_code == 302
    d = Deliberation.objects.get()
    client = client_for(member_user)
    page = client.get(d.get_absolute_url()).content.decode()
    data = form_data(page, action_contains="/post/", text="建议在会前公开材料")
    assert client.post(reverse("participation:opinion_post", args=[d.pk]), data).status_code == 302
    first = Opinion.objects.get()
    page = client.get(d.get_absolute_url()).content.decode()
    # the reply form under the opinion
    from .browser import forms_of

    reply_form = [fm for fm in forms_of(page) if ("parent", str(first.pk), "hidden") in fm["fields"]][0]
    reply = {n: v for n, v, _k in reply_form["fields"] if v is not None}
    reply["text"] = "同意,补充一点"
    client.post(reply_form["action"], reply)
    assert Opinion.objects.get(text="同意,补充一点").parent == first
    # staff hide it through the form with a reason
    client = client_for(staff_user)
    page = client.get(d.get_absolute_url()).content.decode()
    data = form_data(page, action_contains=f"/opinions/{first.pk}/hide/", reason="与议题无关")
    client.post(reverse("participation:opinion_action", args=[first.pk, "hide"]), data)
    first.refresh_from_db()
    assert first.moderation == "hidden" and first.moderation_log.get().reason == "与议题无关"


def test_ranking_vote_through_the_forms(client_for, staff_user, member_user):
    call = TopicCallFactory()
    for i in range(4):
        TopicSubmissionFactory(call=call, status="shortlisted", title=f"实事{i}")
    client = client_for(staff_user)
    url = reverse("participation:ranking_create", args=[call.pk])
    page = client.get(url).content.decode()
    assert client.post(url, form_data(page, pick_count="2")).status_code == 302
    vote = Survey.objects.get(kind="ranking")
    question = vote.questions.get()
    client = client_for(member_user)
    page = client.get(vote.get_absolute_url()).content.decode()
    picks = [str(c.pk) for c in question.choices.all()[:2]]
    assert (
        client.post(vote.get_absolute_url(), form_data(page, **{f"q{question.pk}": picks})).status_code == 302
    )
    client = client_for(staff_user)
    page = client.get(reverse("participation:survey_results", args=[vote.pk])).content.decode()
    assert 'id="survey-chart-data"' in page and "<script>" not in page
    data = form_data(page, action_contains="/save-result/")
    client.post(reverse("participation:ranking_save", args=[vote.pk]), data)
    assert TopicSubmission.objects.filter(status="recommended").count() == 2


# --- public forms --------------------------------------------------------------------------------
def test_public_submission_with_captcha_waits_for_moderation(client):
    call = TopicCallFactory()
    url = reverse("participation:public_call", args=[call.pk])
    page = client.get(url).content.decode()
    data = _captcha(
        form_data(page, name="王阿姨", phone="13800001111", title="菜市场停车难", reason="早高峰没有车位")
    )
    response = client.post(url, data)
    assert response.status_code == 302
    s = TopicSubmission.objects.get()
    assert s.moderation == "pending" and s.source == "public"
    page = client.get(url).content.decode()
    assert "菜市场停车难" not in page and "13800001111" not in page


def test_public_submission_wrong_captcha_stores_nothing_and_keeps_the_text(client):
    call = TopicCallFactory()
    url = reverse("participation:public_call", args=[call.pk])
    page = client.get(url).content.decode()
    data = form_data(
        page, name="王阿姨", phone="13800001111", title="菜市场停车难", reason="理由", captcha_1="WRONG"
    )
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400 and "验证码不正确" in html and "菜市场停车难" in html
    assert not TopicSubmission.objects.exists()


def test_public_spam_refused_with_message(client):
    call = TopicCallFactory()
    url = reverse("participation:public_call", args=[call.pk])
    page = client.get(url).content.decode()
    data = _captcha(
        form_data(page, name="推广", phone="13800001111", title="优惠", reason="点击 http://spam.cn")
    )
    response = client.post(url, data)
    assert response.status_code == 400 and "不能包含网址" in response.content.decode()
    assert not TopicSubmission.objects.exists()


def test_public_rate_limit_per_address(client, settings):
    settings.PARTICIPATION_PUBLIC_RATE = (2, 3600)
    call = TopicCallFactory()
    url = reverse("participation:public_call", args=[call.pk])
    for i in range(2):
        page = client.get(url).content.decode()
        data = _captcha(form_data(page, name="甲", phone="13800001111", title=f"题{i}", reason="理由"))
        assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    data = _captcha(form_data(page, name="甲", phone="13800001111", title="第三条", reason="理由"))
    response = client.post(url, data)
    assert response.status_code == 429 and "太频繁" in response.content.decode()
    assert TopicSubmission.objects.count() == 2
    # another address is not limited
    page = client.get(url).content.decode()
    data = _captcha(form_data(page, name="乙", phone="13800002222", title="另一处", reason="理由"))
    assert client.post(url, data, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_public_opinion_and_survey_forms(client):
    d = DeliberationFactory(activity__date=dt.date.today())
    url = reverse("participation:public_deliberation", args=[d.pk])
    page = client.get(url).content.decode()
    data = _captcha(form_data(page, name="市民刘", phone="0579-85551234", text="建议延长图书馆开放时间"))
    assert client.post(url, data).status_code == 302
    assert Opinion.objects.get().moderation == "pending"
    staff = f.StaffUserFactory()
    survey = services.survey_create(
        by=staff,
        title="公众问卷",
        year=2021,
        audience=Audience.PUBLIC,
        questions=[{"kind": "rating", "text": "满意度"}],
    )
    q = survey.questions.get()
    url = reverse("participation:public_survey", args=[survey.pk])
    page = client.get(url).content.decode()
    data = _captcha(form_data(page, name="市民刘", phone="13800003333", **{f"q{q.pk}": "5"}))
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    data = _captcha(form_data(page, name="市民刘", phone="13800003333", **{f"q{q.pk}": "1"}))
    response = client.post(url, data)
    assert response.status_code == 400 and "第一次提交为准" in response.content.decode()
    assert SurveyResponse.objects.get().answers.get().rating == 5


# --- garbage input never answers 500 -------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "/public/replies/?year=abc&category=-1&unit=99999999999999&page=x&q=" + "长" * 200,
        "/public/calls/99999/",
        "/public/surveys/99999/",
        "/public/consultations/99999/",
    ],
)
def test_garbage_public_input(client, url):
    assert client.get(url).status_code in (200, 404)


def test_garbage_internal_input(client_for, staff_user):
    client = client_for(staff_user)
    assert client.get("/participation/figures/?figure=nope&year=x").status_code == 404
    assert client.get("/participation/figures/?figure=topics&year=99999999999").status_code == 404
    assert client.get("/participation/calls/1/?status=<script>").status_code == 404
    call = TopicCallFactory()
    assert client.get(f"/participation/calls/{call.pk}/?status=zzz").status_code == 200
    s = TopicSubmissionFactory(call=call)
    r = client.post(f"/participation/topics/{s.pk}/merge/", {"into": "abc"})
    assert r.status_code == 302 and TopicSubmission.objects.get(pk=s.pk).status == "submitted"
    assert client.post(f"/participation/topics/{s.pk}/explode/").status_code == 404


# --- query counts at two sizes ------------------------------------------------------------------
def _grow(n: int, staff) -> None:
    call = TopicCallFactory()
    d = DeliberationFactory()
    survey = services.survey_create(
        by=staff,
        title=f"问卷{n}",
        year=2021,
        audience=Audience.PUBLIC,
        questions=[
            {"kind": "single", "text": "一", "choices": ["甲", "乙"]},
            {"kind": "rating", "text": "二"},
            {"kind": "text", "text": "三"},
        ],
    )
    for i in range(n):
        member = f.MemberFactory().user
        s = TopicSubmissionFactory(call=call, author=member, status="recommended", recommended_rank=i + 1)
        TopicSubmissionFactory(call=call, merged_into=s, status="merged")
        o = Opinion.objects.create(deliberation=d, author=member, text=f"意见{i}")
        Opinion.objects.create(deliberation=d, author=member, text=f"回复{i}", parent=o)
        q = list(survey.questions.prefetch_related("choices"))
        services.survey_answer(
            survey=survey,
            by=member,
            answers={q[0].pk: [q[0].choices.first().pk], q[1].pk: "3", q[2].pk: "好"},
        )
    d.result_published = True
    d.result_summary = "成果"
    d.save()
    reply = f.AssignmentFactory()
    from proposals.models import Reply, ReplyClass

    p = reply.proposal
    p.number, p.reply_public, p.status = 100 + n, True, "replied"
    p.save()
    Reply.objects.create(
        proposal=p,
        assignment=reply,
        reply_class=ReplyClass.objects.first(),
        text="已解决",
        is_public=True,
        submitted_on=dt.date(2020, 5, 1),
        checked_on=dt.date(2020, 5, 2),
    )
    services.ranking_vote_create  # noqa: B018 (keep import used)


@pytest.mark.parametrize("role", ["staff", "member", "leader"])
def test_internal_lists_constant_queries(make_user, client_for, django_assert_max_num_queries, role):
    staff = f.StaffUserFactory()
    user = make_user(role)
    client = client_for(user)
    _grow(2, staff)
    urls = [
        reverse("participation:index"),
        reverse("participation:deliberation_list"),
        reverse("participation:survey_list"),
        reverse("participation:call_detail", args=[TopicCall.objects.first().pk]),
        reverse("participation:deliberation_detail", args=[Deliberation.objects.first().pk]),
    ]
    if role != "member":
        urls += [
            reverse("participation:survey_results", args=[Survey.objects.first().pk]),
            reverse("participation:figure_list") + "?figure=opinions&year=2020",
            reverse("participation:figure_list") + "?figure=members&year=2021",
        ]
    if role == "staff":
        urls.append(reverse("participation:moderation"))
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(20) as ctx:
            assert client.get(url).status_code in (200, 404), url
        counts[url] = len(ctx.captured_queries)
    _grow(12, staff)
    for url in urls:
        with django_assert_max_num_queries(counts[url]) as ctx:
            client.get(url)


def test_public_pages_constant_queries(client, django_assert_max_num_queries):
    staff = f.StaffUserFactory()
    _grow(2, staff)
    urls = [
        "/public/",
        "/public/calls/",
        "/public/consultations/",
        "/public/results/",
        "/public/replies/?year=2020",
        reverse("participation:public_call", args=[TopicCall.objects.first().pk]),
        reverse("participation:public_deliberation", args=[Deliberation.objects.first().pk]),
        reverse("participation:public_survey", args=[Survey.objects.first().pk]),
    ]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(15) as ctx:
            assert client.get(url).status_code == 200, url
        counts[url] = len(ctx.captured_queries)
    _grow(12, staff)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200
