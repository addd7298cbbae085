"""Demo of participation: the 2021 民生实事 call (40 topics from members, the public, units and the
committee; duplicates merged; 30 shortlisted; a ranking vote by members that chose 15, saved as the
committee's recommendation), an open call for next year's consultation topics, 网络议政 on an open
consultation (with a hidden post and a public opinion waiting for moderation) and a members' survey.
Everything goes through the services; idempotent (guarded by the 2021 call's title)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from consultations.models import Activity
from cppcc.demo import DemoContext
from members.models import HandlingUnit, Member, User

from . import services
from .models import Audience, TopicCall, TopicSubmission

GUARD_TITLE = "2021年民生实事项目征集"

# (title, reason) — 义乌's 民生 concerns around 2020
MEMBER_TOPICS = [
    ("推进老旧小区加装电梯", "稠城、北苑等街道老旧小区老人多,上下楼难,居民意愿强但协调难。"),
    ("新建和改扩建中小学校", "外来人口子女入学需求大,部分学校大班额问题突出。"),
    ("建设城市书房和农家书屋升级", "基层公共阅读空间不足,开放时间与群众作息不匹配。"),
    ("优化城乡公交线路和班次", "部分行政村公交班次少,末班车早,群众出行不便。"),
    ("推进农贸市场改造提升", "部分农贸市场设施陈旧,环境卫生和停车问题突出。"),
    ("建设社区居家养老服务中心", "老龄化加快,居家养老照料和助餐服务供给不足。"),
    ("增加城区公共停车泊位", "城区停车难,商圈和医院周边尤为突出。"),
    ("实施农村饮用水达标提标", "部分山区村供水保障不稳定,水质有待提升。"),
    ("推进垃圾分类示范小区建设", "分类设施不完善,居民分类习惯尚未养成。"),
    ("建设婴幼儿照护服务机构", "0-3岁托育服务供给不足,双职工家庭需求迫切。"),
    ("改造提升城区背街小巷", "背街小巷路面破损、管线杂乱,影响居民生活。"),
    ("建设口袋公园和健身步道", "居民就近健身休闲场所不足。"),
    ("推进医共体建设和基层医疗服务提升", "基层医疗服务能力弱,群众看病往城区集中。"),
    ("建设外来务工人员子女暑期托管班", "暑期外来务工人员子女无人看护,安全隐患多。"),
    ("加强校园周边交通安全治理", "上下学高峰拥堵,学生交通安全隐患突出。"),
    ("推进农村生活污水治理设施运维", "已建设施运维不到位,部分设施闲置。"),
    ("建设便民充电桩", "电动汽车保有量快速增长,公共充电设施不足。"),
    ("提升市场周边公共厕所", "国际商贸城周边客流大,公厕数量和保洁不足。"),
    ("开展困难群众住房救助", "部分困难家庭住房条件差,需要改造。"),
    ("推进智慧菜场和放心消费", "群众对食品安全和计量准确关注度高。"),
    ("加强残疾人托养和康复服务", "残疾人康复托养机构少,家庭负担重。"),
    ("实施城市防洪排涝改造", "部分低洼区域汛期易积水。"),
    ("扩大义务教育阶段课后服务", "放学时间早,家长接送难。"),
    ("完善15分钟便民生活圈", "新建小区周边商业配套不足。"),
    ("推进背街小巷照明亮化", "部分路段夜间照明不足。"),
    ("加强电动自行车停放充电管理", "楼道充电火灾隐患突出。"),
    ("推进老年食堂建设", "独居老人就餐难。"),
    ("提升乡镇卫生院急救能力", "偏远乡镇急救响应时间长。"),
]
PUBLIC_TOPICS = [
    ("小区门口增设公交站", "我们小区离最近的公交站步行要二十分钟。"),
    ("菜场早上停车太难", "早上买菜的人多,菜场门口没地方停车。"),
    ("公园多装一些座椅", "老人散步走累了没地方坐。"),
    ("学校门口接送区域规划", "放学时学校门口很乱,希望划出接送区。"),
    ("老小区加装电梯", "我家住六楼,母亲腿脚不便,盼望加装电梯。"),  # duplicate of a member topic
    ("村里的路灯坏了没人修", "晚上出门不安全。"),
    ("社区增加托育班", "孩子两岁多,找不到托育的地方。"),
    ("增加城区停车位", "医院附近停车特别难。"),  # duplicate of a member topic
]
UNIT_TOPICS = [
    ("市民卡服务网点下沉到镇街", "市人力资源和社会保障局"),
    ("建设新能源公交专用充电站", "市交通运输局"),
]
COMMITTEE_TOPICS = [
    ("打造“15分钟文化圈”", "文化文史和学习委"),
    ("建设未来社区试点", "社会法制和民族宗教委"),
]


def seed(ctx: DemoContext) -> None:
    if TopicCall.objects.filter(title=GUARD_TITLE).exists():
        ctx.say("  议题征集已存在,跳过")
        return
    staff = User.objects.filter(username="staff").first()
    members = list(
        Member.objects.filter(user__isnull=False, is_active=True).select_related("user").order_by("id")
    )
    if staff is None or len(members) < 40:
        return
    rng = ctx.rng_for("participation")
    today = timezone.localdate()
    call = _livelihood_call(staff, members, rng, today)
    _open_call(staff, members, today)
    _deliberation(staff, members, today)
    _survey(staff, members, rng)
    ctx.say(f"  议题征集:{call.title} {call.submissions.count()} 条,推选 15 件民生实事")


def _livelihood_call(staff, members, rng, today) -> TopicCall:
    call = services.call_create(
        by=staff,
        year=2021,
        title=GUARD_TITLE,
        description="围绕群众急难愁盼问题,发动委员、承办单位和社会公众征集2021年民生实事候选项目,经委员推选后向市政府推荐15件。",
        deadline=today + dt.timedelta(days=1),
        open_to_members=True,
        open_to_units=True,
        open_to_public=True,
    )
    by_title = {}
    for (title, reason), member in zip(MEMBER_TOPICS, members[1:], strict=False):
        by_title[title] = services.submission_create(call=call, by=member.user, title=title, reason=reason)
    for i, (title, reason) in enumerate(PUBLIC_TOPICS):
        s = services.public_submission_create(
            call=call,
            name=f"{'王李张刘陈杨赵黄'[i]}先生",
            phone=f"1380579{i:04d}",
            title=title,
            reason=reason,
        )
        services.submission_moderate(submission=s, by=staff, publish=True)
        by_title[title] = s
    for title, unit_name in UNIT_TOPICS:
        unit_user = User.objects.filter(role="unit", handling_unit__name=unit_name).first()
        if unit_user is None:
            unit = HandlingUnit.objects.filter(name=unit_name).first()
            by_title[title] = services.submission_create(
                call=call,
                by=staff,
                title=title,
                reason="部门报题",
                source="party_government",
                body_name=unit.name if unit else unit_name,
            )
        else:
            by_title[title] = services.submission_create(
                call=call, by=unit_user, title=title, reason="部门报题"
            )
    for title, body in COMMITTEE_TOPICS:
        by_title[title] = services.submission_create(
            call=call, by=staff, title=title, reason="专委会调研中发现", source="committee", body_name=body
        )
    # duplicates merged into the member's topic
    services.submission_merge(
        submission=by_title["老小区加装电梯"], into=by_title["推进老旧小区加装电梯"], by=staff
    )
    services.submission_merge(
        submission=by_title["增加城区停车位"], into=by_title["增加城区公共停车泊位"], by=staff
    )
    candidates = list(call.submissions.filter(status=TopicSubmission.Status.SUBMITTED).order_by("id"))
    for s in candidates[:30]:
        services.submission_shortlist(submission=s, by=staff)
    vote = services.ranking_vote_create(
        by=staff, call=call, title="2021年民生实事候选项目委员推选", pick_count=15
    )
    question = vote.questions.get()
    choices = list(question.choices.order_by("order"))
    weights = [len(choices) - i + rng.randint(0, 12) for i in range(len(choices))]
    for member in members[:120]:
        picks = set()
        while len(picks) < 15:
            picks.add(rng.choices(range(len(choices)), weights=weights)[0])
        services.survey_answer(
            survey=vote, by=member.user, answers={question.pk: [choices[i].pk for i in picks]}
        )
    services.ranking_result_save(survey=vote, by=staff)
    for s in call.submissions.filter(status=TopicSubmission.Status.RECOMMENDED).order_by("recommended_rank")[
        :3
    ]:
        services.submission_adopt(submission=s, by=staff)  # three become consultation topics too
        TopicSubmission.objects.filter(pk=s.pk).update(status=TopicSubmission.Status.RECOMMENDED)
    TopicCall.objects.filter(pk=call.pk).update(
        deadline=dt.date(2020, 11, 30), status=TopicCall.Status.CLOSED
    )
    return call


def _open_call(staff, members, today) -> None:
    call = services.call_create(
        by=staff,
        year=today.year + 1,
        title=f"{today.year + 1}年度协商议题征集",
        description="党委政府点题、政协找题、委员荐题、群众出题:欢迎围绕高质量发展和民生改善提出协商议题。",
        deadline=today + dt.timedelta(days=30),
        open_to_members=True,
        open_to_public=True,
    )
    services.submission_create(
        call=call, by=members[0].user, title="推进义乌国际陆港建设", reason="陆港物流成本仍偏高。"
    )
    services.public_submission_create(
        call=call,
        name="周女士",
        phone="13905790001",
        title="社区增设儿童游乐设施",
        reason="小区孩子多,没有活动场地。",
    )  # waits for moderation


def _deliberation(staff, members, today) -> None:
    activity = Activity.objects.filter(is_public=True, date__gte=today).order_by("date").first()
    if activity is None:
        activity = Activity.objects.filter(is_public=True).order_by("-date").first()
    if activity is None:
        return
    d = services.deliberation_open(activity=activity, by=staff, audience=Audience.PUBLIC, is_open=True)
    writers = members[:6]
    first = services.opinion_post(
        deliberation=d, by=writers[0].user, text="建议把群众反映集中的问题列成清单,会前请部门逐条准备答复。"
    )
    services.opinion_post(
        deliberation=d, by=writers[1].user, text="赞同,并建议邀请村(社区)代表现场参与问答。", parent=first
    )
    useful = services.opinion_post(
        deliberation=d, by=writers[2].user, text="建议建立协商成果跟踪台账,半年后开展“回头看”。"
    )
    off = services.opinion_post(deliberation=d, by=writers[3].user, text="(与议题无关的个人事务咨询)")
    services.opinion_hide(opinion=off, by=staff, reason="与协商议题无关,已转相关部门")
    services.opinion_to_suggestion(opinion=useful, by=staff)
    services.public_opinion_post(
        deliberation=d, name="市民吴先生", phone="13905790002", text="希望协商结果能在网上公开,方便大家监督。"
    )  # waits for moderation


def _survey(staff, members, rng) -> None:
    survey = services.survey_create(
        by=staff,
        title="2021年委员履职服务满意度调查",
        year=2021,
        audience=Audience.MEMBERS,
        questions=[
            {
                "kind": "single",
                "text": "您对政协机关履职服务的总体评价",
                "choices": ["满意", "基本满意", "不满意"],
            },
            {
                "kind": "multiple",
                "text": "您希望加强的履职服务(可多选)",
                "choices": ["履职培训", "调研视察安排", "信息通报", "线上履职平台"],
            },
            {"kind": "rating", "text": "线上履职平台好用程度"},
            {"kind": "text", "text": "其他意见建议", "required": False},
        ],
    )
    qs = list(survey.questions.prefetch_related("choices").order_by("order"))
    for member in members[:40]:
        c0 = list(qs[0].choices.all())
        c1 = list(qs[1].choices.all())
        services.survey_answer(
            survey=survey,
            by=member.user,
            answers={
                qs[0].pk: [rng.choices(c0, weights=[7, 3, 1])[0].pk],
                qs[1].pk: [c.pk for c in rng.sample(c1, rng.randint(1, 3))],
                qs[2].pk: str(rng.choices([3, 4, 5], weights=[1, 3, 4])[0]),
                qs[3].pk: rng.choice(["", "", "希望多组织基层调研", "平台手机端再简化一些"]),
            },
        )
