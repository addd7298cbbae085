"""Factories for proposals/ models."""

import datetime as dt

import factory

from proposals import models as pm
from proposals.search import reindex

from .members import HandlingUnitFactory, MemberFactory, StaffUserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Category
        django_get_or_create = ("name",)

    name = "经济建设"


class ProposalFactory(factory.django.DjangoModelFactory):
    """A draft by a member (with the lead signer row). Pass status=... for later states."""

    class Meta:
        model = pm.Proposal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"关于测试事项{n}的建议")
    category = factory.SubFactory(CategoryFactory)
    body = "情况分析……具体建议……"
    lead_member = factory.SubFactory(MemberFactory)
    created_by = factory.LazyAttribute(lambda p: p.lead_member.user if p.lead_member else StaffUserFactory())
    year = 2020

    @factory.post_generation
    def lead_signer(self, create, extracted, **kwargs):
        if create and self.lead_member_id:
            pm.ProposalSigner.objects.get_or_create(
                proposal=self, member=self.lead_member, defaults={"role": "lead", "answer": "confirmed"}
            )

    @factory.post_generation
    def search_index(self, create, extracted, **kwargs):
        if create:  # as the drafting service does: the keyword search finds factory rows too
            reindex(self)


class ProposalSignerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.ProposalSigner

    proposal = factory.SubFactory(ProposalFactory)
    member = factory.SubFactory(MemberFactory)
    role = "cosigner"
    answer = "invited"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Assignment

    proposal = factory.SubFactory(ProposalFactory, status="assigned")
    unit = factory.SubFactory(HandlingUnitFactory)
    kind = "lead"
    assigned_on = dt.date(2020, 3, 1)
    due_on = dt.date(2020, 6, 1)
    objection_until = dt.date(2020, 3, 8)


class PublicOpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.PublicOpinion

    title = factory.Sequence(lambda n: f"社情民意{n}")
    body = "反映的问题和建议。"
    author = factory.SubFactory(MemberFactory)
    submitted_by = factory.LazyAttribute(lambda o: o.author.user)
    received_on = dt.date(2020, 5, 1)


class BulletinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Bulletin
        django_get_or_create = ("year", "number")

    year = 2020
    number = factory.Sequence(lambda n: n + 1)
    published_on = dt.date(2020, 5, 10)
