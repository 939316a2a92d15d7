"""Write paths of missions: the trip, its delegation, itinerary days, travel legs and visits.

Every function is keyword-only, runs in one transaction, validates with ``full_clean()``
and raises :class:`~django.core.exceptions.ValidationError` (keyed by field) on bad input
and :class:`~django.core.exceptions.PermissionDenied` when ``actor`` may not write.
``actor=None`` means the system itself (demo loader, CLI batch jobs) and skips the
permission check; views always pass the requesting user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from sme2go.core.content_language import original_columns, translation_columns
from sme2go.core.domain import (
    apply_changes,
    check_fields,
    domain_write,
    require_change,
    save_changes,
)
from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Enrolment, Programme
from sme2go.regions.models import Region

MISSION_FIELDS = frozenset({"title", "description", "start_date", "end_date", "status"})
DAY_FIELDS = frozenset({"date", "city", "notes"})
LEG_FIELDS = frozenset({"origin", "destination", "mode", "departure", "duration_minutes", "notes"})
VISIT_FIELDS = frozenset(
    {"organisation", "title", "original_language", "place", "start_time", "end_time", "notes"}
    # The title in other languages (title_fi, title_zh_hans…).
    | translation_columns(Visit)
)


def participating_company_choices(programme: Programme | int) -> models.QuerySet[Organisation]:
    """Companies that may join a mission of ``programme``: actively enrolled in it."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.COMPANY,
        enrolments__programme=programme,
        enrolments__status=Enrolment.Status.ACTIVE,
    ).order_by("name")


def staff_choices(programme: Programme | int) -> models.QuerySet:
    """Users who may travel as staff: members of the programme's partner operators."""
    return (
        get_user_model()
        .objects.filter(membership__organisation__partner_of=programme, is_active=True)
        .select_related("membership__organisation")
        .order_by("membership__organisation__name", "last_name", "first_name", "username")
    )


def visit_organisation_choices(programme: Programme | int) -> models.QuerySet[Organisation]:
    """Organisations a delegation may visit: hosts and counterparts enrolled in ``programme``."""
    return Organisation.objects.filter(
        kind__in=[Organisation.Kind.HOST, Organisation.Kind.COUNTERPART],
        enrolments__programme=programme,
    ).order_by("name")


# Missions ---------------------------------------------------------------------------------


def _save_mission(mission: Mission, destinations: Iterable[Region] | None) -> Mission:
    mission.full_clean()
    if mission.pk is not None:
        # Shrinking the dates must not strand days of the itinerary outside the trip.
        stranded = mission.days.exclude(
            date__range=(mission.start_date, mission.end_date)
        ).order_by("date")
        if stranded:
            raise ValidationError(
                {
                    "start_date": _(
                        "The itinerary has days outside these dates: %(dates)s. "
                        "Move or remove them first."
                    )
                    % {"dates": ", ".join(str(day.date) for day in stranded)}
                }
            )
    mission.save()
    if destinations is not None:
        mission.destinations.set(list(destinations))
    return mission


@domain_write
def create_mission(
    *,
    actor: Any,
    programme: Programme,
    title: str,
    start_date: dt.date,
    end_date: dt.date,
    description: str = "",
    status: str = Mission.Status.PLANNING,
    destinations: Iterable[Region] = (),
) -> Mission:
    """Create a mission of ``programme``; only its partner operators may."""
    require_change(actor, programme)
    mission = Mission(
        programme=programme,
        title=title,
        start_date=start_date,
        end_date=end_date,
        description=description,
        status=status,
    )
    return _save_mission(mission, destinations)


@domain_write
def update_mission(
    *, actor: Any, mission: Mission, destinations: Iterable[Region] | None = None, **changes: Any
) -> Mission:
    """Change fields of :data:`MISSION_FIELDS` and, when given, the destinations.

    New dates must still contain every itinerary day (error on ``start_date``).
    """
    require_change(actor, mission)
    apply_changes(mission, changes, MISSION_FIELDS, function="update_mission")
    return _save_mission(mission, destinations)


@domain_write
def set_mission_participants(
    *, actor: Any, mission: Mission, companies: Iterable[Organisation], staff: Iterable[Any]
) -> Mission:
    """Replace the delegation: participating companies and travelling operator staff.

    Companies must be actively enrolled in the mission's programme; staff must be members
    of one of its partner operators (errors on ``companies`` / ``staff``).
    """
    require_change(actor, mission)
    companies = list(companies)
    staff = list(staff)
    errors: dict[str, str] = {}
    allowed_companies = set(
        participating_company_choices(mission.programme_id).values_list("pk", flat=True)
    )
    outsiders = [c for c in companies if c.pk not in allowed_companies]
    if outsiders:
        errors["companies"] = _("Not enrolled in the programme: %(names)s.") % {
            "names": ", ".join(c.name for c in outsiders)
        }
    allowed_staff = set(staff_choices(mission.programme_id).values_list("pk", flat=True))
    strangers = [u for u in staff if u.pk not in allowed_staff]
    if strangers:
        errors["staff"] = _("Not staff of a partner operator: %(names)s.") % {
            "names": ", ".join(u.get_username() for u in strangers)
        }
    if errors:
        raise ValidationError(errors)
    mission.companies.set(companies)
    mission.staff.set(staff)
    return mission


# Itinerary days ---------------------------------------------------------------------------


