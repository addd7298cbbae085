"""Writes of reports/: the annual report's narrative and its issued snapshots.

reports/ never writes to the other apps; the figures it quotes come from the registry.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from . import permissions
from .checks import literal_numbers, narrative_errors, preissue_findings
from .models import AnnualReport, ReportSection, ReportSnapshot


def check_placeholders(*texts: str) -> None:
    """Raise a ValidationError naming every malformed placeholder ({{x}, {x}, {{x}}} …), every
    placeholder that is not a registered figure and every HTML tag: nothing of it is saved."""
    errors = narrative_errors(*texts)
    if errors:
        raise ValidationError(errors, code="narrative")


def _authorize(by) -> None:
    """Writes of reports/ are the committee staff's (checked here too, not only in the view);
    by=None is the system itself (the demo seed, management commands)."""
    if by is not None and not permissions.can_edit_reports(by):
        raise PermissionDenied("只有政协机关工作人员可以编辑和签发工作报告。")


# --- reports and sections ------------------------------------------------------------------
@transaction.atomic
def report_create(
    *, year: int, title: str = "", occasion: str = "", speaker: str = "", by=None
) -> AnnualReport:
    """A new report for `year`, starting from the previous year's text when there is one."""
    _authorize(by)
    if AnnualReport.objects.filter(year=year).exists():
        raise ValidationError(f"{year}年度的工作报告已存在。", code="exists")
    previous = AnnualReport.objects.filter(year__lt=year).order_by("-year").first()
    report = AnnualReport.objects.create(
        year=year,
        title=title or (previous.title if previous else "政协常务委员会工作报告"),
        occasion=occasion,
        speaker=speaker or (previous.speaker if previous else ""),
        salutation=previous.salutation if previous else "各位委员:",
    )
    if previous is not None:
        ReportSection.objects.bulk_create(
            ReportSection(
                report=report,
                order=s.order,
                level=s.level,
                heading=shift_years(s.heading, by=year - previous.year),
                body=s.body,
            )
            for s in previous.sections.all()
        )
    return report


def shift_years(text: str, *, by: int) -> str:
    """Move every "YYYY年" in a heading on by `by` years ("2020年工作回顾" -> "2021年工作回顾",
    "2021年工作任务" -> "2022年工作任务"); the body keeps last year's words for staff to rewrite."""
    if not by:
        return text
    return re.sub(r"(?<!\d)(\d{4})(?=年)", lambda m: str(int(m.group(1)) + by), text)


@transaction.atomic
def report_update(
    *, report: AnnualReport, title: str, occasion: str, speaker: str, salutation: str, by=None
) -> AnnualReport:
    _authorize(by)
    check_placeholders(title, occasion, speaker, salutation)
    report.title, report.occasion, report.speaker, report.salutation = title, occasion, speaker, salutation
    report.save()
    return report


