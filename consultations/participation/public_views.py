"""Public pages (no login): open calls for topics, open consultations to comment on, published
results, and proposal replies marked 可公开. They render with a public base template that shows
nothing of the visitor's session, so read-only pages can be cached whole under the data version
(cppcc/datacache.py: never stale). Pages with a form (CSRF token, CAPTCHA) are not cached."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods

from cppcc import datacache
from cppcc.params import id_param

from . import forms, public, selectors, services
from . import permissions as perms
from .models import Opinion, Survey

PAGE_SIZE = 20


def _cached_page(request, key: str, template: str, context_fn) -> HttpResponse:
    version = datacache.data_version()
    shareable = version is not None and not datacache.write_pending(connection)
    cache_key = f"participation:public:{version}:{key}"
    html = datacache.data_cache().get(cache_key) if shareable else None
    if html is None:
        html = render_to_string(template, context_fn(), request=None)
        if shareable:
            datacache.data_cache().set(cache_key, html, datacache.TTL_SECONDS)
    response = HttpResponse(html)
    response["Cache-Control"] = "public, max-age=60"
    return response


@login_not_required
@require_http_methods(["GET", "HEAD"])
def index(request):
    def context():
        return {
            "calls": list(selectors.public_calls()[:10]),
            "deliberations": list(selectors.public_deliberations()[:10]),
            "surveys": list(Survey.objects.filter(audience="public").exclude(status="draft")[:10]),
            "results": list(selectors.public_results()[:5]),
            "recommendations": list(selectors.public_recommendations()[:5]),
        }

    return _cached_page(request, "index", "participation/public/index.html", context)


@login_not_required
@require_http_methods(["GET", "HEAD"])
def call_list(request):
    return _cached_page(
        request,
        "calls",
        "participation/public/call_list.html",
        lambda: {"calls": list(selectors.public_calls())},
    )


def _rate_limited(request) -> bool:
    return public.rate_limit_hit(public.client_address(request))


RATE_MESSAGE = "您提交得太频繁了,请稍后再试。"


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_detail(request, pk: int):
    call = get_object_or_404(selectors.public_calls(), pk=pk)
    form = forms.PublicSubmissionForm(request.POST or None) if perms.public_may_submit(call) else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, "该征集未向社会公开或已截止。")
            return redirect("participation:public_call", pk=call.pk)
        status = 400
        if _rate_limited(request):
            form.add_error(None, RATE_MESSAGE)
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.public_submission_create(
                    call=call,
                    name=data["name"],
                    phone=data["phone"],
                    title=data["title"],
                    reason=data["reason"],
                )
            except ValidationError as exc:
                form.add_error(None, ";".join(exc.messages))
            else:
                messages.success(request, "议题已收到,经工作人员审核后公开。感谢您的参与!")
                return redirect("participation:public_call", pk=call.pk)
    context = {"call": call, "submissions": list(selectors.public_submissions(call=call)), "form": form}
    return render(request, "participation/public/call_detail.html", context, status=status)


@login_not_required
@require_http_methods(["GET", "HEAD"])
def deliberation_list(request):
    return _cached_page(
        request,
        "deliberations",
        "participation/public/deliberation_list.html",
        lambda: {"deliberations": list(selectors.public_deliberations())},
    )


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def deliberation_detail(request, pk: int):
    deliberation = get_object_or_404(selectors.public_deliberations(), pk=pk)
    form = forms.PublicOpinionForm(request.POST or None) if perms.public_may_post(deliberation) else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, "该协商未向社会公开征求意见或已截止。")
            return redirect("participation:public_deliberation", pk=deliberation.pk)
        status = 400
        if _rate_limited(request):
            form.add_error(None, RATE_MESSAGE)
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            parent = None
            if parent_id := id_param(request.POST.get("parent")):
                parent = Opinion.objects.filter(pk=parent_id, deliberation=deliberation).first()
            try:
                services.public_opinion_post(
                    deliberation=deliberation,
                    name=data["name"],
                    phone=data["phone"],
                    text=data["text"],
                    parent=parent,
                )
            except ValidationError as exc:
                form.add_error(None, ";".join(exc.messages))
            else:
                messages.success(request, "意见已收到,经工作人员审核后公开。感谢您的参与!")
                return redirect("participation:public_deliberation", pk=deliberation.pk)
    context = {
        "deliberation": deliberation,
        "activity": deliberation.activity,
        "threads": selectors.opinion_threads(deliberation=deliberation),
        "form": form,
    }
    return render(request, "participation/public/deliberation_detail.html", context, status=status)


@login_not_required
@require_http_methods(["GET", "HEAD"])
def results(request):
    return _cached_page(
        request,
        "results",
        "participation/public/results.html",
        lambda: {
            "results": list(selectors.public_results()),
            "recommendations": [
                (s, list(selectors.recommended_topics(call=s.call)))
                for s in selectors.public_recommendations()
            ],
        },
    )


@login_not_required
@require_http_methods(["GET", "HEAD"])
def replies(request):
    from members.models import HandlingUnit
    from proposals.models import Category

    year = id_param(request.GET.get("year"))
    category = id_param(request.GET.get("category"))
    unit = id_param(request.GET.get("unit"))
    q = (request.GET.get("q") or "").strip()[:50]
    page_number = id_param(request.GET.get("page")) or 1

    def context():
        qs = selectors.public_replies(year=year, category=category, unit=unit, q=q)
        page = Paginator(qs, PAGE_SIZE).get_page(page_number)
        return {
            "page": page,
            "replies": list(page.object_list),
            "year": year,
            "category": category,
            "unit": unit,
            "q": q,
            "years": list(range(2017, 2031)),
            "categories": list(Category.objects.all()),
            "units": list(HandlingUnit.objects.filter(is_active=True)),
            "query": _query(year=year, category=category, unit=unit, q=q),
        }

    key = f"replies:{year}:{category}:{unit}:{q}:{page_number}"
    return _cached_page(request, key, "participation/public/replies.html", context)


def _query(**params) -> str:
    from django.utils.http import urlencode

    return urlencode({k: v for k, v in params.items() if v})


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_detail(request, pk: int):
    survey = get_object_or_404(Survey.objects.filter(audience="public").exclude(status="draft"), pk=pk)
    questions = selectors.survey_questions(survey=survey)
    accepts = perms.public_may_answer(survey)
    form = forms.PublicCaptchaForm(request.POST or None) if accepts else None
    status, error = 200, ""
    if request.method == "POST":
        if form is None:
            messages.error(request, "该问卷已结束。")
            return redirect("participation:public_survey", pk=survey.pk)
        status = 400
        if _rate_limited(request):
            error, status = RATE_MESSAGE, 429
        elif form.is_valid():
            try:
                services.public_survey_answer(
                    survey=survey,
                    name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"],
                    answers=forms.answers_from_post(questions, request.POST),
                )
            except ValidationError as exc:
                error = ";".join(exc.messages)
            else:
                messages.success(request, "答卷已提交,感谢参与!")
                return redirect("participation:public_survey", pk=survey.pk)
    selected = {k: request.POST.getlist(k) for k in request.POST if k.startswith("q")}
    context = {"survey": survey, "questions": questions, "form": form, "error": error, "selected": selected}
    return render(request, "participation/public/survey_detail.html", context, status=status)
