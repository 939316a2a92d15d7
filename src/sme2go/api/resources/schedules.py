"""Schedules of missions with their meetings, the scheduler's runs, and an adviser's
changes: start or cancel a run, publish a draft, lock, unlock and move a meeting.

Who sees what follows the pages: operator staff see every run and every schedule of
their programmes' missions (drafts included) with the solver's figures; everyone else
sees only a mission's published schedule, and in it only their own organisation's
meetings, as their agenda shows them. Each write calls the function the pages call
(``planning.jobs``, ``planning.schedules``), which refuses everyone but the mission's
operator staff. Meeting times are given in the trip's time zone (the schedule page's:
``planning.problem.trip_zone``), with their offset.
"""

import datetime as dt
import zoneinfo
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from sme2go.api import common
from sme2go.api.common import READ_ERRORS, WRITE_ERRORS, Pages, actor, get_visible
from sme2go.api.schemas import Filters, Id
from sme2go.api.schemas_planning import (
    MoveIn,
    ScheduleDetailOut,
    ScheduledMeetingOut,
    ScheduleOut,
    SolverRunOut,
)
from sme2go.core.tenancy import scoped
from sme2go.missions.models import Mission
from sme2go.planning import jobs, schedules
from sme2go.planning.domain import slot_settings_for
from sme2go.planning.models import Schedule, ScheduledMeeting, SolverRun, Venue
from sme2go.planning.problem import trip_zone

router = Router(tags=["schedules"])


class ScheduleFilters(Filters):
    mission: Id | None = None
    status: Literal["draft", "published", "superseded"] | None = None
    ordering: Literal["created_at", "-created_at"] = "-created_at"


class RunFilters(Filters):
    mission: Id | None = None
    status: Literal["queued", "running", "done", "failed", "cancelled"] | None = None
    ordering: Literal["created_at", "-created_at"] = "-created_at"


def _trip_zone(mission: Mission) -> zoneinfo.ZoneInfo:
    first_day = list(mission.days.select_related("city__parent__parent").order_by("date")[:1])
    return trip_zone(slot_settings_for(mission), first_day)


def _schedules(request: HttpRequest) -> QuerySet[Schedule]:
    return scoped(Schedule.objects.select_related("mission"), actor(request))


def _meetings(request: HttpRequest) -> QuerySet[ScheduledMeeting]:
    """Meetings the caller may see: all of a visible schedule for operator staff, their
    own organisation's (of published schedules) for everyone else."""
    return scoped(
        ScheduledMeeting.objects.select_related(
            "schedule__mission",
            "request__requester",
            "request__counterpart",
            "venue__city",
            "day__city",
        ),
        actor(request),
    )


def _runs(request: HttpRequest) -> QuerySet[SolverRun]:
    return scoped(SolverRun.objects.select_related("mission", "schedule"), actor(request))


def _meeting(request: HttpRequest, pk: int) -> ScheduledMeeting:
    """The meeting as the caller sees it, its times in the trip's zone."""
    meeting = get_visible(_meetings(request), request, pk)
    meeting.trip_zone = _trip_zone(meeting.schedule.mission)
    return meeting


# Schedules --------------------------------------------------------------------------------


@router.get("/schedules", response={200: list[ScheduleOut], **READ_ERRORS})
@paginate(Pages)
def list_schedules(request: HttpRequest, filters: Query[ScheduleFilters]):
    """Schedules of the caller's programmes' missions, drafts included (operator staff),
    or the published schedules of the missions the caller sees (everyone else)."""
    found = _schedules(request)
    if filters.mission is not None:
        found = found.filter(mission=filters.mission)
    if filters.status is not None:
        found = found.filter(status=filters.status)
    return found.order_by(filters.ordering, filters.ordering.replace("created_at", "pk"))


@router.get("/schedules/{schedule_pk}", response={200: ScheduleDetailOut, **READ_ERRORS})
def get_schedule(request: HttpRequest, schedule_pk: Id):
    """A schedule with its meetings by start time (the caller's own meetings unless the
    caller is operator staff) and, for operator staff, what was left out and why."""
    schedule = get_visible(_schedules(request), request, schedule_pk)
    zone = _trip_zone(schedule.mission)
    meetings = list(
        _meetings(request).filter(schedule=schedule).order_by("starts_at", "venue__name", "table")
    )
    for meeting in meetings:
        meeting.trip_zone = zone
    schedule.trip_zone = zone
    schedule.visible_meetings = meetings
    return schedule


@router.post("/schedules/{schedule_pk}/publish", response={200: ScheduleOut, **WRITE_ERRORS})
def publish_schedule(request: HttpRequest, schedule_pk: Id):
    """Publish a draft; the schedule published before becomes superseded
    (``planning.schedules.publish_schedule``)."""
    schedule = get_visible(_schedules(request), request, schedule_pk)
    schedules.publish_schedule(actor=actor(request), schedule=schedule)
    return _schedules(request).get(pk=schedule.pk)


