"""Schedules: the solver's drafts, an adviser's manual changes, publishing.

Write paths (each keyword-only and atomic, deciding permission from ``actor``):
:func:`publish_schedule`, :func:`lock_meeting`, :func:`unlock_meeting`,
:func:`move_meeting`; :func:`save_draft` is the job's (the system's) own.

Only drafts change. A move is checked against every rule the solver keeps (the parties
are in the venue's city and free, no party or table is booked twice, an interpreter is
free, the time to change venues) and refused with each rule it breaks; the database
refuses double booking as well (constraints on :class:`ScheduledMeeting` and
:class:`MeetingSeat`). After a change the schedule's break figures are counted again.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from sme2go.core.domain import domain_write, require_change
from sme2go.core.tenancy import access_for
from sme2go.planning.models import (
    MeetingSeat,
    Schedule,
    ScheduledMeeting,
    SolverRun,
    Venue,
)
from sme2go.planning.problem import (
    VENUE_CHANGE_SLOTS,
    Grid,
    Problem,
    Slot,
    left_out_reasons,
    placements,
)
from sme2go.scheduling import Result


def _require_operator(actor: Any, obj) -> None:
    if actor is None:
        return
    access = access_for(actor)
    if not (access.is_operator or access.is_superuser):
        raise PermissionDenied
    require_change(actor, obj)


def _require_draft(schedule: Schedule) -> None:
    if schedule.status != Schedule.Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be changed (this schedule's status: %(status)s).")
            % {"status": schedule.get_status_display()}
        )


@domain_write
def save_draft(
    *, run: SolverRun | None, problem: Problem, result: Result, greedy: Result
) -> Schedule:
    """Store ``result`` as a new draft of the problem's mission, with the greedy
    baseline's figures beside it. ``details`` holds ``breaks`` and ``greedy_breaks``
    (organisation pk → breaks), ``left_out`` (request pk → reason, every request of the
    mission without a place), ``greedy_left_out_requests``, ``warnings`` (reasons and
    warnings as :class:`~sme2go.planning.problem.Note` JSON) and the
    solver's ``time_s``."""
    mission = problem.grid.mission
    reasons = left_out_reasons(problem, result)
    accepted_out = {pk for pk in reasons if pk in problem.accepted}
    greedy_out = {problem.requests[m - 1].pk for m in greedy.unscheduled}
    greedy_out |= {pk for pk in problem.kept_out if pk in problem.accepted}
    schedule = Schedule.objects.create(
        mission=mission,
        run=run,
        solver_status=result.status if result.method != "greedy" else "greedy",
        breaks=result.objective if result.assignments or not problem.instance.meetings else None,
        bound=result.bound,
        left_out=len(accepted_out),
        greedy_breaks=greedy.objective,
        greedy_left_out=len(greedy_out),
        details={
            "breaks": {str(k): v for k, v in result.breaks.items()},
            "greedy_breaks": {str(k): v for k, v in greedy.breaks.items()},
            "left_out": {str(pk): reason.to_json() for pk, reason in reasons.items()},
            "greedy_left_out_requests": sorted(greedy_out),
            "warnings": [note.to_json() for note in problem.warnings],
            "time_s": round(result.time_s, 1),
            # Priority mode's first phase: the priority sum placed and its proven upper
            # bound (equal when the must-meet and priority choice is proven best).
            "priority": {
                "placed": result.scheduled_weight,
                "bound": result.weight_bound,
            },
        },
    )
    rows = [
        ScheduledMeeting(
            schedule=schedule,
            request=place.request,
            day=place.slot.day,
            starts_at=place.slot.starts_at,
            ends_at=place.slot.ends_at,
            venue=place.venue,
            table=place.table,
            locked=place.locked,
            interpreter_language=place.request.language,
        )
        for place in placements(problem, result)
    ]
    ScheduledMeeting.objects.bulk_create(rows)
    MeetingSeat.objects.bulk_create(
        MeetingSeat(
            meeting=row,
            schedule=schedule,
            organisation_id=org_id,
            starts_at=row.starts_at,
        )
        for row in rows
        for org_id in (row.request.requester_id, row.request.counterpart_id)
    )
    return schedule


