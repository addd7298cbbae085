"""The bench's bare views (bench/bare.py): mounted under /_bench/ only with BENCH_BARE_VIEWS=1,
behind the login like every page, one per benchmarked page, and each reads its rows in ONE query
of its own (the pages without a list: none)."""

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches

from bench.generate import generate
from bench.pages import BARE, PAGES, fill
from members.models import User

pytestmark = pytest.mark.django_db


def _reload_urls():
    import cppcc.urls

    importlib.reload(cppcc.urls)
    clear_url_caches()


@pytest.fixture
def bare_views(settings, monkeypatch):
    monkeypatch.delenv("BENCH_BARE_VIEWS", raising=False)
    settings.BENCH_BARE_VIEWS = True
    _reload_urls()
    yield
    settings.BENCH_BARE_VIEWS = False
    _reload_urls()


def test_every_benchmarked_page_has_a_bare_view():
    assert {label for label, _role, _path in PAGES} == set(BARE)
    from bench.bare import VIEWS

    for path in BARE.values():
        assert path.startswith("/_bench/")
        assert path.split("/")[2] in VIEWS, path


def test_bare_views_are_not_mounted_without_the_flag(client, monkeypatch, django_user_model):
    monkeypatch.delenv("BENCH_BARE_VIEWS", raising=False)
    _reload_urls()
    user = django_user_model.objects.create_user(username="bare_staff", password="x", role="staff")
    client.force_login(user)
    assert client.get("/_bench/proposals/").status_code == 404
    assert client.get("/_bench/empty/").status_code == 404


def test_bare_views_answer_with_one_query_of_their_own(client, bare_views, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    info = generate(seed=21, scale=0.002)
    assert client.get("/_bench/empty/").status_code == 302  # behind the login like every page
    users = {role: User.objects.get(username=name) for role, name in info["logins"].items()}
    problems = []
    for label, role, _template in PAGES:
        client.force_login(users[role])
        client.get("/_bench/empty/")  # process-wide caches warm
        with CaptureQueriesContext(connection) as base:
            assert client.get("/_bench/empty/").status_code == 200
        path = fill(BARE[label], info)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        own = len(ctx.captured_queries) - len(base.captured_queries)
        if response.status_code != 200:
            problems.append(f"{label}: HTTP {response.status_code} at {path}")
        expected = 0 if path.startswith("/_bench/empty/") else 1
        if own != expected:
            problems.append(f"{label}: {own} queries of its own at {path} (expected {expected})")
            problems += ["  " + q["sql"][:200] for q in ctx.captured_queries]
    assert not problems, "\n".join(problems)


def test_a_bare_view_reads_the_same_rows_as_its_page(client, bare_views, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    info = generate(seed=22, scale=0.002)
    from proposals.models import Proposal

    client.force_login(User.objects.get(username=info["logins"]["staff"]))
    html = client.get("/_bench/proposals/").content.decode()
    first = Proposal.objects.exclude(status__in=("draft", "returned")).order_by(
        "-year", "-submitted_at", "-id"
    )[:30]
    page = client.get("/proposals/").content.decode()
    for p in first:
        assert p.title in html and p.title in page
