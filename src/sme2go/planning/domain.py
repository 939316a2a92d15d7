"""Write paths of mission planning: meeting requests, slot settings, venues, interpreters
and unavailability. (Solver runs, schedules, locks, moves and publishing live in
``planning.jobs`` and ``planning.schedules``.)

Every write function is keyword-only, runs in one audited transaction (``@domain_write``)
and decides permission from ``actor`` itself: :class:`~django.core.exceptions.PermissionDenied`
when the actor may not write, :class:`~django.core.exceptions.ValidationError` (keyed by
form field, naming the conflicting records) on bad input, and nothing written in either
case. ``actor=None`` is the system (demo loader, batch jobs) and skips the permission check.

Who writes what: operator staff of the mission's programme write everything; a company
user requests meetings for its own company and withdraws them; the users of the other
side of a request (host, counterpart or company) accept or decline it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sme2go.core.domain import apply_changes, domain_write, require_change
from sme2go.core.tenancy import Access, access_for, can_change
from sme2go.matches.models import MatchProposal
from sme2go.missions.models import ItineraryDay, Mission
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.planning.models import (
    DaySlotSettings,
    Interpreter,
    MeetingRequest,
    SlotSettings,
    Unavailability,
    Venue,
)
from sme2go.regions.models import Region

SLOT_FIELDS = frozenset(
    {
        "slot_minutes",
        "day_start",
        "day_end",
        "break_start",
        "break_end",
        "fairness",
        "time_limit_s",
        "time_zone",
    }
)
DAY_SLOT_FIELDS = frozenset(
    {"slot_minutes", "day_start", "day_end", "break_start", "break_end", "no_meetings"}
)
VENUE_FIELDS = frozenset({"city", "name", "address", "tables"})
INTERPRETER_FIELDS = frozenset({"language", "name", "capacity"})
UNAVAILABILITY_FIELDS = frozenset({"day", "organisation", "start_time", "end_time", "reason"})

Status = MeetingRequest.Status
# The request's relations (mission, parties, need, match, users): checked by the write
# paths themselves, so full_clean() does not look each one up again.
REQUEST_RELATIONS = [f.name for f in MeetingRequest._meta.fields if f.is_relation]


# Who may do what ---------------------------------------------------------------------------


def _is_mission_operator(actor: Any, mission: Mission) -> bool:
    """The system, a superuser, or operator staff who may change ``mission``."""
    return actor is None or can_change(actor, mission)


def may_answer(access: Access, meeting_request: MeetingRequest, *, is_operator: bool) -> bool:
    """Whether a user (``access``; ``is_operator``: may change the mission) may accept or
    decline ``meeting_request`` in its current state. Pure: views call it per row."""
    if meeting_request.status == Status.WITHDRAWN:
        return False
    return is_operator or access.organisation_id == meeting_request.counterpart_id


def may_withdraw(access: Access, meeting_request: MeetingRequest, *, is_operator: bool) -> bool:
    """Whether a user may withdraw ``meeting_request`` in its current state (pure)."""
    if meeting_request.status not in (Status.REQUESTED, Status.ACCEPTED):
        return False
    return is_operator or access.organisation_id == meeting_request.requester_id


# Where the parties are ---------------------------------------------------------------------


def city_of(region: Region | None) -> Region | None:
    """The city ``region`` lies in: itself when it is a city, else the nearest city above
    it (a zone or district below a city); ``None`` above city level."""
    place, seen = region, set()
    # Walks up one parent at a time: a city (the usual case) costs no query.
    while place is not None and place.pk not in seen:
        if place.kind == Region.Kind.CITY:
            return place
        seen.add(place.pk)
        place = place.parent
    return None


def day_label(day: ItineraryDay) -> str:
    """``Tue 16 Mar 2027 (Weifang)``: how messages name an itinerary day."""
    return f"{date_format(day.date, 'D')} {date_format(day.date, 'DATE_FORMAT')} ({day.city.name})"


def meeting_days(mission: Mission) -> list[ItineraryDay]:
    """The mission's itinerary days that may hold B2B meetings, in date order."""
    return list(
        mission.days.select_related("city__parent__parent", "slot_settings")
        .filter(Q(slot_settings__isnull=True) | Q(slot_settings__no_meetings=False))
        .order_by("date")
    )


