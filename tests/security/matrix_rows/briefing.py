"""Permission matrix rows of 知情明政 (members.briefing). Member A is the only recipient of the
announcement, in the body the document is for, the author of the 文史 pieces; member B, the units
and the leader stand outside each of them."""

from __future__ import annotations

import datetime as dt

from tests.security.matrix import Row, pk
from tests.security.world import pdf_upload

Y = 2020


def build(world) -> None:
    from django.core.files.base import ContentFile

    from members.briefing import services
    from members.briefing.models import Audience, Folder, QuizQuestion, Visibility
    from tests.security.world import PDF_BYTES

    staff = world.users["staff"]
    member_a = world.member_a
    o = world.o
    o["announcement"] = services.announcement_create(
        by=staff,
        kind="initiative",
        title="矩阵倡议书",
        body="正文",
        audience_kind=Audience.PEOPLE,
        people=[member_a.user],
        receipt="confirm",
        files=[pdf_upload("倡议书.pdf")],
        publish=True,
    )
    o["announcement_file"] = o["announcement"].attachments.get()
    o["announcement_draft"] = services.announcement_create(
        by=staff, kind="notice", title="矩阵草稿", body="正文", audience_kind=Audience.ALL_MEMBERS
    )
    folder = Folder.objects.get(parent=None, name="学习资料")
    o["folder"] = folder
    o["body_document"] = services.document_create(
        by=staff,
        folder=folder,
        title="矩阵界别资料",
        file=pdf_upload("资料.pdf"),
        visibility=Visibility.BODY,
        sector=member_a.sector,
    )
    o["body_version"] = o["body_document"].versions.get()
    course = services.course_create(
        by=staff, title="矩阵培训班", year=Y, sessions=[(dt.date(Y, 9, 10), "课程", "会议室")]
    )
    services.course_enrol(course=course, by=member_a.user)
    QuizQuestion.objects.create(course=course, text="题", options="甲\n乙", answer=1)
    o["course"] = course
    o["session"] = course.sessions.get()
    collection = services.collection_create(by=staff, title="矩阵文史专题", year=Y)
    o["collection"] = collection
    draft = services.piece_save(by=member_a.user, collection=collection, title="草稿", body="正文")
    o["piece_draft"] = draft
    submitted = services.piece_save(by=member_a.user, collection=collection, title="待审", body="正文")
    submitted.files.create(name="note.pdf", file=ContentFile(PDF_BYTES, name="note.pdf"))
    o["piece"] = services.piece_action(piece=submitted, action="submit", by=member_a.user)
    o["piece_file"] = submitted.files.get()
    accepted = services.piece_save(by=member_a.user, collection=collection, title="已采用", body="正文")
    accepted = services.piece_action(piece=accepted, action="submit", by=member_a.user)
    o["piece_accepted"] = services.piece_action(piece=accepted, action="accept", by=staff)


