"""Defaults an administrator can change later: working-day limits, categories, duty-record rules."""

from django.db import migrations

DEADLINES = [
    ("triage", 2, "提交后审核分拨的时限"),
    ("ordinary", 5, "一般事项:交办后答复时限"),
    ("major", 15, "重大事项:交办后答复时限"),
    ("extension", 5, "承办单位申请延期(限一次)时延长的时限"),
    ("reopen", 5, "委员反馈未解决后重新办理的时限"),
]
CATEGORIES = ["城市管理", "交通出行", "市容环境", "公共设施", "市场监管", "生态环保", "教育医疗", "社会治理", "其他"]
DUTY_RULES = [
    # code, name, points, yearly cap, order
    ("quick_submitted", "反映微建议/随手拍", "1", "10", 60),
    ("quick_valid", "微建议/随手拍被采用交办", "2", "20", 61),
]


def forwards(apps, schema_editor):
    DeadlineRule = apps.get_model("quickreports", "DeadlineRule")
    QuickCategory = apps.get_model("quickreports", "QuickCategory")
    DutyRule = apps.get_model("members", "DutyRule")
    for code, days, note in DEADLINES:
        DeadlineRule.objects.get_or_create(code=code, defaults={"workdays": days, "note": note})
    for order, name in enumerate(CATEGORIES, start=1):
        QuickCategory.objects.get_or_create(name=name, defaults={"order": order})
    for code, name, points, cap, order in DUTY_RULES:
        DutyRule.objects.get_or_create(
            code=code, defaults={"name": name, "points": points, "yearly_cap": cap, "order": order}
        )


def backwards(apps, schema_editor):
    apps.get_model("members", "DutyRule").objects.filter(code__in=[r[0] for r in DUTY_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quickreports", "0001_initial"),
        ("members", "0004_default_scoring"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
