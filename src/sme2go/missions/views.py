"""Views of missions and their itinerary: thin wrappers around scoping, forms and
missions.domain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sme2go.core.tenancy import access_for, scoped
from sme2go.core.views import (
    ScopedDetailView,
    ScopedListView,
    form_page,
    get_changeable_or_404,
)
from sme2go.matches.models import MatchProposal
from sme2go.missions import domain
from sme2go.missions.filters import MissionFilterSet
from sme2go.missions.forms import (
    ItineraryDayForm,
    MissionForm,
    ParticipantsForm,
    TravelLegForm,
    VisitForm,
)
from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme


class MissionListView(ScopedListView):
    """Missions the user may see: all of the programme for operators, the ones their
    company takes part in for company users, the ones visiting them for hosts."""

    model = Mission
    template_name = "missions/mission_list.html"
    search_fields = ("title", "description")
    filterset_class = MissionFilterSet

    def base_queryset(self) -> QuerySet[Mission]:
        # Explicit order: Django drops Meta.ordering from aggregating queries.
        return (
            Mission.objects.annotate(company_count=Count("companies", distinct=True))
            .order_by("-start_date", "title")
            .prefetch_related(
                Prefetch(
                    "days", queryset=ItineraryDay.objects.select_related("city").order_by("date")
                )
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["status_choices"] = Mission.Status.choices
        context["can_create"] = _may_create(self.request.user)
        return context


def _may_create(user: Any) -> bool:
    access = access_for(user)
    return (access.is_operator or access.is_superuser) and scoped(
        Programme, user, "change"
    ).exists()


class MissionDetailView(ScopedDetailView):
    """The trip plan, printable on the morning of the trip.

    Operators and participating companies see the whole itinerary. Host and counterpart
    users see the mission summary, the delegation, and only the days on which the
    delegation visits them, with only their own visits (plus that day's travel, so they
    know when the delegation arrives): the rest of the trip is other organisations'
    business.
    """

    model = Mission
    template_name = "missions/mission_detail.html"
    pk_url_kwarg = "mission_pk"

    def base_queryset(self) -> QuerySet[Mission]:
        return Mission.objects.select_related("programme").prefetch_related(
            "destinations",
            Prefetch("companies", queryset=_ordered_companies()),
            Prefetch("staff", queryset=_ordered_staff()),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        mission = self.object
        access = access_for(self.request.user)
        visits = (
            Visit.objects.select_related("organisation")
            .prefetch_related(Prefetch("companies", queryset=_ordered_companies()))
            .order_by("start_time")
        )
        days = ItineraryDay.objects.filter(mission=mission)
        if access.is_host and not access.is_superuser:
            visits = visits.filter(organisation=access.organisation_id)
            days = days.filter(visits__organisation=access.organisation_id).distinct()
        # A list: the visits below get the needs they address attached to them.
        context["days"] = list(
            days.order_by("date")
            .select_related("city")
            .prefetch_related(
                Prefetch(
                    "legs",
                    queryset=TravelLeg.objects.select_related("origin", "destination").order_by(
                        "departure"
                    ),
                ),
                Prefetch("visits", queryset=visits),
            )
        )
        context["partial_itinerary"] = access.is_host and not access.is_superuser
        approved = scoped(
            MatchProposal.objects.filter(status=MatchProposal.Status.APPROVED), self.request.user
        ).select_related("company")
        context["needs"] = (
            scoped(Need.objects.filter(mission=mission), self.request.user)
            .select_related("host", "answered_by")
            .prefetch_related(
                Prefetch("proposals", queryset=approved.order_by("rank"), to_attr="approved")
            )
            .order_by("title")
        )
        _connect_visits(context["days"], context["needs"])
        context["cities"] = _city_summary(context["days"])
        context["destinations"] = _in_trip_order(mission.destinations.all(), context["days"])
        return context


def _in_trip_order(destinations: Any, days: list[ItineraryDay]) -> list[Any]:
    """The destinations in the order the itinerary reaches them (a day in the region or
    in a city of it), the ones no day reaches yet after them, by name."""
    first: dict[int, dt.date] = {}
    for day in days:
        for region_id in (day.city_id, day.city.parent_id):
            if region_id is not None:
                first.setdefault(region_id, day.date)
    never = dt.date.max
    return sorted(destinations, key=lambda region: (first.get(region.pk, never), region.name))


def _connect_visits(days: list[ItineraryDay], needs: QuerySet[Need]) -> None:
    """Give each visit ``addressed_needs``: the needs its host stated on this mission (as
    far as the reader may see them)."""
    by_host: dict[int, list[Need]] = {}
    for need in needs:
        by_host.setdefault(need.host_id, []).append(need)
    for day in days:
        for visit in day.visits.all():
            visit.addressed_needs = by_host.get(visit.organisation_id, [])


@dataclass
class CityStay:
    """The days the delegation spends in one city, for the itinerary's summary."""

    city: Any
    first: dt.date
    last: dt.date
    visits: int = 0
    hosts: list[Organisation] = field(default_factory=list)


