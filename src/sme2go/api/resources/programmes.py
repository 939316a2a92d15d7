"""Programmes the caller takes part in."""

from typing import Literal

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from sme2go.api.common import READ_ERRORS, Pages, actor, get_visible
from sme2go.api.schemas import Filters, Id, ProgrammeOut
from sme2go.core.tenancy import scoped
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme

router = Router(tags=["programmes"])


class ProgrammeFilters(Filters):
    q: str | None = None
    ordering: Literal["name", "-name", "start_date", "-start_date"] = "-start_date"


def _programmes(request: HttpRequest) -> QuerySet[Programme]:
    return scoped(Programme, actor(request)).prefetch_related(
        Prefetch("partners", queryset=Organisation.objects.order_by("name"))
    )


@router.get("/programmes", response={200: list[ProgrammeOut], **READ_ERRORS})
@paginate(Pages)
def list_programmes(request: HttpRequest, filters: Query[ProgrammeFilters]):
    """Programmes the caller takes part in (operators: as partner; others: enrolled)."""
    programmes = _programmes(request)
    if filters.q:
        programmes = programmes.filter(
            Q(name__icontains=filters.q) | Q(funder__icontains=filters.q)
        )
    return programmes.order_by(filters.ordering, "pk")


@router.get("/programmes/{programme_pk}", response={200: ProgrammeOut, **READ_ERRORS})
def get_programme(request: HttpRequest, programme_pk: Id):
    return get_visible(_programmes(request), request, programme_pk)
