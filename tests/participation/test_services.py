import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from consultations.models import PlanTopic, Suggestion
from consultations.participation import selectors, services
from consultations.participation.models import (
    Audience,
    ModerationRecord,
    ModerationState,
    Opinion,
    SurveyResponse,
    TopicSubmission,
)
from tests import factories as f
from tests.factories.participation import DeliberationFactory, TopicCallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return f.StaffUserFactory()


@pytest.fixture
def member():
    return f.MemberFactory().user


def test_sources_follow_the_submitter_and_survive_into_the_plan(staff, member):
    unit = f.UnitUserFactory()
    call = services.call_create(
        by=staff,
        year=2021,
        title="2021年度协商议题征集",
        deadline=dt.date.today(),
        open_to_units=True,
        open_to_public=True,
    )
    mine = services.submission_create(call=call, by=member, title="加装电梯", reason="老人上下楼难")
    units = services.submission_create(call=call, by=unit, title="营商环境", reason="市政府点题")
    ours = services.submission_create(
        call=call, by=staff, title="数字化改革", reason="专委会调研", source="committee", body_name="经济委"
    )
    citizen = services.public_submission_create(
        call=call, name="王大妈", phone="13800000001", title="菜场停车难", reason="早上停车位太少"
    )
    services.submission_moderate(submission=citizen, by=staff, publish=True)
    expected = {mine: "member", units: "party_government", ours: "committee", citizen: "public"}
    for submission, source in expected.items():
        topic = services.submission_adopt(submission=submission, by=staff)
        assert topic.source == source and topic.year == 2021
        submission.refresh_from_db()
        assert submission.plan_topic == topic and submission.status == TopicSubmission.Status.ADOPTED
    assert PlanTopic.objects.get(title="加装电梯").proposer_member == member.member
    # the plan shows the sources from data
    by_source = dict(PlanTopic.objects.filter(year=2021).values_list("source", "title"))
    assert set(by_source) == {"member", "party_government", "committee", "public"}
    with pytest.raises(ValidationError, match="已转为计划议题"):
        services.submission_adopt(submission=mine, by=staff)


def test_only_staff_manage_and_closed_calls_refuse(staff, member):
    call = TopicCallFactory(open_to_members=True)
    with pytest.raises(PermissionDenied):
        services.call_create(by=member, year=2021, title="x", deadline=dt.date.today())
    s = services.submission_create(call=call, by=member, title="题", reason="因")
    for fn in (
        lambda: services.submission_shortlist(submission=s, by=member),
        lambda: services.submission_adopt(submission=s, by=member),
        lambda: services.call_close(call=call, by=member),
    ):
        with pytest.raises(PermissionDenied):
            fn()
    services.call_close(call=call, by=staff)
    with pytest.raises(PermissionDenied):
        services.submission_create(call=call, by=member, title="晚了", reason="因")
    unit = f.UnitUserFactory()
    with pytest.raises(PermissionDenied):  # not open to units
        services.submission_create(call=TopicCallFactory(), by=unit, title="题", reason="因")


def test_merge_duplicates_counts_once_and_follows_the_master(staff, member):
    call = TopicCallFactory()
    a, b, c = (services.submission_create(call=call, by=member, title=t, reason="r") for t in "ABC")
    services.submission_merge(submission=b, into=a, by=staff)
    services.submission_merge(submission=a, into=c, by=staff)
    b.refresh_from_db()
    assert b.merged_into == c  # a merged master takes its duplicates along
    with pytest.raises(ValidationError):
        services.submission_merge(submission=c, into=a, by=staff)
    with pytest.raises(ValidationError):
        services.submission_merge(
            submission=c,
            into=TopicSubmission.objects.create(
                call=TopicCallFactory(), source="member", title="x", reason="y"
            ),
            by=staff,
        )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reason", "详见 http://spam.example.com 优惠", "网址"),
        ("reason", "加微信 www.abc.cn", "网址"),
        ("title", "题" * 101, "不能超过100字"),
        ("reason", "长" * 1001, "不能超过1000字"),
        ("phone", "12345", "电话"),
        ("name", "", "姓名"),
    ],
)
def test_public_submission_refuses_spam_and_long_text_storing_nothing(field, value, message):
    call = TopicCallFactory()
    data = {"name": "李先生", "phone": "13800000002", "title": "修路", "reason": "路太窄", field: value}
    with pytest.raises(ValidationError, match=message):
        services.public_submission_create(call=call, **data)
    assert not TopicSubmission.objects.exists()