def _itinerary_text(days: list[ItineraryDay]) -> str:
    """``Weifang (15 March, 16 March), Zhucheng (17 March)``: the cities with their dates."""
    by_city: dict[str, list[str]] = {}
    for day in days:
        by_city.setdefault(day.city.name, []).append(date_format(day.date, "MONTH_DAY_FORMAT"))
    return ", ".join(f"{city} ({', '.join(dates)})" for city, dates in by_city.items())


def days_present(
    organisation: Organisation, mission: Mission, days: list[ItineraryDay] | None = None
) -> list[ItineraryDay]:
    """The meeting days of ``mission`` on which ``organisation`` is where the delegation is.

    The mission's companies travel with the delegation: every day. A host or counterpart
    is present on the days spent in the city its region lies in (its region may be a zone
    below the city).
    """
    if days is None:
        days = meeting_days(mission)
    if mission.companies.filter(pk=organisation.pk).exists():
        return list(days)
    home = city_of(organisation.region)
    if home is None:
        return []
    return [day for day in days if (city := city_of(day.city)) is not None and city.pk == home.pk]


def _check_same_place(mission: Mission, requester: Organisation, counterpart: Organisation) -> None:
    """Refuse a pair that is never in the same city on the same meeting day."""
    days = meeting_days(mission)
    if not days:
        raise ValidationError(
            {
                "counterpart": _(
                    "%(mission)s has no itinerary days with meetings yet, so no meeting "
                    "can take place."
                )
                % {"mission": mission.title}
            }
        )
    # The requester is a company of the mission and travels with the delegation, so the
    # pair meets wherever the counterpart can.
    if days_present(counterpart, mission, days):
        return
    if counterpart.region is None:
        message = _(
            "%(name)s has no region, so it is not known where it can meet. Set its region first."
        ) % {"name": counterpart.name}
    else:
        message = _(
            "%(requester)s and %(counterpart)s are never in the same city on the same day: "
            "%(counterpart)s is in %(place)s, and the delegation is in %(itinerary)s."
        ) % {
            "requester": requester.name,
            "counterpart": counterpart.name,
            "place": counterpart.region.name,
            "itinerary": _itinerary_text(days),
        }
    raise ValidationError({"counterpart": message})


# Meeting requests --------------------------------------------------------------------------


def meeting_party_choices(mission: Mission) -> models.QuerySet[Organisation]:
    """Whom a company of ``mission`` may meet: hosts and counterparts enrolled in its
    programme, and the mission's companies."""
    return (
        Organisation.objects.filter(
            Q(
                kind__in=[Organisation.Kind.HOST, Organisation.Kind.COUNTERPART],
                enrolments__programme=mission.programme_id,
            )
            | Q(pk__in=mission.companies.values("pk"))
        )
        .distinct()
        .select_related("region")
        .order_by("kind", "name")
    )


def _existing_request(
    mission: Mission, requester: Organisation, counterpart: Organisation
) -> MeetingRequest | None:
    """A request of the same pair, either way round, that still counts."""
    return (
        MeetingRequest.objects.filter(mission=mission)
        .filter(
            Q(requester=requester, counterpart=counterpart)
            | Q(requester=counterpart, counterpart=requester)
        )
        .select_related("requester", "counterpart")
        .first()
    )


