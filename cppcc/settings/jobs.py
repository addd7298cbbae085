"""Thresholds of the scheduled reminder jobs (issue 6). Every number is a setting, overridable
from the environment; the jobs read them from django.conf.settings.

All day counts are calendar days in Asia/Shanghai (timezone.localdate()): weekends and public
holidays count like any other day, and a reminder whose day falls on a weekend is sent that day
(the inbox keeps it for Monday). See docs/jobs.md.
"""

import environ

env = environ.Env()

# Reply deadlines of proposal assignments (提案答复期限): notices N days before, on the day,
# then every N days while overdue (copied to staff); overdue by N days also to the supervising
# leader of a key proposal.
JOBS_REPLY_REMIND_DAYS_BEFORE = env.list("JOBS_REPLY_REMIND_DAYS_BEFORE", cast=int, default=[15, 7])
JOBS_REPLY_OVERDUE_EVERY_DAYS = env.int("JOBS_REPLY_OVERDUE_EVERY_DAYS", default=7)
JOBS_REPLY_OVERDUE_LEADER_DAYS = env.int("JOBS_REPLY_OVERDUE_LEADER_DAYS", default=30)

# Co-signers (联名人) who have not answered, N days before the plenary's submission cut-off.
JOBS_COSIGN_REMIND_DAYS_BEFORE = env.int("JOBS_COSIGN_REMIND_DAYS_BEFORE", default=3)

# 协办 units' opinions to the lead unit (deadline: 交办 + HandlingRules.assisting_opinion_days):
# N days before, on the day, then every JOBS_OVERDUE_REPEAT_EVERY_DAYS while late (lead unit copied).
JOBS_ASSISTING_REMIND_DAYS_BEFORE = env.int("JOBS_ASSISTING_REMIND_DAYS_BEFORE", default=5)

# Proposers who have not rated a reply: after N days, then every M days K more times, then
# staff are told M days after the last reminder.
JOBS_RATING_REMIND_AFTER_DAYS = env.int("JOBS_RATING_REMIND_AFTER_DAYS", default=15)
JOBS_RATING_REPEAT_EVERY_DAYS = env.int("JOBS_RATING_REPEAT_EVERY_DAYS", default=7)
JOBS_RATING_REPEAT_TIMES = env.int("JOBS_RATING_REPEAT_TIMES", default=2)

# 二次反馈 (proposal follow-up) and 回头看 (consultation review): N days before and on the day;
# an unreported follow-up / an overdue progress report is repeated every N days, copied to staff.
JOBS_FOLLOW_UP_REMIND_DAYS_BEFORE = env.int("JOBS_FOLLOW_UP_REMIND_DAYS_BEFORE", default=7)
JOBS_REVIEW_REMIND_DAYS_BEFORE = env.int("JOBS_REVIEW_REMIND_DAYS_BEFORE", default=7)
JOBS_OVERDUE_REPEAT_EVERY_DAYS = env.int("JOBS_OVERDUE_REPEAT_EVERY_DAYS", default=7)

# Activities: invited members who have not answered, N days before the activity (1 = tomorrow).
JOBS_ACTIVITY_REMIND_DAYS_BEFORE = env.int("JOBS_ACTIVITY_REMIND_DAYS_BEFORE", default=1)

# Digests: the leaders' weekly digest goes out once per ISO week and the staff's monthly digest once
# per month, at the first run of the job in that week or month (beat: Monday / the 1st, see
# cppcc/celery.py), so running every job daily from cron sends nothing twice.

# Members under the yearly duty minimum: told once a quarter, in these months (the last month of
# each quarter, so there is time left to catch up), from this day of the month on.
JOBS_DUTY_MINIMUM_MONTHS = env.list("JOBS_DUTY_MINIMUM_MONTHS", cast=int, default=[3, 6, 9, 12])
JOBS_DUTY_MINIMUM_DAY = env.int("JOBS_DUTY_MINIMUM_DAY", default=1)

# Quick reports (微建议/随手拍, deadlines in 工作日 from cppcc/workdays.py): the unit N calendar
# days before the due date and on it; overdue every N days with staff copied; overdue by N 工作日
# → the 督办 list for leaders (told once).
JOBS_QUICK_REMIND_DAYS_BEFORE = env.list("JOBS_QUICK_REMIND_DAYS_BEFORE", cast=int, default=[2])
JOBS_QUICK_OVERDUE_EVERY_DAYS = env.int("JOBS_QUICK_OVERDUE_EVERY_DAYS", default=3)
JOBS_QUICK_ESCALATE_WORKDAYS = env.int("JOBS_QUICK_ESCALATE_WORKDAYS", default=5)