# Meetings ---------------------------------------------------------------------------------


@router.get(
    "/scheduled-meetings/{scheduledmeeting_pk}",
    response={200: ScheduledMeetingOut, **READ_ERRORS},
)
def get_scheduled_meeting(request: HttpRequest, scheduledmeeting_pk: Id):
    return _meeting(request, scheduledmeeting_pk)


@router.post(
    "/scheduled-meetings/{scheduledmeeting_pk}/lock",
    response={200: ScheduledMeetingOut, **WRITE_ERRORS},
)
def lock_scheduled_meeting(request: HttpRequest, scheduledmeeting_pk: Id):
    """Lock a draft's meeting where it is, so that re-solving keeps it there; refused when
    the place contradicts another locked meeting (``planning.schedules.lock_meeting``)."""
    meeting = _meeting(request, scheduledmeeting_pk)
    schedules.lock_meeting(actor=actor(request), meeting=meeting)
    return _meeting(request, scheduledmeeting_pk)


@router.post(
    "/scheduled-meetings/{scheduledmeeting_pk}/unlock",
    response={200: ScheduledMeetingOut, **WRITE_ERRORS},
)
def unlock_scheduled_meeting(request: HttpRequest, scheduledmeeting_pk: Id):
    """Release a draft's locked meeting (``planning.schedules.unlock_meeting``)."""
    meeting = _meeting(request, scheduledmeeting_pk)
    schedules.unlock_meeting(actor=actor(request), meeting=meeting)
    return _meeting(request, scheduledmeeting_pk)


@router.post(
    "/scheduled-meetings/{scheduledmeeting_pk}/move",
    response={200: ScheduledMeetingOut, **WRITE_ERRORS},
)
def move_scheduled_meeting(request: HttpRequest, scheduledmeeting_pk: Id, payload: MoveIn):
    """Move a draft's meeting to the slot starting at ``starts_at``, at ``venue`` and
    ``table``; refused with every rule the move breaks (``planning.schedules.move_meeting``)."""
    meeting = _meeting(request, scheduledmeeting_pk)
    venue = common.reference(Venue.objects.select_related("city"), request, payload.venue, "venue")
    starts_at = payload.starts_at
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=meeting.trip_zone)
    try:
        starts_at = starts_at.astimezone(dt.UTC)
    except OverflowError:
        raise ValidationError({"starts_at": _("No meeting slot starts at that time.")}) from None
    schedules.move_meeting(
        actor=actor(request), meeting=meeting, starts_at=starts_at, venue=venue, table=payload.table
    )
    return _meeting(request, scheduledmeeting_pk)


# Solver runs ------------------------------------------------------------------------------


@router.get("/solver-runs", response={200: list[SolverRunOut], **READ_ERRORS})
@paginate(Pages)
def list_solver_runs(request: HttpRequest, filters: Query[RunFilters]):
    """The scheduler's runs of the caller's programmes' missions (operator staff; an
    empty list for everyone else)."""
    found = _runs(request)
    if filters.mission is not None:
        found = found.filter(mission=filters.mission)
    if filters.status is not None:
        found = found.filter(status=filters.status)
    return found.order_by(filters.ordering, filters.ordering.replace("created_at", "pk"))


@router.get("/solver-runs/{solverrun_pk}", response={200: SolverRunOut, **READ_ERRORS})
def get_solver_run(request: HttpRequest, solverrun_pk: Id):
    """A run's status and progress (refreshed by the worker about once a second)."""
    return get_visible(_runs(request), request, solverrun_pk)


@router.post("/missions/{mission_pk}/solver-runs", response={201: SolverRunOut, **WRITE_ERRORS})
def start_solver_run(request: HttpRequest, mission_pk: Id):
    """Queue a scheduler run for the mission (``planning.jobs.start_solver_run``): refused
    while another run of it is queued or running. Its draft appears as ``schedule_id``."""
    mission = get_visible(Mission, request, mission_pk)
    run = jobs.start_solver_run(actor=actor(request), mission=mission)
    return Status(201, _runs(request).get(pk=run.pk))


@router.post("/solver-runs/{solverrun_pk}/cancel", response={200: SolverRunOut, **WRITE_ERRORS})
def cancel_solver_run(request: HttpRequest, solverrun_pk: Id):
    """Cancel a queued run at once, or ask the worker to stop a running one
    (``planning.jobs.cancel_solver_run``); refused for a run that has ended."""
    run = get_visible(_runs(request), request, solverrun_pk)
    jobs.cancel_solver_run(actor=actor(request), run=run)
    return _runs(request).get(pk=run.pk)
