"""Every quick-report figure equals the number of rows its link opens in the register."""

import datetime as dt
import re

import pytest
import time_machine
from django.http import QueryDict
from django.urls import reverse

from proposals.quickreports import services as s
from proposals.quickreports.filters import QuickReportFilter
from proposals.quickreports.models import QuickReport
from reports.figures import REGISTRY, YearData

pytestmark = pytest.mark.django_db
CODES = [c for c in REGISTRY if c.startswith("quickreports.")]


@pytest.fixture
def year_2020(q):
    with time_machine.travel(dt.datetime(2020, 5, 6, 2, tzinfo=dt.UTC), tick=False):
        a = q.submit(kind="suggestion")
        b = q.submit(kind="snapshot")
        c = q.submit(kind="appeal", on_behalf_of="群众")
        q.submit(kind="snapshot")
        a = s.quick_route(report=a, by=q.staff, unit=q.unit)
        b = s.quick_route(report=b, by=q.staff, unit=q.unit_b)
        a = s.quick_answer(report=a, by=q.unit_user, text="已处理")
        s.quick_confirm(report=a, by=q.member.user, resolved=True)
        s.quick_close(report=c, by=q.staff, note="重复")
    with time_machine.travel(dt.datetime(2020, 6, 30, 2, tzinfo=dt.UTC), tick=False):
        s.quick_answer(report=b, by=q.unit_b_user, text="超期答复")
    with time_machine.travel(dt.datetime(2021, 1, 5, 2, tzinfo=dt.UTC), tick=False):
        q.submit(kind="suggestion")  # another year
    return 2020


def _rows_in_list(client, url: str) -> int:
    html = client.get(url).content.decode()
    match = re.search(r"共 (\d+) 条", html)  # paginated: the total
    return int(match.group(1)) if match else html.count('<tr data-report="')


def test_every_figure_links_to_exactly_its_rows(q, client, year_2020):
    assert len(CODES) >= 9
    data = YearData(year_2020)
    client.force_login(q.staff)
    expected = {
        "quickreports.submitted": 4,
        "quickreports.suggestions": 1,
        "quickreports.snapshots": 2,
        "quickreports.appeals": 1,
        "quickreports.routed": 2,
        "quickreports.answered": 2,
        "quickreports.answered_on_time": 1,
        "quickreports.resolved": 1,
    }
    for code in CODES:
        figure = REGISTRY[code]
        value = figure.compute(data)
        if code in expected:
            assert value == expected[code], code
        if figure.unit == "%":
            continue
        url = figure.link(year_2020)
        assert url.startswith(reverse("quickreports:register"))
        # the register's own query for that link
        flt = QuickReportFilter(QueryDict(url.split("?", 1)[1]), queryset=QuickReport.objects.all())
        assert flt.is_valid()
        assert flt.qs.count() == value, code
        assert _rows_in_list(client, url) == value, code
    assert REGISTRY["quickreports.on_time_rate"].compute(data) == 50.0


def test_league_counts_link_to_their_rows(q, client, year_2020):
    from proposals.quickreports.selectors import unit_league

    client.force_login(q.leader)
    rows = {r["name"]: r for r in unit_league(year=year_2020)}
    assert rows[q.unit.name]["on_time_rate"] == 100.0 and rows[q.unit.name]["resolved_rate"] == 100.0
    assert rows[q.unit_b.name]["on_time_rate"] == 0.0
    html = client.get(reverse("quickreports:league") + "?year=2020").content.decode()
    for name, row in rows.items():
        url = f"{reverse('quickreports:register')}?year=2020&unit={row['id']}&flag=resolved"
        assert _rows_in_list(client, url) == row["resolved"], name
        assert url.replace("&", "&amp;") in html
