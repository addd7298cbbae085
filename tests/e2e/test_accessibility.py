"""axe-core on every main page for each role, and the proposal form used with the keyboard only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from proposals.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sample_data() -> dict:
    """One row of each kind a page shows, so lists, details and their forms are all rendered."""
    today = timezone.localdate()
    year = today.year
    unit = factories.HandlingUnitFactory(name="市发展和改革局")
    member = factories.MemberFactory(user__username="a_member", name="韩梅", user__name="韩梅")
    users = {
        "member": member.user,
        "staff": factories.StaffUserFactory(username="a_staff"),
        "unit": factories.UnitUserFactory(username="a_unit", handling_unit=unit),
        "leader": factories.LeaderUserFactory(username="a_leader"),
    }
    proposal = factories.ProposalFactory(
        title="关于优化营商环境的建议",
        lead_member=member,
        status="assigned",
        year=year,
        number=1,
        submitted_at=timezone.now(),
        lead_unit=unit,
        due_on=today + dt.timedelta(days=60),
    )
    factories.AssignmentFactory(
        proposal=proposal, unit=unit, assigned_on=today, due_on=today + dt.timedelta(days=60)
    )
    draft = factories.ProposalFactory(title="关于社区养老的建议(草稿)", lead_member=member, year=year)
    activity = factories.ActivityFactory(topic="请你来协商:营商环境", date=today, is_public=True)
    factories.InvitationFactory(activity=activity, member=member)
    suggestion = factories.AssignedSuggestionFactory(
        activity=activity, unit=unit, text="建议推行企业开办一网通办", due_date=today + dt.timedelta(days=30)
    )
    factories.AnnualReportFactory(year=year)
    factories.ReportSectionFactory(report__year=year)
    factories.DutyEventFactory(member=member, kind_id="other", date=today, title="参加调研")
    for user in users.values():
        factories.NotificationFactory(recipient=user, title="您有一件待办事项")
    return {
        "users": users,
        "year": year,
        "proposal": proposal,
        "draft": draft,
        "activity": activity,
        "suggestion": suggestion,
        "member": member,
    }


def pages_by_role(d: dict) -> dict[str, list[str]]:
    p, a, s, y = d["proposal"].pk, d["activity"].pk, d["suggestion"].pk, d["year"]
    common = [reverse("home"), reverse("members:notifications")]
    return {
        "member": common
        + [
            reverse("proposals:mine"),
            reverse("proposals:create"),
            reverse("proposals:detail", args=[p]),
            reverse("proposals:edit", args=[d["draft"].pk]),
            reverse("proposals:opinion_list"),
            reverse("proposals:opinion_create"),
            reverse("consultations:activity_list"),
            reverse("consultations:activity_detail", args=[a]),
            reverse("members:directory"),
            reverse("members:my_duty"),
            reverse("members:self_report"),
            reverse("members:notification_settings"),
            reverse("password_change"),
        ],
        "staff": common
        + [
            reverse("proposals:register"),
            reverse("proposals:detail", args=[p]),
            reverse("proposals:opinion_list"),
            reverse("consultations:activity_list"),
            reverse("consultations:activity_create"),
            reverse("consultations:activity_detail", args=[a]),
            reverse("consultations:attendance", args=[a]),
            reverse("consultations:plan"),
            reverse("consultations:board"),
            reverse("consultations:suggestion_detail", args=[s]),
            reverse("consultations:tracking_report"),
            reverse("members:directory"),
            reverse("members:detail", args=[d["member"].pk]),
            reverse("members:duty_record", args=[d["member"].pk]),
            reverse("members:ranking"),
            reverse("members:below_minimum"),
            reverse("members:roster_import"),
            reverse("members:duty_bulk_add"),
            reverse("members:self_report_list"),
            reverse("reports:dashboard"),
            reverse("reports:report_list"),
            reverse("reports:report_detail", args=[y]),
            reverse("reports:section_add", args=[y]),
            reverse("reports:preview", args=[y]),
            reverse("ops:jobs"),
        ],
        "unit": common
        + [
            reverse("proposals:unit_queue"),
            reverse("proposals:detail", args=[p]),
            reverse("consultations:board"),
            reverse("consultations:suggestion_detail", args=[s]),
        ],
        "leader": common
        + [
            reverse("reports:dashboard"),
            reverse("proposals:register"),
            reverse("proposals:detail", args=[p]),
            reverse("consultations:board"),
            reverse("consultations:suggestion_detail", args=[s]),
            reverse("members:ranking"),
            reverse("members:directory"),
            reverse("reports:report_list"),
            reverse("reports:report_detail", args=[y]),
        ],
    }


def test_main_pages_of_every_role_have_no_serious_axe_violations(page, login, axe):
    data = sample_data()
    failures = []
    for role, urls in pages_by_role(data).items():
        login(data["users"][role].username)
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, (role, url, response.status)
            try:
                axe(f"{role} {url}")
            except AssertionError as exc:
                failures.append(str(exc))
    assert not failures, "\n\n".join(failures)


def test_forms_with_errors_are_accessible(page, login, axe):
    """Submitting empty forms shows the Chinese messages beside the fields, and axe still passes."""
    data = sample_data()
    login("a_member")
    page.goto(reverse("proposals:create"))
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("请填写案由(标题)。")).to_be_visible()
    expect(page.get_by_label("案由")).to_have_attribute("aria-invalid", "true")
    axe("proposal form with errors")
    page.goto(reverse("consultations:activity_detail", args=[data["activity"].pk]))
    page.get_by_label("请假", exact=True).check()
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("请假须填写事由。")).to_be_visible()
    axe("invitation answer refused")
    login("a_staff")
    page.goto(reverse("consultations:activity_create"))
    page.get_by_role("button", name="保存并发出邀请").click()
    expect(page.get_by_text("请填写活动主题。")).to_be_visible()
    axe("activity form with errors")


def test_proposal_form_with_the_keyboard_only(page, login, shot):
    factories.CategoryFactory(name="社会法制")
    factories.MemberFactory(user__username="k_member", name="许明", user__name="许明")
    login("k_member")
    page.goto(reverse("proposals:create"))
    keyboard = page.keyboard

    def tab_to(name: str, limit: int = 40):
        """Press Tab until the focused element's accessible name starts with name."""
        for _ in range(limit):
            keyboard.press("Tab")
            focused = page.evaluate(
                "() => { const e = document.activeElement;"
                " return (e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText || '').trim(); }"
            )
            if focused.startswith(name):
                return
        raise AssertionError(f"Tab never reached {name!r}")

    # the skip link is the first stop and takes focus to the main content
    keyboard.press("Tab")
    expect(page.get_by_role("link", name="跳到主要内容")).to_be_focused()
    keyboard.press("Enter")
    tab_to("案由")
    keyboard.type("关于规范电动自行车停放的建议")
    tab_to("类别")
    for _ in range(20):  # arrow down through the options until 社会法制 is chosen
        keyboard.press("ArrowDown")
        if page.evaluate("() => document.activeElement.selectedOptions[0].text") == "社会法制":
            break
    tab_to("内容")
    keyboard.type("小区电动自行车乱停放,存在消防隐患。建议增设集中充电车棚。")
    tab_to("提交")
    shot("keyboard-proposal-form")
    keyboard.press("Enter")
    expect(page.get_by_text("提案已提交,等待提案委审查。")).to_be_visible()
    proposal = Proposal.objects.get(title="关于规范电动自行车停放的建议")
    assert proposal.status == "submitted" and proposal.category.name == "社会法制"
