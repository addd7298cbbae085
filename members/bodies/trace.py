"""The chain a page shows: where an object came from and what it led to.

Edges are the explicit TraceLink rows plus the foreign keys that already say "led to" (an activity's
plan topic, a suggestion's activity, a progress report's suggestion, a heard item's visit). Models
of other apps are named by label, so this module imports none of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import TraceLink

# child model label -> (FK field to the parent, parent label, what the parent did)
IMPLICIT_PARENTS: dict[str, tuple[str, str]] = {
    "bodies.hearditem": ("visit", "bodies.visit"),
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


def _children_of_level(level: list, implicit: bool = True) -> dict[tuple[str, int], list]:
    """Children of every node of one level, in a bounded number of queries: one per implicit
    child model that can hang below the level, one for the explicit links, one per target type."""
    found: dict[tuple[str, int], list] = {(_label(o), o.pk): [] for o in level}
    by_label: dict[str, list[int]] = {}
    for obj in level:
        by_label.setdefault(_label(obj), []).append(obj.pk)
    for child_label, (fk, parent_label) in IMPLICIT_PARENTS.items():
        ids = by_label.get(parent_label)
        if not ids or not implicit:
            continue
        model = apps.get_model(child_label)
        qs = model.objects.filter(**{f"{fk}_id__in": ids}).order_by("pk")
        if child_label == "consultations.suggestion":
            qs = qs.select_related("activity")
        elif child_label == "consultations.suggestionupdate":
            qs = qs.select_related("suggestion__activity")
        elif child_label == "bodies.hearditem":
            qs = qs.select_related("visit__member", "visit__village")
        for child in qs[: MAX_NODES * 2]:
            found[(parent_label, getattr(child, f"{fk}_id"))].append(child)
    condition = None
    for label, ids in by_label.items():
        ct = ContentType.objects.get_for_model(apps.get_model(label))
        part = Q(source_type=ct, source_id__in=ids)
        condition = part if condition is None else condition | part
    links = list(TraceLink.objects.filter(condition).order_by("created_at", "id")[: MAX_NODES * 2])
    targets: dict[int, dict[int, object]] = {}
    for ct_id in {link.target_type_id for link in links}:
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        ids = [link.target_id for link in links if link.target_type_id == ct_id]
        targets[ct_id] = model._default_manager.in_bulk(ids)
    for link in links:
        target = targets.get(link.target_type_id, {}).get(link.target_id)
        source_label = ContentType.objects.get_for_id(link.source_type_id).model_class()._meta.label_lower
        if target is not None:
            found[(source_label, link.source_id)].append(target)
    return found


def _visible(user, obj) -> bool:
    from . import permissions

    if permissions.sees_everything(user):
        return True
    label = _label(obj)
    if label == "bodies.visit":
        return permissions.can_view_visit(user, obj)
    if label == "bodies.hearditem":
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


def trace_chain(obj, *, user, implicit_below: bool = True) -> list[Node]:
    """The chain around `obj` as a flat list in reading order: its origins (oldest first), the
    object itself, then everything it led to, depth-first, with `depth` for indentation.
    `implicit_below=False` follows only explicit links downwards (for a page that already lists
    the object's own children, e.g. an activity's suggestions)."""
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

    # breadth-first by level (bounded queries), then laid out depth-first for reading
    tree: dict[tuple[str, int], list] = {}
    level, depth = [obj], 1
    while level and depth <= MAX_DEPTH and len(seen) < MAX_NODES:
        children = _children_of_level(level, implicit_below)
        next_level = []
        for parent in level:
            kept = []
            for child in children[(_label(parent), parent.pk)]:
                key = (_label(child), child.pk)
                if key in seen:
                    continue
                seen.add(key)
                kept.append(child)
            tree[(_label(parent), parent.pk)] = kept
            next_level.extend(kept)
        level, depth = next_level, depth + 1

    def lay_out(parent, depth):
        for child in tree.get((_label(parent), parent.pk), []):
            nodes.append(Node(child, depth=depth))
            lay_out(child, depth + 1)

    lay_out(obj, 1)
    for node in nodes:
        node.visible = _visible(user, node.obj)
    return nodes if len(nodes) > 1 else []
