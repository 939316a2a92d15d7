"""The filters of the host and counterpart lists (django-filter; bad values are ignored)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import scoped
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme
from sme2go.regions.models import Region


def visible_programmes(request):
    return scoped(Programme, request.user)


class CounterpartFilterSet(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), field_name="enrolments__programme", queryset=visible_programmes
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), method="in_region"
    )

    class Meta:
        model = Organisation
        fields: list[str] = []

    def in_region(self, queryset: QuerySet, name: str, region: Region) -> QuerySet:
        """Everything inside the region too: a province shows its cities."""
        return queryset.filter(
            Q(region=region)
            | Q(region__parent=region)
            | Q(region__parent__parent=region)
            | Q(region__parent__parent__parent=region)
        )


class HostFilterSet(CounterpartFilterSet):
    host_type = django_filters.ChoiceFilter(label=_("Type"), choices=Organisation.HostType.choices)
