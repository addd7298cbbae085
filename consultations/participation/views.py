"""Thin views: parse input, call one service or selector, render."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cppcc.params import id_param
from cppcc.views import xlsx_response
from cppcc.workflow_views import error_text

from . import figures, forms, selectors, services
from . import permissions as perms
from .models import Deliberation, ModerationState, Opinion, Survey, TopicCall, TopicSubmission


def _staff_only(request) -> None:
    if not perms.can_manage(request.user):
        raise PermissionDenied("只有政协机关工作人员可以进行此操作。")


def _xlsx(headers: list[str], rows: list[list], title: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- overview -------------------------------------------------------------------------------------
def index(request):
    user = request.user
    if not perms.can_view_calls(user):
        raise PermissionDenied
    context = {
        "calls": list(selectors.call_list(user=user)[:10]),
        "deliberations": list(selectors.deliberation_list(user=user)[:10]),
        "surveys": list(selectors.survey_list(user=user)[:10]),
        "can_manage": perms.can_manage(user),
    }
    if context["can_manage"]:
        queue = selectors.moderation_queue()
        context["pending"] = len(queue["opinions"]) + len(queue["submissions"])
    return render(request, "participation/index.html", context)


# --- calls for topics -----------------------------------------------------------------------------
def call_create(request):
    _staff_only(request)
    form = forms.CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, "议题征集已发布。")
            return redirect(call.get_absolute_url())
    return render(request, "participation/call_form.html", {"form": form})


def call_detail(request, pk: int):
    call = get_object_or_404(TopicCall, pk=pk)
    status = request.GET.get("status", "")
    can_manage = perms.can_manage(request.user)
    submit_form = forms.StaffSubmissionForm(prefix="s") if can_manage else forms.SubmissionForm(prefix="s")
    context = {
        "call": call,
        "submissions": list(selectors.call_submissions(call=call, user=request.user, status=status)),
        "status": status,
        "can_manage": can_manage,
        "can_submit": perms.can_submit_topic(request.user, call),
        "submit_form": submit_form,
        "votes": list(call.votes.all()),
        "recommended": list(selectors.recommended_topics(call=call)),
        "statuses": TopicSubmission.Status.choices,
    }
    return render(request, "participation/call_detail.html", context)


@require_POST
def topic_submit(request, pk: int):
    call = get_object_or_404(TopicCall, pk=pk)
    form_class = forms.StaffSubmissionForm if perms.can_manage(request.user) else forms.SubmissionForm
    form = form_class(request.POST, prefix="s")
    if not perms.can_submit_topic(request.user, call):
        raise PermissionDenied("该征集已截止或未向您开放。")
    if form.is_valid():
        try:
            services.submission_create(call=call, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, "议题已提交,感谢您的建议。")
            return redirect(call.get_absolute_url())
    context = {
        "call": call,
        "submissions": list(selectors.call_submissions(call=call, user=request.user)),
        "can_manage": perms.can_manage(request.user),
        "can_submit": True,
        "submit_form": form,
        "votes": list(call.votes.all()),
        "recommended": list(selectors.recommended_topics(call=call)),
        "statuses": TopicSubmission.Status.choices,
    }
    return render(request, "participation/call_detail.html", context, status=400)


@require_POST
def call_close(request, pk: int):
    _staff_only(request)
    call = get_object_or_404(TopicCall, pk=pk)
    services.call_close(call=call, by=request.user)
    messages.success(request, "征集已截止。")
    return redirect(call.get_absolute_url())


SUBMISSION_ACTIONS = {"shortlist", "unshortlist", "adopt", "merge", "publish", "reject"}


@require_POST
def submission_action(request, pk: int, action: str):
    _staff_only(request)
    if action not in SUBMISSION_ACTIONS:
        raise Http404
    submission = get_object_or_404(TopicSubmission, pk=pk)
    try:
        if action in ("shortlist", "unshortlist"):
            services.submission_shortlist(submission=submission, by=request.user, value=action == "shortlist")
            messages.success(request, "已入围。" if action == "shortlist" else "已移出入围名单。")
        elif action == "adopt":
            topic = services.submission_adopt(submission=submission, by=request.user)
            messages.success(
                request, f"已转为{topic.year}年度协商计划议题(来源:{topic.get_source_display()})。"
            )
        elif action == "merge":
            into = TopicSubmission.objects.filter(
                pk=id_param(request.POST.get("into")), call=submission.call
            ).first()
            if into is None:
                raise ValidationError("请填写同一征集中要合并到的议题编号。")
            services.submission_merge(submission=submission, into=into, by=request.user)
            messages.success(request, f"已合并到第{into.pk}号议题。")
        else:
            services.submission_moderate(
                submission=submission,
                by=request.user,
                publish=action == "publish",
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, "已审核通过。" if action == "publish" else "已不予发布。")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    target = request.POST.get("next", "")
    if target == "moderation":
        return redirect("participation:moderation")
    return redirect(submission.call.get_absolute_url())


def ranking_create(request, pk: int):
    _staff_only(request)
    call = get_object_or_404(TopicCall, pk=pk)
    candidates = list(
        call.submissions.filter(status=TopicSubmission.Status.SHORTLISTED, moderation=ModerationState.VISIBLE)
    )
    form = forms.RankingVoteForm(request.POST or None, initial={"title": f"{call.title}推选投票"})
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.ranking_vote_create(call=call, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, "推选投票已发起,委员可在“问卷投票”中投票。")
            return redirect(survey.get_absolute_url())
    return render(
        request, "participation/ranking_form.html", {"call": call, "form": form, "candidates": candidates}
    )


# --- online deliberation --------------------------------------------------------------------------
def deliberation_list(request):
    user = request.user
    if not (perms.sees_everything(user) or user.role == "member"):
        raise PermissionDenied
    return render(
        request,
        "participation/deliberation_list.html",
        {
            "deliberations": list(selectors.deliberation_list(user=user)[:200]),
            "can_manage": perms.can_manage(user),
        },
    )


def deliberation_open(request):
    _staff_only(request)
    form = forms.DeliberationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deliberation = services.deliberation_open(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, "网络议政已开启。")
            return redirect(deliberation.get_absolute_url())
    return render(request, "participation/deliberation_form.html", {"form": form})


def _deliberation_for(request, pk: int) -> Deliberation:
    deliberation = get_object_or_404(Deliberation.objects.select_related("activity", "activity__kind"), pk=pk)
    if not perms.can_view_deliberation(request.user, deliberation):
        raise Http404
    return deliberation


def deliberation_detail(request, pk: int, form=None, status: int = 200):
    deliberation = _deliberation_for(request, pk)
    can_manage = perms.can_manage(request.user)
    context = {
        "deliberation": deliberation,
        "activity": deliberation.activity,
        "threads": selectors.opinion_threads(deliberation=deliberation, include_hidden=can_manage),
        "can_post": perms.can_post_opinion(request.user, deliberation),
        "can_manage": can_manage,
        "form": form or forms.OpinionForm(),
        "result_form": forms.ResultForm(initial={"summary": deliberation.result_summary}),
    }
    return render(request, "participation/deliberation_detail.html", context, status=status)


@require_POST
def opinion_post(request, pk: int):
    deliberation = _deliberation_for(request, pk)
    if not perms.can_post_opinion(request.user, deliberation):
        raise PermissionDenied("网络议政已截止或未向您开放。")
    form = forms.OpinionForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = Opinion.objects.filter(pk=form.cleaned_data["parent"], deliberation=deliberation).first()
            if parent is None:
                form.add_error(None, "所回复的意见不存在。")
        if not form.errors:
            try:
                services.opinion_post(
                    deliberation=deliberation, by=request.user, text=form.cleaned_data["text"], parent=parent
                )
            except ValidationError as exc:
                form.add_error(None, error_text(exc))
            else:
                messages.success(request, "意见已发表。")
                return redirect(deliberation.get_absolute_url())
    return deliberation_detail(request, pk, form=form, status=400)


@require_POST
def deliberation_result(request, pk: int):
    _staff_only(request)
    deliberation = get_object_or_404(Deliberation, pk=pk)
    form = forms.ResultForm(request.POST)
    if form.is_valid():
        services.deliberation_publish_result(deliberation=deliberation, by=request.user, **form.cleaned_data)
        messages.success(request, "协商成果已在公开页面发布。")
    else:
        messages.error(request, "请填写协商成果。")
    return redirect(deliberation.get_absolute_url())


def deliberation_export(request, pk: int):
    if not perms.can_export(request.user):
        raise PermissionDenied
    deliberation = get_object_or_404(Deliberation.objects.select_related("activity"), pk=pk)
    rows = [
        [
            o.pk,
            o.parent_id or "",
            o.author_name,
            "会后" if o.after_session else "会前",
            o.text,
            o.created_at.strftime("%Y-%m-%d %H:%M"),
            f"第{o.suggestion.number}条建议" if o.suggestion_id else "",
        ]
        for o in selectors.export_opinions(deliberation=deliberation)
    ]
    content = _xlsx(["编号", "回复编号", "发表人", "阶段", "意见", "时间", "形成建议"], rows, "网络议政")
    return xlsx_response(content, f"网络议政-{deliberation.activity.topic[:30]}.xlsx")


OPINION_ACTIONS = {"hide", "publish", "suggest"}


@require_POST
def opinion_action(request, pk: int, action: str):
    _staff_only(request)
    if action not in OPINION_ACTIONS:
        raise Http404
    opinion = get_object_or_404(Opinion.objects.select_related("deliberation"), pk=pk)
    try:
        if action == "hide":
            services.opinion_hide(opinion=opinion, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, "意见已屏蔽,理由已记录。")
        elif action == "publish":
            services.opinion_publish(opinion=opinion, by=request.user)
            messages.success(request, "意见已审核发布。")
        else:
            suggestion = services.opinion_to_suggestion(
                opinion=opinion, by=request.user, text=request.POST.get("text", "")
            )
            messages.success(request, f"已形成第{suggestion.number}条协商建议。")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    if request.POST.get("next") == "moderation":
        return redirect("participation:moderation")
    return redirect(opinion.deliberation.get_absolute_url())


def moderation(request):
    _staff_only(request)
    return render(request, "participation/moderation.html", selectors.moderation_queue())


# --- surveys --------------------------------------------------------------------------------------
def survey_list(request):
    user = request.user
    if not (perms.sees_everything(user) or user.role == "member"):
        raise PermissionDenied
    surveys = list(selectors.survey_list(user=user)[:200])
    answered = set()
    if user.role == "member":
        answered = set(
            Survey.objects.filter(responses__respondent=user, pk__in=[s.pk for s in surveys]).values_list(
                "pk", flat=True
            )
        )
    return render(
        request,
        "participation/survey_list.html",
        {"surveys": surveys, "answered": answered, "can_manage": perms.can_manage(user)},
    )


def survey_create(request):
    _staff_only(request)
    form = forms.SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, "问卷已发布。")
            return redirect(survey.get_absolute_url())
    return render(request, "participation/survey_form.html", {"form": form})


def _survey_for(request, pk: int) -> Survey:
    survey = get_object_or_404(Survey, pk=pk)
    if not perms.can_view_survey(request.user, survey):
        raise Http404
    return survey


def survey_detail(request, pk: int):
    survey = _survey_for(request, pk)
    questions = selectors.survey_questions(survey=survey)
    error = ""
    status = 200
    if request.method == "POST":
        if not perms.can_answer_survey(request.user, survey):
            raise PermissionDenied("该问卷已结束或不面向您。")
        try:
            services.survey_answer(
                survey=survey, by=request.user, answers=forms.answers_from_post(questions, request.POST)
            )
        except ValidationError as exc:
            error, status = error_text(exc), 400
        else:
            messages.success(request, "答卷已提交,感谢参与。")
            return redirect(survey.get_absolute_url())
    mine = selectors.my_response(survey=survey, user=request.user)
    selected = _selected(mine, request.POST if status == 400 else None)
    context = {
        "survey": survey,
        "questions": questions,
        "mine": mine,
        "selected": selected,
        "error": error,
        "can_answer": perms.can_answer_survey(request.user, survey)
        and (mine is None or survey.replace_allowed),
        "can_manage": perms.can_manage(request.user),
        "can_results": perms.can_view_results(request.user, survey),
    }
    return render(request, "participation/survey_detail.html", context, status=status)


def _selected(response, post) -> dict:
    """What the form shows as chosen: the posted values after an error, else the stored answer."""
    if post is not None:
        return {key: post.getlist(key) for key in post if key.startswith("q")}
    if response is None:
        return {}
    selected: dict[str, list[str]] = {}
    for answer in response.answers.prefetch_related("choices"):
        key = f"q{answer.question_id}"
        values = [str(c.pk) for c in answer.choices.all()]
        if answer.rating:
            values.append(str(answer.rating))
        if answer.text:
            values.append(answer.text)
        selected[key] = values
    return selected


def survey_results(request, pk: int):
    survey = _survey_for(request, pk)
    if not perms.can_view_results(request.user, survey):
        raise PermissionDenied
    results = selectors.survey_results(survey=survey)
    chart = [
        {"id": f"chart-{r['question'].pk}", "title": r["question"].text, "rows": r["choices"]}
        for r in results
        if "choices" in r
    ]
    context = {
        "survey": survey,
        "results": results,
        "chart_data": chart,
        "tally": selectors.ranking_tally(survey=survey) if survey.kind == Survey.Kind.RANKING else [],
        "response_count": survey.responses.count(),
        "can_manage": perms.can_manage(request.user),
    }
    return render(request, "participation/survey_results.html", context)


def survey_export(request, pk: int):
    if not perms.can_export(request.user):
        raise PermissionDenied
    survey = get_object_or_404(Survey, pk=pk)
    rows = []
    for r in selectors.survey_results(survey=survey):
        q = r["question"]
        for c in r.get("choices", []):
            rows.append([q.order, q.text, q.get_kind_display(), c["label"], c["votes"], ""])
        if r.get("average") is not None:
            rows.append([q.order, q.text, q.get_kind_display(), "平均分", "", r["average"]])
        for text in r.get("texts", []):
            rows.append([q.order, q.text, q.get_kind_display(), "", "", text])
    content = _xlsx(["题号", "题目", "题型", "选项", "票数", "文字回答/平均分"], rows, "问卷结果")
    return xlsx_response(content, f"问卷结果-{survey.title[:30]}.xlsx")


@require_POST
def survey_close(request, pk: int):
    _staff_only(request)
    survey = get_object_or_404(Survey, pk=pk)
    services.survey_close(survey=survey, by=request.user)
    messages.success(request, "问卷已结束。")
    return redirect(survey.get_absolute_url())


@require_POST
def ranking_save(request, pk: int):
    _staff_only(request)
    survey = get_object_or_404(Survey, pk=pk)
    try:
        chosen = services.ranking_result_save(survey=survey, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("participation:survey_results", pk=survey.pk)
    messages.success(request, f"已保存推荐结果:{len(chosen)}项。")
    return redirect(survey.call.get_absolute_url())


# --- figures --------------------------------------------------------------------------------------
def figure_list(request):
    if not perms.sees_everything(request.user):
        raise PermissionDenied
    code = request.GET.get("figure", "")
    year = id_param(request.GET.get("year"))
    if code not in figures.LISTS or year is None or not 2000 <= year <= 2100:
        raise Http404
    label, rows = figures.figure_rows(code=code, year=year)
    page_obj = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request, "participation/figure_list.html", {"label": label, "page_obj": page_obj, "year": year}
    )
