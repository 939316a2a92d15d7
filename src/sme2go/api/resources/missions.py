"""Missions with their itinerary: days, travel legs and visits."""

from typing import Literal

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from sme2go.api import common
from sme2go.api.common import READ_ERRORS, WRITE_ERRORS, Pages, actor, get_visible
from sme2go.api.schemas import DayIn, DayOut, Filters, Id, MissionOut
from sme2go.core.tenancy import access_for, scoped
from sme2go.missions import domain
from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
from sme2go.organisations.models import Organisation
from sme2go.regions.models import Region

router = Router(tags=["missions"])


class MissionFilters(Filters):
    programme: Id | None = None
    status: Literal["planning", "confirmed", "done", "cancelled"] | None = None
    q: str | None = None
    ordering: Literal["start_date", "-start_date", "title", "-title"] = "-start_date"


def _days(request: HttpRequest) -> QuerySet[ItineraryDay]:
    """Itinerary days as the mission page shows them: hosts and counterparts see only the
    days the delegation visits them, with only their own visits."""
    access = access_for(actor(request))
    days = ItineraryDay.objects.select_related("city").order_by("date")
    visits = Visit.objects.select_related("organisation").order_by("start_time", "pk")
    if access.is_host and not access.is_superuser:
        visits = visits.filter(organisation=access.organisation_id)
        days = days.filter(visits__organisation=access.organisation_id).distinct()
    return days.prefetch_related(
        Prefetch(
            "legs",
            queryset=TravelLeg.objects.select_related("origin", "destination").order_by(
                "departure", "pk"
            ),
        ),
        Prefetch("visits", queryset=visits),
    )


def _missions(request: HttpRequest) -> QuerySet[Mission]:
    return scoped(
        Mission.objects.select_related("programme").prefetch_related(
            Prefetch("destinations", queryset=Region.objects.order_by("name")),
            Prefetch("companies", queryset=Organisation.objects.order_by("name")),
            Prefetch("days", queryset=_days(request), to_attr="visible_days"),
        ),
        actor(request),
    )


@router.get("/missions", response={200: list[MissionOut], **READ_ERRORS})
@paginate(Pages)
def list_missions(request: HttpRequest, filters: Query[MissionFilters]):
    """Missions the caller may see, each with its itinerary."""
    missions = _missions(request)
    if filters.programme is not None:
        missions = missions.filter(programme=filters.programme)
    if filters.status is not None:
        missions = missions.filter(status=filters.status)
    if filters.q:
        missions = missions.filter(
            Q(title__icontains=filters.q) | Q(description__icontains=filters.q)
        )
    return missions.order_by(filters.ordering, "pk")


@router.get("/missions/{mission_pk}", response={200: MissionOut, **READ_ERRORS})
def get_mission(request: HttpRequest, mission_pk: Id):
    return get_visible(_missions(request), request, mission_pk)


@router.get("/missions/{mission_pk}/days", response={200: list[DayOut], **READ_ERRORS})
def list_days(request: HttpRequest, mission_pk: Id):
    """The itinerary of one mission (as much of it as the caller may see)."""
    return get_visible(_missions(request), request, mission_pk).visible_days


@router.post("/missions/{mission_pk}/days", response={201: DayOut, **WRITE_ERRORS})
def add_day(request: HttpRequest, mission_pk: Id, payload: DayIn):
    """Add an itinerary day (``missions.domain.add_itinerary_day``)."""
    mission = get_visible(Mission, request, mission_pk)
    city = common.reference(Region, None, payload.city, "city")
    day = domain.add_itinerary_day(
        actor=actor(request), mission=mission, date=payload.date, city=city, notes=payload.notes
    )
    return Status(201, _days(request).get(pk=day.pk))
