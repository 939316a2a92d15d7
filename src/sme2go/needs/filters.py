"""The filters of the needs register (django-filter); choices come from what the user may
see, and a value that is not one of them is ignored."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import scoped
from sme2go.missions.models import Mission
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.regions.forms import RegionChoiceField
from sme2go.taxonomy.models import Domain


class RegionFilter(django_filters.Filter):
    """A region chosen from the full-path labels of :class:`RegionChoiceField`."""

    field_class = RegionChoiceField


def hosts_of_visible_needs(request):
    return Organisation.objects.filter(pk__in=scoped(Need, request.user).values("host")).order_by(
        "name"
    )


def visible_missions(request):
    return scoped(Mission, request.user).order_by("-start_date")


class NeedFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Need.Status.choices, empty_label=_("any")
    )
    host = django_filters.ModelChoiceFilter(
        label=_("Host"), queryset=hosts_of_visible_needs, empty_label=_("any")
    )
    domain = django_filters.ModelChoiceFilter(
        label=_("Domain"), field_name="domains", queryset=Domain.objects.all(), empty_label=_("any")
    )
    mission = django_filters.ModelChoiceFilter(
        label=_("Heard on mission"), queryset=visible_missions, empty_label=_("any")
    )
    region = RegionFilter(label=_("Region"), empty_label=_("any"))

    class Meta:
        model = Need
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.form.fields["region"]
        region.queryset = region.queryset.filter(
            pk__in=scoped(Need, self.request.user).values("region")
        )
