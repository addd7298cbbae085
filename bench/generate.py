"""Build a benchmark database at national-committee scale with bulk inserts (PostgreSQL COPY).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cppcc_bench \
        uv run python bench/generate.py --seed 1 --scale 1.0

Scale 1.0: 3,000 members, 60,000 proposals over ten years in every state (signers, assignments,
replies, ratings, timeline events), 5,000 activities with invitations, 30,000 suggestions with
progress, 1,000,000 duty records, 20,000 notifications. Everything is drawn from one
random.Random(seed), so the same seed and scale give the same rows. Rows are written in their
final, consistent states (the fields kept on the proposal agree with its assignments, replies and
ratings) and bypass the services on purpose: replaying 60,000 workflows would take hours.

`generate(seed=, scale=)` is also called by tests/test_scale.py at a tiny scale.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_PASSWORD = "Bench@2026load"
BENCH_LOGINS = {  # role -> username
    "staff": "bench_staff",
    "leader": "bench_leader",
    "unit": "bench_unit",
    "member": "bench_member",
}

FULL = {
    "members": 3000,
    "units": 120,
    "proposals": 60000,
    "activities": 5000,
    "suggestions": 30000,
    "duty": 1_000_000,
    "notifications": 20000,
    "opinions": 8000,
    "quickreports": 20000,  # one year of 微建议/随手拍 (bench/quickreports.py)
    "quick_photos": 40000,
}
YEARS = 10

TOPICS = [
    "城市交通拥堵治理",
    "老旧小区改造",
    "垃圾分类",
    "农村饮用水安全",
    "中小学课后服务",
    "养老服务体系",
    "跨境电商发展",
    "小商品市场转型",
    "营商环境优化",
    "医保支付改革",
    "基层医疗服务",
    "文旅融合发展",
    "非物质文化遗产保护",
    "河道综合治理",
    "新能源汽车充电设施",
    "停车难问题",
    "社区治理",
    "外来务工人员子女入学",
    "公共法律服务",
    "食品安全监管",
    "数字政府建设",
    "乡村振兴",
    "农产品品牌建设",
    "青年人才引进",
    "职业教育",
    "体育设施开放",
    "公共文化服务",
    "智慧城市",
    "应急管理体系",
    "安全生产",
    "空气质量改善",
    "义乌国际商贸城",
    "物流园区布局",
    "民营企业融资难",
    "知识产权保护",
    "养老托育",
    "婴幼儿照护",
    "残疾人就业",
    "住房保障",
    "城乡公交一体化",
    "快递包装回收",
    "夜间经济",
    "历史街区保护",
    "水资源节约",
]
VERBS = [
    "关于加快推进",
    "关于进一步加强",
    "关于完善",
    "关于推动",
    "关于破解",
    "关于优化",
    "关于规范",
    "关于深化",
]
TAILS = ["的建议", "的提案", "工作的建议", "机制的建议", "的几点建议"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌宇浩凯鹏辉晨曦俊杰欣怡子涵梓萱思远"


def counts(scale: float) -> dict[str, int]:
    out = {k: max(1, round(v * scale)) for k, v in FULL.items()}
    out["members"] = max(out["members"], 24)
    out["units"] = max(out["units"], 6)
    out["proposals"] = max(out["proposals"], 60)
    out["activities"] = max(out["activities"], 10)
    out["suggestions"] = max(out["suggestions"], 20)
    return out


# --- COPY helpers ------------------------------------------------------------------------------
def _fmt(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def copy_rows(model, fields: list[str], rows, chunk: int = 100_000) -> int:
    """COPY rows (tuples in the order of `fields`) into the model's table; returns the count."""
    from django.db import connection

    table = model._meta.db_table
    columns = ", ".join(f'"{model._meta.get_field(f).column}"' for f in fields)
    total = 0
    buffer = io.StringIO()

    def flush() -> None:
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f'COPY "{table}" ({columns}) FROM STDIN', buffer)
        buffer.seek(0)
        buffer.truncate()

    pending = 0
    for row in rows:
        buffer.write("\t".join(_fmt(v) for v in row))
        buffer.write("\n")
        pending += 1
        total += 1
        if pending >= chunk:
            flush()
            pending = 0
    if pending:
        flush()
    return total


def next_id(model) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX("id"), 0) + 1 FROM "{model._meta.db_table}"')
        return cursor.fetchone()[0]


def reset_sequence(model) -> None:
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'COALESCE((SELECT MAX("id") FROM "{table}"), 1))'
        )


