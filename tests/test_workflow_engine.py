"""The shared state-machine mechanism, on a toy table."""

import pytest
from django.db import models

from cppcc.workflow import StateMachine, Transition, TransitionNotAllowed


class S(models.TextChoices):
    DRAFT = "draft", "草稿"
    SENT = "sent", "已提交"
    DONE = "done", "办结"


class Obj:
    def __init__(self, status, owner):
        self.status, self.owner = status, owner


MACHINE = StateMachine(
    states=S,
    transitions=[
        Transition("submit", "提交", S.DRAFT, S.SENT, "owner"),
        Transition("close", "办结", [S.SENT], S.DONE, "staff", needs_note=True),
    ],
    relations=lambda obj, user: {"owner"} if user == obj.owner else ({"staff"} if user == "staff" else set()),
)


def test_allowed_transition_and_actions():
    obj = Obj(S.DRAFT, "alice")
    assert MACHINE.require(obj, "submit", "alice").target == S.SENT
    assert [t.action for t in MACHINE.available(obj, "alice")] == ["submit"]
    assert MACHINE.available(obj, "bob") == []


def test_refused_from_wrong_state_says_current_state():
    with pytest.raises(TransitionNotAllowed, match="当前状态为「草稿」,不能执行「办结」"):
        MACHINE.require(Obj(S.DRAFT, "alice"), "close", "staff")


def test_refused_for_wrong_actor():
    with pytest.raises(TransitionNotAllowed, match="您无权"):
        MACHINE.require(Obj(S.DRAFT, "alice"), "submit", "bob")


def test_unknown_action():
    with pytest.raises(TransitionNotAllowed, match="未知的操作"):
        MACHINE.require(Obj(S.DRAFT, "alice"), "fly", "alice")


def test_table_rejects_unknown_states():
    with pytest.raises(AssertionError):
        StateMachine(
            states=S, transitions=[Transition("x", "x", "nope", S.DONE, "a")], relations=lambda o, u: set()
        )


def test_new_fields_are_optional_and_positional_api_still_works():
    t = Transition("close", "办结", [S.SENT], S.DONE, "staff", "success", True)
    assert (t.style, t.needs_note, t.form, t.service, t.offered) == ("success", True, None, None, True)
    assert t.success_message() == "已办结。"


def test_offered_hides_rows_not_offered_and_honours_predicates():
    machine = StateMachine(
        states=S,
        transitions=[
            Transition("submit", "提交", S.DRAFT, S.SENT, "owner"),
            Transition("submit_quietly", "静默提交", S.DRAFT, S.SENT, "owner", offered=False),
            Transition("note", "备注", S.DRAFT, None, "owner", offered=lambda o: o.owner == "alice"),
        ],
        relations=lambda obj, user: {"owner"} if user == obj.owner else set(),
    )
    assert [t.action for t in machine.offered(Obj(S.DRAFT, "alice"), "alice")] == ["submit", "note"]
    assert [t.action for t in machine.offered(Obj(S.DRAFT, "bob"), "bob")] == ["submit"]