@domain_write
def publish_schedule(*, actor: Any, schedule: Schedule) -> Schedule:
    """Publish a draft; the schedule published before becomes superseded."""
    schedule = Schedule.objects.select_for_update().get(pk=schedule.pk)
    _require_operator(actor, schedule)
    _require_draft(schedule)
    Schedule.objects.filter(mission=schedule.mission_id, status=Schedule.Status.PUBLISHED).update(
        status=Schedule.Status.SUPERSEDED
    )
    schedule.status = Schedule.Status.PUBLISHED
    schedule.published_at = timezone.now()
    schedule.published_by = actor if actor is not None and actor.pk else None
    schedule.save(update_fields=["status", "published_at", "published_by"])
    return schedule


def _label(meeting: ScheduledMeeting) -> str:
    return f"{meeting.request.requester.name} – {meeting.request.counterpart.name}"


def conflicts(
    grid: Grid,
    meeting: ScheduledMeeting,
    slot: Slot | None,
    venue: Venue,
    table: int,
    *,
    only_locked: bool = False,
) -> list[str]:
    """Every rule that ``meeting`` at ``slot``, ``venue`` and ``table`` breaks, as
    sentences naming the records; with ``only_locked`` only against locked meetings
    (for a lock)."""
    if slot is None:
        return [_("No meeting slot starts at that time.")]
    request = meeting.request
    parties = [request.requester, request.counterpart]
    local = grid.local(slot.starts_at)
    at = time_format(local, "TIME_FORMAT")
    when = date_format(local.date(), "MONTH_DAY_FORMAT")
    problems: list[str] = []
    if venue.mission_id != grid.mission.pk:
        return [_("%(venue)s is not a venue of this mission.") % {"venue": venue.name}]
    if not grid.in_city(venue.city_id, slot.day.city_id):
        problems.append(
            _("%(venue)s is in %(city)s; on %(date)s the mission is in %(day_city)s.")
            % {
                "venue": venue.name,
                "city": venue.city.name,
                "date": when,
                "day_city": slot.day.city.name,
            }
        )
    if not 1 <= table <= venue.tables:
        problems.append(
            _("%(venue)s has tables 1 to %(tables)d.")
            % {"venue": venue.name, "tables": venue.tables}
        )
    if not only_locked:
        for org in parties:
            reason = grid.blocked(org).get(slot.index)
            if reason:
                problems.append(_("%(reason)s at %(time)s.") % {"reason": reason, "time": at})
    others = (
        ScheduledMeeting.objects.filter(schedule=meeting.schedule_id)
        .exclude(pk=meeting.pk)
        .select_related("request__requester", "request__counterpart", "venue")
    )
    if only_locked:
        others = others.filter(locked=True)
    same_time = [o for o in others if o.starts_at == slot.starts_at]
    party_ids = {org.pk for org in parties}
    for other in same_time:
        other_parties = {other.request.requester_id, other.request.counterpart_id}
        clash_party = party_ids & other_parties
        clash_table = other.venue_id == venue.pk and other.table == table
        if not (clash_party or clash_table):
            continue
        if other.locked:
            problems.append(
                _("Locked meeting %(meeting)s holds that slot.") % {"meeting": _label(other)}
            )
        elif clash_table:
            problems.append(
                _("Table %(table)d at %(venue)s is taken at %(time)s (%(meeting)s).")
                % {"table": table, "venue": venue.name, "time": at, "meeting": _label(other)}
            )
        if clash_party and not other.locked:
            for org in parties:
                if org.pk in other_parties:
                    partner = (
                        other.request.counterpart
                        if other.request.requester_id == org.pk
                        else other.request.requester
                    )
                    problems.append(
                        _("%(org)s already meets %(other)s at %(time)s.")
                        % {"org": org.name, "other": partner.name, "time": at}
                    )
    if request.language and not only_locked:
        pool = grid.mission.interpreters.filter(language=request.language).first()
        busy = sum(1 for o in same_time if o.interpreter_language == request.language)
        if pool is None or busy >= pool.capacity:
            problems.append(
                _("Interpreters for %(language)s are all busy at %(time)s.")
                % {"language": request.language, "time": at}
            )
    for other in others:
        if other.venue_id == venue.pk or other.day_id != slot.day.pk:
            continue
        if not party_ids & {other.request.requester_id, other.request.counterpart_id}:
            continue
        other_slot = grid.slot_at(other.day_id, other.starts_at)
        if other_slot is not None and 0 < abs(other_slot.index - slot.index) <= VENUE_CHANGE_SLOTS:
            problems.append(
                _("%(meeting)s is at %(venue)s at %(time)s: no time to change venues.")
                % {
                    "meeting": _label(other),
                    "venue": other.venue.name,
                    "time": time_format(grid.local(other.starts_at), "TIME_FORMAT"),
                }
            )
    return list(dict.fromkeys(problems))


