"""A mission's planning records as a :class:`sme2go.scheduling.Instance`, and back.

Index mapping (every engine index is 1-based, as in :mod:`sme2go.scheduling.model`):

* **time**: slot times are local times of the trip's zone (:func:`trip_zone`); they
  are stored as aware datetimes.
* **slots**: the meeting days (itinerary days without ``no_meetings``, by date) follow
  one another; day ``d`` (0-based) holds slots ``d * slots_per_day + 1`` to
  ``(d + 1) * slots_per_day``. Each day is cut by its :class:`SlotSettings` /
  :class:`DaySlotSettings` into slots of ``slot_minutes`` from ``day_start`` to
  ``day_end``, skipping slots that overlap the break. The engine needs equal days, so
  ``slots_per_day`` is the longest day and a shorter day is padded at its end with
  slots forbidden to everyone (:attr:`Grid.slots` has no entry for them). The break is
  not a slot at all, so the engine does not count lunch as an idle slot.
* **participants**: the organisations of the accepted requests, ordered by name
  (:attr:`Problem.organisations`; ``Participant.id`` is the organisation's pk).
* **meetings**: the accepted requests that can take place somewhere, must-meet first,
  then by priority and age (:attr:`Problem.requests`).
* **venues**: the mission's venues that are open on some meeting day
  (:attr:`Problem.venues`; ``Venue.id`` is the venue's pk).

Who is where: companies travel with the delegation, so they can meet on every day,
except while travel keeps them out of the day's city (a leg into it: until arrival; a
leg out of it: from departure on; any other leg: while it lasts; a leg without a
departure time starts with the day's first slot), a group visit they attend (its companies; none named: the
whole delegation) and their own unavailability. A host or counterpart meets only on days spent in its own city: its
region is the day's city, lies inside it (a district), or contains it (an organisation
of the whole province); one without a region is not bound to a city. A visited
organisation is busy during the visit. A venue is open on the days spent in its city.
Between two different venues of a city a participant needs :data:`VENUE_CHANGE_SLOTS`
free slots.

Fairness: the mission's ``fairness`` is the most breaks of one participant per day;
the engine bounds breaks over the whole horizon (the spread between participants, or
each participant's total when someone cannot have a break), so it gets the mission's
value times the number of meeting days.

Priorities: the engine runs in priority mode. A request weighs its priority (1 low,
2 normal, 3 high); a must-meet request weighs one more than all other requests
together, so no set of ordinary meetings is ever preferred to one must-meet meeting.
Locked meetings become fixed slots at their venue, which the engine always places.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sme2go.missions.models import ItineraryDay, Mission, TravelLeg
from sme2go.organisations.models import Organisation
from sme2go.planning.models import (
    DaySlotSettings,
    MeetingRequest,
    Schedule,
    ScheduledMeeting,
    SlotSettings,
    Unavailability,
    Venue,
)
from sme2go.regions.models import Region
from sme2go.scheduling import Assignment, Instance, Meeting, Participant, Result, greedy
from sme2go.scheduling import Venue as EngineVenue

# Free slots a participant needs to walk from one venue of a city to another.
VENUE_CHANGE_SLOTS = 1


@dataclass(frozen=True)
class Note:
    """A sentence for people that the job stores: its untranslated template and values,
    translated when shown, in the reader's language (the job runs in none in particular).
    A ``date`` value is an ISO date, shown as e.g. "17 March"; a ``time`` value an ISO
    time, shown as e.g. "14:05" ("14.05" in Finnish)."""

    text: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        params = dict(self.params)
        if "date" in params:
            params["date"] = date_format(dt.date.fromisoformat(params["date"]), "MONTH_DAY_FORMAT")
        if "time" in params:
            params["time"] = time_format(dt.time.fromisoformat(params["time"]), "TIME_FORMAT")
        return _(self.text) % params

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "params": self.params}

    @classmethod
    def from_json(cls, data: dict[str, Any] | str) -> Note:
        if isinstance(data, str):
            return cls(data.replace("%", "%%"))
        return cls(data["text"], data.get("params", {}))


@dataclass(frozen=True)
class Slot:
    """One meeting slot: its engine index, day and aware start and end."""

    index: int
    day: ItineraryDay
    starts_at: dt.datetime
    ends_at: dt.datetime


def _as_time(value: dt.time | str | None) -> dt.time | None:
    # Unsaved SlotSettings() carry the field defaults as strings ("09:00").
    return dt.time.fromisoformat(value) if isinstance(value, str) else value


def trip_zone(slot_settings: SlotSettings, days: list[ItineraryDay]) -> zoneinfo.ZoneInfo:
    """The zone the mission's slot times are in: the mission's own ``time_zone`` when
    set, else the zone of the first day's city by the agendas' rule
    (:func:`sme2go.agendas.timezones.zones_for`), else the site's ``TIME_ZONE``."""
    from sme2go.agendas.timezones import zones_for

    if slot_settings.time_zone:
        return zoneinfo.ZoneInfo(slot_settings.time_zone)
    if not days:
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return zones_for([days[0].city])[days[0].city_id]


