import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import ReportSection
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,status", [("member", 403), ("unit", 403), ("leader", 200), ("staff", 200)])
def test_dashboard_roles(role, status, make_user, client_for, fake_sources):
    response = client_for(make_user(role)).get(reverse("reports:dashboard") + "?year=2020")
    assert response.status_code == status


def test_dashboard_shows_figures_with_links_and_previous_year(leader_user, client_for, fake_sources):
    fake_sources.data[2019]["proposal_stats"]["accepted"] = 280
    html = client_for(leader_user).get(reverse("reports:dashboard") + "?year=2020").content.decode()
    assert "立案" in html and "293" in html and "280" in html and "(+13)" in html
    assert "figure=adopted" in html and 'id="dashboard-data"' in html and "reports/dashboard.js" in html
    assert "<script>" not in html.split('id="dashboard-data"')[0][-200:]  # data via json_script only


@pytest.mark.parametrize("role", ["member", "unit"])
def test_reports_pages_refused_to_members_and_units(role, make_user, client_for):
    factories.AnnualReportFactory(year=2020)
    client = client_for(make_user(role))
    for url in [
        reverse("reports:report_list"),
        reverse("reports:report_detail", args=[2020]),
        reverse("reports:preview", args=[2020]),
        reverse("reports:export_xlsx"),
    ]:
        assert client.get(url).status_code == 403, url


def test_leader_reads_but_cannot_edit(leader_user, client_for, fake_sources):
    report = factories.AnnualReportFactory(year=2020)
    section = factories.ReportSectionFactory(report=report, body="原文")
    client = client_for(leader_user)
    assert client.get(report.get_absolute_url()).status_code == 200
    url = reverse("reports:section_edit", args=[2020, section.pk])
    assert client.post(url, {"level": 1, "heading": "x", "body": "改"}).status_code == 403
    assert client.post(reverse("reports:snapshot_create", args=[2020])).status_code == 403
    section.refresh_from_db()
    assert section.body == "原文"


def test_unknown_placeholder_shows_chinese_error_keeps_input_changes_nothing(
    staff_user, client_for, fake_sources
):
    section = factories.ReportSectionFactory(body="原文")
    url = reverse("reports:section_edit", args=[section.report.year, section.pk])
    response = client_for(staff_user).post(
        url, {"level": 1, "heading": "标题", "body": "共立提案{{proposals.acepted}}件"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "未知的数据占位符" in html
        and "proposals.acepted" in html
        and "共立提案{{proposals.acepted}}件" in html
    )
    section.refresh_from_db()
    assert section.body == "原文"


def test_staff_edits_adds_and_reorders_sections(staff_user, client_for, fake_sources):
    report = factories.AnnualReportFactory(year=2020)
    client = client_for(staff_user)
    client.post(
        reverse("reports:section_add", args=[2020]),
        {"level": 1, "heading": "一、甲", "body": "{{proposals.accepted}}"},
    )
    client.post(
        reverse("reports:section_add", args=[2020]),
        {"level": 1, "heading": "二、乙", "body": "[[opinions.collected]]"},
    )
    second = ReportSection.objects.get(heading="二、乙")
    client.post(reverse("reports:section_move", args=[2020, second.pk]), {"direction": "up"})
    assert list(report.sections.values_list("heading", flat=True)) == ["二、乙", "一、甲"]
    html = client.get(report.get_absolute_url()).content.decode()
    assert (
        "proposals.accepted" in html and "opinions.collected" in html and "161" in html
    )  # the sources panel


def test_new_report_from_previous_year(staff_user, client_for):
    old = factories.AnnualReportFactory(year=2020)
    factories.ReportSectionFactory(report=old, heading="一、甲")
    response = client_for(staff_user).post(reverse("reports:report_list"), {"year": 2021})
    assert response.status_code == 302
    assert ReportSection.objects.filter(report__year=2021, heading="一、甲").exists()
    response = client_for(staff_user).post(reverse("reports:report_list"), {"year": 2021}, follow=True)
    assert "已存在" in response.content.decode()


def test_excel_export(staff_user, client_for, fake_sources):
    response = client_for(staff_user).get(reverse("reports:export_xlsx") + "?year=2020")
    wb = load_workbook(io.BytesIO(response.content))
    assert {"主要指标", "提案分类", "承办单位"} <= set(wb.sheetnames)
    rows = {r[2]: r for r in wb["主要指标"].iter_rows(min_row=2, values_only=True)}
    assert rows["proposals.accepted"][3] == 293 and rows["proposals.accepted"][1] == "立案"
    assert list(wb["提案分类"].iter_rows(min_row=2, values_only=True))[0] == ("经济建设", 80)


def test_leader_home_panel(leader_user, client_for, fake_sources):
    html = client_for(leader_user).get(reverse("home")).content.decode()
    assert "领导驾驶舱" in html and reverse("reports:dashboard") in html
