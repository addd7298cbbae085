"""Thin views of members.bodies: the people picker, body pages, figure lists, 一村一委员."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from cppcc.params import id_param, this_year, year_param
from cppcc.workflow_views import error_text
from members.models import Village

from . import figure_queries, forms, permissions, selectors, services
from .body import body_get
from .models import HeardItem, Visit
from .trace import trace_chain

PAGE_SIZE = 30
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,49}")  # a form field's name, prefix included


def _year(request) -> int:
    return year_param(request.GET.get("year"), this_year())


# --- people picker ---------------------------------------------------------------------------------
def _picker_filters(request) -> selectors.PickerFilters:
    get = request.GET
    return selectors.PickerFilters(
        q=(get.get("picker_q") or "").strip()[:50],
        sector=id_param(get.get("picker_sector")),
        committee=id_param(get.get("picker_committee")),
        town=id_param(get.get("picker_town")),
    )


def _picker_field(request) -> str:
    field = request.GET.get("field", "")
    if not FIELD_NAME.fullmatch(field):
        raise Http404("参数无效。")
    return field


def _selected(request, field: str) -> set[int]:
    return {i for i in (id_param(v) for v in request.GET.getlist(field)[:1000]) if i}


def picker(request):
    """htmx fragment: the members matching the typed text and filters (constant queries)."""
    if not permissions.can_use_picker(request.user):
        raise PermissionDenied("无权查找委员。")
    field = _picker_field(request)
    multiple = request.GET.get("multiple", "1") != "0"
    filters = _picker_filters(request)
    exclude = _selected(request, field) if multiple else set()
    rows, total = selectors.picker_search(filters, exclude)
    group_query = urlencode(
        {
            "field": field,
            "group": 1,
            **{
                k: v
                for k, v in (
                    ("picker_sector", filters.sector),
                    ("picker_committee", filters.committee),
                    ("picker_town", filters.town),
                    ("picker_q", filters.q),
                )
                if v
            },
        }
    )
    return render(
        request,
        "bodies/picker/_results.html",
        {
            "rows": rows,
            "total": total,
            "filters": filters,
            "field": field,
            "multiple": multiple,
            "group_query": group_query,
            "group_limit": selectors.GROUP_LIMIT,
        },
    )


def picker_chips(request):
    """htmx fragment: checked chips for the people just added (one, or a whole filtered group)."""
    if not permissions.can_use_picker(request.user):
        raise PermissionDenied("无权查找委员。")
    field = _picker_field(request)
    multiple = request.GET.get("multiple", "1") != "0"
    exclude = _selected(request, field) if multiple else set()
    if request.GET.get("group") == "1":
        filters = _picker_filters(request)
        if not filters.has_group:
            return HttpResponseBadRequest("请先选择界别、专委会或镇街。")
        people = selectors.picker_group(filters, exclude)
    else:
        ids = {i for i in (id_param(v) for v in request.GET.getlist("ids")[:50]) if i} - exclude
        people = selectors.picker_members(ids) if ids else []
    return render(
        request, "bodies/picker/_chips.html", {"people": people, "field": field, "multiple": multiple}
    )


def proposal_picker(request):
    """htmx fragment: proposals matching the typed 案由 or number (for 并案's 主提案; the office only)."""
    if not permissions.is_staff(request.user):
        raise PermissionDenied("只有政协机关工作人员可以查找提案。")
    field = _picker_field(request)
    rows, total = selectors.proposal_search((request.GET.get("picker_q") or "")[:50])
    return render(
        request,
        "bodies/picker/_proposal_results.html",
        {
            "rows": rows,
            "total": total,
            "field": field,
            "typed": bool((request.GET.get("picker_q") or "").strip()),
        },
    )


def proposal_chip(request):
    if not permissions.is_staff(request.user):
        raise PermissionDenied("只有政协机关工作人员可以查找提案。")
    field = _picker_field(request)
    ids = {i for i in (id_param(v) for v in request.GET.getlist("ids")[:1]) if i}
    return render(
        request,
        "bodies/picker/_proposal_chips.html",
        {"rows": selectors.proposals_by_id(ids), "field": field},
    )


# --- bodies ----------------------------------------------------------------------------------------
def body_index(request):
    if not permissions.can_view_body(request.user):
        raise PermissionDenied("无权查看。")
    return render(
        request,
        "bodies/body_index.html",
        {"groups": selectors.all_bodies(), "mine": selectors.my_bodies(request.user)},
    )


def _body_or_404(request, body_type: str, pk: int):
    if not permissions.can_view_body(request.user):
        raise PermissionDenied("无权查看。")
    body = body_get(body_type, pk)
    if body is None:
        raise Http404("机构不存在。")
    return body


def body_detail(request, body_type: str, pk: int):
    body = _body_or_404(request, body_type, pk)
    year = _year(request)
    internals = permissions.can_see_body_internals(request.user, body)
    context = {
        "body": body,
        "year": year,
        "years": range(timezone.localdate().year + 1, 2016, -1),
        "internals": internals,
        "can_organise": permissions.can_organise(request.user, body),
        "organisers": selectors.body_organisers(body),
        "activities": list(selectors.body_activities(body, user=request.user, year=year)[:100]),
    }
    if internals:
        members = Paginator(selectors.body_members(body), 60).get_page(request.GET.get("page"))
        context.update(
            members=members,
            plan_topics=list(selectors.body_plan_topics(body, year=year)),
            progress=selectors.body_suggestion_progress(body, year=year),
            figures=figure_queries.body_figures(body, year=year),
        )
    return render(request, "bodies/body_detail.html", context)


BODY_FIGURE_LABELS = {
    "held": "已举办活动",
    "come_consult": "已举办“请你来协商”",
    "planned": "计划中或已延期",
    "cancelled": "已取消",
    "suggestions": "协商建议",
}


def body_rows(request, body_type: str, pk: int):
    """The exact rows behind one of a body's figures."""
    body = _body_or_404(request, body_type, pk)
    if not permissions.can_see_body_internals(request.user, body):
        raise PermissionDenied("只有政协机关、领导和本机构组织者可以查看。")
    key = request.GET.get("key", "")
    year = _year(request)
    qs = figure_queries.body_figure_queryset(body, key, year)
    if qs is None:
        raise Http404("没有这项数字。")
    rows = qs.select_related(*(("activity",) if key == "suggestions" else ("kind",))).order_by("pk")
    return render(
        request,
        "bodies/figure_rows.html",
        {
            "title": f"{body.name} {year}年 {BODY_FIGURE_LABELS[key]}",
            "rows": list(rows[:1000]),
            "total": rows.count(),
            "suggestions": key == "suggestions",
        },
    )


def figure_rows(request):
    """The exact rows behind a bodies.* figure of the registry (same queryset as its count)."""
    if not permissions.sees_everything(request.user):
        raise PermissionDenied("只有政协机关和领导可以查看。")
    code = request.GET.get("code", "")
    year = _year(request)
    qs = figure_queries.figure_queryset(code, year)
    if qs is None:
        raise Http404("没有这项数字。")
    label = figure_queries.DEFINITIONS[code][0]
    model = qs.model._meta.label_lower
    related = {
        "consultations.activity": ("kind", "special_committee", "work_committee", "sector"),
        "bodies.visit": ("member", "village"),
        "bodies.hearditem": ("visit__member", "visit__village"),
    }[model]
    page_obj = Paginator(qs.select_related(*related).order_by("pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "bodies/figure_rows.html",
        {
            "title": f"{year}年 {label}",
            "rows": page_obj,
            "page_obj": page_obj,
            "total": page_obj.paginator.count,
            "model": model,
        },
    )


# --- 一村一委员 ------------------------------------------------------------------------------------
def visit_list(request):
    if not (
        permissions.can_log_visit(request.user)
        or permissions.sees_everything(request.user)
        or permissions.is_organiser(request.user)
    ):
        raise PermissionDenied("无权查看联村走访。")
    page = Paginator(
        selectors.visit_list(user=request.user, year=year_param(request.GET.get("year"))), PAGE_SIZE
    )
    member = permissions.member_of(request.user)
    return render(
        request,
        "bodies/visit_list.html",
        {
            "page_obj": page.get_page(request.GET.get("page")),
            "villages": selectors.my_contact_villages(member) if member else [],
            "village_form": forms.ContactVillageForm(),
            "can_log": member is not None,
        },
    )


@require_POST
def contact_village_add(request):
    member = permissions.member_of(request.user)
    if member is None:
        raise PermissionDenied("只有委员可以添加联系村。")
    form = forms.ContactVillageForm(request.POST)
    if form.is_valid():
        services.contact_village_add(member=member, village=form.cleaned_data["village"], by=request.user)
        messages.success(request, "联系村已添加。")
    else:
        messages.error(request, "请选择村(社区)。")
    return redirect("bodies:visit_list")


def visit_create(request):
    member = permissions.member_of(request.user)
    if member is None:
        raise PermissionDenied("只有委员本人可以登记联村走访。")
    villages = Village.objects.filter(contact_members__member=member).select_related("work_committee")
    form = forms.VisitForm(request.POST or None, request.FILES or None, villages=villages)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                visit = services.visit_log(
                    by=request.user,
                    village=data["village"],
                    date=data["date"],
                    items=data["items"],
                    summary=data["summary"],
                    photos=data["photos"],
                )
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, "走访已登记,请逐条选择处理方式。")
                return redirect(visit)
        else:
            messages.error(request, "请检查标记的字段。")
    return render(request, "bodies/visit_form.html", {"form": form, "has_villages": villages.exists()})


def _visit_or_404(request, pk: int) -> Visit:
    try:
        visit = selectors.visit_get(pk)
    except Visit.DoesNotExist:
        raise Http404("走访记录不存在。") from None
    if not permissions.can_view_visit(request.user, visit):
        raise Http404("走访记录不存在。")
    return visit


def visit_detail(request, pk: int, bound: dict | None = None):
    visit = _visit_or_404(request, pk)
    items = selectors.visit_items(visit)
    bound = bound or {}
    rows = [(item, bound.get(item.pk) or forms.DecideForm(prefix=f"item{item.pk}")) for item in items]
    return render(
        request,
        "bodies/visit_detail.html",
        {
            "visit": visit,
            "rows": rows,
            "photos": list(visit.photos.all()),
            "can_edit": permissions.can_edit_visit(request.user, visit),
            "chain": trace_chain(visit, user=request.user),
        },
    )


@require_POST
def item_decide(request, pk: int):
    try:
        item = HeardItem.objects.select_related("visit").get(pk=pk)
    except HeardItem.DoesNotExist:
        raise Http404("事项不存在。") from None
    visit = _visit_or_404(request, item.visit_id)
    if not permissions.can_edit_visit(request.user, visit):
        raise PermissionDenied("只有走访的委员本人可以处理走访所闻。")
    form = forms.DecideForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            services.heard_item_decide(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, "已记录处理方式。")
            return redirect(visit)
    else:
        messages.error(request, "请选择处理方式。")
    return visit_detail(request, visit.pk, bound={item.pk: form})


def photo_download(request, pk: int):
    from cppcc.uploads import serve_file

    from .models import VisitPhoto

    photo = VisitPhoto.objects.select_related("visit__member", "visit__village").filter(pk=pk).first()
    if photo is None or not permissions.can_view_visit(request.user, photo.visit):
        raise Http404("文件不存在。")
    return serve_file(photo.file)