class Grid:
    """A mission's time and place: meeting slots per day, who can meet in which slot,
    which venue is open when. Shared by the conversion and by manual moves."""

    def __init__(self, mission: Mission) -> None:
        self.mission = mission
        try:
            self.settings = SlotSettings.objects.get(mission=mission)
        except SlotSettings.DoesNotExist:
            self.settings = SlotSettings(mission=mission)
        days = list(
            ItineraryDay.objects.filter(mission=mission)
            .select_related("city__parent__parent")
            .prefetch_related(
                "legs__origin",
                "legs__destination",
                "visits__organisation",
                "visits__companies",
                Prefetch("unavailable", Unavailability.objects.order_by("start_time")),
            )
            .order_by("date")
        )
        self.zone = trip_zone(self.settings, days)
        overrides = {o.day_id: o for o in DaySlotSettings.objects.filter(day__mission=mission)}
        self.days: list[ItineraryDay] = []
        per_day: list[list[tuple[dt.datetime, dt.datetime]]] = []
        for day in days:
            override = overrides.get(day.pk)
            if override is not None and override.no_meetings:
                continue
            times = self._day_times(day, override)
            if times:
                self.days.append(day)
                per_day.append(times)
        self.slots_per_day = max((len(t) for t in per_day), default=1)
        self.n_slots = max(1, len(self.days) * self.slots_per_day)
        self.slots: dict[int, Slot] = {}
        for d, (day, times) in enumerate(zip(self.days, per_day, strict=True)):
            for k, (start, end) in enumerate(times):
                index = d * self.slots_per_day + k + 1
                self.slots[index] = Slot(index, day, start, end)
        self._by_start = {(s.day.pk, s.starts_at): s for s in self.slots.values()}
        self.padding = frozenset(range(1, self.n_slots + 1)) - self.slots.keys()
        self._parents = dict(Region.objects.values_list("pk", "parent_id"))
        self.venues = list(
            Venue.objects.filter(mission=mission).select_related("city").order_by("pk")
        )

    def _day_times(
        self, day: ItineraryDay, override: DaySlotSettings | None
    ) -> list[tuple[dt.datetime, dt.datetime]]:
        base = self.settings

        def pick(name: str):
            value = getattr(override, name, None) if override is not None else None
            return value if value is not None else getattr(base, name)

        minutes = pick("slot_minutes")
        start, end = _as_time(pick("day_start")), _as_time(pick("day_end"))
        pause = (_as_time(pick("break_start")), _as_time(pick("break_end")))
        step = dt.timedelta(minutes=minutes)
        at = dt.datetime.combine(day.date, start, tzinfo=self.zone)
        stop = dt.datetime.combine(day.date, end, tzinfo=self.zone)
        pause_at = None
        if pause[0] is not None and pause[1] is not None:
            pause_at = tuple(dt.datetime.combine(day.date, t, tzinfo=self.zone) for t in pause)
        times = []
        while at + step <= stop:
            if pause_at is None or not (at < pause_at[1] and pause_at[0] < at + step):
                times.append((at, at + step))
            at += step
        return times

    # -- lookups -------------------------------------------------------------------------
    def slot_at(self, day_id: int, starts_at: dt.datetime) -> Slot | None:
        return self._by_start.get((day_id, starts_at))

    def slot_starting(self, starts_at: dt.datetime) -> Slot | None:
        """The slot that starts at ``starts_at`` (days never share a start time)."""
        return next((s for s in self.slots.values() if s.starts_at == starts_at), None)

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.zone)

    def _chain(self, region_id: int | None) -> list[int]:
        chain, seen = [], set()
        while region_id is not None and region_id not in seen:
            chain.append(region_id)
            seen.add(region_id)
            region_id = self._parents.get(region_id)
        return chain

    def in_city(self, region_id: int | None, city_id: int) -> bool:
        """Whether a place (region) lies inside the city, or the city inside it."""
        return city_id in self._chain(region_id) or region_id in self._chain(city_id)

    def is_city_bound(self, org: Organisation) -> bool:
        return org.kind != Organisation.Kind.COMPANY and org.region_id is not None

    def day_slots(self, d: int) -> list[int]:
        return [t for t in range(d * self.slots_per_day + 1, (d + 1) * self.slots_per_day + 1)]

    def _overlapping(self, day_index: int, start: dt.datetime, end: dt.datetime) -> list[int]:
        return [
            t
            for t in self.day_slots(day_index)
            if t in self.slots and self.slots[t].starts_at < end and start < self.slots[t].ends_at
        ]

    def blocked(self, org: Organisation) -> dict[int, str]:
        """The slots in which ``org`` cannot meet, each with the reason (padding excluded)."""
        out: dict[int, str] = {}
        company = org.kind == Organisation.Kind.COMPANY
        for d, day in enumerate(self.days):
            if self.is_city_bound(org) and not self.in_city(org.region_id, day.city_id):
                reason = _("%(org)s is not in %(city)s on %(date)s") % {
                    "org": org.name,
                    "city": day.city.name,
                    "date": date_format(day.date, "MONTH_DAY_FORMAT"),
                }
                for t in self.day_slots(d):
                    if t in self.slots:
                        out.setdefault(t, reason)
                continue
            if company:
                for leg in day.legs.all():
                    start, end = self._away(d, day, leg)
                    reason = _("%(org)s travels from %(origin)s to %(destination)s") % {
                        "org": org.name,
                        "origin": leg.origin.name,
                        "destination": leg.destination.name,
                    }
                    for t in self._overlapping(d, start, end):
                        out.setdefault(t, reason)
            for visit in day.visits.all():
                attending = {c.pk for c in visit.companies.all()}
                attends = company and (not attending or org.pk in attending)
                if attends or visit.organisation_id == org.pk:
                    start = dt.datetime.combine(day.date, visit.start_time, tzinfo=self.zone)
                    end = dt.datetime.combine(day.date, visit.end_time, tzinfo=self.zone)
                    reason = _("%(org)s is on the visit “%(visit)s”") % {
                        "org": org.name,
                        "visit": visit.title,
                    }
                    for t in self._overlapping(d, start, end):
                        out.setdefault(t, reason)
            for gap in day.unavailable.all():
                if gap.organisation_id == org.pk:
                    start = dt.datetime.combine(day.date, gap.start_time, tzinfo=self.zone)
                    end = dt.datetime.combine(day.date, gap.end_time, tzinfo=self.zone)
                    reason = _("%(org)s is not available (%(reason)s)") % {
                        "org": org.name,
                        "reason": gap.reason or _("no reason given"),
                    }
                    for t in self._overlapping(d, start, end):
                        out.setdefault(t, reason)
        return out

    def _away(self, d: int, day: ItineraryDay, leg: TravelLeg) -> tuple[dt.datetime, dt.datetime]:
        """When a leg keeps the delegation out of the day's city: a leg into the city keeps
        it away until arrival, a leg out of it from departure on; any other leg while it
        lasts."""
        start = dt.datetime.combine(
            day.date, leg.departure or self.slots_start(d), tzinfo=self.zone
        )
        end = start + dt.timedelta(minutes=leg.duration_minutes)
        if self.in_city(leg.destination_id, day.city_id):
            start = dt.datetime.combine(day.date, dt.time.min, tzinfo=self.zone)
        elif self.in_city(leg.origin_id, day.city_id):
            end = dt.datetime.combine(day.date, dt.time.max, tzinfo=self.zone)
        return start, end

    def slots_start(self, d: int) -> dt.time:
        return self.slots[d * self.slots_per_day + 1].starts_at.astimezone(self.zone).time()

    def venue_open(self, venue: Venue) -> frozenset[int]:
        """The slots of the days spent in the venue's city."""
        return frozenset(
            t for t, slot in self.slots.items() if self.in_city(venue.city_id, slot.day.city_id)
        )


