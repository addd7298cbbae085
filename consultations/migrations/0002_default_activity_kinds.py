from django.db import migrations

from consultations.defaults import ACTIVITY_KINDS


def load(apps, schema_editor):
    ActivityKind = apps.get_model("consultations", "ActivityKind")
    for order, (code, name, category) in enumerate(ACTIVITY_KINDS):
        ActivityKind.objects.get_or_create(code=code, defaults={"name": name, "category": category, "order": order})


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