def test_public_submission_waits_for_moderation_and_only_where_opened(staff):
    closed_to_public = TopicCallFactory(open_to_public=False)
    with pytest.raises(ValidationError):
        services.public_submission_create(
            call=closed_to_public, name="张", phone="13800000003", title="t", reason="r"
        )
    call = TopicCallFactory()
    s = services.public_submission_create(call=call, name="张", phone="13800000003", title="t", reason="r")
    assert s.moderation == ModerationState.PENDING
    assert list(selectors.public_submissions(call=call)) == []
    with pytest.raises(ValidationError, match="理由"):
        services.submission_moderate(submission=s, by=staff, publish=False)
    services.submission_moderate(submission=s, by=staff, publish=True)
    assert list(selectors.public_submissions(call=call)) == [s]


@pytest.fixture
def deliberation(member):
    d = DeliberationFactory(audience=Audience.INVITED, activity__date=dt.date.today() + dt.timedelta(days=3))
    f.InvitationFactory(activity=d.activity, member=member.member)
    return d


def test_invited_members_post_and_reply_one_level(deliberation, member, staff):
    other = f.MemberFactory().user
    with pytest.raises(PermissionDenied):  # not invited
        services.opinion_post(deliberation=deliberation, by=other, text="我也想说")
    first = services.opinion_post(deliberation=deliberation, by=member, text="建议增加停车位")
    f.InvitationFactory(activity=deliberation.activity, member=other.member)
    reply = services.opinion_post(deliberation=deliberation, by=other, text="同意", parent=first)
    nested = services.opinion_post(deliberation=deliberation, by=member, text="谢谢", parent=reply)
    assert reply.parent == first and nested.parent == first and not first.after_session
    services.deliberation_open(activity=deliberation.activity, by=staff, audience=Audience.MEMBERS)
    third = f.MemberFactory().user
    services.opinion_post(deliberation=deliberation, by=third, text="全体委员可参与")
    services.deliberation_open(
        activity=deliberation.activity, by=staff, audience=Audience.MEMBERS, is_open=False
    )
    with pytest.raises(PermissionDenied):
        services.opinion_post(deliberation=deliberation, by=member, text="关闭后")


def test_public_only_for_open_consultations(staff):
    private = f.ActivityFactory(is_public=False)
    with pytest.raises(ValidationError, match="公开的协商活动"):
        services.deliberation_open(activity=private, by=staff, audience=Audience.PUBLIC)


def test_hidden_post_is_hidden_everywhere_with_its_reason_kept(deliberation, member, staff, client):
    services.deliberation_open(activity=deliberation.activity, by=staff, audience=Audience.PUBLIC)
    keep = services.opinion_post(deliberation=deliberation, by=member, text="保留的意见")
    bad = services.opinion_post(deliberation=deliberation, by=member, text="跑题的广告内容")
    with pytest.raises(ValidationError):
        services.opinion_hide(opinion=bad, by=staff, reason="  ")
    with pytest.raises(PermissionDenied):
        services.opinion_hide(opinion=bad, by=member, reason="x")
    services.opinion_hide(opinion=bad, by=staff, reason="与议题无关")
    record = ModerationRecord.objects.get(opinion=bad)
    assert (record.by, record.reason, record.action) == (staff, "与议题无关", "hide") and record.at
    assert [o.pk for o in selectors.opinion_threads(deliberation=deliberation)] == [keep.pk]
    assert list(selectors.export_opinions(deliberation=deliberation)) == [keep]
    page = client.get(f"/public/consultations/{deliberation.pk}/").content.decode()
    assert "保留的意见" in page and "跑题的广告内容" not in page
    client.force_login(member)
    page = client.get(f"/participation/deliberations/{deliberation.pk}/").content.decode()
    assert "保留的意见" in page and "跑题的广告内容" not in page
    client.force_login(staff)
    import io

    from openpyxl import load_workbook

    export = client.get(f"/participation/deliberations/{deliberation.pk}/export/")
    cells = {c.value for row in load_workbook(io.BytesIO(export.content)).active.iter_rows() for c in row}
    assert "保留的意见" in cells and "跑题的广告内容" not in cells