@dataclass
class Problem:
    """An engine instance with the records behind each index, and what can be told
    before solving (``warnings``) and about each request kept out (``kept_out``)."""

    grid: Grid
    instance: Instance
    fairness: int
    organisations: list[Organisation]
    requests: list[MeetingRequest]
    venues: list[Venue]
    accepted: set[int] = field(default_factory=set)
    locks: dict[int, ScheduledMeeting] = field(default_factory=dict)
    kept_out: dict[int, Note] = field(default_factory=dict)
    warnings: list[Note] = field(default_factory=list)

    def participant_index(self) -> dict[int, int]:
        return {org.pk: p for p, org in enumerate(self.organisations, start=1)}


NOT_ACCEPTED = {
    MeetingRequest.Status.REQUESTED: gettext_noop("not accepted (still waiting for an answer)"),
    MeetingRequest.Status.DECLINED: gettext_noop("not accepted (declined)"),
    MeetingRequest.Status.WITHDRAWN: gettext_noop("not accepted (withdrawn)"),
}


def _name_pair(request: MeetingRequest) -> dict[str, str]:
    return {"a": request.requester.name, "b": request.counterpart.name}


def lock_source(mission: Mission) -> Schedule | None:
    """The schedule whose locked meetings a new run keeps: the newest draft, else the
    published schedule."""
    drafts = Schedule.objects.filter(mission=mission, status=Schedule.Status.DRAFT)
    return drafts.order_by("-created_at", "-pk").first() or (
        Schedule.objects.filter(mission=mission, status=Schedule.Status.PUBLISHED).first()
    )


