"""Duty rules for 一村一委员 (editable in admin afterwards): a visit to a contact village, and a
matter heard there that the member acted on (solved, 微建议, 社情民意, 荐题, 提案草稿)."""

from decimal import Decimal

from django.db import migrations

RULES = [
    # code, name, points, yearly cap, order
    ("village_visit", "联系村走访", "5", "20", 60),
    ("village_item_outcome", "走访所闻转化办理", "2", "10", 61),
]


def load(apps, schema_editor):
    DutyRule = apps.get_model("members", "DutyRule")
    for code, name, points, cap, order in RULES:
        DutyRule.objects.get_or_create(
            code=code,
            defaults={"name": name, "points": Decimal(points), "yearly_cap": Decimal(cap), "order": order},
        )


def unload(apps, schema_editor):
    apps.get_model("members", "DutyRule").objects.filter(code="village_item_outcome", dutyevent__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("bodies", "0001_initial"), ("members", "0004_default_scoring")]
    operations = [migrations.RunPython(load, unload)]
