import uuid
from urllib.parse import quote

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cppcc.params import id_list, year_or_404, year_param
from cppcc.workflow import TransitionNotAllowed

from . import conf, permissions, selectors, services
from .filters import MemberFilter
from .forms import (
    DutyBulkAddForm,
    DutyRulesApplyForm,
    RosterUploadForm,
    SelfReportForm,
    SelfReportReviewForm,
)
from .models import DutyEvent, Member, Notification, SelfReport
from .roster import roster_export_xlsx, roster_template_xlsx
from .workflow import SELF_REPORT_FLOW


def notification_inbox(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.notification_list(user=request.user, unread_only=unread_only), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "members/notifications.html", {"page_obj": page, "unread_only": unread_only})


@require_POST
def notification_read(request):
    ids = id_list(request.POST.getlist("ids")) if "ids" in request.POST else None
    count = services.notification_mark_read(user=request.user, notification_ids=ids)
    messages.success(request, f"已将 {count} 条消息标记为已读。")
    return redirect("members:notifications")


def notification_open(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(user=request.user, notification_ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("members:notifications")


def member_directory(request):
    if not permissions.can_view_directory(request.user):
        raise PermissionDenied("您无权查看委员名录。")
    filterset = MemberFilter(request.GET or None, queryset=Member.objects.none())
    qs = selectors.member_directory(filters=request.GET)
    page = Paginator(qs, conf.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/directory.html",
        {
            "page_obj": page,
            "filter_form": filterset.form,
            "show_contacts": permissions.can_view_contact_details(request.user),
            "can_manage": permissions.can_manage_roster(request.user),
            "can_view_scores": permissions.can_view_scores(request.user),
            "query": request.GET.urlencode(),
        },
    )


def member_detail(request, pk: int):
    if not permissions.can_view_directory(request.user):
        raise PermissionDenied("您无权查看委员信息。")
    member = get_object_or_404(
        Member.objects.select_related("sector", "work_committee", "village").prefetch_related(
            "special_committees", "terms"
        ),
        pk=pk,
    )
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "show_contacts": permissions.can_view_contact_details(request.user),
            "can_view_record": permissions.can_view_duty_record(request.user, member),
        },
    )


# --- helpers ---------------------------------------------------------------------------------
def _year(request, default: int | None = None) -> int:
    return year_param(request.GET.get("year"), default or timezone.localdate().year)


def _year_choices(selected: int) -> list[int]:
    this_year = timezone.localdate().year
    years = set(range(this_year, this_year - 10, -1)) | {selected}
    return sorted(years, reverse=True)


def _require(allowed: bool, message: str = "您无权访问此页面。") -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- roster import / export -------------------------------------------------------------------
ROSTER_SESSION_KEY = "members_roster_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def roster_template(request):
    _require(permissions.can_manage_roster(request.user))
    return _xlsx_response(roster_template_xlsx(), "委员名册模板.xlsx")


def roster_export(request):
    _require(permissions.can_manage_roster(request.user))
    qs = selectors.member_directory(filters=request.GET, active_only=False)
    return _xlsx_response(roster_export_xlsx(queryset=qs), f"委员名册-{timezone.localdate():%Y%m%d}.xlsx")


def roster_import(request):
    _require(permissions.can_manage_roster(request.user))
    form = RosterUploadForm()
    preview = None
    if request.method == "POST" and request.POST.get("confirm"):
        path = request.session.get(ROSTER_SESSION_KEY)
        if not path or not default_storage.exists(path):
            messages.error(request, "待导入的文件已失效,请重新上传。")
            return redirect("members:roster_import")
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
        try:
            outcome = services.roster_import_apply(data=data, by=request.user)
        except services.RosterImportError as exc:
            messages.error(request, exc.messages[0])
            preview = exc.outcome
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            default_storage.delete(path)
            request.session.pop(ROSTER_SESSION_KEY, None)
            t = outcome.totals
            messages.success(
                request, f"名册已导入:新增 {t['new']} 名,更新 {t['update']} 名,无变化 {t['unchanged']} 名。"
            )
            return redirect("members:roster_import")
    elif request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            try:
                preview = services.roster_import_preview(data=data)
            except ValidationError as exc:
                form.add_error("file", exc.messages[0])
            else:
                old = request.session.get(ROSTER_SESSION_KEY)
                if old and default_storage.exists(old):
                    default_storage.delete(old)
                path = default_storage.save(f"members/imports/{uuid.uuid4().hex}.xlsx", ContentFile(data))
                request.session[ROSTER_SESSION_KEY] = path
    return render(request, "members/roster_import.html", {"form": form, "preview": preview})


# --- duty record, scores -------------------------------------------------------------------------
def _duty_context(member, year: int) -> dict:
    return {
        "member": member,
        "year": year,
        "years": _year_choices(year),
        "events": selectors.duty_record(member=member, year=year),
        "by_rule": selectors.duty_record_by_rule(member=member, year=year),
        "summary": selectors.member_year_summary(member=member, year=year),
    }


def duty_record_view(request, pk: int):
    member = get_object_or_404(Member.objects.select_related("sector", "work_committee"), pk=pk)
    _require(permissions.can_view_duty_record(request.user, member), "您只能查看本人的履职档案。")
    context = _duty_context(member, _year(request))
    context["can_manage"] = permissions.can_manage_duty_records(request.user)
    return render(request, "members/duty_record.html", context)


def my_duty(request):
    member = selectors.member_for_user(request.user)
    _require(member is not None, "只有委员才有履职档案。")
    context = _duty_context(member, _year(request))
    context["mine"] = True
    return render(request, "members/duty_record.html", context)


