"""Submitting: bad input is refused with a Chinese message and nothing half-saved; photos are
judged by content, resized, and lose their EXIF (GPS kept only on consent)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from members.models import DutyEvent
from proposals.quickreports.models import QuickPhoto, QuickReport

from .conftest import jpeg_bytes, photo

pytestmark = pytest.mark.django_db


def _nothing_saved():
    assert not QuickReport.objects.exists()
    assert not QuickPhoto.objects.exists()
    assert not DutyEvent.objects.filter(kind_id="quick_submitted").exists()


def _exif(photo_row):
    with photo_row.image.open("rb") as f:
        img = Image.open(io.BytesIO(f.read()))
        return img, img.getexif()


def test_photos_resized_and_exif_stripped(q):
    r = q.submit(files=[photo(size=(3000, 2000))])
    p = r.photos.get()
    img, exif = _exif(p)
    assert max(img.size) == 1600 and (p.width, p.height) == img.size
    assert img.format == "JPEG"
    assert 0x010F not in exif and 0x0110 not in exif  # camera make and model gone
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo) and not p.has_location


def test_gps_kept_only_when_the_member_agrees(q):
    r = q.submit(files=[photo()], keep_location=True)
    p = r.photos.get()
    _img, exif = _exif(p)
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)[1] == "N" and p.has_location
    assert 0x010F not in exif  # everything else still stripped


def test_png_and_heic_accepted(q):
    pytest.importorskip("pillow_heif")
    import pillow_heif

    heic = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (800, 600), (10, 120, 10))).save(heic, quality=60)
    png = SimpleUploadedFile("a.png", jpeg_bytes(fmt="PNG", exif=False), content_type="image/png")
    r = q.submit(files=[png, SimpleUploadedFile("b.heic", heic.getvalue(), content_type="image/heic")])
    assert r.photos.count() == 2
    assert all(p.image.name.endswith(".jpg") for p in r.photos.all())


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"text": "很" * 501}, "text", "不能超过500字"),
        ({"text": "   "}, "text", "请填写内容"),
        ({"address": ""}, "address", "请填写地点"),
        ({"kind": "rumour"}, "kind", "请选择类型"),
    ],
)
def test_bad_text_saves_nothing(q, kwargs, field, message):
    with pytest.raises(ValidationError) as exc:
        q.submit(files=[photo()], **kwargs)
    assert message in " ".join(exc.value.message_dict[field])
    _nothing_saved()


def test_place_outside_the_town_list_is_refused(q):
    q.other_town.is_active = False
    q.other_town.save()
    with pytest.raises(ValidationError) as exc:
        q.submit(work_committee=q.other_town)
    assert "镇街列表" in exc.value.message_dict["work_committee"][0]
    _nothing_saved()


def test_too_many_photos(q):
    with pytest.raises(ValidationError) as exc:
        q.submit(files=[photo(f"{i}.jpg", size=(50, 50)) for i in range(10)])
    assert "照片过多" in exc.value.message_dict["photos"][0]
    _nothing_saved()


def test_too_large_photo(q, settings):
    settings.QUICK_PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as exc:
        q.submit(files=[photo()])
    assert "过大" in exc.value.message_dict["photos"][0]
    _nothing_saved()


def test_not_an_image_by_content_even_with_a_jpg_name(q):
    fake = SimpleUploadedFile("evil.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        q.submit(files=[photo("good.jpg"), fake])
    assert "evil.jpg" in exc.value.message_dict["photos"][0]
    _nothing_saved()


def test_a_clerk_records_an_appeal_on_someones_behalf(q):
    r = q.submit(by=q.town_staff, kind="appeal", on_behalf_of="李大伯 138****0000")
    assert r.on_behalf_of.startswith("李大伯") and r.submitted_by == q.town_staff