def _locked_meeting(meeting: ScheduledMeeting) -> ScheduledMeeting:
    return (
        ScheduledMeeting.objects.select_for_update()
        .select_related("schedule", "request__requester", "request__counterpart", "venue__city")
        .get(pk=meeting.pk)
    )


@domain_write
def lock_meeting(*, actor: Any, meeting: ScheduledMeeting) -> ScheduledMeeting:
    """Lock a draft's meeting where it is, so re-solving keeps it there. Refused when
    the place contradicts another locked meeting."""
    meeting = _locked_meeting(meeting)
    _require_operator(actor, meeting.schedule)
    _require_draft(meeting.schedule)
    grid = Grid(meeting.schedule.mission)
    slot = grid.slot_at(meeting.day_id, meeting.starts_at)
    problems = conflicts(grid, meeting, slot, meeting.venue, meeting.table, only_locked=True)
    if problems:
        raise ValidationError(problems)
    meeting.locked = True
    meeting.save(update_fields=["locked"])
    return meeting


@domain_write
def unlock_meeting(*, actor: Any, meeting: ScheduledMeeting) -> ScheduledMeeting:
    """Release a draft's locked meeting: the next run may place it elsewhere."""
    meeting = _locked_meeting(meeting)
    _require_operator(actor, meeting.schedule)
    _require_draft(meeting.schedule)
    meeting.locked = False
    meeting.save(update_fields=["locked"])
    return meeting


@domain_write
def move_meeting(
    *,
    actor: Any,
    meeting: ScheduledMeeting,
    starts_at: dt.datetime,
    venue: Venue,
    table: int,
) -> ScheduledMeeting:
    """Move a draft's meeting to the slot starting at ``starts_at``, at ``venue`` and
    ``table``. Raises ``ValidationError`` listing every rule the move breaks."""
    meeting = _locked_meeting(meeting)
    _require_operator(actor, meeting.schedule)
    _require_draft(meeting.schedule)
    grid = Grid(meeting.schedule.mission)
    slot = grid.slot_starting(starts_at)
    problems = conflicts(grid, meeting, slot, venue, table)
    if problems:
        raise ValidationError(problems)
    meeting.day = slot.day
    meeting.starts_at, meeting.ends_at = slot.starts_at, slot.ends_at
    meeting.venue, meeting.table = venue, table
    meeting.save(update_fields=["day", "starts_at", "ends_at", "venue", "table"])
    MeetingSeat.objects.filter(meeting=meeting).update(starts_at=slot.starts_at)
    refresh_figures(meeting.schedule, grid)
    return meeting


def breaks_by_organisation(schedule: Schedule, grid: Grid) -> dict[int, int]:
    """Breaks (idle runs between two meetings of one day) per organisation pk."""
    slots: dict[int, list[int]] = defaultdict(list)
    for org_id, day_id, starts_at in MeetingSeat.objects.filter(schedule=schedule).values_list(
        "organisation_id", "meeting__day_id", "starts_at"
    ):
        slot = grid.slot_at(day_id, starts_at)
        if slot is not None:
            slots[org_id].append(slot.index)
    spd = grid.slots_per_day
    return {
        org_id: sum(
            1
            for a, b in itertools.pairwise(sorted(mine))
            if b - a > 1 and (a - 1) // spd == (b - 1) // spd
        )
        for org_id, mine in slots.items()
    }


def refresh_figures(schedule: Schedule, grid: Grid) -> None:
    """Count the schedule's breaks again after a manual change; the solver's bound no
    longer describes it."""
    by_org = breaks_by_organisation(schedule, grid)
    details = dict(schedule.details)
    details["breaks"] = {key: by_org.get(int(key), 0) for key in details.get("breaks", {})} | {
        str(k): v for k, v in by_org.items()
    }
    schedule.details = details
    schedule.breaks = sum(by_org.values())
    schedule.solver_status = "edited"
    schedule.save(update_fields=["details", "breaks", "solver_status"])
