"""Read a rendered form as a browser would: the fields it submits and their current values."""

from __future__ import annotations

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "fields": {}, "names": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        name = a.get("name")
        if tag == "input" and name:
            self._form["names"].append(name)
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                fields.setdefault(name, []).append(a.get("value", ""))
        elif tag == "button" and name:
            self._form["names"].append(name)  # submitted only when clicked
        elif tag == "select" and name:
            self._form["names"].append(name)
            self._select = name
            fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            fields[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._form["names"].append(name)
            self._textarea = name
            fields[name] = [""]

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms_in(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_with(html: str, action: str = "") -> dict:
    """The form posting to `action` ("" = the page itself): {"names": [...], "fields": {name: [values]}}."""
    for form in forms_in(html):
        if form["action"] == action:
            return form
    raise AssertionError(f"no form with action {action!r}")
