"""The reminder scan of quick reports: due soon, due today, overdue (staff copied), and overdue by
JOBS_QUICK_ESCALATE_WORKDAYS 工作日 → 督办 (escalated_on set, leaders and staff told once).

A fixed number of queries whatever the number of reports; every notice has a delivery key (the
report, the stage and the due date), so running the scan twice sends nothing twice, and a new due
date (延期, 重新办理) starts the reminders again."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from cppcc.jobs import Notice, deadline_stage, deliver, staff_users, unit_users_by_unit
from cppcc.workdays import add_workdays
from members.models import Role, User

from .models import QuickReport, QuickStatus


def quick_deadline_scan(*, today: dt.date) -> int:
    return _handling_scan(today=today) + _triage_scan(today=today)


def _triage_scan(*, today: dt.date) -> int:
    """Reports still waiting for triage after their 审核分拨 deadline (DeadlineRule "triage"):
    the office and the 镇街's own triage staff, once per report and deadline."""
    from .models import TriageScope

    waiting = list(
        QuickReport.objects.filter(
            status__in=(QuickStatus.SUBMITTED, QuickStatus.TRIAGE), triage_due_on__lt=today
        ).order_by("triage_due_on", "pk")
    )
    if not waiting:
        return 0
    scoped: dict[int, list] = {}
    for scope in TriageScope.objects.filter(
        work_committee_id__in={r.work_committee_id for r in waiting}, user__is_active=True
    ).select_related("user"):
        scoped.setdefault(scope.work_committee_id, []).append(scope.user)
    staff = staff_users()
    notices = []
    for r in waiting:
        title = f"微建议待分拨已超期:{r.summary}"
        text = f"#{r.pk}于{r.submitted_on:%Y年%m月%d日}提交,分拨期限{r.triage_due_on:%Y年%m月%d日},请尽快审核分拨。"
        for user in [*staff, *scoped.get(r.work_committee_id, [])]:
            notices.append(
                Notice(user, "quick_triage_overdue", title, text, r, f"{r.pk}-triage", r.triage_due_on)
            )
    return deliver(notices)


def _handling_scan(*, today: dt.date) -> int:
    before = settings.JOBS_QUICK_REMIND_DAYS_BEFORE
    every = settings.JOBS_QUICK_OVERDUE_EVERY_DAYS
    escalate_cutoff = add_workdays(today, -settings.JOBS_QUICK_ESCALATE_WORKDAYS)
    horizon = today + dt.timedelta(days=max(before, default=0))
    reports = list(
        QuickReport.objects.filter(status=QuickStatus.ROUTED, due_on__lte=horizon, unit__isnull=False)
        .select_related("unit")
        .order_by("due_on", "pk")
    )
    # 督办: long overdue reports join the leaders' list once (a plain UPDATE: rerunning changes nothing)
    to_escalate = [r for r in reports if r.due_on <= escalate_cutoff and r.escalated_on is None]
    if to_escalate:
        QuickReport.objects.filter(pk__in=[r.pk for r in to_escalate], escalated_on__isnull=True).update(
            escalated_on=today
        )
    if not reports:
        return 0
    users = unit_users_by_unit(r.unit_id for r in reports)
    staff = None
    leaders = None
    notices: list[Notice] = []
    for r in reports:
        days_left = (r.due_on - today).days
        stage = deadline_stage(days_left=days_left, before=before, every=every)
        due = f"{r.due_on:%Y年%m月%d日}"
        label = f"#{r.pk}{r.summary}"
        if stage is not None:
            if days_left > 0:
                title, text = f"微建议即将到期:{r.summary}", f"{label}的答复期限为{due},还有{days_left}天。"
            elif days_left == 0:
                title, text = f"微建议今天到期:{r.summary}", f"{label}的答复期限为今天({due}),请尽快答复。"
            else:
                title = f"微建议已逾期{-days_left}天:{r.summary}"
                text = f"{label}的答复期限为{due},已逾期{-days_left}天({r.unit}),请尽快答复。"
            for user in users.get(r.unit_id, []):
                notices.append(Notice(user, "quick_deadline", title, text, r, f"{r.pk}-{stage}", r.due_on))
            if days_left < 0 and stage != "due":  # past the day's grace: staff copied
                staff = staff_users() if staff is None else staff
                for user in staff:
                    notices.append(Notice(user, "quick_overdue", title, text, r, f"{r.pk}-{stage}", r.due_on))
        if r.due_on <= escalate_cutoff:
            if leaders is None:
                leaders = list(User.objects.filter(role=Role.LEADER, is_active=True).order_by("pk"))
                staff = staff_users() if staff is None else staff
            title = f"督办:微建议逾期未答复 {r.summary}"
            text = f"{label}由{r.unit}办理,期限{due},已超过{settings.JOBS_QUICK_ESCALATE_WORKDAYS}个工作日未答复,已列入督办。"
            for user in [*leaders, *staff]:
                notices.append(Notice(user, "quick_supervise", title, text, r, f"{r.pk}-escalate", r.due_on))
    return deliver(notices)