# fmt: off
#            anon member member_b unit unit_b staff leader
STAFF_ONLY = "302 403 403 403 403 200 403"
STAFF_POST = "302 403 403 403 403 - 403"
POST_ONLY = "302 405 405 405 405 405 405"
ROWS: list[Row] = [
    Row("briefing:announcement_list", "302 200 200 200 200 200 200"),
    Row("briefing:announcement_create", STAFF_ONLY, post=STAFF_POST,
        data=lambda w: {"kind": "notice", "title": "越权", "body": "越权", "audience_kind": "all_members",
                        "receipt": "none", "publish": "on"}),
    Row("briefing:announcement_detail", "302 200 404 404 404 200 404", args=pk("announcement"),
        case="published to A only"),
    Row("briefing:announcement_detail", "302 404 404 404 404 200 404", args=pk("announcement_draft"),
        case="draft"),
    Row("briefing:announcement_publish", POST_ONLY, args=pk("announcement_draft"), post=STAFF_POST),
    Row("briefing:announcement_receipt", POST_ONLY, args=pk("announcement"),
        post="302 - 404 404 404 302 404", data=lambda w: {"text": "越权回执"}),
    Row("briefing:announcement_readers", STAFF_ONLY, args=pk("announcement")),
    Row("briefing:announcement_receipts_export", STAFF_ONLY, args=pk("announcement")),
    Row("briefing:announcement_attachment", "302 200 404 404 404 200 404", args=pk("announcement_file")),
    Row("briefing:library", "302 200 200 403 403 200 200"),
    Row("briefing:folder_create", STAFF_ONLY, post=STAFF_POST, data=lambda w: {"name": "越权分类"}),
    Row("briefing:document_create", STAFF_ONLY, post=STAFF_POST,
        data=lambda w: {"folder": w.folder.pk, "title": "越权", "visibility": "all", "file": pdf_upload()}),
    Row("briefing:document_detail", "302 200 404 404 404 200 404", args=pk("body_document"),
        case="for A's sector"),
    Row("briefing:document_download", "302 200 404 404 404 200 404", args=pk("body_document")),
    Row("briefing:version_download", "302 200 404 404 404 200 404", args=pk("body_version")),
    Row("briefing:document_version_add", POST_ONLY, args=pk("body_document"), post=STAFF_POST,
        data=lambda w: {"file": pdf_upload(), "note": "越权"}),
    Row("briefing:course_list", "302 200 200 403 403 200 200"),
    Row("briefing:course_create", STAFF_ONLY, post=STAFF_POST, data=lambda w: {"title": "越权", "year": Y,
                                                                             "organiser": "x"}),
    Row("briefing:course_detail", "302 200 200 403 403 200 200", args=pk("course")),
    Row("briefing:course_enrol", POST_ONLY, args=pk("course"), post="302 - - 403 403 403 403"),
    Row("briefing:course_enrol_members", POST_ONLY, args=pk("course"), post=STAFF_POST,
        data=lambda w: {"members": [w.member_b.pk]}),
    Row("briefing:session_add", POST_ONLY, args=pk("course"), post=STAFF_POST,
        data=lambda w: {"date": "2020-09-12", "topic": "越权"}),
    Row("briefing:quiz", "302 200 200 403 403 403 403", args=pk("course"),
        post="302 - 200 403 403 403 403", data=lambda w: {}),
    Row("briefing:attendance", STAFF_ONLY, args=pk("session"), post=STAFF_POST,
        data=lambda w: {f"att_{w.member_a.pk}": "present"}),
    Row("briefing:collection_list", "302 200 200 403 403 200 200"),
    Row("briefing:collection_create", STAFF_ONLY, post=STAFF_POST, data=lambda w: {"title": "越权", "year": Y}),
    Row("briefing:collection_detail", "302 200 200 403 403 200 200", args=pk("collection")),
    Row("briefing:piece_create", "302 200 200 403 403 403 403", args=pk("collection"),
        post="302 - - 403 403 403 403", data=lambda w: {"title": "稿", "body": "正文"}),
    Row("briefing:volume_pdf", "302 403 403 403 403 200 200", args=pk("collection")),
    Row("briefing:piece_detail", "302 200 404 404 404 200 404", args=pk("piece"), case="A's piece, submitted"),
    Row("briefing:piece_detail", "302 200 404 404 404 200 200", args=pk("piece_accepted"), case="accepted"),
    Row("briefing:piece_edit", "302 200 404 404 404 403 404", args=pk("piece_draft"), case="A's draft",
        post="302 - 404 404 404 403 404", data=lambda w: {"title": "改", "body": "改"}),
    Row("briefing:piece_action", POST_ONLY, args=lambda w: [w.piece.pk, "accept"], case="accept A's piece",
        post="302 400 404 404 404 - 404"),
    Row("briefing:piece_file", "302 200 404 404 404 200 404", args=pk("piece_file"), case="submitted piece"),
    Row("briefing:figure_list", "302 403 403 403 403 200 200", query=f"?what=pieces&year={Y}"),
]
# fmt: on
