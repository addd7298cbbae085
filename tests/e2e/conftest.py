"""Browser journeys: Playwright for Python on the system Chromium (/usr/bin/chromium, Debian package
chromium; `playwright install` cannot download here). Screenshots go to var/artifacts/screenshots/."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

# The sync Playwright API runs an event loop in this thread; Django's async-safety check would
# otherwise refuse the ORM calls the tests make between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "screenshots"
AXE_JS = (Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js").read_text()
PASSWORD = "pass-Word-123"  # the factories' password


def nav(page, label: str) -> None:
    """Open a page from the main menu as a user would: expand the collapsed phone menu if needed,
    open the area dropdown the link sits in (cppcc/nav.py groups pages by area), then click it."""
    menu = page.locator("#mainnav")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        expect(menu).to_have_class(re.compile(r"\bshow\b"))  # opened, not still sliding
    link = menu.get_by_role("link", name=label, exact=True, include_hidden=True)
    if not link.is_visible():
        # the inner locator of `has` is queried inside each <li>, so it must not start at #mainnav
        area = menu.locator("li.dropdown").filter(
            has=page.get_by_role("link", name=label, exact=True, include_hidden=True)
        )
        area.locator(".dropdown-toggle").click()
    expect(link).to_be_visible()
    link.click()
    page.wait_for_load_state()


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


# Function scope on purpose: a session-scoped browser starts Playwright's event loop before the
# database fixtures of the first test, and the serialized rollback then restores the default rows
# on a different connection than the test uses (seen after the backup/restore test).
@pytest.fixture
def browser(django_db_serialized_rollback):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page):
    def do_login(username: str, password: str = PASSWORD):
        page.context.clear_cookies()
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        return page

    return do_login


@pytest.fixture
def shot(page):
    """shot("journey-step") saves a full-page screenshot as a CI artifact."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe(page):
    """axe() runs axe-core on the current page and fails on serious or critical WCAG 2.1 A/AA violations."""

    def check(context: str = "") -> list:
        page.evaluate(AXE_JS)
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        details = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in bad
        ]
        assert not bad, f"axe on {context or page.url}:\n" + "\n".join(details)
        return result["violations"]

    return check
