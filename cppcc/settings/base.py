"""Settings shared by every environment. Everything that differs between machines comes from
the environment (django-environ) with a safe development default."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "cppcc.apps_zh.CaptchaConfig",  # django-simple-captcha: public submissions (consultations.participation)
    "import_export",
    "cppcc.apps_zh.AxesConfig",
    "django_otp",
    "cppcc.apps_zh.TotpConfig",
    "cppcc.apps_zh.StaticConfig",
    "auditlog",
    "members",
    "members.channels",
    "members.briefing",
    "proposals",
    "proposals.quickreports",
    "consultations",
    "consultations.meetings",
    "consultations.participation",
    "members.bodies",
    "reports",
    "cppcc",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cppcc.middleware.DatabaseBusyMiddleware",  # SQLite "database is locked" -> a message, not a 500
    "cppcc.security.IdleSessionTimeoutMiddleware",
    "cppcc.security.SecondFactorMiddleware",
    "cppcc.kept_uploads.KeptUploadsMiddleware",  # a file chosen on a form that came back is kept
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "cppcc.audit.AuditActorMiddleware",
    "cppcc.datacache.DataVersionMiddleware",
    "axes.middleware.AxesMiddleware",
    "cppcc.security.NoStoreMiddleware",
]

ROOT_URLCONF = "cppcc.urls"
WSGI_APPLICATION = "cppcc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cppcc.context_processors.portal",
                "members.context_processors.inbox",
            ],
        },
    },
]

# The embedded default is a SQLite file next to the code: no service needed to try the portal.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (a new one costs ~5 ms plus cold catalogue planning on every request),
# checked before reuse so a restarted database is noticed; Celery's Django fix-up closes stale ones
# around each task, and each gunicorn worker process holds its own.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # one writer at a time: wait for the lock (seconds) and take it at BEGIN (IMMEDIATE) so a
    # transaction never fails upgrading a read; a wait that still runs out is a message
    # (cppcc.middleware.DatabaseBusyMiddleware)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20), "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if USING_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 等保 2.0: at least three of upper case, lower case, digits and symbols
    {
        "NAME": "cppcc.security.CharacterClassesValidator",
        "OPTIONS": {"min_classes": env.int("PASSWORD_MIN_CHARACTER_CLASSES", default=3)},
    },
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection: after AXES_FAILURE_LIMIT failures the username+IP is locked out, and
# after AXES_IP_FAILURE_LIMIT failures over all usernames the address is (cppcc/security.py).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "cppcc.security.AddressLimitedAxesHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# dates shown and typed as 2026-11-30 (cppcc/formats/zh_Hans/formats.py, cppcc.widgets.DateInput)
FORMAT_MODULE_PATH = ["cppcc.formats"]
# the portal's catalog for what Django, axes and auditlog leave in English (docs/security.md)
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles")))
# Uploads live outside the static root and are served only through permission-checked views.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# S3-compatible storage (MinIO, OSS, COS …) so several web nodes share uploads.
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

# Email: console by default; smtp+tls://user:pass@host:587 in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="政协履职工作平台 <noreply@cppcc.local>")

# Redis, when configured, is the Celery broker and result backend and the cache. Without it
# tasks run eagerly in-process and the cache is local memory (the embedded default).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CACHES["data"] = {**CACHES["default"], "KEY_PREFIX": "data"}  # cppcc/datacache.py
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "data"},
    }
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# 等保 2.0: signed out after SESSION_IDLE_TIMEOUT seconds without a request (cppcc/security.py),
# and after SESSION_COOKIE_AGE seconds whatever happens; 0 turns the idle timeout off.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=False)

# Excel exports: a cell starting with = + - @ is written as text, never as a formula.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True  # an import is all-or-nothing

# Content-Security-Policy: only our own assets (everything is vendored), no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        "worker-src": ["'self'"],  # the PWA service worker (static/sw.js)
        "manifest-src": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # in-process (eager) tasks would log every notice's email at INFO
        "celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"},
    },
}
# The covering indexes of the duty record (INCLUDE columns) are PostgreSQL's; SQLite ignores them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

PORTAL_NAME = env("PORTAL_NAME", default="义乌市政协履职工作平台")
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# cppcc/ never imports members/: the jobs mechanism and the view guards find these by name.
NOTICE_BACKEND = "members.notifications"
PORTAL_STAFF_CHECK = "members.permissions.is_staff"
SECOND_FACTOR_CHECK = "members.channels.auth.second_factor_needed"
SECOND_FACTOR_EXEMPT_URLS = [
    "two_factor_verify",
    "two_factor_setup",
    "logout",
    "health",
    "login",
    "service_worker",
    "offline",
]

from .channels import *  # noqa: E402, F403  (delivery channels, phone code, second factor)
from .jobs import *  # noqa: E402, F403  (reminder thresholds)