def _check_request(
    *,
    mission: Mission,
    requester: Organisation,
    counterpart: Organisation,
    need: Need | None,
    proposal: MatchProposal | None,
) -> None:
    """Every rule of a new request except the permission; raises ``ValidationError``."""
    if not mission.companies.filter(pk=requester.pk).exists():
        raise ValidationError(
            {
                "requester": _("%(name)s does not take part in %(mission)s.")
                % {"name": requester.name, "mission": mission.title}
            }
        )
    if counterpart.pk == requester.pk:
        raise ValidationError(
            {
                "counterpart": _("%(name)s cannot request a meeting with itself.")
                % {"name": requester.name}
            }
        )
    if not meeting_party_choices(mission).filter(pk=counterpart.pk).exists():
        if counterpart.kind == Organisation.Kind.COMPANY:
            message = _("%(name)s does not take part in %(mission)s.")
        else:
            message = _("%(name)s is not a host or counterpart of the programme of %(mission)s.")
        raise ValidationError(
            {"counterpart": message % {"name": counterpart.name, "mission": mission.title}}
        )
    if proposal is not None:
        if (
            proposal.status != MatchProposal.Status.APPROVED
            or proposal.company_id != requester.pk
            or proposal.need.programme_id != mission.programme_id
        ):
            raise ValidationError(
                {
                    "proposal": _(
                        "The match of %(company)s for “%(need)s” is not an approved match "
                        "of %(requester)s in this programme."
                    )
                    % {
                        "company": proposal.company.name,
                        "need": proposal.need.title,
                        "requester": requester.name,
                    }
                }
            )
        if need is not None and need.pk != proposal.need_id:
            raise ValidationError(
                {
                    "need": _("The match is about “%(need)s”, not “%(other)s”.")
                    % {"need": proposal.need.title, "other": need.title}
                }
            )
    if need is not None and need.programme_id != mission.programme_id:
        raise ValidationError(
            {
                "need": _("“%(need)s” is not a need of the programme of %(mission)s.")
                % {"need": need.title, "mission": mission.title}
            }
        )
    existing = _existing_request(mission, requester, counterpart)
    if existing is not None and not (
        existing.status == Status.WITHDRAWN and existing.requester_id == requester.pk
    ):
        raise ValidationError(
            {
                "counterpart": _(
                    "%(requester)s already requested a meeting with %(counterpart)s on this "
                    "mission (status: %(status)s)."
                )
                % {
                    "requester": existing.requester.name,
                    "counterpart": existing.counterpart.name,
                    "status": existing.get_status_display(),
                }
            }
        )
    _check_same_place(mission, requester, counterpart)


@domain_write
def request_meeting(
    *,
    actor: Any,
    mission: Mission,
    requester: Organisation,
    counterpart: Organisation,
    priority: int = MeetingRequest.Priority.NORMAL,
    purpose: str = "",
    language: str = "",
    need: Need | None = None,
    proposal: MatchProposal | None = None,
    must_meet: bool = False,
) -> MeetingRequest:
    """``requester`` (a company of ``mission``) asks to meet ``counterpart`` (a host or
    counterpart of the programme, or another company of the mission).

    A company user requests for its own company only; operator staff for any company of
    the mission, and only they set ``must_meet``. From an approved match (``proposal``)
    the request is about the match's need. Refused (``ValidationError``): a company not in
    the mission, a request to oneself, a counterpart outside the programme, a pair that
    already has a request (either way round), a pair never in the same city on the same
    meeting day. A request the requester withdrew earlier is asked again (same row).
    The new request is ``requested``: the other side answers it.
    """
    is_operator = _is_mission_operator(actor, mission)
    if not is_operator:
        access = access_for(actor)
        if not access.is_company or access.organisation_id != requester.pk or must_meet:
            raise PermissionDenied
    if proposal is not None and need is None:
        need = proposal.need
    _check_request(
        mission=mission, requester=requester, counterpart=counterpart, need=need, proposal=proposal
    )
    meeting_request = MeetingRequest.objects.filter(
        mission=mission, requester=requester, counterpart=counterpart
    ).first() or MeetingRequest(mission=mission, requester=requester, counterpart=counterpart)
    meeting_request.need = need
    meeting_request.proposal = proposal
    meeting_request.priority = priority
    meeting_request.purpose = purpose.strip()
    meeting_request.language = language.strip().lower()
    meeting_request.must_meet = must_meet
    meeting_request.status = Status.REQUESTED
    meeting_request.requested_by = actor
    meeting_request.answered_by = None
    meeting_request.answered_at = None
    meeting_request.answer_note = ""
    # The related records were checked above; what is left to validate is the text.
    meeting_request.full_clean(exclude=REQUEST_RELATIONS, validate_unique=False)
    meeting_request.save()
    return meeting_request


def _locked(meeting_request: MeetingRequest) -> MeetingRequest:
    """The request re-read under a row lock, so two answers cannot cross."""
    return (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("mission", "requester", "counterpart")
        .get(pk=meeting_request.pk)
    )


