"""Audit trail (django-auditlog) of every proposals/ model."""

from auditlog.registry import auditlog

from . import models as m

for _model in (
    m.Category,
    m.RejectReason,
    m.ReplyClass,
    m.HandlingRules,
    m.Proposal,
    m.ProposalSigner,
    m.Attachment,
    m.Assignment,
    m.Contact,
    m.Reply,
    m.Rating,
    m.FollowUp,
    m.Bulletin,
    m.PublicOpinion,
):
    auditlog.register(_model)
