"""Journey 4: staff write and issue the annual report; a leader reads the dashboard, follows a figure
to its list and downloads the issued PDF."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import nav

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_leader_follows_a_figure_and_downloads_the_annual_pdf(page, login, shot, axe, tmp_path):
    year = timezone.localdate().year
    factories.StaffUserFactory(username="d_staff", name="办公室褚")
    factories.LeaderUserFactory(username="d_leader", name="卫主席")
    for n in range(3):
        factories.ProposalFactory(
            title=f"关于数字化改革第{n + 1}项的建议",
            status="accepted",
            year=year,
            number=n + 1,
            submitted_at=timezone.now(),
        )

    # 1. staff create the report, write one section with a figure placeholder, and issue the PDF
    login("d_staff")
    nav(page, "年度工作报告")
    axe("report list (staff)")
    page.get_by_role("spinbutton", name="年度").fill(str(year))
    page.get_by_role("button", name="新建").click()
    page.get_by_role("link", name="添加章节(末尾)").click()
    page.get_by_label("标题", exact=True).fill("一、履职工作回顾")
    page.get_by_label("正文").fill("一年来,共立提案{{proposals.accepted}}件。")
    axe("report section form")
    shot("dashboard-1-section-form")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("一、履职工作回顾").first).to_be_visible()
    axe("report detail (staff)")
    expect(page.get_by_text("签发前检查未发现问题")).to_be_visible()
    page.get_by_role("button", name="签发并生成PDF定稿").click()
    expect(page.get_by_role("link", name="下载PDF")).to_be_visible(timeout=60000)
    shot("dashboard-2-snapshot")

    # 2. the leader opens the dashboard and follows 立案 to the proposals behind it
    login("d_leader")
    nav(page, "领导驾驶舱")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{year}年")
    axe("dashboard (leader)")
    shot("dashboard-3-dashboard")
    page.get_by_role("link", name="立案 3件,查看清单").click()
    expect(page.get_by_role("link", name="关于数字化改革第1项的建议")).to_be_visible()
    expect(page.get_by_role("link", name="关于数字化改革第3项的建议")).to_be_visible()
    axe("proposal register (leader, filtered)")
    shot("dashboard-4-figure-list")

    # 3. ... and downloads the issued annual report PDF
    nav(page, "年度工作报告")
    page.get_by_role("link", name="政协常务委员会工作报告").first.click()
    axe("report detail (leader)")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载").first.click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.endswith(".pdf")
