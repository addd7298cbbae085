"""社情民意: list, submission, page and actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cppcc.params import year_param
from cppcc.workflow_views import action_forms, error_text, run_action

from .. import forms, permissions, selectors, services
from ..models import OpinionStatus, PublicOpinion
from ..workflow import opinion_machine
from ._common import _page


# --- public opinion --------------------------------------------------------------------------
def opinion_list(request):
    if not permissions.can_view_opinions(request.user):
        raise PermissionDenied("您的角色无权查看社情民意。")
    qs = selectors.opinion_visible(user=request.user)
    status = request.GET.get("status")
    if status in OpinionStatus.values:
        qs = qs.filter(status=status)
    year = year_param(request.GET.get("year"))
    if year:
        qs = qs.filter(received_on__year=year)
    figure = selectors.opinion_figures().get(request.GET.get("figure", ""))
    if figure is not None:  # exactly the rows a dashboard figure counts
        qs = qs.filter(figure)
    return render(
        request,
        "proposals/opinion_list.html",
        {"page_obj": _page(request, qs), "can_submit": permissions.can_submit_opinion(request.user)},
    )


def opinion_create(request):
    if not permissions.can_submit_opinion(request.user):
        raise PermissionDenied("您的角色不能报送社情民意。")
    form = forms.OpinionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            opinion = services.opinion_submit(
                by=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                organisation=form.cleaned_data.get("organisation"),
            )
            messages.success(request, "社情民意信息已报送。")
            return redirect(opinion)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    elif request.method == "POST":
        messages.error(request, "请检查填写的内容。")
    return render(request, "proposals/opinion_form.html", {"form": form})


def _get_opinion(user, pk) -> PublicOpinion:
    try:
        return selectors.opinion_visible(user=user).get(pk=pk)
    except PublicOpinion.DoesNotExist:
        raise Http404("没有找到这条社情民意,或您无权查看。") from None


def _opinion_context(request, opinion, bound=None):
    return {
        "opinion": opinion,
        "actions": action_forms(opinion_machine, opinion, request.user, bound),
        **selectors.opinion_detail_parts(opinion=opinion),
    }


def opinion_detail(request, pk: int):
    opinion = _get_opinion(request.user, pk)
    return render(request, "proposals/opinion_detail.html", _opinion_context(request, opinion))


@require_POST
def opinion_action(request, pk: int, action: str):
    opinion = _get_opinion(request.user, pk)

    def render_page(bound=None, status=200):
        fresh = _get_opinion(request.user, pk)
        return render(
            request, "proposals/opinion_detail.html", _opinion_context(request, fresh, bound), status=status
        )

    return run_action(request, machine=opinion_machine, obj=opinion, action=action, render_page=render_page)
