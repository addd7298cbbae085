"""Database-level audit trail on PostgreSQL.

A row trigger on each audited table writes an AuditRecord for every INSERT, UPDATE and DELETE —
including queryset.update(), bulk_create and raw SQL, which model signals (django-auditlog) never
see. The acting user reaches the trigger through the session setting `cppcc.actor_id`, which
AuditActorMiddleware sets just before the first write of a request (reads cost nothing extra).
On SQLite (the embedded default) there are no triggers; django-auditlog still logs ORM saves."""

from django.db import connection

AUDITED_TABLES = (
    "proposals_proposal",
    "proposals_assignment",
    "proposals_reply",
    "proposals_rating",
    "proposals_publicopinion",
    "consultations_suggestion",
    "consultations_suggestionupdate",
    "members_member",
    "members_dutyevent",
    "members_dutyrule",
)

TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION cppcc_audit_row() RETURNS trigger AS $$
DECLARE
    actor text := nullif(current_setting('cppcc.actor_id', true), '');
    diff jsonb;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        SELECT jsonb_object_agg(n.key, jsonb_build_array(o.value, n.value)) INTO diff
          FROM jsonb_each(to_jsonb(NEW)) n JOIN jsonb_each(to_jsonb(OLD)) o USING (key)
         WHERE n.value IS DISTINCT FROM o.value;
        IF diff IS NULL THEN RETURN NEW; END IF;
        INSERT INTO cppcc_auditrecord (table_name, row_id, action, changes, actor_id, at)
        VALUES (TG_TABLE_NAME, NEW.id, 'update', diff, actor::bigint, clock_timestamp());
        RETURN NEW;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO cppcc_auditrecord (table_name, row_id, action, changes, actor_id, at)
        VALUES (TG_TABLE_NAME, NEW.id, 'insert', to_jsonb(NEW), actor::bigint, clock_timestamp());
        RETURN NEW;
    ELSE
        INSERT INTO cppcc_auditrecord (table_name, row_id, action, changes, actor_id, at)
        VALUES (TG_TABLE_NAME, OLD.id, 'delete', to_jsonb(OLD), actor::bigint, clock_timestamp());
        RETURN OLD;
    END IF;
END;
$$ LANGUAGE plpgsql;
"""


def install_triggers(schema_editor=None) -> None:
    conn = schema_editor.connection if schema_editor is not None else connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute(TRIGGER_FUNCTION)
        for table in AUDITED_TABLES:
            cursor.execute(f'DROP TRIGGER IF EXISTS cppcc_audit ON "{table}"')
            cursor.execute(
                f'CREATE TRIGGER cppcc_audit AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION cppcc_audit_row()"
            )


def remove_triggers(schema_editor=None) -> None:
    conn = schema_editor.connection if schema_editor is not None else connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        for table in AUDITED_TABLES:
            cursor.execute(f'DROP TRIGGER IF EXISTS cppcc_audit ON "{table}"')
        cursor.execute("DROP FUNCTION IF EXISTS cppcc_audit_row()")


WRITES = ("INSERT", "UPDATE", "DELETE")


class AuditActorMiddleware:
    """Tell the audit trigger who is acting: set `cppcc.actor_id` right before a request's first
    write, and clear it afterwards (the connection may be reused by the next request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if connection.vendor != "postgresql":
            return self.get_response(request)
        user = getattr(request, "user", None)
        state = {"set": False}

        def set_actor_before_first_write(execute, sql, params, many, context):
            if (
                not state["set"]
                and sql.lstrip()[:6].upper() in WRITES
                and user is not None
                and user.is_authenticated
            ):
                state["set"] = True
                context["cursor"].execute("SELECT set_config('cppcc.actor_id', %s, false)", [str(user.pk)])
            return execute(sql, params, many, context)

        with connection.execute_wrapper(set_actor_before_first_write):
            response = self.get_response(request)
        if state["set"] and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('cppcc.actor_id', '', false)")
        return response
