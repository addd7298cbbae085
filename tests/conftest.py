import pytest

from members.models import Role

from . import factories

ROLE_FACTORIES = {
    Role.MEMBER: lambda: factories.MemberFactory().user,
    Role.STAFF: factories.StaffUserFactory,
    Role.UNIT: factories.UnitUserFactory,
    Role.LEADER: factories.LeaderUserFactory,
    Role.ADMIN: lambda: factories.UserFactory(role=Role.ADMIN),
}


@pytest.fixture
def make_user(db):
    """make_user("staff") -> a saved user of that role (members get a Member profile)."""

    def make(role: str):
        return ROLE_FACTORIES[Role(role)]()

    return make


@pytest.fixture
def member_user(make_user):
    return make_user(Role.MEMBER)


@pytest.fixture
def staff_user(make_user):
    return make_user(Role.STAFF)


@pytest.fixture
def unit_user(make_user):
    return make_user(Role.UNIT)


@pytest.fixture
def leader_user(make_user):
    return make_user(Role.LEADER)


@pytest.fixture
def client_for(client):
    """client_for(user) -> the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
