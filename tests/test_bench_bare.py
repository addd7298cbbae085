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


def test_the_load_generator_interleaves_page_and_bare_view():
    """measure_interleaved: each client alternates between the URLs; one result per URL."""
    import http.server
    import threading

    from bench.loadgen import measure_interleaved

    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            seen.append(self.path)
            body = b"ok"
            self.send_response(200 if self.path != "/broken" else 500)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        page, bare = measure_interleaved(
            base, ["/page", "/bare"], "", clients=1, requests_per_client=3, warmup=1
        )
        assert seen == ["/page", "/bare"] * 4  # warm-up round, then three measured rounds
        assert (page.url, page.requests, page.errors) == ("/page", 3, 0)
        assert (bare.url, bare.requests, bare.errors) == ("/bare", 3, 0)
        seen.clear()
        page, broken = measure_interleaved(
            base, ["/page", "/broken"], "", clients=4, requests_per_client=2, warmup=0
        )
        assert page.requests == broken.requests == 8 and broken.errors == 8 and page.errors == 0
        assert seen.count("/page") == seen.count("/broken") == 8
    finally:
        server.shutdown()


def _timing(p50, p95, errors=0):
    return {"p50_ms": p50, "p95_ms": p95, "p99_ms": p95, "rps": 10.0, "errors": errors, "requests": 10}


def test_the_report_gives_page_bare_and_ratio_with_budget_marks():
    from bench.report import render

    t = _timing
    run = {
        "machine": {
            "date": "2026-12-06 17:00",
            "nproc": 2,
            "memory_gib": 4,
            "cpu": "x",
            "python": "3.11",
            "postgresql": "15",
            "loadavg": [1.0, 1.0, 1.0],
        },
        "gen": {"seed": 1, "scale": 0.02, "counts": {"proposals": 1200}, "seconds": 9.9},
        "load": {
            "提案管理(默认)": {
                "path": "/proposals/",
                "role": "staff",
                "c1": t(30, 40),
                "c8": t(90, 120),
                "bare_c1": t(20, 25),
                "bare_c8": t(60, 80),
            },
            "首页(委员)": {
                "path": "/",
                "role": "member",
                "c1": t(90, 100),
                "c8": t(200, 280),
                "bare_c1": t(15, 20),
                "bare_c8": t(50, 60),
            },
            "通知": {
                "path": "/members/notifications/",
                "role": "member",
                "c1": t(30, 40, errors=1),
                "c8": t(60, 90),
                "bare_c1": t(20, 25),
                "bare_c8": t(40, 50),
            },
        },
        "queries": {"提案管理(默认)": {"queries": 7, "bare_queries": 3, "status": 200, "bare_status": 200}},
        "ops": {},
    }
    text = render(run, None)
    assert "| 1 client p50 / p95 | bare p50 / p95 | ratio |" in text
    row = "| 提案管理(默认) `/proposals/` | staff | 7 (3) | 30 / 40 | 20 / 25 | 1.5 ✓ | 90 / 120 ✓ | 60 / 80 | 1.5 |"
    assert row in text
    # a home: 6× its bare view misses the ratio budget, p95 280 ms meets the homes' 300 ms
    assert "| 90 / 100 | 15 / 20 | 6.0 ✗ | 200 / 280 ✓ |" in text
    assert "首页(委员): 6.0× its bare view at 1 client" in text
    # a page with a failed request gets no ratio and is listed
    assert "通知: 1 requests did not answer 200" in text
    assert "1 of 2 pages within 2× their bare view at 1 client" in text, text[text.index("| page") :]
