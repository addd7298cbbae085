"""Bench step: a year of quick reports (微建议/随手拍/群众诉求) — 20,000 reports with 40,000 photo
rows and their timeline events at scale 1.0 — in consistent final states, written with COPY.
Called by bench/generate.py's Generator as the "quick reports" step."""

from __future__ import annotations

import datetime as dt

PROBLEMS = [
    "人行道被电动车长期占用",
    "道路施工围挡占用车道",
    "小区餐饮油烟直排扰民",
    "公交站台顶棚破损",
    "窨井盖缺失存在安全隐患",
    "菜市场周边流动摊贩占道",
    "路灯损坏多日未修",
    "绿化带垃圾堆积",
    "学校门口上下学拥堵",
    "老旧小区雨天积水",
]
ROADS = ["县前街", "工人路", "宾王路", "稠州北路", "春晗路", "杨村路", "江东中路", "城西大街"]


def generate_quick_reports(gen) -> None:
    """`gen` is bench.generate.Generator after its organisation and members steps."""
    from django.utils import timezone

    from bench.generate import copy_rows, next_id, reset_sequence
    from cppcc.workdays import add_workdays
    from proposals.quickreports.models import QuickCategory, QuickEvent, QuickPhoto, QuickReport

    rng = gen.rng
    tz = timezone.get_current_timezone()
    total, photos_total = gen.n["quickreports"], gen.n["quick_photos"]
    year = gen.this_year
    start = dt.date(year, 1, 1)
    days = max(1, (gen.today - start).days)
    due5 = {}  # 工作日 deadlines from the official calendar, computed once per day
    categories = list(QuickCategory.objects.values_list("pk", flat=True))
    staff = gen.staff_users[0]
    rid, pid, eid = next_id(QuickReport), next_id(QuickPhoto), next_id(QuickEvent)
    reports, photos, events = [], [], []
    kinds = ["suggestion", "snapshot", "appeal"]
    for i in range(total):
        day = start + dt.timedelta(days=rng.randrange(days))
        at = dt.datetime.combine(day, dt.time(rng.randrange(7, 22), rng.randrange(60)), tzinfo=tz)
        member = rng.choice(gen.member_ids)
        user = gen.member_user.get(member) or staff
        age = (gen.today - day).days
        status = rng.choices(
            ["submitted", "triage", "routed", "answered", "resolved", "closed", "supervising"],
            weights=[4, 3, 30, 15, 40, 5, 3] if age > 20 else [30, 20, 40, 5, 3, 1, 1],
        )[0]
        routed_on = due = unit = answered = on_time = resolved = escalated = None
        if status not in ("submitted", "triage", "closed"):
            routed_on = min(gen.today, add_workdays_cached(due5, add_workdays, day, 1))
            due = add_workdays_cached(due5, add_workdays, routed_on, 5)
            unit = gen.units[0] if i % 40 == 0 else rng.choice(gen.units)
        if status in ("answered", "resolved", "supervising"):
            answered = min(gen.today, routed_on + dt.timedelta(days=rng.randrange(1, 12)))
            on_time = answered <= due
        if status == "resolved":
            resolved = min(gen.today, answered + dt.timedelta(days=2))
        if status == "supervising":
            escalated = answered
        text = f"{rng.choice(ROADS)}{rng.choice(PROBLEMS)},请相关部门尽快处理。(压测{i})"
        reports.append(
            (
                rid,
                kinds[i % 3],
                status,
                text,
                rng.choice(categories),
                f"{rng.choice(ROADS)}{rng.randrange(1, 300)}号",
                rng.choice(gen.work_committees),
                None,
                None,
                False,
                "群众" if i % 3 == 2 else "",
                member,
                user,
                at,
                day,
                add_workdays_cached(due5, add_workdays, day, 2),
                unit,
                False,
                routed_on,
                due,
                False,
                0,
                "已处理。" if answered else "",
                answered,
                on_time,
                resolved,
                escalated,
                None,
                None,
                "已通过其他渠道办结" if status == "closed" else "",
            )
        )
        events.append((eid, rid, "submit", "提交", "", "submitted", user, "", at))
        eid += 1
        if routed_on:
            routed_at = dt.datetime.combine(routed_on, dt.time(9), tzinfo=tz)
            events.append((eid, rid, "route", "交办承办单位", "submitted", "routed", staff, "", routed_at))
            eid += 1
        rid += 1
    # photos: two per report on average (stage "report"), as many rows as the scale asks
    first_report = reports[0][0] if reports else 0
    for j in range(photos_total if reports else 0):
        report = first_report + (j // 2) % len(reports)
        photos.append(
            (
                pid,
                report,
                "report",
                f"quickreports/bench/{report}-{j % 2}.jpg",
                1600,
                1200,
                False,
                staff,
                reports[report - first_report][13],
            )
        )
        pid += 1
    copy_rows(
        QuickReport,
        [
            "id", "kind", "status", "text", "category", "address", "work_committee", "latitude", "longitude",
            "keep_location", "on_behalf_of", "member", "submitted_by", "submitted_at", "submitted_on",
            "triage_due_on", "unit", "major", "routed_on", "due_on", "extended", "reopen_count", "answer_text",
            "answered_on", "answered_on_time", "resolved_on", "escalated_on", "merged_into", "opinion",
            "close_reason",
        ],
        reports,
    )  # fmt: skip
    copy_rows(
        QuickPhoto,
        ["id", "report", "stage", "image", "width", "height", "has_location", "uploaded_by", "uploaded_at"],
        photos,
    )
    copy_rows(
        QuickEvent,
        ["id", "report", "action", "label", "from_state", "to_state", "actor", "note", "created_at"],
        events,
    )
    for model in (QuickReport, QuickPhoto, QuickEvent):
        reset_sequence(model)


def add_workdays_cached(cache: dict, add_workdays, day: dt.date, n: int) -> dt.date:
    key = (day, n)
    if key not in cache:
        cache[key] = add_workdays(day, n)
    return cache[key]
