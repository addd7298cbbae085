"""Personas: the organiser of body A (江东街道工委 联络员), the organiser of body B (稠城街道工委),
a member of body A who organises nothing, staff and a leader."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from consultations import activity_services, services
from consultations.models import Activity, Invitation, Suggestion
from cppcc.workflow import TransitionNotAllowed
from members.models import DutyEvent, Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_organiser_sees_and_manages_own_body_not_the_other(organiser_a, organiser_b, activity_a, client):
    client.force_login(organiser_a)
    assert client.get(activity_a.get_absolute_url()).status_code == 200
    for name in (
        "activity_edit",
        "activity_postpone",
        "activity_cancel",
        "activity_invite_pick",
        "attendance",
    ):
        assert client.get(reverse(f"consultations:{name}", args=[activity_a.pk])).status_code == 200, name
    listed = client.get(reverse("consultations:activity_list")).context["page_obj"].object_list
    assert activity_a in list(listed)

    client.force_login(organiser_b)
    assert client.get(activity_a.get_absolute_url()).status_code == 404  # not public: not even its title
    for name in (
        "activity_edit",
        "activity_postpone",
        "activity_cancel",
        "activity_invite_pick",
        "attendance",
    ):
        assert client.get(reverse(f"consultations:{name}", args=[activity_a.pk])).status_code == 404, name
    assert activity_a not in list(
        client.get(reverse("consultations:activity_list")).context["page_obj"].object_list
    )
    before = Activity.objects.values().get(pk=activity_a.pk)
    response = client.post(
        reverse("consultations:activity_cancel", args=[activity_a.pk]), {"reason": "越权取消"}
    )
    assert response.status_code == 404
    assert Activity.objects.values().get(pk=activity_a.pk) == before


def test_public_activity_of_a_is_visible_to_b_but_not_manageable(organiser_b, activity_a, client):
    Activity.objects.filter(pk=activity_a.pk).update(is_public=True)
    client.force_login(organiser_b)
    assert client.get(activity_a.get_absolute_url()).status_code == 200
    assert client.get(reverse("consultations:activity_edit", args=[activity_a.pk])).status_code == 403
    assert (
        client.post(
            reverse("consultations:activity_cancel", args=[activity_a.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    assert Activity.objects.get(pk=activity_a.pk).status == Activity.Status.PLANNED


def test_services_check_authorization_themselves(organiser_a, organiser_b, activity_a, kinds, town_a, town_b):
    # organiser B calling the services directly on A's activity is refused, nothing written
    with pytest.raises(PermissionDenied):
        services.suggestion_add(activity=activity_a, text="越权建议", by=organiser_b)
    with pytest.raises(PermissionDenied):
        services.attendance_record(activity=activity_a, marks={}, by=organiser_b)
    with pytest.raises(PermissionDenied):
        services.activity_invite(activity=activity_a, members=[f.MemberFactory()], by=organiser_b)
    with pytest.raises(PermissionDenied):
        services.activity_document_add(
            activity=activity_a, kind="minutes", title="纪要", date=dt.date.today(), by=organiser_b
        )
    with pytest.raises(PermissionDenied):
        services.activity_create(
            kind=kinds["come_consult"],
            topic="越权",
            date=dt.date.today(),
            by=organiser_b,
            organiser_type="work",
            work_committee=town_a,
        )
    with pytest.raises(PermissionDenied):  # an organiser never creates in the 市政协's own name
        services.activity_create(
            kind=kinds["come_consult"], topic="越权", date=dt.date.today(), by=organiser_a
        )
    with pytest.raises(TransitionNotAllowed):
        activity_services.activity_cancel(activity=activity_a, reason="越权", by=organiser_b)
    assert not Suggestion.objects.filter(activity=activity_a).exists()
    assert Activity.objects.get(pk=activity_a.pk).status == Activity.Status.PLANNED
    # organiser A may do all of it for body A
    created = services.activity_create(
        kind=kinds["inspection"],
        topic="视察",
        date=dt.date.today() + dt.timedelta(days=3),
        by=organiser_a,
        organiser_type="work",
        work_committee=town_a,
    )
    assert created.work_committee == town_a
    services.suggestion_add(activity=activity_a, text="落实稳岗补贴", by=organiser_a)


def test_member_of_the_body_who_organises_nothing_cannot_manage(members_a, activity_a, client):
    client.force_login(members_a[0].user)  # invited: may see, may not manage
    assert client.get(activity_a.get_absolute_url()).status_code == 200
    assert client.get(reverse("consultations:activity_edit", args=[activity_a.pk])).status_code == 403
    assert client.get(reverse("consultations:attendance", args=[activity_a.pk])).status_code == 403


def test_staff_and_leader(activity_a, staff_user, leader_user, client):
    client.force_login(staff_user)
    assert client.get(reverse("consultations:activity_edit", args=[activity_a.pk])).status_code == 200
    client.force_login(leader_user)
    assert client.get(activity_a.get_absolute_url()).status_code == 200
    assert client.get(reverse("consultations:activity_edit", args=[activity_a.pk])).status_code == 403


def test_postpone_cancel_tell_every_invitee_each_time(
    organiser_a, activity_a, django_capture_on_commit_callbacks
):
    new_date = activity_a.date + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        activity_services.activity_postpone(
            activity=activity_a, new_date=new_date, reason="部门负责人临时出差", by=organiser_a
        )
        activity_a.refresh_from_db()
        assert activity_a.status == Activity.Status.POSTPONED and activity_a.date == new_date
        activity_services.activity_update(activity=activity_a, place="青岩刘村文化礼堂", by=organiser_a)
        activity_services.activity_cancel(
            activity=activity_a, reason="议题已由市政协统一协商", by=organiser_a
        )
    activity_a.refresh_from_db()
    assert activity_a.status == Activity.Status.CANCELLED
    notices = Notification.objects.filter(kind="consultation_activity_changed")
    assert notices.count() == 3 * 3  # three invitees, three changes: one notice each, none lost
    assert {n.title.split(":")[0] for n in notices} == {"活动延期", "活动信息变更", "活动取消"}
    assert list(activity_a.changes.values_list("action", flat=True)) == ["postpone", "edit", "cancel"]
    with pytest.raises(TransitionNotAllowed):  # a cancelled activity is not postponed again
        activity_services.activity_postpone(
            activity=activity_a, new_date=new_date, reason="再延", by=organiser_a
        )


def test_recording_attendance_marks_the_activity_held(organiser_a, activity_a, members_a):
    marks = {i.pk: "present" for i in Invitation.objects.filter(activity=activity_a)}
    services.attendance_record(activity=activity_a, marks=marks, by=organiser_a)
    activity_a.refresh_from_db()
    assert activity_a.status == Activity.Status.HELD
    assert DutyEvent.objects.filter(kind_id="activity_attend", member__in=members_a).count() == 3


def test_postpone_needs_reason_and_future_date(organiser_a, activity_a, client):
    client.force_login(organiser_a)
    url = reverse("consultations:activity_postpone", args=[activity_a.pk])
    response = client.post(url, {"new_date": "2001-01-01", "reason": ""})
    assert response.status_code == 200
    assert "请填写延期原因" in response.content.decode()
    response = client.post(url, {"new_date": "2001-01-01", "reason": "原因"})
    assert "不能早于今天" in response.content.decode()
    assert Activity.objects.get(pk=activity_a.pk).status == Activity.Status.PLANNED


def _as_browser(form) -> dict:
    """The data a browser posts for a rendered unbound form: every field's initial value."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [getattr(v, "pk", v) for v in value] if isinstance(value, list | tuple) else value
    return data


