"""The filters of a mission's meeting requests (django-filter; bad values are ignored)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import scoped
from sme2go.organisations.models import Organisation
from sme2go.planning.models import MeetingRequest


def _parties(request, field: str):
    visible = scoped(MeetingRequest, request.user)
    mission_pk = request.resolver_match.kwargs.get("mission_pk")
    return Organisation.objects.filter(
        pk__in=visible.filter(mission=mission_pk).values(field)
    ).order_by("name")


def requesting_companies(request):
    return _parties(request, "requester")


def counterparts(request):
    return _parties(request, "counterpart")


class MeetingRequestFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MeetingRequest.Status.choices, empty_label=_("any")
    )
    company = django_filters.ModelChoiceFilter(
        label=_("Requesting company"),
        field_name="requester",
        queryset=requesting_companies,
        empty_label=_("any"),
    )
    counterpart = django_filters.ModelChoiceFilter(
        label=_("Meet with"), queryset=counterparts, empty_label=_("any")
    )

    class Meta:
        model = MeetingRequest
        fields: list[str] = []


class MyRequestFilterSet(django_filters.FilterSet):
    """The filter of the requests a user is party to across missions."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MeetingRequest.Status.choices, empty_label=_("any")
    )

    class Meta:
        model = MeetingRequest
        fields: list[str] = []