def _save_day(day: ItineraryDay) -> ItineraryDay:
    day.full_clean(validate_constraints=False)
    # Checked here rather than by the unique constraint so the error lands on the field.
    if (
        ItineraryDay.objects.filter(mission_id=day.mission_id, date=day.date)
        .exclude(pk=day.pk)
        .exists()
    ):
        raise ValidationError({"date": _("The itinerary already has this day.")})
    day.save()
    return day


@domain_write
def add_itinerary_day(
    *, actor: Any, mission: Mission, date: dt.date, city: Region, notes: str = ""
) -> ItineraryDay:
    """Add a day in ``city`` to the itinerary; the date must fall within the mission and
    not be planned already (errors on ``date``)."""
    require_change(actor, mission)
    return _save_day(ItineraryDay(mission=mission, date=date, city=city, notes=notes))


@domain_write
def update_itinerary_day(*, actor: Any, day: ItineraryDay, **changes: Any) -> ItineraryDay:
    """Change fields of :data:`DAY_FIELDS`; same rules as :func:`add_itinerary_day`."""
    require_change(actor, day)
    apply_changes(day, changes, DAY_FIELDS, function="update_itinerary_day")
    return _save_day(day)


@domain_write
def remove_itinerary_day(*, actor: Any, day: ItineraryDay) -> None:
    """Remove a day together with its travel legs and visits."""
    require_change(actor, day)
    day.delete()


# Travel legs ------------------------------------------------------------------------------


@domain_write
def add_travel_leg(
    *,
    actor: Any,
    day: ItineraryDay,
    origin: Region,
    destination: Region,
    mode: str,
    duration_minutes: int,
    departure: dt.time | None = None,
    notes: str = "",
) -> TravelLeg:
    """Add travel on ``day`` from ``origin`` to another ``destination`` taking some time."""
    require_change(actor, day)
    leg = TravelLeg(
        day=day,
        origin=origin,
        destination=destination,
        mode=mode,
        duration_minutes=duration_minutes,
        departure=departure,
        notes=notes,
    )
    leg.full_clean()
    leg.save()
    return leg


@domain_write
def update_travel_leg(*, actor: Any, leg: TravelLeg, **changes: Any) -> TravelLeg:
    """Change fields of :data:`LEG_FIELDS`; same rules as :func:`add_travel_leg`."""
    require_change(actor, leg)
    return save_changes(leg, changes, LEG_FIELDS, function="update_travel_leg")


@domain_write
def remove_travel_leg(*, actor: Any, leg: TravelLeg) -> None:
    require_change(actor, leg)
    leg.delete()


# Visits -----------------------------------------------------------------------------------


def _save_visit(visit: Visit, companies: Iterable[Organisation] | None) -> Visit:
    """Validate and save ``visit``; ``companies`` (None: unchanged) must be of the
    mission's delegation."""
    errors: dict[str, list] = {}
    try:
        visit.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if (
        "organisation" not in errors
        and visit.organisation_id is not None
        and not visit_organisation_choices(visit.day.mission.programme_id)
        .filter(pk=visit.organisation_id)
        .exists()
    ):
        errors["organisation"] = [
            _("Visits are to hosts and counterparts enrolled in the programme.")
        ]
    if companies is not None:
        companies = list(companies)
        delegation = set(visit.day.mission.companies.values_list("pk", flat=True))
        outsiders = [c.name for c in companies if c.pk not in delegation]
        if outsiders:
            errors["companies"] = [
                _("Only companies of the delegation attend its visits; not in it: %(names)s.")
                % {"names": ", ".join(sorted(outsiders))}
            ]
    if errors:
        raise ValidationError(errors)
    visit.save()
    if companies is not None:
        visit.companies.set(companies)
    return visit


@domain_write
def add_visit(
    *,
    actor: Any,
    day: ItineraryDay,
    organisation: Organisation,
    title: str,
    start_time: dt.time,
    end_time: dt.time,
    place: str = "",
    notes: str = "",
    companies: Iterable[Organisation] = (),
    original_language: str = "en",
    **translations: str,
) -> Visit:
    """Add a visit of the delegation to a host or counterpart enrolled in the programme.

    The visit must end after it starts (error on ``end_time``). ``companies`` are the
    attending companies of the delegation when not all attend (error on ``companies``).
    ``title`` is in ``original_language``; ``translations`` are other languages' columns
    (``title_zh_hans=…``).
    """
    require_change(actor, day)
    check_fields("add_visit", translations, translation_columns(Visit))
    visit = Visit(
        day=day,
        organisation=organisation,
        **original_columns(Visit, {**translations, "title": title}, original_language),
        original_language=original_language,
        start_time=start_time,
        end_time=end_time,
        place=place,
        notes=notes,
    )
    return _save_visit(visit, companies)


@domain_write
def update_visit(*, actor: Any, visit: Visit, **changes: Any) -> Visit:
    """Change fields of :data:`VISIT_FIELDS` (and ``companies``, the attending companies);
    same rules as :func:`add_visit`."""
    require_change(actor, visit)
    companies = changes.pop("companies", None)
    check_fields("update_visit", changes, VISIT_FIELDS)
    language = changes.get("original_language", visit.original_language)
    changes = original_columns(Visit, changes, language)
    apply_changes(visit, changes, VISIT_FIELDS, function="update_visit")
    return _save_visit(visit, companies)


@domain_write
def remove_visit(*, actor: Any, visit: Visit) -> None:
    require_change(actor, visit)
    visit.delete()
