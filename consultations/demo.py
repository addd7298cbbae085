"""Demo consultation work of 义乌市政协, 2017–2021 plus live items in the current year.

2020 reproduces the figures of the 2020 work report exactly (重大视察协商活动27次, "请你来协商"
7 + 26 场, 调研报告40件, 民主监督78次, 83条协商建议得到推进, 5项建议快速落地). Rows are
bulk-created in consistent final states together with their timeline events and duty events;
the live items of the current year go through the services, so they notify like real ones."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cppcc.demo import DemoContext
from members.models import (
    DutyEvent,
    DutyRule,
    HandlingUnit,
    Instruction,
    InstructionRequest,
    Member,
    Sector,
    SpecialCommittee,
    User,
    WorkCommittee,
)

from . import services
from .models import (
    Activity,
    ActivityDocument,
    ActivityGuest,
    ActivityKind,
    Invitation,
    PlanTopic,
    Review,
    Suggestion,
    SuggestionEvent,
    SuggestionUpdate,
)

GUARD_TOPIC = "请你来协商—打造全球直播经济中心"
HISTORY_YEARS = (2017, 2018, 2019, 2020, 2021)

# 2020: the seven 市政协 "请你来协商" sessions (topic, month, suggestions, unit)
COME_CONSULT_2020 = [
    ("请你来协商—打造全球直播经济中心", 5, 9, "市商务局"),
    ("请你来协商—走进工业", 6, 11, "市经济和信息化局"),
    ("请你来协商—推进社区治理体系现代化建设", 9, 8, "市民政局"),
    ("请你来协商—做大做强进口市场", 4, 7, "市市场发展委员会"),
    ("请你来协商—城市有机更新", 7, 7, "市住房和城乡建设局"),
    ("请你来协商—发展夜间经济", 8, 6, "市商务局"),
    ("请你来协商—提升养老服务水平", 10, 6, "市民政局"),
]
OTHER_COME_CONSULT_TOPICS = [
    "美丽乡村建设",
    "食品安全",
    "疫情下电商发展",
    "农村生活垃圾分类",
    "老旧小区改造",
    "菜市场规划调整",
    "小区餐厨油烟治理",
    "道路施工规范管理",
    "农产品线上线下销售",
    "引侨留侨",
    "传统村落保护",
    "学前教育资源布局",
    "社区居家养老",
    "停车难治理",
    "外来建设者子女入学",
    "村级集体经济发展",
    "消防安全隐患整治",
    "背街小巷环境提升",
    "文化礼堂运营",
    "河道水环境治理",
    "小微企业园发展",
    "青年人才安居",
    "社区卫生服务",
    "共享单车管理",
    "夜市规范提升",
    "农村电商物流",
]
OVERSIGHT_TOPICS = [
    "垃圾分类专项民主监督",
    "“红黄旗”小区竞赛考评监督",
    "文明创建攻坚竞赛考评监督",
    "铁路口岸营商环境监督",
    "“十四五”交通规划监督",
    "疫情下复学返校民主监督",
    "“百园工程”建设监督",
    "配水工程建设监督",
    "政风行风监督",
    "农贸市场改造提升监督",
    "重点工程建设进度监督",
    "民生实事项目落实监督",
]
INSPECTION_TOPICS = [
    "义乌开放大通道建设专项视察",
    "综合保税区建设专项视察",
    "工业发展专项视察",
    "“千万工程”美丽乡村建设专项视察",
    "多彩华溪、慢养龙祈精品线视察",
    "秦塘、孝子祠有机更新区块视察",
    "机场路立交化改造工程视察",
    "铁路枢纽高架站房建设视察",
    "夜间经济专题视察",
    "中医药发展情况视察",
    "养老事业发展情况视察",
    "社会治理“最多跑一地”改革专项视察",
    "杨村溪配水口视察",
    "幸福湖引水工程视察",
]
RESEARCH_TOPICS = [
    "“十四五”规划编制专题调研",
    "做大内贸市场调研",
    "提升传统制造业调研",
    "推动行业协会发展调研",
    "快递物流调研",
    "制造业高质量发展专题调研",
    "传统村落保护与发展课题调研",
    "联系村乡村产业调研",
    "公共卫生体系建设调研",
    "农村生活环境整治调研",
    "进口孵化区发展调研",
    "数字贸易发展调研",
]
OTHER_TOPICS = {
    "topic_consult": [
        "抗击新冠疫情、促进市场繁荣专题协商",
        "帮扶解困政策落实专题协商",
        "“十四五”规划建议专题协商",
        "自贸区建设专题协商",
    ],
    "counterpart_consult": [
        "城市园林绿化和植物园建设对口协商",
        "线上教学和开学防疫对口协商",
        "医共体建设对口协商",
    ],
    "sector_consult": ["经济界别:营商环境界别协商", "医药卫生界别:基层医疗界别协商"],
    "proposal_consult": ["分质供水提案办理协商", "实施护眼工程提案办理协商", "阅读体系再完善提案办理协商"],
    "forum": ["委员论坛:推进治理能力现代化"],
    "express": ["政协委员议政直通车:特殊人群心理健康与外卖食品安全"],
}
SUGGESTION_PHRASES = [
    "建立部门联席会议制度,明确牵头单位和时间表",
    "加大财政资金扶持力度,优化补贴兑现流程",
    "完善配套政策,出台实施细则",
    "强化数字化平台建设,推动数据共享",
    "加强人才引进和培养,落实人才认定政策",
    "优化审批流程,推行“最多跑一次”",
    "加强宣传引导,提高群众知晓率和参与度",
    "开展试点示范,及时总结推广经验",
    "建立长效管理机制,落实考核督查",
    "统筹规划布局,完善公共服务设施配套",
    "引导社会资本参与,拓宽资金来源",
    "加强部门协同监管,形成工作合力",
]
REAL_SUGGESTIONS_2020 = {
    "请你来协商—打造全球直播经济中心": [
        "推动市场网红直播B2B模式,支持经营户开展直播营销",
        "打造特色产业带直播基地",
        "建设跨境电商海外仓",
    ],
    "请你来协商—走进工业": [
        "优化技改补贴流程,缩短兑现周期",
        "对非特备案产品实行免费检验",
        "加快小微企业园建设和招商",
        "解决高税无地企业供地问题",
        "推进浙江制造“品字标”认证",
    ],
    "请你来协商—城市有机更新": [
        "优化有机更新区块空间规划布局",
        "重视社区功能设施配套",
    ],
    "请你来协商—发展夜间经济": ["科学布局夜间经济集聚区", "丰富夜间经济业态"],
    "请你来协商—推进社区治理体系现代化建设": ["强化“党建+单元”作战体系", "提高物业服务水平"],
    "请你来协商—做大做强进口市场": ["加快推行数字围网", "建设新型进口市场", "加快保税区和进口市场主体招引"],
    "请你来协商—提升养老服务水平": ["促进养老服务多元化发展", "提升医养结合水平"],
}
# indexes (activity topic, suggestion index) of the five suggestions that landed quickly in 2020
QUICK_2020 = {
    ("请你来协商—走进工业", 0),
    ("请你来协商—走进工业", 1),
    ("请你来协商—打造全球直播经济中心", 0),
    ("请你来协商—推进社区治理体系现代化建设", 0),
    ("请你来协商—做大做强进口市场", 0),
}
PLACES = ["市政协三楼会议室", "市民广场会议中心", "国际商贸城会议中心", "委员会客厅", "现场"]
LEAVE_REASONS = ["外地出差", "单位有重要会议", "身体不适", "参加上级培训", "家中有事"]
DEPARTMENT_HEADS = "市商务局 副局长\n市市场监督管理局 副局长\n相关镇街 分管负责人"


class _Builder:
    """Collects rows of one seed run and writes them with bulk_create."""

    def __init__(self, ctx: DemoContext, rng: random.Random):
        self.ctx = ctx
        self.rng = rng
        self.kinds = {k.code: k for k in ActivityKind.objects.all()}
        self.committees = list(SpecialCommittee.objects.order_by("order", "id"))
        self.work_committees = list(WorkCommittee.objects.order_by("order", "id"))
        self.sectors = list(Sector.objects.order_by("order", "id"))
        self.units = {u.name: u for u in HandlingUnit.objects.all()}
        self.unit_list = sorted(self.units.values(), key=lambda u: u.pk)
        self.member_ids = list(
            Member.objects.filter(is_active=True).order_by("id").values_list("id", flat=True)
        )
        self.staff = User.objects.filter(username="staff").first()
        self.leader = User.objects.filter(username="leader").first()
        self.rule_points = dict(DutyRule.objects.values_list("code", "points"))
        self.invitation_ct = ContentType.objects.get_for_model(Invitation)
        self.suggestion_ct = ContentType.objects.get_for_model(Suggestion)

    # --- activities ----------------------------------------------------------------------
    def organiser(self, kind_code: str, committee: bool) -> dict:
        if committee:
            return {"organiser_type": Activity.OrganiserType.COMMITTEE}
        choice = self.rng.random()
        if choice < 0.4:
            return {"organiser_type": "special", "special_committee": self.rng.choice(self.committees)}
        if choice < 0.8:
            return {"organiser_type": "work", "work_committee": self.rng.choice(self.work_committees)}
        return {"organiser_type": "sector", "sector": self.rng.choice(self.sectors)}

    def activity(self, *, year, code, topic, month=None, committee=True, major=False) -> Activity:
        month = month or self.rng.randint(2, 12)
        date = dt.date(year, month, self.rng.randint(1, 28))
        return Activity(
            kind=self.kinds[code],
            topic=topic,
            date=date,
            place=self.rng.choice(PLACES),
            mode=self.rng.choice(["venue", "venue", "site", "online", "offline"]),
            status=Activity.Status.HELD if date <= dt.date.today() else Activity.Status.PLANNED,
            major=major,
            is_public=self.rng.random() < 0.3,
            description=f"{topic}。" if code != "oversight" else f"组织委员开展{topic}。",
            department_heads=DEPARTMENT_HEADS if code in ("come_consult", "topic_consult") else "",
            created_by=self.staff,
            **self.organiser(code, committee),
        )

    def year_plan(self, year: int) -> list[Activity]:
        """The activities of a history year; 2020 exactly as the work report counts them."""
        rng = self.rng
        rows: list[Activity] = []
        if year == 2020:
            n_come_other, n_oversight, n_inspection, n_research = 26, 78, 14, 12
            come = COME_CONSULT_2020
        else:
            n_come_other = rng.randint(10, 24)
            n_oversight = rng.randint(40, 75)
            n_inspection, n_research = rng.randint(8, 14), rng.randint(6, 12)
            come = [
                (f"请你来协商—{t}", rng.randint(3, 11), rng.randint(4, 8), None)
                for t in rng.sample(OTHER_COME_CONSULT_TOPICS, rng.randint(4, 7))
            ]
        for topic, month, _, _ in come:
            rows.append(self.activity(year=year, code="come_consult", topic=topic, month=month, major=True))
        for i in range(n_come_other):
            topic = f"请你来协商—{OTHER_COME_CONSULT_TOPICS[i % len(OTHER_COME_CONSULT_TOPICS)]}"
            rows.append(self.activity(year=year, code="come_consult", topic=topic, committee=False))
        for i in range(n_oversight):
            topic = OVERSIGHT_TOPICS[i % len(OVERSIGHT_TOPICS)]
            month = (i % 11) + 2 if i < 22 else None
            rows.append(
                self.activity(year=year, code="oversight", topic=topic, month=month, committee=i % 3 == 0)
            )
        for i in range(n_inspection):
            topic = INSPECTION_TOPICS[i % len(INSPECTION_TOPICS)]
            rows.append(self.activity(year=year, code="inspection", topic=topic, major=i < 10))
        for i in range(n_research):
            topic = RESEARCH_TOPICS[i % len(RESEARCH_TOPICS)]
            rows.append(self.activity(year=year, code="research", topic=topic, major=i < 3))
        for code, topics in OTHER_TOPICS.items():
            for topic in topics:
                rows.append(
                    self.activity(
                        year=year,
                        code=code,
                        topic=topic,
                        major=code in ("topic_consult", "counterpart_consult"),
                    )
                )
        if year != 2020:  # other years: a plausible, not exact, number of major activities
            for a in rows:
                if a.major and rng.random() < 0.25:
                    a.major = False
        return rows

    # --- invitations, attendance, duty events --------------------------------------------
    def invite(self, activities: list[Activity], today: dt.date) -> None:
        rows = []
        for a in activities:
            for member_id in self.rng.sample(self.member_ids, self.rng.randint(6, 12)):
                inv = Invitation(activity=a, member_id=member_id)
                if a.date < today:
                    roll = self.rng.random()
                    if roll < 0.8:
                        inv.response, inv.attendance = "confirmed", "present"
                    elif roll < 0.93:
                        inv.response, inv.attendance = "leave", "leave"
                        inv.leave_reason = self.rng.choice(LEAVE_REASONS)
                    else:
                        inv.response, inv.attendance = "pending", "absent"
                    inv.responded_at = timezone.make_aware(dt.datetime.combine(a.date, dt.time(9)))
                rows.append(inv)
        Invitation.objects.bulk_create(rows, batch_size=1000)
        kinds = {"present": "activity_attend", "leave": "activity_leave", "absent": "activity_absent"}
        events = [
            DutyEvent(
                member_id=inv.member_id,
                kind_id=kinds[inv.attendance],
                date=inv.activity.date,
                points=self.rule_points[kinds[inv.attendance]],
                title=inv.activity.display_name[:300],
                note=inv.leave_reason,
                source_type=self.invitation_ct,
                source_id=inv.pk,
                created_by=self.staff,
            )
            for inv in rows
            if inv.attendance
        ]
        DutyEvent.objects.bulk_create(events, batch_size=1000)

    # --- documents ------------------------------------------------------------------------
    def documents(self, year: int, activities: list[Activity]) -> None:
        rows = []
        research = [a for a in activities if a.kind.code == "research"]
        n_reports = 40 if year == 2020 else self.rng.randint(20, 38)
        for i in range(n_reports):
            a = research[i % len(research)]
            date = min(a.date + dt.timedelta(days=10 + i % 20), dt.date(year, 12, 31))
            part = f"(之{i // len(research) + 1})" if i >= len(research) else ""
            rows.append(
                ActivityDocument(
                    activity=a,
                    kind="research_report",
                    title=f"关于{a.topic.removesuffix('调研')}的调研报告{part}",
                    date=date,
                    uploaded_by=self.staff,
                )
            )
        for a in activities:
            if a.kind.code == "come_consult" and a.organiser_type == "committee":
                rows.append(
                    ActivityDocument(
                        activity=a,
                        kind="minutes",
                        title=f"{a.topic}会议纪要",
                        date=a.date,
                        uploaded_by=self.staff,
                    )
                )
                rows.append(
                    ActivityDocument(
                        activity=a,
                        kind="brief",
                        title=f"协商专报:{a.topic}",
                        date=min(a.date + dt.timedelta(days=7), dt.date(year, 12, 31)),
                        uploaded_by=self.staff,
                    )
                )
            elif a.kind.code == "inspection" and a.major:
                rows.append(
                    ActivityDocument(
                        activity=a,
                        kind="inspection_report",
                        title=f"{a.topic}报告",
                        date=a.date,
                        uploaded_by=self.staff,
                    )
                )
        ActivityDocument.objects.bulk_create(rows)

    def guests(self, activities: list[Activity]) -> None:
        rows = []
        for a in activities:
            if a.kind.code == "come_consult":
                rows += [
                    ActivityGuest(activity=a, name="陈女士", organisation="经营户代表"),
                    ActivityGuest(activity=a, name="楼先生", organisation="社区居民代表"),
                ]
        ActivityGuest.objects.bulk_create(rows)

    # --- suggestions in final states -------------------------------------------------------
    def suggestions(self, year: int, activities: list[Activity]) -> None:
        rng = self.rng
        plan: list[tuple[Activity, str, bool]] = []  # (activity, text, quick)
        counts = {t: n for t, _, n, _ in COME_CONSULT_2020}
        for a in activities:
            if a.kind.code == "come_consult" and a.organiser_type == "committee":
                n = counts.get(a.topic, rng.randint(4, 8)) if year == 2020 else rng.randint(4, 8)
            elif a.kind.code in ("topic_consult", "counterpart_consult"):
                n = 2 if year == 2020 else rng.randint(1, 3)
            elif a.kind.code in ("inspection", "research"):
                n = 1 if year == 2020 else rng.randint(0, 2)
            else:
                continue
            real = REAL_SUGGESTIONS_2020.get(a.topic, []) if year == 2020 else []
            for i in range(n):
                text = (
                    real[i]
                    if i < len(real)
                    else f"{rng.choice(SUGGESTION_PHRASES)}({a.topic.split('—')[-1]})"
                )
                plan.append((a, text, year == 2020 and (a.topic, i) in QUICK_2020))
        # outcomes: 2020 has exactly 83 advanced (implemented + partial), the rest not adopted
        n = len(plan)
        if year == 2020:
            assert n >= 83, n
            outcomes = ["implemented"] * 50 + ["partial"] * 33 + ["not_adopted"] * (n - 83)
            quick_first = sorted(range(n), key=lambda i: not plan[i][2])
            order = quick_first  # quick ones get "implemented"
        else:
            outcomes = [
                rng.choice(["implemented", "implemented", "partial", "not_adopted"]) for _ in range(n)
            ]
            order = list(range(n))
        outcome_of = {idx: outcomes[pos] for pos, idx in enumerate(order)}
        unit_by_topic = {t: u for t, _, _, u in COME_CONSULT_2020}
        suggestions = []
        for i, (a, text, quick) in enumerate(plan):
            unit = self.units.get(unit_by_topic.get(a.topic) or "") or rng.choice(self.unit_list)
            assigned = a.date + dt.timedelta(days=14)
            suggestions.append(
                Suggestion(
                    activity=a,
                    number=sum(1 for p in plan[:i] if p[0] is a) + 1,
                    text=text,
                    unit=unit,
                    due_date=assigned + dt.timedelta(days=90),
                    status="closed",
                    outcome=outcome_of[i],
                    landed_quickly=quick,
                    assigned_at=assigned,
                    closed_at=assigned + dt.timedelta(days=150),
                    created_at=_at(a.date + dt.timedelta(days=3)),
                )
            )
        Suggestion.objects.bulk_create(suggestions, batch_size=500)
        self.history_rows(suggestions)

    def history_rows(self, suggestions: list[Suggestion]) -> None:
        """Timeline events, progress reports, 回头看 and 批示 for closed suggestions."""
        labels = {"implemented": "反馈:已落实", "partial": "反馈:部分落实", "not_adopted": "反馈:未采纳"}
        unit_users = {u.handling_unit_id: u for u in User.objects.filter(role="unit")}
        events, updates, reviews, instructions = [], [], [], []
        for s in suggestions:
            reporter = unit_users.get(s.unit_id)
            reported = s.assigned_at + dt.timedelta(days=60)
            reviewed = s.assigned_at + dt.timedelta(days=120)
            reason = (
                "受用地指标和财力限制,近期难以实施,已作为今后工作参考。" if s.outcome == "not_adopted" else ""
            )
            events += [
                SuggestionEvent(
                    suggestion=s,
                    action="create",
                    label="录入建议",
                    from_state="pending",
                    to_state="pending",
                    actor=self.staff,
                    created_at=s.created_at,
                ),
                SuggestionEvent(
                    suggestion=s,
                    action="assign",
                    label="交办",
                    from_state="pending",
                    to_state="assigned",
                    actor=self.staff,
                    note=f"交办至{s.unit.name}",
                    created_at=_at(s.assigned_at),
                ),
                SuggestionEvent(
                    suggestion=s,
                    action=f"report_{s.outcome}",
                    label=labels[s.outcome],
                    from_state="assigned",
                    to_state=s.outcome,
                    actor=reporter,
                    note=reason,
                    created_at=_at(reported),
                ),
                SuggestionEvent(
                    suggestion=s,
                    action="record_review",
                    label="记录回头看",
                    from_state=s.outcome,
                    to_state=s.outcome,
                    actor=self.staff,
                    note="回头看:落实情况与反馈一致",
                    created_at=_at(reviewed),
                ),
            ]
            if s.landed_quickly:
                events.append(
                    SuggestionEvent(
                        suggestion=s,
                        action="mark_quick",
                        label="标记快速落地",
                        from_state=s.outcome,
                        to_state=s.outcome,
                        actor=self.staff,
                        created_at=_at(reported),
                    )
                )
            events.append(
                SuggestionEvent(
                    suggestion=s,
                    action="close",
                    label="办结",
                    from_state=s.outcome,
                    to_state="closed",
                    actor=self.staff,
                    created_at=_at(s.closed_at),
                )
            )
            updates.append(
                SuggestionUpdate(
                    suggestion=s,
                    status=s.outcome,
                    text=f"已研究落实:{s.text}。",
                    reason=reason,
                    date=reported,
                    author=reporter,
                )
            )
            reviews.append(
                Review(
                    suggestion=s,
                    planned_date=reviewed,
                    done_date=reviewed,
                    findings="回头看:落实情况与反馈一致。",
                    scheduled_by=self.staff,
                )
            )
            if s.landed_quickly and self.leader:
                instructions.append(
                    Instruction(
                        leader=self.leader,
                        leader_title="市委书记",
                        date=s.activity.date + dt.timedelta(days=1),
                        text="请牵头部门马上研究并反馈。",
                        target_type=self.suggestion_ct,
                        target_id=s.pk,
                        recorded_by=self.staff,
                    )
                )
        SuggestionEvent.objects.bulk_create(events, batch_size=1000)
        SuggestionUpdate.objects.bulk_create(updates, batch_size=1000)
        Review.objects.bulk_create(reviews, batch_size=1000)
        Instruction.objects.bulk_create(instructions)

    def plan_topics(self, year: int, activities: list[Activity]) -> None:
        sources = ["party_government", "committee", "member", "public"]
        committee_sessions = [
            a for a in activities if a.kind.code == "come_consult" and a.organiser_type == "committee"
        ]
        for i, a in enumerate(committee_sessions):
            topic = PlanTopic.objects.create(
                year=year,
                title=a.topic.split("—")[-1],
                source=sources[i % 4],
                proposer_text=["市委办公室", "市政协经济委", "委员推荐", "青岩刘村群众(经联村委员)"][i % 4],
                kind=self.kinds["come_consult"],
                lead_committee=self.committees[i % len(self.committees)],
                planned_month=a.date.month,
                approved=True,
            )
            a.plan_topic = topic
        Activity.objects.bulk_update(committee_sessions, ["plan_topic"])


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def seed(ctx: DemoContext) -> None:
    if Activity.objects.filter(topic=GUARD_TOPIC, date__year=2020).exists():
        ctx.say("  协商活动已存在,跳过")
        return
    rng = ctx.rng_for("consultations")
    b = _Builder(ctx, rng)
    today = timezone.localdate()
    total = 0
    for year in HISTORY_YEARS:
        activities = b.year_plan(year)
        Activity.objects.bulk_create(activities)
        b.invite(activities, today)
        b.guests(activities)
        b.documents(year, activities)
        b.suggestions(year, activities)
        b.plan_topics(year, activities)
        total += len(activities)
    _seed_current_year(b, today)
    ctx.say(f"  协商监督活动 {total} 场(2017–2021)、建议 {Suggestion.objects.count()} 条")


def _seed_current_year(b: _Builder, today: dt.date) -> None:
    """Live items: an upcoming session the demo member has not answered, suggestions waiting
    for 市住房和城乡建设局, and open suggestions in every state on the board."""
    staff, leader = b.staff, b.leader
    if staff is None:
        return
    year = today.year
    kinds = b.kinds
    demo_member = Member.objects.filter(user__username="member").first()
    others = list(
        Member.objects.filter(is_active=True).exclude(pk=getattr(demo_member, "pk", None)).order_by("id")[:8]
    )
    housing = b.units.get("市住房和城乡建设局") or b.unit_list[0]
    commerce = b.units.get("市商务局") or b.unit_list[1]

    # the annual plan of the current year
    t1 = services.plan_topic_add(
        year=year,
        title="老旧小区改造和城市有机更新",
        source="party_government",
        proposer_text="市委办公室",
        kind=kinds["come_consult"],
        by=staff,
    )
    services.plan_topic_approve(
        topic=t1, lead_committee=b.committees[3], planned_month=max(1, today.month - 2), by=staff
    )
    t2 = services.plan_topic_add(
        year=year,
        title="打造全球数字自贸中心",
        source="committee",
        proposer_text="市政协经济委员会",
        kind=kinds["come_consult"],
        by=staff,
    )
    services.plan_topic_approve(
        topic=t2, lead_committee=b.committees[1], planned_month=min(12, today.month + 1), by=staff
    )
    t3 = services.plan_topic_add(
        year=year,
        title="“一老一小”服务体系建设",
        source="member",
        proposer_member=others[0],
        kind=kinds["topic_consult"],
        by=staff,
    )
    services.plan_topic_approve(
        topic=t3, lead_committee=b.committees[4], planned_month=max(1, today.month - 4), by=staff
    )
    services.plan_topic_add(
        year=year,
        title="农村生活污水治理设施运维",
        source="public",
        proposer_text="江东街道群众(经联村委员)",
        kind=kinds["oversight"],
        by=staff,
    )

    past = max(dt.date(year, 1, 2), today - dt.timedelta(days=60))
    held = services.activity_create(
        kind=kinds["come_consult"],
        topic="请你来协商—老旧小区改造和城市有机更新",
        date=past,
        by=staff,
        plan_topic=t1,
        place="市政协三楼会议室",
        major=True,
        is_public=True,
        department_heads=DEPARTMENT_HEADS,
        members=others,
        guests=[("陈女士", "小区居民代表"), ("王先生", "物业企业代表")],
    )
    services.attendance_record(
        activity=held,
        marks={
            i.pk: ("present" if n % 5 else "leave") for n, i in enumerate(held.invitations.order_by("id"))
        },
        by=staff,
    )
    texts = [
        ("建立老旧小区改造居民议事协商机制", housing, "assigned", -10),
        ("加快加装电梯审批,简化流程", housing, "assigned", 20),
        ("统筹小区停车和充电设施建设", housing, "assigned", 40),
        ("引入专业物业,建立长效管理机制", housing, "in_progress", 30),
        ("把有机更新与历史文化保护结合起来", housing, "implemented", 30),
        ("推进“一老一小”设施嵌入式配建", commerce, "partial", 30),
        ("利用闲置厂房建设邻里中心", commerce, "not_adopted", 30),
        ("完善改造资金多元筹措机制", None, "pending", None),
        ("建立改造项目群众满意度评价制度", None, "pending", None),
    ]
    for text, unit, state, due in texts:
        due_date = today + dt.timedelta(days=due) if due is not None else None
        s = services.suggestion_add(activity=held, text=text, unit=unit, due_date=due_date, by=staff)
        unit_user = User.objects.filter(role="unit", handling_unit=unit).first() if unit else None
        actor = unit_user or staff
        if state in ("in_progress", "implemented", "partial", "not_adopted"):
            services.suggestion_report(
                suggestion=s,
                status=state,
                text="已召开专题会议研究,正在推进落实。",
                by=actor,
                reason="与现行规划不符,暂不采纳。" if state == "not_adopted" else "",
            )
        if state == "in_progress":
            services.review_schedule(suggestion=s, planned_date=today + dt.timedelta(days=14), by=staff)
        if state == "assigned" and leader:  # 报请领导批示 six days ago: the leader's 待我批示
            services.suggestion_request_instruction(
                suggestion=s, leaders=[leader], by=staff, note="请领导阅示。"
            )
            InstructionRequest.objects.filter(
                leader=leader, target_type__model="suggestion", target_id=s.pk
            ).update(requested_at=timezone.now() - dt.timedelta(days=6))
        if state == "implemented" and leader:
            services.suggestion_instruct(
                suggestion=s,
                leader=leader,
                date=today - dt.timedelta(days=20),
                text="请市住建局抓紧推进,按期反馈。",
                leader_title="市长",
                by=staff,
            )
            services.suggestion_mark_quick(suggestion=s, by=staff)
    # they were assigned a few days after the meeting, not on the day the demo was loaded (whose
    # dates would make every age on the boards and the leader's home read "0天")
    assigned_on = min(past + dt.timedelta(days=5), today)
    Suggestion.objects.filter(activity=held, assigned_at__isnull=False).update(assigned_at=assigned_on)
    SuggestionEvent.objects.filter(suggestion__activity=held, action="assign").update(
        created_at=_at(assigned_on)
    )

    # an upcoming session the demo member is invited to and has not answered
    services.activity_create(
        kind=kinds["come_consult"],
        topic="请你来协商—打造全球数字自贸中心",
        date=today + dt.timedelta(days=10),
        by=staff,
        plan_topic=t2,
        place="国际商贸城会议中心",
        mode="venue",
        major=True,
        department_heads=DEPARTMENT_HEADS,
        members=([demo_member] if demo_member else []) + others[:5],
        guests=[("李先生", "外贸企业代表")],
    )
    services.activity_create(
        kind=kinds["inspection"],
        topic="农村生活污水治理设施运维视察",
        date=today + dt.timedelta(days=20),
        by=staff,
        organiser_type="special",
        special_committee=b.committees[3],
        place="现场",
        mode="site",
        members=others[2:7],
    )
