import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations.meetings import selectors, services, signin
from consultations.meetings.models import Meeting, MeetingInvitation, MeetingKind, SessionAttendance
from consultations.meetings.services import _default_sessions
from members.models import DutyEvent, Member, Position, Role
from reports.figures import FigureBook
from tests import factories as f
from tests.factories.meetings import (
    MeetingDocumentFactory,
    MeetingFactory,
    MeetingInvitationFactory,
    SpeechFactory,
)

from .formparse import form_with

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _post_rendered(client, page_url, action, changes):
    """GET the page, read the form posting to `action`, change some fields, submit it."""
    html = client.get(page_url).content.decode()
    form = form_with(html, action)
    data = {k: v for k, v in form["fields"].items() if v}
    data.update(changes)
    unknown = set(changes) - set(form["names"])
    assert not unknown, f"the rendered form has no field {unknown}"
    return client.post(action or page_url, data)


def test_create_form_as_rendered(client_for, staff_user, standing_members, mkinds):
    client = client_for(staff_user)
    url = reverse("meetings:create")
    response = _post_rendered(
        client,
        url,
        "",
        {
            "kind": str(mkinds["standing"].pk),
            "title": "十三届政协第二十一次常委会会议",
            "start_date": "2020-09-10",
            "place": "市民广场会议中心",
            "guests": "领导,王市长,市人民政府\n部门负责人,李局长,市商务局",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.invitations.count() == 3 and meeting.guests.count() == 2
    # bad input: a clear message and nothing saved, what was typed kept
    response = client.post(url, {"kind": mkinds["plenary"].pk, "title": "全会", "start_date": "2020-01-08"})
    assert response.status_code == 200 and "届次会议" in "".join(_messages(response))
    assert response.context["form"]["title"].value() == "全会"
    assert Meeting.objects.count() == 1
    response = client.post(
        url, {"kind": mkinds["standing"].pk, "title": "x", "start_date": "2020-01-08", "guests": "没有逗号"}
    )
    assert response.status_code == 200 and "格式" in response.content.decode()


def test_edit_form_as_rendered(client_for, staff_user, standing_meeting):
    client = client_for(staff_user)
    url = reverse("meetings:edit", args=[standing_meeting.pk])
    response = _post_rendered(client, url, "", {"title": "改名后的常委会会议", "end_date": "2020-06-17"})
    assert response.status_code == 200 and "结束日期不能早于开始日期" in "".join(_messages(response))
    response = _post_rendered(client, url, "", {"title": "改名后的常委会会议"})
    assert response.status_code == 302
    standing_meeting.refresh_from_db()
    assert standing_meeting.title == "改名后的常委会会议"


def test_agenda_and_document_forms_as_rendered(client_for, staff_user, standing_meeting):
    client = client_for(staff_user)
    detail = reverse("meetings:detail", args=[standing_meeting.pk])
    add = reverse("meetings:agenda_add", args=[standing_meeting.pk])
    assert (
        _post_rendered(client, detail, add, {"agenda-title": "听取关于义乌综保区建设的通报"}).status_code
        == 302
    )
    item = standing_meeting.agenda.get()
    decide = reverse("meetings:agenda_decide", args=[item.pk])
    assert (
        _post_rendered(client, detail, decide, {"decision": "amended", "note": "按讨论意见修改"}).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.decision == "amended"
    doc = reverse("meetings:document_add", args=[standing_meeting.pk])
    html = client.get(detail).content.decode()
    form = form_with(html, doc)
    assert {"doc-title", "doc-status", "doc-agenda_item", "doc-file"} <= set(form["names"])
    response = client.post(
        doc,
        {
            "doc-title": "通报材料",
            "doc-status": "final",
            "doc-agenda_item": item.pk,
            "doc-file": SimpleUploadedFile("tongbao.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302 and standing_meeting.documents.get().agenda_item == item
    response = client.post(
        doc,
        {
            "doc-title": "假文件",
            "doc-status": "final",
            "doc-file": SimpleUploadedFile("x.pdf", b"MZ not a pdf"),
        },
    )
    assert response.status_code == 200 and standing_meeting.documents.count() == 1
    minutes = client.get(reverse("meetings:minutes", args=[standing_meeting.pk])).content.decode()
    assert "修改后通过" in minutes and "按讨论意见修改" in minutes


def test_documents_refused_to_non_participants(client_for, standing_meeting, standing_members, leader_user):
    document = MeetingDocumentFactory(meeting=standing_meeting)
    url = reverse("meetings:document_download", args=[document.pk])
    assert client_for(standing_members["a"].user).get(url).status_code == 200  # invited
    assert client_for(standing_members["plain"].user).get(url).status_code == 404  # not invited
    assert client_for(leader_user).get(url).status_code == 404  # sees meetings, takes no part
    # a leader sitting in (列席) with their login may open it
    services.guest_add(
        meeting=standing_meeting, by=f.StaffUserFactory(), name="王主席", kind="leader", user=leader_user
    )
    assert client_for(leader_user).get(url).status_code == 200
    detail = client_for(standing_members["plain"].user).get(
        reverse("meetings:detail", args=[standing_meeting.pk])
    )
    assert detail.status_code == 404


def test_signin_by_qr_link(client_for, standing_meeting, standing_members):
    session = standing_meeting.sessions.get()
    url = reverse("meetings:signin", args=[signin.make_token(session)])
    member = standing_members["a"]
    client = client_for(member.user)
    page = client.get(url)
    assert page.status_code == 200 and "确认签到" in page.content.decode()
    assert not SessionAttendance.objects.exists()  # opening the link alone changes nothing
    response = client.post(url)
    assert response.status_code == 200 and "签到成功" in response.content.decode()
    assert DutyEvent.objects.filter(member=member, kind_id="meeting_attend").count() == 1
    outsider = client_for(standing_members["plain"].user)
    assert outsider.post(url).status_code == 403
    assert SessionAttendance.objects.count() == 1


def test_live_count_and_hand_signin(client_for, staff_user, standing_meeting, standing_members):
    session = standing_meeting.sessions.get()
    client = client_for(staff_user)
    screen = client.get(reverse("meetings:session", args=[session.pk])).content.decode()
    assert "<svg" in screen and "<script" not in screen.split("<main", 1)[1].split("</main>")[0]
    mark = reverse("meetings:session_mark", args=[session.pk])
    inv = standing_meeting.invitations.get(member=standing_members["chair"])
    assert (
        _post_rendered(
            client,
            reverse("meetings:session", args=[session.pk]),
            mark,
            {"invitation": str(inv.pk), "status": "present"},
        ).status_code
        == 302
    )
    count = client.get(reverse("meetings:session_count", args=[session.pk]))
    assert count.context["count"] == {
        "expected": 3,
        "present": 1,
        "leave": 0,
        "absent": 0,
        "waiting": 2,
        "closed": False,
    }
    assert client.post(mark, {"invitation": "abc", "status": "present"}).status_code == 302
    assert client.post(mark, {"invitation": 999999, "status": "present"}).status_code == 302
    assert SessionAttendance.objects.count() == 1


def test_mine_on_a_phone_confirm_and_leave(client_for, standing_meeting, standing_members):
    member = standing_members["b"]
    client = client_for(member.user)
    url = reverse("meetings:mine")
    html = client.get(url).content.decode()
    form = form_with(html, reverse("meetings:respond", args=[standing_meeting.pk]))
    assert {"response", "leave_reason", "next"} <= set(form["names"])
    response = client.post(
        reverse("meetings:respond", args=[standing_meeting.pk]),
        {**dict(form["fields"].items()), "response": "leave", "leave_reason": ""},
    )
    assert response.status_code == 302 and "请假须填写事由" in "".join(_messages(response))
    response = client.post(
        reverse("meetings:respond", args=[standing_meeting.pk]),
        {"next": "mine", "response": "leave", "leave_reason": "在外地招商"},
    )
    inv = standing_meeting.invitations.get(member=member)
    assert inv.leave_status == "pending" and inv.leave_reason == "在外地招商"


def _meetings(n, member=None):
    kind = MeetingKind.objects.get(code="standing")
    for i in range(n):
        m = MeetingFactory(kind=kind, start_date=dt.date(2020, 1 + i % 12, 1 + i % 28))
        MeetingInvitationFactory(meeting=m, member=member) if member else MeetingInvitationFactory(meeting=m)


@pytest.mark.parametrize("role", ["staff", "member", "leader"])
def test_list_constant_queries(make_user, client_for, django_assert_max_num_queries, role):
    user = make_user(role)
    member = getattr(user, "member", None) if role == Role.MEMBER else None
    client = client_for(user)
    url = reverse("meetings:list") + "?year=2020"
    _meetings(2, member)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    _meetings(25, member)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert len(response.context["page_obj"]) == 27


def test_mine_constant_queries(client_for, member_user, django_assert_max_num_queries):
    client = client_for(member_user)
    _meetings(2, member_user.member)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("meetings:mine")).status_code == 200
    _meetings(20, member_user.member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("meetings:mine"))
    assert len(response.context["invitations"]) == 22


def _plenary_of(n: int, staff):
    plenary = f.PlenaryFactory()
    sector = f.SectorFactory()
    members = [
        f.MemberFactory.build(
            user=None, name=f"委员{i:03d}", sector=sector, work_committee=None, id_number=None
        )
        for i in range(n)
    ]
    Member.objects.bulk_create(members)
    meeting = MeetingFactory(kind=MeetingKind.objects.get(code="plenary"), plenary=plenary, title="全会")
    services.meeting_invite(meeting=meeting, members=Member.objects.filter(sector=sector), by=staff)
    meeting.end_date = meeting.start_date + dt.timedelta(days=1)
    for s in _default_sessions(meeting):
        s.save()
    return meeting


def test_roll_of_a_600_person_plenary_is_fast_and_constant(
    client_for, staff_user, django_assert_max_num_queries
):
    client = client_for(staff_user)
    small = _plenary_of(5, staff_user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("meetings:roll", args=[small.pk])).status_code == 200
    big = _plenary_of(600, staff_user)
    session = big.sessions.first()
    invs = list(big.invitations.all()[:300])
    SessionAttendance.objects.bulk_create(
        SessionAttendance(session=session, invitation=i, status="present", method="hand") for i in invs
    )
    url = reverse("meetings:roll", args=[big.pk])
    client.get(url)  # warm the template cache
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["totals"]["expected"] == 600 and response.context["totals"]["present"] == 300
    # its time on the bench data is measured by the bench (bench/pages.py: 全体会议出席名册), not here
    xlsx = client.get(url + "?format=xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.max_row >= 600 + 4


def test_roll_shows_the_four_states(client_for, staff_user, standing_meeting, standing_members):
    session = standing_meeting.sessions.get()
    chair, a, b = standing_members["chair"], standing_members["a"], standing_members["b"]
    services.session_sign_in(session_id=session.pk, by=chair.user)
    services.invitation_respond(
        invitation=standing_meeting.invitations.get(member=a),
        by=a.user,
        response="leave",
        leave_reason="出差",
    )
    extra = f.MemberFactory(name="委员戊", position=Position.STANDING)
    services.meeting_invite(meeting=standing_meeting, members=[extra], by=staff_user)
    services.attendance_mark(
        session=session, invitation=standing_meeting.invitations.get(member=b), status="absent", by=staff_user
    )
    response = client_for(staff_user).get(reverse("meetings:roll", args=[standing_meeting.pk]))
    states = {r.member.name: r.state for r in response.context["rows"]}
    assert states == {"主席甲": "present", "常委乙": "leave", "常委丙": "absent", "委员戊": "invited"}
    html = response.content.decode()
    for label in ("出席", "请假", "缺席", "未签到", "签名"):
        assert label in html


def test_figures_and_their_lists_agree(client_for, staff_user, standing_meeting, standing_members, mkinds):
    session = standing_meeting.sessions.get()
    services.session_sign_in(session_id=session.pk, by=standing_members["chair"].user)
    services.meeting_transition(meeting=standing_meeting, action="hold", by=staff_user)
    MeetingFactory(kind=mkinds["chairs"], status=Meeting.Status.HELD)
    MeetingFactory(kind=mkinds["chairs"], status=Meeting.Status.PLANNED)  # not held: not counted
    MeetingFactory(kind=mkinds["chairs"], status=Meeting.Status.HELD, start_date=dt.date(2019, 5, 1))
    plenary = MeetingFactory(
        kind=mkinds["plenary"],
        plenary=f.PlenaryFactory(),
        status=Meeting.Status.HELD,
        start_date=dt.date(2020, 1, 8),
    )
    SpeechFactory(meeting=plenary)
    services.speech_select(speech=SpeechFactory(meeting=plenary), by=staff_user, oral_order=1)
    book = FigureBook(2020)
    client = client_for(staff_user)
    expected = {
        "meetings.held": 3,
        "meetings.held_standing": 1,
        "meetings.held_chairs": 1,
        "meetings.held_plenary": 1,
        "meetings.attendance_marks": 3,
        "meetings.attendance_present": 1,
        "meetings.speeches_submitted": 2,
        "meetings.speeches_selected": 1,
    }
    for code, value in expected.items():
        fv = book[code]
        assert fv.value == value, code
        response = client.get(fv.url)
        assert response.status_code == 200, code
        assert response.context["page_obj"].paginator.count == value, code
    assert book["meetings.attendance_rate"].value == pytest.approx(33.3)
    assert book["meetings.attendance_rate"].url == book["meetings.attendance_marks"].url


def test_staff_selects_speeches_page(client_for, staff_user, mkinds):
    plenary = MeetingFactory(kind=mkinds["plenary"], plenary=f.PlenaryFactory())
    speech = SpeechFactory(meeting=plenary)
    client = client_for(staff_user)
    page = reverse("meetings:speeches", args=[plenary.pk])
    action = reverse("meetings:speech_select", args=[speech.pk])
    assert _post_rendered(client, page, action, {"oral_order": "3"}).status_code == 302
    speech.refresh_from_db()
    assert (speech.status, speech.oral_order) == ("selected", 3)
    assert client.post(action, {"oral_order": "x"}).status_code == 302
    speech.refresh_from_db()
    assert speech.oral_order == 3
    assert selectors.speech_list(meeting=plenary, selected=True).count() == 1


def test_member_submits_a_written_speech(client_for, mkinds):
    plenary = MeetingFactory(kind=mkinds["plenary"], plenary=f.PlenaryFactory())
    inv = MeetingInvitationFactory(meeting=plenary, role=MeetingInvitation.Role.ATTEND)
    client = client_for(inv.member.user)
    url = reverse("meetings:speeches", args=[plenary.pk])
    response = _post_rendered(client, url, "", {"title": "关于打造国际贸易综合改革试验区的建议", "text": ""})
    assert response.status_code == 200 and response.context["form"]["title"].value()
    response = _post_rendered(
        client, url, "", {"title": "关于打造国际贸易综合改革试验区的建议", "text": "建议如下。"}
    )
    assert response.status_code == 302 and plenary.speeches.count() == 1


def _held_with_marks(n, mkinds):
    for i in range(n):
        m = MeetingFactory(
            kind=mkinds["standing"], status=Meeting.Status.HELD, start_date=dt.date(2020, 3, 1 + i)
        )
        session = m.sessions.create(date=m.start_date)
        inv = MeetingInvitationFactory(meeting=m)
        SessionAttendance.objects.create(session=session, invitation=inv, status="present", method="qr")
        SpeechFactory(meeting=m)


def test_figure_lists_constant_queries(client_for, leader_user, mkinds, django_assert_max_num_queries):
    client = client_for(leader_user)
    urls = [reverse("meetings:attendance") + "?year=2020", reverse("meetings:speech_list") + "?year=2020"]
    _held_with_marks(2, mkinds)
    for url in urls:
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
    _held_with_marks(20, mkinds)
    for url in urls:
        with django_assert_max_num_queries(8):
            response = client.get(url)
        assert response.context["page_obj"].paginator.count == 22
