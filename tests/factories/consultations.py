"""Factories for consultations/ models."""

import datetime as dt

import factory

from consultations import models as c

from .members import HandlingUnitFactory, MemberFactory, SpecialCommitteeFactory, UserFactory


class ActivityKindFactory(factory.django.DjangoModelFactory):
    """The default kinds exist from the data migration; this returns them by code."""

    class Meta:
        model = c.ActivityKind
        django_get_or_create = ("code",)

    code = "come_consult"
    name = factory.LazyAttribute(lambda o: {"come_consult": "请你来协商"}.get(o.code, f"测试类型{o.code}"))
    category = "consultation"


class PlanTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.PlanTopic

    year = 2020
    title = factory.Sequence(lambda n: f"测试议题{n}")
    source = c.PlanTopic.Source.MEMBER
    lead_committee = factory.SubFactory(SpecialCommitteeFactory)
    planned_month = 6
    approved = True


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.Activity

    kind = factory.SubFactory(ActivityKindFactory)
    topic = factory.Sequence(lambda n: f"请你来协商—测试主题{n}")
    date = dt.date(2020, 6, 15)
    status = c.Activity.Status.HELD
    place = "市政协三楼会议室"
    organiser_type = c.Activity.OrganiserType.COMMITTEE


class ActivityGuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.ActivityGuest

    activity = factory.SubFactory(ActivityFactory)
    name = "陈女士"
    organisation = "居民代表"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.Invitation

    activity = factory.SubFactory(ActivityFactory)
    member = factory.SubFactory(MemberFactory)


class ActivityDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.ActivityDocument

    activity = factory.SubFactory(ActivityFactory)
    kind = c.ActivityDocument.Kind.RESEARCH_REPORT
    title = factory.Sequence(lambda n: f"调研报告{n}")
    date = factory.LazyAttribute(lambda o: o.activity.date)


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A suggestion in any state; pass status/unit/outcome for the state wanted (no events)."""

    class Meta:
        model = c.Suggestion

    activity = factory.SubFactory(ActivityFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"测试建议{n}")
    status = c.SuggestionStatus.PENDING


class AssignedSuggestionFactory(SuggestionFactory):
    unit = factory.SubFactory(HandlingUnitFactory)
    status = c.SuggestionStatus.ASSIGNED
    due_date = dt.date(2020, 12, 31)
    assigned_at = dt.date(2020, 7, 1)


class SuggestionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.SuggestionUpdate

    suggestion = factory.SubFactory(AssignedSuggestionFactory)
    status = c.Outcome.IN_PROGRESS
    text = "正在推进"
    date = dt.date(2020, 8, 1)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.Review

    suggestion = factory.SubFactory(AssignedSuggestionFactory)
    planned_date = dt.date(2020, 10, 1)


class SuggestionEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = c.SuggestionEvent

    suggestion = factory.SubFactory(SuggestionFactory)
    action = "create"
    label = "录入建议"
    from_state = "pending"
    to_state = "pending"
    actor = factory.SubFactory(UserFactory)
