"""Tests. The suite runs on PostgreSQL when DATABASE_URL is set (CI always sets it)."""

import os

# The suite runs on PostgreSQL (the production database); set DATABASE_URL to point elsewhere.
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cppcc")

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# The data-version cache (cppcc/datacache.py) bumps versions after commit, which never happens in a
# test wrapped in a transaction: tests run without the data cache, and tests/test_datacache.py checks the
# cache itself with a real one.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "data": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
