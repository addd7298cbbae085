"""Read a rendered form the way a browser would submit it (names, default values, selected
options, checked boxes), so a test can fill it in and post exactly those fields."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None, action_contains: str | None):
        super().__init__()
        self.form_id, self.action_contains = form_id, action_contains
        self.inside = False
        self.done = False
        self.fields: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self.action = ""
        self._select: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done:
            if (self.form_id and a.get("id") == self.form_id) or (
                self.action_contains and self.action_contains in (a.get("action") or "")
            ):
                self.inside, self.action = True, a.get("action") or ""
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            self.kinds[name] = kind
            if kind in ("checkbox", "radio"):
                self.options.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    self.fields.setdefault(name, []).append(a.get("value", "on"))
                else:
                    self.fields.setdefault(name, [])
            elif kind == "file":
                self.fields.setdefault(name, [])
            elif kind not in ("submit", "button"):
                self.fields[name] = [a.get("value", "")]
        elif tag == "select" and name:
            self._select, self._select_chosen = name, False
            self.kinds[name] = "select"
            self.fields[name] = []
            self.options[name] = []
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self.options[self._select].append(value)
            if "selected" in a or (not self.fields[self._select] and not self._select_chosen):
                self.fields[self._select] = [value]
                self._select_chosen = "selected" in a
        elif tag == "textarea" and name:
            self._textarea = name
            self.kinds[name] = "textarea"
            self.fields[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def read_form(html: str, *, form_id: str | None = None, action_contains: str | None = None) -> _FormReader:
    reader = _FormReader(form_id, action_contains)
    reader.feed(html)
    assert reader.done, f"form {form_id or action_contains} not found"
    return reader


def post_data(reader: _FormReader, **values) -> dict:
    """The fields as a browser sends them (unchecked boxes absent), with `values` filled in; a
    value for a field the form does not have fails the test (it would not be sent)."""
    data: dict = {}
    for name, current in reader.fields.items():
        if reader.kinds.get(name) == "file":
            continue
        if current:
            data[name] = current if len(current) > 1 else current[0]
    for name, value in values.items():
        assert name in reader.fields, f"the rendered form has no field {name!r}"
        if reader.kinds.get(name) in ("select", "radio"):
            options = reader.options[name]
            values_list = value if isinstance(value, list) else [value]
            assert all(str(v) in options for v in values_list), f"{value!r} is not an option of {name}"
        data[name] = value
    return data
