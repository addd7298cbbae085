import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc.settings.local")

app = Celery("cppcc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The periodic jobs scan for what is due (Asia/Shanghai); each app's tasks.py holds the task.
app.conf.beat_schedule = {
    "members-notifications-send-pending": {
        "task": "members.tasks.notifications_send_pending",
        "schedule": crontab(minute="*/10"),
    },
}
