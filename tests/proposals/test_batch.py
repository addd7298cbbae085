"""Suggestions from history and the 批量审查交办 page: explained by real past proposals, all or nothing,
one digest notice per unit, constant queries."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from members.models import Notification
from proposals import services, suggest
from proposals.models import Proposal, ProposalEvent, ReplyClass
from tests import factories as f

URL = reverse("proposals:batch")
TRAFFIC = ["优化公交线路", "缓解城区交通拥堵", "完善公交站台设置", "加强停车场建设"]
HEALTH = ["促进中医药传承发展", "完善基层医疗服务", "加强传染病防控", "提升社区医院诊疗水平"]


class BrowserForm(HTMLParser):
    """What a browser posts from the page's POST form: checked boxes, selected options, the button."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.selects: dict[str, list[str]] = {}
        self.picks: list[str] = []
        self.buttons: list[tuple[str, str]] = []
        self._select = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                self.picks.append(a["value"])
            else:
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a["name"]
            self.selects[self._select] = []
        elif tag == "option" and self._select and "selected" in a:
            self.selects[self._select].append(a.get("value", ""))
        elif tag == "button" and a.get("name"):
            self.buttons.append((a["name"], a["value"]))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False

    def post(self, *, pick=None, change=None, button="accept_assign") -> list[tuple[str, str]]:
        data = list(self.fields)
        for name, values in self.selects.items():
            values = (change or {}).get(name, values)
            data += [(name, v) for v in values]
        data += [("pick", v) for v in (self.picks if pick is None else pick)]
        data += [b for b in self.buttons if b[1] == button]
        return data


def read_form(response) -> BrowserForm:
    reader = BrowserForm()
    reader.feed(response.content.decode())
    return reader


def encode(data):
    from urllib.parse import urlencode

    return urlencode(data)


@pytest.fixture
def history(db):
    """2019: traffic proposals led by 市交通运输局 (answered A), health ones by 市卫生健康局 (B)."""
    traffic, health = f.HandlingUnitFactory(name="市交通运输局"), f.HandlingUnitFactory(name="市卫生健康局")
    city, science = f.CategoryFactory(name="城建环保"), f.CategoryFactory(name="科教文卫体")
    a, b = ReplyClass.objects.get(code="A"), ReplyClass.objects.get(code="B")
    past = []
    for n, topic in enumerate(TRAFFIC + HEALTH, start=1):
        is_traffic = topic in TRAFFIC
        past.append(
            f.ProposalFactory(
                title=f"关于{topic}的建议",
                body=f"近年来我市{topic}工作取得成效,建议进一步{topic}。",
                year=2019,
                status="closed",
                series="2019年平时提案",
                number=n,
                category=city if is_traffic else science,
                lead_unit=traffic if is_traffic else health,
                reply_class=a if is_traffic else b,
            )
        )
    return {"traffic": traffic, "health": health, "city": city, "science": science, "past": past}


def pending(n, *, title="关于优化城区公交线路的建议", year=None, category=None):
    member = f.MemberFactory()
    year = year or timezone.localdate().year
    category = category or f.CategoryFactory(name="经济建设")
    return Proposal.objects.bulk_create(
        [
            Proposal(
                title=f"{title}({i + 1})" if n > 1 else title,
                body="公交线路重复、换乘不便,建议优化公交线路和站台设置。",
                category=category,
                year=year,
                status="submitted",
                lead_member=member,
                created_by=member.user,
                submitted_at=timezone.now(),
            )
            for i in range(n)
        ]
    )


# --- suggestions ------------------------------------------------------------------------------
def test_suggestion_is_explained_by_real_past_proposals(history):
    [p] = pending(1)
    suggestion, merges = suggest.suggestions_for([p])[p.pk]
    assert suggestion.lead_unit.pk == history["traffic"].pk
    assert suggestion.category.pk == history["city"].pk
    because = suggestion.lead_unit.because
    assert because, "a suggestion names the past proposals it comes from"
    traffic_ids = {x.pk for x in history["past"] if x.lead_unit_id == history["traffic"].pk}
    for doc in because:
        assert doc.pk in traffic_ids
        real = Proposal.objects.get(pk=doc.pk)
        assert doc.explain() == f"相似：{real.number_label},市交通运输局主办,答复A类"
    assert merges == []


def test_similar_submitted_proposals_of_the_year_are_possible_merges(history):
    first, second = pending(1), pending(1)
    _, merges = suggest.suggestions_for(second)[second[0].pk]
    assert [doc.pk for _, doc in merges] == [first[0].pk]


def test_no_history_no_suggestion(db):
    [p] = pending(1)
    suggestion, _ = suggest.suggestions_for([p])[p.pk]
    assert suggestion.lead_unit is None and suggestion.categories == []


