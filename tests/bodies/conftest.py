import pytest

from tests import factories as f


@pytest.fixture
def kinds(db):
    from consultations.models import ActivityKind

    return {k.code: k for k in ActivityKind.objects.all()}


@pytest.fixture
def town_a(db):
    return f.WorkCommitteeFactory(name="江东街道")


@pytest.fixture
def town_b(db):
    return f.WorkCommitteeFactory(name="稠城街道")


@pytest.fixture
def organiser_a(town_a):
    """联络员 of 江东街道工委 (body A); also an ordinary member of the roster."""
    member = f.MemberFactory(work_committee=town_a)
    f.OrganiserRoleFactory(user=member.user, work_committee=town_a)
    return member.user


@pytest.fixture
def organiser_b(town_b):
    """联络员 of 稠城街道工委 (body B)."""
    role = f.OrganiserRoleFactory(work_committee=town_b)
    return role.user


@pytest.fixture
def members_a(town_a):
    return [f.MemberFactory(work_committee=town_a) for _ in range(3)]


@pytest.fixture
def activity_a(kinds, town_a, members_a):
    """A non-public planned 请你来协商 of body A with body A's members invited."""
    import datetime as dt

    from consultations.models import Activity

    activity = f.ActivityFactory(
        kind=kinds["come_consult"],
        organiser_type="work",
        work_committee=town_a,
        date=dt.date.today() + dt.timedelta(days=10),
        status=Activity.Status.PLANNED,
        is_public=False,
        topic="请你来协商—电商企业稳岗",
    )
    for m in members_a:
        f.InvitationFactory(activity=activity, member=m)
    return activity
