import datetime as dt

import pytest
from django.utils import timezone

from proposals import services
from proposals.models import ReplyClass
from tests.factories import CategoryFactory, HandlingUnitFactory, MemberFactory, UnitUserFactory


@pytest.fixture
def category(db):
    return CategoryFactory()


@pytest.fixture
def flow(db, category, staff_user):
    """Drive a proposal through the services up to a named stage; returns a namespace of actors."""

    class Flow:
        def __init__(self):
            self.staff = staff_user
            self.lead = MemberFactory()
            self.cosigner = MemberFactory()
            self.unit = HandlingUnitFactory()
            self.unit_user = UnitUserFactory(handling_unit=self.unit)
            self.assisting = HandlingUnitFactory()
            self.assisting_user = UnitUserFactory(handling_unit=self.assisting)

        def draft(self, **kw):
            return services.proposal_save_draft(
                by=kw.get("by", self.lead.user),
                title=kw.get("title", "关于加强垃圾分类的建议"),
                category=category,
                body="情况分析与具体建议。",
                cosigners=[self.cosigner],
            )

        def to(self, stage: str):
            p = self.draft()
            if stage == "draft":
                return p
            services.proposal_cosign_answer(proposal=p, by=self.cosigner.user, confirm=True)
            p = services.proposal_submit(proposal=p, by=self.lead.user)
            if stage == "submitted":
                return p
            p = services.proposal_accept(proposal=p, by=self.staff)
            if stage == "accepted":
                return p
            p = services.proposal_assign(
                proposal=p, by=self.staff, lead_unit=self.unit, assisting_units=[self.assisting]
            )
            if stage == "assigned":
                return p
            services.contact_record(
                proposal=p, by=self.unit_user, date=timezone.localdate(), form="meeting", summary="座谈"
            )
            if stage == "handling":
                return p.__class__.objects.get(pk=p.pk)
            services.reply_submit(
                proposal=p, by=self.unit_user, reply_class=ReplyClass.objects.get(code="B"), text="答复正文"
            )
            if stage == "reply_check":
                return p.__class__.objects.get(pk=p.pk)
            p = services.reply_check(proposal=p, by=self.staff, approve=True)
            if stage == "replied":
                return p
            p = services.proposal_rate(proposal=p, by=self.lead.user, level="satisfied")
            if stage == "rated":
                return p
            return services.proposal_close(proposal=p, by=self.staff)

    return Flow()


def shanghai(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)