# --- the generator -----------------------------------------------------------------------------
class Generator:
    def __init__(self, *, seed: int, scale: float, verbose: bool = False) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.scale = scale
        self.n = counts(scale)
        self.verbose = verbose
        self.today = dt.date.today()
        self.this_year = self.today.year
        self.years = list(range(self.this_year - YEARS + 1, self.this_year + 1))
        self.tag = f"s{seed}x{int(scale * 100000)}"  # keeps usernames unique across runs in one db
        self.timings: dict[str, float] = {}

    def say(self, text: str) -> None:
        if self.verbose:
            print(text, flush=True)

    def step(self, name: str, fn) -> None:
        start = time.perf_counter()
        fn()
        self.timings[name] = time.perf_counter() - start
        self.say(f"  {name}: {self.timings[name]:.1f} s")

    def run(self) -> dict:
        from django.db import transaction

        with transaction.atomic():
            self.step("organisation", self.organisation)
            self.step("users and members", self.members)
            self.step("proposals", self.proposals)
            self.step("search index", self.search_index)
            self.step("opinions", self.opinions)
            self.step("activities", self.activities)
            self.step("suggestions", self.suggestions)
            self.step("quick reports", self.quick_reports)
            self.step("duty records", self.duty_records)
            self.step("notifications", self.notifications)
            self.step("new streams", self.streams)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return {"counts": {**self.n, **getattr(self, "stream_counts", {})}, "timings": self.timings}

    # -- fixed lists ------------------------------------------------------------------------------
    def organisation(self) -> None:
        from django.contrib.auth.hashers import make_password

        from members.models import (
            DutyRule,
            HandlingUnit,
            Plenary,
            ProposerOrganisation,
            Sector,
            SpecialCommittee,
            Term,
            Village,
            WorkCommittee,
        )
        from proposals.models import Category, ReplyClass

        self.password_hash = make_password(BENCH_PASSWORD)
        self.terms = {}
        first = self.years[0]
        start_term_year = 2017 - ((2017 - first) // 5 + (1 if (2017 - first) % 5 else 0)) * 5
        for year in range(start_term_year, self.this_year + 1, 5):
            number = 13 + (year - 2017) // 5
            term, _ = Term.objects.get_or_create(
                number=number,
                defaults={"start_date": dt.date(year, 1, 1), "end_date": dt.date(year + 4, 12, 31)},
            )
            self.terms[number] = term
        self.plenary_by_year = {}
        for year in self.years:
            number = 13 + (year - 2017) // 5
            term = self.terms[number]
            session = (year - term.start_date.year) + 1
            plenary, _ = Plenary.objects.get_or_create(
                term=term,
                number=session,
                defaults={
                    "year": year,
                    "opens_on": dt.date(year, 2, 20),
                    "closes_on": dt.date(year, 2, 23),
                    "submission_opens_on": dt.date(year - 1, 11, 20),
                    "submission_closes_on": dt.date(year, 2, 21),
                },
            )
            self.plenary_by_year[year] = plenary
        self.sectors = list(Sector.objects.values_list("pk", flat=True))
        self.committees = list(SpecialCommittee.objects.values_list("pk", flat=True))
        self.work_committees = list(WorkCommittee.objects.values_list("pk", flat=True))
        self.organisations = list(ProposerOrganisation.objects.values_list("pk", flat=True))
        self.categories = list(Category.objects.values_list("pk", flat=True))
        self.reply_classes = {c.code: c for c in ReplyClass.objects.all()}
        self.rule_points = dict(DutyRule.objects.values_list("code", "points"))
        existing_villages = Village.objects.count()
        if existing_villages < len(self.work_committees) * 3:
            Village.objects.bulk_create(
                [
                    Village(name=f"{self.tag}村{i}", work_committee_id=wc)
                    for wc in self.work_committees
                    for i in range(1, 4)
                ],
                ignore_conflicts=True,
            )
        self.villages = list(Village.objects.values_list("pk", "work_committee_id"))
        units = [
            HandlingUnit(name=f"{self.tag}承办单位{i:03d}", order=i, kind=HandlingUnit.Kind.GOVERNMENT)
            for i in range(1, self.n["units"] + 1)
        ]
        HandlingUnit.objects.bulk_create(units)
        self.units = [u.pk for u in units]

    def members(self) -> None:
        from django.utils import timezone

        from members.models import Member, Position, Role, User

        rng = self.rng
        now = timezone.now()
        user_id = next_id(User)
        users = []
        self.logins: dict[str, int] = {}

        def add_user(username, name, role, unit=None, staff=False):
            nonlocal user_id
            users.append(
                (
                    user_id,
                    username,
                    name,
                    role,
                    unit,
                    self.password_hash,
                    staff,
                    False,
                    True,
                    now,
                    "",
                    "",
                    "",
                    "",
                    True,
                )
            )
            user_id += 1
            return user_id - 1

        suffix = "" if self.tag == f"s{self.seed}x100000" else f"_{self.tag}"
        for role, username in BENCH_LOGINS.items():
            unit = self.units[0] if role == "unit" else None
            self.logins[role] = add_user(username + suffix, f"压测{role}", role, unit, role == "staff")
        self.staff_users = [self.logins["staff"]] + [
            add_user(f"staff{i:03d}_{self.tag}", f"工作人员{i}", Role.STAFF, staff=True) for i in range(10)
        ]
        self.leader_users = [self.logins["leader"]] + [
            add_user(f"leader{i:03d}_{self.tag}", f"领导{i}", Role.LEADER) for i in range(8)
        ]
        self.unit_users = {self.units[0]: self.logins["unit"]}
        for unit in self.units[1:]:
            self.unit_users[unit] = add_user(f"unit{unit}_{self.tag}", f"单位联系人{unit}", Role.UNIT, unit)
        member_rows = []
        member_id = next_id(Member)
        self.member_ids = []
        self.member_user = {}
        for i in range(self.n["members"]):
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            uid = self.logins["member"] if i == 0 else add_user(f"m{i:05d}_{self.tag}", name, Role.MEMBER)
            village, wc = rng.choice(self.villages)
            position = rng.choices(
                [Position.MEMBER, Position.STANDING, Position.VICE_CHAIR], weights=[85, 13, 2]
            )[0]
            member_rows.append(
                (
                    member_id,
                    uid,
                    name,
                    None,
                    rng.choice("MF"),
                    dt.date(1955 + rng.randrange(45), 1 + rng.randrange(12), 1),
                    "汉族",
                    rng.choice(["中共党员", "民盟盟员", "无党派", "九三学社社员"]),
                    "研究生",
                    f"某单位{rng.randrange(1000)}",
                    "高级工程师",
                    f"139{rng.randrange(10**8):08d}",
                    "",
                    rng.choice(self.sectors),
                    wc,
                    village,
                    position,
                    i % 50 != 49,
                )
            )
            self.member_ids.append(member_id)
            self.member_user[member_id] = uid
            member_id += 1
        copy_rows(
            User,
            [
                "id",
                "username",
                "name",
                "role",
                "handling_unit",
                "password",
                "is_staff",
                "is_superuser",
                "is_active",
                "date_joined",
                "first_name",
                "last_name",
                "email",
                "phone",
                "email_notifications",
            ],
            users,
        )
        reset_sequence(User)
        copy_rows(
            Member,
            [
                "id",
                "user",
                "name",
                "id_number",
                "gender",
                "birth_date",
                "ethnicity",
                "party",
                "education",
                "work_unit",
                "job_title",
                "phone",
                "email",
                "sector",
                "work_committee",
                "village",
                "position",
                "is_active",
            ],
            member_rows,
        )
        reset_sequence(Member)
        through = Member.terms.through
        term_ids = [t.pk for t in self.terms.values()]
        through.objects.bulk_create(
            [
                through(member_id=m, term_id=t)
                for m in self.member_ids
                for t in term_ids
                if rng.random() < 0.7
            ],
            batch_size=5000,
        )
        sc = Member.special_committees.through
        sc.objects.bulk_create(
            [sc(member_id=m, specialcommittee_id=rng.choice(self.committees)) for m in self.member_ids],
            batch_size=5000,
        )
        self.user_ids = [u[0] for u in users]

    # -- proposals ------------------------------------------------------------------------------
    def _title(self) -> str:
        rng = self.rng
        return f"{rng.choice(VERBS)}{rng.choice(TOPICS)}{rng.choice(TAILS)}"

    def _body(self, title: str) -> str:
        rng = self.rng
        parts = [f"一、基本情况。{title[2:-3]}是群众关心的问题。"]
        for _ in range(rng.randint(3, 6)):
            parts.append(f"近年来{rng.choice(TOPICS)}取得一定成效,但仍存在{rng.choice(TOPICS)}方面的短板。")
        parts.append(f"二、具体建议:建议加强{rng.choice(TOPICS)},完善{rng.choice(TOPICS)}。")
        return "".join(parts)

    def search_index(self) -> None:
        """The keyword index (proposals/search.py) of the COPYed proposals and replies, in batches."""
        from proposals.search import reindex_all

        reindex_all()

    def _status_for(self, year: int) -> str:
        rng = self.rng
        age = self.this_year - year
        if age >= 2:
            pool = [
                ("closed", 80),
                ("rated", 3),
                ("rejected", 9),
                ("merged", 5),
                ("replied", 2),
                ("handling", 1),
            ]
        elif age == 1:
            pool = [
                ("closed", 50),
                ("rated", 12),
                ("replied", 8),
                ("rejected", 9),
                ("merged", 5),
                ("handling", 8),
                ("reply_check", 3),
                ("assigned", 2),
                ("objected", 1),
                ("accepted", 2),
            ]
        else:
            pool = [
                ("draft", 4),
                ("submitted", 6),
                ("reviewing", 5),
                ("returned", 3),
                ("accepted", 5),
                ("rejected", 7),
                ("merged", 4),
                ("assigned", 8),
                ("objected", 2),
                ("handling", 25),
                ("reply_check", 6),
                ("replied", 10),
                ("rated", 8),
                ("closed", 7),
            ]
        states, weights = zip(*pool, strict=True)
        return rng.choices(states, weights=weights)[0]

    def proposals(self) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection
        from django.utils import timezone

        from members.models import Instruction
        from proposals.models import Assignment, Proposal, ProposalEvent, ProposalSigner, Rating, Reply

        rng = self.rng
        tz = timezone.get_current_timezone()
        pid = next_id(Proposal)
        sid, aid, rid, raid, eid = (
            next_id(m) for m in (ProposalSigner, Assignment, Reply, Rating, ProposalEvent)
        )
        proposals, signers, assignments, replies, ratings, events, instructions = [], [], [], [], [], [], []
        self.proposal_ids_by_year: dict[int, list[int]] = {y: [] for y in self.years}
        self.duty_from_proposals = []  # (member, kind, date, source_id, title)
        accepted_statuses = {
            "accepted",
            "assigned",
            "objected",
            "handling",
            "reply_check",
            "replied",
            "rated",
            "closed",
        }
        assigned_statuses = accepted_statuses - {"accepted"}
        replied_statuses = {"replied", "rated", "closed"}
        rated_statuses = {"rated", "closed"}
        per_year = self.n["proposals"] // len(self.years)
        number_by_year = dict.fromkeys(self.years, 0)
        bench_member = self.member_ids[0]
        staff = self.staff_users
        for index in range(self.n["proposals"]):
            year = self.years[min(index // max(per_year, 1), len(self.years) - 1)]
            status = self._status_for(year)
            kind = "plenary" if rng.random() < 0.7 else "regular"
            if kind == "plenary":
                submitted = dt.datetime(year, 1, 10 + rng.randrange(40) // 2, 9, tzinfo=tz) + dt.timedelta(
                    hours=rng.randrange(300)
                )
            else:
                last = (
                    min(self.today, dt.date(year, 12, 31))
                    if year == self.this_year
                    else dt.date(year, 12, 31)
                )
                day = dt.date(year, 3, 1) + dt.timedelta(
                    days=rng.randrange(max(1, (last - dt.date(year, 3, 1)).days))
                )
                submitted = dt.datetime.combine(day, dt.time(10), tzinfo=tz)
            if submitted.date() > self.today:
                submitted = dt.datetime.combine(self.today, dt.time(8), tzinfo=tz)
            organisation = rng.choice(self.organisations) if rng.random() < 0.08 else None
            lead = (
                None
                if organisation
                else (bench_member if rng.random() < 0.002 else rng.choice(self.member_ids))
            )
            proposer_type = "party" if organisation else ("joint" if rng.random() < 0.4 else "individual")
            creator = self.member_user.get(lead) or rng.choice(staff)
            title = self._title()
            accepted = status in accepted_statuses
            number = None
            series = ""
            accepted_on = assigned_on = due_on = replied_on = None
            reply_class = None
            rating = ""
            lead_unit = None
            d0 = submitted.date()
            if accepted:
                number_by_year[year] += 1
                number = number_by_year[year]
                series = f"{year}-{self.tag}"
                accepted_on = min(self.today, d0 + dt.timedelta(days=7 + rng.randrange(10)))
            if status in assigned_statuses:
                lead_unit = rng.choice(self.units)
                assigned_on = min(self.today, accepted_on + dt.timedelta(days=5))
                due_on = assigned_on + dt.timedelta(days=90)
            if status in replied_statuses:
                replied_on = min(self.today, assigned_on + dt.timedelta(days=30 + rng.randrange(80)))
                reply_class = rng.choices(["A", "B", "C"], weights=[55, 38, 7])[0]
            if status in rated_statuses:
                rating = rng.choices(["satisfied", "basic", "unsatisfied"], weights=[80, 17, 3])[0]
            is_key = accepted and rng.random() < 0.03
            created = submitted - dt.timedelta(days=1)
            proposals.append(
                (
                    pid,
                    title,
                    rng.choice(self.categories),
                    self._body(title),
                    status,
                    kind,
                    self.plenary_by_year[year].pk if kind == "plenary" else None,
                    year,
                    proposer_type,
                    lead,
                    organisation,
                    creator,
                    None if status == "draft" else submitted,
                    series,
                    number,
                    accepted_on,
                    None,
                    "",
                    None,
                    lead_unit,
                    assigned_on,
                    due_on,
                    replied_on,
                    self.reply_classes[reply_class].pk if reply_class else None,
                    bool(reply_class) and rng.random() < 0.6,
                    rating,
                    1,
                    is_key,
                    rng.choice(self.leader_users) if is_key else None,
                    status == "closed" and rng.random() < 0.02,
                    created,
                    created,
                )
            )
            if status != "draft":
                self.proposal_ids_by_year[year].append(pid)
            # signers
            order = 0
            if lead:
                signers.append((sid, pid, lead, "lead", "confirmed", created, order))
                sid += 1
                if accepted:
                    self.duty_from_proposals.append((lead, "proposal_lead", accepted_on, pid, title))
            if proposer_type == "joint":
                for m in rng.sample(self.member_ids, k=min(len(self.member_ids) - 1, rng.randint(1, 5))):
                    if m == lead:
                        continue
                    order += 1
                    answer = rng.choices(["confirmed", "declined", "invited"], weights=[85, 5, 10])[0]
                    signers.append(
                        (sid, pid, m, "cosigner", answer, created if answer != "invited" else None, order)
                    )
                    sid += 1
                    if accepted and answer == "confirmed":
                        self.duty_from_proposals.append((m, "proposal_cosign", accepted_on, pid, title))
            # timeline
            path = ["submit"]
            if status in ("reviewing", "returned") or accepted or status in ("rejected", "merged"):
                path.append("start_review")
            path += {
                "returned": ["send_back"],
                "rejected": ["reject"],
                "merged": ["merge"],
            }.get(status, [])
            if accepted:
                path.append("accept")
            if status in assigned_statuses:
                path.append("assign")
            if status == "objected":
                path.append("object")
            if status in {"handling", "reply_check", "replied", "rated", "closed"}:
                path += ["contact"]
            if status in {"reply_check", "replied", "rated", "closed"}:
                path.append("reply")
            if status in replied_statuses:
                path.append("approve_reply")
            if status in rated_statuses:
                path.append("rate")
            if status == "closed":
                path.append("close")
            if status == "draft":
                path = []
            at = submitted
            for step_no, action in enumerate(path):
                at = min(at + dt.timedelta(days=3 + step_no * 4), timezone.now())
                actor = (
                    creator
                    if action in ("submit", "rate")
                    else (
                        self.unit_users.get(lead_unit, staff[0])
                        if action in ("contact", "reply", "object")
                        else staff[step_no % len(staff)]
                    )
                )
                events.append((eid, pid, actor, action, action, "", "", "", at))
                eid += 1
            # assignments, replies, ratings
            if lead_unit:
                assignments.append(
                    (
                        aid,
                        pid,
                        lead_unit,
                        "lead",
                        assigned_on,
                        due_on,
                        assigned_on + dt.timedelta(days=7),
                        "",
                        status != "objected" or True,
                        "",
                        None,
                        "",
                        "",
                        None,
                        replied_on,
                    )
                )
                lead_assignment = aid
                aid += 1
                if rng.random() < 0.25:
                    other = rng.choice(self.units)
                    if other != lead_unit:
                        assignments.append(
                            (
                                aid,
                                pid,
                                other,
                                "assisting",
                                assigned_on,
                                due_on,
                                assigned_on + dt.timedelta(days=7),
                                "",
                                True,
                                "",
                                None,
                                "",
                                "协办意见",
                                replied_on,
                                None,
                            )
                        )
                        aid += 1
                if replied_on:
                    replies.append(
                        (
                            rid,
                            pid,
                            lead_assignment,
                            1,
                            self.reply_classes[reply_class].pk,
                            f"关于{title}的答复……",
                            "",
                            False,
                            replied_on,
                            self.unit_users.get(lead_unit),
                            replied_on,
                            staff[0],
                        )
                    )
                    rid += 1
                if rating:
                    ratings.append((raid, pid, 1, rating, "", creator, replied_on + dt.timedelta(days=10)))
                    raid += 1
            if is_key and rng.random() < 0.5:
                instructions.append((pid, title))
            pid += 1
        with connection.cursor() as cursor:  # GIN indexes are built faster at once than row by row
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
                [Proposal._meta.db_table, "%USING gin%"],
            )
            gin_indexes = cursor.fetchall()
            for name, _definition in gin_indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        copy_rows(
            Proposal,
            [
                "id",
                "title",
                "category",
                "body",
                "status",
                "kind",
                "plenary",
                "year",
                "proposer_type",
                "lead_member",
                "organisation",
                "created_by",
                "submitted_at",
                "series",
                "number",
                "accepted_on",
                "reject_reason",
                "disposition",
                "merged_into",
                "lead_unit",
                "assigned_on",
                "due_on",
                "replied_on",
                "reply_class",
                "reply_public",
                "rating",
                "handling_round",
                "is_key",
                "supervising_leader",
                "is_excellent",
                "created_at",
                "updated_at",
            ],
            proposals,
        )
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the deferred FK checks now
            for _name, definition in gin_indexes:
                cursor.execute(definition)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        copy_rows(
            ProposalSigner, ["id", "proposal", "member", "role", "answer", "answered_at", "order"], signers
        )
        copy_rows(
            Assignment,
            [
                "id",
                "proposal",
                "unit",
                "kind",
                "assigned_on",
                "due_on",
                "objection_until",
                "objection_note",
                "is_active",
                "extension",
                "extension_to",
                "extension_reason",
                "opinion",
                "opinion_on",
                "replied_on",
            ],
            assignments,
        )
        copy_rows(
            Reply,
            [
                "id",
                "proposal",
                "assignment",
                "round",
                "reply_class",
                "text",
                "letter",
                "is_public",
                "submitted_on",
                "submitted_by",
                "checked_on",
                "checked_by",
            ],
            replies,
        )
        copy_rows(Rating, ["id", "proposal", "round", "level", "comment", "rated_by", "rated_on"], ratings)
        copy_rows(
            ProposalEvent,
            ["id", "proposal", "actor", "action", "label", "from_state", "to_state", "note", "created_at"],
            events,
        )
        for model in (Proposal, ProposalSigner, Assignment, Reply, Rating, ProposalEvent):
            reset_sequence(model)
        ct = ContentType.objects.get_for_model(Proposal)
        Instruction.objects.bulk_create(
            [
                Instruction(
                    leader_id=self.leader_users[0],
                    date=self.today,
                    text=f"请认真办理:{title}",
                    target_type=ct,
                    target_id=p,
                )
                for p, title in instructions
            ],
            batch_size=2000,
        )
        self.proposal_ct = ct

    def opinions(self) -> None:
        from proposals.models import PublicOpinion

        rng = self.rng
        rows = []
        for i in range(self.n["opinions"]):
            year = self.years[i % len(self.years)]
            received = dt.date(year, 1 + rng.randrange(11), 1 + rng.randrange(28))
            if received > self.today:
                received = self.today
            status = rng.choice(["received", "checked", "compiled", "reported", "adopted", "not_adopted"])
            adopted = status == "adopted"
            rows.append(
                PublicOpinion(
                    title=self._title().replace("的建议", "的情况反映"),
                    body="反映内容……",
                    status=status,
                    author_id=rng.choice(self.member_ids),
                    submitted_by_id=self.staff_users[0],
                    received_on=received,
                    sent_on=received if status in ("reported", "adopted") else None,
                    adoption_level=rng.choice(["city", "province"]) if adopted else "",
                    adopted_on=received if adopted else None,
                )
            )
        PublicOpinion.objects.bulk_create(rows, batch_size=5000)

    # -- consultations --------------------------------------------------------------------------
    def activities(self) -> None:
        from consultations.models import Activity, ActivityKind, Invitation

        rng = self.rng
        kinds = list(ActivityKind.objects.values_list("pk", flat=True))
        aid = next_id(Activity)
        iid = next_id(Invitation)
        rows, invitations = [], []
        self.activity_dates = {}
        self.attendance = []  # (member, date, activity id, invitation id)
        n = self.n["activities"]
        for i in range(n):
            year = self.years[i * len(self.years) // n]
            date = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            if date > self.today + dt.timedelta(days=30):
                date = self.today + dt.timedelta(days=rng.randrange(30))
            rows.append(
                (
                    aid,
                    rng.choice(kinds),
                    "committee",
                    None,
                    None,
                    None,
                    f"{rng.choice(TOPICS)}专题协商",
                    None,
                    date,
                    "市政协会议室",
                    "venue",
                    "held" if date <= self.today else "planned",
                    rng.random() < 0.05,
                    rng.random() < 0.5,
                    "",
                    "",
                    "",
                    self.staff_users[0],
                    date,
                )
            )
            self.activity_dates[aid] = date
            past = date < self.today
            invited = rng.sample(self.member_ids, k=min(len(self.member_ids), rng.randint(8, 30)))
            if i % 7 == 0 and self.member_ids[0] not in invited:
                invited.append(self.member_ids[0])
            for m in invited:
                response = rng.choices(["confirmed", "leave", "pending"], weights=[75, 15, 10])[0]
                attendance = ""
                if past:
                    attendance = {"confirmed": "present", "leave": "leave", "pending": "absent"}[response]
                invitations.append((iid, aid, m, response, "", None, attendance))
                iid += 1
            aid += 1
        copy_rows(
            Activity,
            [
                "id",
                "kind",
                "organiser_type",
                "special_committee",
                "work_committee",
                "sector",
                "topic",
                "plan_topic",
                "date",
                "place",
                "mode",
                "status",
                "major",
                "is_public",
                "description",
                "department_heads",
                "minutes",
                "created_by",
                "created_at",
            ],
            rows,
        )
        copy_rows(
            Invitation,
            ["id", "activity", "member", "response", "leave_reason", "responded_at", "attendance"],
            invitations,
        )
        reset_sequence(Activity)
        reset_sequence(Invitation)
        self.activity_ids = list(self.activity_dates)

    def suggestions(self) -> None:
        from django.utils import timezone

        from consultations.models import Suggestion, SuggestionEvent, SuggestionUpdate

        rng = self.rng
        tz = timezone.get_current_timezone()
        sid, uid, eid = next_id(Suggestion), next_id(SuggestionUpdate), next_id(SuggestionEvent)
        rows, updates, events = [], [], []
        numbers: dict[int, int] = {}
        for _ in range(self.n["suggestions"]):
            activity = rng.choice(self.activity_ids)
            date = self.activity_dates[activity]
            numbers[activity] = numbers.get(activity, 0) + 1
            age = (self.today - date).days
            if age > 400:
                status = rng.choices(
                    ["closed", "implemented", "partial", "not_adopted"], weights=[80, 8, 8, 4]
                )[0]
            elif age > 0:
                status = rng.choice(
                    ["pending", "assigned", "in_progress", "implemented", "partial", "closed"]
                )
            else:
                status = "pending"
            unit = None if status == "pending" else rng.choice(self.units)
            assigned = None if status == "pending" else min(self.today, date + dt.timedelta(days=10))
            outcome = {
                "implemented": "implemented",
                "partial": "partial",
                "not_adopted": "not_adopted",
                "in_progress": "in_progress",
                "closed": rng.choice(["implemented", "partial"]),
            }.get(status, "")
            closed = min(self.today, date + dt.timedelta(days=200)) if status == "closed" else None
            created = dt.datetime.combine(date, dt.time(15), tzinfo=tz)
            rows.append(
                (
                    sid,
                    activity,
                    numbers[activity],
                    f"建议{rng.choice(VERBS)[2:]}{rng.choice(TOPICS)}。",
                    unit,
                    assigned + dt.timedelta(days=60) if assigned else None,
                    status,
                    outcome,
                    rng.random() < 0.1,
                    assigned,
                    closed,
                    created,
                )
            )
            chain = [] if status == "pending" else ["assign"]
            if outcome:
                chain.append(f"report_{outcome}" if outcome != "in_progress" else "report_progress")
                updates.append(
                    (
                        uid,
                        sid,
                        outcome,
                        "已推进落实。",
                        "",
                        assigned + dt.timedelta(days=30),
                        "",
                        self.unit_users.get(unit),
                        created,
                    )
                )
                uid += 1
            if status == "closed":
                chain.append("close")
            previous = "pending"
            for n, action in enumerate(chain):
                to = status if n == len(chain) - 1 else "assigned"
                events.append(
                    (
                        eid,
                        sid,
                        action,
                        action,
                        previous,
                        to,
                        self.staff_users[0],
                        "",
                        created + dt.timedelta(days=10 * (n + 1)),
                    )
                )
                previous = to
                eid += 1
            sid += 1
        copy_rows(
            Suggestion,
            [
                "id",
                "activity",
                "number",
                "text",
                "unit",
                "due_date",
                "status",
                "outcome",
                "landed_quickly",
                "assigned_at",
                "closed_at",
                "created_at",
            ],
            rows,
        )
        copy_rows(
            SuggestionUpdate,
            ["id", "suggestion", "status", "text", "reason", "date", "attachment", "author", "created_at"],
            updates,
        )
        copy_rows(
            SuggestionEvent,
            ["id", "suggestion", "action", "label", "from_state", "to_state", "actor", "note", "created_at"],
            events,
        )
        for model in (Suggestion, SuggestionUpdate, SuggestionEvent):
            reset_sequence(model)

    def quick_reports(self) -> None:
        from bench.quickreports import generate_quick_reports

        generate_quick_reports(self)

    def streams(self) -> None:
        """Meetings, announcements, topic calls, surveys, visits (bench/streams.py); own RNG."""
        from bench.streams import generate_streams

        self.stream_counts = generate_streams(self)

    # -- members' duty records and notifications ------------------------------------------------
    def duty_records(self) -> None:
        from django.utils import timezone

        from members.models import DutyEvent

        rng = self.rng
        now = timezone.now()
        ct = self.proposal_ct.pk
        did = next_id(DutyEvent)
        total = self.n["duty"]
        sourced = [
            (m, kind, date, ct, src, title[:300]) for m, kind, date, src, title in self.duty_from_proposals
        ][: total // 3]
        plain_kinds = [
            "activity_attend",
            "plenary_attend",
            "training",
            "village_visit",
            "online_duty",
            "speech",
            "countryside",
            "other",
            "opinion_submitted",
            "activity_leave",
        ]
        weights = [30, 20, 10, 10, 10, 4, 6, 6, 3, 1]
        members = self.member_ids
        points = self.rule_points

        def rows():
            nonlocal did
            for m, kind, date, ctype, src, title in sourced:
                yield (did, m, kind, date, points[kind], title, "", ctype, src, None, now)
                did += 1
            day_span = (self.today - dt.date(self.years[0], 1, 1)).days
            start = dt.date(self.years[0], 1, 1)
            for _ in range(total - len(sourced)):
                kind = rng.choices(plain_kinds, weights=weights)[0]
                date = start + dt.timedelta(days=rng.randrange(day_span))
                yield (did, rng.choice(members), kind, date, points[kind], "", "", None, None, None, now)
                did += 1

        copy_rows(
            DutyEvent,
            [
                "id",
                "member",
                "kind",
                "date",
                "points",
                "title",
                "note",
                "source_type",
                "source_id",
                "created_by",
                "created_at",
            ],
            rows(),
        )
        reset_sequence(DutyEvent)

    def notifications(self) -> None:
        from django.utils import timezone

        from members.models import Notification

        rng = self.rng
        now = timezone.now()
        nid = next_id(Notification)
        ct = self.proposal_ct.pk
        pool = list(self.logins.values())
        rows = []
        for i in range(self.n["notifications"]):
            recipient = pool[(i // 4) % len(pool)] if i % 4 == 0 else rng.choice(self.user_ids)
            year = rng.choice(self.years)
            target = rng.choice(self.proposal_ids_by_year[year]) if self.proposal_ids_by_year[year] else None
            created = now - dt.timedelta(minutes=rng.randrange(60 * 24 * 365))
            rows.append(
                (
                    nid,
                    recipient,
                    "proposal_reply_due",
                    f"提案办理提醒 {i}",
                    "请及时办理。",
                    f"/proposals/{target}/" if target else "",
                    ct if target else None,
                    target,
                    f"bench:{self.tag}:{i}",
                    created,
                    created if rng.random() < 0.6 else None,
                    None,
                    0,
                    "",
                )
            )
            nid += 1
        copy_rows(
            Notification,
            [
                "id",
                "recipient",
                "kind",
                "title",
                "text",
                "url",
                "target_type",
                "target_id",
                "delivery_key",
                "created_at",
                "read_at",
                "emailed_at",
                "email_attempts",
                "email_error",
            ],
            rows,
        )
        reset_sequence(Notification)


def generate(*, seed: int = 1, scale: float = 1.0, verbose: bool = False) -> dict:
    """Insert one generated data set into the current database; returns counts, timings, logins."""
    gen = Generator(seed=seed, scale=scale, verbose=verbose)
    out = gen.run()
    from members.models import Member, User

    out["logins"] = {role: User.objects.get(pk=uid).username for role, uid in gen.logins.items()}
    out["member_id"] = gen.member_ids[0]
    out["member_pk_sample"] = Member.objects.filter(pk=gen.member_ids[0]).values_list("pk", flat=True).first()
    years = gen.years
    sample = gen.proposal_ids_by_year[years[-2]] or gen.proposal_ids_by_year[years[-1]]
    out["proposal_id"] = sample[len(sample) // 2]
    out["year"] = years[-1]
    out["password"] = BENCH_PASSWORD
    from consultations.meetings.bench import bench_plenary  # the 600-member plenary's roll page

    out["meeting_id"] = bench_plenary(seed=seed)
    out["seed"], out["scale"] = seed, scale
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--json", help="write counts, timings and logins to this file")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc.settings.local")
    import django

    django.setup()
    started = time.perf_counter()
    out = generate(seed=args.seed, scale=args.scale, verbose=True)
    out["seconds"] = round(time.perf_counter() - started, 1)
    print(f"generated in {out['seconds']} s: {out['counts']}")
    if args.json:
        import json

        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2, default=str))


if __name__ == "__main__":
    main()
