import datetime as dt

import pytest

from members.models import Role
from tests import factories as f


@pytest.fixture
def kinds(db):
    from consultations.models import ActivityKind

    return {k.code: k for k in ActivityKind.objects.all()}


@pytest.fixture
def unit_user_b(db):
    return f.UnitUserFactory()


@pytest.fixture
def assigned(unit_user):
    """A suggestion assigned to unit_user's unit."""
    return f.AssignedSuggestionFactory(unit=unit_user.handling_unit, due_date=dt.date(2020, 12, 31))


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADER)
