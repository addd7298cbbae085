"""Two connections, one draft: two staff press 发布 at once; exactly one publish happens (the row
lock), the other gets a clear message, and every recipient has one row and one notice."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from members.briefing import services
from members.briefing.models import AnnouncementRecipient, Audience
from members.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_staff_publish_the_same_draft_at_once():
    for _ in range(3):
        f.MemberFactory()
    staff_a, staff_b = f.StaffUserFactory(), f.StaffUserFactory()
    draft = services.announcement_create(
        by=staff_a, kind="notice", title="并发发布", body="b", audience_kind=Audience.ALL_MEMBERS
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def publish(user):
        try:
            barrier.wait(timeout=10)
            services.announcement_publish(announcement=draft, by=user)
            outcomes.append("published")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(u,)) for u in (staff_a, staff_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["published", "该通知已经发布。"]
    assert AnnouncementRecipient.objects.filter(announcement=draft).count() == 3
    assert Notification.objects.filter(target_id=draft.pk, kind="announcement").count() == 3
