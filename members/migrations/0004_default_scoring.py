from decimal import Decimal

from django.db import migrations

from members import defaults


def load(apps, schema_editor):
    ScoreBand = apps.get_model("members", "ScoreBand")
    DutyMinimum = apps.get_model("members", "DutyMinimum")
    DutyRule = apps.get_model("members", "DutyRule")
    for name, min_score in defaults.SCORE_BANDS:
        ScoreBand.objects.get_or_create(name=name, defaults={"min_score": Decimal(min_score)})
    for order, (name, codes, count) in enumerate(defaults.DUTY_MINIMUMS):
        minimum, created = DutyMinimum.objects.get_or_create(
            name=name, defaults={"min_count": count, "order": order}
        )
        if created:
            minimum.rules.set(DutyRule.objects.filter(code__in=codes))


class Migration(migrations.Migration):
    dependencies = [("members", "0003_scoring_selfreports")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
