"""The choice widgets' plain option loop (cppcc/templatetags/portal.py, render_widget) writes the
same HTML as Django's per-option templates, byte for byte."""

import re

import pytest
from django import forms
from django.urls import reverse

from cppcc.templatetags import portal
from tests.factories import CategoryFactory, HandlingUnitFactory


class DisablingSelect(forms.Select):
    """A select whose "closed" option is disabled (as a form may do for an option not on offer)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value == "closed":
            option["attrs"]["disabled"] = True
        return option


GROUPED = [
    ("", "全部"),
    ("市直部门", [("1", "市交通运输局"), ("2", '市"教育"局 <&>')]),
    ("区县", [("3", "甲区"), ("4", "乙县")]),
    ("closed", "已撤销"),
]


class ChoiceForm(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "甲"), ("b", "乙 & 丙")], required=False)
    grouped = forms.ChoiceField(choices=GROUPED, widget=DisablingSelect, help_text="选择承办单位")
    many = forms.MultipleChoiceField(choices=GROUPED[1:3], required=False)
    radio = forms.ChoiceField(choices=[("A", "A类"), ("B", "B类"), ("C", "C类<b>")], widget=forms.RadioSelect)
    grouped_radio = forms.ChoiceField(choices=GROUPED[1:3], widget=forms.RadioSelect, required=False)
    boxes = forms.MultipleChoiceField(
        choices=GROUPED[1:3], widget=forms.CheckboxSelectMultiple(attrs={"class": "x"}), required=False
    )
    flag = forms.NullBooleanField(
        widget=forms.Select(choices=[("", "全部"), ("True", "是"), ("False", "否")])
    )
    categories = forms.ModelChoiceField(queryset=None, required=False)


def _slow(bound_field, attrs):
    return bound_field.as_widget(attrs=dict(attrs))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "b", "grouped": "2", "many": ["1", "4"], "radio": "C", "boxes": ["3"], "flag": "False"},
        {"plain": "zzz", "grouped": "closed", "radio": "", "grouped_radio": "4", "categories": "x"},
    ],
)
def test_choice_widgets_render_as_django_templates(data):
    from proposals.models import Category

    CategoryFactory(name="经济<建设>")
    CategoryFactory(name="教育")
    form = ChoiceForm(data)
    form.fields["categories"].queryset = Category.objects.all()
    if data is not None:
        form.is_valid()  # errors: aria-invalid and aria-describedby on the widgets
    for bound_field in form:
        attrs = {"class": "form-select", "aria-required": "true"}
        if bound_field.errors:
            attrs["aria-invalid"] = "true"
        fast = portal.render_choices(bound_field, attrs)
        assert fast == _slow(bound_field, attrs), bound_field.name
        assert "<option" in fast or "<input" in fast


@pytest.mark.django_db
def test_disabled_and_selected_options_survive():
    form = ChoiceForm({"grouped": "2"})
    html = portal.render_choices(form["grouped"], {})
    assert '<option value="closed" disabled>已撤销</option>' in html
    assert '<option value="2" selected>市&quot;教育&quot;局 &lt;&amp;&gt;</option>' in html
    assert '<optgroup label="区县">' in html
    radios = portal.render_choices(ChoiceForm({"radio": "B"})["radio"], {})
    assert (
        '<label for="id_radio_1"><input type="radio" name="radio" value="B" required id="id_radio_1" checked>'
        in radios
    )


@pytest.mark.django_db
def test_register_page_is_the_same_with_and_without_the_fast_path(client_for, staff_user, monkeypatch):
    HandlingUnitFactory.create_batch(3)
    CategoryFactory()
    client = client_for(staff_user)
    url = reverse("proposals:register") + "?status=handling&key=1"
    fast = client.get(url).content.decode()
    monkeypatch.setattr(portal, "_OPTION_TEMPLATES", {})
    slow = client.get(url).content.decode()
    assert "<select" in fast
    # the CSRF token (and any nonce) differs per response: compare everything else
    strip = lambda html: re.sub(r"[A-Za-z0-9+/=_-]{22,}", "", html)  # noqa: E731
    assert strip(fast) == strip(slow)


def test_the_options_tag_marks_the_chosen_values_and_escapes_labels_once():
    from types import SimpleNamespace

    from cppcc.templatetags.portal import option_pairs, options

    pairs = option_pairs([SimpleNamespace(pk=1, name="交通局"), SimpleNamespace(pk=2, name="<教育>&局")])
    assert options(pairs, 2) == (
        '<option value="1">交通局</option><option value="2" selected>&lt;教育&gt;&amp;局</option>'
    )
    assert options(pairs, {1, 2}).count(" selected") == 2
    assert " selected" not in options(pairs, None)
