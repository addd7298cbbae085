import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from consultations import services
from consultations.models import Activity, Invitation, Suggestion, SuggestionUpdate
from members.models import DutyEvent
from tests import factories as f

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _activities(n, **kwargs):
    for i in range(n):
        a = f.ActivityFactory(date=dt.date(2020, 1 + i % 12, 1 + i % 28), **kwargs)
        f.InvitationFactory(activity=a)
        f.SuggestionFactory(activity=a)


@pytest.mark.parametrize("role", ["staff", "member", "leader"])
def test_activity_list_constant_queries(make_user, client_for, django_assert_max_num_queries, role):
    client = client_for(make_user(role))
    url = reverse("consultations:activity_list") + "?year=2020&q=请你来"
    _activities(3, is_public=True)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    _activities(30, is_public=True)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 30


@pytest.mark.parametrize("role", ["staff", "unit", "leader"])
def test_board_and_report_constant_queries(make_user, client_for, django_assert_max_num_queries, role):
    user = make_user(role)
    client = client_for(user)
    unit = user.handling_unit or f.HandlingUnitFactory()

    def make(n):
        for _ in range(n):
            s = f.AssignedSuggestionFactory(unit=unit)
            f.ReviewFactory(suggestion=s)
            f.SuggestionUpdateFactory(suggestion=s)

    make(3)
    board = reverse("consultations:board") + "?year=2020"
    with django_assert_max_num_queries(14):
        assert client.get(board).status_code == 200
    make(30)
    with django_assert_max_num_queries(14):
        response = client.get(board)
    assert len(response.context["page_obj"].object_list) == 30
    assert "单位反馈" in response.content.decode() or "回头看" in response.content.decode()
    if role != "unit":
        report = reverse("consultations:tracking_report") + "?year=2020"
        with django_assert_max_num_queries(14):
            response = client.get(report)
        assert len(response.context["rows"]) == 33
        xlsx = client.get(report + "&format=xlsx")
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet.max_row == 34
    home = client.get("/")
    assert home.status_code == 200


def test_member_sees_invited_and_public_activities_only(member_user, client_for):
    invited = f.InvitationFactory(member=member_user.member).activity
    public = f.ActivityFactory(is_public=True)
    hidden = f.ActivityFactory()
    client = client_for(member_user)
    listed = {a.pk for a in client.get(reverse("consultations:activity_list")).context["page_obj"]}
    assert listed == {invited.pk, public.pk}
    assert client.get(invited.get_absolute_url()).status_code == 200
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(reverse("consultations:activity_create")).status_code == 403
    assert client.get(reverse("consultations:board")).status_code == 403


def test_member_responds_in_portal(member_user, client_for):
    invitation = f.InvitationFactory(member=member_user.member)
    client = client_for(member_user)
    url = reverse("consultations:invitation_respond", args=[invitation.activity_id])
    response = client.post(url, {"response": "leave", "leave_reason": ""})
    assert "请假须填写事由。" in response.content.decode()
    client.post(url, {"response": "leave", "leave_reason": "外地出差"})
    invitation.refresh_from_db()
    assert invitation.response == "leave"
    home = client.get("/")
    assert "我的活动邀请" in home.content.decode()


