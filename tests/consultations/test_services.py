import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from consultations import services
from consultations.models import Activity, Invitation, Suggestion, SuggestionEvent, SuggestionUpdate
from consultations.workflow import suggestion_machine
from cppcc.workflow import TransitionNotAllowed
from members.models import DutyEvent, Instruction, Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


# --- activities and invitations --------------------------------------------------------------
def test_activity_without_topic_or_date_is_refused(staff_user, kinds):
    with pytest.raises(ValidationError, match="请填写活动主题"):
        services.activity_create(
            kind=kinds["come_consult"], topic=" ", date=dt.date(2020, 5, 1), by=staff_user
        )
    with pytest.raises(ValidationError, match="请填写活动日期"):
        services.activity_create(kind=kinds["come_consult"], topic="主题", date=None, by=staff_user)
    with pytest.raises(ValidationError, match="专委会"):
        services.activity_create(
            kind=kinds["come_consult"],
            topic="主题",
            date=dt.date(2020, 5, 1),
            organiser_type="special",
            by=staff_user,
        )
    assert Activity.objects.count() == 0


def test_invitations_notify_each_member_on_commit(staff_user, kinds, django_capture_on_commit_callbacks):
    members = [f.MemberFactory() for _ in range(3)] + [f.MemberFactory(user=None)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        activity = services.activity_create(
            kind=kinds["come_consult"],
            topic="请你来协商—测试",
            date=dt.date(2020, 5, 1),
            by=staff_user,
            members=members,
            guests=[("陈女士", "居民代表")],
        )
    assert len(callbacks) == 3 and not Notification.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    assert activity.invitations.count() == 4
    assert activity.guests.get().organisation == "居民代表"
    assert set(
        Notification.objects.filter(kind="consultation_invitation").values_list("recipient", flat=True)
    ) == {m.user_id for m in members[:3]}
    # inviting again adds nobody and sends nothing twice
    assert services.activity_invite(activity=activity, members=members, by=staff_user) == []


def test_member_answers_own_invitation_only(member_user):
    invitation = f.InvitationFactory(member=member_user.member)
    with pytest.raises(ValidationError, match="请假须填写事由"):
        services.invitation_respond(invitation=invitation, by=member_user, response="leave")
    other = f.MemberFactory().user
    with pytest.raises(ValidationError):
        services.invitation_respond(invitation=invitation, by=other, response="confirmed")
    services.invitation_respond(invitation=invitation, by=member_user, response="leave", leave_reason="出差")
    invitation.refresh_from_db()
    assert (invitation.response, invitation.leave_reason) == ("leave", "出差")


def test_attendance_feeds_and_corrects_duty_record(staff_user):
    activity = f.ActivityFactory()
    a, b = f.InvitationFactory(activity=activity), f.InvitationFactory(activity=activity)
    services.attendance_record(activity=activity, marks={a.pk: "present", b.pk: "leave"}, by=staff_user)
    assert set(DutyEvent.objects.values_list("member_id", "kind_id")) == {
        (a.member_id, "activity_attend"),
        (b.member_id, "activity_leave"),
    }
    services.attendance_record(activity=activity, marks={a.pk: "absent", b.pk: "leave"}, by=staff_user)
    assert set(DutyEvent.objects.values_list("member_id", "kind_id")) == {
        (a.member_id, "activity_absent"),
        (b.member_id, "activity_leave"),
    }
    services.attendance_record(activity=activity, marks={a.pk: ""}, by=staff_user)
    assert not DutyEvent.objects.filter(member_id=a.member_id).exists()
    b.delete()  # the GenericRelation removes the invitation's duty events
    assert DutyEvent.objects.count() == 0


def test_attendance_for_someone_not_invited_changes_nothing(staff_user):
    activity = f.ActivityFactory()
    a = f.InvitationFactory(activity=activity)
    elsewhere = f.InvitationFactory()
    with pytest.raises(ValidationError, match="未受邀请"):
        services.attendance_record(
            activity=activity, marks={a.pk: "present", elsewhere.pk: "present"}, by=staff_user
        )
    assert Invitation.objects.filter(attendance="").count() == 2
    assert DutyEvent.objects.count() == 0


# --- the closed loop -------------------------------------------------------------------------
def test_whole_loop_with_notices(staff_user, unit_user, leader, django_capture_on_commit_callbacks):
    activity = f.ActivityFactory()
    unit = unit_user.handling_unit
    with django_capture_on_commit_callbacks(execute=True):
        s = services.suggestion_add(activity=activity, text="加快推行数字围网", by=staff_user)
        assert s.status == "pending"
        s = services.suggestion_assign(suggestion=s, unit=unit, due_date=dt.date(2020, 9, 30), by=staff_user)
    assert s.status == "assigned" and s.unit == unit
    assert Notification.objects.filter(recipient=unit_user, kind="suggestion_assigned").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_report(suggestion=s, status="in_progress", text="已召开专题会", by=unit_user)
    assert Notification.objects.filter(recipient=staff_user, kind="suggestion_progress").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_instruct(
            suggestion=s, leader=leader, date=dt.date(2020, 8, 1), text="抓紧落实", by=leader
        )
    assert Instruction.objects.get().target == s
    assert Notification.objects.filter(kind="suggestion_instruction").count() == 2  # staff + unit

    with django_capture_on_commit_callbacks(execute=True):
        review = services.review_schedule(suggestion=s, planned_date=dt.date(2020, 10, 1), by=staff_user)
    assert Notification.objects.filter(recipient=unit_user, kind="suggestion_review").count() == 1
    services.review_record(
        review=review, done_date=dt.date(2020, 10, 2), findings="已基本落实", by=staff_user
    )
    services.suggestion_report(suggestion=s, status="implemented", text="已落实", by=unit_user)
    services.suggestion_mark_quick(suggestion=s, by=staff_user)
    s = services.suggestion_close(suggestion=s, by=staff_user)
    assert (s.status, s.outcome, s.landed_quickly) == ("closed", "implemented", True)
    assert list(SuggestionEvent.objects.filter(suggestion=s).values_list("action", flat=True)) == [
        "create",
        "assign",
        "report_progress",
        "instruct",
        "schedule_review",
        "record_review",
        "report_implemented",
        "mark_quick",
        "close",
    ]


def test_refused_steps_per_role(staff_user, unit_user, unit_user_b, leader, member_user, assigned):
    with pytest.raises(TransitionNotAllowed, match="无权"):
        services.suggestion_report(suggestion=assigned, status="in_progress", text="x", by=unit_user_b)
    with pytest.raises(TransitionNotAllowed):
        services.suggestion_report(suggestion=assigned, status="in_progress", text="x", by=member_user)
    with pytest.raises(TransitionNotAllowed):
        services.suggestion_assign(
            suggestion=assigned, unit=unit_user_b.handling_unit, due_date=dt.date(2021, 1, 1), by=leader
        )
    with pytest.raises(TransitionNotAllowed):
        services.suggestion_close(suggestion=assigned, by=staff_user)  # nothing reported yet
    services.suggestion_report(suggestion=assigned, status="partial", text="部分落实", by=unit_user)
    with pytest.raises(TransitionNotAllowed):
        services.suggestion_close(suggestion=assigned, by=unit_user)
    with pytest.raises(TransitionNotAllowed):
        services.suggestion_instruct(
            suggestion=assigned, leader=leader, date=dt.date(2020, 8, 1), text="x", by=unit_user
        )
    assert suggestion_machine.can(assigned, "instruct", leader)
    assert not suggestion_machine.can(assigned, "mark_quick", leader)
    assert Suggestion.objects.get().status == "partial"


def test_not_adopted_needs_reason_and_closed_refuses_reports(staff_user, unit_user, assigned):
    with pytest.raises(ValidationError, match="未采纳须说明理由"):
        services.suggestion_report(suggestion=assigned, status="not_adopted", text="暂不采纳", by=unit_user)
    services.suggestion_report(
        suggestion=assigned, status="not_adopted", text="暂不采纳", reason="财力限制", by=unit_user
    )
    services.suggestion_close(suggestion=assigned, by=staff_user)
    with pytest.raises(TransitionNotAllowed, match="已办结"):
        services.suggestion_report(suggestion=assigned, status="implemented", text="又落实了", by=unit_user)
    assert SuggestionUpdate.objects.count() == 1
    assert Suggestion.objects.get().status == "closed"
    with pytest.raises(TransitionNotAllowed, match="必须填写"):
        services.suggestion_reopen(suggestion=assigned, by=staff_user, note=" ")
    assert (
        services.suggestion_reopen(suggestion=assigned, by=staff_user, note="单位补充材料").status
        == "in_progress"
    )


def test_plan_topic_add_and_approve(staff_user):
    committee = f.SpecialCommitteeFactory()
    with pytest.raises(ValidationError):
        services.plan_topic_add(year=2020, title="", source="member", by=staff_user)
    topic = services.plan_topic_add(
        year=2020, title="夜间经济", source="public", proposer_text="群众", by=staff_user
    )
    with pytest.raises(ValidationError, match="月份"):
        services.plan_topic_approve(topic=topic, lead_committee=committee, planned_month=13, by=staff_user)
    topic = services.plan_topic_approve(topic=topic, lead_committee=committee, planned_month=8, by=staff_user)
    assert topic.approved and topic.planned_month == 8
