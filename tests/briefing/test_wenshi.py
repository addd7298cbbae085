"""文史资料: submit, review, ask for changes, accept (duty record), the volume PDF."""

import pytest
from django.core.exceptions import PermissionDenied

from cppcc.workflow import TransitionNotAllowed
from members.briefing import services
from members.briefing.models import Piece
from members.models import DutyEvent, Notification

from .conftest import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection(staff):
    return services.collection_create(
        by=staff, title="逆行而上—义乌政协委员抗“疫”笔记", year=2020, editor_note="记录委员抗疫的日日夜夜。"
    )


def test_workflow_and_duty_record(world, collection, staff, django_capture_on_commit_callbacks):
    a = world["a"]
    piece = services.piece_save(
        by=a.user,
        collection=collection,
        title="封控区里的七天",
        body="第一段。\n第二段。",
        files=[png()],
        captions=["社区卡口"],
    )
    assert piece.status == Piece.Status.DRAFT
    with pytest.raises(TransitionNotAllowed):
        services.piece_action(piece=piece, action="accept", by=staff)
    piece = services.piece_action(piece=piece, action="submit", by=a.user)
    with pytest.raises(TransitionNotAllowed, match="必须填写"):
        services.piece_action(piece=piece, action="request_changes", by=staff)
    with pytest.raises(TransitionNotAllowed):
        services.piece_action(piece=piece, action="accept", by=world["b"].user)
    with django_capture_on_commit_callbacks(execute=True):
        piece = services.piece_action(piece=piece, action="request_changes", by=staff, note="请补充时间地点")
    assert piece.status == Piece.Status.CHANGES
    piece = services.piece_save(
        by=a.user, collection=collection, piece=piece, title="封控区里的七天", body="补充后。"
    )
    with pytest.raises(PermissionDenied):
        services.piece_save(by=world["b"].user, collection=collection, piece=piece, title="x", body="y")
    piece = services.piece_action(piece=piece, action="submit", by=a.user)
    with django_capture_on_commit_callbacks(execute=True):
        piece = services.piece_action(piece=piece, action="accept", by=staff)
    assert piece.status == Piece.Status.ACCEPTED
    events = DutyEvent.objects.filter(kind_id="wenshi_accepted")
    assert [e.member_id for e in events] == [a.pk]
    assert list(piece.events.values_list("action", flat=True)) == [
        "create",
        "submit",
        "request_changes",
        "submit",
        "accept",
    ]
    assert Notification.objects.filter(recipient=a.user, kind="wenshi_reviewed").count() == 2


def test_piece_visibility(world, collection, client, staff):
    piece = services.piece_save(by=world["a"].user, collection=collection, title="t", body="b", files=[png()])
    file = piece.files.get()
    client.force_login(world["b"].user)
    assert client.get(piece.get_absolute_url()).status_code == 404
    assert client.get(f"/briefing/wenshi/files/{file.pk}/").status_code == 404
    client.force_login(world["leader"])  # leaders see accepted pieces only
    assert client.get(piece.get_absolute_url()).status_code == 404
    client.force_login(world["a"].user)
    assert client.get(f"/briefing/wenshi/files/{file.pk}/").status_code == 200
    piece = services.piece_action(piece=piece, action="submit", by=world["a"].user)
    services.piece_action(piece=piece, action="accept", by=staff)
    client.force_login(world["leader"])
    assert client.get(piece.get_absolute_url()).status_code == 200


def test_volume_pdf_credits_contributors(world, collection, staff, client):
    for member, title in ((world["a"], "封控区里的七天"), (world["c"], "复工复产一线")):
        p = services.piece_save(
            by=member.user, collection=collection, title=title, body="正文。", files=[png()]
        )
        p = services.piece_action(piece=p, action="submit", by=member.user)
        services.piece_action(piece=p, action="accept", by=staff)
    from members.briefing.rendering import volume_html

    html = volume_html(collection=collection)
    assert "供稿委员" in html and world["a"].name in html and world["c"].name in html
    assert "data:image/png;base64," in html
    client.force_login(staff)
    response = client.get(f"/briefing/wenshi/{collection.pk}/volume.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
