from decimal import Decimal

from django.db import migrations

from members import defaults


def load(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in defaults.ROLE_GROUPS:
        Group.objects.get_or_create(name=name)
    for order, name in enumerate(defaults.SECTORS):
        apps.get_model("members", "Sector").objects.get_or_create(name=name, defaults={"order": order})
    for order, name in enumerate(defaults.SPECIAL_COMMITTEES):
        apps.get_model("members", "SpecialCommittee").objects.get_or_create(name=name, defaults={"order": order})
    for order, (name, kind) in enumerate(defaults.WORK_COMMITTEES):
        apps.get_model("members", "WorkCommittee").objects.get_or_create(
            name=name, defaults={"order": order, "kind": kind}
        )
    for order, (name, kind) in enumerate(defaults.PROPOSER_ORGANISATIONS):
        apps.get_model("members", "ProposerOrganisation").objects.get_or_create(
            name=name, defaults={"order": order, "kind": kind}
        )
    for order, (code, name, points, cap) in enumerate(defaults.DUTY_RULES):
        apps.get_model("members", "DutyRule").objects.get_or_create(
            code=code,
            defaults={"name": name, "points": Decimal(points), "yearly_cap": Decimal(cap) if cap else None, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
