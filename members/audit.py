"""Audit trail (django-auditlog): who changed what and when, readable by admin."""

from auditlog.registry import auditlog

from .models import (
    DutyEvent,
    DutyMinimum,
    DutyRule,
    HandlingUnit,
    Instruction,
    Member,
    ScoreBand,
    SelfReport,
    User,
)

auditlog.register(User, exclude_fields=["password", "last_login"])
auditlog.register(Member, m2m_fields={"special_committees", "terms"})
auditlog.register(DutyEvent)
auditlog.register(DutyRule)
auditlog.register(HandlingUnit)
auditlog.register(Instruction)
auditlog.register(ScoreBand)
auditlog.register(DutyMinimum, m2m_fields={"rules"})
auditlog.register(SelfReport)
