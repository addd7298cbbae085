"""The preferences page (提醒设置): channels per notice group, staff defaults, quiet hours —
read from the rendered form and submitted as a browser would."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from members.channels import selectors
from members.channels.models import ChannelPreference, DeliveryProfile, GroupDefault
from tests import factories as f
from tests.channels.html_forms import form_data

pytestmark = pytest.mark.django_db
OFFERED = {"email", "sms"}  # e-mail and, in these tests, SMS: 钉钉/企业微信 are not configured
URL = reverse("members:notification_settings")


def form_of(html: str) -> dict[str, list[str]]:
    return form_data(html, css_class="portal-preferences")


@pytest.fixture
def sms_on(settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"  # configured; nothing is sent in these tests


def test_page_shows_staff_defaults_and_saves_unchanged(client, sms_on):
    user = f.MemberFactory().user
    client.force_login(user)
    page = client.get(URL)
    assert page.status_code == 200
    data = form_of(page.content.decode())
    # the staff's defaults (data migration): deadlines by e-mail and SMS, digests by e-mail only
    assert sorted(data["group_deadlines"]) == ["email", "sms"]
    assert data["group_digests"] == ["email"]
    assert data["quiet_start"] == ["22:00"] and data["quiet_end"] == ["07:30"]
    response = client.post(URL, data)
    assert response.status_code == 302
    assert selectors.preferences_of(user=user)["deadlines"] & OFFERED == {"email", "sms"}
    assert ChannelPreference.objects.filter(user=user).count() == 5


def test_member_turns_sms_on_for_events_and_email_off_for_digests(client, sms_on):
    user = f.MemberFactory().user
    client.force_login(user)
    data = form_of(client.get(URL).content.decode())
    data["group_events"] = ["email", "sms"]
    data["group_digests"] = []
    data["quiet_start"] = ["21:30"]
    data["quiet_end"] = ["08:00"]
    response = client.post(URL, data)
    assert response.status_code == 302
    prefs = selectors.preferences_of(user=user)
    assert prefs["events"] & OFFERED == {"email", "sms"} and prefs["digests"] & OFFERED == set()
    profile = DeliveryProfile.objects.get(user=user)
    assert profile.quiet_start == dt.time(21, 30) and profile.quiet_end == dt.time(8, 0)
    # the page shows what was saved
    again = form_of(client.get(URL).content.decode())
    assert sorted(again["group_events"]) == ["email", "sms"] and "group_digests" not in again


def test_bad_quiet_hours_are_refused_in_chinese_and_nothing_is_saved(client, sms_on):
    user = f.MemberFactory().user
    client.force_login(user)
    data = form_of(client.get(URL).content.decode())
    data["quiet_start"] = ["25:99"]
    data["group_events"] = ["sms"]
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "输入一个有效的时间" in response.content.decode() or "有效" in response.content.decode()
    assert not ChannelPreference.objects.filter(user=user).exists()
    # what the person ticked is still ticked
    assert form_of(response.content.decode())["group_events"] == ["sms"]


def test_unconfigured_channels_are_not_offered(client):
    user = f.MemberFactory().user
    client.force_login(user)
    data = form_of(client.get(URL).content.decode())
    assert all(values == ["email"] for name, values in data.items() if name.startswith("group_"))


def test_staff_defaults_apply_to_people_who_have_not_chosen(sms_on):
    user = f.MemberFactory().user
    GroupDefault.objects.filter(group="events").update(sms=True)
    assert "sms" in selectors.channels_for(user=user, group="events")
    ChannelPreference.objects.create(user=user, group="events", email=True, sms=False)
    assert selectors.channels_for(user=user, group="events") == {"email"}


def test_email_master_switch_is_kept(client):
    user = f.MemberFactory().user
    client.force_login(user)
    data = form_of(client.get(URL).content.decode())
    assert data["email_notifications"] == ["on"]
    del data["email_notifications"]
    assert client.post(URL, data).status_code == 302
    user.refresh_from_db()
    assert user.email_notifications is False


def test_only_the_person_may_save_their_preferences():
    from django.core.exceptions import ValidationError

    from members.channels import services

    owner, other = f.MemberFactory().user, f.MemberFactory().user
    with pytest.raises(ValidationError):
        services.preferences_save(
            user=owner,
            by=other,
            choices={"events": {"sms"}},
            quiet_enabled=True,
            quiet_start=dt.time(22),
            quiet_end=dt.time(7),
            email_notifications=True,
        )
    assert not ChannelPreference.objects.filter(user=owner).exists()
