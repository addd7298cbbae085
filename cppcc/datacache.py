"""Cache for expensive aggregates (yearly duty tallies, the dashboard's figures) that is never stale.

Every committed write to the portal's data advances one PostgreSQL sequence, the *data version*:
an execute wrapper, installed on every database connection, notices INSERT/UPDATE/DELETE statements
on data tables and bumps the sequence right *after* the transaction commits. Cached values are keyed
by the version read before computing them, so:
- a reader that ran before a commit stored its value under the old version, which nobody reads
  once the version has moved on;
- a reader that ran between the commit and the bump stored newer data under the old version —
  harmless for the same reason.
Sequences are not transactional, so a rolled-back transaction never brings a version back.
Bookkeeping tables (sessions, notifications, job runs, the audit trail, login attempts) do not
count as data. On SQLite (the embedded default) there is no sequence and nothing is cached.
TTL is a safety net only (e.g. a process killed between commit and bump)."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection, transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver

SEQUENCE = "cppcc_data_version"
TTL_SECONDS = 600
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE")
# Writes to these tables change no figure: logging in, reading a notice, a job's bookkeeping.
NOT_DATA = (
    "django_session",
    "members_notification",
    "cppcc_jobrun",
    "cppcc_auditrecord",
    "cppcc_pendingupload",
    "axes_",
    "auditlog_",
    "members_user",
)


# The version read once per request (DataVersionMiddleware); forgotten on every data write.
_request_memo: ContextVar[dict | None] = ContextVar("cppcc_data_version_memo", default=None)


def data_cache():
    """The cache alias for versioned data (settings.CACHES["data"])."""
    return caches["data"]


def shared_data_cache():
    """The data cache when it keeps anything (Redis in production), else None (the test settings'
    dummy cache): for callers that store values of their own there (proposals/suggest.py)."""
    cache = data_cache()
    return None if isinstance(cache, DummyCache) else cache


def data_version() -> int | None:
    """The current data version, or None where nothing is cached: SQLite, a dummy data cache
    (the test settings), before the first migrate."""
    if connection.vendor != "postgresql" or shared_data_cache() is None:
        return None
    memo = _request_memo.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    with connection.cursor() as cursor:
        # NULL while the sequence does not exist yet (during the first migrate): no caching then
        cursor.execute("SELECT pg_sequence_last_value(to_regclass('cppcc_data_version'))")
        version = cursor.fetchone()[0]
    if memo is not None:
        memo["version"] = version
    return version


def _forget_version() -> None:
    memo = _request_memo.get()
    if memo:
        memo.clear()


class DataVersionMiddleware:
    """Read the data version at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


def versioned(name: str, *parts: Any, compute: Callable[[], Any]) -> Any:
    """compute(), cached under the current data version."""
    version = data_version()
    if version is None or write_pending(connection):
        # nothing cached, or this transaction has uncommitted changes the value would include
        return compute()
    key = f"cppcc:{name}:{version}:" + ":".join(map(str, parts))
    value = data_cache().get(key)
    if value is None:
        value = compute()
        data_cache().set(key, value, TTL_SECONDS)
    return value


def _is_data_write(sql: str) -> bool:
    head = sql.lstrip()[:6].upper()
    return head in WRITE_VERBS and not any(table in sql[:200] for table in NOT_DATA)


BUMP_SQL = (
    "SELECT nextval(to_regclass('cppcc_data_version')) WHERE to_regclass('cppcc_data_version') IS NOT NULL"
)


def write_pending(conn) -> bool:
    return conn.in_atomic_block and any(getattr(f, "cppcc_bump", False) for _s, f, _r in conn.run_on_commit)


def _queue_bump(conn) -> None:
    """Bump the version once per transaction, after it commits (a rolled-back transaction or
    savepoint drops the callback, and the next write queues it again)."""
    _forget_version()
    if not conn.in_atomic_block:
        with conn.cursor() as cursor:
            cursor.execute(BUMP_SQL)
        return
    if write_pending(conn):
        return

    def bump() -> None:
        with conn.cursor() as cursor:
            cursor.execute(BUMP_SQL)
        _forget_version()

    bump.cppcc_bump = True
    transaction.on_commit(bump, using=conn.alias)


def _bump_after_commit(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if _is_data_write(sql):
        _queue_bump(context["connection"])
    return result


@receiver(connection_created)
def install_version_wrapper(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql" and _bump_after_commit not in connection.execute_wrappers:
        connection.execute_wrappers.append(_bump_after_commit)
