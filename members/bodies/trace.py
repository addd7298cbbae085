"""The chain a page shows: where an object came from and what it led to.

Edges are the explicit TraceLink rows plus the foreign keys that already say "led to" (an activity's
plan topic, a suggestion's activity, a progress report's suggestion, a heard item's visit). Models
of other apps are named by label, so this module imports none of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from .models import TraceLink

# child model label -> (FK field to the parent, parent label, what the parent did)
IMPLICIT_PARENTS: dict[str, tuple[str, str]] = {
    "bodies.helditem": ("visit", "bodies.visit"),
    "consultations.activity": ("plan_topic", "consultations.plantopic"),
    "consultations.suggestion": ("activity", "consultations.activity"),
    "consultations.suggestionupdate": ("suggestion", "consultations.suggestion"),
}
MAX_DEPTH = 6
MAX_NODES = 40


@dataclass
class Node:
    obj: object
    depth: int = 0
    current: bool = False
    visible: bool = True
    children: list = field(default_factory=list)

    @property
    def type_label(self) -> str:
        return self.obj._meta.verbose_name

    @property
    def title(self) -> str:
        if not self.visible:
            return "(无权查看)"
        if self.obj._meta.label_lower == "consultations.suggestionupdate":
            return self.obj.text[:120]
        return str(self.obj)

    @property
    def url(self) -> str:
        if not self.visible or not hasattr(self.obj, "get_absolute_url"):
            return ""
        try:
            return self.obj.get_absolute_url()
        except Exception:  # a model whose URL needs more than its pk
            return ""

    @property
    def status(self) -> str:
        for name in ("get_status_display", "get_outcome_display"):
            if hasattr(self.obj, name):
                return getattr(self.obj, name)()
        return ""


def _label(obj) -> str:
    return obj._meta.label_lower


def _parent(obj):
    """The one thing this object came from (a foreign key first, else an explicit link)."""
    spec = IMPLICIT_PARENTS.get(_label(obj))
    if spec is not None:
        parent = getattr(obj, spec[0], None)
        if parent is not None:
            return parent
    link = (
        TraceLink.objects.filter(target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk)
        .select_related("source_type")
        .first()
    )
    return link.source if link is not None else None


def _children(obj) -> list:
    found = []
    label = _label(obj)
    for child_label, (fk, parent_label) in IMPLICIT_PARENTS.items():
        if parent_label == label:
            model = apps.get_model(child_label)
            found.extend(model.objects.filter(**{fk: obj.pk}).order_by("pk")[:MAX_NODES])
    links = TraceLink.objects.filter(
        source_type=ContentType.objects.get_for_model(obj), source_id=obj.pk
    ).select_related("target_type")
    found.extend(t for t in (link.target for link in links) if t is not None)
    return found


def _visible(user, obj) -> bool:
    from . import permissions

    if permissions.sees_everything(user):
        return True
    label = _label(obj)
    if label == "bodies.visit":
        return permissions.can_view_visit(user, obj)
    if label == "bodies.helditem":
        return permissions.can_view_visit(user, obj.visit)
    if label in ("consultations.activity", "consultations.suggestion", "consultations.suggestionupdate"):
        from consultations.permissions import can_view_activity, can_view_suggestion

        if label == "consultations.activity":
            return can_view_activity(user, obj)
        suggestion = obj if label == "consultations.suggestion" else obj.suggestion
        return can_view_suggestion(user, suggestion) or can_view_activity(user, suggestion.activity)
    if label == "consultations.plantopic":
        return bool(obj.approved or (obj.proposer_member and obj.proposer_member.user_id == user.pk))
    for attr in ("author", "lead_member"):  # 社情民意 and proposals: the author's own
        person = getattr(obj, attr, None)
        if person is not None and getattr(person, "user_id", None) == user.pk:
            return True
    return False


def trace_chain(obj, *, user) -> list[Node]:
    """The chain around `obj` as a flat list in reading order: its origins (oldest first), the
    object itself, then everything it led to, depth-first, with `depth` for indentation."""
    origins = []
    seen = {(_label(obj), obj.pk)}
    parent = _parent(obj)
    while parent is not None and len(origins) < MAX_DEPTH:
        key = (_label(parent), parent.pk)
        if key in seen:
            break
        seen.add(key)
        origins.append(parent)
        parent = _parent(parent)
    nodes = [Node(o, depth=0) for o in reversed(origins)]
    nodes.append(Node(obj, depth=0, current=True))

    def walk(current, depth):
        if depth > MAX_DEPTH or len(nodes) >= MAX_NODES:
            return
        for child in _children(current):
            key = (_label(child), child.pk)
            if key in seen:
                continue
            seen.add(key)
            nodes.append(Node(child, depth=depth))
            walk(child, depth + 1)

    walk(obj, 1)
    for node in nodes:
        node.visible = _visible(user, node.obj)
    return nodes if len(nodes) > 1 else []
