"""The views' side of the workflow engine: the action forms a page shows and the one POST handler
every workflow uses. Nothing here knows any action by name; it loops over what the machine offers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from .workflow import StateMachine, Transition, TransitionNotAllowed


def error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return ";".join(exc.messages)
    return str(exc)


def attach_errors(form, exc: Exception) -> None:
    """Put a service's field errors on the form fields they name; the rest stays a message."""
    if form is None or not isinstance(exc, ValidationError) or not hasattr(exc, "error_dict"):
        return
    for name, errors in exc.message_dict.items():
        if name in form.fields:
            form.add_error(name, errors)


def action_forms(machine: StateMachine, obj, user, bound=None) -> list[tuple[Transition, object]]:
    """(transition, form or None) for every action offered to `user`; `bound` (a submitted form
    that failed) replaces the blank form of its action so what the user typed is kept."""
    shown = []
    for t in machine.offered(obj, user):
        keep = bound is not None and bound.prefix == t.action
        shown.append((t, bound if keep else machine.build_form(t, obj, user)))
    return shown


def run_action(
    request,
    *,
    machine: StateMachine,
    obj,
    action: str,
    render_page: Callable[..., HttpResponse],
    success_url=None,
) -> HttpResponse:
    """Validate the action's form, perform its service, answer with a message.

    `render_page(bound=form, status=400)` re-renders the object's page with the form the user
    filled in. A refused or invalid action is a 400 with the reason; nothing is half-saved
    because every service runs in one transaction."""
    transition = machine.transition_named(action)
    if transition is None or transition.service is None:
        raise Http404("没有这个操作。")
    form = machine.build_form(transition, obj, request.user, request.POST, request.FILES)
    if form is not None and not form.is_valid():
        messages.error(request, "请检查标记的字段。")
        return render_page(bound=form, status=400)
    if transition.confirm and request.POST.get("confirmed") != "1":
        messages.error(request, f"请勾选“确认{transition.label}”后再提交:{transition.confirm}")
        return render_page(bound=form, status=400)
    try:
        result = machine.perform(
            obj=obj, action=action, by=request.user, data=form.cleaned_data if form else {}
        )
    except (TransitionNotAllowed, ValidationError) as exc:
        messages.error(request, error_text(exc))
        attach_errors(form, exc)
        return render_page(bound=form, status=400)
    messages.success(request, transition.success_message(result))
    return redirect(success_url or obj)
