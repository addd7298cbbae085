"""Narrative lint (refused on save), literal numbers and the pre-issue check."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reports import checks, services
from reports.models import ReportSection, ReportSnapshot
from tests import factories
from tests.reports.forms import browser_data, read_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fragment",
    [
        "{{proposals.accepted}",
        "{proposals.accepted}",
        "{{proposals.accepted}}}",
        "[[proposals.accepted]",
        "}}",
    ],
)
def test_malformed_placeholder_is_refused_naming_the_fragment(fragment, staff_user):
    section = factories.ReportSectionFactory(body="原文")
    with pytest.raises(ValidationError) as exc:
        services.section_update(
            section=section, level=1, heading="", body=f"共立提案{fragment}件", by=staff_user
        )
    message = " ".join(exc.value.messages)
    assert "占位符格式有误" in message and f"“{fragment}" in message
    section.refresh_from_db()
    assert section.body == "原文"


def test_well_formed_placeholders_pass():
    assert (
        checks.malformed_placeholders(
            "共{{proposals.accepted}}件,[[proposals.received]]件,{{ proposals.adopted }}"
        )
        == []
    )


def test_html_is_refused_on_save_and_never_printed_as_markup(staff_user, client_for, fake_sources):
    section = factories.ReportSectionFactory(report=factories.AnnualReportFactory(year=2020), body="原文")
    with pytest.raises(ValidationError) as exc:
        services.section_update(
            section=section,
            level=1,
            heading="<i>一、</i>标题",
            body="<script>alert(1)</script>",
            by=staff_user,
        )
    assert "不支持HTML标记" in " ".join(exc.value.messages) and "<script>" in " ".join(exc.value.messages)
    # text saved earlier (before this rule) is escaped the same way on screen and on paper
    ReportSection.objects.filter(pk=section.pk).update(heading="<i>斜体</i>", body="a<b>c")
    from reports.rendering import render_report

    rendered = render_report(report=section.report)
    preview = client_for(staff_user).get(reverse("reports:preview", args=[2020])).content.decode()
    for html in (rendered.html, preview):
        assert "&lt;i&gt;斜体&lt;/i&gt;" in html and "<i>斜体" not in html and "a&lt;b&gt;c" in html


def test_literal_numbers_skip_placeholders_dates_and_ordinals():
    text = "2021年1月20日第5次会议,座谈会26场次,调研报告{{activities.research_reports}}件,解决180个具体问题,增长3.5%"
    keys = [n.key for n in checks.literal_numbers(text)]
    assert keys == ["26场次", "180个具体问题", "3.5%"]


def test_confirmations_follow_the_text(staff_user):
    section = factories.ReportSectionFactory(body="座谈会26场次,讲座14场")
    services.section_update(
        section=section, level=1, heading="", body=section.body, confirmed=["26场次"], by=staff_user
    )
    section.refresh_from_db()
    assert section.confirmed_numbers == ["26场次"]
    # an edit elsewhere keeps the confirmation; a changed number loses it
    services.section_update(section=section, level=1, heading="", body="座谈会26场次,讲座15场", by=staff_user)
    section.refresh_from_db()
    assert section.confirmed_numbers == ["26场次"]
    services.section_update(section=section, level=1, heading="", body="座谈会27场次", by=staff_user)
    section.refresh_from_db()
    assert section.confirmed_numbers == []


def test_members_and_leaders_cannot_write_through_the_service(make_user, leader_user):
    section = factories.ReportSectionFactory(body="原文")
    for user in (make_user("member"), leader_user):
        with pytest.raises(PermissionDenied):
            services.section_update(section=section, level=1, heading="", body="改", by=user)
        with pytest.raises(PermissionDenied):
            services.snapshot_request(report=section.report, by=user)


# --- the pre-issue check -------------------------------------------------------------------
@pytest.fixture
def report_2021(fake_sources):
    fake_sources.data[2021] = {
        k: (dict(v) if isinstance(v, dict) else v) for k, v in fake_sources.data[2020].items()
    }
    last = factories.AnnualReportFactory(year=2020)
    factories.ReportSectionFactory(report=last, order=1, level=1, heading="一、回顾", body="去年的原文。")
    report = factories.AnnualReportFactory(
        year=2021, occasion="(2022年1月在政协第十三届义乌市委员会第一次会议上)"
    )
    factories.ReportSectionFactory(report=report, order=1, level=0, heading="2021年工作回顾", body="")
    factories.ReportSectionFactory(report=report, order=2, level=1, heading="一、回顾", body="去年的原文。")
    factories.ReportSectionFactory(
        report=report,
        order=3,
        level=1,
        heading="二、履职",
        body="调研报告{{activities.research_reports}}件,立案{{proposals.accepted}}件,座谈会26场次。",
    )
    factories.ReportSectionFactory(
        report=report, order=4, level=0, heading="2027年工作任务", body="新的任务。"
    )
    return report


def _kinds(report):
    return {f.kind: f for f in services.preissue_check(report=report)}


def test_preissue_lists_zero_far_headings_unchanged_and_literals(report_2021, fake_sources):
    fake_sources.data[2021]["activity_stats"]["research_reports"] = 0
    fake_sources.data[2021]["proposal_stats"]["accepted"] = 900  # 293 last year
    term = factories.TermFactory(number=14, start_date=date(2021, 12, 1), end_date=date(2026, 11, 30))
    factories.PlenaryFactory(term=term, number=1, year=2022, opens_on=date(2022, 1, 10))
    findings = services.preissue_check(report=report_2021)
    by_kind = {}
    for f in findings:
        by_kind.setdefault(f.kind, []).append(f.message)
    assert any("调研报告" in m and "为0" in m for m in by_kind["zero"])
    assert any("立案" in m and "900" in m and "293" in m for m in by_kind["far"])
    assert any("2027年" in m for m in by_kind["heading_year"])
    assert not [f for f in findings if f.kind == "heading_year" and f.key.endswith(":2021")]
    assert any("一、回顾" in m for m in by_kind["unchanged"])
    assert any("26场次" in m for m in by_kind["literal"])
    assert any("第十三届" in m for m in by_kind["heading_term"])


def test_issue_is_blocked_without_confirmation_and_records_who_confirmed_what(
    report_2021, fake_sources, staff_user
):
    fake_sources.data[2021]["activity_stats"]["research_reports"] = 0
    keys = [f.key for f in services.preissue_check(report=report_2021)]
    assert keys
    with pytest.raises(ValidationError) as exc:
        services.snapshot_request(report=report_2021, by=staff_user)
    assert "签发前检查" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        services.snapshot_request(report=report_2021, by=staff_user, confirmed=keys[:-1])
    assert not ReportSnapshot.objects.exists()
    snapshot = services.snapshot_request(report=report_2021, by=staff_user, confirmed=keys)
    assert snapshot.preissue["confirmed_by_id"] == staff_user.pk
    assert snapshot.preissue["confirmed_at"]
    assert [f["key"] for f in snapshot.preissue["findings"]] == keys
    assert any("调研报告" in f["message"] for f in snapshot.preissue["findings"])


def test_issue_page_form_submitted_as_a_browser_with_every_box_ticked(
    report_2021, fake_sources, staff_user, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    from reports import tasks

    monkeypatch.setattr(tasks.report_snapshot_generate, "delay", lambda pk: None)
    client = client_for(staff_user)
    html = client.get(report_2021.get_absolute_url()).content.decode()
    action, fields = read_form(html, form_id="issue-form")
    assert action == reverse("reports:snapshot_create", args=[2021])
    assert {f.get("name") for f in fields} >= {"confirm", "toc", "appendix", "csrfmiddlewaretoken"}
    # not ticked: refused with the reason, nothing issued
    response = client.post(action, browser_data(fields), follow=True)
    assert "签发前检查发现" in response.content.decode() and not ReportSnapshot.objects.exists()
    # every finding ticked, options left off
    data = browser_data(fields, tick=["confirm"])
    response = client.post(action, data)
    snapshot = ReportSnapshot.objects.get()
    assert response.status_code == 302 and response["Location"] == snapshot.get_absolute_url()
    assert not snapshot.with_toc and not snapshot.with_appendix
    assert len(snapshot.preissue["findings"]) == len(data["confirm"])
    page = client.get(snapshot.get_absolute_url()).content.decode()
    assert "确认后签发" in page and "26场次" in page and staff_user.display_name in page


def test_section_form_read_and_submitted_as_a_browser_confirms_numbers(report_2021, staff_user, client_for):
    section = report_2021.sections.get(order=3)
    client = client_for(staff_user)
    url = reverse("reports:section_edit", args=[2021, section.pk])
    html = client.get(url).content.decode()
    _action, fields = read_form(html, form_id="section-form")
    names = {f.get("name") for f in fields}
    assert {"level", "heading", "body", "confirm_number"} <= names
    response = client.post(url, browser_data(fields, tick=["confirm_number"]))
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.confirmed_numbers == ["26场次"]
    assert not [f for f in services.preissue_check(report=report_2021) if f.kind == "literal"]


@pytest.mark.parametrize("raw", ["1999", "abc", "99999999999999999999", "2101"])
def test_bad_year_is_a_clear_400_not_the_current_year(raw, leader_user, client_for, fake_sources):
    client = client_for(leader_user)
    for name in ("reports:dashboard", "reports:export_xlsx"):
        response = client.get(reverse(name) + f"?year={raw}")
        assert response.status_code == 400, name
        assert "年度" in response.content.decode()
