"""Factories for consultations.participation models."""

import datetime as dt

import factory

from consultations.participation import models as p

from .members import StaffUserFactory


class TopicCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.TopicCall

    year = 2021
    title = factory.Sequence(lambda n: f"2021年民生实事项目征集{n}")
    deadline = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))
    open_to_public = True
    created_by = factory.SubFactory(StaffUserFactory)


class TopicSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.TopicSubmission

    call = factory.SubFactory(TopicCallFactory)
    source = "member"
    title = factory.Sequence(lambda n: f"关于推进老旧小区加装电梯的建议{n}")
    reason = "群众反映强烈,需要协商推进。"


class DeliberationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Deliberation

    activity = factory.SubFactory("tests.factories.consultations.ActivityFactory", is_public=True)
    audience = p.Audience.PUBLIC
