"""Upload checks shared by every app: the type is judged by the file's content (magic bytes),
not only by its name, and the size is limited. Files are served only by permission-checked views."""

from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse

# extension -> MIME types the content may be detected as
ALLOWED_TYPES: dict[str, set[str]] = {
    "pdf": {"application/pdf"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "docx": {"application/zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    "xlsx": {"application/zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "doc": {"application/x-ole-storage", "application/msword", "application/CDFV2"},
    "xls": {"application/x-ole-storage", "application/vnd.ms-excel", "application/CDFV2"},
    "ofd": {"application/zip"},
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def allowed_types_text() -> str:
    return "、".join(ext.upper() for ext in ALLOWED_TYPES)


def max_size_text() -> str:
    return f"{settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB"


def validate_upload(upload) -> None:
    """Raise a ValidationError in Chinese unless the file is of an allowed type and size."""
    name = PurePath(upload.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    help_text = f"允许的类型:{allowed_types_text()};单个文件不超过 {max_size_text()}。"
    if ext not in ALLOWED_TYPES:
        raise ValidationError(f"不支持的文件类型「{ext or '无扩展名'}」。{help_text}", code="file_type")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(f"文件「{name}」过大。{help_text}", code="file_size")
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(OLE_MAGIC):
        detected = "application/x-ole-storage"
    else:
        kind = filetype.guess(head)
        detected = kind.mime if kind else ""
    if detected not in ALLOWED_TYPES[ext]:
        raise ValidationError(f"文件「{name}」的内容与扩展名 .{ext} 不符。{help_text}", code="file_content")


def serve_file(field_file, download_name: str | None = None) -> FileResponse:
    """Stream a stored file as an attachment; call it only after the permission check."""
    return FileResponse(
        field_file.open("rb"), as_attachment=True, filename=download_name or PurePath(field_file.name).name
    )
