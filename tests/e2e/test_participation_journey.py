"""Participation in the browser: the 民生实事 journey (staff open a call, three members and one
citizen submit, staff shortlist into a ranking vote, members vote, the top items are saved), and
axe-core on every public page and every participation page, forms with errors included."""

import datetime as dt
import re

import pytest
from captcha.models import CaptchaStore
from django.urls import reverse
from playwright.sync_api import expect

from consultations.participation import services
from consultations.participation.models import Audience, Survey, TopicCall, TopicSubmission
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TOPIC_LABEL = re.compile(r"^议题( \*)?$")  # not 议题年度
TOPICS = [
    ("推进老旧小区加装电梯", "老人上下楼难,居民意愿强。"),
    ("优化城乡公交线路和班次", "部分行政村公交班次少。"),
    ("建设社区居家养老服务中心", "居家养老服务供给不足。"),
]


def _fill_captcha(page) -> None:
    key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_label("验证码").fill(CaptchaStore.objects.get(hashkey=key).response)


def test_livelihood_call_to_recommendation(page, login, shot, axe):
    factories.StaffUserFactory(username="j_staff")
    for i in range(3):
        factories.MemberFactory(user__username=f"j_member{i}", name=f"委员{i}", user__name=f"委员{i}")

    # staff open the call, open to the public
    login("j_staff")
    page.goto(reverse("participation:index"))
    page.get_by_role("link", name="发起议题征集").click()
    page.get_by_label("征集名称").fill("2021年民生实事项目征集")
    page.get_by_label("议题年度").fill("2021")
    page.get_by_label("截止日期").fill((dt.date.today() + dt.timedelta(days=20)).isoformat())
    page.get_by_label("向社会公开征集(群众出题)").check()
    shot("participation-01-call-form")
    page.get_by_role("button", name="发布征集").click()
    expect(page.get_by_role("heading", name="2021年民生实事项目征集")).to_be_visible()
    call = TopicCall.objects.get()

    # three members recommend topics (one on a phone)
    for i, (title, reason) in enumerate(TOPICS):
        login(f"j_member{i}")
        if i == 2:
            page.set_viewport_size({"width": 375, "height": 800})
        page.goto(call.get_absolute_url())
        page.get_by_label(TOPIC_LABEL).fill(title)
        page.get_by_label("理由").fill(reason)
        page.get_by_role("button", name="提交议题").click()
        expect(page.get_by_text("议题已提交")).to_be_visible()
        if i == 2:
            shot("participation-02-member-phone")
            box = page.get_by_role("button", name="提交议题").bounding_box()
            assert box["height"] >= 44  # touch target (static/participation/participation.css)
            page.set_viewport_size({"width": 1280, "height": 900})

    # a citizen submits on the public page, without logging in
    page.context.clear_cookies()
    page.goto(reverse("participation:public_index"))
    page.get_by_role("link", name="2021年民生实事项目征集").first.click()
    page.get_by_label("姓名").fill("王阿姨")
    page.get_by_label("联系电话").fill("13800001111")
    page.get_by_label(TOPIC_LABEL).fill("菜市场早上停车难")
    page.get_by_label("理由").fill("早高峰菜场门口没有车位。")
    page.get_by_label("验证码").fill("WRONG")
    page.get_by_role("button", name="提交议题").click()
    expect(page.get_by_text("验证码不正确")).to_be_visible()
    axe("public call form with an error")
    expect(page.get_by_label(TOPIC_LABEL)).to_have_value("菜市场早上停车难")
    _fill_captcha(page)
    page.get_by_role("button", name="提交议题").click()
    expect(page.get_by_text("经工作人员审核后公开")).to_be_visible()
    expect(page.get_by_text("菜市场早上停车难")).to_have_count(0)
    shot("participation-03-citizen")

    # staff publish it, shortlist all four and open the ranking vote
    login("j_staff")
    page.goto(reverse("participation:moderation"))
    page.get_by_role("button", name="审核通过").click()
    page.goto(call.get_absolute_url())
    for _ in range(4):
        page.get_by_role("button", name="入围", exact=True).first.click()
    assert TopicSubmission.objects.filter(status="shortlisted").count() == 4
    shot("participation-04-shortlist")
    page.get_by_role("link", name="用入围议题发起推选投票").click()
    page.get_by_label("推选数量").fill("2")
    page.get_by_role("button", name="发起投票").click()
    vote = Survey.objects.get(kind="ranking")

    # members vote
    ballots = [[0, 1], [0, 3], [3]]
    for i, picks in enumerate(ballots):
        login(f"j_member{i}")
        page.goto(vote.get_absolute_url())
        labels = [TOPICS[0][0], TOPICS[1][0], TOPICS[2][0], "菜市场早上停车难"]
        for p in picks:
            page.get_by_label(labels[p]).check()
        page.get_by_role("button", name="投票").click()
        expect(page.get_by_text("答卷已提交")).to_be_visible()
    shot("participation-05-vote")

    # staff see the chart and save the top two as the committee's recommendation
    login("j_staff")
    page.goto(reverse("participation:survey_results", args=[vote.pk]))
    expect(page.locator("#chart-" + str(vote.questions.get().pk) + " canvas")).to_have_count(1)
    shot("participation-06-results")
    page.get_by_role("button", name="保存前2项为政协推荐结果").click()
    expect(page.get_by_role("heading", name="政协推荐结果(2项)")).to_be_visible()
    shot("participation-07-recommended")
    ranked = list(TopicSubmission.objects.filter(status="recommended").order_by("recommended_rank"))
    assert [s.title for s in ranked] == [TOPICS[0][0], "菜市场早上停车难"]


