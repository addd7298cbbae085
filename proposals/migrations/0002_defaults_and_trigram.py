from django.db import migrations

from proposals.defaults import CATEGORIES, REJECT_REASONS, REPLY_CLASSES


def load_defaults(apps, schema_editor):
    Category = apps.get_model("proposals", "Category")
    RejectReason = apps.get_model("proposals", "RejectReason")
    ReplyClass = apps.get_model("proposals", "ReplyClass")
    HandlingRules = apps.get_model("proposals", "HandlingRules")
    for order, name in enumerate(CATEGORIES):
        Category.objects.get_or_create(name=name, defaults={"order": order})
    for order, name in enumerate(REJECT_REASONS):
        RejectReason.objects.get_or_create(name=name, defaults={"order": order})
    for order, (code, label, adopted, follow_up) in enumerate(REPLY_CLASSES):
        ReplyClass.objects.get_or_create(
            code=code, defaults={"label": label, "adopted": adopted, "needs_follow_up": follow_up, "order": order}
        )
    if not HandlingRules.objects.exists():
        HandlingRules.objects.create()


TRIGRAM_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS proposals_title_trgm ON proposals_proposal USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS proposals_body_trgm ON proposals_proposal USING gin (body gin_trgm_ops)",
]


def trigram_on(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the similar-proposal search falls back to icontains
    for sql in TRIGRAM_SQL:
        schema_editor.execute(sql)


def trigram_off(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS proposals_title_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS proposals_body_trgm")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [
        migrations.RunPython(load_defaults, migrations.RunPython.noop),
        migrations.RunPython(trigram_on, trigram_off),
    ]
