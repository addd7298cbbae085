"""Factories for members/ models."""

import datetime as dt

import factory
from django.contrib.auth.models import Group

from members import models as m


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.HandlingUnit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试承办单位{n}")
    contact_person = "张联络"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    role = m.Role.MEMBER
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    password = factory.PostGenerationMethodCall("set_password", "pass-Word-123")
    handling_unit = factory.Maybe(
        factory.LazyAttribute(lambda u: u.role == m.Role.UNIT), factory.SubFactory(HandlingUnitFactory), None
    )
    is_staff = factory.LazyAttribute(lambda u: u.role in (m.Role.STAFF, m.Role.ADMIN))
    is_superuser = factory.LazyAttribute(lambda u: u.role == m.Role.ADMIN)

    @factory.post_generation
    def role_group(self, create, extracted, **kwargs):
        if create:
            self.save()
            self.groups.add(Group.objects.get(name=m.Role(self.role).label))


class StaffUserFactory(UserFactory):
    role = m.Role.STAFF


class UnitUserFactory(UserFactory):
    role = m.Role.UNIT


class LeaderUserFactory(UserFactory):
    role = m.Role.LEADER


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Term
        django_get_or_create = ("number",)

    number = 13
    start_date = dt.date(2017, 1, 1)
    end_date = dt.date(2021, 12, 31)


class PlenaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Plenary
        django_get_or_create = ("term", "number")

    term = factory.SubFactory(TermFactory)
    number = 4
    year = factory.LazyAttribute(lambda p: p.opens_on.year)
    opens_on = dt.date(2020, 1, 8)
    closes_on = factory.LazyAttribute(lambda p: p.opens_on + dt.timedelta(days=3))
    submission_opens_on = factory.LazyAttribute(lambda p: p.opens_on - dt.timedelta(days=91))
    submission_closes_on = factory.LazyAttribute(lambda p: p.opens_on + dt.timedelta(days=1))


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Sector
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试界别{n}")


class SpecialCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SpecialCommittee
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试专委会{n}")


class WorkCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.WorkCommittee
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试镇{n}")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Village

    name = factory.Sequence(lambda n: f"测试村{n}")
    work_committee = factory.SubFactory(WorkCommitteeFactory)


class ProposerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ProposerOrganisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试党派{n}")


def valid_id_number(n: int) -> str:
    """A well-formed 18-digit resident ID (valid birth date and check digit), unique per n."""
    from members.resources import id_number_check_digit

    birth = dt.date(1970, 1, 1) + dt.timedelta(days=n // 1000)
    body = f"330782{birth:%Y%m%d}{n % 1000:03d}"
    return body + id_number_check_digit(body)


class MemberFactory(factory.django.DjangoModelFactory):
    """A member with a login (role member) unless user=None is passed."""

    class Meta:
        model = m.Member

    user = factory.SubFactory(UserFactory, role=m.Role.MEMBER)
    name = factory.LazyAttribute(lambda o: o.user.name if o.user else "无账号委员")
    id_number = factory.Sequence(lambda n: valid_id_number(n))
    gender = "M"
    birth_date = dt.date(1975, 5, 1)
    sector = factory.SubFactory(SectorFactory)
    work_committee = factory.SubFactory(WorkCommitteeFactory)
    position = m.Position.MEMBER


class DutyEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.DutyEvent

    member = factory.SubFactory(MemberFactory)
    kind_id = "other"
    date = dt.date(2020, 6, 1)
    points = 5


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "test"
    title = factory.Sequence(lambda n: f"测试通知{n}")
    delivery_key = factory.Sequence(lambda n: f"test-key-{n}")


class ScoreBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ScoreBand
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"等次{n}")
    min_score = factory.Sequence(lambda n: 100 + n)


class DutyMinimumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.DutyMinimum
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"最低要求{n}")
    min_count = 1


class SelfReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SelfReport

    member = factory.SubFactory(MemberFactory)
    year = 2020
    text = "本年度履职情况。"
    status = m.SelfReport.Status.DRAFT
