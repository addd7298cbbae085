"""Audit trail (django-auditlog) of the report narrative and its issued snapshots."""

from auditlog.registry import auditlog

from .models import AnnualReport, ReportSection, ReportSnapshot

auditlog.register(AnnualReport)
auditlog.register(ReportSection)
auditlog.register(ReportSnapshot, exclude_fields=["html", "text", "figures"])
