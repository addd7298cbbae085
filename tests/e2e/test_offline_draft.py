"""The installable app offline: the service worker installs, a proposal draft saved without a
connection is queued ("未发送，联网后自动提交") and submitted once the connection returns — exactly once."""

import pytest
from playwright.sync_api import expect

from proposals.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TITLE = "关于在佛堂镇增设公交夜班线路的建议"


def test_draft_saved_offline_is_submitted_once_back_online(page, login, shot):
    factories.CategoryFactory(name="城建环保")
    factories.MemberFactory(user__username="o_member", name="吴晓燕", user__name="吴晓燕")
    page.set_viewport_size({"width": 375, "height": 800})
    login("o_member")
    page.goto("/proposals/new/")
    # the service worker installs and controls the portal
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)") is True
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)

    page.get_by_label("案由").fill(TITLE)
    page.get_by_label("类别").select_option(label="城建环保")
    page.get_by_label("内容").fill("佛堂镇晚间返程需求大,建议增设夜班公交线路并与城区线路衔接。")

    context = page.context
    context.set_offline(True)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("未发送，联网后自动提交")).to_be_visible()
    shot("offline-1-queued")
    assert Proposal.objects.filter(title=TITLE).count() == 0
    # submitting again while offline replaces the queued entry instead of adding a second one
    page.get_by_role("button", name="保存草稿").click()
    assert page.evaluate("JSON.parse(localStorage.getItem('cppcc-offline-queue')).length") == 1

    # a page opened without a connection shows the app shell's offline page
    other = context.new_page()
    other.goto("/members/notifications/")
    expect(other.get_by_role("heading", name="当前处于离线状态")).to_be_visible()
    other.close()

    context.set_offline(False)
    # sent by the page itself, which then opens the saved draft
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible(timeout=15000)
    shot("offline-2-sent")
    assert page.evaluate("JSON.parse(localStorage.getItem('cppcc-offline-queue') || '[]').length") == 0

    # going offline and online again sends nothing more
    context.set_offline(True)
    context.set_offline(False)
    page.reload()
    page.wait_for_load_state("networkidle")
    assert Proposal.objects.filter(title=TITLE).count() == 1
