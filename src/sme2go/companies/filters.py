"""The filters of the company list (parsed by django-filter; bad values are ignored)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from sme2go.companies.models import CompanyProfile
from sme2go.core.tenancy import scoped
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme
from sme2go.taxonomy.models import Domain


def visible_programmes(request):
    return scoped(Programme, request.user)


class CompanyFilterSet(django_filters.FilterSet):
    domain = django_filters.ModelChoiceFilter(
        label=_("Domain"), field_name="profile__domains", queryset=Domain.objects.all()
    )
    country = django_filters.CharFilter(
        label=_("Home country"), field_name="profile__home_country", max_length=2
    )
    size = django_filters.ChoiceFilter(
        label=_("Size"), field_name="profile__size_band", choices=CompanyProfile.SizeBand.choices
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), field_name="enrolments__programme", queryset=visible_programmes
    )
    recruited_by = django_filters.ModelChoiceFilter(
        label=_("Recruited by"),
        field_name="enrolments__recruited_by",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.OPERATOR),
    )

    class Meta:
        model = Organisation
        fields: list[str] = []
