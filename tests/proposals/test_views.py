"""Permissions, bad input, query counts and time zone of the proposal pages."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from proposals.models import Assignment, Proposal, ProposalEvent
from tests.factories import AssignmentFactory, MemberFactory, ProposalFactory, UnitUserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _post_create(client, category, **extra):
    data = {
        "title": "关于发展夜间经济的建议",
        "category": category.pk,
        "body": "情况与建议",
        "token": "tok-1",
        "submit": "1",
    }
    data.update(extra)
    return client.post(reverse("proposals:create"), data, follow=True)


def test_member_never_sees_another_members_draft(client_for, member_user):
    draft = ProposalFactory()
    client = client_for(member_user)
    assert client.get(reverse("proposals:detail", args=[draft.pk])).status_code == 404
    assert draft.title not in client.get(reverse("proposals:mine")).content.decode()
    assert client.get(reverse("proposals:register")).status_code == 403


def test_invited_cosigner_sees_draft_and_staff_does_not(client_for, member_user, staff_user):
    draft = ProposalFactory()
    draft.signers.create(member=member_user.member, role="cosigner")
    assert client_for(member_user).get(reverse("proposals:detail", args=[draft.pk])).status_code == 200
    assert client_for(staff_user).get(reverse("proposals:detail", args=[draft.pk])).status_code == 404


def test_unit_sees_only_its_assignments(client_for):
    mine = AssignmentFactory()
    other = AssignmentFactory()
    user = UnitUserFactory(handling_unit=mine.unit)
    client = client_for(user)
    assert client.get(reverse("proposals:detail", args=[mine.proposal_id])).status_code == 200
    assert client.get(reverse("proposals:detail", args=[other.proposal_id])).status_code == 404
    assert client.get(reverse("proposals:register")).status_code == 403
    Assignment.objects.filter(pk=mine.pk).update(is_active=False)
    assert client.get(reverse("proposals:detail", args=[mine.proposal_id])).status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "请填写案由"),
        ("title", "长" * 201, "不能超过 200"),
        ("body", "", "请填写内容"),
        ("body", "字" * 20001, "不能超过 20000"),
    ],
)
def test_bad_text_is_refused_in_chinese(client_for, member_user, category, field, value, message):
    response = _post_create(client_for(member_user), category, **{field: value})
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_forbidden_attachment_type(client_for, member_user, category):
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 10)
    response = _post_create(client_for(member_user), category, attachment=upload)
    assert "不支持的文件类型" in response.content.decode() and "允许的类型" in response.content.decode()
    assert not Proposal.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=10)
def test_oversized_attachment(client_for, member_user, category):
    response = _post_create(client_for(member_user), category, attachment=SimpleUploadedFile("a.pdf", PDF))
    assert "过大" in response.content.decode()
    assert not Proposal.objects.exists()


def test_attachment_saved_and_served_only_to_allowed(client_for, member_user, category, make_user):
    _post_create(client_for(member_user), category, attachment=SimpleUploadedFile("a.pdf", PDF))
    attachment = Proposal.objects.get().attachments.get()
    assert (
        client_for(member_user).get(reverse("proposals:attachment", args=[attachment.pk])).status_code == 200
    )
    other = make_user("member")
    assert client_for(other).get(reverse("proposals:attachment", args=[attachment.pk])).status_code == 404


def test_double_click_on_submit_creates_one_proposal(client_for, member_user, category):
    client = client_for(member_user)
    _post_create(client, category)
    response = _post_create(client, category)
    assert Proposal.objects.count() == 1
    assert ProposalEvent.objects.filter(action="submit").count() == 1
    assert "当前状态为「已提交」,不能执行「提交」" in response.content.decode()


def test_action_not_allowed_shows_message(client_for, member_user, category):
    client = client_for(member_user)
    _post_create(client, category)
    p = Proposal.objects.get()
    response = client.post(reverse("proposals:action", args=[p.pk, "submit"]), follow=True)
    assert "当前状态" in response.content.decode()
    response = client.post(reverse("proposals:action", args=[p.pk, "accept"]), follow=True)
    assert "无权" in response.content.decode()
    assert Proposal.objects.get().status == "submitted"


def test_staff_action_with_bad_form_keeps_state(client_for, staff_user, category):
    p = ProposalFactory(status="submitted")
    response = client_for(staff_user).post(
        reverse("proposals:action", args=[p.pk, "reject"]), {"reject-note": "x"}
    )
    assert response.status_code == 400 and "请选择不予立案的理由" in response.content.decode()
    assert Proposal.objects.get(pk=p.pk).status == "submitted"


def _rows(n, unit=None):
    for i in range(n):
        a = AssignmentFactory(unit=unit) if unit else AssignmentFactory()
        Proposal.objects.filter(pk=a.proposal_id).update(
            number=i + 1, series="测试", due_on=dt.date(2020, 6, 1), lead_unit=a.unit
        )


@pytest.mark.parametrize("n", [3, 30])
def test_register_query_count_constant(client_for, staff_user, django_assert_max_num_queries, n):
    _rows(n)
    client = client_for(staff_user)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("proposals:register") + "?year=2020&overdue=1&q=测试")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_unit_queue_query_count_constant(client_for, django_assert_max_num_queries, n):
    user = UnitUserFactory()
    _rows(n, unit=user.handling_unit)
    client = client_for(user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("proposals:unit_queue"))
    assert response.status_code == 200 and response.content.decode().count("已超期") >= min(n, 30)


@pytest.mark.parametrize("n", [3, 30])
def test_mine_query_count_constant(client_for, member_user, django_assert_max_num_queries, n):
    for _ in range(n):
        ProposalFactory(lead_member=member_user.member, created_by=member_user)
    with django_assert_max_num_queries(24):
        assert client_for(member_user).get(reverse("proposals:mine")).status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_detail_page_query_count_with_every_relation_set(
    client_for, staff_user, django_assert_max_num_queries, n
):
    """Plenary, leader, reject reason, merged into another and merged ones, n assignments, signers:
    at most 15 queries, whatever n, and everything shown."""
    from tests.factories import LeaderUserFactory, PlenaryFactory

    target = ProposalFactory(status="submitted", title="关于主提案的建议")
    p = ProposalFactory(
        status="merged",
        plenary=PlenaryFactory(),
        supervising_leader=LeaderUserFactory(),
        merged_into=target,
        title="关于被并入提案的建议",
    )
    for i in range(n):
        ProposalFactory(status="merged", merged_into=p, title=f"关于并入本案{i}的建议")
        AssignmentFactory(proposal=p)
    client = client_for(staff_user)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("proposals:detail", args=[p.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "关于主提案的建议" in html and str(p.plenary) in html
    assert p.supervising_leader.display_name in html
    assert all(f"关于并入本案{i}的建议" in html for i in range(n))


def test_overdue_uses_shanghai_date(client_for, staff_user):
    AssignmentFactory(due_on=dt.date(2020, 6, 1))
    Proposal.objects.update(
        due_on=dt.date(2020, 6, 1),
        number=1,
        series="测试",
        submitted_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    p = Proposal.objects.get()
    # 2020-06-01 23:30 in Shanghai (15:30 UTC): still due today
    with time_machine.travel(dt.datetime(2020, 6, 1, 15, 30, tzinfo=dt.UTC), tick=False):
        assert not p.is_overdue
        assert Proposal.objects.count() == 1
        from proposals.selectors import proposal_stats

        assert proposal_stats(year=2020)["overdue"] == 0
    # 2020-06-02 00:30 in Shanghai (still 2020-06-01 16:30 UTC): overdue
    with time_machine.travel(dt.datetime(2020, 6, 1, 16, 30, tzinfo=dt.UTC), tick=False):
        assert p.is_overdue
        from proposals.selectors import proposal_stats

        assert proposal_stats(year=2020)["overdue"] == 1
        body = client_for(staff_user).get(reverse("proposals:register") + "?overdue=1").content.decode()
        assert p.title in body


def test_export_staff_only(client_for, staff_user, leader_user):
    _rows(2)
    response = client_for(staff_user).get(reverse("proposals:export") + "?year=2020")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    assert client_for(leader_user).get(reverse("proposals:export")).status_code == 403


def test_print_and_pdf(client_for, staff_user):
    p = ProposalFactory(status="submitted")
    client = client_for(staff_user)
    assert "提案表" in client.get(reverse("proposals:print", args=[p.pk])).content.decode()
    response = client.get(reverse("proposals:pdf", args=[p.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_member_sees_public_replied_proposals_of_others(client_for, member_user):
    p = ProposalFactory(status="closed", number=5, series="测试", reply_public=True)
    hidden = ProposalFactory(status="closed", number=6, series="测试", reply_public=False)
    client = client_for(member_user)
    assert client.get(reverse("proposals:detail", args=[p.pk])).status_code == 200
    assert client.get(reverse("proposals:detail", args=[hidden.pk])).status_code == 404


def test_home_panels_render(client_for, member_user, staff_user, leader_user):
    ProposalFactory(lead_member=member_user.member, created_by=member_user)
    for user in (member_user, staff_user, leader_user, UnitUserFactory()):
        assert client_for(user).get("/").status_code == 200
    assert MemberFactory()  # factories stay usable after the panels run
