"""Permission-matrix rows of consultations.participation (topics, 网络议政, surveys, public pages).
Public pages answer 200 to everyone, anonymous visitors included; nothing internal is public."""

from __future__ import annotations

import datetime as dt

from tests.security.matrix import Row, pk

ALL_200 = "200 200 200 200 200 200 200"
ALL_404 = "404 404 404 404 404 404 404"
STAFF_ONLY = "302 403 403 403 403 200 403"
STAFF_POST = "302 403 403 403 403 - 403"
POST_ONLY = "302 405 405 405 405 405 405"


def build(world) -> None:
    from captcha.models import CaptchaStore

    from consultations.participation import services
    from consultations.participation.models import Audience, Deliberation, TopicCall

    staff = world.users["staff"]
    member_a = world.users["member"]
    o = world.o
    call = TopicCall.objects.create(
        year=2021,
        title="矩阵议题征集",
        deadline=dt.date.today() + dt.timedelta(days=30),
        open_to_public=True,
        created_by=staff,
    )
    o["p_call"] = call
    o["p_topic"] = services.submission_create(call=call, by=member_a, title="矩阵荐题", reason="理由")
    # 网络议政 on the private activity: member A is invited, member B is not
    o["p_deliberation"] = Deliberation.objects.create(activity=o["activity"], audience=Audience.INVITED)
    o["p_opinion"] = services.opinion_post(deliberation=o["p_deliberation"], by=member_a, text="矩阵意见")
    o["p_public_deliberation"] = Deliberation.objects.create(
        activity=o["public_activity"], audience=Audience.PUBLIC
    )
    questions = [{"kind": "rating", "text": "满意度"}]
    o["p_survey"] = services.survey_create(
        by=staff, title="矩阵问卷", year=2021, audience=Audience.MEMBERS, questions=questions
    )
    o["p_public_survey"] = services.survey_create(
        by=staff, title="矩阵公众问卷", year=2021, audience=Audience.PUBLIC, questions=questions
    )
    o["p_captcha"] = CaptchaStore.objects.get(hashkey=CaptchaStore.generate_key())


def _topic(w):
    return {"s-title": "越权荐题", "s-reason": "理由"}


# fmt: off
#            anon member member_b unit unit_b staff leader
ROWS: list[Row] = [
    Row("participation:index",          "302 200 200 200 200 200 200"),
    Row("participation:call_create",    STAFF_ONLY, post=STAFF_POST, data=lambda w: {"title": "越权", "year": 2021}),
    Row("participation:call_detail",    "302 200 200 200 200 200 200", args=pk("p_call")),
    Row("participation:topic_submit",   POST_ONLY, args=pk("p_call"), post="302 - - 403 403 - 403", data=_topic),
    Row("participation:call_close",     POST_ONLY, args=pk("p_call"), post=STAFF_POST),
    Row("participation:ranking_create", STAFF_ONLY, args=pk("p_call"), post=STAFF_POST,
        data=lambda w: {"title": "越权投票", "pick_count": 1}),
    Row("participation:submission_action", POST_ONLY, args=lambda w: [w.p_topic.pk, "adopt"], post=STAFF_POST),
    Row("participation:deliberation_list", "302 200 200 403 403 200 200"),
    Row("participation:deliberation_open", STAFF_ONLY, post=STAFF_POST,
        data=lambda w: {"activity": w.activity.pk, "audience": "members"}),
    Row("participation:deliberation_detail", "302 200 404 404 404 200 200", args=pk("p_deliberation"),
        case="invited only"),
    Row("participation:deliberation_detail", "302 200 200 404 404 200 200", args=pk("p_public_deliberation"),
        case="open to the public"),
    Row("participation:opinion_post",   POST_ONLY, args=pk("p_deliberation"), post="302 - 404 404 404 403 403",
        data=lambda w: {"text": "越权意见"}),
    Row("participation:deliberation_result", POST_ONLY, args=pk("p_deliberation"), post=STAFF_POST,
        data=lambda w: {"summary": "越权成果"}),
    Row("participation:deliberation_export", STAFF_ONLY, args=pk("p_deliberation")),
    Row("participation:opinion_action", POST_ONLY, args=lambda w: [w.p_opinion.pk, "hide"], post=STAFF_POST,
        data=lambda w: {"reason": "越权屏蔽"}),
    Row("participation:moderation",     STAFF_ONLY),
    Row("participation:survey_list",    "302 200 200 403 403 200 200"),
    Row("participation:survey_create",  STAFF_ONLY, post=STAFF_POST,
        data=lambda w: {"title": "越权", "year": 2021, "audience": "members", "questions": "评分|越权"}),
    Row("participation:survey_detail",  "302 200 200 404 404 200 200", args=pk("p_survey"),
        post="302 - - 404 404 403 403"),
    Row("participation:survey_results", "302 403 403 404 404 200 200", args=pk("p_survey")),
    Row("participation:survey_export",  STAFF_ONLY, args=pk("p_survey")),
    Row("participation:survey_close",   POST_ONLY, args=pk("p_survey"), post=STAFF_POST),
    Row("participation:ranking_save",   POST_ONLY, args=pk("p_survey"), post=STAFF_POST),
    Row("participation:figure_list",    "302 403 403 403 403 200 200", query="?figure=topics&year=2021"),
    # public pages: no login
    Row("participation:public_index",   ALL_200),
    Row("participation:public_calls",   ALL_200),
    Row("participation:public_call",    ALL_200, args=pk("p_call")),
    Row("participation:public_deliberations", ALL_200),
    Row("participation:public_deliberation", ALL_200, args=pk("p_public_deliberation"), case="public"),
    Row("participation:public_deliberation", ALL_404, args=pk("p_deliberation"), case="invited only"),
    Row("participation:public_results", ALL_200),
    Row("participation:public_replies", ALL_200, query="?year=2020"),
    Row("participation:public_survey",  ALL_200, args=pk("p_public_survey"), case="public"),
    Row("participation:public_survey",  ALL_404, args=pk("p_survey"), case="members only"),
    Row("captcha-image",                ALL_200, args=lambda w: [w.p_captcha.hashkey]),
    Row("captcha-image-2x",             ALL_200, args=lambda w: [w.p_captcha.hashkey]),
    Row("captcha-refresh",              ALL_404, case="only for XMLHttpRequest"),
]
# fmt: on
