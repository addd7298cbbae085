"""The quick-report workflow through its services: every step, allowed and refused per persona."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cppcc.workflow import TransitionNotAllowed
from members.models import DutyEvent, Notification
from proposals.models import PublicOpinion
from proposals.quickreports import services as s
from proposals.quickreports.models import DeadlineRule, QuickEvent, QuickReport, QuickStatus
from proposals.quickreports.workflow import quick_machine

pytestmark = pytest.mark.django_db
REFUSED = (TransitionNotAllowed,)


def test_full_loop_member_to_unit_and_back(q, django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2020, 9, 30, 10, tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            r = q.submit()
        assert r.status == QuickStatus.SUBMITTED
        assert Notification.objects.filter(recipient=q.staff, kind="quick_submitted").exists()
        assert Notification.objects.filter(recipient=q.town_staff, kind="quick_submitted").exists()
        assert not Notification.objects.filter(recipient=q.other_town_staff).exists()
        r = s.quick_start_triage(report=r, by=q.town_staff)
        with django_capture_on_commit_callbacks(execute=True):
            r = s.quick_route(report=r, by=q.town_staff, unit=q.unit)
        # 5 工作日 from Wed 30 Sep 2020 across National Day with the Saturday 10 Oct 调休
        assert r.due_on == dt.date(2020, 10, 14)
        assert Notification.objects.filter(recipient=q.unit_user, kind="quick_routed").exists()
    with time_machine.travel(dt.datetime(2020, 10, 12, 10, tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            r = s.quick_answer(report=r, by=q.unit_user, text="已清理占道车辆。", after=[])
        assert r.status == QuickStatus.ANSWERED and r.answered_on_time is True
        assert Notification.objects.filter(recipient=q.member.user, kind="quick_progress").count() == 2
        r = s.quick_confirm(report=r, by=q.member.user, resolved=True)
    assert r.status == QuickStatus.RESOLVED and r.resolved_on == dt.date(2020, 10, 12)
    labels = list(QuickEvent.objects.filter(report=r).values_list("action", flat=True))
    assert labels == ["submit", "start_triage", "route", "answer", "resolved"]


def test_major_items_get_fifteen_workdays_from_the_editable_rule(q):
    with time_machine.travel(dt.datetime(2021, 2, 10, 3, tzinfo=dt.UTC), tick=False):
        r = s.quick_route(report=q.submit(), by=q.staff, unit=q.unit, major=True)
        assert r.due_on == dt.date(2021, 3, 9)  # across 春节 with the Saturday 20 Feb 调休
        DeadlineRule.objects.filter(code="ordinary").update(workdays=3)
        r2 = s.quick_route(report=q.submit(), by=q.staff, unit=q.unit)
        assert r2.due_on == dt.date(2021, 2, 20)  # Thu 18, Fri 19, Sat 20 Feb (调休) after 11–17


def test_unresolved_goes_back_to_the_unit_once_then_to_staff_as_supervision(
    q, django_capture_on_commit_callbacks
):
    r = q.answered()
    r = s.quick_confirm(report=r, by=q.member.user, resolved=False, note="占道依旧")
    assert r.status == QuickStatus.ROUTED and r.reopen_count == 1 and r.due_on
    r = s.quick_answer(report=r, by=q.unit_user, text="再次清理。")
    with django_capture_on_commit_callbacks(execute=True):
        r = s.quick_confirm(report=r, by=q.member.user, resolved=False)
    assert r.status == QuickStatus.SUPERVISING and r.escalated_on is not None
    assert Notification.objects.filter(recipient=q.leader, kind="quick_supervise").exists()
    # staff re-route the 督办 item; a town clerk may not
    with pytest.raises(REFUSED):
        s.quick_reassign(report=r, by=q.town_staff, unit=q.unit_b)
    r = s.quick_reassign(report=r, by=q.staff, unit=q.unit_b)
    assert r.status == QuickStatus.ROUTED and r.unit == q.unit_b


def test_extension_once_only(q):
    r = q.routed()
    due = r.due_on
    r = s.quick_extend(report=r, by=q.unit_user, note="需协调施工单位")
    assert r.due_on > due and r.extended
    with pytest.raises(ValidationError, match="已延期一次"):
        s.quick_extend(report=r, by=q.unit_user, note="再延")
    with pytest.raises(TransitionNotAllowed, match="必须填写"):
        s.quick_refuse(report=r, by=q.unit_user, note="  ")


def test_refuse_returns_to_triage_and_the_unit_loses_sight(q):
    from proposals.quickreports import permissions
    from proposals.quickreports.forms import RouteForm

    r = q.routed()
    r = s.quick_refuse(report=r, by=q.unit_user, note="属交通部门职责")
    assert r.status == QuickStatus.TRIAGE and r.unit is None and r.due_on is None
    assert list(r.refused_units.all()) == [q.unit]
    assert not permissions.can_view(r, q.unit_user)
    assert q.unit not in RouteForm(report=r).fields["unit"].queryset


@pytest.mark.parametrize(
    "action, allowed",
    [
        ("start_triage", {"staff", "town_staff"}),
        ("route", {"staff", "town_staff"}),
        ("merge", {"staff", "town_staff"}),
        ("close", {"staff", "town_staff"}),
        ("to_opinion", {"staff"}),
        ("invite_proposal", {"staff"}),
    ],
)
def test_triage_actions_per_persona(q, action, allowed):
    r = q.submit()
    personas = {
        "member": q.member.user,
        "member_b": q.member_b.user,
        "unit": q.unit_user,
        "staff": q.staff,
        "leader": q.leader,
        "town_staff": q.town_staff,
        "other_town_staff": q.other_town_staff,
    }
    for name, user in personas.items():
        assert quick_machine.can(r, action, user) == (name in allowed), (action, name)


@pytest.mark.parametrize(
    "stage, action, allowed",
    [
        ("routed", "answer", {"unit"}),
        ("routed", "extend", {"unit"}),
        ("routed", "refuse", {"unit"}),
        ("answered", "resolved", {"member"}),
        ("answered", "unresolved", {"member"}),
    ],
)
def test_handling_actions_per_persona(q, stage, action, allowed):
    r = q.routed() if stage == "routed" else q.answered()
    personas = {
        "member": q.member.user,
        "member_b": q.member_b.user,
        "unit": q.unit_user,
        "unit_b": q.unit_b_user,
        "staff": q.staff,
        "leader": q.leader,
        "town_staff": q.town_staff,
    }
    for name, user in personas.items():
        assert quick_machine.can(r, action, user) == (name in allowed), (action, name)


def test_services_refuse_the_wrong_actor_and_change_nothing(q):
    r = q.submit()
    with pytest.raises(REFUSED):
        s.quick_route(report=r, by=q.other_town_staff, unit=q.unit)
    with pytest.raises(REFUSED):
        s.quick_route(report=r, by=q.member.user, unit=q.unit)
    r.refresh_from_db()
    assert r.status == QuickStatus.SUBMITTED and r.unit is None
    r = s.quick_route(report=r, by=q.staff, unit=q.unit)
    with pytest.raises(REFUSED):
        s.quick_answer(report=r, by=q.unit_b_user, text="越权答复")
    with pytest.raises(REFUSED):
        s.quick_confirm(report=r, by=q.member.user, resolved=True)  # not answered yet
    r.refresh_from_db()
    assert r.status == QuickStatus.ROUTED and r.answer_text == ""
    with pytest.raises(REFUSED):
        s.quick_report_submit(
            by=q.unit_user,
            kind="suggestion",
            text="x",
            category=q.category,
            address="x",
            work_committee=q.town,
        )


def test_merge_duplicates(q):
    first = q.submit()
    dup = q.submit(by=q.member_b.user)
    with pytest.raises(ValidationError):
        s.quick_merge(report=dup, into=dup, by=q.staff)
    elsewhere = q.submit(work_committee=q.other_town)
    with pytest.raises(ValidationError, match="范围"):
        s.quick_merge(report=dup, into=elsewhere, by=q.town_staff)
    dup = s.quick_merge(report=dup, into=first, by=q.town_staff)
    assert dup.status == QuickStatus.MERGED and dup.merged_into == first
    # a duplicate is not "found valid"
    assert not DutyEvent.objects.filter(member=q.member_b, kind_id="quick_valid").exists()


def test_to_opinion_creates_the_item_through_proposals_service(q):
    r = s.quick_to_opinion(report=q.submit(), by=q.staff)
    assert r.status == QuickStatus.OPINION
    opinion = PublicOpinion.objects.get()
    assert r.opinion == opinion and opinion.author == q.member and opinion.body == r.text
    assert DutyEvent.objects.filter(member=q.member, kind_id="quick_valid").count() == 1


def test_to_opinion_refused_for_an_appeal_recorded_by_a_clerk_without_member(q):
    from tests.factories import StaffUserFactory

    clerk = StaffUserFactory()
    r = q.submit(by=clerk, kind="appeal", on_behalf_of="王阿姨")
    assert r.member is None
    with pytest.raises(ValidationError):
        s.quick_to_opinion(report=r, by=q.staff)
    assert not PublicOpinion.objects.exists()
    r.refresh_from_db()
    assert r.status == QuickStatus.SUBMITTED


def test_invite_proposal_and_close(q, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = s.quick_invite_proposal(report=q.submit(), by=q.staff)
    assert r.status == QuickStatus.PROPOSAL
    note = Notification.objects.get(recipient=q.member.user, kind="quick_invite_proposal")
    assert "/proposals/new/" in note.text
    with pytest.raises(TransitionNotAllowed, match="必须填写"):
        s.quick_close(report=q.submit(), by=q.staff, note="")
    r = s.quick_close(report=q.submit(), by=q.town_staff, note="已在12345热线办结")
    assert r.status == QuickStatus.CLOSED and r.close_reason == "已在12345热线办结"


def test_duty_events_submitted_and_valid_once(q):
    r = q.submit()
    assert DutyEvent.objects.filter(member=q.member, kind_id="quick_submitted").count() == 1
    r = s.quick_route(report=r, by=q.staff, unit=q.unit)
    r = s.quick_refuse(report=r, by=q.unit_user, note="非本单位")
    s.quick_route(report=r, by=q.staff, unit=q.unit_b)
    valid = DutyEvent.objects.filter(member=q.member, kind_id="quick_valid")
    assert valid.count() == 1 and valid.get().source == QuickReport.objects.get(pk=r.pk)
    assert valid.get().points == 2


def test_notices_name_the_event_so_two_routings_are_two_notices(q, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = q.routed()
        r = s.quick_refuse(report=r, by=q.unit_user, note="非本单位")
        s.quick_route(report=r, by=q.staff, unit=q.unit)
    assert Notification.objects.filter(recipient=q.unit_user, kind="quick_routed").count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_triagers_route_at_once_one_wins(q):
    """Two connections, the same report: the row lock serialises them; the second sees 已交办."""
    import threading

    from django.db import connection

    r = q.submit()
    barrier = threading.Barrier(2)
    results: list = []

    def route(user, unit):
        try:
            barrier.wait()
            s.quick_route(report=QuickReport.objects.get(pk=r.pk), by=user, unit=unit)
            results.append("ok")
        except TransitionNotAllowed as exc:
            results.append(str(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=route, args=(q.staff, q.unit)),
        threading.Thread(target=route, args=(q.town_staff, q.unit_b)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results)[0] == "ok" and results.count("ok") == 1
    assert any("已交办" in x for x in results)
    assert QuickEvent.objects.filter(report_id=r.pk, action="route").count() == 1
