import datetime as dt

import factory

from members.bodies import models as b

from .members import MemberFactory, UserFactory, VillageFactory, WorkCommitteeFactory


class OrganiserRoleFactory(factory.django.DjangoModelFactory):
    """By default the 联络员 of a 镇街工委."""

    class Meta:
        model = b.OrganiserRole

    user = factory.SubFactory(UserFactory)
    body_type = "work"
    work_committee = factory.SubFactory(WorkCommitteeFactory)
    title = b.OrganiserRole.Title.LIAISON


class ContactVillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = b.ContactVillage

    member = factory.SubFactory(MemberFactory)
    village = factory.SubFactory(VillageFactory)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = b.Visit

    member = factory.SubFactory(MemberFactory)
    village = factory.SubFactory(VillageFactory)
    date = dt.date(2020, 3, 10)
    summary = "走访情况"


class HeardItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = b.HeardItem

    visit = factory.SubFactory(VisitFactory)
    text = factory.Sequence(lambda n: f"群众反映的问题{n}")