def _city_summary(days: list[ItineraryDay]) -> list[CityStay]:
    """Consecutive days (in date order) in the same city as one stay."""
    stays: list[CityStay] = []
    for day in days:
        if not stays or stays[-1].city.pk != day.city_id:
            stays.append(CityStay(day.city, day.date, day.date))
        stay = stays[-1]
        stay.last = day.date
        for visit in day.visits.all():
            stay.visits += 1
            if visit.organisation not in stay.hosts:
                stay.hosts.append(visit.organisation)
    return stays


def _ordered_companies() -> QuerySet:
    return Organisation.objects.order_by("name")


def _ordered_staff() -> QuerySet:
    return (
        get_user_model()
        .objects.select_related("membership__organisation")
        .order_by("last_name", "first_name", "username")
    )


def _mission_url(mission_pk: int, day_pk: int | None = None) -> str:
    url = reverse("missions:detail", kwargs={"mission_pk": mission_pk})
    return f"{url}#day-{day_pk}" if day_pk else url


def _form_page(request: HttpRequest, form: BaseForm, **kwargs: Any) -> HttpResponse:
    """:func:`~sme2go.core.views.form_page` with the missions template, which shows the
    mission (``context={"mission": ...}``) above the form."""
    return form_page(request, form, template="missions/form.html", **kwargs)


def _delete_page(
    request: HttpRequest,
    *,
    obj: Any,
    remove: Callable[[], None],
    title: str,
    warning: str,
    back_url: str,
    success_message: str,
) -> HttpResponse:
    """Ask for confirmation on GET (works without JavaScript); remove on POST."""
    if request.method == "POST":
        remove()
        messages.success(request, success_message)
        return redirect(back_url)
    return render(
        request,
        "missions/confirm_delete.html",
        {"object": obj, "title": title, "warning": warning, "cancel_url": back_url},
    )


# Missions ---------------------------------------------------------------------------------


@login_required
def mission_create(request: HttpRequest) -> HttpResponse:
    if not _may_create(request.user):
        raise PermissionDenied
    form = MissionForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form,
        save=lambda: domain.create_mission(
            actor=request.user, programme=form.cleaned_data["programme"], **form.domain_kwargs()
        ),
        title=_("New mission"),
        back_url=reverse("missions:list"),
        success_url=lambda mission: _mission_url(mission.pk),
        success_message=_("The mission was created. Add its itinerary days next."),
    )


