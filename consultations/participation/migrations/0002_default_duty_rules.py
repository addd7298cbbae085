"""Default duty rules for participation (editable in admin: 履职计分规则)."""

from django.db import migrations

RULES = [
    ("participation_topic", "委员荐题(议题征集)", "2.0", "10.0", 60),
    ("participation_opinion", "网络议政发表书面意见", "1.0", "10.0", 61),
]


def add_rules(apps, schema_editor):
    DutyRule = apps.get_model("members", "DutyRule")
    for code, name, points, cap, order in RULES:
        DutyRule.objects.get_or_create(
            code=code, defaults={"name": name, "points": points, "yearly_cap": cap, "order": order}
        )


def remove_rules(apps, schema_editor):
    apps.get_model("members", "DutyRule").objects.filter(code__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("members", "0005_performance_indexes"),
    ]

    operations = [migrations.RunPython(add_rules, remove_rules)]
