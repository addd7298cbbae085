"""Demo committee of 义乌市政协: terms and plenaries, ~60 handling units, ~350 members across the
sectors, committees and the 14 镇街, and one login per role."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from cppcc.demo import DEMO_PASSWORD, DemoContext

from . import services
from .models import (
    DutyEvent,
    DutyRule,
    HandlingUnit,
    Member,
    Plenary,
    Position,
    Role,
    Sector,
    SelfReport,
    SelfReportEvent,
    SpecialCommittee,
    Term,
    User,
    Village,
    WorkCommittee,
)

MEMBER_COUNT = 350

TERMS = [(13, dt.date(2017, 1, 1), dt.date(2021, 12, 31)), (14, dt.date(2022, 1, 1), dt.date(2026, 12, 31))]
# (term, number, opening day); each plenary lasts three days, proposals are collected from three
# months before it until the day after it opens.
PLENARIES = [
    (13, 1, dt.date(2017, 2, 20)),
    (13, 2, dt.date(2018, 1, 22)),
    (13, 3, dt.date(2019, 1, 21)),
    (13, 4, dt.date(2020, 1, 8)),
    (13, 5, dt.date(2021, 1, 20)),
    (14, 1, dt.date(2022, 1, 10)),
    (14, 2, dt.date(2023, 1, 9)),
    (14, 3, dt.date(2024, 1, 15)),
    (14, 4, dt.date(2025, 1, 13)),
    (14, 5, dt.date(2026, 1, 12)),
]

HANDLING_UNITS = [
    ("市发展和改革局", "government"),
    ("市经济和信息化局", "government"),
    ("市教育局", "government"),
    ("市科学技术局", "government"),
    ("市公安局", "government"),
    ("市民政局", "government"),
    ("市司法局", "government"),
    ("市财政局", "government"),
    ("市人力资源和社会保障局", "government"),
    ("市自然资源和规划局", "government"),
    ("金华市生态环境局义乌分局", "government"),
    ("市住房和城乡建设局", "government"),
    ("市交通运输局", "government"),
    ("市水务局", "government"),
    ("市农业农村局", "government"),
    ("市商务局", "government"),
    ("市文化和广电旅游体育局", "government"),
    ("市卫生健康局", "government"),
    ("市退役军人事务局", "government"),
    ("市应急管理局", "government"),
    ("市审计局", "government"),
    ("市市场监督管理局", "government"),
    ("市统计局", "government"),
    ("市医疗保障局", "government"),
    ("市综合行政执法局", "government"),
    ("市机关事务管理局", "government"),
    ("市大数据发展管理局", "government"),
    ("市市场发展委员会", "government"),
    ("自贸区义乌片区管委会", "government"),
    ("市供销合作社", "government"),
    ("市总工会", "organisation"),
    ("团市委", "organisation"),
    ("市妇联", "organisation"),
    ("市科协", "organisation"),
    ("市侨联", "organisation"),
    ("市残联", "organisation"),
    ("市消防救援大队", "government"),
    ("市税务局", "government"),
    ("市人民法院", "government"),
    ("市人民检察院", "government"),
    ("市信访局", "government"),
    ("市外事办公室", "government"),
    ("市港口物流局", "government"),
    ("市民族宗教事务局", "government"),
    ("国网义乌市供电公司", "enterprise"),
    ("市城市投资建设集团", "enterprise"),
    ("市国际陆港集团", "enterprise"),
    ("中国小商品城集团", "enterprise"),
    ("市交通旅游产业发展集团", "enterprise"),
    ("市水务建设集团", "enterprise"),
]
VILLAGES = {
    "江东街道": ["青岩刘村", "徐江村", "下骆宅村"],
    "廿三里街道": ["华溪村", "埠头村"],
    "苏溪镇": ["龙祈村", "苏溪村"],
    "稠城街道": ["宾王社区", "绣湖社区"],
    "北苑街道": ["春华社区", "前洪村"],
    "稠江街道": ["杨村", "龙回村"],
    "后宅街道": ["李祖村", "遗安村"],
    "城西街道": ["七一村", "何斯路村"],
    "福田街道": ["福田社区", "宗宅村"],
    "佛堂镇": ["佛堂老街社区", "倍磊村"],
    "赤岸镇": ["尚阳村", "雅治街村"],
    "义亭镇": ["缸窑村", "义亭村"],
    "上溪镇": ["上溪村", "溪华村"],
    "大陈镇": ["大陈村", "红峰村"],
}
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程楼骆虞龚金方傅鲍"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国晓东海燕雪梅志宏俊峰文斌婷慧琳浩宇欣怡子涵思远嘉诚永"
PARTIES = [
    "中共党员",
    "民革党员",
    "民盟盟员",
    "民建会员",
    "民进会员",
    "农工党党员",
    "致公党党员",
    "九三学社社员",
    "群众",
]
EDUCATION = ["研究生", "大学本科", "大学本科", "大学本科", "大专"]
WORK_UNITS = [
    ("义乌市中心医院", "主任医师"),
    ("义乌中学", "校长"),
    ("浙江稠州商业银行", "副行长"),
    ("中国小商品城集团", "部门经理"),
    ("义乌工商职业技术学院", "教授"),
    ("某某进出口有限公司", "董事长"),
    ("义乌市律师协会", "律师"),
    ("某某电子商务有限公司", "总经理"),
    ("义乌市文联", "副主席"),
    ("某某村股份经济合作社", "董事长"),
    ("义乌市妇幼保健院", "副院长"),
    ("某某饰品有限公司", "董事长"),
]


def _id_number(rng, birth: dt.date, gender: str, serial: int) -> str:
    """An 18-digit resident ID with the Yiwu area code and a valid check digit."""
    body = f"330782{birth:%Y%m%d}{serial % 100:02d}{2 * rng.randrange(5) + (1 if gender == 'M' else 0)}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng_for("members")
    terms = {}
    for number, start, end in TERMS:
        terms[number], _ = Term.objects.get_or_create(
            number=number, defaults={"start_date": start, "end_date": end}
        )
    for term, number, opens in PLENARIES:
        Plenary.objects.get_or_create(
            term=terms[term],
            number=number,
            defaults={
                "year": opens.year,
                "opens_on": opens,
                "closes_on": opens + dt.timedelta(days=3),
                "submission_opens_on": opens - dt.timedelta(days=91),
                "submission_closes_on": opens + dt.timedelta(days=1),
            },
        )
    for order, (name, kind) in enumerate(HANDLING_UNITS):
        HandlingUnit.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "order": order,
                "contact_person": "办公室",
                "contact_phone": "0579-8552" + f"{order:04d}",
            },
        )
    for order, wc in enumerate(WorkCommittee.objects.all(), start=len(HANDLING_UNITS)):
        suffix = "人民政府" if wc.kind == WorkCommittee.Kind.TOWN else "办事处"
        HandlingUnit.objects.get_or_create(
            name=f"{wc.name}{suffix}", defaults={"kind": "town", "order": order}
        )
        for village in VILLAGES.get(wc.name, []):
            Village.objects.get_or_create(work_committee=wc, name=village)

    _seed_members(ctx, rng, terms)
    _seed_logins(ctx)
    _seed_duty_records(ctx)
    _seed_self_reports(ctx)


def _seed_members(ctx: DemoContext, rng, terms) -> None:
    if Member.objects.filter(id_number__startswith="330782").count() >= MEMBER_COUNT:
        return
    sectors = list(Sector.objects.filter(is_active=True))
    committees = list(SpecialCommittee.objects.all())
    work_committees = list(WorkCommittee.objects.all())
    villages = list(Village.objects.select_related("work_committee"))
    password = make_password(DEMO_PASSWORD)
    positions = (
        [Position.CHAIR] + [Position.VICE_CHAIR] * 6 + [Position.SECRETARY_GENERAL] + [Position.STANDING] * 40
    )
    used_names: set[str] = set()
    members, users = [], []
    for i in range(MEMBER_COUNT):
        while True:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            if name not in used_names:
                used_names.add(name)
                break
        gender = rng.choice("MMF")
        birth = dt.date(rng.randint(1958, 1988), rng.randint(1, 12), rng.randint(1, 28))
        work_unit, title = rng.choice(WORK_UNITS)
        village = rng.choice(villages)
        user = User(username=f"m{i + 1:04d}", name=name, role=Role.MEMBER, password=password)
        users.append(user)
        members.append(
            Member(
                name=name,
                id_number=_id_number(rng, birth, gender, i),
                gender=gender,
                birth_date=birth,
                ethnicity="汉族" if rng.random() > 0.04 else rng.choice(["回族", "畲族", "苗族"]),
                party=rng.choice(PARTIES),
                education=rng.choice(EDUCATION),
                work_unit=work_unit,
                job_title=title,
                phone=f"13{rng.randint(500000000, 999999999)}",
                email=f"m{i + 1:04d}@example.cn",
                sector=sectors[i % len(sectors)],
                work_committee=village.work_committee if i % 5 else rng.choice(work_committees),
                village=village,
                position=positions[i] if i < len(positions) else Position.MEMBER,
            )
        )
    User.objects.bulk_create(users, ignore_conflicts=True)
    by_username = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    for user, member in zip(users, members, strict=True):
        member.user = by_username[user.username]
    Member.objects.bulk_create(members)
    group_through = User.groups.through
    from django.contrib.auth.models import Group

    member_group = Group.objects.get(name=Role.MEMBER.label)
    group_through.objects.bulk_create(
        [group_through(user_id=u.pk, group_id=member_group.pk) for u in by_username.values()],
        ignore_conflicts=True,
    )
    term13, term14 = terms[13], terms[14]
    term_through = Member.terms.through
    committee_through = Member.special_committees.through
    term_rows, committee_rows = [], []
    for index, member in enumerate(Member.objects.filter(id_number__startswith="330782").order_by("id")):
        term_rows.append(term_through(member_id=member.pk, term_id=term13.pk))
        if index % 3:
            term_rows.append(term_through(member_id=member.pk, term_id=term14.pk))
        committee_rows.append(
            committee_through(member_id=member.pk, specialcommittee_id=committees[index % len(committees)].pk)
        )
    term_through.objects.bulk_create(term_rows, ignore_conflicts=True)
    committee_through.objects.bulk_create(committee_rows, ignore_conflicts=True)
    ctx.say(f"  委员 {MEMBER_COUNT} 名、承办单位 {HandlingUnit.objects.count()} 个")


HOME_PAGES = {
    Role.MEMBER: "我的履职:我的提案、联名邀请、活动邀请、履职得分",
    Role.STAFF: "工作台:待审查提案、待审核答复、待办建议",
    Role.UNIT: "本单位待办:待办理提案、待反馈建议(市住房和城乡建设局)",
    Role.LEADER: "领导驾驶舱:年度数据、督办的重点提案",
    Role.ADMIN: "工作台与管理后台 /admin/",
}


def _seed_logins(ctx: DemoContext) -> None:
    """One login per role. The demo member `member` is roster member m0060, an ordinary member."""
    housing = HandlingUnit.objects.get(name="市住房和城乡建设局")
    specs = [
        ("委员", "member", Role.MEMBER, "", None),
        ("机关工作人员", "staff", Role.STAFF, "提案委办公室 王秘书", None),
        ("承办单位", "unit", Role.UNIT, "市住房和城乡建设局 联络员", housing),
        ("领导", "leader", Role.LEADER, "市政协主席", None),
        ("系统管理员", "admin", Role.ADMIN, "系统管理员", None),
    ]
    for label, username, role, name, unit in specs:
        user = User.objects.filter(username=username).first()
        if user is None:
            if role == Role.MEMBER:
                # the demo member logs in as "member" but is an ordinary member of the roster
                user = User.objects.get(username="m0060")
                user.username = "member"
                user.save(update_fields=["username"])
            else:
                user = services.user_create(
                    username=username,
                    password=DEMO_PASSWORD,
                    role=role,
                    name=name,
                    handling_unit=unit,
                    email=f"{username}@example.cn",
                )
        ctx.logins.append((label, username, HOME_PAGES[role]))
    leader_member = Member.objects.filter(position=Position.CHAIR).first()
    leader = User.objects.get(username="leader")
    if leader_member and not leader.name.endswith(leader_member.name):
        leader.name = f"{leader_member.name}(市政协主席)"
        leader.save(update_fields=["name"])


DUTY_YEARS = range(2017, 2022)
MANUAL_KINDS = (
    "plenary_attend",
    "plenary_leave",
    "plenary_absent",
    "speech",
    "training",
    "countryside",
    "village_visit",
    "online_duty",
)
TRAININGS = ["委员履职能力提升培训班", "学习贯彻全会精神专题学习会", "委员读书活动", "政协理论研讨会"]
COUNTRYSIDE = ["送医下乡", "送法下乡", "送科技下乡", "送文化下乡", "送教育下乡", "送信息下乡"]
ONLINE = [
    "在委员微信群反映背街小巷停车难问题",
    "反映农村生活垃圾分类问题",
    "反映外贸企业用工问题",
    "反映学校周边交通安全问题",
]


def _seed_duty_records(ctx: DemoContext) -> None:
    """Every roster member's duty record 2017–2021 of the kinds members/ owns (bulk, once)."""
    if DutyEvent.objects.filter(kind_id__in=MANUAL_KINDS, source_id__isnull=True, date__year=2017).exists():
        return
    rng = ctx.rng_for("members-duty")
    points = dict(DutyRule.objects.values_list("code", "points"))
    plenaries = {p.year: p for p in Plenary.objects.select_related("term").filter(year__in=list(DUTY_YEARS))}
    staff = User.objects.filter(username="staff").first()
    events = []

    def add(member_id, kind, date, title):
        events.append(
            DutyEvent(
                member_id=member_id,
                kind_id=kind,
                date=date,
                points=points[kind],
                title=title,
                created_by=staff,
            )
        )

    members = list(
        Member.objects.filter(id_number__startswith="330782").select_related("village").order_by("id")
    )
    for member in members:
        diligence = rng.random()  # some members are much more active than others
        for year in DUTY_YEARS:
            plenary = plenaries.get(year)
            if plenary is not None:
                roll = rng.random()
                kind = (
                    "plenary_attend" if roll < 0.9 else ("plenary_leave" if roll < 0.98 else "plenary_absent")
                )
                for half_day in range(1, 5 if kind == "plenary_attend" else 2):
                    add(
                        member.pk,
                        kind,
                        plenary.opens_on + dt.timedelta(days=(half_day - 1) // 2),
                        f"{plenary} 第{half_day}个半天",
                    )
                if rng.random() < 0.08 + 0.1 * diligence:
                    add(member.pk, "speech", plenary.opens_on + dt.timedelta(days=1), f"{plenary}大会发言")
            for _ in range(rng.randint(0, 1 + round(2 * diligence))):
                add(
                    member.pk,
                    "training",
                    dt.date(year, rng.randint(3, 11), rng.randint(1, 28)),
                    rng.choice(TRAININGS),
                )
            for _ in range(rng.randint(0, round(2 * diligence))):
                add(
                    member.pk,
                    "countryside",
                    dt.date(year, rng.randint(3, 11), rng.randint(1, 28)),
                    rng.choice(COUNTRYSIDE),
                )
            village = member.village.name if member.village else "联系村"
            for _ in range(rng.randint(1, 2 + round(5 * diligence))):
                add(
                    member.pk,
                    "village_visit",
                    dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    f"走访{village}",
                )
            for _ in range(rng.randint(0, round(5 * diligence))):
                add(
                    member.pk,
                    "online_duty",
                    dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    rng.choice(ONLINE),
                )
    DutyEvent.objects.bulk_create(events, batch_size=2000)
    ctx.say(f"  履职记录 {len(events)} 条(2017–2021年)")


def _seed_self_reports(ctx: DemoContext) -> None:
    """2020 self-reports of the standing committee (submitted, most reviewed) and a draft of the
    demo member for the current year."""
    if SelfReport.objects.filter(year=2020).exists():
        return
    staff = User.objects.filter(username="staff").first()
    standing = list(
        Member.objects.filter(id_number__startswith="330782")
        .exclude(position=Position.MEMBER)
        .select_related("user", "sector")
    )
    submitted = timezone.make_aware(dt.datetime(2021, 1, 5, 10, 0))
    reviewed = timezone.make_aware(dt.datetime(2021, 1, 12, 15, 0))
    reports = []
    for index, member in enumerate(standing):
        done = index % 4 != 0
        reports.append(
            SelfReport(
                member=member,
                year=2020,
                text=(
                    f"2020年,本人作为{member.sector}界别委员,认真学习政协理论,积极参加全体会议和常委会议,"
                    "围绕疫情防控和复工复产建言献策,深入联系村开展走访,报送社情民意信息,"
                    "参加请你来协商和民主监督活动。不足之处是调研还不够深入,今后将进一步提高履职能力。"
                ),
                status=SelfReport.Status.REVIEWED if done else SelfReport.Status.SUBMITTED,
                submitted_at=submitted,
                reviewer=staff if done else None,
                review_comment="履职认真,述职内容翔实。" if done else "",
                reviewed_at=reviewed if done else None,
            )
        )
    demo_member = Member.objects.filter(user__username="member").first()
    if demo_member is not None:
        reports.append(
            SelfReport(
                member=demo_member,
                year=timezone.localdate().year,
                text="本年度履职情况(草稿):参加全体会议,走访联系村,参加学习培训……",
            )
        )
    SelfReport.objects.bulk_create(reports)
    events = []
    for report in SelfReport.objects.filter(pk__in=[r.pk for r in reports]).select_related("member__user"):
        owner = report.member.user
        events.append(
            SelfReportEvent(
                report=report,
                action="create",
                label="起草",
                from_state="",
                to_state="draft",
                by=owner,
                at=report.submitted_at or timezone.now(),
            )
        )
        if report.status != SelfReport.Status.DRAFT:
            events.append(
                SelfReportEvent(
                    report=report,
                    action="submit",
                    label="提交述职",
                    from_state="draft",
                    to_state="submitted",
                    by=owner,
                    at=report.submitted_at,
                )
            )
        if report.status == SelfReport.Status.REVIEWED:
            events.append(
                SelfReportEvent(
                    report=report,
                    action="review",
                    label="审阅通过",
                    from_state="submitted",
                    to_state="reviewed",
                    by=staff,
                    note=report.review_comment,
                    at=report.reviewed_at,
                )
            )
    SelfReportEvent.objects.bulk_create(events)
    ctx.say(f"  述职报告 {len(reports)} 份")