def _data():
    staff = factories.StaffUserFactory(username="x_staff")
    member = factories.MemberFactory(user__username="x_member", name="韩梅", user__name="韩梅")
    call = services.call_create(
        by=staff,
        year=2021,
        title="公开征集",
        deadline=dt.date.today() + dt.timedelta(days=5),
        open_to_public=True,
    )
    s = services.public_submission_create(
        call=call, name="甲", phone="13800000001", title="公开议题", reason="r"
    )
    services.submission_moderate(submission=s, by=staff, publish=True)
    services.submission_create(call=call, by=member.user, title="委员荐题", reason="理由")
    activity = factories.ActivityFactory(is_public=True, topic="请你来协商:城市更新", date=dt.date.today())
    factories.InvitationFactory(activity=activity, member=member)
    d = services.deliberation_open(activity=activity, by=staff, audience=Audience.PUBLIC)
    o = services.opinion_post(deliberation=d, by=member.user, text="建议先做居民意愿调查。")
    services.opinion_post(deliberation=d, by=member.user, text="补充:分批推进。", parent=o)
    services.deliberation_publish_result(deliberation=d, by=staff, summary="形成建议5条。")
    q = [
        {"kind": "single", "text": "满意吗", "choices": ["满意", "不满意"]},
        {"kind": "rating", "text": "打分"},
        {"kind": "text", "text": "建议", "required": False},
    ]
    survey = services.survey_create(
        by=staff, title="公众问卷", year=2021, audience=Audience.PUBLIC, questions=q
    )
    qs = list(survey.questions.prefetch_related("choices"))
    services.survey_answer(
        survey=survey,
        by=member.user,
        answers={qs[0].pk: [qs[0].choices.first().pk], qs[1].pk: "4", qs[2].pk: "好"},
    )
    return {"call": call, "deliberation": d, "survey": survey}


def test_every_public_and_participation_page_passes_axe(page, login, axe):
    data = _data()
    public_pages = [
        reverse("participation:public_index"),
        reverse("participation:public_calls"),
        reverse("participation:public_call", args=[data["call"].pk]),
        reverse("participation:public_deliberations"),
        reverse("participation:public_deliberation", args=[data["deliberation"].pk]),
        reverse("participation:public_results"),
        reverse("participation:public_replies"),
        reverse("participation:public_survey", args=[data["survey"].pk]),
    ]
    failures = []

    def check(url, context):
        response = page.goto(url)
        assert response.status == 200, (context, url)
        try:
            axe(f"{context} {url}")
        except AssertionError as exc:
            failures.append(str(exc))

    for url in public_pages:
        check(url, "anon")
    page.goto(public_pages[4])
    page.get_by_role("button", name="提交意见").click()  # empty: errors beside the fields
    try:
        axe("public opinion form with errors")
    except AssertionError as exc:
        failures.append(str(exc))
    login("x_staff")
    d, s, c = data["deliberation"].pk, data["survey"].pk, data["call"].pk
    for url in [
        reverse("participation:index"),
        reverse("participation:call_create"),
        reverse("participation:call_detail", args=[c]),
        reverse("participation:ranking_create", args=[c]),
        reverse("participation:deliberation_list"),
        reverse("participation:deliberation_open"),
        reverse("participation:deliberation_detail", args=[d]),
        reverse("participation:moderation"),
        reverse("participation:survey_list"),
        reverse("participation:survey_create"),
        reverse("participation:survey_detail", args=[s]),
        reverse("participation:survey_results", args=[s]),
        reverse("participation:figure_list") + "?figure=topics&year=2021",
    ]:
        check(url, "staff")
    login("x_member")
    for url in [
        reverse("participation:index"),
        reverse("participation:call_detail", args=[c]),
        reverse("participation:deliberation_detail", args=[d]),
        reverse("participation:survey_list"),
        reverse("participation:survey_detail", args=[s]),
    ]:
        check(url, "member")
    assert not failures, "\n\n".join(failures)
