"""Defects the engine work fixed (issue 12), each with the test that would have caught it."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations import services as cs
from consultations.models import Review
from cppcc.workflow import TransitionNotAllowed
from members.models import Instruction, Notification
from proposals import services
from proposals.models import Attachment, Proposal, Rating, RejectReason
from tests import factories as f
from tests.security.world import pdf_upload


# --- decisions on the locked row ----------------------------------------------------------------
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_the_engine_locks_the_row_before_deciding(flow):
    """start_review has no lock of its own: the only FOR UPDATE is the engine's (fails if
    select_for_update is removed from StateMachine.lock)."""
    p = flow.to("submitted")
    with CaptureQueriesContext(connection) as ctx:
        services.proposal_start_review(proposal=p, by=flow.staff)
    sql = [q["sql"] for q in ctx.captured_queries]
    lock = next(i for i, q in enumerate(sql) if "FOR UPDATE" in q and "proposals_proposal" in q)
    update = next(i for i, q in enumerate(sql) if q.startswith("UPDATE") and "proposals_proposal" in q)
    assert lock < update


def test_a_stale_object_cannot_rate_twice(flow):
    p = flow.to("replied")
    stale = Proposal.objects.get(pk=p.pk)
    services.proposal_rate(proposal=p, by=flow.lead.user, level="satisfied")
    with pytest.raises(TransitionNotAllowed):
        services.proposal_rate(proposal=stale, by=flow.lead.user, level="basic")
    assert Rating.objects.filter(proposal=p).count() == 1


def test_extension_decision_reads_the_request_on_the_locked_row(flow):
    p = flow.to("handling")
    assignment = p.assignments.get(kind="lead")
    services.extension_request(
        proposal=p, by=flow.unit_user, until=assignment.due_on + dt.timedelta(days=30), reason="调研"
    )
    services.extension_decide(proposal=p, by=flow.staff, assignment=assignment.pk, approve=True)
    with pytest.raises(ValidationError, match="没有待审批的延期申请"):
        services.extension_decide(proposal=p, by=flow.staff, assignment=assignment, approve=False)
    with pytest.raises(ValidationError):
        services.extension_decide(proposal=p, by=flow.staff, assignment=999999, approve=True)


def test_lost_sqlite_race_is_a_message(rf, staff_user):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from cppcc.middleware import BUSY_MESSAGE, DatabaseBusyMiddleware

    request = rf.post("/proposals/1/do/accept/", HTTP_REFERER="http://testserver/proposals/1/")
    request.session = {}
    request._messages = FallbackStorage(request)
    middleware = DatabaseBusyMiddleware(lambda r: None)
    response = middleware.process_exception(request, OperationalError("database is locked"))
    assert response.status_code == 302 and response["Location"] == "http://testserver/proposals/1/"
    assert [str(m) for m in get_messages(request)] == [BUSY_MESSAGE]
    assert middleware.process_exception(request, OperationalError("no such table")) is None
    get = rf.get("/proposals/")
    assert middleware.process_exception(get, OperationalError("database is locked")).status_code == 503


# --- authorization inside the services ------------------------------------------------------------
def test_cosigner_may_not_edit_or_attach_to_anothers_draft(flow, client_for):
    p = flow.to("draft")
    cosigner = flow.cosigner.user
    with pytest.raises(PermissionDenied):
        services.proposal_save_draft(
            by=cosigner, title="改", category=p.category, body="改", proposal=p, cosigners=[]
        )
    with pytest.raises(PermissionDenied):
        services.attachment_add(proposal=p, by=cosigner, file=pdf_upload())
    client = client_for(cosigner)
    assert (
        client.post(reverse("proposals:attachment_upload", args=[p.pk]), {"file": pdf_upload()}).status_code
        == 403
    )
    assert client.post(reverse("proposals:edit", args=[p.pk]), {"title": "改"}).status_code == 403
    p.refresh_from_db()
    assert p.title != "改" and not Attachment.objects.filter(proposal=p).exists()


def test_a_leader_records_a_pishi_only_in_their_own_name(flow, client_for):
    leader, leader_b = f.LeaderUserFactory(), f.LeaderUserFactory()
    p = flow.to("accepted")
    services.proposal_mark_key(proposal=p, by=flow.staff, leader=leader)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="领导只能录入本人的批示"):
        services.proposal_instruct(proposal=p, by=leader, leader=leader_b, date=today, text="代批")
    # the second leader does not supervise this proposal at all
    with pytest.raises(TransitionNotAllowed):
        services.proposal_instruct(proposal=p, by=leader_b, date=today, text="越权")
    # staff have no 批示 of their own: they must name a leader
    with pytest.raises(ValidationError, match="请选择作出批示的领导"):
        services.proposal_instruct(proposal=p, by=flow.staff, date=today, text="无领导")
    with pytest.raises(ValidationError, match="请选择作出批示的领导"):
        services.proposal_instruct(proposal=p, by=flow.staff, leader=flow.staff, date=today, text="冒名")
    # through the page: a leader naming another leader is refused and nothing is saved
    response = client_for(leader).post(
        reverse("proposals:action", args=[p.pk, "instruct"]),
        {"instruct-leader": leader_b.pk, "instruct-date": today.isoformat(), "instruct-text": "代批"},
    )
    assert response.status_code == 400 and "领导只能录入本人的批示" in response.content.decode()
    assert not Instruction.objects.exists()
    services.proposal_instruct(proposal=p, by=leader, date=today, text="请抓紧办理")
    assert Instruction.objects.get().leader == leader


def test_opinion_pishi_in_another_leaders_name_is_refused(staff_user):
    leader, leader_b = f.LeaderUserFactory(), f.LeaderUserFactory()
    opinion = f.PublicOpinionFactory(status="reported")
    with pytest.raises(ValidationError, match="领导只能录入本人的批示"):
        services.opinion_instruct(
            opinion=opinion, by=leader, leader=leader_b, date=timezone.localdate(), text="代批"
        )


# --- notices keyed on the causing event -----------------------------------------------------------
def test_two_assisting_opinions_on_one_day_are_two_notices(flow, django_capture_on_commit_callbacks):
    p = flow.to("accepted")
    second = f.HandlingUnitFactory()
    second_user = f.UnitUserFactory(handling_unit=second)
    services.proposal_assign(
        proposal=p, by=flow.staff, lead_unit=flow.unit, assisting_units=[flow.assisting, second]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.assisting_opinion_send(proposal=p, by=flow.assisting_user, text="意见一")
        services.assisting_opinion_send(proposal=p, by=second_user, text="意见二")
    notices = Notification.objects.filter(recipient=flow.unit_user, kind="proposal_assisting_opinion")
    assert notices.count() == 2


def test_two_objections_and_two_extension_requests_are_two_notices(flow, django_capture_on_commit_callbacks):
    p = flow.to("assigned")
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_object(proposal=p, by=flow.unit_user, note="不属于本单位职责")
        services.proposal_assign(proposal=p, by=flow.staff, lead_unit=flow.unit)
        services.assignment_object(proposal=p, by=flow.unit_user, note="仍有异议")
    assert Notification.objects.filter(recipient=flow.staff, kind="proposal_objected").count() == 2

    services.proposal_assign(proposal=p, by=flow.staff, lead_unit=flow.unit)
    services.contact_record(
        proposal=p, by=flow.unit_user, date=timezone.localdate(), form="meeting", summary="座谈"
    )
    due = p.assignments.get(is_active=True, kind="lead").due_on
    with django_capture_on_commit_callbacks(execute=True):
        services.extension_request(
            proposal=p, by=flow.unit_user, until=due + dt.timedelta(days=10), reason="一"
        )
        a = p.assignments.get(is_active=True, kind="lead")
        services.extension_decide(proposal=p, by=flow.staff, assignment=a, approve=False)
        services.extension_request(
            proposal=p, by=flow.unit_user, until=due + dt.timedelta(days=20), reason="二"
        )
    assert Notification.objects.filter(recipient=flow.staff, kind="proposal_extension").count() == 2


# --- the shared form include and the 回头看 form ---------------------------------------------------
class FormReader(HTMLParser):
    """The forms of a page: action -> list of (name, value) of its inputs, as a browser posts."""

    def __init__(self):
        super().__init__()
        self.forms: dict[str, list] = {}
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = self.forms.setdefault(attrs.get("action", ""), [])
        elif self._current is not None and tag in ("input", "textarea", "select") and attrs.get("name"):
            self._current.append((attrs["name"], attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def test_hidden_field_errors_are_shown():
    from proposals.forms import ExtensionDecisionForm

    form = ExtensionDecisionForm({"assignment": "abc"})
    assert not form.is_valid()
    html = Template('{% include "includes/form_fields.html" %}').render(Context({"form": form}))
    assert "延期申请无效,请刷新页面。" in html and "alert-danger" in html


def test_review_recorded_through_the_page_as_a_browser_posts_it(staff_user, client_for):
    unit_user = f.UnitUserFactory()
    s = f.AssignedSuggestionFactory(unit=unit_user.handling_unit)
    cs.review_schedule(suggestion=s, planned_date=dt.date(2020, 11, 1), by=staff_user)
    client = client_for(staff_user)
    reader = FormReader()
    reader.feed(client.get(s.get_absolute_url()).content.decode())
    url = reverse("consultations:suggestion_action", args=[s.pk, "record_review"])
    fields = reader.forms[url]
    names = [n for n, _ in fields]
    assert len(names) == len(set(names)), f"duplicate input names: {names}"
    for form_fields in reader.forms.values():
        found = [n for n, _ in form_fields if n != "csrfmiddlewaretoken"]
        assert len(found) == len(set(found))
    data = dict(fields)
    review = Review.objects.get(suggestion=s)
    data.update(
        {
            "record_review-review": str(review.pk),
            "record_review-done_date": "2020-11-02",
            "record_review-findings": "落实到位",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.done_date == dt.date(2020, 11, 2) and review.findings == "落实到位"


def test_closing_with_a_pending_review_needs_confirmation(staff_user):
    unit_user = f.UnitUserFactory()
    s = f.AssignedSuggestionFactory(unit=unit_user.handling_unit)
    cs.suggestion_report(suggestion=s, status="in_progress", text="推进中", by=unit_user)
    with pytest.raises(ValidationError, match="落实情况仍为“推进中”"):
        cs.suggestion_close(suggestion=s, by=staff_user)
    cs.suggestion_report(suggestion=s, status="implemented", text="已落实", by=unit_user)
    cs.review_schedule(suggestion=s, planned_date=dt.date(2020, 11, 1), by=staff_user)
    with pytest.raises(ValidationError, match="有待开展的回头看"):
        cs.suggestion_close(suggestion=s, by=staff_user)
    assert cs.suggestion_close(suggestion=s, by=staff_user, confirm=True).status == "closed"


# --- one definition per rule ---------------------------------------------------------------------
def test_the_accepted_figure_opens_exactly_the_accepted_proposals(flow, staff_user):
    from urllib.parse import urlsplit

    from django.http import QueryDict

    from proposals.filters import ProposalFilter
    from reports.figures import FigureBook

    accepted = flow.to("accepted")
    rejected = flow.to("submitted")
    services.proposal_reject(proposal=rejected, by=flow.staff, reason=RejectReason.objects.first())
    merged = flow.to("submitted")
    services.proposal_merge(proposal=merged, into=accepted, by=flow.staff)
    url = FigureBook(accepted.year)["proposals.accepted"].url
    query = QueryDict(urlsplit(url).query)
    shown = set(ProposalFilter(query, queryset=Proposal.objects.all()).qs.values_list("pk", flat=True))
    assert shown == {accepted.pk}


def test_overdue_is_one_rule_for_lists_rows_and_figures(flow):
    from proposals.models import overdue_q

    p = flow.to("assigned")
    today = timezone.localdate()
    Proposal.objects.filter(pk=p.pk).update(due_on=today - dt.timedelta(days=1))
    p.refresh_from_db()
    assert p.is_overdue and Proposal.objects.overdue().filter(pk=p.pk).exists()
    Proposal.objects.filter(pk=p.pk).update(due_on=today)  # due today is not yet overdue
    p.refresh_from_db()
    assert not p.is_overdue and not Proposal.objects.filter(overdue_q()).filter(pk=p.pk).exists()


def test_a_self_report_returned_twice_in_a_day_is_two_notices(staff_user, django_capture_on_commit_callbacks):
    from members import services as ms
    from members.models import SelfReport

    member = f.MemberFactory()
    report = ms.self_report_save(member=member, year=2020, text="履职情况", by=member.user)
    with django_capture_on_commit_callbacks(execute=True):
        for note in ("请补充调研情况", "请补充提案情况"):
            ms.self_report_submit(report=report, by=member.user)
            ms.self_report_return(report=SelfReport.objects.get(pk=report.pk), by=staff_user, note=note)
    assert Notification.objects.filter(recipient=member.user, kind="self_report").count() == 2
