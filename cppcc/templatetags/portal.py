from django import forms, template
from django.utils.http import urlencode

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
    return bound_field.as_widget(attrs=attrs)


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