def build_problem(mission: Mission) -> Problem:
    """Build the engine's problem for ``mission`` from its records (see the module
    docstring for the mapping). Requests that cannot take place anywhere are kept out
    of the instance, each with its reason in ``kept_out``."""
    grid = Grid(mission)
    slot_settings = grid.settings
    requests = list(
        MeetingRequest.objects.filter(mission=mission)
        .select_related("requester", "counterpart")
        .order_by("-must_meet", "-priority", "created_at", "pk")
    )
    interpreters = {i.language: i.capacity for i in mission.interpreters.all()}
    kept_out: dict[int, Note] = {}
    accepted = []
    for request in requests:
        if request.status != MeetingRequest.Status.ACCEPTED:
            kept_out[request.pk] = Note(NOT_ACCEPTED[request.status])
        else:
            accepted.append(request)

    blocked_of: dict[int, dict[int, str]] = {}
    for request in accepted:
        for org in (request.requester, request.counterpart):
            if org.pk not in blocked_of:
                blocked_of[org.pk] = grid.blocked(org)
    opening = [(venue, grid.venue_open(venue)) for venue in grid.venues]
    venues = [(venue, open_) for venue, open_ in opening if open_]
    all_open = frozenset().union(*(o for _v, o in venues)) if venues else frozenset()
    usable = []
    for request in accepted:
        names = _name_pair(request)
        a = set(grid.slots) - blocked_of[request.requester_id].keys()
        b = set(grid.slots) - blocked_of[request.counterpart_id].keys()
        common_days = {
            grid.slots[t].day.pk for t in grid.slots if not _city_blocked(grid, request, t)
        }
        if not common_days:
            kept_out[request.pk] = Note(
                gettext_noop("%(a)s and %(b)s are never in the same city on the same day"), names
            )
        elif request.language and request.language not in interpreters:
            kept_out[request.pk] = Note(
                gettext_noop("no interpreter for %(language)s on this mission"),
                {"language": request.language},
            )
        elif not (a & b):
            kept_out[request.pk] = Note(
                gettext_noop("%(a)s and %(b)s have no free slot in common"), names
            )
        elif not (a & b & all_open):
            kept_out[request.pk] = Note(gettext_noop("no venue open when both are free"))
        else:
            usable.append(request)

    org_by_pk = {}
    for request in usable:
        org_by_pk[request.requester_id] = request.requester
        org_by_pk[request.counterpart_id] = request.counterpart
    organisations = sorted(org_by_pk.values(), key=lambda o: (o.name, o.pk))
    p_of = {org.pk: p for p, org in enumerate(organisations, start=1)}
    v_of = {venue.pk: v for v, (venue, _o) in enumerate(venues, start=1)}

    warnings: list[Note] = []
    locks: dict[int, ScheduledMeeting] = {}
    source = lock_source(mission)
    if source is not None:
        for meeting in source.meetings.filter(locked=True).select_related("request", "venue"):
            slot = grid.slot_at(meeting.day_id, meeting.starts_at)
            label = str(meeting.request)
            if meeting.request not in usable:
                warnings.append(
                    Note(
                        gettext_noop(
                            "The lock of %(meeting)s was released: the request can no longer be met."
                        ),
                        {"meeting": label},
                    )
                )
            elif slot is None or meeting.venue_id not in v_of:
                warnings.append(
                    Note(
                        gettext_noop(
                            "The lock of %(meeting)s was released: its slot or venue no longer exists."
                        ),
                        {"meeting": label},
                    )
                )
            elif any(
                slot.index in blocked_of[org_id]
                for org_id in (meeting.request.requester_id, meeting.request.counterpart_id)
            ):
                warnings.append(
                    Note(
                        gettext_noop(
                            "The lock of %(meeting)s was released: a party is no longer free then."
                        ),
                        {"meeting": label},
                    )
                )
            else:
                locks[meeting.request_id] = meeting

    ordinary = sum(r.priority for r in usable if not r.must_meet)
    must_weight = ordinary + 1
    meetings = []
    for request in usable:
        lock = locks.get(request.pk)
        meetings.append(
            Meeting(
                participants=(p_of[request.requester_id], p_of[request.counterpart_id]),
                language=request.language or None,
                priority=must_weight if request.must_meet else request.priority,
                fixed_slot=grid.slot_at(lock.day_id, lock.starts_at).index if lock else None,
                venues=(v_of[lock.venue_id],) if lock else (),
            )
        )
    participants = tuple(
        Participant(id=org.pk, forbidden=frozenset(blocked_of[org.pk]) | grid.padding)
        for org in organisations
    )
    engine_venues = tuple(
        EngineVenue(id=venue.pk, tables=venue.tables, open_slots=open_) for venue, open_ in venues
    )
    travel = tuple(
        tuple(0 if v == w else VENUE_CHANGE_SLOTS for w in range(len(venues)))
        for v in range(len(venues))
    )
    instance = Instance(
        participants=participants,
        meetings=tuple(meetings),
        slots=grid.n_slots,
        morning_slots=grid.n_slots,
        venues=engine_venues,
        travel=travel,
        slots_per_day=grid.slots_per_day,
        interpreters=dict(interpreters),
        require_all=False,
        name=mission.title,
    )
    problem = Problem(
        grid=grid,
        instance=instance,
        fairness=slot_settings.fairness * max(1, len(grid.days)),
        organisations=organisations,
        requests=usable,
        venues=[venue for venue, _o in venues],
        accepted={request.pk for request in accepted},
        locks=locks,
        kept_out=kept_out,
    )
    problem.warnings = warnings + explain(problem)
    return problem