@transaction.atomic
def section_add(
    *,
    report: AnnualReport,
    level: int,
    heading: str,
    body: str,
    after: ReportSection | None = None,
    confirmed: Sequence[str] = (),
    by=None,
) -> ReportSection:
    _authorize(by)
    check_placeholders(heading, body)
    if after is not None:
        order = after.order + 1
        report.sections.filter(order__gte=order).update(order=F("order") + 1)
    else:
        order = (report.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section = ReportSection.objects.create(
        report=report,
        order=order,
        level=level,
        heading=heading,
        body=body,
        confirmed_numbers=_confirmed_present(heading, body, confirmed),
    )
    AnnualReport.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    return section


@transaction.atomic
def section_update(
    *,
    section: ReportSection,
    level: int,
    heading: str,
    body: str,
    confirmed: Sequence[str] | None = None,
    by=None,
) -> ReportSection:
    """Save a section. `confirmed`: the literal numbers staff ticked as right (keys of
    checks.literal_numbers); None keeps the earlier confirmations of numbers still in the text."""
    _authorize(by)
    check_placeholders(heading, body)
    section = ReportSection.objects.select_for_update().get(pk=section.pk)
    section.level, section.heading, section.body = level, heading, body
    section.confirmed_numbers = _confirmed_present(
        heading, body, section.confirmed_numbers or [] if confirmed is None else confirmed
    )
    section.save()
    AnnualReport.objects.filter(pk=section.report_id).update(updated_at=timezone.now())
    return section


def _confirmed_present(heading: str, body: str, confirmed: Sequence[str]) -> list[str]:
    """The confirmed literal numbers that are still in the text (in text order)."""
    wanted = set(confirmed)
    return [n.key for n in literal_numbers(f"{heading}\n{body}") if n.key in wanted]


@transaction.atomic
def section_delete(*, section: ReportSection, by=None) -> None:
    _authorize(by)
    AnnualReport.objects.filter(pk=section.report_id).update(updated_at=timezone.now())
    section.delete()


@transaction.atomic
def section_move(*, section: ReportSection, direction: str, by=None) -> None:
    """Swap a section with its neighbour ("up" or "down"); orders are renumbered 1..n first."""
    _authorize(by)
    sections = list(
        ReportSection.objects.select_for_update().filter(report_id=section.report_id).order_by("order", "id")
    )
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(sections):
        sections[index], sections[other] = sections[other], sections[index]
    for number, s in enumerate(sections, start=1):
        s.order = number
    ReportSection.objects.bulk_update(sections, ["order"])


# --- snapshots -----------------------------------------------------------------------------
def preissue_check(*, report: AnnualReport) -> list:
    """The pre-issue findings of a report (see checks.preissue_findings), on live figures."""
    from .figures import FigureBook

    return preissue_findings(
        report=report, book=FigureBook(report.year), previous=FigureBook(report.year - 1)
    )


@transaction.atomic
def snapshot_request(
    *,
    report: AnnualReport,
    by,
    confirmed: Sequence[str] = (),
    toc: bool = False,
    appendix: bool = False,
) -> ReportSnapshot:
    """Issue the report: queue the generation of a PDF snapshot (the Celery task runs after
    commit). The pre-issue check runs here; every finding must be among `confirmed` (its key),
    or nothing is queued. The findings and who confirmed them, when, are frozen on the snapshot."""
    if by is None:
        raise PermissionDenied("签发工作报告须由工作人员确认。")
    _authorize(by)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    sections = list(report.sections.all())
    check_placeholders(report.title, report.occasion, *(t for s in sections for t in (s.heading, s.body)))
    findings = preissue_check(report=report)
    unconfirmed = [f for f in findings if f.key not in set(confirmed)]
    if unconfirmed:
        raise ValidationError(
            f"签发前检查发现 {len(unconfirmed)} 项问题尚未确认:"
            + ";".join(f.message for f in unconfirmed[:5])
            + ("……" if len(unconfirmed) > 5 else "")
            + " 请修改文稿,或在签发页逐项核对后勾选确认。",
            code="preissue",
        )
    now = timezone.now()
    snapshot = ReportSnapshot.objects.create(
        report=report,
        year=report.year,
        requested_by=by,
        with_toc=toc,
        with_appendix=appendix,
        preissue={
            "findings": [f.as_json() for f in findings],
            "confirmed_by_id": by.pk,
            "confirmed_by": by.display_name,
            "confirmed_at": now.isoformat(),
        },
    )
    from .tasks import report_snapshot_generate

    transaction.on_commit(lambda: report_snapshot_generate.delay(snapshot.pk))
    return snapshot


def snapshot_generate(*, snapshot: ReportSnapshot) -> ReportSnapshot:
    """Compute the figures, typeset the PDF and freeze both on the snapshot.

    The job state (pending → running → done/failed) is written here only; it is the state of a
    background job, not a business workflow, so it has no table in a workflow.py.
    """
    from .rendering import FontMissing, Options, render_report

    updated = ReportSnapshot.objects.filter(pk=snapshot.pk, status=ReportSnapshot.Status.PENDING).update(
        status=ReportSnapshot.Status.RUNNING
    )
    snapshot.refresh_from_db()
    if not updated:
        return snapshot  # already taken by another worker (a redelivered task)
    started = time.monotonic()
    try:
        rendered = render_report(
            report=snapshot.report,
            pdf=True,
            options=Options(toc=snapshot.with_toc, appendix=snapshot.with_appendix),
        )
    except FontMissing as exc:
        return _snapshot_fail(snapshot, str(exc))
    except Exception as exc:  # noqa: BLE001 - the staff must see why; the traceback goes to the log
        import logging

        logging.getLogger(__name__).exception("report snapshot %s failed", snapshot.pk)
        return _snapshot_fail(snapshot, f"生成失败:{exc}")
    with transaction.atomic():
        snapshot.figures = rendered.figures
        snapshot.html = rendered.html
        snapshot.text = rendered.text
        snapshot.pdf.save(
            f"{snapshot.year}年度工作报告-{snapshot.pk}.pdf", ContentFile(rendered.pdf), save=False
        )
        snapshot.status = ReportSnapshot.Status.DONE
        snapshot.error = ""
        snapshot.finished_at = timezone.now()
        snapshot.seconds = round(time.monotonic() - started, 2)
        snapshot.save()
    return snapshot


def _snapshot_fail(snapshot: ReportSnapshot, message: str) -> ReportSnapshot:
    snapshot.status = ReportSnapshot.Status.FAILED
    snapshot.error = message
    snapshot.finished_at = timezone.now()
    snapshot.save(update_fields=["status", "error", "finished_at"])
    return snapshot
