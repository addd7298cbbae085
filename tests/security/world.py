"""The objects the permission matrix and the security checks open: two members (A and B), two
handling units (A and B), staff and a leader, and for each app objects that belong to member A or
unit A only — so a row that lets member B or unit B in is an IDOR hole."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import Role

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ("anon", "member", "member_b", "unit", "unit_b", "staff", "leader")
# personas checked by the rows that name them (Row.personas): member C who co-signs member A's
# draft, a second leader who supervises nothing of the world, a second staff member (no leader:
# a 批示 they record must name the leader)
PERSONAS = ("cosigner", "leader_b", "clerk")


def pdf_upload(name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@dataclass
class World:
    users: dict = field(default_factory=dict)
    o: dict = field(default_factory=dict)  # named objects
    clients: dict = field(default_factory=dict)  # role -> logged-in test client

    def __getattr__(self, name):
        try:
            return self.__dict__["o"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    from consultations.models import Outcome
    from members.models import Notification, SelfReport
    from proposals import services as ps
    from proposals.models import ReplyClass
    from reports.models import ReportSnapshot
    from tests import factories as f

    w = World()
    member_a = f.MemberFactory(name="委员甲")
    member_b = f.MemberFactory(name="委员乙")
    unit_a = f.HandlingUnitFactory(name="矩阵承办单位甲")
    unit_b = f.HandlingUnitFactory(name="矩阵承办单位乙")
    staff = f.StaffUserFactory()
    w.users = {
        "anon": None,
        "member": member_a.user,
        "member_b": member_b.user,
        "unit": f.UnitUserFactory(handling_unit=unit_a),
        "unit_b": f.UnitUserFactory(handling_unit=unit_b),
        "staff": staff,
        "leader": f.LeaderUserFactory(),
    }
    cosigner = f.MemberFactory(name="委员丙")
    w.users.update(cosigner=cosigner.user, leader_b=f.LeaderUserFactory(), clerk=f.StaffUserFactory())
    o = w.o
    o.update(member_a=member_a, member_b=member_b, unit_a=unit_a, unit_b=unit_b)
    category = f.CategoryFactory()

    # proposals: member A's draft (with an attachment), and one assigned to unit A only whose
    # reply (with its letter) waits for the staff check
    o["draft"] = ps.proposal_save_draft(
        by=member_a.user,
        title="关于矩阵测试草稿的建议",
        category=category,
        body="情况分析与具体建议。",
        cosigners=[cosigner],
        files=[pdf_upload("draft.pdf")],
    )
    ps.proposal_cosign_answer(proposal=o["draft"], by=cosigner.user, confirm=True)
    o["draft_attachment"] = o["draft"].attachments.get()

    def to_reply_check(title: str):
        p = ps.proposal_save_draft(
            by=member_a.user, title=title, category=category, body="分析与建议。", cosigners=[]
        )
        p = ps.proposal_submit(proposal=p, by=member_a.user)
        p = ps.proposal_accept(proposal=p, by=staff)
        p = ps.proposal_assign(proposal=p, by=staff, lead_unit=unit_a)
        ps.contact_record(
            proposal=p, by=w.users["unit"], date=dt.date.today(), form="meeting", summary="座谈"
        )
        ps.reply_submit(
            proposal=p,
            by=w.users["unit"],
            reply_class=ReplyClass.objects.get(code="B"),
            text="答复正文",
            letter=pdf_upload("reply.pdf"),
        )
        p.refresh_from_db()
        return p

    o["handled"] = to_reply_check("关于矩阵测试交办的建议")
    o["reply"] = o["handled"].replies.get()
    # the leader supervises the handled proposal (重点提案): their 批示 is theirs alone
    ps.proposal_mark_key(proposal=o["handled"], by=staff, leader=w.users["leader"])
    # checked by staff, reply not public: the proposer may now read it, other members may not
    o["replied"] = ps.reply_check(proposal=to_reply_check("关于矩阵测试已答复的建议"), by=staff, approve=True)
    o["replied_reply"] = o["replied"].replies.get()
    o["opinion"] = f.PublicOpinionFactory(author=member_a)

    # members: a notification, a duty event and a submitted self-report of member A
    o["notification"] = f.NotificationFactory(recipient=member_a.user, url="/proposals/mine/")
    o["duty_event"] = f.DutyEventFactory(member=member_a)
    o["self_report"] = f.SelfReportFactory(member=member_a, status=SelfReport.Status.SUBMITTED)
    assert Notification.objects.filter(recipient=member_a.user).exists()

    # consultations: a non-public activity with member A invited, its document, a suggestion
    # assigned to unit A with an update (attachment) and a planned review; an unapproved topic
    o["public_activity"] = f.ActivityFactory(is_public=True)
    activity = f.ActivityFactory(is_public=False)
    o["activity"] = activity
    o["invitation"] = f.InvitationFactory(activity=activity, member=member_a)
    document = f.ActivityDocumentFactory(activity=activity)
    document.file.save("minutes.pdf", ContentFile(PDF_BYTES))
    o["document"] = document
    suggestion = f.AssignedSuggestionFactory(activity=activity, unit=unit_a)
    o["suggestion"] = suggestion
    update = f.SuggestionUpdateFactory(suggestion=suggestion, status=Outcome.IN_PROGRESS)
    update.attachment.save("progress.pdf", ContentFile(PDF_BYTES))
    o["update"] = update
    o["review"] = f.ReviewFactory(suggestion=suggestion)
    o["topic"] = f.PlanTopicFactory(approved=False)

    # reports: the 2020 report with a section and an issued snapshot
    report = f.AnnualReportFactory(year=2020)
    o["report"] = report
    o["section"] = f.ReportSectionFactory(report=report)
    snapshot = f.ReportSnapshotFactory(report=report, status=ReportSnapshot.Status.DONE)
    snapshot.pdf.save("report.pdf", ContentFile(PDF_BYTES))
    o["snapshot"] = snapshot
    assert w.users["member"].role == Role.MEMBER

    # objects of the apps that keep their matrix rows in tests/security/matrix_rows/
    from tests.security.matrix import build_extra

    build_extra(w)
    return w