def _answer(
    actor: Any, meeting_request: MeetingRequest, status: str, note: str, allowed_from: set[str]
) -> MeetingRequest:
    current = _locked(meeting_request)
    is_operator = _is_mission_operator(actor, current.mission)
    if not is_operator and not may_answer(access_for(actor), current, is_operator=False):
        raise PermissionDenied
    if current.status not in allowed_from:
        if current.status == Status.WITHDRAWN:
            message = _(
                "%(requester)s withdrew its request to meet %(counterpart)s; it cannot be answered."
            )
        else:
            message = _(
                "The request of %(requester)s to meet %(counterpart)s cannot change any more "
                "(status: %(status)s)."
            )
        raise ValidationError(
            {
                "note": message
                % {
                    "requester": current.requester.name,
                    "counterpart": current.counterpart.name,
                    "status": current.get_status_display(),
                }
            }
        )
    current.status = status
    current.answer_note = note.strip()
    current.answered_by = actor
    current.answered_at = timezone.now()
    current.full_clean(
        exclude=[f.name for f in MeetingRequest._meta.fields if f.name != "answer_note"],
        validate_unique=False,
        validate_constraints=False,
    )
    current.save(update_fields=["status", "answer_note", "answered_by", "answered_at"])
    return current


@domain_write(action="accept")
def accept_request(
    *, actor: Any, meeting_request: MeetingRequest, note: str = ""
) -> MeetingRequest:
    """The other side (its users, or operator staff on its behalf) accepts a request that
    is ``requested`` or was declined; only accepted requests are scheduled."""
    return _answer(
        actor, meeting_request, Status.ACCEPTED, note, {Status.REQUESTED, Status.DECLINED}
    )


@domain_write(action="decline")
def decline_request(
    *, actor: Any, meeting_request: MeetingRequest, note: str = ""
) -> MeetingRequest:
    """The other side (or operator staff on its behalf) declines a request that is
    ``requested`` or was accepted, with an optional note to the requester."""
    return _answer(
        actor, meeting_request, Status.DECLINED, note, {Status.REQUESTED, Status.ACCEPTED}
    )


@domain_write(action="withdraw")
def withdraw_request(*, actor: Any, meeting_request: MeetingRequest) -> MeetingRequest:
    """The requesting company (or operator staff) withdraws a request that is ``requested``
    or accepted. It can be asked again later with :func:`request_meeting`."""
    current = _locked(meeting_request)
    is_operator = _is_mission_operator(actor, current.mission)
    if not is_operator and access_for(actor).organisation_id != current.requester_id:
        raise PermissionDenied
    if not may_withdraw(access_for(actor), current, is_operator=True):
        raise ValidationError(
            _(
                "The request of %(requester)s to meet %(counterpart)s cannot change any more "
                "(status: %(status)s)."
            )
            % {
                "requester": current.requester.name,
                "counterpart": current.counterpart.name,
                "status": current.get_status_display(),
            }
        )
    current.status = Status.WITHDRAWN
    current.save(update_fields=["status"])
    return current


@domain_write
def set_must_meet(
    *, actor: Any, meeting_request: MeetingRequest, must_meet: bool
) -> MeetingRequest:
    """Operator staff mark (or unmark) a pair the scheduler must place."""
    current = _locked(meeting_request)
    require_change(actor, current.mission)
    current.must_meet = must_meet
    current.save(update_fields=["must_meet"])
    return current


