"""The Django admin is Chinese throughout: every registered model's changelist and add page (and
the app indexes) answer 200 to a superuser, and their visible text contains none of the English
strings Django, axes, auditlog and django-otp show untranslated (docs/security.md)."""

import re
from html.parser import HTMLParser

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.models import Role
from tests import factories

# English that showed in the admin before the catalog (locale/) and the re-registered admins.
# django-otp's own model names ("TOTP device", "static device") are covered too: the admin lists
# Chinese proxies of its models (members.channels.models).
DENYLIST = [
    "Action time", "Access attempts", "Access attempt", "Access logs", "Access failures",
    "Log entries", "log entries", "Audit log", "Attempt Time", "Locked Out", "IP Address",
    "User Agent", "Username", "Logout Time", "Model name", "Add link", "Change or view list link",
    "Select", "to change", "Help text", "Target id", "Target type", "Source id", "Source type",
    "Search by", "Identity", "Timestamps", "Configuration", "Throttling", "Confirmed",
    "Created at", "Last used at", "Correlation ID", "Resource Type", "Changes", "Can add",
    "Can change", "Can delete", "Can view", "object", "Axes", "Captcha", "Totp", "captcha store",
    "static token", "log entry", "access log", "TOTP device", "TOTP devices", "static device",
    "static devices", "Static devices",
]  # fmt: skip
DENIED = re.compile(r"\b(" + "|".join(re.escape(w) for w in DENYLIST) + r")\b")


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes outside script/style, titles and placeholders."""

    def __init__(self):
        super().__init__()
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        attrs = dict(attrs)
        self.parts += [attrs[a] for a in ("title", "placeholder") if attrs.get(a)]
        if tag == "input" and attrs.get("type") == "submit" and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def english_in(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return set(DENIED.findall("\n".join(parser.parts)))


@pytest.fixture
def admin_client(client, db):
    superuser = factories.UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True, username="root")
    # one row for the third-party changelists, so their column headers render
    AccessAttempt.objects.create(
        username="m0001", ip_address="10.0.0.1", user_agent="ua", failures_since_start=2
    )
    AccessLog.objects.create(username="m0001", ip_address="10.0.0.1", user_agent="ua")
    AccessFailureLog.objects.create(username="m0001", ip_address="10.0.0.1", user_agent="ua")
    leader = factories.LeaderUserFactory(name="张领导")  # auditlog writes a LogEntry for it
    TOTPDevice.objects.create(user=leader, name="手机")  # another user's: the superuser needs no 2FA
    StaticDevice.objects.create(user=leader, name="备用码")
    client.force_login(superuser)
    return client


def admin_pages():
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        yield f"admin:{info[0]}_{info[1]}_changelist", ()
        yield f"admin:{info[0]}_{info[1]}_add", ()
    for label in {m._meta.app_label for m in admin.site._registry}:
        yield "admin:app_list", (label,)
    yield "admin:index", ()


@pytest.mark.django_db
def test_every_admin_page_is_chinese(admin_client):
    assert LogEntry.objects.exists()
    found = {}
    checked = 0
    for name, args in admin_pages():
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            continue
        response = admin_client.get(url)
        if response.status_code == 403 and name.endswith("_add"):
            continue  # read-only records (jobs, audit, access logs): no add page to show
        assert response.status_code == 200, url
        checked += 1
        words = english_in(response.content.decode())
        if words:
            found[url] = sorted(words)
    assert checked > 100
    assert found == {}


@pytest.mark.django_db
def test_permissions_and_third_party_columns_are_chinese(admin_client):
    assert Permission.objects.get(codename="view_accessattempt").name == "查看登录尝试"
    assert Permission.objects.get(codename="add_totpdevice").name == "添加动态口令设备"
    assert not Permission.objects.filter(name__startswith="Can ").exists()
    page = admin_client.get(reverse("admin:auth_group_add")).content.decode()
    assert "双因素认证(动态口令) | 动态口令设备 | 添加动态口令设备" in page
    assert "登录防护 | 登录尝试 | 查看登录尝试" in page
    page = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "尝试时间" in page and "登录尝试" in page and "登录防护" in page
    page = admin_client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert "操作日志" in page and "关联编号" in page
    page = admin_client.get(reverse("admin:member_channels_authenticatordevice_add")).content.decode()
    assert "设备名称" in page and "按用户名或电子邮箱搜索" not in page  # the add page has no search
    page = admin_client.get(reverse("admin:member_channels_authenticatordevice_changelist")).content.decode()
    assert "按用户名或电子邮箱搜索" in page and "最近使用时间" in page


def test_denylist_catches_english_in_visible_text_only():
    assert english_in("<p>Select log entry to change</p>") == {"Select", "log entry", "to change"}
    assert english_in("<script>var s = 'Access attempts';</script><p>操作日志</p>") == set()
    assert english_in('<a title="Audit log">日志</a>') == {"Audit log"}


def test_the_committed_catalog_is_compiled_from_the_po():
    """locale/…/django.mo is committed: every entry of the .po must be in it, as written."""
    import ast
    import gettext
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
    catalog = gettext.GNUTranslations((folder / "django.mo").open("rb"))
    entries = re.findall(r'^msgid (".*")\nmsgstr (".*")$', (folder / "django.po").read_text(), re.M)
    assert len(entries) > 80
    for msgid, msgstr in entries[1:]:  # the first is the header
        assert catalog.gettext(ast.literal_eval(msgid)) == ast.literal_eval(msgstr), msgid
