"""Read a rendered form as a browser would and build the data it would submit."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_index: int, css_class: str):
        super().__init__()
        self.form_index = form_index
        self.css_class = css_class
        self.seen_forms = -1
        self.inside = False
        self.fields: list[dict] = []
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method", "get").lower() == "post"):
            if self.css_class and self.css_class not in (a.get("class") or "").split():
                return
            self.seen_forms += 1
            self.inside = self.seen_forms == self.form_index
            return
        if not self.inside:
            return
        if tag == "input":
            self.fields.append({"tag": "input", **a})
        elif tag == "select":
            self._select = {
                "tag": "select",
                "name": a.get("name"),
                "value": None,
                "disabled": "disabled" in a,
            }
            self.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            if "selected" in a or self._select["value"] is None:
                self._select["value"] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = {"tag": "textarea", "name": a.get("name"), "value": ""}
            self.fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data


def form_data(html: str, *, css_class: str = "", form_index: int = 0) -> dict[str, list[str]]:
    """{name: [values]} that submitting the form unchanged would send: the form_index-th POST
    form (of those with `css_class`, when given)."""
    parser = _FormParser(form_index, css_class)
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for field in parser.fields:
        name = field.get("name")
        if not name or "disabled" in field and field["tag"] == "input":
            continue
        if field["tag"] == "input":
            kind = field.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio") and "checked" not in field:
                continue
            data.setdefault(name, []).append(
                field.get("value", "on" if kind in ("checkbox", "radio") else "")
            )
        elif field.get("disabled"):
            continue
        else:
            data.setdefault(name, []).append(field["value"] or "")
    return data
