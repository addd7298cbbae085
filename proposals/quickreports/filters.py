"""The register's filters; `flag` names one of selectors.flags(), which the figures count."""

import django_filters
from django import forms
from django.db.models import Q

from members.models import HandlingUnit, WorkCommittee

from . import selectors
from .models import QuickCategory, QuickKind, QuickReport, QuickStatus

FLAG_CHOICES = [(name, label) for name, (label, _q) in selectors.flags().items()]


class QuickReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年度", method="filter_year")
    kind = django_filters.ChoiceFilter(choices=QuickKind.choices, label="类型")
    status = django_filters.ChoiceFilter(choices=QuickStatus.choices, label="状态")
    flag = django_filters.ChoiceFilter(choices=FLAG_CHOICES, label="统计口径", method="filter_flag")
    unit = django_filters.ModelChoiceFilter(queryset=HandlingUnit.objects.all(), label="承办单位")
    work_committee = django_filters.ModelChoiceFilter(queryset=WorkCommittee.objects.all(), label="镇街")
    category = django_filters.ModelChoiceFilter(queryset=QuickCategory.objects.all(), label="类别")
    q = django_filters.CharFilter(
        label="关键词", method="filter_q", widget=forms.TextInput(attrs={"maxlength": 50})
    )

    class Meta:
        model = QuickReport
        fields: list[str] = []

    def filter_year(self, qs, name, value):
        return selectors.in_year(qs, int(value)) if value is not None else qs

    def filter_flag(self, qs, name, value):
        return qs.filter(selectors.flags()[value][1]) if value else qs

    def filter_q(self, qs, name, value):
        value = value.strip()[:50]
        return qs.filter(Q(text__icontains=value) | Q(address__icontains=value)) if value else qs
