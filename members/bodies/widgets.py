"""The people picker as a form widget: type part of a name, filter by 界别 / 专委会 / 镇街, add one
person or a whole group. Server-rendered htmx fragments (bodies:picker, bodies:picker_chips); the
chosen people are checked checkboxes named like the field, so the form posts plain ids."""

from django import forms

from . import selectors


class MemberPicker(forms.Widget):
    template_name = "bodies/picker/widget.html"

    def __init__(self, attrs=None, multiple: bool = True):
        super().__init__(attrs)
        self.multiple = multiple

    def format_value(self, value):
        if value in (None, ""):
            return []
        values = value if isinstance(value, (list, tuple, set)) else [value]
        ids = []
        for v in values:
            v = getattr(v, "pk", v)
            try:
                ids.append(int(v))
            except (TypeError, ValueError):
                continue
        return ids

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        ids = self.format_value(value)
        context["widget"].update(
            {
                "multiple": self.multiple,
                "selected": selectors.picker_members(ids) if ids else [],
                **selectors.picker_options(),
            }
        )
        return context

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        values = [v for v in values if v]
        return values[-1] if values else None

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty selection is a value (nobody chosen), not an omitted field


class SingleMemberPicker(MemberPicker):
    def __init__(self, attrs=None):
        super().__init__(attrs, multiple=False)


class ProposalPicker(forms.Widget):
    """Choose a proposal by typing part of its 案由 or its number (并案's 主提案), not its database id."""

    template_name = "bodies/picker/proposal_widget.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        ids = MemberPicker().format_value(value)
        context["widget"]["selected"] = selectors.proposals_by_id(ids) if ids else []
        return context

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        values = [v for v in values if v]
        return values[-1] if values else None
