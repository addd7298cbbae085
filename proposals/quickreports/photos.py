"""Photos of quick reports: judged by content (Pillow must decode them as JPEG, PNG or HEIC),
limited in number and size, turned upright, resized, and re-encoded as JPEG without their EXIF
metadata — except the GPS position when the member agrees to keep it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

try:  # HEIC/HEIF from iPhones; pillow-heif bundles libheif in its wheel
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - the dependency is in pyproject.toml
    HEIF = False

ACCEPTED_FORMATS = {"JPEG", "PNG", "MPO"} | ({"HEIF"} if HEIF else set())
ACCEPT_ATTR = "image/jpeg,image/png" + (",image/heic,image/heif,.heic,.heif" if HEIF else "")
TYPES_TEXT = "JPEG、PNG" + ("、HEIC" if HEIF else "")
GPS_IFD = ExifTags.IFD.GPSInfo


def max_bytes() -> int:
    return getattr(settings, "QUICK_PHOTO_MAX_BYTES", 15 * 1024 * 1024)


def max_side() -> int:
    return getattr(settings, "QUICK_PHOTO_MAX_SIDE", 1600)


def limits_text(max_count: int) -> str:
    return f"最多{max_count}张,格式为{TYPES_TEXT},每张不超过{max_bytes() // (1024 * 1024)} MB。"


@dataclass
class ProcessedPhoto:
    name: str
    content: bytes
    width: int
    height: int
    has_location: bool


def check_count_and_size(files, *, max_count: int) -> None:
    """The cheap checks, before any decoding: how many files and how large."""
    files = list(files)
    if len(files) > max_count:
        raise ValidationError(f"照片过多:选择了{len(files)}张,{limits_text(max_count)}", code="too_many")
    for f in files:
        if f.size > max_bytes():
            name = PurePath(f.name or "").name
            raise ValidationError(f"照片「{name}」过大。{limits_text(max_count)}", code="too_large")


def process(upload, *, keep_location: bool) -> ProcessedPhoto:
    """Decode, check, turn upright, resize and re-encode one uploaded photo (nothing is saved)."""
    name = PurePath(upload.name or "photo").name
    not_image = ValidationError(f"「{name}」不是可识别的照片(支持{TYPES_TEXT})。", code="not_image")
    upload.seek(0)
    try:
        with Image.open(upload) as img:
            if img.format not in ACCEPTED_FORMATS:
                raise not_image
            img.load()
            gps = {}
            if keep_location:
                try:
                    gps = dict(img.getexif().get_ifd(GPS_IFD))
                except Exception:  # malformed EXIF: keep no position rather than fail the report
                    gps = {}
            upright = ImageOps.exif_transpose(img)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_image from None
    finally:
        upload.seek(0)
    if upright.mode in ("RGBA", "LA", "P"):
        rgba = upright.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        upright = background
    elif upright.mode != "RGB":
        upright = upright.convert("RGB")
    upright.thumbnail((max_side(), max_side()))
    # a fresh image: no metadata of the original travels with the pixels
    clean = Image.new("RGB", upright.size)
    clean.paste(upright)
    out = io.BytesIO()
    save_kwargs = {"quality": 85, "optimize": True}
    if gps:
        exif = Image.Exif()
        exif[GPS_IFD] = gps
        save_kwargs["exif"] = exif.tobytes()
    clean.save(out, "JPEG", **save_kwargs)
    stem = PurePath(name).stem[:40] or "photo"
    return ProcessedPhoto(
        name=f"{stem}.jpg",
        content=out.getvalue(),
        width=clean.width,
        height=clean.height,
        has_location=bool(gps),
    )


def process_all(files, *, keep_location: bool, max_count: int) -> list[ProcessedPhoto]:
    files = list(files)
    check_count_and_size(files, max_count=max_count)
    return [process(f, keep_location=keep_location) for f in files]
