"""社情民意: submission and its workflow."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from members.models import Member, ProposerOrganisation, User
from members.permissions import instruction_leader
from members.selectors import staff_users
from members.services import duty_event_record, instruction_add, instruction_request, notify_on_commit

from .. import conf, permissions
from ..models import (
    Bulletin,
    PublicOpinion,
)
from ._common import (
    _fire_opinion,
    _notify,
    _record_opinion_event,
    _validate_text,
)


# --- public opinion (社情民意) -----------------------------------------------------------------
@transaction.atomic
def opinion_submit(
    *, by: User, title: str, body: str, organisation: ProposerOrganisation | None = None
) -> PublicOpinion:
    if not permissions.can_submit_opinion(by):
        raise PermissionDenied("您的角色不能报送社情民意。")
    title, body = _validate_text(title, body, body_max=conf.OPINION_BODY_MAX_CHARS)
    author = Member.objects.filter(user=by).first() if organisation is None else None
    if organisation is None and author is None:
        raise ValidationError("代为报送时请选择报送单位。")
    today = timezone.localdate()
    opinion = PublicOpinion.objects.create(
        title=title, body=body, author=author, organisation=organisation, submitted_by=by, received_on=today
    )
    _record_opinion_event(opinion=opinion, label="报送", by=by)
    if author:
        duty_event_record(member=author, kind="opinion_submitted", date=today, source=opinion, title=title)
    _notify(
        staff_users(), kind="opinion_submitted", title=f"新社情民意:{title}", target=opinion, event=opinion
    )
    return opinion


@transaction.atomic
def opinion_check(*, opinion: PublicOpinion, by: User, note: str = "") -> PublicOpinion:
    return _fire_opinion(opinion, "check", by, note=note)


@transaction.atomic
def opinion_compile(
    *, opinion: PublicOpinion, by: User, number: int, year: int | None = None
) -> PublicOpinion:
    today = timezone.localdate()
    if not number or number < 1:
        raise ValidationError("请填写期号。")
    bulletin, _ = Bulletin.objects.get_or_create(
        year=year or today.year, number=number, defaults={"published_on": today}
    )
    return _fire_opinion(opinion, "compile", by, note=str(bulletin), changes={"bulletin": bulletin})


@transaction.atomic
def opinion_report(
    *, opinion: PublicOpinion, by: User, sent_to: str, sent_on: dt.date | None = None
) -> PublicOpinion:
    if not (sent_to or "").strip():
        raise ValidationError("请填写报送对象。")
    sent_on = sent_on or timezone.localdate()
    return _fire_opinion(
        opinion, "report", by, note=f"报送{sent_to}", changes={"sent_to": sent_to.strip(), "sent_on": sent_on}
    )


@transaction.atomic
def opinion_adopt(
    *, opinion: PublicOpinion, by: User, level: str, adopted_on: dt.date | None = None
) -> PublicOpinion:
    if level not in ("city", "province", "national"):
        raise ValidationError("请选择采用层级(市级、省级、全国)。")
    adopted_on = adopted_on or timezone.localdate()
    opinion = _fire_opinion(
        opinion,
        "adopt",
        by,
        note=PublicOpinion.Level(level).label,
        changes={"adoption_level": level, "adopted_on": adopted_on},
    )
    if opinion.author_id:
        duty_event_record(
            member=opinion.author,
            kind="opinion_adopted",
            date=adopted_on,
            source=opinion,
            title=opinion.title,
        )
        if opinion.author.user_id:
            notify_on_commit(
                recipient=opinion.author.user,
                kind="opinion_adopted",
                title=f"社情民意被采用:{opinion.title}",
                target=opinion,
                event=opinion.last_event,
            )
    return opinion


@transaction.atomic
def opinion_feedback(*, opinion: PublicOpinion, by: User, text: str) -> PublicOpinion:
    if not (text or "").strip():
        raise ValidationError("请填写部门反馈。")
    opinion = _fire_opinion(
        opinion, "feedback", by, note=text.strip()[:200], changes={"feedback": text.strip()}
    )
    _notify_opinion_author(opinion, kind="opinion_feedback", title=f"社情民意收到部门反馈:{opinion.title}")
    return opinion


@transaction.atomic
def opinion_not_adopt(*, opinion: PublicOpinion, by: User, note: str) -> PublicOpinion:
    opinion = _fire_opinion(opinion, "not_adopt", by, note=note)
    _notify_opinion_author(
        opinion, kind="opinion_not_adopted", title=f"社情民意未被采用:{opinion.title}", text=note
    )
    return opinion


def _notify_opinion_author(opinion: PublicOpinion, *, kind: str, title: str, text: str = "") -> None:
    if opinion.author_id and opinion.author.user_id:
        notify_on_commit(
            recipient=opinion.author.user,
            kind=kind,
            title=title,
            text=text,
            target=opinion,
            event=opinion.last_event,
        )


@transaction.atomic
def opinion_request_instruction(
    *, opinion: PublicOpinion, leaders, by: User, note: str = ""
) -> PublicOpinion:
    """报请领导批示: each chosen leader is asked (and told) once; the timeline records the request."""
    names = "、".join(leader.display_name for leader in leaders)
    _fire_opinion(opinion, "request_instruction", by, note=f"报请{names}批示 {note.strip()}".strip()[:200])
    instruction_request(target=opinion, leaders=leaders, by=by, note=note, title=opinion.title)
    return opinion


@transaction.atomic
def opinion_instruct(
    *,
    opinion: PublicOpinion,
    by: User,
    date: dt.date,
    text: str,
    leader: User | None = None,
    leader_title: str = "",
):
    if not (text or "").strip():
        raise ValidationError({"text": "请填写批示内容。"})
    leader = instruction_leader(by, leader)
    _fire_opinion(opinion, "instruct", by, note=f"{leader.display_name}:{text.strip()[:100]}")
    instruction = instruction_add(
        target=opinion, leader=leader, date=date, text=text, leader_title=leader_title, by=by
    )
    if opinion.author_id:
        duty_event_record(
            member=opinion.author, kind="opinion_instructed", date=date, source=opinion, title=opinion.title
        )
        if opinion.author.user_id:
            notify_on_commit(
                recipient=opinion.author.user,
                kind="opinion_instructed",
                title=f"社情民意获领导批示:{opinion.title}",
                target=opinion,
                event=instruction,
            )
    return instruction
