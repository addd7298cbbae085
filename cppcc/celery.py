"""The Celery app and the schedule of the periodic jobs (Celery beat, Asia/Shanghai).

Each periodic job is a task in <app>/tasks.py that only calls a scan in <app>/reminders.py; the
scan looks for what is due *today* and every notice carries a database delivery key, so a job run
twice (beat and `run_job`, two beat processes, a redelivered task) sends nothing twice. The table
below is also what the operations page and `manage.py run_job` list. See docs/jobs.md.
"""

import os
from dataclasses import dataclass

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc.settings.local")

app = Celery("cppcc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # the name used by run_job, the operations page and JobRun.job
    label: str
    task: str  # the Celery task name
    schedule: crontab
    when: str  # the schedule in words, for the operations page
    who: str  # who is told


PERIODIC_JOBS = [
    PeriodicJob(
        "reply-deadlines",
        "提案答复期限提醒",
        "proposals.tasks.reply_deadlines_remind",
        crontab(hour=8, minute=0),
        "每天 08:00",
        "承办单位(抄送机关工作人员;重点提案逾期较久时告知领办领导)",
    ),
    PeriodicJob(
        "assisting-opinions",
        "协办意见提醒",
        "proposals.tasks.assisting_opinions_remind",
        crontab(hour=8, minute=3),
        "每天 08:03",
        "协办单位(逾期抄送主办单位)",
    ),
    PeriodicJob(
        "cosign-cutoff",
        "联名确认截止提醒",
        "proposals.tasks.cosigners_remind",
        crontab(hour=8, minute=5),
        "每天 08:05",
        "尚未确认的联名委员",
    ),
    PeriodicJob(
        "rating-overdue",
        "答复评价提醒",
        "proposals.tasks.ratings_remind",
        crontab(hour=8, minute=10),
        "每天 08:10",
        "未评价的提案人(多次未评价后告知机关工作人员)",
    ),
    PeriodicJob(
        "follow-ups",
        "二次反馈提醒",
        "proposals.tasks.follow_ups_remind",
        crontab(hour=8, minute=15),
        "每天 08:15",
        "主办单位(逾期抄送机关工作人员)",
    ),
    PeriodicJob(
        "reviews",
        "回头看提醒",
        "consultations.tasks.reviews_remind",
        crontab(hour=8, minute=20),
        "每天 08:20",
        "安排人或机关工作人员、责任单位",
    ),
    PeriodicJob(
        "suggestion-reports",
        "协商建议落实反馈逾期提醒",
        "consultations.tasks.suggestion_reports_remind",
        crontab(hour=8, minute=25),
        "每天 08:25",
        "责任单位(抄送机关工作人员)",
    ),
    PeriodicJob(
        "quick-deadlines",
        "微建议办理期限提醒与督办",
        "proposals.quickreports.tasks.quick_deadlines_remind",
        crontab(hour=8, minute=27),
        "每天 08:27",
        "承办单位(逾期抄送机关工作人员;逾期较久列入督办并告知领导)",
    ),
    PeriodicJob(
        "activity-invitations",
        "明日活动未答复提醒",
        "consultations.tasks.invitations_remind",
        crontab(hour=16, minute=0),
        "每天 16:00",
        "受邀但尚未答复的委员",
    ),
    PeriodicJob(
        "announcement-reminders",
        "通知公告阅读提醒",
        "members.briefing.tasks.announcement_reminders_remind",
        crontab(hour=9, minute=30),
        "每天 09:30",
        "到阅读期限仍未阅读通知公告的接收人(每条通知只提醒一次)",
    ),
    PeriodicJob(
        "leader-digest",
        "领导每周摘要",
        "members.tasks.leader_digest_send",
        crontab(hour=8, minute=30, day_of_week="mon"),
        "每周一 08:30",
        "领导",
    ),
    PeriodicJob(
        "staff-digest",
        "机关每月摘要",
        "members.tasks.staff_digest_send",
        crontab(hour=8, minute=30, day_of_month="1"),
        "每月1日 08:30",
        "机关工作人员",
    ),
    PeriodicJob(
        "duty-minimum",
        "年度履职最低要求提醒",
        "members.tasks.duty_minimum_remind",
        crontab(hour=9, minute=0, day_of_month="1", month_of_year="3,6,9,12"),
        "每季度末月1日 09:00",
        "未达年度最低要求的委员(汇总告知机关工作人员)",
    ),
    PeriodicJob(
        "email-pending",
        "补发未发送的邮件提醒",
        "members.tasks.notifications_send_pending",
        crontab(minute="*/10"),
        "每10分钟",
        "(不新建提醒:补发邮件发送失败或未发出的站内通知)",
    ),
    PeriodicJob(
        "channel-deliveries",
        "短信与工作通知补发",
        "members.channels.tasks.deliveries_send_due",
        crontab(minute="*/5"),
        "每5分钟",
        "(不新建提醒:发送免打扰时段后顺延的、失败待重试的短信和钉钉/企业微信消息)",
    ),
    PeriodicJob(
        "kept-uploads",
        "清理暂存的上传文件",
        "cppcc.tasks.kept_uploads_purge",
        crontab(minute=40),
        "每小时第40分",
        "(不发提醒:删除表单出错时暂存、超过一天未再提交的上传文件)",
    ),
]

app.conf.beat_schedule = {job.name: {"task": job.task, "schedule": job.schedule} for job in PERIODIC_JOBS}
