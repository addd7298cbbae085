import io
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from members.models import HandlingUnit, Member, Plenary, Role, Sector, User, WorkCommittee
from tests import factories

pytestmark = pytest.mark.django_db


def test_roles_exist_after_migrate_with_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"委员", "机关工作人员", "承办单位", "领导", "系统管理员"} <= names
    staff = Group.objects.get(name="机关工作人员")
    assert staff.permissions.filter(codename="change_member").exists()
    assert not staff.permissions.filter(codename="change_user").exists()
    leader = Group.objects.get(name="领导")
    assert leader.permissions.filter(codename="view_member").exists()
    assert not leader.permissions.exclude(codename__startswith="view_").exists()
    assert Permission.objects.filter(content_type__app_label="members").count() > 0


def test_default_lists_loaded_by_migration():
    assert Sector.objects.filter(name="九三学社").exists()
    assert WorkCommittee.objects.count() == 14
    assert WorkCommittee.objects.filter(name="佛堂镇", kind="town").exists()


def _urls_without_arguments(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            if entry.namespace == "admin":
                continue
            yield from _urls_without_arguments(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            yield f"{prefix}{entry.name}"


def test_anonymous_requests_go_to_login(client):
    public = {"login", "health", "login_phone", "service_worker", "offline", "captcha-refresh"}
    # + the public site (consultations/participation)
    names = [
        n for n in _urls_without_arguments() if n not in public and not n.startswith("participation:public_")
    ]
    assert "home" in names and "members:notifications" in names
    for name in names:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_login_and_health_are_public(client):
    assert client.get(reverse("login")).status_code == 200
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.parametrize("role", ["member", "staff", "unit", "leader", "admin"])
def test_each_role_lands_on_its_home_page(make_user, client_for, role):
    user = make_user(role)
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-CN"' in html
    assert user.display_name in html


def test_directory_is_for_members_staff_and_leaders_not_units(make_user, client_for):
    for role, expected in [("member", 200), ("staff", 200), ("leader", 200), ("unit", 403)]:
        response = client_for(make_user(role)).get(reverse("members:directory"))
        assert response.status_code == expected, role


def test_admin_is_for_staff_only(make_user, client_for):
    assert client_for(make_user("staff")).get("/admin/").status_code == 200
    response = client_for(make_user("member")).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_contact_details_only_for_staff(make_user, client_for):
    member = factories.MemberFactory(phone="13900001111")
    assert "13900001111" in client_for(make_user("staff")).get(member.get_absolute_url()).content.decode()
    assert (
        "13900001111" not in client_for(make_user("member")).get(member.get_absolute_url()).content.decode()
    )


def test_wrong_password_gets_chinese_message_and_keeps_username(client):
    factories.UserFactory(username="zhang")
    response = client.post(reverse("login"), {"username": "zhang", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "用户名或密码不正确" in html
    assert 'value="zhang"' in html


def test_repeated_login_failures_are_throttled(client, settings):
    factories.UserFactory(username="li")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "li", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "li", "password": "pass-Word-123"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_successful_login_lands_home(client):
    factories.UserFactory(username="wang")
    response = client.post(reverse("login"), {"username": "wang", "password": "pass-Word-123"})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_unit_user_requires_a_unit():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="nounit", role=Role.UNIT)


def test_seed_demo_twice_leaves_the_same_row_counts():
    call_command("seed_demo", stdout=io.StringIO())
    models = [Member, User, HandlingUnit, Plenary]
    first = {m: m.objects.count() for m in models}
    assert first[Member] >= 350 and first[HandlingUnit] >= 60
    call_command("seed_demo", stdout=io.StringIO())
    assert {m: m.objects.count() for m in models} == first
    for username, role in [("member", "member"), ("staff", "staff"), ("unit", "unit"), ("leader", "leader")]:
        assert User.objects.get(username=username).role == role


def test_production_settings_refuse_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    env["DJANGO_SETTINGS_MODULE"] = "cppcc.settings.production"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    env.update(SECRET_KEY="x" * 60, ALLOWED_HOSTS="portal.example.cn")
    ok = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
