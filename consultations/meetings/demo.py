"""Demo meetings of 义乌市政协: the 2020 plenary (十三届四次会议) with its 大会发言, two 常委会会议
and two 主席会议 of 2020 that hear the reports the 2020 work report mentions, and one meeting a
few days ahead in the current year, so the demo member can confirm or ask for leave on a phone.

The 2020 plenary's attendance is on its roll but not added to the duty record: the members demo
already holds staff's per-half-day entries for 2020 (the old entries stay), and adding both would
count each half-day twice. The other meetings' attendance goes through the services and so
reaches the duty record like live data. Idempotent: nothing is added when the plenary exists."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cppcc.demo import DemoContext
from members.models import Member, Plenary, Position, User

from . import services
from .models import Meeting, MeetingInvitation, MeetingKind, MeetingSession, SessionAttendance, Speech

PLENARY_TITLE = "政协第十三届义乌市委员会第四次会议"

MEETINGS_2020 = [
    # (kind, title, date, place, agenda [(title, report heard, decision)])
    (
        "chairs",
        "十三届市政协第三十八次主席会议",
        dt.date(2020, 3, 12),
        "市政协四楼会议室",
        [
            ("专题听取市政府关于新冠肺炎疫情防控和复工复产情况的通报", "疫情防控和复工复产情况通报", "heard"),
            ("审议2020年度协商工作计划(草案)", "", "in_principle"),
        ],
    ),
    (
        "standing",
        "十三届市政协常委会第十四次会议",
        dt.date(2020, 4, 23),
        "市民广场会议中心",
        [
            (
                "听取市政府关于国际贸易综合改革试验区建设情况的通报",
                "国际贸易综合改革试验区建设情况通报",
                "heard",
            ),
            ("审议市政协2020年度协商工作计划", "", "adopted"),
            ("审议关于深化“请你来协商”工作的实施意见", "", "amended"),
        ],
    ),
    (
        "chairs",
        "十三届市政协第四十三次主席会议",
        dt.date(2020, 7, 16),
        "市政协四楼会议室",
        [("专题听取市商务局关于打造全球直播经济中心工作情况的通报", "全球直播经济中心建设情况通报", "heard")],
    ),
    (
        "standing",
        "十三届市政协常委会第十六次会议",
        dt.date(2020, 10, 29),
        "市民广场会议中心",
        [
            ("视察义乌综合保税区建设并听取情况汇报", "义乌综合保税区建设情况汇报", "heard"),
            ("协商讨论“十四五”规划编制建议", "", "adopted"),
        ],
    ),
]

SPEECHES = [
    "加快建设世界“小商品之都”的几点建议",
    "打造全球直播经济中心 助推市场采购贸易转型",
    "关于推进城市有机更新的思考",
    "做大做强进口市场 服务双循环新格局",
    "深化“一村一委员”机制 助力乡村振兴",
    "关于完善养老服务体系的建议",
    "推动义乌陆港建设高质量发展",
    "发挥界别优势 助力疫情防控常态化",
]


def seed(ctx: DemoContext) -> None:
    if Meeting.objects.filter(title=PLENARY_TITLE).exists():
        ctx.say("  会议已存在,跳过")
        return
    staff = User.objects.filter(username="staff").first()
    if staff is None or not Member.objects.exists():
        return
    rng = ctx.rng_for("meetings")
    kinds = {k.code: k for k in MeetingKind.objects.all()}
    _seed_plenary(kinds, staff, rng)
    for code, title, day, place, agenda in MEETINGS_2020:
        meeting = services.meeting_create(
            kind=kinds[code], title=title, start_date=day, place=place, by=staff
        )
        for item_title, report, decision in agenda:
            item = services.agenda_item_add(meeting=meeting, title=item_title, report_title=report, by=staff)
            services.agenda_decide(item=item, decision=decision, by=staff)
        session = meeting.sessions.get()
        for invitation in meeting.invitations.select_related("member"):
            roll = rng.random()
            if roll < 0.08:
                invitation.response, invitation.leave_reason = "leave", "因公出差"
                invitation.leave_status = MeetingInvitation.LeaveStatus.APPROVED
                invitation.save(update_fields=["response", "leave_reason", "leave_status"])
            elif roll < 0.97:
                services.attendance_mark(session=session, invitation=invitation, status="present", by=staff)
        services.meeting_transition(meeting=meeting, action="hold", by=staff)
    _seed_upcoming(kinds, staff)
    ctx.say(f"  会议 {Meeting.objects.count()} 次(2020年全体会议、常委会会议、主席会议,及近期一次常委会会议)")


def _seed_plenary(kinds, staff: User, rng) -> None:
    plenary = Plenary.objects.filter(year=2020).select_related("term").first()
    if plenary is None:
        return
    meeting = Meeting.objects.create(
        kind=kinds["plenary"],
        plenary=plenary,
        title=PLENARY_TITLE,
        start_date=plenary.opens_on,
        end_date=plenary.opens_on + dt.timedelta(days=2),
        place="义乌市民广场会议中心",
        scope="all",
        status=Meeting.Status.HELD,
        description="听取和审议市政协常委会工作报告、提案工作情况报告,列席市十七届人大五次会议。",
        created_by=staff,
    )
    sessions = MeetingSession.objects.bulk_create(services._default_sessions(meeting))
    now = timezone.now()
    for session in sessions:
        session.closed_at = now
    MeetingSession.objects.bulk_update(sessions, ["closed_at"])
    members = list(Member.objects.filter(is_active=True, terms=plenary.term_id).order_by("pk"))
    invitations = MeetingInvitation.objects.bulk_create(
        MeetingInvitation(meeting=meeting, member=m, response="confirmed") for m in members
    )
    marks = []
    for invitation in invitations:
        on_leave = rng.random() < 0.04
        if on_leave:
            invitation.response, invitation.leave_reason, invitation.leave_status = (
                "leave",
                "因病请假",
                "approved",
            )
        for session in sessions:
            status = "leave" if on_leave else ("present" if rng.random() < 0.96 else "absent")
            marks.append(
                SessionAttendance(session=session, invitation=invitation, status=status, method="qr")
            )
        invitation.attendance = "leave" if on_leave else "present"
    MeetingInvitation.objects.bulk_update(
        invitations, ["response", "leave_reason", "leave_status", "attendance"]
    )
    SessionAttendance.objects.bulk_create(marks, batch_size=2000)
    speakers = rng.sample(members, k=min(len(members), len(SPEECHES)))
    for number, (member, title) in enumerate(zip(speakers, SPEECHES, strict=False), start=1):
        speech = Speech.objects.create(
            meeting=meeting,
            member=member,
            title=title,
            text=f"{title}。(书面发言全文略)",
            submitted_at=timezone.make_aware(dt.datetime(2019, 12, 20, 9, 0)),
        )
        if number <= 4:  # four chosen for oral delivery; they count in the duty record
            services.speech_select(speech=speech, by=staff, oral_order=number)


def _seed_upcoming(kinds, staff: User) -> None:
    """A 常委会会议 a week ahead: the demo member (a 常委 if they are one; invited anyway) can
    answer it on the phone, and the staff login can open its sign-in screen."""
    day = timezone.localdate() + dt.timedelta(days=7)
    meeting = services.meeting_create(
        kind=kinds["standing"],
        title=f"十四届市政协常委会会议({day:%Y年%m月})",
        start_date=day,
        place="市民广场会议中心",
        by=staff,
    )
    demo_member = Member.objects.filter(user__username="member").first()
    if demo_member is not None and demo_member.position == Position.MEMBER:
        services.meeting_invite(
            meeting=meeting, members=[demo_member], by=staff, role=MeetingInvitation.Role.SIT_IN
        )
    services.agenda_item_add(meeting=meeting, title="听取市政府关于年度重点工作推进情况的通报", by=staff)
    services.agenda_item_add(meeting=meeting, title="审议年度协商工作计划", by=staff)
