from django.db import migrations

# Channels each notice group goes to for people who have not chosen (staff change them in admin).
# SMS and work messages only reach people once the deployment configures those channels.
DEFAULTS = {
    "deadlines": {"email": True, "sms": True, "dingtalk": True, "wecom": True},
    "events": {"email": True, "sms": False, "dingtalk": True, "wecom": True},
    "digests": {"email": True, "sms": False, "dingtalk": False, "wecom": False},
    "announcements": {"email": True, "sms": False, "dingtalk": True, "wecom": True},
    "urgent": {"email": True, "sms": True, "dingtalk": True, "wecom": True},
}


def load(apps, schema_editor):
    GroupDefault = apps.get_model("member_channels", "GroupDefault")
    for group, values in DEFAULTS.items():
        GroupDefault.objects.get_or_create(group=group, defaults=values)


class Migration(migrations.Migration):
    dependencies = [("member_channels", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
