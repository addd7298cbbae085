"""Every form page of the portal submitted empty, as a browser would send it, by a member, a unit
user, staff and a leader: never a 500, never Django's generic "这个字段是必填项。", and the form
pages answer with messages that name the field (cppcc/forms.py).

The pages come from the permission matrix (every named URL, the world's objects): each page a role
opens (200) is read for its POST forms; each form is sent with its hidden inputs, its selects'
first options and everything else empty. Each POST runs in a savepoint rolled back after it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security.matrix import extra_rows
from tests.security.world import ROLES
from tests.test_permission_matrix import MATRIX, module_world, world  # noqa: F401

NAMED = re.compile(r"请(?:填写|选择|上传)「[^」]+」。")
GENERIC = "这个字段是必填项"
SKIP_ACTIONS = ("/logout/", "/accounts/2fa/")


class FormsOfPage(HTMLParser):
    """The POST forms of a page: action and the fields a browser sends when nothing is filled in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = None
            if (a.get("method") or "get").lower() == "post":
                self._form = {"action": a.get("action") or "", "data": {}, "submit": None}
                self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind == "hidden":
                form["data"].setdefault(name, []).append(a.get("value") or "")
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    form["data"].setdefault(name, []).append(a.get("value") or "on")
            elif kind == "submit":
                form["submit"] = form["submit"] or (name, a.get("value") or "")
            elif kind not in ("file", "button", "image", "reset"):
                form["data"].setdefault(name, []).append("")
        elif tag == "textarea" and name:
            form["data"].setdefault(name, []).append("")
        elif tag == "button" and name and (a.get("type") or "submit") == "submit":
            form["submit"] = form["submit"] or (name, a.get("value") or "")
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "first": None, "selected": []}
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["selected"].append(value)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            s = self._select
            values = s["selected"] or ([] if s["multiple"] or s["first"] is None else [s["first"]])
            if values:
                self._form["data"][s["name"]] = values
            self._select = None


def _rows():
    seen = set()
    for row in [*MATRIX, *extra_rows()]:
        key = (row.name, row.case)
        if key not in seen:
            seen.add(key)
            yield row


def _submit_every_form(world, role: str):  # noqa: F811
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])
    column = ROLES.index(role)
    failures, named, generic = [], set(), []
    for row in _rows():
        if row.get.split()[column] != "200":
            continue
        url = reverse(row.name, args=row.args(world) if row.args else []) + (
            f"?{row.query}" if row.query else ""
        )
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        parser = FormsOfPage()
        parser.feed(page.content.decode())
        for form in parser.forms:
            action = form["action"] or url
            if not action.startswith("/") or any(s in action for s in SKIP_ACTIONS):
                continue
            data = dict(form["data"])
            data.pop("csrfmiddlewaretoken", None)
            if form["submit"]:
                data[form["submit"][0]] = [form["submit"][1]]
            with transaction.atomic():
                response = client.post(action, data)
                transaction.set_rollback(True)
            where = f"{role} POST {action} (form on {url})"
            if response.status_code >= 500:
                failures.append(f"{where} -> {response.status_code}")
                continue
            text = response.content.decode(errors="replace") if response.status_code != 302 else ""
            if GENERIC in text:
                generic.append(where)
            if response.status_code in (200, 400) and NAMED.search(text):
                named.add(action.split("?")[0])
    return failures, generic, named


@pytest.mark.parametrize(
    ("role", "expected", "at_least"),
    [
        (
            "member",
            {"/members/self-report/", "/accounts/password/", "/quick/new/", "/consultations/N/respond/"},
            8,
        ),
        ("unit", {"/quick/N/do/answer/", "/consultations/suggestions/N/do/report_progress/"}, 5),
        (
            "staff",
            {
                "/members/duty/add/",
                "/consultations/new/",
                "/briefing/training/new/",
                "/participation/surveys/new/",
                "/reports/annual/",
                "/meetings/N/invite/",
            },
            20,
        ),
        ("leader", {"/consultations/suggestions/N/do/instruct/", "/accounts/password/"}, 3),
    ],
)
def test_every_form_page_submitted_empty_names_the_fields(world, role, expected, at_least):  # noqa: F811
    failures, generic, named = _submit_every_form(world, role)
    assert not failures, "\n".join(failures[:20])
    assert not generic, "generic required message on:\n" + "\n".join(generic[:20])
    named = {re.sub(r"/\d+/", "/N/", path) for path in named}
    assert expected <= named, f"no field-named message on {expected - named}; named on {sorted(named)}"
    assert len(named) >= at_least, sorted(named)
