"""Audit trail (django-auditlog) of the quick-report models that people edit."""

from auditlog.registry import auditlog

from . import models as m

for _model in (m.QuickReport, m.QuickCategory, m.DeadlineRule, m.TriageScope):
    auditlog.register(_model)
