"""Factories for consultations.meetings models (import from tests.factories.meetings)."""

import datetime as dt

import factory

from consultations.meetings import models as mt

from .members import MemberFactory


class MeetingKindFactory(factory.django.DjangoModelFactory):
    """The default kinds exist from the data migration; this returns them by code."""

    class Meta:
        model = mt.MeetingKind
        django_get_or_create = ("code",)

    code = "standing"
    name = factory.LazyAttribute(lambda o: f"测试会议{o.code}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = mt.Meeting

    kind = factory.SubFactory(MeetingKindFactory)
    title = factory.Sequence(lambda n: f"十三届政协常委会第{n}次会议")
    start_date = dt.date(2020, 6, 18)
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    place = "市政协三楼会议室"


class MeetingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = mt.MeetingSession

    meeting = factory.SubFactory(MeetingFactory)
    date = factory.LazyAttribute(lambda o: o.meeting.start_date)


class MeetingInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = mt.MeetingInvitation

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory)


class MeetingDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = mt.MeetingDocument

    meeting = factory.SubFactory(MeetingFactory)
    title = "会议材料"
    status = mt.MeetingDocument.Status.FINAL
    file = factory.django.FileField(filename="material.pdf", data=b"%PDF-1.4\n%%EOF\n")


class SpeechFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = mt.Speech

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"关于推进国际贸易综合改革的发言{n}")
    text = "发言内容。"
