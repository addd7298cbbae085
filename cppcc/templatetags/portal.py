from django import forms, template
from django.utils.html import escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from cppcc import kept_uploads

register = template.Library()


@register.simple_tag(takes_context=True)
def render_widget(context, bound_field):
    """Render a widget with Bootstrap classes and the ARIA links to its help and error text."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{bound_field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound_field.field.required:
        attrs["aria-required"] = "true"
    if isinstance(widget, forms.FileInput):  # a file chosen on a form that came back is kept
        return kept_uploads.render_file_widget(context.get("request"), bound_field, attrs)
    option_template = getattr(widget, "option_template_name", None)
    if option_template is not None and _OPTION_TEMPLATES.get(widget.template_name) == option_template:
        return render_choices(bound_field, attrs)
    return bound_field.as_widget(attrs=attrs)


# --- choice widgets through a plain loop ---------------------------------------------------------
# Django renders a select or a radio list with one template per option: ~0.4 ms per option, 56 ms
# for a register filter form with 120 units. These widgets (Django's own templates, which the
# portal does not override) are written here with the same HTML, byte for byte
# (tests/test_widget_rendering.py compares both): selected/checked, disabled, optgroups, ids and
# labels for accessibility.
_SELECT = "django/forms/widgets/select.html"
_OPTION_TEMPLATES = {
    _SELECT: "django/forms/widgets/select_option.html",
    "django/forms/widgets/radio.html": "django/forms/widgets/radio_option.html",
    "django/forms/widgets/checkbox_select.html": "django/forms/widgets/checkbox_option.html",
}


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


def _input(option: dict) -> str:
    """django/forms/widgets/input_option.html (with input.html) of a radio or checkbox."""
    value = "" if option["value"] is None else format_html(' value="{}"', option["value"])
    tag = format_html(
        '<input type="{}" name="{}"{}{}>\n', option["type"], option["name"], value, _attrs(option["attrs"])
    )
    if not option["wrap_label"]:
        return mark_safe(tag + "\n\n")
    target = option["attrs"].get("id")
    label_for = format_html(' for="{}"', target) if target else ""
    return format_html("<label{}>{} {}</label>\n\n", label_for, tag, option["label"])


def render_choices(bound_field, attrs: dict) -> str:
    """BoundField.as_widget(attrs=attrs) of a Select, SelectMultiple, RadioSelect or
    CheckboxSelectMultiple, without a template per option."""
    widget = bound_field.field.widget
    attrs = bound_field.build_widget_attrs(attrs, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    ctx = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    parts = []
    if widget.template_name == _SELECT:
        parts.append(format_html('<select name="{}"{}>', ctx["name"], _attrs(ctx["attrs"])))
        for group_name, options, _index in ctx["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.append(
                format_html_join(
                    "",
                    '\n  <option value="{}"{}>{}</option>\n',
                    ((o["value"], _attrs(o["attrs"]), o["label"]) for o in options),
                )
            )
            if group_name:
                parts.append(mark_safe("\n  </optgroup>"))
        parts.append(mark_safe("\n</select>"))
        return mark_safe("".join(parts))
    target, css = ctx["attrs"].get("id"), ctx["attrs"].get("class")
    parts.append(
        format_html(
            "<div{}{}>",
            format_html(' id="{}"', target) if target else "",
            format_html(' class="{}"', css) if css else "",
        )
    )
    for group_name, options, _index in ctx["optgroups"]:
        if group_name:
            parts.append(format_html("\n  <div><label>{}</label>", group_name))
        parts.extend(format_html("<div>\n    {}</div>", _input(o)) for o in options)
        if group_name:
            parts.append(mark_safe("\n  </div>"))
    parts.append(mark_safe("\n</div>"))
    return mark_safe("".join(parts))


@register.simple_tag
def options(pairs, selected):
    """The <option> elements of `pairs` — (value, already escaped label), see `option_pairs` — with
    `selected` (one value or a set of them) marked. For pages that repeat a long select on every
    row (批量审查交办: 50 rows × 120 units), where even the plain loop above costs too much."""
    chosen = selected if isinstance(selected, set | frozenset | list | tuple) else {selected}
    return mark_safe(
        "".join(
            f'<option value="{value}" selected>{label}</option>'
            if value in chosen
            else f'<option value="{value}">{label}</option>'
            for value, label in pairs
        )
    )


def option_pairs(objects, label: str = "name") -> list[tuple[int, str]]:
    """(pk, escaped label) of each object, escaped once for all the selects of a page."""
    return [(obj.pk, escape(getattr(obj, label))) for obj in objects]


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def hidden_errors(hidden_fields):
    """The error texts of a form's hidden fields, labelled where the field has a label (a hidden
    input has no place of its own to show them)."""
    return [f"{f.label}:{e}" if f.label else e for f in hidden_fields for e in f.errors]
