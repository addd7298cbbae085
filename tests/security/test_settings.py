"""Security settings and mechanisms: uploads (type by content, size, storage, serving), login
throttling, password validators, production HTTPS settings, Content-Security-Policy and no inline
scripts in templates."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cppcc.uploads import validate_upload
from proposals import services as proposal_services
from proposals.models import Attachment
from tests import factories as f
from tests.security.world import PDF_BYTES

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


# --- uploads -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("report.pdf", EXE_BYTES, "file_content"),  # an executable renamed to .pdf
        ("report.pdf", PNG_BYTES, "file_content"),  # an image named .pdf
        ("photo.png", b"<html><script>alert(1)</script></html>", "file_content"),
        ("tool.exe", EXE_BYTES, "file_type"),
        ("page.html", b"<html></html>", "file_type"),
        ("noext", PDF_BYTES, "file_type"),
    ],
)
def test_upload_type_is_judged_by_content(name, content, code):
    with pytest.raises(ValidationError) as info:
        validate_upload(SimpleUploadedFile(name, content))
    assert info.value.code == code
    assert "允许的类型" in info.value.messages[0]


def test_upload_accepts_real_files():
    validate_upload(SimpleUploadedFile("letter.pdf", PDF_BYTES))
    validate_upload(SimpleUploadedFile("photo.PNG", PNG_BYTES))


def test_upload_size_limit(settings):
    settings.UPLOAD_MAX_BYTES = len(PDF_BYTES) - 1
    with pytest.raises(ValidationError) as info:
        validate_upload(SimpleUploadedFile("letter.pdf", PDF_BYTES))
    assert info.value.code == "file_size" and "过大" in info.value.messages[0]


def test_upload_view_refuses_bad_content_in_chinese_and_stores_nothing(client_for, category_draft):
    draft, user = category_draft
    client = client_for(user)
    url = reverse("proposals:attachment_upload", args=[draft.pk])
    response = client.post(url, {"file": SimpleUploadedFile("x.pdf", EXE_BYTES)}, follow=True)
    assert "内容与扩展名" in response.content.decode()
    assert not Attachment.objects.filter(proposal=draft).exists()


@pytest.fixture
def category_draft(db):
    member = f.MemberFactory()
    draft = proposal_services.proposal_save_draft(
        by=member.user, title="关于上传测试的建议", category=f.CategoryFactory(), body="内容", cosigners=[]
    )
    return draft, member.user


def test_uploads_stored_under_media_root_not_static_root(client_for, category_draft, settings, tmp_path):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    draft, user = category_draft
    client = client_for(user)
    client.post(
        reverse("proposals:attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("letter.pdf", PDF_BYTES)},
    )
    attachment = Attachment.objects.get(proposal=draft)
    path = Path(attachment.file.path).resolve()
    assert path.is_relative_to(media.resolve()) and path.read_bytes() == PDF_BYTES
    assert attachment.file.name.startswith("proposals/")
    assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    # no URL serves the media directory: files go out only through permission-checked views
    staff = client_for(f.StaffUserFactory())
    assert staff.get(settings.MEDIA_URL + attachment.file.name).status_code == 404
    download = staff.get(reverse("proposals:attachment", args=[attachment.pk]))
    assert download.status_code == 404  # staff do not see a member's draft
    own = client_for(user).get(reverse("proposals:attachment", args=[attachment.pk]))
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF_BYTES
    assert own["Content-Disposition"].startswith("attachment")


def test_media_root_is_outside_static_root_and_static_dirs():
    media = Path(settings.MEDIA_ROOT).resolve()
    for static in [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]:
        static = static.resolve()
        assert not media.is_relative_to(static) and not static.is_relative_to(media)


# --- login throttling (django-axes) -------------------------------------------------------------
def test_login_locks_after_axes_failure_limit(client, db):
    user = f.UserFactory(username="throttled")
    url = reverse("login")
    limit = settings.AXES_FAILURE_LIMIT
    assert limit >= 3
    for _ in range(limit - 1):
        response = client.post(url, {"username": "throttled", "password": "wrong"})
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    locked = client.post(url, {"username": "throttled", "password": "wrong"})
    assert locked.status_code == 429 and "锁定" in locked.content.decode()
    # now even the right password is refused until the cool-off ends
    again = client.post(url, {"username": user.username, "password": "pass-Word-123"})
    assert again.status_code == 429 and "_auth_user_id" not in client.session


def test_login_not_locked_below_the_limit(client, db):
    user = f.UserFactory(username="careful")
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "careful", "password": "wrong"})
    response = client.post(url, {"username": user.username, "password": "pass-Word-123"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


# --- passwords ------------------------------------------------------------------------------------
@pytest.mark.parametrize("password", ["12345678", "password", "abc12", "throttled1"])
def test_password_validators_refuse_weak_passwords(password, db):
    user = f.UserFactory.build(username="throttled1", name="测试", email="t@example.cn")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_password_validators_configured():
    names = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    } <= names


def test_password_change_refuses_weak_password(member_user, client_for):
    client = client_for(member_user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "pass-Word-123", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    member_user.refresh_from_db()
    assert member_user.check_password("pass-Word-123")


# --- production settings ----------------------------------------------------------------------------
PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({name: getattr(settings, name) for name in (
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER", "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF")}))
"""


def production_env(**extra) -> dict:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS"))
    }
    env.update(DJANGO_SETTINGS_MODULE="cppcc.settings.production", **extra)
    return env


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_are_secure():
    result = run_python(
        PRINT_SETTINGS, production_env(SECRET_KEY="x" * 60, ALLOWED_HOSTS="zx.example.gov.cn")
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["X_FRAME_OPTIONS"] == "DENY" and values["SECURE_CONTENT_TYPE_NOSNIFF"] is True


def test_production_refuses_to_start_without_secret_key():
    result = run_python("", production_env(ALLOWED_HOSTS="zx.example.gov.cn"))
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


# --- Content-Security-Policy and inline scripts -------------------------------------------------------
def test_csp_header_forbids_inline_scripts(member_user, client_for, client):
    for response in (client.get(reverse("login")), client_for(member_user).get(reverse("home"))):
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        directives = {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}
        assert directives["script-src"] == ["'self'"], policy
        assert directives["default-src"] == ["'self'"] and directives["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in policy


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)


def test_no_template_has_an_inline_script():
    offenders = []
    roots = [Path(settings.BASE_DIR) / "templates"] + [
        p / "templates" for p in Path(settings.BASE_DIR).iterdir() if (p / "templates").is_dir()
    ]
    for root in roots:
        for template in root.rglob("*.html"):
            for attrs, body in SCRIPT_TAG.findall(template.read_text(encoding="utf-8")):
                if "src=" not in attrs or body.strip():
                    offenders.append(f"{template.relative_to(settings.BASE_DIR)}: <script{attrs}>")
    assert not offenders, "inline <script> (the CSP blocks it; use static/<app>/*.js): " + "; ".join(
        offenders
    )


def test_inline_script_check_catches_one():
    sample = '<script src="/static/x.js"></script><script>alert(1)</script>'
    found = [attrs for attrs, body in SCRIPT_TAG.findall(sample) if "src=" not in attrs or body.strip()]
    assert found == [""]