# Slot settings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DaySlots:
    """The slot times of one itinerary day: the day's own settings over the mission's."""

    day: ItineraryDay | None
    slot_minutes: int
    day_start: dt.time
    day_end: dt.time
    break_start: dt.time | None
    break_end: dt.time | None
    no_meetings: bool = False

    @property
    def has_break(self) -> bool:
        """Whether the break falls into the meeting time; a break wholly outside it (the
        mission's lunch on a day with afternoon meetings only) does not apply."""
        return (
            self.break_start is not None
            and self.break_end is not None
            and self.break_start < self.day_end
            and self.break_end > self.day_start
        )

    @property
    def periods(self) -> list[tuple[dt.time, dt.time]]:
        """The stretches of meeting time: the whole day, or before and after the break."""
        if not self.has_break:
            return [(self.day_start, self.day_end)]
        return [(self.day_start, self.break_start), (self.break_end, self.day_end)]

    @property
    def slot_starts(self) -> list[dt.time]:
        """The start time of every slot of the day (empty on a day without meetings)."""
        if self.no_meetings:
            return []
        starts = []
        step = dt.timedelta(minutes=self.slot_minutes)
        for begin, end in self.periods:
            moment = dt.datetime.combine(dt.date.min, begin)
            while moment + step <= dt.datetime.combine(dt.date.min, end):
                starts.append(moment.time())
                moment += step
        return starts

    def problems(self) -> dict[str, str]:
        """What is wrong with these times, keyed by field; empty when they cut cleanly."""
        # A sentence per case for a named day and for every day: "on" and the day's name
        # do not combine word by word in every language.
        on_day = self.day is not None
        values = {
            "day": day_label(self.day) if on_day else "",
            "start": f"{self.day_start:%H:%M}",
            "end": f"{self.day_end:%H:%M}",
        }
        if self.day_end <= self.day_start:
            message = (
                _("On %(day)s the meetings end (%(end)s) before they start (%(start)s).")
                if on_day
                else _("The meetings end (%(end)s) before they start (%(start)s).")
            )
            return {"day_end": message % values}
        if (self.break_start is None) != (self.break_end is None):
            return {"break_end": _("Give both ends of the break, or neither.")}
        if self.has_break and not (
            self.day_start < self.break_start < self.break_end < self.day_end
        ):
            message = (
                _(
                    "On %(day)s the break %(break_start)s–%(break_end)s does not lie within "
                    "the meeting time %(start)s–%(end)s."
                )
                if on_day
                else _(
                    "The break %(break_start)s–%(break_end)s does not lie within the meeting "
                    "time %(start)s–%(end)s."
                )
            )
            return {
                "break_start": message
                % {
                    **values,
                    "break_start": f"{self.break_start:%H:%M}",
                    "break_end": f"{self.break_end:%H:%M}",
                }
            }
        for begin, end in self.periods:
            minutes = _minutes(end) - _minutes(begin)
            if minutes % self.slot_minutes:
                message = (
                    _(
                        "On %(day)s the meeting time %(from)s–%(until)s (%(minutes)d min) is "
                        "not a whole number of %(slot)d-minute slots."
                    )
                    if on_day
                    else _(
                        "The meeting time %(from)s–%(until)s (%(minutes)d min) is not a whole "
                        "number of %(slot)d-minute slots."
                    )
                )
                return {
                    "slot_minutes": message
                    % {
                        "day": values["day"],
                        "from": f"{begin:%H:%M}",
                        "until": f"{end:%H:%M}",
                        "minutes": minutes,
                        "slot": self.slot_minutes,
                    }
                }
        return {}


def _as_time(value: Any) -> Any:
    """A time field's value as a time: unsaved rows hold the model's defaults as text."""
    return dt.time.fromisoformat(value) if isinstance(value, str) else value