def test_suggest_eval_trains_on_earlier_years(history):
    traffic = history["traffic"]
    f.ProposalFactory(
        title="关于缓解城区交通拥堵问题的建议",
        body="交通拥堵。",
        year=2020,
        status="closed",
        lead_unit=traffic,
    )
    out = StringIO()
    call_command("suggest_eval", "2020", stdout=out)
    text = out.getvalue()
    assert "训练:2020年以前已交办的提案 8 件;评估:2020年 1 件。" in text
    assert "主办单位 top-1 准确率:1/1 = 100.0%" in text
    assert "主办单位 top-3 准确率:1/1 = 100.0%" in text


# --- the batch page -------------------------------------------------------------------------------
def _staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_batch_page_submitted_as_a_browser(client, staff_user, history, django_capture_on_commit_callbacks):
    traffic, health = history["traffic"], history["health"]
    traffic_user = f.UnitUserFactory(handling_unit=traffic)
    health_user = f.UnitUserFactory(handling_unit=health)
    rows = pending(4)
    changed = rows[3]
    _staff_client(client, staff_user)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "相似：2019年平时提案第1号" in html or "相似：2019年平时提案第" in html
    form = read_form(page)
    # suggestions are preselected: 城建环保 and 市交通运输局 for the bus proposals
    assert form.selects[f"lead_{rows[0].pk}"] == [str(traffic.pk)]
    assert form.selects[f"category_{rows[0].pk}"] == [str(history["city"].pk)]
    data = form.post(change={f"lead_{changed.pk}": [str(health.pk)]})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, encode(data), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    numbers = set()
    for p in Proposal.objects.filter(pk__in=[r.pk for r in rows]):
        assert p.status == "assigned"
        assert p.category_id == history["city"].pk
        assert p.lead_unit_id == (health.pk if p.pk == changed.pk else traffic.pk)
        numbers.add(p.number_label)
        actions = list(ProposalEvent.objects.filter(proposal=p).values_list("action", flat=True))
        assert actions == ["accept", "assign"]
    assert len(numbers) == 4
    # one digest per unit user, not one notice per proposal
    traffic_notices = Notification.objects.filter(recipient=traffic_user)
    assert list(traffic_notices.values_list("kind", "title")) == [
        ("proposal_assigned_batch", "新交办提案 3 件")
    ]
    assert Notification.objects.filter(recipient=health_user).count() == 1
    assert not Notification.objects.filter(kind="proposal_assigned").exists()


def test_a_refused_row_changes_none_of_the_batch(
    client, staff_user, history, django_capture_on_commit_callbacks
):
    rows = pending(3)
    _staff_client(client, staff_user)
    form = read_form(client.get(URL))
    late = rows[1]
    services.proposal_accept(proposal=late, by=staff_user)  # accepted meanwhile by a colleague
    before = {p.pk: (p.status, p.number) for p in Proposal.objects.filter(pk__in=[r.pk for r in rows])}
    events = ProposalEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, encode(form.post()), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"第 2 行《{late.title}》" in html and "本批提案均未处理" in html
    after = {p.pk: (p.status, p.number) for p in Proposal.objects.filter(pk__in=[r.pk for r in rows])}
    assert after == before
    assert ProposalEvent.objects.count() == events
    assert not Notification.objects.filter(kind="proposal_assigned_batch").exists()
    # what the user chose is kept on the re-rendered page (the accepted row has left the queue)
    assert html.count('name="pick"') == 2 and html.count(" checked") == 2


def test_a_row_without_lead_unit_is_named(staff_user, history):
    rows = pending(2)
    with pytest.raises(ValidationError) as exc:
        services.proposals_batch_accept_assign(
            rows=[
                services.BatchRow(proposal_id=rows[0].pk, lead_unit=history["traffic"]),
                services.BatchRow(proposal_id=rows[1].pk, lead_unit=None),
            ],
            by=staff_user,
        )
    assert f"第 2 行《{rows[1].title}》:请选择主办单位。" in exc.value.messages[0]
    assert set(Proposal.objects.filter(pk__in=[r.pk for r in rows]).values_list("status", flat=True)) == {
        "submitted"
    }


def test_the_service_checks_the_actor(member_user, history):
    [p] = pending(1)
    with pytest.raises(Exception, match="机关工作人员"):
        services.proposals_batch_accept_assign(
            rows=[services.BatchRow(proposal_id=p.pk, lead_unit=history["traffic"])], by=member_user
        )


@pytest.mark.parametrize("role", ["member", "unit", "leader"])
def test_only_staff_open_the_batch_page(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"do": "accept_assign", "pick": "1"}).status_code == 403


