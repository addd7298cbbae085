from django.db import migrations


def create_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE SEQUENCE IF NOT EXISTS cppcc_data_version")
        schema_editor.execute("SELECT nextval('cppcc_data_version')")


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP SEQUENCE IF EXISTS cppcc_data_version")


class Migration(migrations.Migration):
    """The data version of cppcc/datacache.py (PostgreSQL only)."""

    dependencies = [("cppcc", "0002_audit_record")]
    operations = [migrations.RunPython(create_sequence, drop_sequence)]
