"""The one mechanism every workflow (proposal, public-opinion item, suggestion) goes through.

Each app's workflow.py declares its states and a table of transitions: from which states an
action may be taken, the state it leads to, and which *relations* of the actor to the object may
take it ("staff", "proposer", "lead_unit", …). `StateMachine.fire` is the only place a status is
ever changed: it locks the row, checks the table and the actor, applies the change, and writes
the event row that the timeline shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction


class TransitionNotAllowed(Exception):
    """A transition refused by the table or the actor check; the message is shown to the user."""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (e.g. adding a note)
    actors: frozenset[str]
    style: str = "primary"
    needs_note: bool = False

    def __init__(self, action, label, sources, target, actors, style="primary", needs_note=False):
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "sources", tuple([sources] if isinstance(sources, str) else sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "actors", frozenset([actors] if isinstance(actors, str) else actors))
        object.__setattr__(self, "style", style)
        object.__setattr__(self, "needs_note", needs_note)


@dataclass
class StateMachine:
    states: type[models.TextChoices]
    transitions: Iterable[Transition]
    relations: Callable[[Any, Any], set[str]]
    status_field: str = "status"
    _table: dict[tuple[str, str], Transition] = field(init=False, repr=False)
    _labels: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.transitions = tuple(self.transitions)
        self._table = {}
        self._labels = {}
        valid = set(self.states.values)
        for t in self.transitions:
            self._labels[t.action] = t.label
            for source in t.sources:
                assert source in valid, f"unknown state {source!r} in {t.action}"
                assert (source, t.action) not in self._table, f"duplicate transition {source}/{t.action}"
                self._table[(source, t.action)] = t
            assert t.target is None or t.target in valid, f"unknown target {t.target!r}"

    def state_label(self, value: str) -> str:
        return self.states(value).label

    def transition_for(self, obj: Any, action: str) -> Transition:
        current = getattr(obj, self.status_field)
        if action not in self._labels:
            raise TransitionNotAllowed(f"未知的操作「{action}」")
        try:
            return self._table[(current, action)]
        except KeyError:
            raise TransitionNotAllowed(
                f"当前状态为「{self.state_label(current)}」,不能执行「{self._labels[action]}」。"
                "页面可能已过期,请刷新后再试。"
            ) from None

    def require(self, obj: Any, action: str, user: Any) -> Transition:
        transition = self.transition_for(obj, action)
        if not (transition.actors & self.relations(obj, user)):
            raise TransitionNotAllowed(f"您无权对此执行「{transition.label}」。")
        return transition

    def can(self, obj: Any, action: str, user: Any) -> bool:
        try:
            self.require(obj, action, user)
        except TransitionNotAllowed:
            return False
        return True

    def available(self, obj: Any, user: Any) -> list[Transition]:
        current = getattr(obj, self.status_field)
        mine = self.relations(obj, user)
        return [t for t in self.transitions if current in t.sources and t.actors & mine]

    def fire(
        self,
        *,
        obj: models.Model,
        action: str,
        by: Any,
        note: str = "",
        changes: dict[str, Any] | None = None,
        record_event: Callable[..., Any],
    ) -> models.Model:
        """Lock, check, change, record. Must run inside the caller's transaction."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("StateMachine.fire must run inside transaction.atomic")
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        transition = self.require(locked, action, by)
        if transition.needs_note and not note.strip():
            raise TransitionNotAllowed(f"「{transition.label}」必须填写说明或理由。")
        before = getattr(locked, self.status_field)
        fields = set()
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
            fields.add(name)
        if transition.target is not None:
            setattr(locked, self.status_field, transition.target)
            fields.add(self.status_field)
        if fields:
            locked.save(update_fields=sorted(fields))
        record_event(
            obj=locked,
            action=action,
            label=transition.label,
            from_state=before,
            to_state=getattr(locked, self.status_field),
            by=by,
            note=note,
        )
        return locked
