"""Reminder scans of members/: the leaders' weekly digest, the staff's monthly digest and the
quarterly notice to members under the yearly duty minimum. The digests collect lines from every
app's reminders.py through cppcc.jobs.digest_lines (members/ never imports the apps above it)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from cppcc import jobs
from cppcc.jobs import Notice, deliver, month_start, quarter_start, staff_users, week_start

from .models import Instruction, Member, Role, User


def _digest_text(lines: list[str]) -> str:
    return "\n".join(f"· {line}" for line in lines) or "本期没有需要关注的事项。"


def leader_digest_scan(*, today: dt.date) -> int:
    """Once per ISO week (key day: that week's Monday): every active leader gets the previous seven
    days — new key proposals, overdue counts, instructions awaiting feedback."""
    leaders = list(User.objects.filter(role=Role.LEADER, is_active=True).order_by("pk"))
    if not leaders:
        return 0
    start, end = today - dt.timedelta(days=7), today - dt.timedelta(days=1)
    text = _digest_text(jobs.digest_lines(audience="leader", start=start, end=end))
    title = f"每周工作摘要({start:%m月%d日}—{end:%m月%d日})"
    week = week_start(today)
    return deliver(Notice(u, "leader_digest", title, text, None, "weekly", week) for u in leaders)


def staff_digest_scan(*, today: dt.date) -> int:
    """Once per month (key day: the 1st): every staff user gets the previous month's figures."""
    staff = staff_users()
    if not staff:
        return 0
    first = month_start(today)
    end = first - dt.timedelta(days=1)
    start = end.replace(day=1)
    text = _digest_text(jobs.digest_lines(audience="staff", start=start, end=end))
    title = f"{start:%Y年%m月}工作摘要"
    return deliver(Notice(u, "staff_digest", title, text, None, "monthly", first) for u in staff)


def digest_lines(*, audience: str, start: dt.date, end: dt.date) -> list[str]:
    """members/' lines of the digests (collected by cppcc.jobs.digest_lines)."""
    count = Instruction.objects.filter(date__gte=start, date__lte=end).count()
    return [f"本期新录入领导批示:{count}件"]


def _below_minimum(year: int) -> list[dict]:
    """[{member_id, missing: [{name, required, done}]}] — members.selectors.members_below_minimum."""
    from . import selectors

    return selectors.members_below_minimum(year=year)


def duty_minimum_scan(*, today: dt.date) -> int:
    """In the months of JOBS_DUTY_MINIMUM_MONTHS (from day JOBS_DUTY_MINIMUM_DAY), once per
    quarter: each member with a login who is under a yearly minimum, and a summary to staff."""
    if today.month not in settings.JOBS_DUTY_MINIMUM_MONTHS or today.day < settings.JOBS_DUTY_MINIMUM_DAY:
        return 0
    rows = _below_minimum(today.year)
    quarter = quarter_start(today)
    stage = f"q{(quarter.month - 1) // 3 + 1}"
    members = {
        m.pk: m
        for m in Member.objects.filter(
            pk__in=[r["member_id"] for r in rows], user__isnull=False, user__is_active=True
        ).select_related("user")
    }
    notices = []
    for row in rows:
        member = members.get(row["member_id"])
        if member is None:
            continue
        missing = ";".join(f"{m['name']}:要求{m['required']}次,已完成{m['done']}次" for m in row["missing"])
        notices.append(
            Notice(
                member.user,
                "duty_minimum",
                f"{today.year}年度履职尚未达到最低要求",
                f"截至{today:%m月%d日},您{today.year}年度的履职情况:{missing}。请合理安排,按时完成。",
                member,
                stage,
                quarter,
            )
        )
    if rows:
        names = "、".join(r["name"] for r in rows[:20]) + ("等" if len(rows) > 20 else "")
        for user in staff_users():
            notices.append(
                Notice(
                    user,
                    "duty_minimum_summary",
                    f"{today.year}年度履职未达最低要求的委员:{len(rows)}人",
                    f"截至{today:%m月%d日}:{names}。已逐一提醒。",
                    None,
                    stage,
                    quarter,
                )
            )
    return deliver(notices)
