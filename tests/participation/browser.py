"""Read a rendered HTML form and build the POST a browser would send from it."""

from __future__ import annotations

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get"), "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form["fields"].append((a.get("name"), None, kind))
            elif kind != "submit" and a.get("name"):
                default = "on" if kind in ("checkbox", "radio") else ""  # what a browser sends
                self._form["fields"].append((a["name"], a.get("value", default), kind))
        elif tag == "textarea":
            self._textarea = [a.get("name"), ""]
        elif tag == "select":
            self._select = [a.get("name"), None, a.get("multiple") is not None]
        elif tag == "option" and self._select is not None:
            first_of_single = self._select[1] is None and not self._select[2]
            if "selected" in a or first_of_single:
                self._select[1] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["fields"].append((self._textarea[0], self._textarea[1].lstrip("\n"), "textarea"))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self._form["fields"].append((self._select[0], self._select[1] or "", "select"))
            self._select = None


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_data(html: str, *, action_contains: str = "", method: str = "post", **overrides) -> dict:
    """The data a browser posts from the first matching form, with the user's `overrides`
    (fields the form does not render are refused: that is the bug this catches)."""
    for form in forms_of(html):
        if form["method"].lower() != method or action_contains not in form["action"]:
            continue
        if not action_contains and "logout" in form["action"]:
            continue  # the navigation's 退出 form
        data: dict = {}
        names = set()
        for name, value, _kind in form["fields"]:
            names.add(name)
            if value is not None:
                data.setdefault(name, []).append(value)
        for key, value in overrides.items():
            assert key in names, f"the form has no field {key!r}: {sorted(n for n in names if n)}"
            data[key] = value if isinstance(value, list) else [value]
        return {k: v if len(v) > 1 else v[0] for k, v in data.items()}
    raise AssertionError(f"no {method} form with action containing {action_contains!r}")
