"""批量审查交办 in a browser: 40 submitted proposals, staff accept most suggestions, change two,
立案 + 交办 all in one action; every proposal has its own events and number; each unit one notice."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.models import Notification
from proposals.models import Proposal, ProposalEvent, ReplyClass
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TRAFFIC = ["优化公交线路", "缓解城区交通拥堵", "完善公交站台设置", "加强停车场建设"]
HEALTH = ["促进中医药传承发展", "完善基层医疗服务", "加强传染病防控", "提升社区医院诊疗水平"]


def _history(traffic, health):
    city, science = factories.CategoryFactory(name="城建环保"), factories.CategoryFactory(name="科教文卫体")
    a = ReplyClass.objects.get(code="A")
    for n, topic in enumerate(TRAFFIC + HEALTH, start=1):
        is_traffic = topic in TRAFFIC
        factories.ProposalFactory(
            title=f"关于{topic}的建议",
            body=f"近年来我市{topic}工作取得成效,建议进一步{topic}。",
            year=2019,
            status="closed",
            series="2019年平时提案",
            number=n,
            category=city if is_traffic else science,
            lead_unit=traffic if is_traffic else health,
            reply_class=a,
        )
    return city, science


def test_forty_proposals_reviewed_and_assigned_in_one_action(page, login, shot, axe):
    factories.StaffUserFactory(username="b_staff", name="机关李")
    traffic = factories.HandlingUnitFactory(name="市交通运输局")
    health = factories.HandlingUnitFactory(name="市卫生健康局")
    housing = factories.HandlingUnitFactory(name="市住房和城乡建设局")
    users = {
        u.handling_unit_id: u
        for u in (
            factories.UnitUserFactory(username=f"b_unit{i}", handling_unit=unit)
            for i, unit in enumerate((traffic, health, housing))
        )
    }
    city, science = _history(traffic, health)
    other = factories.CategoryFactory(name="经济建设")
    member = factories.MemberFactory()
    year = timezone.localdate().year
    pending = []
    for i in range(40):
        topic = (TRAFFIC + HEALTH)[i % 8]
        pending.append(
            Proposal.objects.create(
                title=f"关于{topic}的建议(第{i + 1}件)",
                body=f"群众反映{topic}问题突出,建议{topic}。",
                category=other,
                year=year,
                status="submitted",
                lead_member=member,
                created_by=member.user,
                submitted_at=timezone.now(),
            )
        )

    login("b_staff")
    page.goto("/proposals/batch/")
    expect(page.get_by_role("heading", name="批量审查交办")).to_be_visible()
    first = pending[0]
    expect(page.locator(f'tr[data-proposal="{first.pk}"] .suggestion-why').first).to_contain_text(
        "相似：2019年平时提案第"
    )
    expect(page.locator(f"#lead-{first.pk}")).to_have_value(str(traffic.pk))
    shot("batch-1-suggestions")
    axe("batch review page")

    changed = [pending[0], pending[5]]  # staff change two rows to 市住房和城乡建设局
    for p in changed:
        page.locator(f"#lead-{p.pk}").select_option(label="市住房和城乡建设局")
    for p in pending:
        page.locator(f"#pick-{p.pk}").check()
    shot("batch-2-selected")
    page.get_by_role("button", name="立案并交办所选提案").click()
    expect(page.get_by_text("已立案并交办 40 件提案")).to_be_visible()
    shot("batch-3-done")

    numbers = set()
    for p in Proposal.objects.filter(pk__in=[p.pk for p in pending]):
        assert p.status == "assigned"
        numbers.add(p.number)
        actions = list(ProposalEvent.objects.filter(proposal=p).values_list("action", flat=True))
        assert actions == ["accept", "assign"]
        if p.pk in {c.pk for c in changed}:
            assert p.lead_unit_id == housing.pk
        else:
            expected = traffic if any(t in p.title for t in TRAFFIC) else health
            assert p.lead_unit_id == expected.pk
            assert p.category_id == (city if expected == traffic else science).pk
    assert len(numbers) == 40
    for unit_id, user in users.items():
        notices = Notification.objects.filter(recipient=user)
        assert notices.count() == 1, unit_id
        assert notices.get().kind == "proposal_assigned_batch"

    login("b_unit2")
    page.goto("/members/notifications/")
    expect(page.get_by_text("新交办提案 2 件")).to_be_visible()
    shot("batch-4-unit-digest")


def test_draft_help_while_writing(page, login, shot):
    traffic = factories.HandlingUnitFactory(name="市交通运输局")
    health = factories.HandlingUnitFactory(name="市卫生健康局")
    _history(traffic, health)
    year = timezone.localdate().year
    Proposal.objects.filter(title="关于优化公交线路的建议").update(year=year - 1, reply_public=True)
    factories.MemberFactory(user__username="d_member")
    login("d_member")
    page.goto("/proposals/new/")
    expect(page.locator("#draft-help")).to_contain_text("写作提示")
    page.locator("#id_title").fill("关于优化公交线路的建议")
    page.locator("#id_body").fill("公交线路重复,换乘不便。")
    help_box = page.locator("#draft-help")
    expect(help_box).to_contain_text("市交通运输局主办,答复A类")
    expect(help_box).to_contain_text("写出具体建议")
    shot("draft-help")
