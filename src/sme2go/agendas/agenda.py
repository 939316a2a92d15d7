"""Agendas read from the itinerary and a schedule: who is where, when, with whom.

:func:`build_agenda` gathers one participant's B2B meetings, the delegation's group
visits and the travel legs, day by day in each day's local time zone, in a number of
queries that does not grow with the number of meetings. The web page, the PDF and the
iCalendar feed all render the same :class:`Agenda`; :func:`build_grid` gives the
adviser's participants × slots table of one day.

Who may see what is decided in :mod:`sme2go.agendas.access`, not here.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from sme2go.agendas.timezones import zones_for
from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
from sme2go.organisations.models import Organisation
from sme2go.planning.models import Interpreter, MeetingSeat, Schedule, ScheduledMeeting

MEETING = "meeting"
VISIT = "visit"
TRAVEL = "travel"


def display_name(organisation: Organisation) -> str:
    """The name, with the Chinese name beside it where there is one."""
    if organisation.name_zh:
        return f"{organisation.name} ({organisation.name_zh})"
    return organisation.name


def region_name(region) -> str:
    return f"{region.name} ({region.name_zh})" if region.name_zh else region.name


@dataclass(frozen=True)
class Entry:
    """One item of an agenda: a B2B meeting, a group visit or a travel leg.

    ``starts_at``/``ends_at`` are aware datetimes in the day's local zone; a travel leg
    without a departure time has ``starts_at`` ``None`` (an all-day item). ``uid`` is
    stable across re-publishing: a meeting keeps the UID of its request, so a calendar
    app moves the event instead of adding a second one.
    """

    kind: str
    uid: str
    title: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    venue: str = ""
    table: int | None = None
    attendees: tuple[str, ...] = ()
    interpreter: str = ""
    purpose: str = ""
    notes: str = ""

    @property
    def location(self) -> str:
        if self.table is None:
            return self.venue
        return _("%(venue)s, table %(table)s") % {"venue": self.venue, "table": self.table}

    @property
    def sort_key(self) -> tuple:
        return (self.starts_at is not None, self.starts_at or dt.datetime.min, self.kind)


@dataclass
class AgendaDay:
    day: ItineraryDay
    zone: zoneinfo.ZoneInfo
    entries: list[Entry] = field(default_factory=list)

    @property
    def city(self) -> str:
        return region_name(self.day.city)


@dataclass
class Agenda:
    """One participant's agenda of one mission. ``schedule`` is ``None`` when nothing
    has been published (the agenda then holds the visits and travel only)."""

    mission: Mission
    organisation: Organisation
    schedule: Schedule | None
    days: list[AgendaDay]

    @property
    def entries(self) -> list[Entry]:
        return [entry for day in self.days for entry in day.entries]

    @property
    def meeting_count(self) -> int:
        return sum(1 for entry in self.entries if entry.kind == MEETING)


def _days(mission: Mission) -> list[ItineraryDay]:
    return list(
        ItineraryDay.objects.filter(mission=mission)
        .select_related("city__parent__parent")
        .order_by("date")
    )


def _at(day: ItineraryDay, time: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day.date, time, tzinfo=zone)


def _interpreters(mission: Mission) -> dict[str, str]:
    return {
        pool.language: pool.name
        for pool in Interpreter.objects.filter(mission=mission).only("language", "name")
    }


def _interpreter_label(language: str, names: dict[str, str]) -> str:
    if not language:
        return ""
    name = names.get(language)
    return f"{language} — {name}" if name else language


def _meeting_entry(meeting: ScheduledMeeting, zone, interpreters: dict[str, str]) -> Entry:
    attendees = tuple(
        display_name(seat.organisation)
        for seat in sorted(meeting.seats.all(), key=lambda s: s.organisation.name)
    )
    request = meeting.request
    return Entry(
        kind=MEETING,
        uid=f"meeting-{request.pk}@sme2go",
        title=_("Meeting: %(requester)s — %(counterpart)s")
        % {"requester": request.requester.name, "counterpart": request.counterpart.name},
        starts_at=meeting.starts_at.astimezone(zone),
        ends_at=meeting.ends_at.astimezone(zone),
        venue=meeting.venue.name,
        table=meeting.table,
        attendees=attendees,
        interpreter=_interpreter_label(meeting.interpreter_language, interpreters),
        purpose=request.purpose,
    )


def _visit_entry(visit: Visit, zone, delegation: str) -> Entry:
    companies = tuple(display_name(company) for company in visit.companies.all())
    return Entry(
        kind=VISIT,
        uid=f"visit-{visit.pk}@sme2go",
        title=_("Visit: %(title)s") % {"title": visit.title},
        starts_at=_at(visit.day, visit.start_time, zone),
        ends_at=_at(visit.day, visit.end_time, zone),
        venue=visit.place,
        attendees=(display_name(visit.organisation), *(companies or (delegation,))),
        notes=visit.notes,
    )


def _leg_entry(leg: TravelLeg, zone) -> Entry:
    starts_at = ends_at = None
    if leg.departure is not None:
        starts_at = _at(leg.day, leg.departure, zone)
        ends_at = starts_at + dt.timedelta(minutes=leg.duration_minutes)
    return Entry(
        kind=TRAVEL,
        uid=f"travel-{leg.pk}@sme2go",
        title=_("%(mode)s: %(origin)s → %(destination)s")
        % {
            "mode": leg.get_mode_display(),
            "origin": region_name(leg.origin),
            "destination": region_name(leg.destination),
        },
        starts_at=starts_at,
        ends_at=ends_at,
        attendees=(_("the delegation"),),
        notes=leg.notes,
    )


def _meetings(schedule: Schedule) -> QuerySet[ScheduledMeeting]:
    return (
        ScheduledMeeting.objects.filter(schedule=schedule)
        .select_related("request__requester", "request__counterpart", "venue")
        .prefetch_related(
            Prefetch("seats", queryset=MeetingSeat.objects.select_related("organisation"))
        )
        .order_by("starts_at", "venue", "table")
    )


def build_agenda(mission: Mission, organisation: Organisation, schedule: Schedule | None) -> Agenda:
    """``organisation``'s agenda of ``mission`` from ``schedule`` (published or, for an
    operator's preview, a draft).

    A company attends the group visits of the whole delegation and those naming it
    (``Visit.companies``), and travels with the delegation. A host or
    counterpart attends its own visits, and sees the travel of the days on which it
    meets the delegation, so it knows when the delegation arrives.
    """
    days = _days(mission)
    zones = zones_for(day.city for day in days)
    by_day = {day.pk: AgendaDay(day=day, zone=zones[day.city_id]) for day in days}
    is_company = organisation.kind == Organisation.Kind.COMPANY
    delegation = _("the delegation")

    if schedule is not None:
        interpreters = _interpreters(mission)
        meetings = _meetings(schedule).filter(seats__organisation=organisation)
        for meeting in meetings:
            agenda_day = by_day[meeting.day_id]
            agenda_day.entries.append(_meeting_entry(meeting, agenda_day.zone, interpreters))

    visits = (
        Visit.objects.filter(day__mission=mission)
        .select_related("organisation", "day")
        .prefetch_related(Prefetch("companies", queryset=Organisation.objects.order_by("name")))
    )
    if is_company:
        # A visit without named companies is for the whole delegation.
        visits = visits.filter(Q(companies=None) | Q(companies=organisation)).distinct()
    else:
        visits = visits.filter(organisation=organisation)
    for visit in visits:
        agenda_day = by_day[visit.day_id]
        agenda_day.entries.append(_visit_entry(visit, agenda_day.zone, delegation))

    legs = TravelLeg.objects.filter(day__mission=mission).select_related(
        "origin", "destination", "day"
    )
    if not is_company:
        met = {day_pk for day_pk, agenda_day in by_day.items() if agenda_day.entries}
        legs = legs.filter(day__in=met)
    for leg in legs:
        agenda_day = by_day[leg.day_id]
        agenda_day.entries.append(_leg_entry(leg, agenda_day.zone))

    for agenda_day in by_day.values():
        agenda_day.entries.sort(key=lambda entry: entry.sort_key)
    return Agenda(
        mission=mission, organisation=organisation, schedule=schedule, days=days_of(by_day)
    )


def days_of(by_day: dict[int, AgendaDay]) -> list[AgendaDay]:
    return sorted(by_day.values(), key=lambda agenda_day: agenda_day.day.date)


def participants(mission: Mission, schedule: Schedule | None) -> QuerySet[Organisation]:
    """The organisations that have an agenda on ``mission``: its companies, the hosts and
    counterparts it visits, and everyone seated in ``schedule``."""
    condition = Q(missions=mission) | Q(visits__day__mission=mission)
    if schedule is not None:
        condition |= Q(seats__schedule=schedule)
    return Organisation.objects.filter(condition).distinct().order_by("kind", "name")


@dataclass
class Grid:
    """One day of a schedule as a table: ``rows`` are (participant, cells), one cell per
    start time in ``slots`` (local times); a cell is ``None`` or (whom, where)."""

    day: ItineraryDay
    zone: zoneinfo.ZoneInfo
    slots: list[dt.time]
    rows: list[tuple[Organisation, list[tuple[str, str] | None]]]


def build_grid(day: ItineraryDay, schedule: Schedule | None) -> Grid:
    """The adviser's grid of ``day``: a row for every company of the mission (idle ones
    too) and for every other participant meeting that day, a column per start time of
    a meeting that day."""
    zone = zones_for([day.city])[day.city_id]
    meetings = list(_meetings(schedule).filter(day=day)) if schedule is not None else []
    slots = sorted({meeting.starts_at.astimezone(zone).time() for meeting in meetings})
    column = {slot: index for index, slot in enumerate(slots)}
    cells: dict[int, list] = defaultdict(lambda: [None] * len(slots))
    for meeting in meetings:
        index = column[meeting.starts_at.astimezone(zone).time()]
        seats = meeting.seats.all()
        where = _("%(venue)s, table %(table)s") % {
            "venue": meeting.venue.name,
            "table": meeting.table,
        }
        for seat in seats:
            others = ", ".join(
                s.organisation.name for s in seats if s.organisation_id != seat.organisation_id
            )
            cells[seat.organisation_id][index] = (others, where)
    rows = [
        (organisation, cells[organisation.pk])
        for organisation in participants(day.mission, schedule)
        if organisation.kind == Organisation.Kind.COMPANY or organisation.pk in cells
    ]
    return Grid(day=day, zone=zone, slots=slots, rows=rows)