def test_edit_postpone_cancel_and_create_forms_as_a_browser_would(
    organiser_a, activity_a, town_a, kinds, client
):
    client.force_login(organiser_a)
    edit = reverse("consultations:activity_edit", args=[activity_a.pk])
    data = _as_browser(client.get(edit).context["form"])
    assert set(data) >= {"kind", "topic", "mode"}
    data["place"] = "青岩刘村文化礼堂"
    assert client.post(edit, data).status_code == 302
    activity_a.refresh_from_db()
    assert activity_a.place == "青岩刘村文化礼堂" and activity_a.topic == "请你来协商—电商企业稳岗"

    postpone = reverse("consultations:activity_postpone", args=[activity_a.pk])
    assert set(client.get(postpone).context["form"].fields) == {"new_date", "reason"}
    new_date = activity_a.date + dt.timedelta(days=14)
    assert client.post(postpone, {"new_date": new_date.isoformat(), "reason": "场地调整"}).status_code == 302

    cancel = reverse("consultations:activity_cancel", args=[activity_a.pk])
    assert set(client.get(cancel).context["form"].fields) == {"reason"}
    assert client.post(cancel, {"reason": "议题并入市政协协商"}).status_code == 302
    activity_a.refresh_from_db()
    assert activity_a.status == Activity.Status.CANCELLED and activity_a.date == new_date

    create = reverse("consultations:activity_create_body", args=["work", town_a.pk])
    form = client.get(create).context["form"]
    data = _as_browser(form)
    assert sorted(data["members"]) == sorted(
        m.pk for m in f.MemberFactory._meta.model.objects.filter(work_committee=town_a)
    )  # the body's members are pre-selected
    data.update(kind=kinds["research"].pk, topic="电商企业用工调研", mode="site")
    response = client.post(create, data)
    assert response.status_code == 302
    created = Activity.objects.get(topic="电商企业用工调研")
    assert created.work_committee == town_a and created.invitations.count() == len(data["members"])