def _city_blocked(grid: Grid, request: MeetingRequest, t: int) -> bool:
    return any(
        grid.is_city_bound(org) and not grid.in_city(org.region_id, grid.slots[t].day.city_id)
        for org in (request.requester, request.counterpart)
    )


def explain(problem: Problem) -> list[Note]:
    """What can be told before solving: participants with more must-meet meetings than
    free slots, and interpreter pools too small for their must-meet meetings."""
    inst = problem.instance
    out = []
    must = [request.must_meet for request in problem.requests]
    for p, org in enumerate(problem.organisations, start=1):
        count = sum(
            1 for m, meeting in enumerate(inst.meetings) if must[m] and p in meeting.participants
        )
        free = len(problem.grid.slots) - len(
            inst.participants[p - 1].forbidden - problem.grid.padding
        )
        if count > free:
            out.append(
                Note(
                    gettext_noop(
                        "%(org)s cannot fit its must-meet meetings: must-meet meetings: "
                        "%(count)d; free slots: %(free)d."
                    ),
                    {"org": org.name, "count": count, "free": free},
                )
            )
    by_language: dict[str, int] = defaultdict(int)
    for m, meeting in enumerate(inst.meetings):
        if must[m] and meeting.language:
            by_language[meeting.language] += 1
    for language, count in sorted(by_language.items()):
        room = inst.interpreters[language] * len(problem.grid.slots)
        if count > room:
            out.append(
                Note(
                    gettext_noop(
                        "Too few interpreters for %(language)s: must-meet meetings that need one: "
                        "%(count)d; interpreter slots in the pool: %(room)d."
                    ),
                    {"count": count, "language": language, "room": room},
                )
            )
    return out


