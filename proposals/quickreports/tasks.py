from celery import shared_task

from cppcc.jobs import run_recorded

from . import reminders


@shared_task(name="proposals.quickreports.tasks.quick_deadlines_remind")
def quick_deadlines_remind(trigger: str = "schedule") -> int:
    return run_recorded("quick-deadlines", reminders.quick_deadline_scan, trigger=trigger)
