"""The register's filters; the GET parameters are a contract with the dashboard's links."""

import django_filters
from django import forms
from django.db.models import Q

from cppcc.params import id_param, year_param
from members.bodies.widgets import SingleMemberPicker
from members.models import HandlingUnit, Plenary

from .models import Category, Proposal, ProposalStatus, accepted_q, overdue_q
from .search import search


def flag_widget() -> forms.Select:
    """全部 / 是 / 否 (Django's NullBooleanSelect would say 未知 for "any")."""
    return forms.Select(choices=[("", "全部"), ("True", "是"), ("False", "否")])


class ProposalFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year", label="年度")
    plenary = django_filters.ModelChoiceFilter(queryset=Plenary.objects.select_related("term"), label="会议")
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all(), label="类别")
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices, label="状态")
    unit = django_filters.ModelChoiceFilter(
        queryset=HandlingUnit.objects.all(), label="承办单位", method="filter_unit"
    )
    proposer = django_filters.NumberFilter(
        label="提案人", method="filter_proposer", widget=SingleMemberPicker()
    )
    proposer_type = django_filters.ChoiceFilter(choices=Proposal.ProposerType.choices, label="提案者类型")
    key = django_filters.BooleanFilter(label="重点提案", method="filter_flag", widget=flag_widget())
    overdue = django_filters.BooleanFilter(label="超期未答复", method="filter_flag", widget=flag_widget())
    adopted = django_filters.BooleanFilter(label="被采纳(A/B类)", method="filter_flag", widget=flag_widget())
    replied = django_filters.BooleanFilter(label="已答复", method="filter_flag", widget=flag_widget())
    accepted = django_filters.BooleanFilter(label="已立案", method="filter_flag", widget=flag_widget())
    q = django_filters.CharFilter(label="关键词", method="filter_q")
    # exactly the rows a dashboard figure counts (proposals.selectors.proposal_figures)
    figure = django_filters.CharFilter(method="filter_figure", widget=forms.HiddenInput)

    class Meta:
        model = Proposal
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            # numbers and ids that cannot be ours (garbage, 20 digits) are ignored, not sent to SQL
            if "year" in data and year_param(data.get("year")) is None:
                del data["year"]
            for name in ("plenary", "category", "unit", "proposer"):
                if name in data and id_param(data.get(name)) is None:
                    del data[name]
            for flag in ("key", "overdue", "adopted", "replied", "accepted"):
                if data.get(flag) in ("1", "true"):
                    data[flag] = "True"
                elif data.get(flag) in ("0", "false"):
                    data[flag] = "False"
        super().__init__(data, *args, **kwargs)

    def filter_unit(self, qs, name, value):
        return qs.filter(assignments__unit=value, assignments__is_active=True).distinct() if value else qs

    def filter_proposer(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(signers__member_id=value).exclude(signers__answer="declined").distinct()

    def filter_flag(self, qs, name, value):
        if value is None:
            return qs
        cond = {
            "key": Q(is_key=True),
            "accepted": accepted_q(),
            "overdue": overdue_q(),
            "adopted": Q(number__isnull=False, replied_on__isnull=False, reply_class__adopted=True),
            "replied": Q(number__isnull=False, replied_on__isnull=False),
        }[name]
        return qs.filter(cond) if value else qs.exclude(cond)

    def filter_figure(self, qs, name, value):
        from .selectors import proposal_figures

        cond = proposal_figures().get(value)
        return qs.filter(cond) if cond is not None else qs

    def filter_q(self, qs, name, value):
        return search(qs, value)
