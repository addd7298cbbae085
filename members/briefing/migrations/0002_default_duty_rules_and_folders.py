"""Defaults of 知情明政: the duty rules its events use (editable in admin afterwards) and the
library's first folders."""

from django.db import migrations

# (code, name, points, order) — training attendance and an accepted 文史 piece count in the duty record
DUTY_RULES = [
    ("training_session", "参加委员培训(每课次)", "5", 170),
    ("wenshi_accepted", "文史资料稿件被采用", "5", 175),
]
FOLDERS = ["学习资料", "会议文件", "政策文件"]


def load(apps, schema_editor):
    DutyRule = apps.get_model("members", "DutyRule")
    for code, name, points, order in DUTY_RULES:
        DutyRule.objects.get_or_create(code=code, defaults={"name": name, "points": points, "order": order})
    Folder = apps.get_model("briefing", "Folder")
    for order, name in enumerate(FOLDERS, start=1):
        Folder.objects.get_or_create(parent=None, name=name, defaults={"order": order})


def unload(apps, schema_editor):
    DutyRule = apps.get_model("members", "DutyRule")
    DutyEvent = apps.get_model("members", "DutyEvent")
    codes = [code for code, *_ in DUTY_RULES]
    if not DutyEvent.objects.filter(kind_id__in=codes).exists():
        DutyRule.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("briefing", "0001_initial"),
        ("members", "0004_default_scoring"),
    ]

    operations = [migrations.RunPython(load, unload)]