def fill_in(instance: Instance, result: Result) -> tuple[Result, int]:
    """The solver's schedule with the meetings it left out placed where the greedy
    baseline would put them around it (fixed in place, the others at their earliest free
    slot), and how many were added. Meetings come before breaks: under load a solver
    run can end with a weak first phase, and a meeting that fits must not be left out
    for it. Added meetings may stretch the fairness bound; the result says so
    (``method`` ``"cpsat+fill"``, status at most ``feasible``)."""
    if not result.unscheduled or not result.assignments:
        return result, 0
    placed = {a.meeting: a for a in result.assignments}
    meetings = tuple(
        replace(meeting, fixed_slot=placed[m].slot, venues=(placed[m].venue,))
        if m in placed
        else meeting
        for m, meeting in enumerate(instance.meetings, start=1)
    )
    filled = greedy(replace(instance, meetings=meetings))
    added = len(result.unscheduled) - len(filled.unscheduled)
    if added <= 0:
        return result, 0
    return (
        Result(
            status="feasible",
            objective=filled.objective,
            bound=result.bound,
            time_s=result.time_s,
            assignments=filled.assignments,
            unscheduled=filled.unscheduled,
            breaks=filled.breaks,
            method="cpsat+fill",
            scheduled_weight=sum(
                instance.meetings[a.meeting - 1].priority for a in filled.assignments
            ),
            weight_bound=result.weight_bound,
        ),
        added,
    )


@dataclass(frozen=True)
class Placement:
    """One engine assignment in the records' terms."""

    request: MeetingRequest
    slot: Slot
    venue: Venue
    table: int
    locked: bool


def placements(problem: Problem, result: Result) -> list[Placement]:
    """The engine's assignments as records. A locked meeting gets back its own table:
    tables of one venue are interchangeable, so the engine's table is swapped with the
    meeting that holds the locked table in that venue and slot."""
    table_of: dict[int, int] = {a.meeting: a.table for a in result.assignments}
    by_place: dict[tuple[int, int, int], int] = {
        (a.venue, a.slot, a.table): a.meeting for a in result.assignments
    }
    for a in result.assignments:
        lock = problem.locks.get(problem.requests[a.meeting - 1].pk)
        if lock is None or table_of[a.meeting] == lock.table:
            continue
        holder = by_place.get((a.venue, a.slot, lock.table))
        mine = table_of[a.meeting]
        if holder is not None:
            table_of[holder] = mine
            by_place[a.venue, a.slot, mine] = holder
        table_of[a.meeting] = lock.table
        by_place[a.venue, a.slot, lock.table] = a.meeting
    return [
        Placement(
            request=problem.requests[a.meeting - 1],
            slot=problem.grid.slots[a.slot],
            venue=problem.venues[a.venue - 1],
            table=table_of[a.meeting],
            locked=problem.requests[a.meeting - 1].pk in problem.locks,
        )
        for a in sorted(result.assignments, key=lambda a: (a.slot, a.venue, table_of[a.meeting]))
    ]


def assignments_of(problem: Problem, schedule: Schedule) -> list[Assignment]:
    """A schedule's meetings as engine assignments (for counting breaks, checking).
    Meetings whose request is not in the problem are skipped."""
    m_of = {request.pk: m for m, request in enumerate(problem.requests, start=1)}
    v_of = {venue.pk: v for v, venue in enumerate(problem.venues, start=1)}
    out = []
    for meeting in schedule.meetings.all():
        slot = problem.grid.slot_at(meeting.day_id, meeting.starts_at)
        if meeting.request_id in m_of and slot is not None and meeting.venue_id in v_of:
            out.append(
                Assignment(
                    m_of[meeting.request_id], slot.index, v_of[meeting.venue_id], meeting.table
                )
            )
    return out


def left_out_reasons(problem: Problem, result: Result) -> dict[int, Note]:
    """Why each request of the mission without a place was left out (request pk →
    reason): the reasons found while building, and for meetings the engine did not
    place, that what was placed left no slot both parties share, or that no schedule
    was found at all."""
    reasons = dict(problem.kept_out)
    placed = {a.meeting for a in result.assignments}
    for m, request in enumerate(problem.requests, start=1):
        if m in placed:
            continue
        if not result.assignments:
            reasons[request.pk] = Note(gettext_noop("the solver found no schedule"))
        elif request.must_meet:
            reasons[request.pk] = Note(
                gettext_noop("no slot left for both: they went to other must-meet meetings")
            )
        else:
            reasons[request.pk] = Note(
                gettext_noop(
                    "no slot left for both: they went to meetings of higher or equal priority"
                )
            )
    return reasons
