import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from members.briefing import services
from members.briefing.models import Announcement, Audience, Folder
from tests import factories as f

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64


def pdf(name="doc.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def at(year, month, day, hour=10):
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def staff(make_user):
    return make_user("staff")


@pytest.fixture
def world(db):
    """Two sectors, two committees, members across them, a unit user and a leader."""
    s1, s2 = f.SectorFactory(name="经济界"), f.SectorFactory(name="教育界")
    c1, c2 = f.SpecialCommitteeFactory(name="经济委"), f.SpecialCommitteeFactory(name="教科卫体委")
    w1, w2 = f.WorkCommitteeFactory(name="稠城街道"), f.WorkCommitteeFactory(name="佛堂镇")
    a = f.MemberFactory(sector=s1, work_committee=w1)
    b = f.MemberFactory(sector=s1, work_committee=w2)
    c = f.MemberFactory(sector=s2, work_committee=w1)
    d = f.MemberFactory(sector=s2, work_committee=w2)
    a.special_committees.add(c1)
    c.special_committees.add(c1, c2)
    no_login = f.MemberFactory(user=None, sector=s1)
    retired = f.MemberFactory(sector=s1, is_active=False)
    unit = f.UnitUserFactory()
    unit_b = f.UnitUserFactory()
    leader = f.LeaderUserFactory()
    return {
        "sectors": (s1, s2),
        "committees": (c1, c2),
        "towns": (w1, w2),
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "no_login": no_login,
        "retired": retired,
        "unit": unit,
        "unit_b": unit_b,
        "leader": leader,
    }


@pytest.fixture
def publish(staff):
    def do(audience_kind=Audience.ALL_MEMBERS, **kwargs):
        defaults = {
            "kind": Announcement.Kind.INITIATIVE,
            "title": "关于疫情防控的倡议书",
            "body": "全体委员:……",
        }
        defaults.update(kwargs)
        return services.announcement_create(by=staff, audience_kind=audience_kind, publish=True, **defaults)

    return do


@pytest.fixture
def folder(db):
    return Folder.objects.get(name="学习资料", parent=None)
