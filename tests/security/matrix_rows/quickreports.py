"""Permission-matrix rows of quick reports (微建议 / 随手拍): member A's report, with a photo,
routed to unit A only; member B and unit B own nothing."""

from __future__ import annotations

import io

from tests.security.matrix import Row, pk


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 40), (90, 90, 200)).save(out, "JPEG")
    return out.getvalue()


def build(world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from proposals.quickreports import services
    from proposals.quickreports.models import QuickCategory
    from tests.factories import WorkCommitteeFactory

    users = world.users
    report = services.quick_report_submit(
        by=users["member"],
        kind="snapshot",
        text="矩阵测试:人行道被占用。",
        category=QuickCategory.objects.first(),
        address="矩阵路1号",
        work_committee=WorkCommitteeFactory(name="矩阵街道"),
        files=[SimpleUploadedFile("m.jpg", _jpeg(), content_type="image/jpeg")],
    )
    world.o["quick"] = services.quick_route(report=report, by=users["staff"], unit=world.o["unit_a"])
    world.o["quick_photo"] = report.photos.get()


def _create_data(w):
    return {
        "kind": "suggestion",
        "text": "越权提交",
        "category": w.quick.category_id,
        "work_committee": w.quick.work_committee_id,
        "address": "某地",
    }


# fmt: off
#            anon member member_b unit unit_b staff leader
ROWS = [
    Row("quickreports:register",    "302 403 403 403 403 200 200"),
    Row("quickreports:export",      "302 403 403 403 403 200 403"),
    Row("quickreports:mine",        "302 200 200 403 403 200 403"),
    Row("quickreports:create",      "302 200 200 403 403 200 403", post="302 - - 403 403 - 403",
        data=_create_data),
    Row("quickreports:triage",      "302 403 403 403 403 200 403"),
    Row("quickreports:unit_queue",  "302 403 403 200 200 403 403"),
    Row("quickreports:league",      "302 403 403 403 403 200 200"),
    Row("quickreports:supervision", "302 403 403 403 403 200 200"),
    Row("quickreports:detail",      "302 200 404 200 404 200 200", args=pk("quick")),
    Row("quickreports:action",      "302 405 405 405 405 405 405", args=lambda w: [w.quick.pk, "answer"],
        case="answer A's report (unit A's)", post="302 400 404 - 404 400 400",
        data=lambda w: {"answer-text": "矩阵答复"}),
    Row("quickreports:action",      "302 405 405 405 405 405 405", args=lambda w: [w.quick.pk, "refuse"],
        case="refuse without a reason", post="302 400 404 400 404 400 400",
        data=lambda w: {"refuse-note": ""}),
    Row("quickreports:photo",       "302 200 404 200 404 200 200", args=pk("quick_photo")),
]
# fmt: on
