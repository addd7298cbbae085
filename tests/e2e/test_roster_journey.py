"""Journey 3: staff import a roster Excel with one bad row, see it in the preview, fix it, import."""

import openpyxl
import pytest
from playwright.sync_api import expect

from members.models import Member
from tests import factories
from tests.e2e.conftest import nav
from tests.factories.members import valid_id_number

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def roster_file(template_path, path, rows: list[dict]) -> str:
    """Fill the downloaded template (its own headers) with rows given by header."""
    book = openpyxl.load_workbook(template_path)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    book.save(path)
    return str(path)


def test_roster_import_rejects_a_bad_row_then_imports_the_fixed_file(page, login, shot, axe, tmp_path):
    factories.StaffUserFactory(username="r_staff", name="机关冯")
    factories.SectorFactory(name="经济界")
    login("r_staff")
    nav(page, "名册导入导出")
    axe("roster import")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载名册模板(.xlsx)").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    good = {"姓名": "蒋文华", "性别": "女", "身份证号": valid_id_number(901), "界别": "经济界", "在任": "是"}
    bad = {
        "姓名": "沈国平",
        "性别": "男",
        "身份证号": valid_id_number(902),
        "界别": "不存在的界别",
        "在任": "是",
    }
    upload = page.get_by_label("名册文件(.xlsx)")

    # 1. the file with a bad row: the preview shows the row and nothing is written
    upload.set_input_files(roster_file(template, tmp_path / "名册-有误.xlsx", [good, bad]))
    page.get_by_role("button", name="上传并预览").click()
    errors = page.get_by_role("table", name="错误明细")
    expect(errors).to_be_visible()
    bad_row = errors.get_by_role("row").filter(has_text="沈国平")
    expect(bad_row).to_contain_text("第3行")
    expect(bad_row).to_contain_text("界别")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    assert not Member.objects.filter(name__in=["蒋文华", "沈国平"]).exists()
    axe("roster preview with errors")
    shot("roster-1-preview-errors")

    # 2. the fixed file previews cleanly and imports
    bad["界别"] = "经济界"
    upload = page.get_by_label("名册文件(.xlsx)")
    upload.set_input_files(roster_file(template, tmp_path / "名册-修改后.xlsx", [good, bad]))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_text("新增 2 名")).to_be_visible()
    axe("roster preview without errors")
    shot("roster-2-preview-ok")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("名册已导入:新增 2 名,更新 0 名,无变化 0 名。")).to_be_visible()
    assert set(Member.objects.filter(sector__name="经济界").values_list("name", flat=True)) == {
        "蒋文华",
        "沈国平",
    }

    # 3. the new members are in the directory
    nav(page, "委员名录")
    page.get_by_label("姓名或工作单位").fill("沈国平")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("cell", name="沈国平")).to_be_visible()
    axe("directory (staff, filtered)")
    shot("roster-3-directory")
