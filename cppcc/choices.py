"""Option lists of filter forms (units, categories, plenaries) cached under the data version.

A ModelChoiceField reads its queryset on every render; the lists change only with the data, so
`cache_model_choices(form, "unit", ...)` gives each field's widget a list of options cached under
the data version (cppcc/datacache.py). A submitted value is still checked against the queryset
(the field itself is left alone)."""

from __future__ import annotations

import hashlib

from django import forms

from .datacache import versioned


def _choice_list(field: forms.ModelChoiceField) -> list[tuple]:
    return [(getattr(value, "value", value), str(label)) for value, label in field.choices]


def cache_model_choices(form: forms.BaseForm, *names: str) -> None:
    """Cache the options of the named fields (every model choice field when none is named)."""
    for name in names or list(form.fields):
        field = form.fields.get(name)
        if not isinstance(field, forms.ModelChoiceField) or isinstance(field, forms.ModelMultipleChoiceField):
            continue
        # the same queryset and empty label give the same list, whatever the form
        query = f"{field.queryset.query}|{field.empty_label}|{field.label_from_instance.__qualname__}"
        key = hashlib.blake2b(query.encode(), digest_size=8).hexdigest()
        field.widget.choices = versioned(
            "choices", field.queryset.model._meta.label_lower, key, compute=lambda f=field: _choice_list(f)
        )
