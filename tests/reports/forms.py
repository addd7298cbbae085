"""Read a rendered form as a browser would: its action and the values it would submit."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None, action_contains: str | None):
        super().__init__()
        self.form_id, self.action_contains = form_id, action_contains
        self.inside = False
        self.action = ""
        self.fields: list[dict] = []
        self._textarea: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.action:
            wanted = (self.form_id and a.get("id") == self.form_id) or (
                self.action_contains and self.action_contains in (a.get("action") or "")
            )
            if wanted or (self.form_id is None and self.action_contains is None):
                self.inside, self.action = True, a.get("action") or ""
        elif self.inside and tag in ("input", "button"):
            self.fields.append({"tag": tag, **a})
        elif self.inside and tag == "select":
            self._select = {"tag": tag, **a}
            self.fields.append(self._select)
        elif self.inside and tag == "option" and self._select is not None:
            if "value" not in self._select or "selected" in a:
                self._select["value"] = a.get("value", "")
        elif self.inside and tag == "textarea":
            self._textarea = {"tag": tag, **a, "value": ""}
            self.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None
        if tag == "form" and self.inside:
            self.inside = False


def read_form(
    html: str, *, form_id: str | None = None, action_contains: str | None = None
) -> tuple[str, list[dict]]:
    reader = _FormReader(form_id, action_contains)
    reader.feed(html)
    return reader.action, reader.fields


def browser_data(fields: list[dict], *, tick: bool | list[str] = False) -> dict[str, list[str]]:
    """What a browser posts: text inputs and textareas as rendered, checked checkboxes (and, with
    tick=True, every checkbox; with a list, those names), no buttons."""
    data: dict[str, list[str]] = {}
    for f in fields:
        name = f.get("name")
        if not name or f["tag"] == "button" or f.get("type") == "submit":
            continue
        if f.get("type") == "checkbox":
            on = "checked" in f or tick is True or (isinstance(tick, list) and name in tick)
            if on:
                data.setdefault(name, []).append(f.get("value", "on"))
            continue
        data.setdefault(name, []).append(f.get("value", ""))
    return data