def test_garbage_input_is_a_message_not_a_500(client, staff_user, history):
    [p] = pending(1)
    _staff_client(client, staff_user)
    response = client.post(
        f"{URL}?page=abc", {"do": "accept_assign", "pick": ["x", str(p.pk)], f"lead_{p.pk}": "99999999999"}
    )
    assert response.status_code == 200
    assert "请选择主办单位" in response.content.decode()
    assert client.post(URL, {"do": "nothing"}).status_code == 200
    assert client.post(URL, {"do": "accept_assign"}).status_code == 200


@pytest.mark.parametrize("count", [5, 500])
def test_batch_page_queries_are_constant(client, staff_user, history, count, django_assert_max_num_queries):
    pending(count)
    _staff_client(client, staff_user)
    client.get(URL)  # builds the history index once
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert response.status_code == 200


def test_due_dates_follow_the_rules(staff_user, history):
    [p] = pending(1)
    [done] = services.proposals_batch_accept_assign(
        rows=[services.BatchRow(proposal_id=p.pk, lead_unit=history["traffic"])], by=staff_user
    )
    assert done.due_on > timezone.localdate() + dt.timedelta(days=28)


# --- papercuts ------------------------------------------------------------------------------------
def test_a_long_title_is_not_cut_by_the_browser_and_the_message_counts(client, member_user, db):
    f.CategoryFactory()
    client.force_login(member_user)
    page = client.get(reverse("proposals:create")).content.decode()
    title_input = page[page.index('name="title"') - 200 : page.index('name="title"') + 200]
    assert "maxlength" not in title_input
    response = client.post(reverse("proposals:create"), {"title": "长" * 230, "body": "内容"})
    assert "案由不能超过 200 个字,当前 230 个字" in response.content.decode()


def test_an_empty_timeline_is_not_numbered():
    from django.template.loader import render_to_string

    html = render_to_string("proposals/_timeline.html", {"events": []})
    assert "暂无记录" in html and "list-group-numbered" not in html


# --- the register's selection actions -------------------------------------------------------------
SELECTION = reverse("proposals:selection")


def _closed(n):
    return [f.ProposalFactory(status="closed", series="2020年平时提案", number=i + 1) for i in range(n)]


def test_register_offers_the_selection_form_to_staff_only(client, staff_user, leader_user):
    _closed(2)
    client.force_login(staff_user)
    html = client.get(reverse("proposals:register")).content.decode()
    assert 'id="selection-form"' in html and html.count('form="selection-form"') == 2
    client.force_login(leader_user)
    assert 'id="selection-form"' not in client.get(reverse("proposals:register")).content.decode()


def test_export_and_print_a_selection(client, staff_user):
    a, b, c = _closed(3)
    client.force_login(staff_user)
    response = client.post(SELECTION, {"do": "export", "ids": [a.pk, b.pk, "junk"]})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    titles = {cell for row in rows[1:] for cell in row}
    assert a.title in titles and b.title in titles and c.title not in titles
    html = client.post(SELECTION, {"do": "print", "ids": [a.pk, c.pk]}).content.decode()
    assert html.count('class="proposal-sheet"') == 2 and a.title in html and b.title not in html


def test_batch_excellent_all_or_nothing(client, staff_user, django_capture_on_commit_callbacks):
    a, b = _closed(2)
    draft = f.ProposalFactory(status="submitted")
    client.force_login(staff_user)
    response = client.post(SELECTION, {"do": "excellent", "ids": [a.pk, draft.pk, b.pk]}, follow=True)
    html = response.content.decode()
    assert f"第 2 行《{draft.title}》" in html and "本批提案均未处理" in html
    assert not Proposal.objects.filter(is_excellent=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SELECTION, {"do": "excellent", "ids": [a.pk, b.pk]}, follow=True)
    assert "已将 2 件提案评为优秀提案" in response.content.decode()
    assert set(Proposal.objects.filter(is_excellent=True).values_list("pk", flat=True)) == {a.pk, b.pk}
    assert ProposalEvent.objects.filter(action="mark_excellent").count() == 2


def test_pdf_of_a_selection(client, staff_user):
    a, b = _closed(2)
    client.force_login(staff_user)
    response = client.post(SELECTION, {"do": "pdf", "ids": [a.pk, b.pk]})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


# --- help while drafting ----------------------------------------------------------------------------
HELP = reverse("proposals:draft_help")


