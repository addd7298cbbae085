"""Demo proposals and 社情民意 for 2017–2021 (bulk-created in consistent final states with their
timeline events and duty events) and live items in the current year for every demo login.

2020 holds exactly 293 立案 proposals, 286 of them adopted (A/B), and 161 社情民意 items, as in
the seed report. Idempotent: nothing is created when the demo proposals already exist.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cppcc.demo import DemoContext
from members.models import DutyEvent, DutyRule, HandlingUnit, Instruction, Member, Plenary, User

from . import search, services
from .models import (
    Assignment,
    Bulletin,
    Category,
    Contact,
    OpinionEvent,
    Proposal,
    ProposalEvent,
    ProposalSigner,
    ProposalStatus,
    PublicOpinion,
    Rating,
    RejectReason,
    Reply,
    ReplyClass,
)

S = ProposalStatus
YEARS = {2017: 268, 2018: 281, 2019: 302, 2020: 293, 2021: 276}
ADOPTED_2020 = 286
OPINIONS = {2017: 128, 2018: 139, 2019: 152, 2020: 161, 2021: 170}
DEMO_TOKEN = "demo-seeded"

TOPICS = [
    "做大做强进口市场",
    "推动实体市场与数字贸易协同发展",
    "建设走进小商品设计中心",
    "打造全球直播经济中心",
    "推进小微企业园高质量发展",
    "扩大浙江制造“品字标”认证覆盖面",
    "深化美丽乡村建设",
    "加强传统村落保护与发展",
    "稳步推进城市有机更新",
    "发展夜间经济",
    "巩固垃圾分类成效",
    "促进中医药传承发展",
    "完善居家养老服务体系",
    "关注特殊人群心理健康",
    "加强外卖食品安全监管",
    "提升社区治理水平",
    "健全传染病防控体系",
    "完善全民阅读服务体系",
    "加强桥头遗址保护利用",
    "推进城乡分质供水",
    "实施青少年护眼工程",
    "发展国际快递物流",
    "推动“义新欧”班列运邮常态化",
    "建设数字围网",
    "加快综合保税区建设",
]
# the unit that usually leads a topic (the committee's history: suggestions learn from it); one
# proposal in five went elsewhere, as in real years
TOPIC_UNITS = [
    "市商务局",
    "市市场发展委员会",
    "中国小商品城集团",
    "市商务局",
    "市经济和信息化局",
    "市市场监督管理局",
    "市农业农村局",
    "市自然资源和规划局",
    "市住房和城乡建设局",
    "市商务局",
    "市综合行政执法局",
    "市卫生健康局",
    "市民政局",
    "市卫生健康局",
    "市市场监督管理局",
    "市民政局",
    "市卫生健康局",
    "市文化和广电旅游体育局",
    "市文化和广电旅游体育局",
    "市水务局",
    "市教育局",
    "市港口物流局",
    "市国际陆港集团",
    "市大数据发展管理局",
    "自贸区义乌片区管委会",
]
PREFIXES = ["关于", "关于进一步", "关于加快", "关于切实", "关于积极"]
SUFFIXES = ["的建议", "的提案", "的若干建议", "的对策建议"]
CATEGORY_BY_TOPIC = (
    ["经济建设"] * 6
    + ["农业农村"] * 2
    + ["城建环保"] * 3
    + ["科教文卫体"] * 8
    + ["社会法制"] * 2
    + ["经济建设"] * 4
)
BODY = (
    "一、基本情况\n近年来,我市围绕“{topic}”做了大量工作,取得了一定成效,但与群众期待相比仍有差距。\n"
    "二、存在问题\n1. 统筹协调机制有待健全;2. 资金和要素保障不足;3. 基层落实力度不均衡。\n"
    "三、具体建议\n1. 建立由市政府分管领导牵头的工作专班;2. 制定三年行动计划并明确责任单位;"
    "3. 加大财政资金支持并引导社会资本参与;4. 建立考核评估和群众评价机制。"
)


def _title(rng, topic_index: int) -> str:
    topic = TOPICS[topic_index]
    return f"{rng.choice(PREFIXES)}{topic}{rng.choice(SUFFIXES)}"


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


class _Rows:
    """Rows collected for bulk creation after the proposals have their primary keys."""

    def __init__(self):
        self.events, self.signers, self.assignments, self.replies, self.ratings, self.contacts = (
            [],
            [],
            [],
            [],
            [],
            [],
        )
        self.duty: list[DutyEvent] = []


def seed(ctx: DemoContext) -> None:
    if Proposal.objects.filter(client_token=DEMO_TOKEN).exists():
        ctx.say("  提案演示数据已存在,跳过")
        return
    rng = ctx.rng_for("proposals")
    members = list(Member.objects.filter(is_active=True, user__isnull=False).order_by("id"))
    units = list(HandlingUnit.objects.filter(is_active=True).order_by("order", "id"))
    categories = {c.name: c for c in Category.objects.all()}
    classes = {c.code: c for c in ReplyClass.objects.all()}
    staff = User.objects.get(username="staff")
    leader = User.objects.get(username="leader")
    plenaries = {p.year: p for p in Plenary.objects.select_related("term")}
    points = dict(DutyRule.objects.values_list("code", "points"))
    ct_proposal = ContentType.objects.get_for_model(Proposal)
    ct_opinion = ContentType.objects.get_for_model(PublicOpinion)
    first_done = False
    for year, accepted_count in YEARS.items():
        _seed_year(
            rng,
            year,
            accepted_count,
            members,
            units,
            categories,
            classes,
            staff,
            leader,
            plenaries.get(year),
            points,
            ct_proposal,
            mark_token=not first_done,
        )
        first_done = True
    _seed_opinions(rng, members, staff, leader, points, ct_opinion)
    _seed_live(ctx, rng, members, categories, classes, staff, leader)
    search.reindex_all()  # the bulk-created years; the live rows were indexed by the services
    ctx.say(f"  提案 {Proposal.objects.count()} 件、社情民意 {PublicOpinion.objects.count()} 条")


def _seed_year(
    rng,
    year,
    accepted_count,
    members,
    units,
    categories,
    classes,
    staff,
    leader,
    plenary,
    points,
    ct,
    mark_token=False,
) -> None:
    rows = _Rows()
    units_by_name = {u.name: u for u in units}
    extra_rejected, extra_merged = rng.randint(8, 20), rng.randint(10, 25)
    total = accepted_count + extra_rejected + extra_merged
    kinds = ["accepted"] * accepted_count + ["rejected"] * extra_rejected + ["merged"] * extra_merged
    rng.shuffle(kinds)
    # reply classes of the accepted ones: 2020 exactly 286 A/B and 7 C
    adopted = ADOPTED_2020 if year == 2020 else accepted_count - rng.randint(5, 14)
    class_codes = (
        ["A"] * (adopted * 6 // 10)
        + ["B"] * (adopted - adopted * 6 // 10)
        + ["C"] * (accepted_count - adopted)
    )
    rng.shuffle(class_codes)
    plenary_series = str(plenary) if plenary else f"{year}年平时提案"
    numbers = {plenary_series: 0, f"{year}年平时提案": 0}
    proposals, meta = [], []
    accepted_index = 0
    for i in range(total):
        outcome = kinds[i]
        topic = rng.randrange(len(TOPICS))
        lead = rng.choice(members)
        is_plenary = plenary is not None and rng.random() < 0.78
        if is_plenary:
            submitted = plenary.submission_opens_on + dt.timedelta(days=rng.randint(30, 90))
            submitted = min(submitted, plenary.submission_closes_on)
        else:
            submitted = dt.date(year, rng.randint(3, 10), rng.randint(1, 28))
        accepted_on = submitted + dt.timedelta(days=rng.randint(5, 20))
        p = Proposal(
            title=_title(rng, topic),
            category=categories[CATEGORY_BY_TOPIC[topic]],
            body=BODY.format(topic=TOPICS[topic]),
            kind=Proposal.Kind.PLENARY if is_plenary else Proposal.Kind.REGULAR,
            plenary=plenary if is_plenary else None,
            year=year,
            lead_member=lead,
            created_by=lead.user,
            submitted_at=_aware(submitted),
            created_at=_aware(submitted - dt.timedelta(days=2)),
            client_token=DEMO_TOKEN if mark_token and i == 0 else None,
        )
        cosigners = rng.sample(members, rng.choice((0, 0, 1, 2, 3)))
        cosigners = [m for m in cosigners if m.pk != lead.pk]
        p.proposer_type = Proposal.ProposerType.JOINT if cosigners else Proposal.ProposerType.INDIVIDUAL
        info = {"lead": lead, "cosigners": cosigners, "submitted": submitted, "outcome": outcome}
        if outcome == "rejected":
            p.status = S.REJECTED
            p.reject_reason_id = None
            info["done_on"] = accepted_on
        elif outcome == "merged":
            p.status = S.MERGED
            info["done_on"] = accepted_on
        else:
            series = plenary_series if is_plenary else f"{year}年平时提案"
            numbers[series] += 1
            code = class_codes[accepted_index]
            accepted_index += 1
            assigned_on = accepted_on + dt.timedelta(days=rng.randint(3, 12))
            due = services.add_months(assigned_on, 3)
            late = rng.random() < 0.04
            replied_on = (
                due + dt.timedelta(days=rng.randint(1, 20))
                if late
                else due - dt.timedelta(days=rng.randint(3, 60))
            )
            rating = rng.choices(["satisfied", "basic", "unsatisfied"], weights=(84, 14, 2))[0]
            p.series, p.number, p.accepted_on = series, numbers[series], accepted_on
            p.status = S.CLOSED
            picked = rng.choice(units)
            usual = units_by_name.get(TOPIC_UNITS[topic])
            p.lead_unit = picked if (i % 5 == 0 or usual is None) else usual
            p.assigned_on, p.due_on, p.replied_on = assigned_on, due, replied_on
            p.reply_class = classes[code]
            p.reply_public = rng.random() < 0.7
            p.rating = rating
            p.is_key = rng.random() < 0.06
            p.supervising_leader = leader if p.is_key else None
            p.is_excellent = rng.random() < 0.04
            info.update(
                assigned_on=assigned_on,
                due=due,
                replied_on=replied_on,
                code=code,
                rating=rating,
                assisting=rng.sample(units, rng.choice((0, 0, 1, 2))),
            )
        proposals.append(p)
        meta.append(info)
    Proposal.objects.bulk_create(proposals)
    reasons = list(RejectReason.objects.all())
    masters = [p for p in proposals if p.number]
    for p, info in zip(proposals, meta, strict=True):
        _rows_for(rng, p, info, rows, staff, reasons, masters, points, ct)
    ProposalSigner.objects.bulk_create(rows.signers)
    Assignment.objects.bulk_create(rows.assignments)
    for contact in rows.contacts:
        contact.assignment_id = contact.assignment.pk
    for reply in rows.replies:
        reply.assignment_id = reply.assignment.pk
    Contact.objects.bulk_create(rows.contacts)
    Reply.objects.bulk_create(rows.replies)
    Rating.objects.bulk_create(rows.ratings)
    ProposalEvent.objects.bulk_create(rows.events)
    DutyEvent.objects.bulk_create(rows.duty, ignore_conflicts=True)
    Proposal.objects.bulk_update(
        [p for p in proposals if p.reject_reason_id or p.merged_into_id], ["reject_reason", "merged_into"]
    )


def _event(rows, p, actor, action, label, before, after, day, note="", hour=10):
    rows.events.append(
        ProposalEvent(
            proposal=p,
            actor=actor,
            action=action,
            label=label,
            from_state=before,
            to_state=after,
            note=note,
            created_at=_aware(day, hour),
        )
    )


def _rows_for(rng, p, info, rows, staff, reasons, masters, points, ct) -> None:
    lead, submitted = info["lead"], info["submitted"]
    rows.signers.append(ProposalSigner(proposal=p, member=lead, role="lead", answer="confirmed", order=0))
    for order, m in enumerate(info["cosigners"], start=1):
        rows.signers.append(
            ProposalSigner(
                proposal=p,
                member=m,
                role="cosigner",
                answer="confirmed",
                order=order,
                answered_at=_aware(submitted, 9),
            )
        )
    _event(rows, p, lead.user, "submit", "提交", S.DRAFT, S.SUBMITTED, submitted)
    outcome = info["outcome"]
    if outcome == "rejected":
        p.reject_reason = rng.choice(reasons)
        _event(
            rows,
            p,
            staff,
            "reject",
            "不予立案",
            S.SUBMITTED,
            S.REJECTED,
            info["done_on"],
            p.reject_reason.name,
        )
        return
    if outcome == "merged":
        p.merged_into = rng.choice(masters)
        _event(
            rows,
            p,
            staff,
            "merge",
            "并案",
            S.SUBMITTED,
            S.MERGED,
            info["done_on"],
            f"并入《{p.merged_into.title}》",
        )
        return
    day = p.accepted_on
    _event(rows, p, staff, "accept", "立案", S.SUBMITTED, S.ACCEPTED, day, p.number_label)
    lead_assignment = Assignment(
        proposal=p,
        unit=p.lead_unit,
        kind="lead",
        assigned_on=info["assigned_on"],
        due_on=info["due"],
        objection_until=info["assigned_on"] + dt.timedelta(days=7),
        replied_on=info["replied_on"],
    )
    rows.assignments.append(lead_assignment)
    for unit in info["assisting"]:
        if unit.pk != p.lead_unit_id:
            rows.assignments.append(
                Assignment(
                    proposal=p,
                    unit=unit,
                    kind="assisting",
                    assigned_on=info["assigned_on"],
                    due_on=info["due"],
                    objection_until=info["assigned_on"] + dt.timedelta(days=7),
                    opinion="同意主办单位的办理意见。",
                    opinion_on=info["replied_on"] - dt.timedelta(days=10),
                )
            )
    _event(rows, p, staff, "assign", "交办", S.ACCEPTED, S.ASSIGNED, info["assigned_on"], p.lead_unit.name)
    contact_day = info["assigned_on"] + dt.timedelta(days=rng.randint(5, 20))
    rows.contacts.append(
        Contact(
            assignment=lead_assignment,
            date=contact_day,
            form=rng.choice(["meeting", "phone", "visit"]),
            summary="与提案人当面沟通办理思路,提案人表示认可。",
        )
    )
    _event(rows, p, None, "contact", "记录面商", S.ASSIGNED, S.HANDLING, contact_day)
    replied = info["replied_on"]
    rows.replies.append(
        Reply(
            proposal=p,
            assignment=lead_assignment,
            reply_class=p.reply_class,
            submitted_on=replied,
            text=f"关于《{p.title}》的答复:经认真研究,{p.reply_class.label}。",
            is_public=p.reply_public,
            checked_on=replied,
        )
    )
    _event(rows, p, None, "reply", "提交答复", S.HANDLING, S.REPLY_CHECK, replied, f"{info['code']}类", 9)
    _event(rows, p, staff, "approve_reply", "审核通过答复", S.REPLY_CHECK, S.REPLIED, replied, hour=16)
    rated_on = replied + dt.timedelta(days=rng.randint(3, 14))
    rows.ratings.append(
        Rating(
            proposal=p,
            level=info["rating"],
            rated_by=lead.user,
            rated_on=rated_on,
            comment="" if info["rating"] != "unsatisfied" else "办理措施不够具体。",
        )
    )
    _event(
        rows,
        p,
        lead.user,
        "rate",
        "评价",
        S.REPLIED,
        S.RATED,
        rated_on,
        Proposal.Rating(info["rating"]).label,
    )
    _event(rows, p, staff, "close", "办结", S.RATED, S.CLOSED, rated_on + dt.timedelta(days=7))
    signers = [(lead, "lead")] + [(m, "cosign") for m in info["cosigners"]]
    for member, role in signers:
        kinds = [f"proposal_{role}"]
        if p.is_key:
            kinds.append(f"proposal_key_{role}")
        if p.is_excellent:
            kinds.append(f"proposal_excellent_{role}")
        for kind in kinds:
            rows.duty.append(
                DutyEvent(
                    member=member,
                    kind_id=kind,
                    date=p.accepted_on,
                    points=points[kind],
                    title=p.title[:300],
                    source_type=ct,
                    source_id=p.pk,
                )
            )


def _seed_opinions(rng, members, staff, leader, points, ct) -> None:
    opinions, meta = [], []
    bulletins = []
    for year in OPINIONS:
        issues = [
            Bulletin(year=year, number=n, published_on=dt.date(year, 1, 10) + dt.timedelta(days=7 * n))
            for n in range(1, 46)
        ]
        bulletins += issues
    Bulletin.objects.bulk_create(bulletins)
    by_year: dict[int, list[Bulletin]] = {}
    for b in bulletins:
        by_year.setdefault(b.year, []).append(b)
    for year, count in OPINIONS.items():
        for _ in range(count):
            topic = rng.randrange(len(TOPICS))
            author = rng.choice(members)
            received = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            fate = rng.choices(["adopted", "reported", "not_adopted", "feedback"], weights=(45, 30, 10, 15))[
                0
            ]
            o = PublicOpinion(
                title=f"关于{TOPICS[topic]}的社情民意",
                body=f"反映:{TOPICS[topic]}工作中群众关心的问题及建议。",
                author=author,
                submitted_by=author.user,
                received_on=received,
            )
            if fate != "not_adopted":
                issue = rng.choice(by_year[year])
                o.bulletin, o.sent_to, o.sent_on = issue, "市委、市政府", received + dt.timedelta(days=10)
                o.status = {"adopted": "adopted", "reported": "reported", "feedback": "feedback"}[fate]
                if fate in ("adopted", "feedback"):
                    o.adoption_level = rng.choices(["city", "province", "national"], weights=(80, 17, 3))[0]
                    o.adopted_on = received + dt.timedelta(days=20)
                if fate == "feedback":
                    o.feedback = "相关部门已研究落实。"
            else:
                o.status = "not_adopted"
            opinions.append(o)
            meta.append(fate)
    PublicOpinion.objects.bulk_create(opinions)
    events, duty, instructions = [], [], []
    for o in opinions:
        day = o.received_on
        events.append(
            OpinionEvent(
                opinion=o,
                actor=o.submitted_by,
                action="submit",
                label="报送",
                to_state="received",
                created_at=_aware(day),
            )
        )
        duty.append(
            DutyEvent(
                member=o.author,
                kind_id="opinion_submitted",
                date=day,
                points=points["opinion_submitted"],
                title=o.title,
                source_type=ct,
                source_id=o.pk,
            )
        )
        if o.status == "not_adopted":
            events.append(
                OpinionEvent(
                    opinion=o,
                    actor=staff,
                    action="not_adopt",
                    label="不采用",
                    from_state="received",
                    to_state="not_adopted",
                    note="内容已有相关部门处理。",
                    created_at=_aware(day, 15),
                )
            )
            continue
        for action, label, before, after in (
            ("check", "初核通过", "received", "checked"),
            ("compile", "编报", "checked", "compiled"),
            ("report", "报送", "compiled", "reported"),
        ):
            events.append(
                OpinionEvent(
                    opinion=o,
                    actor=staff,
                    action=action,
                    label=label,
                    from_state=before,
                    to_state=after,
                    created_at=_aware(o.sent_on, 11),
                )
            )
        if o.adoption_level:
            events.append(
                OpinionEvent(
                    opinion=o,
                    actor=staff,
                    action="adopt",
                    label="登记采用",
                    from_state="reported",
                    to_state="adopted",
                    note=o.get_adoption_level_display(),
                    created_at=_aware(o.adopted_on),
                )
            )
            duty.append(
                DutyEvent(
                    member=o.author,
                    kind_id="opinion_adopted",
                    date=o.adopted_on,
                    points=points["opinion_adopted"],
                    title=o.title,
                    source_type=ct,
                    source_id=o.pk,
                )
            )
            if rng.random() < 0.25:
                instructions.append(
                    Instruction(
                        leader=leader,
                        leader_title="市政协主席",
                        date=o.adopted_on,
                        text="请相关部门认真研究。",
                        target_type=ct,
                        target_id=o.pk,
                        recorded_by=staff,
                    )
                )
                duty.append(
                    DutyEvent(
                        member=o.author,
                        kind_id="opinion_instructed",
                        date=o.adopted_on,
                        points=points["opinion_instructed"],
                        title=o.title,
                        source_type=ct,
                        source_id=o.pk,
                    )
                )
        if o.status == "feedback":
            events.append(
                OpinionEvent(
                    opinion=o,
                    actor=staff,
                    action="feedback",
                    label="登记部门反馈",
                    from_state="adopted",
                    to_state="feedback",
                    created_at=_aware(o.adopted_on + dt.timedelta(days=30)),
                )
            )
    OpinionEvent.objects.bulk_create(events)
    DutyEvent.objects.bulk_create(duty, ignore_conflicts=True)
    Instruction.objects.bulk_create(instructions)


def _seed_live(ctx, rng, members, categories, classes, staff, leader) -> None:
    """Current-year work for every demo login, created through the services (a few dozen rows)."""
    me = User.objects.get(username="member")
    unit_user = User.objects.get(username="unit")
    housing = unit_user.handling_unit
    others = [m for m in members if m.user_id != me.pk]
    cat = list(categories.values())

    def draft(author: User, topic: int, cosigners=()):
        return services.proposal_save_draft(
            by=author,
            title=_title(rng, topic),
            category=cat[topic % len(cat)],
            body=BODY.format(topic=TOPICS[topic]),
            cosigners=list(cosigners),
        )

    mine = me.member
    draft(me, 3)  # 草稿
    services.proposal_submit(proposal=draft(me, 9, others[:1]), by=me)  # 已提交
    draft(others[1].user, 12, [mine])  # co-sign invitation waiting for the demo member
    for i in range(3):  # waiting for review
        services.proposal_submit(proposal=draft(others[2 + i].user, 14 + i), by=others[2 + i].user)

    def accepted(author: User, topic: int) -> Proposal:
        p = draft(author, topic)
        p = services.proposal_submit(proposal=p, by=author)
        return services.proposal_accept(proposal=p, by=staff)

    today = timezone.localdate()
    # the unit's queue: one overdue, one due in 5 days, one reply waiting for staff check
    overdue = services.proposal_assign(proposal=accepted(others[6].user, 8), by=staff, lead_unit=housing)
    soon = services.proposal_assign(proposal=accepted(others[7].user, 10), by=staff, lead_unit=housing)
    Proposal.objects.filter(pk=overdue.pk).update(
        due_on=today - dt.timedelta(days=3), assigned_on=today - dt.timedelta(days=95)
    )
    Assignment.objects.filter(proposal=overdue).update(
        due_on=today - dt.timedelta(days=3),
        assigned_on=today - dt.timedelta(days=95),
        objection_until=today - dt.timedelta(days=88),
    )
    Proposal.objects.filter(pk=soon.pk).update(due_on=today + dt.timedelta(days=5))
    Assignment.objects.filter(proposal=soon).update(due_on=today + dt.timedelta(days=5))
    for i, topic in enumerate((19, 20)):
        p = services.proposal_assign(
            proposal=accepted(others[8 + i].user, topic), by=staff, lead_unit=housing
        )
        services.contact_record(
            proposal=p, by=unit_user, date=today, form="meeting", summary="与提案人当面座谈。"
        )
        services.reply_submit(
            proposal=p,
            by=unit_user,
            reply_class=classes["B" if i else "A"],
            text="经研究,已列入今年工作计划。",
            is_public=True,
        )
    # the leader supervises two key proposals
    for topic in (0, 3):
        p = services.proposal_assign(
            proposal=accepted(others[12 + topic].user, topic),
            by=staff,
            lead_unit=HandlingUnit.objects.exclude(pk=housing.pk).order_by("order").first(),
        )
        services.proposal_mark_key(proposal=p, by=staff, leader=leader)
    # the office's busiest weeks: a score of submitted proposals for 批量审查交办 (after the rest, so
    # the rows above stay as they were)
    for i in range(20):
        author = others[30 + i].user
        services.proposal_submit(proposal=draft(author, (i * 7) % len(TOPICS)), by=author)
    ctx.say("  当年待办提案已生成(委员、承办单位、机关、领导)")
