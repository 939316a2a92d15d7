"""The filters of the lead list (django-filter; bad values are ignored)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import scoped
from sme2go.followup.models import Lead
from sme2go.missions.models import Mission


def missions(request):
    return scoped(Mission, request.user).order_by("-start_date")


class LeadFilterSet(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=Lead.Stage.choices, empty_label=_("any")
    )
    mission = django_filters.ModelChoiceFilter(
        label=_("Mission"), queryset=missions, empty_label=_("any")
    )
    mine = django_filters.BooleanFilter(
        label=_("Only leads I own"),
        method="filter_mine",
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = Lead
        fields = ["stage", "mission"]

    def filter_mine(self, queryset, name, value):
        return queryset.filter(owner=self.request.user) if value else queryset
