"""Filters of the member directory and the roster export (GET parameters sector, committee,
work_committee, position, term, q, active)."""

import django_filters
from django.db.models import Q

from .models import Member, Position, Sector, SpecialCommittee, Term, WorkCommittee


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="姓名或工作单位", method="filter_q")
    sector = django_filters.ModelChoiceFilter(
        label="界别", queryset=Sector.objects.all(), empty_label="全部界别"
    )
    committee = django_filters.ModelChoiceFilter(
        label="专委会",
        field_name="special_committees",
        queryset=SpecialCommittee.objects.all(),
        empty_label="全部专委会",
    )
    work_committee = django_filters.ModelChoiceFilter(
        label="镇街工委", queryset=WorkCommittee.objects.all(), empty_label="全部镇街"
    )
    position = django_filters.ChoiceFilter(label="政协职务", choices=Position.choices, empty_label="全部职务")
    term = django_filters.ModelChoiceFilter(
        label="届次", field_name="terms", queryset=Term.objects.all(), empty_label="全部届次"
    )
    active = django_filters.ChoiceFilter(
        label="在任",
        field_name="is_active",
        choices=[("1", "在任"), ("0", "不在任")],
        empty_label="全部",
        method="filter_active",
    )

    class Meta:
        model = Member
        fields = ["q", "sector", "committee", "work_committee", "position", "term", "active"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(work_unit__icontains=value))

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1") if value in ("0", "1") else queryset
