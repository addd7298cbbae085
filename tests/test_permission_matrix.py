"""The permission matrix: every named URL of the portal × every role → the expected answer.

The table below is data, one row per URL (several rows when one URL is opened on different
objects). Columns, in this order:

    anon  member  member_b  unit  unit_b  staff  leader

`member` is member A and `unit` is unit A, who own the objects (tests/security/world.py);
`member_b` and `unit_b` own nothing, so any 200 they get on an object URL is an IDOR hole.
Codes: 200, 302 (for anon: to the login page), 403, 404, 405 (POST-only opened with GET),
400 (a refused action re-rendered with its message). In `post`, "-" means "not tried" (the role
may do it); every other role's POST must answer that code AND change nothing in the database.

Adding a URL without a row here fails test_every_url_has_a_row; a row for a URL that no longer
exists fails test_every_row_names_a_url. See docs/security.md.
"""

from __future__ import annotations

import os

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.matrix import Row, extra_rows, pk
from tests.security.world import ROLES, World, build_world, pdf_upload

SKIPPED_NAMESPACES = ("admin",)


def url_names() -> set[str]:
    """Every named URL, with its namespaces ("members:detail"), except admin:* ."""
    names: set[str] = set()

    def walk(resolver, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                if ns and ns.split(":")[0] in SKIPPED_NAMESPACES:
                    continue
                walk(pattern, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver(), None)
    return names


Y = 2020
NOTE = {"note": "矩阵测试"}

# fmt: off
#            anon member member_b unit unit_b staff leader
MATRIX: list[Row] = [
    # --- cppcc -----------------------------------------------------------------------------
    Row("home",                  "302 200 200 200 200 200 200"),
    Row("health",                "200 200 200 200 200 200 200"),
    Row("login",                 "200 200 200 200 200 200 200"),
    Row("logout",                "302 405 405 405 405 405 405"),
    Row("password_change",       "302 200 200 200 200 200 200", post="302 - - - - - -"),
    Row("password_change_done",  "302 200 200 200 200 200 200"),
    Row("ops:jobs",              "302 403 403 403 403 200 403"),
    Row("ops:job_run",           "302 405 405 405 405 405 405", args=lambda w: ["reply-deadlines"],
        post="302 403 403 403 403 - 403"),
    # --- members ---------------------------------------------------------------------------
    Row("members:notifications", "302 200 200 200 200 200 200"),
    Row("members:notifications_read", "302 405 405 405 405 405 405",
        post="302 - 302 302 302 302 302", data=lambda w: {"ids": [w.notification.pk]},
        case="B marks A's notice"),
    Row("members:notification_open", "302 302 404 404 404 404 404", args=pk("notification")),
    Row("members:notification_settings", "302 200 200 200 200 200 200", post="302 - - - - - -"),
    Row("members:directory",     "302 200 200 403 403 200 200"),
    Row("members:detail",        "302 200 200 403 403 200 200", args=pk("member_a")),
    Row("members:roster_import", "302 403 403 403 403 200 403", post="302 403 403 403 403 - 403"),
    Row("members:roster_export", "302 403 403 403 403 200 403"),
    Row("members:roster_template", "302 403 403 403 403 200 403"),
    Row("members:duty_record",   "302 200 403 403 403 200 200", args=pk("member_a")),
    Row("members:duty_file_print", "302 200 403 403 403 200 200", args=lambda w: [w.member_a.pk, Y]),
    Row("members:duty_file_pdf", "302 200 403 403 403 200 200", args=lambda w: [w.member_a.pk, Y]),
    Row("members:my_duty",       "302 200 200 403 403 403 403"),
    Row("members:ranking",       "302 403 403 403 403 200 200"),
    Row("members:below_minimum", "302 403 403 403 403 200 200"),
    Row("members:duty_bulk_add", "302 403 403 403 403 200 403", post="302 403 403 403 403 - 403",
        data=lambda w: {"kind": "other", "date": "2020-06-01", "title": "测试", "members": [w.member_a.pk]}),
    Row("members:duty_event_delete", "302 405 405 405 405 405 405", args=pk("duty_event"),
        post="302 403 403 403 403 - 403"),
    Row("members:duty_rules_apply", "302 403 403 403 403 200 403", post="302 403 403 403 403 - 403",
        data=lambda w: {"year": Y}),
    Row("members:self_report",   "302 200 200 403 403 403 403", post="302 - - 403 403 403 403",
        data=lambda w: {"text": "述职", "action": "submit"}),
    Row("members:self_report_list", "302 403 403 403 403 200 200"),
    Row("members:self_report_detail", "302 200 403 403 403 200 200", args=pk("self_report"),
        post="302 200 403 403 403 - 200", data=lambda w: {"action": "return", "comment": "请修改"}),
    # --- proposals -------------------------------------------------------------------------
    Row("proposals:register",    "302 403 403 403 403 200 200"),
    Row("proposals:export",      "302 403 403 403 403 200 403"),
    Row("proposals:mine",        "302 200 200 200 200 200 200"),
    Row("proposals:unit_queue",  "302 403 403 200 200 403 403"),
    Row("proposals:create",      "302 200 200 403 403 200 403", post="302 - - 403 403 - 403",
        data=lambda w: {"title": "越权提案", "category": w.draft.category_id, "body": "内容"}),
    Row("proposals:detail",      "302 200 404 404 404 404 404", args=pk("draft"), case="A's draft"),
    Row("proposals:detail",      "302 200 404 200 404 200 200", args=pk("handled"), case="assigned to unit A"),
    Row("proposals:edit",        "302 200 404 404 404 404 404", args=pk("draft"), case="A's draft",
        personas={"cosigner": "403 403", "leader_b": "404 404", "clerk": "404 404"},
        post="302 - 404 404 404 404 404", data=lambda w: {"title": "改", "category": w.draft.category_id,
                                                           "body": "改"}),
    Row("proposals:edit",        "302 403 404 403 404 403 403", args=pk("handled"), case="assigned",
        post="302 403 404 403 404 403 403", data=lambda w: {"title": "改", "category": w.handled.category_id,
                                                             "body": "改"}),
    Row("proposals:action",      "302 405 405 405 405 405 405", args=lambda w: [w.draft.pk, "submit"],
        case="submit A's draft", post="302 - 404 404 404 404 404"),
    Row("proposals:action",      "302 405 405 405 405 405 405", args=lambda w: [w.handled.pk, "approve_reply"],
        case="approve the reply", post="302 400 404 400 404 - 400",
        data=lambda w: {"approve_reply-note": "通过"}),
    Row("proposals:attachment_upload", "302 405 405 405 405 405 405", args=pk("draft"), case="A's draft",
        personas={"cosigner": "405 403"},
        post="302 - 404 404 404 404 404", data=lambda w: {"file": pdf_upload()}),
    Row("proposals:attachment_upload", "302 405 405 405 405 405 405", args=pk("handled"), case="assigned",
        post="302 403 404 403 404 403 403", data=lambda w: {"file": pdf_upload()}),
    Row("proposals:detail",      "302 200 404 200 404 200 200", args=pk("replied"), case="replied, not public"),
    Row("proposals:print",       "302 200 404 200 404 200 200", args=pk("handled"), case="assigned"),
    Row("proposals:print",       "302 200 404 404 404 404 404", args=pk("draft"), case="A's draft"),
    Row("proposals:pdf",         "302 200 404 200 404 200 200", args=pk("handled"), case="assigned"),
    Row("proposals:pdf",         "302 200 404 404 404 404 404", args=pk("draft"), case="A's draft"),
    Row("proposals:attachment",  "302 200 404 404 404 404 404", args=pk("draft_attachment")),
    Row("proposals:reply_letter", "302 404 404 200 404 200 200", args=pk("reply"),
        case="before the staff check"),
    Row("proposals:reply_letter", "302 200 404 200 404 200 200", args=pk("replied_reply"),
        case="checked, not public"),
    Row("proposals:opinion_list", "302 200 200 403 403 200 200"),
    Row("proposals:opinion_create", "302 200 200 403 403 200 403", post="302 - - 403 403 - 403",
        data=lambda w: {"title": "越权", "body": "内容"}),
    # 批示: a leader only in their own name; the second leader supervises nothing here; staff must
    # name a leader (not themselves)
    Row("proposals:action",      "302 405 405 405 405 405 405", args=lambda w: [w.handled.pk, "instruct"],
        case="批示 in another leader's name", post="302 400 404 400 404 - 400",
        data=lambda w: {"instruct-leader": w.users["leader_b"].pk, "instruct-date": "2020-08-02",
                        "instruct-text": "代批"},
        personas={"leader_b": "405 400", "cosigner": "405 404"}),
    Row("proposals:action",      "302 405 405 405 405 405 405", args=lambda w: [w.handled.pk, "instruct"],
        case="批示 naming no leader", post="302 400 404 400 404 400 -",
        data=lambda w: {"instruct-date": "2020-08-02", "instruct-text": "无领导"},
        personas={"clerk": "405 400", "leader_b": "405 400"}),
    Row("proposals:opinion_detail", "302 200 404 404 404 200 200", args=pk("opinion")),
    Row("proposals:opinion_action", "302 405 405 405 405 405 405", args=lambda w: [w.opinion.pk, "check"],
        post="302 400 404 404 404 - 400", data=lambda w: {"check-note": "通过"}),
    # --- consultations ---------------------------------------------------------------------
    Row("consultations:activity_list", "302 200 200 200 200 200 200"),
    Row("consultations:activity_create", "302 403 403 403 403 200 403", post="302 403 403 403 403 - 403"),
    Row("consultations:activity_detail", "302 200 404 404 404 200 200", args=pk("activity"),
        case="not public, A invited"),
    Row("consultations:activity_detail", "302 200 200 200 200 200 200", args=pk("public_activity"),
        case="public"),
    Row("consultations:activity_invite", "302 405 405 405 405 405 405", args=pk("activity"),
        post="302 403 403 403 403 - 403", data=lambda w: {"members": [w.member_b.pk]}),
    Row("consultations:invitation_respond", "302 405 405 405 405 405 405", args=pk("activity"),
        post="302 - 404 404 404 404 404", data=lambda w: {"response": "accepted"}),
    Row("consultations:attendance", "302 403 403 403 403 200 403", args=pk("activity"),
        post="302 403 403 403 403 - 403", data=lambda w: {f"att_{w.invitation.pk}": "present"}),
    Row("consultations:document_add", "302 405 405 405 405 405 405", args=pk("activity"),
        post="302 403 403 403 403 - 403",
        data=lambda w: {"kind": "minutes", "title": "纪要", "date": "2020-06-15", "file": pdf_upload()}),
    Row("consultations:suggestion_add", "302 405 405 405 405 405 405", args=pk("activity"),
        post="302 403 403 403 403 - 403", data=lambda w: {"text": "越权建议"}),
    Row("consultations:document_download", "302 200 404 404 404 200 200", args=pk("document")),
    Row("consultations:plan",    "302 403 403 403 403 200 200"),
    Row("consultations:plan_topic_add", "302 405 405 405 405 405 405", post="302 403 403 403 403 - 403",
        data=lambda w: {"title": "越权议题", "source": "member"}),
    Row("consultations:plan_topic_approve", "302 405 405 405 405 405 405", args=pk("topic"),
        post="302 403 403 403 403 - 403", data=lambda w: {"lead_committee": w.topic.lead_committee_id,
                                                          "planned_month": 6}),
    Row("consultations:board",   "302 403 403 200 200 200 200"),
    Row("consultations:tracking_report", "302 403 403 403 403 200 200"),
    Row("consultations:tracking_report", "302 403 403 403 403 200 200", query="?format=xlsx", case="xlsx"),
    Row("consultations:suggestion_detail", "302 404 404 200 404 200 200", args=pk("suggestion")),
    # every suggestion action is one URL; fields carry the action as prefix (cppcc/workflow.py)
    Row("consultations:suggestion_action", "302 405 405 405 405 405 405", case="reassign",
        args=lambda w: [w.suggestion.pk, "reassign"], post="302 404 404 400 404 - 400",
        data=lambda w: {"reassign-unit": w.unit_b.pk, "reassign-due_date": "2020-12-31"}),
    Row("consultations:suggestion_action", "302 405 405 405 405 405 405", case="report",
        args=lambda w: [w.suggestion.pk, "report_progress"], post="302 404 404 - 404 - 400",
        data=lambda w: {"report_progress-status": "implemented", "report_progress-text": "已落实",
                        "report_progress-date": "2020-11-01"}),
    Row("consultations:suggestion_action", "302 405 405 405 405 405 405", case="schedule_review",
        args=lambda w: [w.suggestion.pk, "schedule_review"], post="302 404 404 400 404 - 400",
        data=lambda w: {"schedule_review-planned_date": "2020-11-01"}),
    Row("consultations:suggestion_action", "302 405 405 405 405 405 405", case="record_review",
        args=lambda w: [w.suggestion.pk, "record_review"], post="302 404 404 400 404 - 400",
        data=lambda w: {"record_review-review": w.review.pk, "record_review-done_date": "2020-11-01",
                        "record_review-findings": "越权"}),
    Row("consultations:suggestion_action", "302 405 405 405 405 405 405", case="instruct",
        args=lambda w: [w.suggestion.pk, "instruct"], post="302 404 404 400 404 - -",
        data=lambda w: {"instruct-leader": w.users["leader"].pk, "instruct-date": "2020-08-02",
                        "instruct-text": "越权批示"}),
    Row("consultations:suggestion_action", "302 405 405 405 405 405 405", case="mark_quick",
        args=lambda w: [w.suggestion.pk, "mark_quick"], post="302 404 404 400 404 - 400"),
    Row("consultations:update_attachment", "302 404 404 200 404 200 200", args=pk("update")),
    # --- reports ---------------------------------------------------------------------------
    Row("reports:dashboard",     "302 403 403 403 403 200 200"),
    Row("reports:export_xlsx",   "302 403 403 403 403 200 200"),
    Row("reports:report_list",   "302 403 403 403 403 200 200", post="302 403 403 403 403 - 403",
        data=lambda w: {"year": 2021}),
    Row("reports:report_detail", "302 403 403 403 403 200 200", args=lambda w: [Y],
        post="302 403 403 403 403 - 403", data=lambda w: {"title": "越权"}),
    Row("reports:preview",       "302 403 403 403 403 200 200", args=lambda w: [Y]),
    Row("reports:section_add",   "302 403 403 403 403 200 403", args=lambda w: [Y],
        post="302 403 403 403 403 - 403", data=lambda w: {"level": 1, "heading": "越权", "body": "越权"}),
    Row("reports:section_edit",  "302 403 403 403 403 200 403", args=lambda w: [Y, w.section.pk],
        post="302 403 403 403 403 - 403", data=lambda w: {"level": 1, "heading": "越权", "body": "越权"}),
    Row("reports:section_delete", "302 405 405 405 405 405 405", args=lambda w: [Y, w.section.pk],
        post="302 403 403 403 403 - 403"),
    Row("reports:section_move",  "302 405 405 405 405 405 405", args=lambda w: [Y, w.section.pk],
        post="302 403 403 403 403 - 403", data=lambda w: {"direction": "up"}),
    Row("reports:snapshot_create", "302 405 405 405 405 405 405", args=lambda w: [Y],
        post="302 403 403 403 403 - 403"),
    Row("reports:snapshot_detail", "302 403 403 403 403 200 200", args=pk("snapshot")),
    Row("reports:snapshot_download", "302 403 403 403 403 200 200", args=pk("snapshot")),
]
# fmt: on
MATRIX += extra_rows()


def codes(spec: str) -> dict[str, str]:
    parts = spec.split()
    assert len(parts) == len(ROLES), spec
    return dict(zip(ROLES, parts, strict=True))


# --- database state, to prove a refused POST changed nothing ----------------------------------
# every app of the portal (those whose code lives in this repository) and the audit log
STATE_APPS = tuple(
    config.label for config in apps.get_app_configs() if str(config.path).startswith(str(settings.BASE_DIR))
) + ("auditlog",)
VOLATILE_FIELDS = ("last_login",)


def db_state() -> dict:
    """A fingerprint of every row of every table of the portal's apps and the audit log, in one
    query (PostgreSQL): table label -> md5 of its rows as JSON, volatile fields left out."""
    tables = {
        model._meta.label: model._meta.db_table
        for app in dict.fromkeys(STATE_APPS)
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    }
    drop = "".join(f" - '{name}'" for name in VOLATILE_FIELDS)
    parts = [
        f"(SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) FROM "
        f"(SELECT (to_jsonb(t){drop})::text AS r FROM {connection.ops.quote_name(table)} t) s)"
        for table in tables.values()
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return dict(zip(tables, cursor.fetchone(), strict=True))


def state_diff(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


# --- the runner ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """The objects are built once for the module inside a transaction rolled back at its end;
    each test runs in a savepoint inside it (pytest-django), so every row sees the same state."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world.clients = {role: _login(user) for role, user in world.users.items()}
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(module_world, db, monkeypatch) -> World:
    import weasyprint

    # the PDF views are checked for who may open them, not for typesetting: keep them fast
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *a, **k: b"%PDF-1.4 matrix")
    return module_world


def _login(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def client_as(world: World, role: str) -> Client:
    return world.clients[role]


def check_answer(response, expected: str, role: str) -> str | None:
    status = response.status_code
    if str(status) != expected:
        return f"{role}: expected {expected}, got {status}"
    if role == "anon" and status == 302 and not response["Location"].startswith(reverse("login")):
        return f"anon: redirected to {response['Location']}, not to the login page"
    return None


def run_row(world: World, row: Row) -> dict:
    args = row.args(world) if row.args else []
    url = reverse(row.name, args=args) + row.query
    observed = {"get": {}, "post": {}}
    problems = []
    for role, expected in codes(row.get).items():
        response = client_as(world, role).get(url)
        observed["get"][role] = response.status_code
        if problem := check_answer(response, expected, role):
            problems.append(f"GET {problem}")
    if row.post:
        for role, expected in codes(row.post).items():
            if expected == "-":
                continue
            client = client_as(world, role)
            before = db_state()
            response = client.post(url, row.data(world) if row.data else {})
            observed["post"][role] = response.status_code
            if problem := check_answer(response, expected, role):
                problems.append(f"POST {problem}")
            if changed := state_diff(before, db_state()):
                problems.append(f"POST {role}: refused POST changed {changed}")
    for persona, both in (row.personas or {}).items():
        get_code, post_code = both.split()
        client = client_as(world, persona)
        if problem := check_answer(client.get(url), get_code, persona):
            problems.append(f"GET {problem}")
        if post_code != "-":
            before = db_state()
            if problem := check_answer(
                client.post(url, row.data(world) if row.data else {}), post_code, persona
            ):
                problems.append(f"POST {problem}")
            if changed := state_diff(before, db_state()):
                problems.append(f"POST {persona}: refused POST changed {changed}")
    return {"url": url, "observed": observed, "problems": problems}


@pytest.mark.parametrize("row", MATRIX, ids=[row.id for row in MATRIX])
def test_matrix_row(world, row):
    outcome = run_row(world, row)
    if os.environ.get("MATRIX_PRINT"):
        print(row.id, outcome["observed"])
    assert not outcome["problems"], f"{outcome['url']}: " + "; ".join(outcome["problems"])


def test_every_url_has_a_row():
    missing = url_names() - {row.name for row in MATRIX}
    assert not missing, (
        f"URL names without a permission-matrix row (decide who may open them): {sorted(missing)}"
    )


def test_every_row_names_a_url():
    stale = {row.name for row in MATRIX} - url_names()
    assert not stale, f"matrix rows for URL names that no longer exist: {sorted(stale)}"


def test_rows_are_well_formed():
    for row in MATRIX:
        codes(row.get)
        if row.post:
            assert all(c == "-" or c.isdigit() for c in codes(row.post).values()), row.id
