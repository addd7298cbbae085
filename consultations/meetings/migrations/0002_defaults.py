from decimal import Decimal

from django.db import migrations

from consultations.meetings.defaults import DUTY_RULES, MEETING_KINDS


def load(apps, schema_editor):
    MeetingKind = apps.get_model("meetings", "MeetingKind")
    DutyRule = apps.get_model("members", "DutyRule")
    last = DutyRule.objects.order_by("-order").values_list("order", flat=True).first() or 0
    for offset, (code, name, points, cap) in enumerate(DUTY_RULES, start=1):
        DutyRule.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "points": Decimal(points),
                "yearly_cap": Decimal(cap) if cap else None,
                "order": last + offset,
            },
        )
    for order, (code, name, plenary, scope, attend, leave, absent) in enumerate(MEETING_KINDS):
        MeetingKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "is_plenary": plenary,
                "default_scope": scope,
                "attend_rule": attend,
                "leave_rule": leave,
                "absent_rule": absent,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial"), ("members", "0004_default_scoring")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
