"""Audit trail (django-auditlog) of consultations/ models."""

from auditlog.registry import auditlog

from .models import (
    Activity,
    ActivityDocument,
    ActivityGuest,
    ActivityKind,
    Invitation,
    PlanTopic,
    Review,
    Suggestion,
    SuggestionUpdate,
)

for model in (
    ActivityKind,
    PlanTopic,
    Activity,
    ActivityGuest,
    Invitation,
    ActivityDocument,
    Suggestion,
    SuggestionUpdate,
    Review,
):
    auditlog.register(model)
