"""Pages: the forms as a browser submits them, permissions per persona, constant query counts,
garbage parameters, the Excel export and photo access."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from proposals.quickreports import services as s
from proposals.quickreports.models import QuickReport, QuickStatus
from tests.factories import HandlingUnitFactory

from .conftest import photo
from .html_forms import post_data, read_form

pytestmark = pytest.mark.django_db


def test_member_submits_the_rendered_form_with_two_photos(q, client):
    client.force_login(q.member.user)
    page = client.get(reverse("quickreports:create"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html  # CSP script-src 'self': no inline script
    form = read_form(html, form_id="quick-form")
    data = post_data(
        form,
        kind="snapshot",
        text="稠州北路公交站台顶棚破损,雨天无法避雨。",
        category=str(q.category.pk),
        work_committee=str(q.town.pk),
        address="稠州北路公交站",
        keep_location="on",
    )
    data["photos"] = [photo("a.jpg"), photo("b.jpg")]
    response = client.post(reverse("quickreports:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    report = QuickReport.objects.get()
    assert response["Location"] == f"{report.get_absolute_url()}?submitted=1"
    assert report.photos.count() == 2 and report.keep_location and report.kind == "snapshot"
    detail = client.get(response["Location"]).content.decode()
    assert 'id="quick-draft-clear"' in detail and "稠州北路公交站台" in detail


def test_bad_input_keeps_what_was_typed(q, client):
    client.force_login(q.member.user)
    form = read_form(client.get(reverse("quickreports:create")).content.decode(), form_id="quick-form")
    data = post_data(
        form,
        text="占道经营问题。",
        category=str(q.category.pk),
        work_committee=str(q.town.pk),
        address="宾王路",
    )
    data["work_committee"] = "999999"  # a place outside the 镇街 list
    data["photos"] = [photo("a.jpg")]
    response = client.post(reverse("quickreports:create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "不在本市镇街列表中" in html and "占道经营问题。" in html and 'value="宾王路"' in html
    assert not QuickReport.objects.exists()
    # not an image by content
    data["work_committee"] = str(q.town.pk)
    data["photos"] = [io.BytesIO(b"GIF89a-not-really")]
    data["photos"][0].name = "x.jpg"
    response = client.post(reverse("quickreports:create"), data)
    assert response.status_code == 400 and "不是可识别的照片" in response.content.decode()
    assert not QuickReport.objects.exists()


def test_triage_route_and_answer_through_the_rendered_action_forms(q, client):
    r = q.submit()
    client.force_login(q.town_staff)
    html = client.get(reverse("quickreports:detail", args=[r.pk])).content.decode()
    form = read_form(html, action_contains="/do/route/")
    data = post_data(form, **{"route-unit": str(q.unit.pk), "route-note": "请尽快处理"})
    response = client.post(form.action, data)
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == QuickStatus.ROUTED and r.unit == q.unit
    client.force_login(q.unit_user)
    html = client.get(reverse("quickreports:detail", args=[r.pk])).content.decode()
    form = read_form(html, action_contains="/do/answer/")
    data = post_data(form, **{"answer-text": "已完成整改。"})
    data["answer-before"] = [photo("before.jpg")]
    data["answer-after"] = [photo("after.jpg")]
    assert client.post(form.action, data).status_code == 302
    r.refresh_from_db()
    assert r.status == QuickStatus.ANSWERED
    assert r.photos.filter(stage="before").count() == 1 and r.photos.filter(stage="after").count() == 1
    client.force_login(q.member.user)
    html = client.get(reverse("quickreports:detail", args=[r.pk])).content.decode()
    form = read_form(html, action_contains="/do/resolved/")
    assert client.post(form.action, post_data(form)).status_code == 302
    r.refresh_from_db()
    assert r.status == QuickStatus.RESOLVED


def test_a_refused_action_rerenders_with_the_message(q, client):
    r = q.routed()
    client.force_login(q.unit_user)
    response = client.post(reverse("quickreports:action", args=[r.pk, "refuse"]), {"refuse-note": ""})
    assert response.status_code == 400
    r.refresh_from_db()
    assert r.status == QuickStatus.ROUTED


def test_action_on_someone_elses_report_is_404(q, client):
    r = q.submit()
    client.force_login(q.member_b.user)
    assert client.post(reverse("quickreports:action", args=[r.pk, "start_triage"])).status_code == 404
    assert client.get(reverse("quickreports:detail", args=[r.pk])).status_code == 404
    photo_id = q.submit(files=[photo()]).photos.get().pk
    assert client.get(reverse("quickreports:photo", args=[photo_id])).status_code == 404
    client.force_login(q.member.user)
    response = client.get(reverse("quickreports:photo", args=[photo_id]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def _rows(q, n):
    units = [q.unit, q.unit_b]
    for i in range(n):
        r = q.submit(files=[photo(size=(40, 40))] if i % 3 == 0 else [])
        if i % 2:
            r = s.quick_route(report=r, by=q.staff, unit=units[i % 2])
    QuickReport.objects.filter(status=QuickStatus.ROUTED).update(due_on=dt.date(2020, 1, 1))


@pytest.mark.parametrize("n", [2, 12])
@pytest.mark.parametrize(
    "url, who",
    [
        ("quickreports:register", "staff"),
        ("quickreports:triage", "staff"),
        ("quickreports:triage", "town_staff"),
        ("quickreports:unit_queue", "unit_user"),
        ("quickreports:mine", "member"),
        ("quickreports:league", "leader"),
        ("quickreports:supervision", "leader"),
    ],
)
def test_list_pages_take_a_constant_number_of_queries(q, client, django_assert_max_num_queries, n, url, who):
    _rows(q, n)
    user = q.member.user if who == "member" else getattr(q, who)
    client.force_login(user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(url) + "?year=2026&flag=open&q=人行道")
    assert response.status_code == 200


def test_register_garbage_parameters_never_500(q, client):
    client.force_login(q.staff)
    for query in ("year=abc", "year=99999999", "unit=x", "flag=nope", "page=-3", "kind=%00", "year=-1"):
        assert client.get(reverse("quickreports:register") + "?" + query).status_code == 200, query
    for query in ("year=abc", "year=99999999", "year=-5"):
        assert client.get(reverse("quickreports:league") + "?" + query).status_code == 200, query


def test_export_is_formula_safe_and_filtered(q, client):
    q.submit(text='=HYPERLINK("http://evil")点击这里')
    q.submit(kind="suggestion", text="菜市场搬迁后的交通组织问题")
    client.force_login(q.staff)
    response = client.get(reverse("quickreports:export") + "?kind=snapshot")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[0][0] == "编号"
    cell = ws.cell(row=2, column=10)
    assert cell.data_type == "s" and str(cell.value).startswith("=HYPERLINK")
    client.force_login(q.leader)
    assert client.get(reverse("quickreports:export")).status_code == 403


def test_unit_queue_shows_only_the_units_reports(q, client):
    mine = q.routed()
    other = s.quick_route(report=q.submit(text="另一个问题在别处"), by=q.staff, unit=HandlingUnitFactory())
    client.force_login(q.unit_user)
    html = client.get(reverse("quickreports:unit_queue")).content.decode()
    assert f"/quick/{mine.pk}/" in html and f"/quick/{other.pk}/" not in html


def test_garbage_path_args_are_404_not_500(q, client):
    client.force_login(q.staff)
    for pk in ("0", "99999999999", "99999999999999999999999"):
        assert client.get(f"/quick/{pk}/").status_code == 404, pk
        assert client.get(f"/quick/photos/{pk}/").status_code == 404, pk
        assert client.post(f"/quick/{pk}/do/route/").status_code == 404, pk
    r = q.submit()
    assert client.post(f"/quick/{r.pk}/do/unresolved_escalate/").status_code == 404
    assert client.post(f"/quick/{r.pk}/do/no-such-action/").status_code == 400
    response = client.post(f"/quick/{r.pk}/do/merge/", {"merge-into": "99999999999999"})
    assert response.status_code == 400


def test_a_town_clerk_finds_the_triage_queue_from_my_reports(q, client):
    client.force_login(q.town_staff)
    assert "本镇街审核分拨" in client.get(reverse("quickreports:mine")).content.decode()
    client.force_login(q.member.user)
    assert "本镇街审核分拨" not in client.get(reverse("quickreports:mine")).content.decode()
    r_here, r_there = q.submit(), q.submit(work_committee=q.other_town)
    client.force_login(q.town_staff)
    html = client.get(reverse("quickreports:triage")).content.decode()
    assert f'data-report="{r_here.pk}"' in html and f'data-report="{r_there.pk}"' not in html
