"""Matrix rows of members.bodies and of the organiser pages it adds to consultations.

The seven matrix roles own nothing in a body; the organiser personas (the organiser of body A and
of body B) are checked in tests/bodies/test_organisers.py."""

import datetime as dt

from django.core.files.base import ContentFile

from tests.security.matrix import Row, pk

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def build(world) -> None:
    from members.bodies.models import HeardItem, VisitPhoto
    from tests import factories as f

    o = world.o
    town = f.WorkCommitteeFactory(name="矩阵街道")
    village = f.VillageFactory(name="矩阵村", work_committee=town)
    f.ContactVillageFactory(member=o["member_a"], village=village)
    visit = f.VisitFactory(member=o["member_a"], village=village, date=dt.date(2020, 3, 10))
    o.update(body_town=town, body_village=village, visit_a=visit)
    o["heard_item"] = HeardItem.objects.create(visit=visit, text="矩阵所闻")
    photo = VisitPhoto(visit=visit)
    photo.file.save("visit.png", ContentFile(PNG))
    o["visit_photo"] = photo


def town(w):
    return ["work", w.body_town.pk]


# fmt: off
#            anon member member_b unit unit_b staff leader
ROWS: list[Row] = [
    Row("bodies:index",          "302 200 200 403 403 200 200"),
    Row("bodies:body_detail",    "302 200 200 403 403 200 200", args=town),
    Row("bodies:body_rows",      "302 403 403 403 403 200 200", args=town, query="?key=held&year=2020"),
    Row("bodies:figure_rows",    "302 403 403 403 403 200 200",
        query="?code=bodies.come_consult_grassroots&year=2020"),
    Row("bodies:picker",         "302 200 200 403 403 200 200", query="?field=members&picker_q=委"),
    Row("bodies:picker_chips",   "302 200 200 403 403 200 200", query="?field=members&ids=1"),
    Row("bodies:proposal_picker", "302 403 403 403 403 200 403", query="?field=merge-into&picker_q=矩阵"),
    Row("bodies:proposal_chip",  "302 403 403 403 403 200 403", query="?field=merge-into&ids=1"),
    Row("bodies:visit_list",     "302 200 200 403 403 200 200"),
    Row("bodies:visit_create",   "302 200 200 403 403 403 403", post="302 - 200 403 403 403 403",
        data=lambda w: {"date": "2020-03-11", "village": w.body_village.pk, "items": "越权走访"},
        case="member B is refused A's village"),
    Row("bodies:contact_village_add", "302 405 405 405 405 405 405", post="302 - - 403 403 403 403",
        data=lambda w: {"village": w.body_village.pk}),
    Row("bodies:visit_detail",   "302 200 404 404 404 200 200", args=pk("visit_a")),
    Row("bodies:item_decide",    "302 405 405 405 405 405 405", args=pk("heard_item"),
        post="302 - 404 404 404 - 403", data=lambda w: {f"item{w.heard_item.pk}-outcome": "solved",
                                                         f"item{w.heard_item.pk}-note": "越权"}),
    Row("bodies:photo_download", "302 200 404 404 404 200 200", args=pk("visit_photo")),
    # consultations pages for organisers (the matrix activity is the 市政协's own, not public)
    Row("consultations:activity_create_body", "302 403 403 403 403 200 403", args=town,
        post="302 403 403 403 403 - 403",
        data=lambda w: {"kind": 1, "topic": "越权", "date": "2030-01-01", "mode": "venue"}),
    Row("consultations:activity_edit", "302 403 404 404 404 200 403", args=pk("activity"),
        post="302 403 404 404 404 - 403", data=lambda w: {"topic": "越权修改", "kind": w.activity.kind_id,
                                                           "mode": "venue"}),
    Row("consultations:activity_postpone", "302 403 404 404 404 200 403", args=pk("activity"),
        post="302 403 404 404 404 - 403", data=lambda w: {"new_date": "2030-01-01", "reason": "越权"}),
    Row("consultations:activity_cancel", "302 403 404 404 404 200 403", args=pk("activity"),
        post="302 403 404 404 404 - 403", data=lambda w: {"reason": "越权"}),
    Row("consultations:activity_invite_pick", "302 403 404 404 404 200 403", args=pk("activity"),
        post="302 403 404 404 404 - 403", data=lambda w: {"members": [w.member_b.pk]}),
]
# fmt: on
