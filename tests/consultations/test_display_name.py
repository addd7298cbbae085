"""An activity is named "<kind>:<topic>" everywhere, without repeating the kind when the topic
already starts with it ("请你来协商:请你来协商—…" was issue 18's papercut)."""

import datetime as dt

import pytest

from consultations import services
from consultations.models import Activity
from members.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_kind_shown_only_when_the_topic_does_not_start_with_it(kinds):
    come = kinds["come_consult"]
    other = next(k for code, k in kinds.items() if code != "come_consult")
    assert (
        f.ActivityFactory(kind=come, topic="请你来协商—城市有机更新").display_name
        == "请你来协商—城市有机更新"
    )
    assert f.ActivityFactory(kind=come, topic="城市有机更新").display_name == "请你来协商:城市有机更新"
    named = f.ActivityFactory(kind=other, topic="农村生活污水治理")
    assert named.display_name == f"{other.name}:农村生活污水治理"
    assert str(named) == named.display_name


def test_invitation_notice_and_duty_record_name_the_activity_once(
    staff_user, kinds, django_capture_on_commit_callbacks
):
    member = f.MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        activity = services.activity_create(
            kind=kinds["come_consult"],
            topic="请你来协商—发展夜间经济",
            date=dt.date(2020, 5, 1),
            by=staff_user,
            members=[member],
        )
    notice = Notification.objects.get(kind="consultation_invitation", recipient=member.user)
    assert notice.title == "活动邀请:「请你来协商—发展夜间经济」"
    assert notice.title.count("请你来协商") == 1
    invitation = activity.invitations.get()
    services.attendance_record(activity=activity, marks={invitation.pk: "present"}, by=staff_user)
    duty = member.duty_events.get()
    assert duty.title == "请你来协商—发展夜间经济"


def test_pages_name_the_activity_once(client_for, staff_user, member_user, kinds):
    activity = f.ActivityFactory(
        kind=kinds["come_consult"],
        topic="请你来协商—打造全球直播经济中心",
        date=dt.date.today(),
        is_public=True,
    )
    f.InvitationFactory(activity=activity, member=member_user.member)
    suggestion = f.SuggestionFactory(activity=activity)
    pages = [
        client_for(member_user).get("/").content.decode(),  # 我的活动邀请 panel
        client_for(staff_user).get("/").content.decode(),  # 近期协商监督活动 panel
        client_for(staff_user).get(suggestion.get_absolute_url()).content.decode(),
    ]
    for html in pages:
        assert "请你来协商—打造全球直播经济中心" in html
        assert "请你来协商:请你来协商" not in html
    assert Activity.objects.get(pk=activity.pk).display_name == activity.topic