def _minutes(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


def slot_settings_for(mission: Mission) -> SlotSettings:
    """The mission's slot settings; unsaved defaults when none were set."""
    try:
        return mission.slot_settings
    except SlotSettings.DoesNotExist:
        return SlotSettings(mission=mission)


def _resolve(
    settings: SlotSettings, day: ItineraryDay | None, own: DaySlotSettings | None
) -> DaySlots:
    def pick(field: str) -> Any:
        value = getattr(own, field, None) if own is not None else None
        return _as_time(getattr(settings, field) if value is None else value)

    if own is not None and (own.break_start is not None or own.break_end is not None):
        # A day's own break replaces the mission's whole break, never half of it.
        break_start, break_end = own.break_start, own.break_end
    else:
        break_start, break_end = settings.break_start, settings.break_end
    return DaySlots(
        day=day,
        slot_minutes=int(pick("slot_minutes")),
        day_start=pick("day_start"),
        day_end=pick("day_end"),
        break_start=_as_time(break_start),
        break_end=_as_time(break_end),
        no_meetings=bool(own and own.no_meetings),
    )


def day_slots(mission: Mission, settings: SlotSettings | None = None) -> list[DaySlots]:
    """The slot times of every itinerary day of ``mission``, in date order (days without
    meetings included, with ``no_meetings`` set)."""
    if settings is None:
        settings = slot_settings_for(mission)
    days = mission.days.select_related("city", "slot_settings").order_by("date")
    return [_resolve(settings, day, getattr(day, "slot_settings", None)) for day in days]


def _check_days(slots: Iterable[DaySlots]) -> None:
    errors: dict[str, list[str]] = {}
    for one in slots:
        if one.no_meetings:
            continue
        for field, message in one.problems().items():
            errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


@domain_write
def save_slot_settings(*, actor: Any, mission: Mission, **changes: Any) -> SlotSettings:
    """Set the mission's slot settings (fields of :data:`SLOT_FIELDS`), creating them on
    first use. Refused when the times do not cut every meeting day (with its own
    settings) into whole slots before and after the break; the message names the day."""
    require_change(actor, mission)
    settings = SlotSettings.objects.filter(mission=mission).first() or SlotSettings(mission=mission)
    apply_changes(settings, changes, SLOT_FIELDS, function="save_slot_settings")
    settings.full_clean()
    # Each day is checked with its own settings and named; without days, the defaults.
    _check_days(day_slots(mission, settings) or [_resolve(settings, None, None)])
    settings.save()
    return settings


@domain_write
def save_day_slot_settings(*, actor: Any, day: ItineraryDay, **changes: Any) -> DaySlotSettings:
    """Set one day's own slot times (fields of :data:`DAY_SLOT_FIELDS`; ``None`` takes the
    mission's). Refused, naming the day, when the day's times do not cut into whole slots."""
    require_change(actor, day)
    own = DaySlotSettings.objects.filter(day=day).first() or DaySlotSettings(day=day)
    apply_changes(own, changes, DAY_SLOT_FIELDS, function="save_day_slot_settings")
    own.full_clean()
    resolved = _resolve(slot_settings_for(day.mission), day, own)
    if not resolved.no_meetings:
        _check_days([resolved])
    own.save()
    return own


# Venues ------------------------------------------------------------------------------------


def itinerary_cities(mission: Mission) -> models.QuerySet[Region]:
    """The cities of the mission's itinerary days: where venues can be."""
    return Region.objects.filter(pk__in=mission.days.values("city")).order_by("name")


def check_tables(name: str, tables: int | None) -> None:
    """Refuse a venue without tables, naming it (forms call this too, so the message is
    the same everywhere)."""
    if tables is not None and tables < 1:
        raise ValidationError(
            {
                "tables": _("A venue needs at least one table; %(name)s has %(tables)d.")
                % {"name": name or _("this venue"), "tables": tables}
            }
        )


def _save_venue(venue: Venue) -> Venue:
    check_tables(venue.name, venue.tables)
    venue.full_clean(validate_constraints=False)
    mission = venue.mission
    if not itinerary_cities(mission).filter(pk=venue.city_id).exists():
        raise ValidationError(
            {
                "city": _(
                    "The delegation never spends a day in %(city)s; the itinerary has %(cities)s."
                )
                % {
                    "city": venue.city.name,
                    "cities": ", ".join(c.name for c in itinerary_cities(mission))
                    or _("no days yet"),
                }
            }
        )
    if (
        Venue.objects.filter(mission=mission, city=venue.city_id, name=venue.name)
        .exclude(pk=venue.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "name": _("%(city)s already has a venue called %(name)s.")
                % {"city": venue.city.name, "name": venue.name}
            }
        )
    venue.save()
    return venue


@domain_write
def add_venue(
    *, actor: Any, mission: Mission, city: Region, name: str, tables: int, address: str = ""
) -> Venue:
    """Add a venue with ``tables`` tables (at least one) in a city of the itinerary."""
    require_change(actor, mission)
    return _save_venue(
        Venue(mission=mission, city=city, name=name.strip(), address=address, tables=tables)
    )


@domain_write
def update_venue(*, actor: Any, venue: Venue, **changes: Any) -> Venue:
    """Change fields of :data:`VENUE_FIELDS`; the same rules as :func:`add_venue`."""
    require_change(actor, venue)
    apply_changes(venue, changes, VENUE_FIELDS, function="update_venue")
    return _save_venue(venue)


@domain_write
def remove_venue(*, actor: Any, venue: Venue) -> None:
    """Remove a venue no scheduled meeting uses (a schedule keeps its places)."""
    require_change(actor, venue)
    schedules = sorted(set(venue.meetings.values_list("schedule_id", flat=True)))
    if schedules:
        raise ValidationError(
            _(
                "%(venue)s holds meetings of schedule %(schedules)s; remove the schedule or "
                "move its meetings first."
            )
            % {"venue": venue, "schedules": ", ".join(f"#{pk}" for pk in schedules)}
        )
    venue.delete()


# Interpreters ------------------------------------------------------------------------------


def _save_interpreter(interpreter: Interpreter) -> Interpreter:
    interpreter.language = (interpreter.language or "").strip().lower()
    interpreter.full_clean(validate_constraints=False)
    other = (
        Interpreter.objects.filter(mission=interpreter.mission_id, language=interpreter.language)
        .exclude(pk=interpreter.pk)
        .first()
    )
    if other is not None:
        raise ValidationError(
            {
                "language": _(
                    "The mission already has an interpreter pool for %(language)s "
                    "(%(name)s); change its capacity instead."
                )
                % {"language": other.language, "name": other.name or _("unnamed")}
            }
        )
    interpreter.save()
    return interpreter


@domain_write
def add_interpreter(
    *, actor: Any, mission: Mission, language: str, capacity: int = 1, name: str = ""
) -> Interpreter:
    """Add the interpreter pool for ``language``: ``capacity`` meetings at once. One pool
    per language."""
    require_change(actor, mission)
    return _save_interpreter(
        Interpreter(mission=mission, language=language, capacity=capacity, name=name)
    )


@domain_write
def update_interpreter(*, actor: Any, interpreter: Interpreter, **changes: Any) -> Interpreter:
    """Change fields of :data:`INTERPRETER_FIELDS`; one pool per language."""
    require_change(actor, interpreter)
    apply_changes(interpreter, changes, INTERPRETER_FIELDS, function="update_interpreter")
    return _save_interpreter(interpreter)


@domain_write
def remove_interpreter(*, actor: Any, interpreter: Interpreter) -> None:
    require_change(actor, interpreter)
    interpreter.delete()


# Unavailability ----------------------------------------------------------------------------


def unavailability_organisation_choices(mission: Mission) -> models.QuerySet[Organisation]:
    """Who can be unavailable: the parties of the mission's meetings."""
    return meeting_party_choices(mission)


def _save_unavailability(entry: Unavailability) -> Unavailability:
    entry.full_clean()
    mission = entry.day.mission
    if not unavailability_organisation_choices(mission).filter(pk=entry.organisation_id).exists():
        raise ValidationError(
            {
                "organisation": _("%(name)s takes no part in the meetings of %(mission)s.")
                % {"name": entry.organisation.name, "mission": mission.title}
            }
        )
    entry.save()
    return entry


@domain_write
def add_unavailability(
    *,
    actor: Any,
    day: ItineraryDay,
    organisation: Organisation,
    start_time: dt.time,
    end_time: dt.time,
    reason: str = "",
) -> Unavailability:
    """Record that ``organisation`` (a party of the mission's meetings) cannot meet on
    ``day`` from ``start_time`` until ``end_time`` (which must come later)."""
    require_change(actor, day)
    return _save_unavailability(
        Unavailability(
            day=day,
            organisation=organisation,
            start_time=start_time,
            end_time=end_time,
            reason=reason,
        )
    )


@domain_write
def update_unavailability(
    *, actor: Any, unavailability: Unavailability, **changes: Any
) -> Unavailability:
    """Change fields of :data:`UNAVAILABILITY_FIELDS` (another ``day`` of the same mission
    included); the same rules as adding."""
    require_change(actor, unavailability)
    day = changes.get("day")
    if day is not None and day.mission_id != unavailability.day.mission_id:
        raise ValidationError({"day": _("%(day)s is not a day of this mission.") % {"day": day}})
    apply_changes(unavailability, changes, UNAVAILABILITY_FIELDS, function="update_unavailability")
    return _save_unavailability(unavailability)


@domain_write
def remove_unavailability(*, actor: Any, unavailability: Unavailability) -> None:
    require_change(actor, unavailability)
    unavailability.delete()
