"""The filters of the mission list (django-filter; bad values are ignored)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from sme2go.missions.models import Mission


class MissionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Mission.Status.choices)

    class Meta:
        model = Mission
        fields: list[str] = []
