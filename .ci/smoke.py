"""Smoke run of the embedded default: a fresh SQLite file, migrate, seed_demo, and every page in
each demo role's navigation answers 200 for that role."""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
tmp = tempfile.mkdtemp(prefix="cppcc-smoke-")
os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/smoke.sqlite3"
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "cppcc.settings.local"
os.environ["MEDIA_ROOT"] = f"{tmp}/media"
os.environ["EMAIL_URL"] = "dummymail://"  # the demo's notices need not be printed

import django  # noqa: E402

django.setup()
import logging  # noqa: E402

logging.getLogger("celery").setLevel(logging.WARNING)  # eager tasks would log every notice
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from cppcc.nav import nav_for  # noqa: E402
from members.models import User  # noqa: E402

call_command("migrate", verbosity=0)
with open(os.devnull, "w") as devnull:
    call_command("seed_demo", stdout=devnull)
failures = []
checked = 0
for username in ("member", "staff", "unit", "leader", "admin"):
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    for item in nav_for(user):
        status = client.get(item["url"]).status_code
        checked += 1
        if status != 200:
            failures.append(f"{username} {item['url']} -> {status}")
print(f"smoke: {checked} pages checked on SQLite, {len(failures)} failed")
if failures:
    print("\n".join(failures))
    sys.exit(1)