def test_unit_sees_only_its_own_suggestions(unit_user, unit_user_b, client_for, assigned):
    other = f.AssignedSuggestionFactory(unit=unit_user_b.handling_unit)
    client = client_for(unit_user)
    assert client.get(assigned.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    rows = client.get(reverse("consultations:board")).context["page_obj"].object_list
    assert [s.pk for s in rows] == [assigned.pk]
    assert client.get(reverse("consultations:tracking_report")).status_code == 403
    assert client.get(reverse("consultations:plan")).status_code == 403


def test_activity_create_form_errors_in_chinese(staff_user, client_for, kinds):
    client = client_for(staff_user)
    url = reverse("consultations:activity_create")
    response = client.post(
        url,
        {
            "kind": kinds["come_consult"].pk,
            "topic": "",
            "date": "",
            "organiser_type": "committee",
            "mode": "venue",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "请填写活动主题。" in body and "请填写活动日期。" in body
    assert Activity.objects.count() == 0
    member = f.MemberFactory()
    response = client.post(
        url,
        {
            "kind": kinds["come_consult"].pk,
            "topic": "请你来协商—夜间经济",
            "date": "2020-08-01",
            "organiser_type": "committee",
            "mode": "venue",
            "members": [member.pk],
            "guests": "陈女士,居民代表",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and activity.invitations.get().member == member


def test_attendance_list_for_someone_not_invited(staff_user, client_for):
    activity = f.ActivityFactory()
    invitation = f.InvitationFactory(activity=activity)
    stranger = f.InvitationFactory()
    client = client_for(staff_user)
    url = reverse("consultations:attendance", args=[activity.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {f"att_{invitation.pk}": "present", f"att_{stranger.pk}": "present"})
    assert "出勤名单中有未受邀请的人员" in response.content.decode()
    assert not Invitation.objects.exclude(attendance="").exists() and not DutyEvent.objects.exists()
    response = client.post(url, {f"att_{invitation.pk}": "present"})
    assert response.status_code == 302
    assert DutyEvent.objects.get().kind_id == "activity_attend"


def act(client, suggestion, action, **fields):
    """POST an action form as the page renders it (fields carry the action as prefix)."""
    return client.post(
        reverse("consultations:suggestion_action", args=[suggestion.pk, action]),
        {f"{action}-{k}": v for k, v in fields.items()},
    )


def test_progress_report_on_closed_suggestion(staff_user, unit_user, client_for, assigned):
    services.suggestion_report(suggestion=assigned, status="implemented", text="已落实", by=unit_user)
    services.suggestion_close(suggestion=assigned, by=staff_user)
    client = client_for(unit_user)
    response = act(
        client, assigned, "report_progress", status="in_progress", text="补充进展", date="2020-12-01"
    )
    assert response.status_code == 400
    assert "当前状态为「已办结」" in response.content.decode()
    assert SuggestionUpdate.objects.count() == 1
    assert Suggestion.objects.get().status == "closed"


def test_loop_through_views(staff_user, unit_user, leader, client_for):
    activity = f.ActivityFactory()
    staff = client_for(staff_user)
    staff.post(reverse("consultations:suggestion_add", args=[activity.pk]), {"text": "建设新型进口市场"})
    s = Suggestion.objects.get()
    act(staff, s, "assign", unit=unit_user.handling_unit_id, due_date="2020-09-30")
    unit = client_for(unit_user)
    assert "反馈落实情况" in unit.get(s.get_absolute_url()).content.decode()
    response = act(
        unit, s, "report_progress", status="not_adopted", text="暂不采纳", reason="", date="2020-08-01"
    )
    assert "未采纳须说明理由。" in response.content.decode()
    assert "暂不采纳" in response.content.decode()  # the form keeps what was typed
    act(unit, s, "report_progress", status="partial", text="部分落实", date="2020-08-01")
    assert act(unit, s, "close").status_code == 400
    lead = client_for(leader)
    act(lead, s, "instruct", date="2020-08-02", text="请抓紧推进")
    staff = client_for(staff_user)
    act(staff, s, "schedule_review", planned_date="2020-10-01")
    refused = act(staff, s, "close")
    assert refused.status_code == 400 and "有待开展的回头看" in refused.content.decode()
    s.refresh_from_db()
    assert s.status == "partial"
    act(staff, s, "close", confirm="on")
    s.refresh_from_db()
    assert (s.status, s.outcome) == ("closed", "partial")
    page = staff.get(s.get_absolute_url()).content.decode()
    assert "请抓紧推进" in page and "办结" in page


def test_plan_page(staff_user, client_for):
    client = client_for(staff_user)
    committee = f.SpecialCommitteeFactory()
    url = reverse("consultations:plan_topic_add") + "?year=2020"
    client.post(url, {"title": "夜间经济", "source": "public", "proposer_text": "群众"})
    topic = f.PlanTopicFactory._meta.model.objects.get()
    client.post(
        reverse("consultations:plan_topic_approve", args=[topic.pk]),
        {"lead_committee": committee.pk, "planned_month": 8},
    )
    response = client.get(reverse("consultations:plan") + "?year=2020")
    assert response.status_code == 200 and "夜间经济" in response.content.decode()
    topic.refresh_from_db()
    assert topic.approved


def test_document_upload_is_checked(staff_user, member_user, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    activity = f.ActivityFactory()
    client = client_for(staff_user)
    url = reverse("consultations:document_add", args=[activity.pk])
    fake = SimpleUploadedFile("report.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(
        url, {"kind": "research_report", "title": "报告", "date": "2020-06-01", "file": fake}
    )
    assert "不符" in response.content.decode()
    pdf = SimpleUploadedFile(
        "report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", content_type="application/pdf"
    )
    response = client.post(
        url, {"kind": "research_report", "title": "报告", "date": "2020-06-01", "file": pdf}
    )
    assert response.status_code == 302
    doc = activity.documents.get()
    assert client.get(reverse("consultations:document_download", args=[doc.pk])).status_code == 200
    assert (
        client_for(member_user).get(reverse("consultations:document_download", args=[doc.pk])).status_code
        == 404
    )


def test_staff_invites_more_members(staff_user, client_for, django_capture_on_commit_callbacks):
    from members.models import Notification

    activity = f.ActivityFactory()
    member = f.MemberFactory()
    client = client_for(staff_user)
    url = reverse("consultations:activity_invite", args=[activity.pk])
    assert "请选择要邀请的委员。" in client.post(url, {}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"members": [member.pk]})
    assert activity.invitations.get().member == member
    assert Notification.objects.filter(recipient=member.user, kind="consultation_invitation").exists()


def test_activity_detail_constant_queries(staff_user, client_for, django_assert_max_num_queries):
    activity = f.ActivityFactory()
    client = client_for(staff_user)

    def add(n):
        for _ in range(n):
            f.InvitationFactory(activity=activity)
            f.AssignedSuggestionFactory(activity=activity)
            f.ActivityDocumentFactory(activity=activity)

    add(3)
    with django_assert_max_num_queries(16):
        assert client.get(activity.get_absolute_url()).status_code == 200
    add(30)
    with django_assert_max_num_queries(16):
        response = client.get(activity.get_absolute_url())
    assert len(response.context["invitations"]) == 33