@login_required
def mission_edit(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = get_changeable_or_404(Mission, request, pk=mission_pk)
    form = MissionForm(request.POST or None, instance=mission, user=request.user)
    return _form_page(
        request,
        form,
        save=lambda: domain.update_mission(
            actor=request.user, mission=mission, **form.domain_kwargs()
        ),
        title=_("Edit mission"),
        back_url=_mission_url(mission.pk),
        success_message=_("The mission was saved."),
    )


@login_required
def mission_participants(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = get_changeable_or_404(Mission, request, pk=mission_pk)
    form = ParticipantsForm(request.POST or None, mission=mission)
    return _form_page(
        request,
        form,
        save=lambda: domain.set_mission_participants(
            actor=request.user,
            mission=mission,
            companies=form.cleaned_data["companies"],
            staff=form.cleaned_data["staff"],
        ),
        title=_("Delegation of %(mission)s") % {"mission": mission.title},
        back_url=_mission_url(mission.pk),
        success_message=_("The delegation was saved."),
    )


# Itinerary days ---------------------------------------------------------------------------


def _next_free_day(mission: Mission) -> dict[str, Any]:
    """Suggest the first unplanned date of the mission, in the city of the day before."""
    planned = {day.date: day for day in mission.days.select_related("city")}
    date = mission.start_date
    while date in planned and date < mission.end_date:
        date += dt.timedelta(days=1)
    previous = planned.get(date - dt.timedelta(days=1))
    return {"date": date, "city": previous.city_id if previous else None}


@login_required
def day_create(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = get_changeable_or_404(Mission, request, pk=mission_pk)
    form = ItineraryDayForm(
        request.POST or None,
        instance=ItineraryDay(mission=mission),
        initial=_next_free_day(mission),
    )
    return _form_page(
        request,
        form,
        save=lambda: domain.add_itinerary_day(
            actor=request.user, mission=mission, **form.cleaned_data
        ),
        title=_("Add a day to %(mission)s") % {"mission": mission.title},
        back_url=_mission_url(mission.pk),
        success_url=lambda day: _mission_url(mission.pk, day.pk),
        success_message=_("The day was added."),
        context={"mission": mission},
    )


def _changeable_day(request: HttpRequest, day_pk: int) -> ItineraryDay:
    return get_changeable_or_404(
        ItineraryDay.objects.select_related("mission", "city"), request, pk=day_pk
    )


@login_required
def day_edit(request: HttpRequest, day_pk: int) -> HttpResponse:
    day = _changeable_day(request, day_pk)
    form = ItineraryDayForm(request.POST or None, instance=day)
    return _form_page(
        request,
        form,
        save=lambda: domain.update_itinerary_day(actor=request.user, day=day, **form.cleaned_data),
        title=_("Edit day"),
        back_url=_mission_url(day.mission_id, day.pk),
        success_message=_("The day was saved."),
        context={"mission": day.mission},
    )


@login_required
def day_delete(request: HttpRequest, day_pk: int) -> HttpResponse:
    day = _changeable_day(request, day_pk)
    return _delete_page(
        request,
        obj=day,
        remove=lambda: domain.remove_itinerary_day(actor=request.user, day=day),
        title=_("Remove day %(date)s") % {"date": day.date},
        warning=_("Its travel legs and visits are removed too."),
        back_url=_mission_url(day.mission_id),
        success_message=_("The day was removed."),
    )


# Travel legs ------------------------------------------------------------------------------


@login_required
def leg_create(request: HttpRequest, day_pk: int) -> HttpResponse:
    day = _changeable_day(request, day_pk)
    form = TravelLegForm(request.POST or None, instance=TravelLeg(day=day))
    return _form_page(
        request,
        form,
        save=lambda: domain.add_travel_leg(actor=request.user, day=day, **form.cleaned_data),
        title=_("Add travel on %(day)s") % {"day": day},
        back_url=_mission_url(day.mission_id, day.pk),
        success_message=_("The travel leg was added."),
        context={"mission": day.mission},
    )


def _changeable_leg(request: HttpRequest, leg_pk: int) -> TravelLeg:
    return get_changeable_or_404(
        TravelLeg.objects.select_related("day__mission", "origin", "destination"),
        request,
        pk=leg_pk,
    )


@login_required
def leg_edit(request: HttpRequest, leg_pk: int) -> HttpResponse:
    leg = _changeable_leg(request, leg_pk)
    form = TravelLegForm(request.POST or None, instance=leg)
    return _form_page(
        request,
        form,
        save=lambda: domain.update_travel_leg(actor=request.user, leg=leg, **form.cleaned_data),
        title=_("Edit travel leg"),
        back_url=_mission_url(leg.day.mission_id, leg.day_id),
        success_message=_("The travel leg was saved."),
        context={"mission": leg.day.mission},
    )


@login_required
def leg_delete(request: HttpRequest, leg_pk: int) -> HttpResponse:
    leg = _changeable_leg(request, leg_pk)
    return _delete_page(
        request,
        obj=leg,
        remove=lambda: domain.remove_travel_leg(actor=request.user, leg=leg),
        title=_("Remove travel leg"),
        warning=str(leg),
        back_url=_mission_url(leg.day.mission_id, leg.day_id),
        success_message=_("The travel leg was removed."),
    )


# Visits -----------------------------------------------------------------------------------


@login_required
def visit_create(request: HttpRequest, day_pk: int) -> HttpResponse:
    day = _changeable_day(request, day_pk)
    form = VisitForm(request.POST or None, instance=Visit(day=day), mission=day.mission)
    return _form_page(
        request,
        form,
        save=lambda: domain.add_visit(actor=request.user, day=day, **form.cleaned_data),
        title=_("Add a visit on %(day)s") % {"day": day},
        back_url=_mission_url(day.mission_id, day.pk),
        success_message=_("The visit was added."),
        context={"mission": day.mission},
    )


def _changeable_visit(request: HttpRequest, visit_pk: int) -> Visit:
    return get_changeable_or_404(
        Visit.objects.select_related("day__mission", "organisation"), request, pk=visit_pk
    )


@login_required
def visit_edit(request: HttpRequest, visit_pk: int) -> HttpResponse:
    visit = _changeable_visit(request, visit_pk)
    form = VisitForm(request.POST or None, instance=visit, mission=visit.day.mission)
    return _form_page(
        request,
        form,
        save=lambda: domain.update_visit(actor=request.user, visit=visit, **form.cleaned_data),
        title=_("Edit visit"),
        back_url=_mission_url(visit.day.mission_id, visit.day_id),
        success_message=_("The visit was saved."),
        context={"mission": visit.day.mission},
    )


@login_required
def visit_delete(request: HttpRequest, visit_pk: int) -> HttpResponse:
    visit = _changeable_visit(request, visit_pk)
    return _delete_page(
        request,
        obj=visit,
        remove=lambda: domain.remove_visit(actor=request.user, visit=visit),
        title=_("Remove visit"),
        warning=f"{visit.title} — {visit.organisation.name}",
        back_url=_mission_url(visit.day.mission_id, visit.day_id),
        success_message=_("The visit was removed."),
    )
