"""Who may see and do what in participation — decided here and nowhere else."""

from __future__ import annotations

from django.utils import timezone

from members.models import Role, User
from members.permissions import is_staff

from .models import Audience, Deliberation, Survey, TopicCall


def _member(user: User):
    return getattr(user, "member", None) if user.is_authenticated and user.role == Role.MEMBER else None


def is_leader(user: User) -> bool:
    return bool(user.is_authenticated and user.role == Role.LEADER)


def can_manage(user: User) -> bool:
    """Open calls, merge/shortlist/adopt topics, moderate, open deliberations, run surveys."""
    return is_staff(user)


def sees_everything(user: User) -> bool:
    return is_staff(user) or is_leader(user)


# --- calls for topics -----------------------------------------------------------------------------
def call_accepts(call: TopicCall) -> bool:
    return call.status == TopicCall.Status.OPEN and timezone.localdate() <= call.deadline


def can_view_calls(user: User) -> bool:
    return user.is_authenticated


def can_submit_topic(user: User, call: TopicCall) -> bool:
    if not call_accepts(call):
        return False
    if is_staff(user):
        return True  # 政协找题 / 党委政府点题 / a body's topic entered by staff
    if _member(user) is not None:
        return call.open_to_members
    if user.is_authenticated and user.role == Role.UNIT:
        return call.open_to_units
    return False


def public_may_submit(call: TopicCall) -> bool:
    return call.open_to_public and call_accepts(call)


def sees_all_submissions(user: User) -> bool:
    return sees_everything(user)


# --- online deliberation --------------------------------------------------------------------------
def _invited(user: User, deliberation: Deliberation) -> bool:
    member = _member(user)
    return member is not None and deliberation.activity.invitations.filter(member=member).exists()


def can_view_deliberation(user: User, deliberation: Deliberation) -> bool:
    if sees_everything(user):
        return True
    if _member(user) is None:
        return False
    if deliberation.audience == Audience.INVITED:
        return _invited(user, deliberation)
    return True  # open to all members (or to the public)


def deliberation_accepts(deliberation: Deliberation) -> bool:
    return deliberation.is_open and (
        deliberation.closes_on is None or timezone.localdate() <= deliberation.closes_on
    )


def can_post_opinion(user: User, deliberation: Deliberation) -> bool:
    return (
        _member(user) is not None
        and deliberation_accepts(deliberation)
        and can_view_deliberation(user, deliberation)
    )


def public_may_post(deliberation: Deliberation) -> bool:
    return deliberation.audience == Audience.PUBLIC and deliberation_accepts(deliberation)


def deliberation_is_public(deliberation: Deliberation) -> bool:
    return deliberation.audience == Audience.PUBLIC


# --- surveys --------------------------------------------------------------------------------------
def survey_accepts(survey: Survey) -> bool:
    return survey.status == Survey.Status.OPEN and (
        survey.closes_on is None or timezone.localdate() <= survey.closes_on
    )


def in_survey_audience(user: User, survey: Survey) -> bool:
    member = _member(user)
    if member is None:
        return False
    if survey.audience == Audience.COMMITTEE:
        return member.special_committees.filter(pk=survey.special_committee_id).exists()
    return True


def can_view_survey(user: User, survey: Survey) -> bool:
    return sees_everything(user) or (
        survey.status != Survey.Status.DRAFT and in_survey_audience(user, survey)
    )


def can_answer_survey(user: User, survey: Survey) -> bool:
    return survey_accepts(survey) and in_survey_audience(user, survey)


def public_may_answer(survey: Survey) -> bool:
    return survey.audience == Audience.PUBLIC and survey_accepts(survey)


def can_view_results(user: User, survey: Survey) -> bool:
    return sees_everything(user)


def can_export(user: User) -> bool:
    return is_staff(user)
