import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from proposals.quickreports import services
from proposals.quickreports.models import QuickCategory, TriageScope
from tests.factories import (
    HandlingUnitFactory,
    LeaderUserFactory,
    MemberFactory,
    StaffUserFactory,
    UnitUserFactory,
    WorkCommitteeFactory,
)

GPS = {1: "N", 2: (29.0, 18.0, 30.0), 3: "E", 4: (120.0, 4.0, 40.0)}


def jpeg_bytes(size=(1200, 900), color=(180, 40, 40), exif=True, fmt="JPEG") -> bytes:
    img = Image.new("RGB", size, color)
    out = io.BytesIO()
    kwargs = {}
    if exif and fmt == "JPEG":
        e = Image.Exif()
        e[0x010F] = "Apple"  # Make
        e[0x0110] = "iPhone 12"  # Model
        e[ExifTags.IFD.GPSInfo] = GPS
        kwargs["exif"] = e.tobytes()
    img.save(out, fmt, **kwargs)
    return out.getvalue()


def photo(name="p.jpg", **kw) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kw), content_type="image/jpeg")


@pytest.fixture
def q(db):
    """The people and places of a quick-report story, and a `submit` helper."""

    class World:
        def __init__(self):
            self.town = WorkCommitteeFactory(name="稠城街道")
            self.other_town = WorkCommitteeFactory(name="佛堂镇")
            self.category = QuickCategory.objects.get(name="市容环境")
            self.member = MemberFactory(work_committee=self.town)
            self.member_b = MemberFactory()
            self.staff = StaffUserFactory()
            self.leader = LeaderUserFactory()
            self.unit = HandlingUnitFactory(name="市综合行政执法局")
            self.unit_user = UnitUserFactory(handling_unit=self.unit)
            self.unit_b = HandlingUnitFactory(name="市交通运输局")
            self.unit_b_user = UnitUserFactory(handling_unit=self.unit_b)
            self.town_staff = MemberFactory().user  # a 镇街工委's clerk, with a member login
            TriageScope.objects.create(user=self.town_staff, work_committee=self.town)
            self.other_town_staff = MemberFactory().user
            TriageScope.objects.create(user=self.other_town_staff, work_committee=self.other_town)

        def submit(self, by=None, files=(), **kw):
            values = {
                "kind": "snapshot",
                "text": "县前街人行道被电动车占用,行人只能走机动车道。",
                "category": self.category,
                "address": "县前街与工人路交叉口",
                "work_committee": self.town,
            }
            values.update(kw)
            return services.quick_report_submit(by=by or self.member.user, files=files, **values)

        def routed(self, **kw):
            r = self.submit(**kw)
            return services.quick_route(report=r, by=self.staff, unit=self.unit)

        def answered(self, **kw):
            r = self.routed(**kw)
            return services.quick_answer(report=r, by=self.unit_user, text="已清理并设置隔离桩。")

    return World()
