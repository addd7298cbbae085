"""The one mechanism every workflow (proposal, public-opinion item, suggestion, …) goes through.

Each app's workflow.py declares its states and a table of transitions. A `Transition` row is the
one place an action is registered: from which states it may be taken, the state it leads to,
which *relations* of the actor to the object may take it ("staff", "proposer", "lead_unit", …),
the form its page shows, the service that performs it, the guards checked on the locked row, the
notices it sends and the message shown on success. Views and templates loop over what the machine
offers (`offered`, `build_form`, `perform`; see cppcc/workflow_views.py); they hold no per-action
code.

`StateMachine.fire` is the only place a status is ever changed: it locks the row
(select_for_update), checks the table and the actor *on the locked row*, runs the guards on the
locked row, applies the change, writes the timeline event (a subclass of `TimelineEvent`) and runs
the transition's notices with that event, so every notice is keyed on the event that caused it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string


class TransitionNotAllowed(Exception):
    """A transition refused by the table or the actor check; the message is shown to the user."""


# A guard looks at the *locked* row, the actor and the submitted data; it returns an error text
# (shown to the user) or None, or raises ValidationError / TransitionNotAllowed itself.
Guard = Callable[[Any, Any, Mapping[str, Any]], "str | None"]
# A notice is told the locked row, the timeline event just written, the actor and the data.
Notice = Callable[[Any, Any, Any, Mapping[str, Any]], None]


def _resolve(ref):
    """Forms and services are named by dotted path in the tables (the table is imported by the
    services, so it cannot import them); resolved on first use."""
    return import_string(ref) if isinstance(ref, str) else ref


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (e.g. adding a note)
    actors: frozenset[str]
    style: str = "primary"
    needs_note: bool = False
    # --- optional: everything else an action needs, so that it is registered once ---------------
    form: Any = None  # form class (or dotted path) the page renders; its fields are the service's kwargs
    service: Any = None  # callable (or dotted path) run by `perform`; None: not postable on its own
    params: Mapping[str, Any] = field(default_factory=dict)  # fixed kwargs for the service
    guards: tuple[Guard, ...] = ()  # checked on the locked row, in fire()
    notices: tuple[Notice, ...] = ()  # run after the event is written, with that event
    success: Any = ""  # message after perform (text, or callable(result) -> text); default "已<label>。"
    # False: no button of its own (chosen by a service, or shown elsewhere); or a predicate
    # offered(obj) -> bool (e.g. 记录回头看 only while a 回头看 is open)
    offered: Any = True
    prompt: str = ""  # heading/button text when offered, if it differs from the label
    # decisive actions: what happens next, shown beside the button; the POST must carry
    # confirmed=1 (a checkbox of the shared actions include) or it is refused with this text
    confirm: str = ""

    def __init__(
        self,
        action,
        label,
        sources,
        target,
        actors,
        style="primary",
        needs_note=False,
        *,
        form=None,
        service=None,
        params=None,
        guards=(),
        notices=(),
        success="",
        offered=True,
        prompt="",
        confirm="",
    ):
        set_ = object.__setattr__
        set_(self, "action", action)
        set_(self, "label", label)
        set_(self, "sources", tuple([sources] if isinstance(sources, str) else sources))
        set_(self, "target", target)
        set_(self, "actors", frozenset([actors] if isinstance(actors, str) else actors))
        set_(self, "style", style)
        set_(self, "needs_note", needs_note)
        set_(self, "form", form)
        set_(self, "service", service)
        set_(self, "params", dict(params or {}))
        set_(self, "guards", tuple(guards))
        set_(self, "notices", tuple(notices))
        set_(self, "success", success)
        set_(self, "offered", offered)
        set_(self, "prompt", prompt)
        set_(self, "confirm", confirm)

    def __hash__(self) -> int:
        return hash((self.action, self.sources, self.target))

    @property
    def form_class(self):
        return _resolve(self.form)

    @property
    def service_callable(self):
        return _resolve(self.service)

    @property
    def heading(self) -> str:
        return self.prompt or self.label

    def success_message(self, result: Any = None) -> str:
        if callable(self.success):
            return self.success(result)
        return self.success or f"已{self.label}。"


class ObjectForm:
    """Mixin for action forms whose choices depend on the object (e.g. the open 回头看 of a
    suggestion): `build_form` passes obj= and user=."""

    def __init__(self, *args, obj=None, user=None, **kwargs):
        self.obj, self.user = obj, user
        super().__init__(*args, **kwargs)


class TimelineEvent(models.Model):
    """One row of a timeline (proposal, 社情民意, suggestion, …), written only by
    `StateMachine.fire`. Subclasses add the object's foreign key and name their state choices in
    `states`; the machine is told the subclass and the foreign key (`event_model`, `subject`)."""

    states: type[models.TextChoices]

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="操作人",
    )
    action = models.CharField("操作", max_length=30)
    label = models.CharField("操作名称", max_length=50)
    from_state = models.CharField("原状态", max_length=20, blank=True)
    to_state = models.CharField("新状态", max_length=20, blank=True)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.label or self.action

    def _state_label(self, value: str) -> str:
        if not value:
            return ""
        try:
            return self.states(value).label
        except ValueError:
            return value

    @property
    def from_label(self) -> str:
        return self._state_label(self.from_state)

    @property
    def to_label(self) -> str:
        return self._state_label(self.to_state)

    # the names Django gives to choice fields, so templates read the same for every timeline
    def get_from_state_display(self) -> str:
        return self.from_label

    def get_to_state_display(self) -> str:
        return self.to_label


@dataclass
class StateMachine:
    states: type[models.TextChoices]
    transitions: Iterable[Transition]
    relations: Callable[[Any, Any], set[str]]
    status_field: str = "status"
    # optional: the timeline model (a TimelineEvent subclass) and its foreign key to the object;
    # the service keyword that names the object (default: the foreign key's name)
    event_model: Any = None
    subject: str = ""
    _table: dict[tuple[str, str], Transition] = field(init=False, repr=False)
    _labels: dict[str, str] = field(init=False, repr=False)
    _by_action: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.transitions = tuple(self.transitions)
        self._table = {}
        self._labels = {}
        self._by_action = {}
        valid = set(self.states.values)
        for t in self.transitions:
            self._labels[t.action] = t.label
            self._by_action.setdefault(t.action, t)
            for source in t.sources:
                assert source in valid, f"unknown state {source!r} in {t.action}"
                assert (source, t.action) not in self._table, f"duplicate transition {source}/{t.action}"
                self._table[(source, t.action)] = t
            assert t.target is None or t.target in valid, f"unknown target {t.target!r}"

    # --- the table -----------------------------------------------------------------------------
    def state_label(self, value: str) -> str:
        return self.states(value).label

    def transition_named(self, action: str) -> Transition | None:
        return self._by_action.get(action)

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

    def offered(self, obj: Any, user: Any) -> list[Transition]:
        """The actions a page shows as forms/buttons for this user now."""
        return [
            t for t in self.available(obj, user) if (t.offered(obj) if callable(t.offered) else t.offered)
        ]

    # --- locking and firing ---------------------------------------------------------------------
    def lock(self, obj: models.Model, action: str | None = None, by: Any = None) -> models.Model:
        """Lock the row and, given an action, check it on the locked row. Services that must decide
        something before firing (numbers, which assignment, whether a reply is complete) read the
        locked row this returns; fire() then reuses the lock of the same transaction."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("StateMachine.lock/fire must run inside transaction.atomic")
        locked = type(obj)._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)
        if action is not None:
            self.require(locked, action, by)
        return locked

    def _record(self, *, obj, **kwargs):
        if self.event_model is None:
            return None
        return self.event_model._default_manager.create(
            **{self._event_fk: obj},
            action=kwargs["action"],
            label=kwargs["label"],
            from_state=kwargs["from_state"],
            to_state=kwargs["to_state"],
            actor=kwargs["by"],
            note=kwargs["note"],
        )

    @property
    def _event_fk(self) -> str:
        for f in self.event_model._meta.get_fields():
            if getattr(f, "many_to_one", False) and f.name != "actor":
                return f.name
        raise ValueError("event_model has no foreign key to the object")

    @property
    def subject_kwarg(self) -> str:
        return self.subject or (self._event_fk if self.event_model is not None else "obj")

    def fire(
        self,
        *,
        obj: models.Model,
        action: str,
        by: Any,
        note: str = "",
        changes: dict[str, Any] | None = None,
        record_event: Callable[..., Any] | None = None,
        guards: Iterable[Guard] = (),
        data: Mapping[str, Any] | None = None,
    ) -> models.Model:
        """Lock, check (table, actor, guards — all on the locked row), change, record, notify.
        Must run inside the caller's transaction. The event written is `locked.last_event`."""
        locked = self.lock(obj)
        transition = self.require(locked, action, by)
        if transition.needs_note and not note.strip():
            raise TransitionNotAllowed(f"「{transition.label}」必须填写说明或理由。")
        data = data or {}
        for guard in (*transition.guards, *guards):
            error = guard(locked, by, data)
            if error:
                raise ValidationError(error)
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
        record = record_event or self._record
        event = record(
            obj=locked,
            action=action,
            label=transition.label,
            from_state=before,
            to_state=getattr(locked, self.status_field),
            by=by,
            note=note,
        )
        locked.last_event = event
        for notice in transition.notices:
            notice(locked, event, by, data)
        return locked

    # --- what views call ------------------------------------------------------------------------
    def build_form(self, transition: Transition, obj: Any, user: Any, data=None, files=None, **kwargs):
        form_class = transition.form_class
        if form_class is None:
            return None
        if issubclass(form_class, ObjectForm):
            kwargs.update(obj=obj, user=user)
        return form_class(data, files, prefix=transition.action, **kwargs)

    def perform(self, *, obj: Any, action: str, by: Any, data: Mapping[str, Any] | None = None) -> Any:
        """Run the service registered for `action` with the form's cleaned data as keywords (only
        the ones the service takes), the object and the actor."""
        transition = self.transition_named(action)
        if transition is None or transition.service is None:
            raise TransitionNotAllowed(f"未知的操作「{action}」")
        service = transition.service_callable
        accepted = inspect.signature(service).parameters
        kwargs = {k: v for k, v in (data or {}).items() if k in accepted}
        kwargs.update(transition.params)
        kwargs[self.subject_kwarg] = obj
        kwargs["by"] = by
        return service(**kwargs)
