"""Changing an activity after it was entered — edit, postpone, cancel, mark held — by the office or
the organiser of the activity's body. Every change goes through `activity_machine` (one table),
is written to the timeline (members.bodies.ActivityChange) and told to every invitee (a notice
per change: its delivery key names the change row)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cppcc.workflow import StateMachine, Transition
from members.bodies.models import ActivityChange
from members.models import User
from members.services import notify_on_commit

from . import permissions
from .models import Activity

S = Activity.Status
UPCOMING = (S.PLANNED, S.POSTPONED)

ACTIVITY_TRANSITIONS = [
    Transition("edit", "修改活动信息", UPCOMING + (S.HELD,), None, ("staff", "organiser")),
    Transition(
        "postpone", "延期", UPCOMING, S.POSTPONED, ("staff", "organiser"), style="warning", needs_note=True
    ),
    Transition(
        "cancel", "取消活动", UPCOMING, S.CANCELLED, ("staff", "organiser"), style="danger", needs_note=True
    ),
    Transition("hold", "标记已举办", UPCOMING, S.HELD, ("staff", "organiser"), style="success"),
]


def relations(activity: Activity, user: User) -> set[str]:
    from members.bodies.body import activity_body_key
    from members.bodies.permissions import organises
    from members.permissions import is_staff

    if is_staff(user):
        return {"staff"}  # the office may do everything an organiser may
    found = set()
    if organises(user, activity_body_key(activity)):
        found.add("organiser")
    return found


activity_machine = StateMachine(states=S, transitions=ACTIVITY_TRANSITIONS, relations=relations)
# "major" (重大视察协商活动) is the office's call, in the staff form
EDITABLE = ("kind", "topic", "place", "mode", "is_public", "description", "department_heads")


def _record(*, obj, action, label, from_state, to_state, by, note):
    return ActivityChange.objects.create(
        activity=obj, action=action, label=label, from_state=from_state, to_state=to_state, by=by, note=note
    )


def _fire(activity: Activity, action: str, by: User, note: str = "", changes=None) -> Activity:
    return activity_machine.fire(
        obj=activity, action=action, by=by, note=note, changes=changes, record_event=_record
    )


def _tell_invitees(activity: Activity, *, title: str, text: str) -> None:
    change = activity.changes.order_by("-id").first()
    for invitation in activity.invitations.select_related("member__user"):
        user = invitation.member.user
        if user is None:
            continue
        notify_on_commit(
            recipient=user,
            kind="consultation_activity_changed",
            title=title,
            text=text,
            target=activity,
            event=change,
        )


@transaction.atomic
def activity_update(*, activity: Activity, by: User, **values) -> Activity:
    """Edit what an activity is about; the date changes only by postponing."""
    activity_machine.require(activity, "edit", by)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"不能在此修改:{'、'.join(sorted(unknown))}")
    if "topic" in values and not (values["topic"] or "").strip():
        raise ValidationError("请填写活动主题。")
    current = Activity.objects.get(pk=activity.pk)
    changes = {k: v for k, v in values.items() if getattr(current, k) != v}
    if not changes:
        return current
    labels = "、".join(str(Activity._meta.get_field(k).verbose_name) for k in changes)
    activity = _fire(activity, "edit", by, note=f"修改了{labels}", changes=changes)
    _tell_invitees(
        activity,
        title=f"活动信息变更:「{activity.display_name}」",
        text=f"{labels}已修改,请查看最新安排({activity.date:%Y年%m月%d日} {activity.place})。",
    )
    return activity


@transaction.atomic
def activity_postpone(*, activity: Activity, new_date: dt.date, reason: str, by: User) -> Activity:
    activity_machine.require(activity, "postpone", by)  # state and actor first: the clearest message
    if new_date is None:
        raise ValidationError("请填写延期后的日期。")
    if new_date < timezone.localdate():
        raise ValidationError("延期后的日期不能早于今天。")
    if new_date == activity.date:
        raise ValidationError("延期后的日期与原日期相同。")
    if not (reason or "").strip():
        raise ValidationError("请填写延期原因。")
    old = activity.date
    activity = _fire(
        activity,
        "postpone",
        by,
        note=f"由{old:%Y-%m-%d}延期至{new_date:%Y-%m-%d}:{reason.strip()}",
        changes={"date": new_date},
    )
    _tell_invitees(
        activity,
        title=f"活动延期:「{activity.display_name}」",
        text=f"原定{old:%Y年%m月%d日}的活动延期至{new_date:%Y年%m月%d日}。原因:{reason.strip()}",
    )
    return activity


@transaction.atomic
def activity_cancel(*, activity: Activity, reason: str, by: User) -> Activity:
    activity_machine.require(activity, "cancel", by)
    if not (reason or "").strip():
        raise ValidationError("请填写取消原因。")
    activity = _fire(activity, "cancel", by, note=reason.strip())
    _tell_invitees(
        activity,
        title=f"活动取消:「{activity.display_name}」",
        text=f"原定{activity.date:%Y年%m月%d日}的活动已取消。原因:{reason.strip()}",
    )
    return activity


@transaction.atomic
def activity_mark_held(*, activity: Activity, by: User) -> Activity:
    """Attendance was taken: the activity took place (no-op when it is already held or cancelled)."""
    current = Activity.objects.get(pk=activity.pk)
    if current.status not in UPCOMING or not activity_machine.can(current, "hold", by):
        return current
    return _fire(current, "hold", by, note="登记出勤,活动已举办")


def available_changes(activity: Activity, user: User) -> list[Transition]:
    return activity_machine.available(activity, user)


def can_change(activity: Activity, user: User) -> bool:
    return permissions.can_manage_activity(user, activity)