def test_draft_help_shows_similar_replied_proposals_and_advises(client, member_user, history):
    public = history["past"][0]  # 关于优化公交线路的建议, 2019, answered A
    Proposal.objects.filter(pk=public.pk).update(year=timezone.localdate().year - 1, reply_public=True)
    private = history["past"][1]
    Proposal.objects.filter(pk=private.pk).update(
        year=timezone.localdate().year - 1, title="关于优化公交线路站点的建议"
    )
    client.force_login(member_user)
    form = client.get(reverse("proposals:create")).content.decode()
    assert 'hx-post="/proposals/new/help/"' in form and "<script>" not in form
    response = client.post(HELP, {"title": "关于优化公交线路的建议", "body": "公交线路重复"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/proposals/{public.pk}/"' in html and "市交通运输局主办,答复A类" in html
    assert "关于优化公交线路站点的建议" not in html  # not public: not shown to a member
    assert "写明基本情况" in html and "写出具体建议" in html and "略显单薄" in html


def test_draft_help_is_quiet_for_a_complete_draft(client, member_user, db):
    client.force_login(member_user)
    body = "一、基本情况\n" + "情况说明。" * 70 + "\n二、存在问题\n问题。\n三、具体建议\n建议。"
    html = client.post(HELP, {"title": "关于发展夜间经济的建议", "body": body}).content.decode()
    assert "结构完整" in html and "近年没有找到相似的提案" in html


def test_draft_advice_never_blocks_and_counts():
    advice = suggest.draft_advice(title="长" * 230, body="", title_max=200, body_max=20000)
    assert advice[0] == "案由 230 个字,超过 200 个字的上限,请精简。"


# --- decisive actions ask for confirmation ---------------------------------------------------------
def test_reject_asks_for_confirmation_and_says_what_happens(client, staff_user):
    from proposals.models import RejectReason

    p = f.ProposalFactory(status="submitted")
    client.force_login(staff_user)
    page = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert 'name="confirmed"' in page and "确认不予立案:提案不再编号办理" in page
    url = reverse("proposals:action", args=[p.pk, "reject"])
    reason = RejectReason.objects.first()
    data = {"reject-reason": reason.pk, "reject-note": "不属于政协提案范围"}
    refused = client.post(url, data)
    assert refused.status_code == 400 and "请勾选“确认不予立案”" in refused.content.decode()
    assert "不属于政协提案范围" in refused.content.decode()  # what was typed is kept
    assert Proposal.objects.get(pk=p.pk).status == "submitted"
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    assert Proposal.objects.get(pk=p.pk).status == "rejected"


def test_accept_needs_no_confirmation(client, staff_user):
    p = f.ProposalFactory(status="submitted")
    client.force_login(staff_user)
    assert client.post(reverse("proposals:action", args=[p.pk, "accept"])).status_code == 302


def test_reply_form_says_up_front_that_contact_comes_first(client, flow):
    p = flow.to("assigned")
    client.force_login(flow.unit_user)
    page = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert "主办单位提交答复前,须先在本页“记录面商”中登记" in page


# --- cached indexes and suggestions (a new worker process loads, not builds) ---------------------
@pytest.fixture
def shared_cache(settings):
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "suggest-test"},
    }
    caches["data"].clear()
    suggest._cache.clear()
    yield caches["data"]
    caches["data"].clear()
    suggest._cache.clear()


def test_a_new_process_loads_the_index_and_the_suggestions_from_the_cache(history, shared_cache, monkeypatch):
    rows = pending(3)
    first = suggest.suggestions_for(rows)
    suggest._cache.clear()  # as in a freshly started worker

    def no_work(*args, **kwargs):
        raise AssertionError("built or searched again")

    monkeypatch.setattr(suggest, "build_index", no_work)
    monkeypatch.setattr(suggest, "suggest_from", no_work)
    again = suggest.suggestions_for(rows)
    assert {pk: s.lead_unit.pk for pk, (s, _m) in again.items()} == {
        pk: s.lead_unit.pk for pk, (s, _m) in first.items()
    }
    assert again[rows[0].pk][0].lead_unit.pk == history["traffic"].pk


def test_cached_suggestions_follow_the_history_and_the_text(history, shared_cache):
    [p] = pending(1)
    assert suggest.suggestions_for([p])[p.pk][0].lead_unit.pk == history["traffic"].pk
    # the proposal is rewritten about health: its cached suggestion is not reused
    p.title, p.body = "关于提升社区医院诊疗水平的建议", "提升社区医院诊疗水平,完善基层医疗服务。"
    assert suggest.suggestions_for([p])[p.pk][0].lead_unit.pk != history["traffic"].pk
    # a new past proposal changes the history's stamp: a new index is built
    before = suggest._cache["history"][0]
    past = history["past"][0]
    Proposal.objects.filter(pk=past.pk).update(lead_unit=history["health"])
    suggest.suggestions_for([p])
    assert suggest._cache["history"][0] != before


def test_warm_suggestions_fills_the_cache(history, shared_cache, monkeypatch):
    rows = pending(2)
    out = StringIO()
    call_command("warm_suggestions", stdout=out)
    assert "2 件" in out.getvalue()
    monkeypatch.setattr(suggest, "suggest_from", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    assert set(suggest.suggestions_for(rows)) == {p.pk for p in rows}
