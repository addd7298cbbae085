"""The database-level audit trail records ORM saves, bulk updates and deletes, with the actor."""

import pytest
from django.db import connection
from django.urls import reverse

from cppcc.models import AuditRecord
from members.models import DutyEvent, Member
from tests import factories as f

pytestmark = pytest.mark.django_db


def records(table: str, row_id: int):
    return list(AuditRecord.objects.filter(table_name=table, row_id=row_id).order_by("id"))


def test_insert_update_and_bulk_update_are_recorded():
    assert connection.vendor == "postgresql"
    member = f.MemberFactory(work_unit="义乌中学")
    Member.objects.filter(pk=member.pk).update(work_unit="义乌市第二中学")  # a bulk update: no signals
    rows = records("members_member", member.pk)
    assert [r.action for r in rows] == ["insert", "update"]
    assert rows[1].changes == {"work_unit": ["义乌中学", "义乌市第二中学"]}
    assert rows[1].actor_id is None  # not in a request: the system


def test_delete_keeps_the_row_content():
    event = f.DutyEventFactory(title="大会发言")
    pk = event.pk
    DutyEvent.objects.filter(pk=pk).delete()
    deleted = records("members_dutyevent", pk)[-1]
    assert deleted.action == "delete" and deleted.changes["title"] == "大会发言"


def test_unchanged_update_writes_nothing():
    member = f.MemberFactory()
    before = AuditRecord.objects.count()
    Member.objects.filter(pk=member.pk).update(name=member.name)
    assert AuditRecord.objects.count() == before


def test_the_acting_user_is_recorded_for_writes_in_a_request(client_for, staff_user):
    member = f.MemberFactory()
    client = client_for(staff_user)
    response = client.post(
        reverse("members:duty_bulk_add"),
        {"kind": "speech", "date": "2020-05-01", "title": "大会发言", "members": [member.pk]},
    )
    assert response.status_code in (200, 302)
    event = DutyEvent.objects.get(member=member, kind_id="speech")
    assert records("members_dutyevent", event.pk)[0].actor_id == staff_user.pk


def test_reads_do_not_set_the_actor(client_for, staff_user):
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff_user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("members:directory")).status_code == 200
    assert not any("set_config" in q["sql"] for q in queries.captured_queries)
