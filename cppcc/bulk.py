"""Bulk inserts that tell which rows were new: INSERT … ON CONFLICT (…) DO NOTHING RETURNING id.

Django's bulk_create(ignore_conflicts=True) does not say which rows went in (their pk stays None),
but whatever follows an insert that may race with another process (a second worker, a rerun) must
act only on the rows this statement actually wrote: `insert_new` returns exactly those, with their
pk set. PostgreSQL and SQLite (3.35+) both speak this dialect."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, router
from django.db.models import Field


def insert_new(model, objs: Sequence, *, unique: Sequence[str], batch_size: int = 1000) -> list:
    """Insert the unsaved `objs` of `model`, skipping every row that conflicts on the unique
    columns `unique`; return the objects that were inserted (pk set), in input order.
    One statement per `batch_size` rows."""
    if not objs:
        return []
    connection = connections[router.db_for_write(model)]
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    conflict = ", ".join(qn(opts.get_field(name).column) for name in unique)
    pk = opts.pk
    # pre_save only for fields that override it (auto_now, files …); elsewhere it is the attribute
    plan = [(f, f.attname, type(f).pre_save is not Field.pre_save) for f in fields]
    inserted: list = []
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start : start + batch_size]
            params: list = []
            for obj in batch:
                for f, attname, hook in plan:
                    value = f.pre_save(obj, True) if hook else getattr(obj, attname)
                    params.append(f.get_db_prep_save(value, connection))
            row = "(" + ", ".join(["%s"] * len(fields)) + ")"
            cursor.execute(
                f"INSERT INTO {qn(opts.db_table)} ({columns}) VALUES {', '.join([row] * len(batch))} "
                f"ON CONFLICT ({conflict}) DO NOTHING RETURNING {qn(pk.column)}, {conflict}",
                params,
            )
            by_key = {_key(obj, unique): obj for obj in batch}
            for pk_value, *key in cursor.fetchall():
                obj = by_key[tuple(key)]
                obj.pk = pk_value
                obj._state.adding = False
                obj._state.db = connection.alias
                inserted.append(obj)
    order = {id(obj): i for i, obj in enumerate(objs)}
    inserted.sort(key=lambda obj: order[id(obj)])
    return inserted


def _key(obj, unique: Sequence[str]) -> tuple:
    return tuple(getattr(obj, obj._meta.get_field(name).attname) for name in unique)
