"""The printable 文史资料 volume: the accepted pieces of a collection typeset as a PDF (WeasyPrint)
with the annual report's typography (GB/T 9704-2012 page, Noto CJK faces standing in for 仿宋/黑体/
楷体, "— 1 —" page numbers) and a list of contributors.

The font check is the report's own (reports.rendering.check_fonts: one home for "is a Chinese font
installed"), imported when a PDF is made so that members/ does not import reports/ at load time."""

from __future__ import annotations

import base64

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors
from .models import Collection


class FontMissing(Exception):
    pass


def _data_uri(piece_file) -> str:
    """Photos go into the PDF as data: URIs, so any storage (local disk or S3) works."""
    ext = piece_file.name.lower().rsplit(".", 1)[-1]
    mime = "image/png" if ext == "png" else "image/jpeg"
    with piece_file.file.open("rb") as fh:
        return f"data:{mime};base64,{base64.b64encode(fh.read()).decode()}"


def volume_context(*, collection: Collection) -> dict:
    pieces = list(selectors.accepted_pieces(collection=collection))
    contributors: dict[int, object] = {}
    for piece in pieces:
        contributors.setdefault(piece.author_id, piece.author)
        piece.images = [(_data_uri(f), f.caption) for f in piece.files.all() if f.is_image]
    return {
        "collection": collection,
        "pieces": pieces,
        "contributors": list(contributors.values()),
        "compiled_on": timezone.localdate(),
    }


def volume_html(*, collection: Collection) -> str:
    return render_to_string("briefing/volume.html", volume_context(collection=collection))


def volume_pdf(*, collection: Collection) -> bytes:
    ctx = volume_context(collection=collection)
    if not ctx["pieces"]:
        raise ValidationError("该专题还没有采用的稿件,无法汇编。")
    from reports.rendering import FontMissing as ReportFontMissing
    from reports.rendering import check_fonts

    try:
        check_fonts()
    except ReportFontMissing as exc:
        raise FontMissing(str(exc)) from exc
    from weasyprint import HTML

    html = render_to_string("briefing/volume.html", ctx)
    return HTML(string=html).write_pdf()