def test_opinion_becomes_a_suggestion_through_the_core_service(deliberation, member, staff):
    o = services.opinion_post(deliberation=deliberation, by=member, text="建议设立夜间公交线路")
    suggestion = services.opinion_to_suggestion(opinion=o, by=staff)
    o.refresh_from_db()
    assert o.suggestion == suggestion and suggestion.activity == deliberation.activity
    assert suggestion.events.filter(action="create").exists()  # written by consultations.services
    with pytest.raises(ValidationError):
        services.opinion_to_suggestion(opinion=o, by=staff)
    assert Suggestion.objects.count() == 1


def _survey(staff, **kwargs):
    return services.survey_create(
        by=staff,
        title="委员履职服务满意度调查",
        year=2021,
        audience=kwargs.pop("audience", Audience.MEMBERS),
        questions=[
            {"kind": "single", "text": "总体满意度", "choices": ["满意", "一般", "不满意"]},
            {"kind": "multiple", "text": "希望加强的方面", "choices": ["培训", "调研", "协商"]},
            {"kind": "rating", "text": "评分"},
            {"kind": "text", "text": "其他建议", "required": False},
        ],
        **kwargs,
    )


def _answers(survey, single=0, rating=5, text="无"):
    qs = list(survey.questions.prefetch_related("choices"))
    return {
        qs[0].pk: [qs[0].choices.all()[single].pk],
        qs[1].pk: [c.pk for c in qs[1].choices.all()[:2]],
        qs[2].pk: str(rating),
        qs[3].pk: text,
    }


def test_one_answer_per_person_first_stands_unless_replace_allowed(staff, member):
    survey = _survey(staff)
    services.survey_answer(survey=survey, by=member, answers=_answers(survey, single=0))
    with pytest.raises(ValidationError, match="第一次提交为准"):
        services.survey_answer(survey=survey, by=member, answers=_answers(survey, single=2))
    response = SurveyResponse.objects.get()
    assert response.answers.get(question__order=1).choices.get().label == "满意"

    replaceable = _survey(staff, replace_allowed=True)
    services.survey_answer(survey=replaceable, by=member, answers=_answers(replaceable, single=0))
    services.survey_answer(survey=replaceable, by=member, answers=_answers(replaceable, single=2, rating=2))
    response = SurveyResponse.objects.get(survey=replaceable)
    assert response.answers.get(question__order=1).choices.get().label == "不满意"
    assert response.answers.get(question__order=3).rating == 2
    assert SurveyResponse.objects.filter(survey=replaceable).count() == 1


def test_database_refuses_a_second_response(staff, member):
    survey = _survey(staff)
    SurveyResponse.objects.create(survey=survey, respondent=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=survey, respondent=member)
    SurveyResponse.objects.create(survey=survey, public_phone="13800000009", public_name="甲")
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=survey, public_phone="13800000009", public_name="乙")


