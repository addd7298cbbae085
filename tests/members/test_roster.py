"""Roster import (preview, all-or-nothing) and export (re-imports unchanged, no formulas)."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from members import services
from members.models import Member, Sector, SpecialCommittee, Term
from members.resources import COLUMNS, id_number_check_digit
from members.roster import roster_export_xlsx
from tests import factories

pytestmark = pytest.mark.django_db


def idn(serial: int) -> str:
    body = f"33078219750501{serial:03d}"
    return body + id_number_check_digit(body)


def xlsx(rows: list[dict]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for row in rows:
        ws.append([row.get(c, "") for c in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def good_row(serial: int, **changes) -> dict:
    row = {
        "姓名": f"委员{serial}",
        "性别": "女",
        "身份证号": idn(serial),
        "出生日期": "1975-05-01",
        "界别": "民盟",
        "专委会": "提案委员会、经济委员会",
        "镇街工委": "稠城街道",
        "政协职务": "常委",
        "届次": "十三届、十四届",
        "在任": "是",
        "手机号": "13900000000",
    }
    row.update(changes)
    return row


@pytest.fixture
def terms():
    factories.TermFactory(number=13)
    factories.TermFactory(number=14, start_date="2022-01-01", end_date="2026-12-31")


def test_clean_file_imports_with_m2m_and_foreign_keys(terms, staff_user):
    result = services.roster_import_apply(data=xlsx([good_row(1), good_row(2, 性别="男")]), by=staff_user)
    assert result.totals == {"new": 2, "update": 0, "unchanged": 0, "invalid": 0}
    member = Member.objects.get(id_number=idn(1))
    assert member.sector.name == "民盟" and member.position == "standing" and member.gender == "F"
    assert sorted(c.name for c in member.special_committees.all()) == ["提案委员会", "经济委员会"]
    assert sorted(t.number for t in member.terms.all()) == [13, 14]


@pytest.mark.parametrize(
    "change, column, message",
    [
        ({"界别": "火星人"}, "界别", "界别「火星人」不存在"),
        ({"出生日期": "1975-13-40"}, "出生日期", "不是有效日期"),
        ({"身份证号": "33078219750501001"}, "身份证号", "格式不正确"),
        ({"专委会": "不存在委员会"}, "专委会", "专委会「不存在委员会」不存在"),
    ],
)
def test_one_bad_row_writes_nothing_and_names_row_and_column(terms, staff_user, change, column, message):
    data = xlsx([good_row(1), good_row(2), good_row(3, **change)])
    preview = services.roster_import_preview(data=data)
    assert preview.has_errors
    [bad] = preview.error_rows
    assert bad.number == 4  # the sheet's row (header is row 1)
    assert bad.errors[0][0] == column and message in bad.errors[0][1]
    with pytest.raises(services.RosterImportError) as exc:
        services.roster_import_apply(data=data, by=staff_user)
    assert "未导入任何数据" in exc.value.messages[0]
    assert Member.objects.count() == 0


def test_duplicate_id_number_within_file(terms, staff_user):
    data = xlsx([good_row(1), good_row(2), good_row(1, 姓名="重复者")])
    preview = services.roster_import_preview(data=data)
    [bad] = preview.error_rows
    assert bad.number == 4 and bad.errors == [("身份证号", f"身份证号「{idn(1)}」与第2行重复")]
    with pytest.raises(services.RosterImportError):
        services.roster_import_apply(data=data, by=staff_user)
    assert not Member.objects.exists()


def test_preview_shows_new_update_unchanged_and_writes_nothing(terms, staff_user):
    services.roster_import_apply(data=xlsx([good_row(1), good_row(2)]), by=staff_user)
    data = xlsx([good_row(1), good_row(2, 工作单位="义乌中学"), good_row(3)])
    preview = services.roster_import_preview(data=data)
    assert [r.status for r in preview.rows] == ["unchanged", "update", "new"]
    assert preview.rows[1].changes == [("工作单位", "", "义乌中学")]
    assert Member.objects.count() == 2 and not Member.objects.filter(work_unit="义乌中学").exists()


def test_export_reimports_without_change_and_escapes_formulas(terms, staff_user):
    sector = Sector.objects.get(name="民建")
    member = factories.MemberFactory(
        sector=sector, work_unit='=HYPERLINK("http://x")', job_title="+1", phone="-2"
    )
    member.special_committees.set(SpecialCommittee.objects.filter(name__in=["提案委员会", "经济委员会"]))
    member.terms.set(Term.objects.all())
    factories.MemberFactory.create_batch(3)
    data = roster_export_xlsx(queryset=Member.objects.all())
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == COLUMNS
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(c.data_type == "s" for c in cells if c.value)  # no formula cells
    risky = [c for c in cells if str(c.value or "").startswith(("=", "+", "-", "@"))]
    assert len(risky) == 3 and all(c.quotePrefix for c in risky)
    preview = services.roster_import_preview(data=data)
    assert not preview.has_errors
    assert {r.status for r in preview.rows} == {"unchanged"}, [r.changes for r in preview.rows]


def test_import_views_are_staff_only_and_preview_then_confirm(terms, client_for, make_user):
    for role in ("member", "leader", "unit"):
        client = client_for(make_user(role))
        for name in ("members:roster_import", "members:roster_export", "members:roster_template"):
            assert client.get(reverse(name)).status_code == 403
    client = client_for(make_user("staff"))
    assert client.get(reverse("members:roster_template"))["Content-Type"].startswith(
        "application/vnd.openxml"
    )
    upload = io.BytesIO(xlsx([good_row(1), good_row(2, 界别="火星人")]))
    upload.name = "roster.xlsx"
    response = client.post(reverse("members:roster_import"), {"file": upload})
    html = response.content.decode()
    assert "第3行" in html and "界别「火星人」不存在" in html and "确认导入" not in html
    upload = io.BytesIO(xlsx([good_row(1), good_row(2)]))
    upload.name = "roster.xlsx"
    html = client.post(reverse("members:roster_import"), {"file": upload}).content.decode()
    assert "确认导入" in html and not Member.objects.filter(id_number=idn(1)).exists()
    response = client.post(reverse("members:roster_import"), {"confirm": "1"}, follow=True)
    assert "新增 2 名" in response.content.decode()
    assert Member.objects.filter(id_number__in=[idn(1), idn(2)]).count() == 2


def test_non_excel_upload_is_refused_in_chinese(client_for, staff_user):
    upload = io.BytesIO(b"name,id\n")
    upload.name = "roster.csv"
    html = client_for(staff_user).post(reverse("members:roster_import"), {"file": upload}).content.decode()
    assert "请上传 Excel(.xlsx)格式的名册" in html


def test_five_thousand_rows_preview_in_seconds(terms, django_assert_max_num_queries):
    import time

    data = xlsx([good_row(i % 1000, 身份证号=_id5000(i)) for i in range(5000)])
    started = time.monotonic()
    with django_assert_max_num_queries(30):
        preview = services.roster_import_preview(data=data)
    assert not preview.has_errors and preview.totals["new"] == 5000
    elapsed = time.monotonic() - started
    print(f"5000-row preview: {elapsed:.1f} s")  # timed by the bench (bench/ops.py), not asserted here


def _id5000(i: int) -> str:
    body = f"3307821980{1 + i // 500:02d}{1 + (i // 25) % 20:02d}{i % 25:03d}"
    return body + id_number_check_digit(body)
