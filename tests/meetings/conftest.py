import datetime as dt

import pytest

from consultations.meetings import services
from consultations.meetings.models import MeetingKind
from members.models import Position
from tests import factories as f


@pytest.fixture
def mkinds(db):
    return {k.code: k for k in MeetingKind.objects.all()}


@pytest.fixture
def standing_members(db):
    """Three 常委 with logins, and one ordinary member."""
    chair = f.MemberFactory(name="主席甲", position=Position.CHAIR)
    a = f.MemberFactory(name="常委乙", position=Position.STANDING)
    b = f.MemberFactory(name="常委丙", position=Position.STANDING)
    plain = f.MemberFactory(name="委员丁", position=Position.MEMBER)
    return {"chair": chair, "a": a, "b": b, "plain": plain}


@pytest.fixture
def standing_meeting(mkinds, standing_members, staff_user):
    """A 常委会会议 (one session) inviting the 常委 by position."""
    return services.meeting_create(
        kind=mkinds["standing"],
        title="十三届政协第二十次常委会会议",
        start_date=dt.date(2020, 6, 18),
        place="市政协三楼会议室",
        by=staff_user,
    )
