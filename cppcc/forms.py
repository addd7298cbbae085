"""The portal's forms: one home for what every form of the portal does the same way.

Apps write `from cppcc import forms` where they define forms: this module re-exports Django's
fields, widgets and form classes (`forms.CharField`, `forms.ValidationError` …) and replaces
`forms.Form` and `forms.ModelForm` with the portal's, which

- name the field in the message of an empty required field: "请填写「标题」。" for text and
  numbers, "请选择「类别」。" for choices, check boxes and dates, "请上传「附件」。" for files
  (a message a form sets itself stays: only Django's generic "这个字段是必填项。" is replaced);
- show every `DateField` with the portal's date input (cppcc.widgets.DateInput): typed and shown
  as 2026-11-30 whatever the browser's language.

Forms built on Django's own (sign-in, password change) take `PortalFormMixin` first.
"""

from __future__ import annotations

from django import forms as _django_forms
from django.core.exceptions import ValidationError  # noqa: F401
from django.forms.boundfield import *  # noqa: F403
from django.forms.fields import *  # noqa: F403
from django.forms.forms import *  # noqa: F403
from django.forms.formsets import *  # noqa: F403
from django.forms.models import *  # noqa: F403
from django.forms.utils import pretty_name
from django.forms.widgets import *  # noqa: F403

from cppcc.widgets import DateInput as PortalDateInput

HIDDEN_REQUIRED = "页面内容不完整,请刷新页面后重试。"


def _generic(field, code: str) -> set[str]:
    """Django's own messages for `code` along the field's classes (in the active language)."""
    return {
        str(c.default_error_messages[code])
        for c in type(field).__mro__
        if code in getattr(c, "default_error_messages", {})
    }


def required_message(field, label: str) -> str:
    """The message of an empty required field, naming it by its label."""
    widget = field.widget
    if isinstance(field, _django_forms.FileField) or isinstance(widget, _django_forms.ClearableFileInput):
        return f"请上传「{label}」。"
    choosing = (
        _django_forms.ChoiceField,
        _django_forms.ModelChoiceField,
        _django_forms.BooleanField,
        _django_forms.DateField,
        _django_forms.DateTimeField,
        _django_forms.TimeField,
    )
    choosing_widgets = (
        _django_forms.Select,
        _django_forms.RadioSelect,
        _django_forms.CheckboxInput,
        _django_forms.CheckboxSelectMultiple,
        _django_forms.DateInput,
    )
    if isinstance(field, choosing) or isinstance(widget, choosing_widgets):
        return f"请选择「{label}」。"
    return f"请填写「{label}」。"


def field_label(field, name: str) -> str:
    label = str(field.label) if field.label else pretty_name(name)
    return label.strip().rstrip(":：").strip()


def name_required_messages(form) -> None:
    """Give each field whose required message is still Django's generic one a message naming the
    field; explicit messages stay. Run before the form cleans, so labels and `required` changed in
    a subclass's __init__ are seen."""
    for name, field in form.fields.items():
        current = field.error_messages.get("required")
        ours = getattr(field, "_portal_required", None)
        if current is not None and ours != current and str(current) not in _generic(field, "required"):
            continue  # the form's own message
        if field.widget.is_hidden:
            message = HIDDEN_REQUIRED
        else:
            message = required_message(field, field_label(field, name))
        field.error_messages["required"] = field._portal_required = message
        if isinstance(field, _django_forms.DateField) and not isinstance(field, _django_forms.DateTimeField):
            invalid = field.error_messages.get("invalid")
            if invalid is None or str(invalid) in _generic(field, "invalid"):
                field.error_messages["invalid"] = (
                    f"「{field_label(field, name)}」不是有效的日期,请按 2026-11-30 的格式填写。"
                )


def use_portal_date_inputs(form) -> None:
    """Every DateField shown with a date input (Django's, or `type="date"`) gets the portal's."""
    for field in form.fields.values():
        if not isinstance(field, _django_forms.DateField) or isinstance(field, _django_forms.DateTimeField):
            continue
        widget = field.widget
        if type(widget) in (_django_forms.DateInput, _django_forms.TextInput):
            field.widget = PortalDateInput(attrs=widget.attrs)
            field.widget.is_required = field.required


class PortalFormMixin:
    """What every portal form does (see the module's docstring); first among a form's bases."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_portal_date_inputs(self)

    def full_clean(self):
        name_required_messages(self)
        super().full_clean()


class Form(PortalFormMixin, _django_forms.Form):
    pass


class ModelForm(PortalFormMixin, _django_forms.ModelForm):
    pass
