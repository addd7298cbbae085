"""Thin views: parse input, call one service or selector, render. Permissions: permissions.py and
the workflow table; every service checks again."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cppcc.views import xlsx_response
from cppcc.workflow import TransitionNotAllowed
from cppcc.workflow_views import error_text

from . import forms, permissions, photos, selectors, services
from .filters import QuickReportFilter
from .models import PHOTOS_MAX, TEXT_MAX_CHARS, QuickPhoto, QuickReport
from .workflow import HIDDEN_ACTIONS, TRIAGEABLE, quick_machine

PAGE_SIZE = 30


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _get(user, pk: int) -> QuickReport:
    try:
        return selectors.report_get(user=user, pk=pk)
    except QuickReport.DoesNotExist:
        raise Http404("没有找到这条反映,或您无权查看。") from None


def _year(request) -> int:
    """The year asked for, clamped to a sane range (garbage → this year)."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return min(max(year, selectors.YEAR_MIN), selectors.YEAR_MAX)


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- submit -------------------------------------------------------------------------------------
def report_create(request):
    if not permissions.can_submit(request.user):
        raise PermissionDenied("您的角色不能提交微建议。")
    if request.method == "POST":
        form = forms.QuickReportForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            try:
                report = services.quick_report_submit(
                    by=request.user,
                    kind=d["kind"],
                    text=d["text"],
                    category=d["category"],
                    address=d["address"],
                    work_committee=d["work_committee"],
                    files=d["photos"],
                    latitude=d["latitude"],
                    longitude=d["longitude"],
                    keep_location=d["keep_location"],
                    on_behalf_of=d["on_behalf_of"],
                )
            except (ValidationError, TransitionNotAllowed) as exc:
                _errors_to_form(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
            else:
                messages.success(request, f"已提交(编号 {report.pk}),我们会尽快分拨办理。")
                return redirect(f"{report.get_absolute_url()}?submitted=1")
        messages.error(request, "提交未成功,请按提示修改;已填写的内容和选好的照片都保留着。")
        status = 400
    else:
        form = forms.QuickReportForm()
        status = 200
    return render(
        request,
        "quickreports/form.html",
        {
            "form": form,
            "text_max": TEXT_MAX_CHARS,
            "photos_max": PHOTOS_MAX,
            "photo_max_bytes": photos.max_bytes(),
        },
        status=status,
    )


# --- one report ---------------------------------------------------------------------------------
def _run(action: str, report: QuickReport, by, d: dict) -> tuple[QuickReport, str]:
    note = d.get("note", "")
    s = services
    if action == "start_triage":
        return s.quick_start_triage(report=report, by=by), "已开始审核。"
    if action in ("route", "reassign"):
        fn = s.quick_route if action == "route" else s.quick_reassign
        r = fn(report=report, by=by, unit=d["unit"], major=d["major"], note=note)
        return r, f"已交{r.unit}办理,期限{r.due_on:%Y-%m-%d}。"
    if action == "merge":
        into = QuickReport.objects.filter(pk=d["into"]).first()
        return s.quick_merge(report=report, into=into, by=by, note=note), "已合并。"
    if action == "to_opinion":
        return s.quick_to_opinion(report=report, by=by, title=d.get("title", "")), "已转为社情民意信息。"
    if action == "invite_proposal":
        return s.quick_invite_proposal(report=report, by=by, note=note), "已建议委员撰写提案。"
    if action == "close":
        return s.quick_close(report=report, by=by, note=note), "已关闭。"
    if action == "extend":
        r = s.quick_extend(report=report, by=by, note=note)
        return r, f"已延期至{r.due_on:%Y-%m-%d}。"
    if action == "refuse":
        return s.quick_refuse(report=report, by=by, note=note), "已退回审核分拨。"
    if action == "answer":
        r = s.quick_answer(report=report, by=by, text=d["text"], before=d["before"], after=d["after"])
        return r, "已答复。"
    if action in ("resolved", "unresolved"):
        r = s.quick_confirm(report=report, by=by, resolved=action == "resolved", note=note)
        return r, "感谢您的确认。" if action == "resolved" else "已反馈未解决。"
    raise TransitionNotAllowed(f"未知的操作「{action}」")


# one form per action (actions without a form post only the button)
ACTION_FORMS = {
    "route": forms.RouteForm,
    "reassign": forms.RouteForm,
    "merge": forms.MergeForm,
    "to_opinion": forms.OpinionForm,
    "invite_proposal": forms.NoteForm,
    "close": forms.RequiredNoteForm,
    "extend": forms.RequiredNoteForm,
    "refuse": forms.RequiredNoteForm,
    "answer": forms.AnswerForm,
    "resolved": forms.ConfirmForm,
    "unresolved": forms.ConfirmForm,
}


def _form(action: str, report: QuickReport, data=None, files=None):
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        return None
    kwargs = {"report": report} if form_class is forms.RouteForm else {}
    return form_class(data, files, prefix=action, **kwargs)


def _detail_context(request, report: QuickReport, bound=None) -> dict:
    user = request.user
    actions = []
    for t in quick_machine.available(report, user):
        if t.action in HIDDEN_ACTIONS:
            continue
        form = bound if bound is not None and bound.prefix == t.action else _form(t.action, report)
        actions.append((t, form))
    relations = quick_machine.relations(report, user)
    similar = (
        selectors.report_similar(report=report)
        if "triager" in relations and report.status in TRIAGEABLE
        else []
    )
    return {
        "report": report,
        "obj": report,
        "actions": actions,
        "action_url": "quickreports:action",
        "similar": similar,
        "relations": relations,
        "today": timezone.localdate(),
        "clear_draft": request.GET.get("submitted") == "1",
        **selectors.report_parts(report=report),
    }


def report_detail(request, pk: int):
    report = _get(request.user, pk)
    return render(request, "quickreports/detail.html", _detail_context(request, report))


@require_POST
def report_action(request, pk: int, action: str):
    report = _get(request.user, pk)
    if action in HIDDEN_ACTIONS:
        raise Http404
    form = _form(action, report, request.POST, request.FILES)
    if form is not None and not form.is_valid():
        messages.error(request, "请检查填写的内容。")
        return render(
            request, "quickreports/detail.html", _detail_context(request, report, bound=form), status=400
        )
    try:
        _, text = _run(action, report, request.user, form.cleaned_data if form else {})
    except (TransitionNotAllowed, ValidationError) as exc:
        messages.error(request, error_text(exc))
        report = _get(request.user, pk)
        if form is not None and isinstance(exc, ValidationError):
            _errors_to_form(form, exc)
        return render(
            request, "quickreports/detail.html", _detail_context(request, report, bound=form), status=400
        )
    messages.success(request, text)
    if not permissions.can_view(QuickReport.objects.get(pk=pk), request.user):
        return redirect(
            "quickreports:unit_queue" if permissions.can_view_unit_queue(request.user) else "home"
        )
    return redirect("quickreports:detail", pk=pk)


def photo(request, pk: int):
    photo = get_object_or_404(QuickPhoto, pk=pk)
    _get(request.user, photo.report_id)  # 404 unless the user may see the report
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- lists ---------------------------------------------------------------------------------------
def mine(request):
    if not permissions.can_submit(request.user):
        raise PermissionDenied("您的角色没有自己的微建议。")
    page = _page(request, selectors.reports_mine(user=request.user))
    # a 镇街工委's clerk with a member login finds the triage queue here (the menu is by role)
    can_triage = permissions.can_triage_any(request.user) and not permissions.is_staff(request.user)
    return render(request, "quickreports/mine.html", {"page_obj": page, "can_triage": can_triage})


def triage(request):
    if not permissions.can_triage_any(request.user):
        raise PermissionDenied("只有机关工作人员或镇街工委的分拨人员可以审核分拨。")
    page = _page(request, selectors.triage_queue(user=request.user))
    return render(
        request,
        "quickreports/triage.html",
        {
            "page_obj": page,
            "scopes": selectors.user_scope_names(user=request.user),
            "today": timezone.localdate(),
        },
    )


def unit_queue(request):
    if not permissions.can_view_unit_queue(request.user):
        raise PermissionDenied("只有承办单位可以查看本单位待办。")
    show = "all" if request.GET.get("show") == "all" else "open"
    page = _page(request, selectors.unit_queue(user=request.user, show=show))
    return render(
        request,
        "quickreports/unit_queue.html",
        {"page_obj": page, "show": show, "today": timezone.localdate()},
    )


def _register_filter(request) -> QuickReportFilter:
    return QuickReportFilter(request.GET or None, queryset=selectors.register_queryset(user=request.user))


def register(request):
    if not permissions.can_view_register(request.user):
        raise PermissionDenied("只有机关工作人员和领导可以查看登记簿。")
    flt = _register_filter(request)
    qs = flt.qs if flt.is_bound and flt.is_valid() else flt.queryset
    return render(
        request,
        "quickreports/register.html",
        {
            "filter": flt,
            "page_obj": _page(request, qs),
            "can_export": permissions.can_export(request.user),
            "query": request.GET.urlencode(),
            "today": timezone.localdate(),
        },
    )


EXPORT_HEADERS = [
    "编号", "类型", "状态", "提交日期", "反映人", "代为反映", "镇街", "地点", "类别", "内容",
    "承办单位", "重大事项", "交办日期", "办理期限", "答复日期", "按期答复", "答复内容", "照片数",
]  # fmt: skip


def register_export(request):
    if not permissions.can_export(request.user):
        raise PermissionDenied("只有机关工作人员可以导出。")
    from openpyxl import Workbook

    flt = _register_filter(request)
    qs = flt.qs if flt.is_bound and flt.is_valid() else flt.queryset
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("微建议与随手拍")
    ws.append(EXPORT_HEADERS)
    for r in qs.iterator(chunk_size=2000):
        ws.append(
            [
                r.pk,
                r.get_kind_display(),
                r.get_status_display(),
                r.submitted_on,
                r.member.name if r.member_id else str(r.submitted_by_id),
                r.on_behalf_of,
                r.work_committee.name,
                r.address,
                r.category.name,
                r.text,
                r.unit.name if r.unit_id else "",
                "是" if r.major else "否",
                r.routed_on,
                r.due_on,
                r.answered_on,
                {True: "是", False: "否"}.get(r.answered_on_time, ""),
                r.answer_text,
                r.photo_count,
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return xlsx_response(out.getvalue(), f"quickreports-{timezone.localdate():%Y%m%d}.xlsx")


def league(request):
    if not permissions.can_view_register(request.user):
        raise PermissionDenied("只有机关工作人员和领导可以查看。")
    year = _year(request)
    return render(
        request,
        "quickreports/league.html",
        {
            "year": year,
            "units": selectors.unit_league(year=year),
            "towns": selectors.counts_by_work_committee(year=year),
            "kinds": selectors.counts_by_kind(year=year),
        },
    )


def supervision(request):
    if not permissions.can_view_register(request.user):
        raise PermissionDenied("只有机关工作人员和领导可以查看督办件。")
    page = _page(request, selectors.supervision_list())
    return render(request, "quickreports/supervision.html", {"page_obj": page, "today": timezone.localdate()})
