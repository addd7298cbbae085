"""Keyword search of proposals (proposals/search.py): one- and two-character Chinese keywords are
served by the n-gram GIN index, longer ones are exact, and the index follows every edit."""

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from proposals import search, services
from proposals.models import Proposal, ProposalSearch, ReplyClass
from tests.factories import ProposalFactory


def found(query: str) -> set[int]:
    return set(search.search(Proposal.objects.all(), query).values_list("pk", flat=True))


def test_normalizing_cuts_runs_and_folds_full_width():
    assert search.runs("关于ＧＤＰ“交通”拥堵, COVID-19!") == ["关于", "gdp", "交通", "拥堵", "covid", "19"]
    terms, text = search.terms_of(["交通拥堵", "Ａbc"])
    assert set(terms) == {"交", "通", "拥", "堵", "交通", "通拥", "拥堵", "abc"}
    assert text == " 交通拥堵 abc "


def test_one_two_and_longer_keywords_in_title_body_and_reply(flow):
    in_title = flow.draft(title="关于改善城市交通的建议")
    in_body = services.proposal_save_draft(
        by=flow.lead.user,
        title="关于养老服务的建议",
        category=in_title.category,
        body="发展社区教育,提高质量。",
    )
    replied = flow.to("handling")  # title 关于加强垃圾分类的建议
    services.reply_submit(
        proposal=replied,
        by=flow.unit_user,
        reply_class=ReplyClass.objects.get(code="B"),
        text="已修订生态补偿办法。",
    )
    assert found("交通") == {in_title.pk}
    assert found("教育") == {in_body.pk}
    assert found("养") == {in_body.pk}  # one character
    assert found("补偿") == {replied.pk}  # two characters, only in the reply (posted through the service)
    assert found("生态补偿办法") == {replied.pk}  # longer: bigrams from the index, then exact
    assert found("城市交通") == {in_title.pk}
    assert found("建议") == {in_title.pk, in_body.pk, replied.pk}
    assert found("交通 城市") == {in_title.pk}  # several keywords: all of them
    assert found("交通 教育") == set()
    assert found(",。 ") == {in_title.pk, in_body.pk, replied.pk}  # no keyword: no narrowing


def test_longer_keyword_is_an_exact_phrase_not_its_bigrams(db):
    phrase = ProposalFactory(title="关于公共交通的建议", body="推进公共交通发展。")
    scattered = ProposalFactory(title="关于公共卫生的建议", body="交通安全。")  # 公共, 交通; no 共交
    bigrams_only = ProposalFactory(title="共交流", body="公共服务,交通出行。")  # every bigram, no phrase
    assert found("公共交通") == {phrase.pk}
    assert {scattered.pk, bigrams_only.pk}.isdisjoint(found("公共交通"))
    assert found("交通") == {phrase.pk, scattered.pk, bigrams_only.pk}


def test_ascii_words_match_whole_and_full_width(db):
    p = ProposalFactory(title="关于推进５G基站建设的建议", body="GDP 增长")
    assert found("5g") == {p.pk}
    assert found("ＧＤＰ") == {p.pk}
    assert found("gd") == set()


def test_after_an_edit_the_old_keyword_no_longer_matches(flow):
    p = flow.draft(title="关于改善城市交通的建议")
    assert found("交通") == {p.pk}
    services.proposal_save_draft(
        by=flow.lead.user, proposal=p, title="关于发展职业教育的建议", category=p.category, body="内容。"
    )
    assert found("交通") == set()
    assert found("教育") == {p.pk}


def test_reindex_all_rebuilds_every_row(db):
    a, b = ProposalFactory(title="关于交通的建议"), ProposalFactory(title="关于教育的建议")
    ProposalSearch.objects.all().delete()
    Proposal.objects.filter(pk=b.pk).update(title="关于养老的建议")
    assert found("交通") == set()
    assert search.reindex_all(batch_size=1) == 2
    assert found("交通") == {a.pk} and found("养老") == {b.pk} and found("教育") == set()


def _register(client, query):
    return client.get(reverse("proposals:register") + query).content.decode()


def test_register_keyword_shows_the_matching_rows(client_for, staff_user):
    hit = ProposalFactory(title="关于缓解交通拥堵的建议", status="submitted")
    miss = ProposalFactory(title="关于发展职业教育的建议", status="submitted")
    html = _register(client_for(staff_user), "?q=交通")
    assert hit.title in html and miss.title not in html


@override_settings(PAGINATION_COUNT_CAP=31)
def test_register_keyword_count_is_capped(client_for, staff_user):
    for i in range(35):
        ProposalFactory(title=f"关于交通问题{i}的建议", status="submitted")
    ProposalFactory(title="关于教育的建议", status="submitted")
    client = client_for(staff_user)
    assert "共 31+ 条" in _register(client, "?q=交通")
    assert "共 36 条" in _register(client, "")  # without a keyword the count is exact


@override_settings(PAGINATION_COUNT_CAP=1000)
def test_register_keyword_count_below_the_cap_is_exact(client_for, staff_user):
    for i in range(32):
        ProposalFactory(title=f"关于交通问题{i}的建议", status="submitted")
    assert "共 32 条" in _register(client_for(staff_user), "?q=交通")


@pytest.mark.parametrize("n", [3, 30])
def test_register_keyword_query_count_constant(client_for, staff_user, django_assert_max_num_queries, n):
    for i in range(n):
        ProposalFactory(title=f"关于交通问题{i}的建议", status="submitted")
    client = client_for(staff_user)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("proposals:register") + "?q=交通").status_code == 200


@pytest.mark.parametrize("query", ["交通", "公共交通"])
def test_the_keyword_is_served_by_the_gin_index(db, query):
    ProposalFactory(title="关于公共交通的建议")
    sql, params = search.search(Proposal.objects.order_by(), query).query.sql_with_params()
    with connection.cursor() as cursor:
        # fresh statistics: an earlier test that generated and rolled back thousands of rows
        # (tests/test_scale.py) leaves the table's size estimate far off, and the plan with it
        cursor.execute("ANALYZE proposals_proposalsearch")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # nor a whole walk of the primary key
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "proposal_search_terms_gin" in plan, plan


@pytest.mark.django_db
def test_the_bench_generator_fills_the_index_of_every_proposal_and_reply():
    from bench.generate import generate
    from proposals.models import Reply

    generate(seed=14, scale=0.002)
    assert ProposalSearch.objects.count() == Proposal.objects.count() > 0
    # 答复 is only in reply texts ("关于…的答复……"), never in the generated titles and bodies
    assert found("答复") == set(Reply.objects.values_list("proposal_id", flat=True)) != set()


def test_editing_title_and_reply_in_the_admin_reindexes(client_for, flow):
    from tests.channels.html_forms import form_data
    from tests.factories import UserFactory

    p = flow.to("reply_check")  # title 关于加强垃圾分类的建议, reply 答复正文
    reply = p.replies.get()
    client = client_for(UserFactory(role="admin"))
    for url, field, value in (
        (reverse("admin:proposals_proposal_change", args=[p.pk]), "title", "关于改善城市交通的建议"),
        (reverse("admin:proposals_reply_change", args=[reply.pk]), "text", "已开通定制公交线路。"),
    ):
        html = client.get(url).content.decode()
        data = form_data(html, form_index=1)  # form 0 is the header's 退出 form
        data[field] = [value]
        assert client.post(url, data).status_code == 302, html
    assert found("交通") == {p.pk} and found("垃圾") == set()
    assert found("定制公交") == {p.pk} and found("正文") == set()
