"""Permission-matrix rows of consultations.meetings (see tests/security/matrix.py).

Member A is invited to a 常委会会议 (and has asked for leave) and to the plenary, and wrote a
speech; member B, the units and the leader take no part in either meeting."""

from tests.security.matrix import Row, pk
from tests.security.world import pdf_upload


def _token(w):
    from consultations.meetings import signin

    return [signin.make_token(w.m_session)]


def build(world) -> None:
    import datetime as dt

    from consultations.meetings.models import AgendaItem, MeetingInvitation, MeetingKind
    from tests import factories as f
    from tests.factories.meetings import (
        MeetingDocumentFactory,
        MeetingFactory,
        MeetingInvitationFactory,
        MeetingSessionFactory,
        SpeechFactory,
    )

    o = world.o
    meeting = MeetingFactory(kind=MeetingKind.objects.get(code="standing"), title="矩阵常委会会议")
    o["m_meeting"] = meeting
    o["m_session"] = MeetingSessionFactory(meeting=meeting)
    o["m_invitation"] = MeetingInvitationFactory(
        meeting=meeting,
        member=o["member_a"],
        response=MeetingInvitation.Response.LEAVE,
        leave_reason="出差",
        leave_status=MeetingInvitation.LeaveStatus.PENDING,
    )
    o["m_item"] = AgendaItem.objects.create(meeting=meeting, order=1, title="听取通报")
    o["m_document"] = MeetingDocumentFactory(meeting=meeting)
    plenary = MeetingFactory(
        kind=MeetingKind.objects.get(code="plenary"),
        plenary=f.PlenaryFactory(),
        title="矩阵全体会议",
        start_date=dt.date(2020, 1, 8),
    )
    o["m_plenary"] = plenary
    MeetingInvitationFactory(meeting=plenary, member=o["member_a"])
    o["m_speech"] = SpeechFactory(meeting=plenary, member=o["member_a"])


STAFF = "302 403 403 403 403 200 403"
STAFF_POST = "302 403 403 403 403 - 403"
POST_ONLY = "302 405 405 405 405 405 405"

# fmt: off
#            anon member member_b unit unit_b staff leader
ROWS: list[Row] = [
    Row("meetings:list",         "302 200 200 200 200 200 200"),
    Row("meetings:list",         "302 200 200 200 200 200 200", query="?year=abc&kind=%00&status=x&page=-1",
        case="garbage filters"),
    Row("meetings:mine",         "302 200 200 403 403 403 403"),
    Row("meetings:create",       STAFF, post=STAFF_POST, data=lambda w: {"kind": 2, "title": "越权会议",
                                                                          "start_date": "2020-06-01"}),
    Row("meetings:detail",       "302 200 404 404 404 200 200", args=pk("m_meeting")),
    Row("meetings:edit",         STAFF, args=pk("m_meeting"), post=STAFF_POST,
        data=lambda w: {"title": "改", "start_date": "2020-06-01"}),
    Row("meetings:action",       POST_ONLY, args=lambda w: [w.m_meeting.pk, "cancel"], post=STAFF_POST,
        data=lambda w: {"note": "越权"}),
    Row("meetings:invite",       POST_ONLY, args=pk("m_meeting"), post=STAFF_POST,
        data=lambda w: {"members": [w.member_b.pk], "role": "attend"}),
    Row("meetings:respond",      POST_ONLY, args=pk("m_meeting"), post="302 - 404 404 404 404 404",
        data=lambda w: {"response": "confirmed"}),
    Row("meetings:agenda_add",   POST_ONLY, args=pk("m_meeting"), post=STAFF_POST,
        data=lambda w: {"agenda-title": "越权议程"}),
    Row("meetings:document_add", POST_ONLY, args=pk("m_meeting"), post=STAFF_POST,
        data=lambda w: {"doc-title": "越权", "doc-status": "final", "doc-file": pdf_upload()}),
    Row("meetings:roll",         "302 403 404 404 404 200 200", args=pk("m_meeting")),
    Row("meetings:roll",         "302 403 404 404 404 200 200", args=pk("m_meeting"), query="?format=xlsx",
        case="xlsx"),
    Row("meetings:minutes",      "302 200 404 404 404 200 200", args=pk("m_meeting")),
    Row("meetings:speeches",     "302 200 404 404 404 200 200", args=pk("m_plenary"),
        post="302 - 404 404 404 403 403", data=lambda w: {"title": "越权发言", "text": "内容"}),
    Row("meetings:speeches",     "302 404 404 404 404 404 404", args=pk("m_meeting"), case="not a plenary"),
    Row("meetings:agenda_decide", POST_ONLY, args=pk("m_item"), post=STAFF_POST,
        data=lambda w: {"decision": "adopted"}),
    Row("meetings:document_download", "302 200 404 404 404 200 404", args=pk("m_document")),
    Row("meetings:leave_decide", POST_ONLY, args=lambda w: [w.m_invitation.pk, "approve"], post=STAFF_POST),
    Row("meetings:session",      STAFF, args=pk("m_session")),
    Row("meetings:session_qr",   STAFF, args=pk("m_session")),
    Row("meetings:session_count", STAFF, args=pk("m_session")),
    Row("meetings:session_mark", POST_ONLY, args=pk("m_session"), post=STAFF_POST,
        data=lambda w: {"invitation": w.m_invitation.pk, "status": "present"}),
    Row("meetings:session_close", POST_ONLY, args=pk("m_session"), post=STAFF_POST),
    Row("meetings:signin",       "302 200 403 403 403 403 403", args=_token, post="302 - 403 403 403 403 403"),
    Row("meetings:signin",       "302 400 400 400 400 400 400", args=lambda w: ["1:bad:token"], case="forged"),
    Row("meetings:speech_list",  "302 403 403 403 403 200 200"),
    Row("meetings:speech_select", POST_ONLY, args=pk("m_speech"), post=STAFF_POST,
        data=lambda w: {"oral_order": 1}),
    Row("meetings:attendance",   "302 403 403 403 403 200 200", query="?year=2020&status=present"),
    Row("meetings:attendance",   "302 403 403 403 403 400 400", query="?status=bogus", case="bad status"),
]
# fmt: on