def duty_file_print(request, pk: int, year: int):
    year = year_or_404(year)
    member = get_object_or_404(Member.objects.select_related("sector", "work_committee", "village"), pk=pk)
    _require(permissions.can_view_duty_record(request.user, member), "您只能查看本人的履职档案。")
    return render(request, "members/duty_file.html", {**_duty_context(member, year), "printable": True})


def duty_file_pdf(request, pk: int, year: int):
    year = year_or_404(year)
    member = get_object_or_404(Member.objects.select_related("sector", "work_committee", "village"), pk=pk)
    _require(permissions.can_view_duty_record(request.user, member), "您只能查看本人的履职档案。")
    html = render_to_string(
        "members/duty_file.html", {**_duty_context(member, year), "pdf": True}, request=request
    )
    from weasyprint import CSS, HTML

    css = CSS(filename=finders.find("members/duty_file.css"))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(stylesheets=[css])
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"履职档案-{member.name}-{year}.pdf"
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
    return response


def ranking(request):
    _require(permissions.can_view_scores(request.user))
    year = _year(request)
    by = request.GET.get("by", "member")
    context = {"year": year, "years": _year_choices(year), "by": by, "by_keep": {"by": by}}
    if by == "sector":
        context["groups"] = selectors.sector_ranking(year=year)
        context["group_label"] = "界别"
    elif by == "work_committee":
        context["groups"] = selectors.work_committee_ranking(year=year)
        context["group_label"] = "镇街工委"
    else:
        context["by"] = "member"
        rows, context["stats"] = selectors.member_scores_and_stats(year=year)
        if request.GET.get("with_events") == "1":  # the dashboard's 有履职记录的委员
            rows = [r for r in rows if r["events"]]
        context["page_obj"] = Paginator(rows, conf.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
        context["rank_offset"] = context["page_obj"].start_index() - 1 if rows else 0
    context["can_manage"] = permissions.can_manage_duty_records(request.user)
    return render(request, "members/ranking.html", context)


def below_minimum(request):
    _require(permissions.can_view_scores(request.user))
    year = _year(request)
    rows = selectors.members_below_minimum(year=year)
    page = Paginator(rows, conf.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "members/below_minimum.html", {"year": year, "years": _year_choices(year), "page_obj": page}
    )


def duty_bulk_add(request):
    _require(permissions.can_manage_duty_records(request.user))
    form = DutyBulkAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            events = services.duty_events_bulk_add(
                kind=data["kind"].code,
                date=data["date"],
                title=data["title"],
                members=data["members"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"已为 {len(events)} 名委员记录「{data['kind'].name}」。")
            return redirect("members:duty_bulk_add")
    return render(request, "members/duty_bulk_add.html", {"form": form})


@require_POST
def duty_event_delete(request, pk: int):
    _require(permissions.can_manage_duty_records(request.user))
    event = get_object_or_404(DutyEvent, pk=pk)
    try:
        services.duty_event_delete(event=event, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "已删除该条履职记录。")
    return redirect(f"{reverse('members:duty_record', args=[event.member_id])}?year={event.date.year}")


def duty_rules_apply(request):
    _require(permissions.can_manage_duty_records(request.user))
    form = DutyRulesApplyForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        changed = services.duty_rules_apply(year=year)
        messages.success(
            request,
            f"已按现行计分规则重算{f'{year}年度' if year else '所有年度'}的履职得分,更新 {changed} 条记录。",
        )
        return redirect("members:ranking")
    return render(request, "members/duty_rules_apply.html", {"form": form})


# --- self-reports (述职) ---------------------------------------------------------------------------
def self_report(request):
    member = selectors.member_for_user(request.user)
    _require(member is not None, "只有委员才需要填写述职报告。")
    year = _year(request)
    report = selectors.self_report_for(member=member, year=year)
    form = SelfReportForm(request.POST or None, initial={"text": report.text if report else ""})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.self_report_save(
                member=member, year=year, text=form.cleaned_data["text"], by=request.user
            )
            if request.POST.get("action") == "submit":
                services.self_report_submit(report=report, by=request.user)
                messages.success(request, f"{year}年度述职报告已提交。")
            else:
                messages.success(request, "草稿已保存。")
        except (ValidationError, TransitionNotAllowed) as exc:
            messages.error(request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            return redirect(f"{reverse('members:self_report')}?year={year}")
    context = _duty_context(member, year)
    context.update({"form": form, "report": report, "editable": report is None or report.status == "draft"})
    return render(request, "members/self_report.html", context)


def self_report_list(request):
    _require(permissions.can_review_self_reports(request.user) or permissions.can_view_scores(request.user))
    year = _year(request)
    status = request.GET.get("status", "")
    page = Paginator(selectors.self_report_list(year=year, status=status), conf.MEMBERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "members/self_report_list.html",
        {
            "year": year,
            "years": _year_choices(year),
            "page_obj": page,
            "status": status,
            "statuses": SelfReport.Status.choices,
        },
    )


def self_report_detail(request, pk: int):
    report = get_object_or_404(SelfReport.objects.select_related("member__sector", "reviewer"), pk=pk)
    _require(permissions.can_view_self_report(request.user, report), "您无权查看该述职报告。")
    form = SelfReportReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if request.POST.get("action") == "return":
                services.self_report_return(report=report, by=request.user, note=comment)
                messages.success(request, "已退回修改。")
            else:
                services.self_report_review(report=report, by=request.user, comment=comment)
                messages.success(request, "已审阅。")
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            return redirect(report.get_absolute_url())
    context = _duty_context(report.member, report.year)
    context.update(
        {
            "report": report,
            "form": form,
            "timeline": report.events.select_related("by"),
            "actions": [t for t in SELF_REPORT_FLOW.available(report, request.user) if t.action != "submit"],
        }
    )
    return render(request, "members/self_report_detail.html", context)