def test_bad_answers_are_refused_with_a_message(staff, member):
    survey = _survey(staff)
    answers = _answers(survey)
    q = list(survey.questions.all())
    for broken, message in (
        ({q[0].pk: [c.pk for c in q[0].choices.all()[:2]]}, "只能选一项"),
        ({q[2].pk: "9"}, "1至5"),
        ({q[0].pk: ["999999"]}, "选项不存在"),
        ({q[0].pk: []}, "请回答第1题"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.survey_answer(survey=survey, by=member, answers={**answers, **broken})
    assert not SurveyResponse.objects.exists()


def test_committee_audience(staff):
    committee = f.SpecialCommitteeFactory()
    inside = f.MemberFactory()
    inside.special_committees.add(committee)
    outside = f.MemberFactory()
    survey = _survey(staff, audience=Audience.COMMITTEE, special_committee=committee)
    services.survey_answer(survey=survey, by=inside.user, answers=_answers(survey))
    with pytest.raises(PermissionDenied):
        services.survey_answer(survey=survey, by=outside.user, answers=_answers(survey))


def test_ranking_vote_saves_the_top_items_as_the_recommendation(staff):
    call = TopicCallFactory()
    subs = [
        TopicSubmission.objects.create(call=call, source="member", title=f"实事{i}", reason="r")
        for i in range(6)
    ]
    for s in subs[:5]:
        services.submission_shortlist(submission=s, by=staff)
    with pytest.raises(ValidationError, match="推选数量"):
        services.ranking_vote_create(by=staff, call=call, title="推选", pick_count=5)
    vote = services.ranking_vote_create(by=staff, call=call, title="推选", pick_count=2)
    question = vote.questions.get()
    assert question.choices.count() == 5 and question.max_choices == 2
    choice = {c.submission_id: c.pk for c in question.choices.all()}
    members = [f.MemberFactory().user for _ in range(3)]
    picks = [[subs[3], subs[4]], [subs[3], subs[1]], [subs[3]]]  # 1 and 4 tie: listed order decides
    for user, chosen in zip(members, picks, strict=True):
        services.survey_answer(survey=vote, by=user, answers={question.pk: [choice[s.pk] for s in chosen]})
    with pytest.raises(ValidationError, match="最多选2项"):
        services.survey_answer(
            survey=vote, by=f.MemberFactory().user, answers={question.pk: list(choice.values())[:3]}
        )
    saved = services.ranking_result_save(survey=vote, by=staff)
    assert [s.pk for s in saved] == [subs[3].pk, subs[1].pk]
    assert [s.recommended_rank for s in saved] == [1, 2]
    assert list(selectors.recommended_topics(call=call)) == saved
    vote.refresh_from_db()
    assert vote.status == "closed" and vote.result_saved_at
    with pytest.raises(PermissionDenied):
        services.ranking_result_save(survey=vote, by=members[0])


def test_public_opinion_is_pending_until_published(staff):
    d = DeliberationFactory()
    o = services.public_opinion_post(deliberation=d, name="赵", phone="13800000010", text="希望多开公交")
    assert o.moderation == ModerationState.PENDING
    assert selectors.opinion_threads(deliberation=d) == []
    services.opinion_publish(opinion=o, by=staff)
    assert [x.pk for x in selectors.opinion_threads(deliberation=d)] == [o.pk]
    with pytest.raises(ValidationError, match="网址"):
        services.public_opinion_post(deliberation=d, name="赵", phone="13800000010", text="看 https://x.cn")
    assert Opinion.objects.count() == 1


def test_duty_events_for_topics_and_opinions_withdrawn_when_hidden(deliberation, member, staff):
    from members.models import DutyEvent

    call = TopicCallFactory()
    services.submission_create(call=call, by=member, title="荐题", reason="r")
    services.submission_create(call=call, by=staff, title="找题", reason="r", source="committee")
    first = services.opinion_post(deliberation=deliberation, by=member, text="意见")
    services.opinion_post(deliberation=deliberation, by=member, text="回复", parent=first)
    events = DutyEvent.objects.filter(member=member.member)
    assert sorted(events.values_list("kind_id", flat=True)) == [
        "participation_opinion",
        "participation_topic",
    ]
    services.opinion_hide(opinion=first, by=staff, reason="跑题")
    assert list(events.values_list("kind_id", flat=True)) == ["participation_topic"]
