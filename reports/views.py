"""Views of reports/: thin — parse input, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cppcc.params import id_param
from cppcc.uploads import serve_file
from cppcc.views import xlsx_response
from cppcc.workflow_views import error_text

from . import figures, permissions, selectors, services
from .checks import KIND_LABELS
from .exports import statistics_workbook
from .figures import FIGURES, figure_book
from .forms import ReportCreateForm, ReportHeaderForm, SectionForm
from .models import AnnualReport, ReportSection, ReportSnapshot
from .rendering import Options, report_context


def _year(request) -> int:
    """The ?year= of a page: absent means this year; anything else must be a year the portal
    offers, or the page answers 400 with a Chinese message (never silently another year)."""
    raw = request.GET.get("year", "").strip()
    if not raw:
        return selectors.current_year()
    years = selectors.year_choices()
    try:
        year = int(raw)
    except ValueError:
        raise BadYear(f"年度参数“{raw[:20]}”无效,请选择{years[-1]}—{years[0]}年之间的年度。") from None
    if year not in years:
        raise BadYear(f"没有{year}年的数据,请选择{years[-1]}—{years[0]}年之间的年度。")
    return year


class BadYear(Exception):
    pass


def _bad_year(request, exc: BadYear):
    return render(request, "reports/bad_year.html", {"message": str(exc)}, status=400)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("您的角色无权访问此页面。")


# --- dashboard -----------------------------------------------------------------------------
def dashboard(request):
    _require(permissions.can_view_dashboard(request.user))
    try:
        year = _year(request)
    except BadYear as exc:
        return _bad_year(request, exc)
    data = selectors.dashboard_data(year=year, request=request)
    data["years"] = selectors.year_choices()
    return render(request, "reports/dashboard.html", data)


def export_xlsx(request):
    _require(permissions.can_view_reports(request.user))
    try:
        year = _year(request)
    except BadYear as exc:
        return _bad_year(request, exc)
    content = statistics_workbook(book=figure_book(year, request))
    return xlsx_response(content, f"statistics-{year}.xlsx")


def figure_rows(request, code: str):
    """The rows behind a figure that has no list page of its own (e.g. the research reports)."""
    _require(permissions.can_view_reports(request.user))
    try:
        year = _year(request)
    except BadYear as exc:
        return _bad_year(request, exc)
    rows = figures.figure_rows(code, year) if code in figures.REGISTRY else None
    if rows is None:
        raise Http404("该指标没有明细列表。")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/figure_rows.html",
        {"figure": figures.REGISTRY[code], "year": year, "page_obj": page, "years": selectors.year_choices()},
    )


# --- annual reports ------------------------------------------------------------------------
def report_list(request):
    _require(permissions.can_view_reports(request.user))
    form = ReportCreateForm(request.POST or None, initial={"year": selectors.current_year()})
    if request.method == "POST":
        _require(permissions.can_edit_reports(request.user))
        if form.is_valid():
            try:
                report = services.report_create(year=form.cleaned_data["year"], by=request.user)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, f"已创建{report.year}年度工作报告(以上一年度的文稿为基础)。")
                return redirect(report)
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": selectors.report_list(),
            "form": form,
            "can_edit": permissions.can_edit_reports(request.user),
        },
    )


def _report(year: int) -> AnnualReport:
    try:
        return selectors.report_get(year=year)
    except AnnualReport.DoesNotExist:
        raise Http404("没有该年度的工作报告。") from None


def _sources_panel(request, report: AnnualReport) -> dict:
    book = figure_book(report.year, request)
    ctx = report_context(report=report, book=book)
    return {"used": ctx["used"], "all_figures": [book[f.code] for f in FIGURES]}


def report_detail(request, year: int):
    _require(permissions.can_view_reports(request.user))
    report = _report(year)
    can_edit = permissions.can_edit_reports(request.user)
    form = ReportHeaderForm(request.POST or None, instance=report)
    if request.method == "POST":
        _require(can_edit)
        if form.is_valid():
            try:
                services.report_update(
                    report=report, by=request.user, **{k: form.cleaned_data[k] for k in form.Meta.fields}
                )
            except ValidationError as exc:
                messages.error(request, error_text(exc))
                form.add_error(None, exc)
            else:
                messages.success(request, "报告标题信息已保存。")
                return redirect(report)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "form": form,
            "sections": selectors.report_sections(report=report),
            "snapshots": selectors.snapshot_list(report=report),
            "can_edit": can_edit,
            "literal_numbers": selectors.report_literal_numbers(report=report),
            "findings": selectors.report_preissue(report=report, request=request) if can_edit else [],
            "kind_labels": KIND_LABELS,
            **_sources_panel(request, report),
        },
    )


def section_edit(request, year: int, pk: int | None = None):
    _require(permissions.can_edit_reports(request.user))
    report = _report(year)
    section = get_object_or_404(ReportSection, pk=pk, report=report) if pk else None
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("level", "heading", "body")}
        data |= {"confirmed": request.POST.getlist("confirm_number"), "by": request.user}
        try:
            if section is None:
                after = ReportSection.objects.filter(
                    pk=id_param(request.GET.get("after")) or 0, report=report
                ).first()
                services.section_add(report=report, after=after, **data)
            else:
                services.section_update(section=section, **data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            form.add_error("body", exc)
        else:
            messages.success(request, "章节已保存。")
            return redirect(report)
    return render(
        request,
        "reports/section_form.html",
        {
            "report": report,
            "section": section,
            "form": form,
            "numbers": selectors.section_numbers(
                section=section,
                heading=form["heading"].value() or "",
                body=form["body"].value() or "",
                ticked=request.POST.getlist("confirm_number") if request.method == "POST" else None,
            ),
            **_sources_panel(request, report),
        },
    )


@require_POST
def section_delete(request, year: int, pk: int):
    _require(permissions.can_edit_reports(request.user))
    report = _report(year)
    services.section_delete(section=get_object_or_404(ReportSection, pk=pk, report=report), by=request.user)
    messages.success(request, "章节已删除。")
    return redirect(report)


@require_POST
def section_move(request, year: int, pk: int):
    _require(permissions.can_edit_reports(request.user))
    report = _report(year)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.section_move(
        section=get_object_or_404(ReportSection, pk=pk, report=report), direction=direction, by=request.user
    )
    return redirect(f"{report.get_absolute_url()}#section-{pk}")


def preview(request, year: int):
    _require(permissions.can_view_reports(request.user))
    report = _report(year)
    options = Options(appendix=request.GET.get("appendix") == "1")
    ctx = report_context(report=report, book=figure_book(year, request), options=options)
    return render(request, "reports/preview.html", ctx)


# --- snapshots -----------------------------------------------------------------------------
@require_POST
def snapshot_create(request, year: int):
    _require(permissions.can_edit_reports(request.user))
    report = _report(year)
    try:
        snapshot = services.snapshot_request(
            report=report,
            by=request.user,
            confirmed=request.POST.getlist("confirm"),
            toc=request.POST.get("toc") == "1",
            appendix=request.POST.get("appendix") == "1",
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(report)
    messages.info(request, "已提交生成任务,完成后可在下方下载PDF。")
    return redirect(snapshot)


def snapshot_detail(request, pk: int):
    _require(permissions.can_view_reports(request.user))
    snapshot = get_object_or_404(ReportSnapshot.objects.select_related("report", "requested_by"), pk=pk)
    template = "reports/_snapshot_status.html" if request.htmx else "reports/snapshot_detail.html"
    return render(request, template, {"snapshot": snapshot})


def snapshot_download(request, pk: int):
    _require(permissions.can_view_reports(request.user))
    snapshot = get_object_or_404(ReportSnapshot, pk=pk, status=ReportSnapshot.Status.DONE)
    if not snapshot.pdf:
        raise Http404("该定稿没有PDF文件。")
    return serve_file(snapshot.pdf, download_name=f"{snapshot.year}年度政协常委会工作报告-{snapshot.pk}.pdf")
