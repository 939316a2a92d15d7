"""The scheduling problem and its result, as plain immutable data.

Indices follow the published benchmark: participants, meetings, slots, venues and tables
are 1-based in every public structure. A participant also carries an ``id`` (the integer
index for ``.dzn`` files, any string or integer for JSON instances); results name
participants by that id and venues by their id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

ParticipantId = int | str
VenueId = int | str
Status = Literal["optimal", "feasible", "infeasible", "unknown"]

ANY, MORNING, AFTERNOON = 3, 1, 2
SESSION_NAMES = {MORNING: "morning", AFTERNOON: "afternoon", ANY: "any"}


class InstanceError(ValueError):
    """A malformed instance: the message names the field and where it is (line or path)."""


# The largest instance the engine takes (docs/scheduling.md, "Limits"). Sizes are checked
# before anything is allocated from them, so a typing slip in a size ("slots":
# 1000000000000) is refused in one sentence instead of exhausting the machine. The
# published benchmarks and the synthetic b2match day (430 participants, 1,700 meetings,
# 20 slots) are far inside them.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_SLOTS = 2_000
MAX_PARTICIPANTS = 5_000
MAX_MEETINGS = 20_000
MAX_MEETING_SIZE = 100  # participants of one meeting
MAX_VENUES = 200
MAX_TABLES = 10_000  # tables of one venue
MAX_LANGUAGES = 100
MAX_INTERPRETERS = 10_000  # interpreters of one language
MAX_PRIORITY = 1_000_000
MAX_TEXT = 200  # characters of a participant or venue id, or a language
# Slots x (participants + meetings x venues): the number of literals the CP-SAT model
# starts from; building costs about 30 microseconds each (2,000,000: about a minute).
MAX_MODEL_SIZE = 2_000_000


def check_count(name: str, value: int, limit: int) -> None:
    """Raise :class:`InstanceError` when ``value`` (of the field ``name``) exceeds ``limit``."""
    if value > limit:
        raise InstanceError(
            f"{name}: {value:,} is more than the engine's limit of {limit:,} "
            "(see Limits in docs/scheduling.md)"
        )


def check_file_size(path: Path) -> None:
    """Refuse an instance file larger than :data:`MAX_FILE_BYTES` before reading it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InstanceError(
            f"{path}: {size:,} bytes is more than the engine's limit of {MAX_FILE_BYTES:,} "
            "bytes for an instance file (see Limits in docs/scheduling.md)"
        )


def read_text(path: Path) -> str:
    """The UTF-8 text of an instance file, size-checked; one sentence for bad encoding."""
    check_file_size(path)
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InstanceError(
            f"{path}: not UTF-8 text (byte {exc.start + 1} cannot be decoded); "
            "save the file as UTF-8"
        ) from None


def check_limits(instance: Instance) -> None:
    """Raise :class:`InstanceError` for the first size beyond the documented limits.

    Cheap (no allocation proportional to ``slots``); :func:`validate` calls it first, and
    the solvers call it for instances built in code."""
    check_count("slots", instance.slots, MAX_SLOTS)
    check_count("participants", len(instance.participants), MAX_PARTICIPANTS)
    check_count("meetings", len(instance.meetings), MAX_MEETINGS)
    check_count("venues", len(instance.venues), MAX_VENUES)
    check_count("tables", instance.tables, MAX_TABLES)
    for venue in instance.venues:
        check_count(f"venue {_short(venue.id)} tables", venue.tables, MAX_TABLES)
        check_text("venue id", venue.id)
    check_count("interpreters (languages)", len(instance.interpreters), MAX_LANGUAGES)
    for language, count in instance.interpreters.items():
        check_text("interpreters language", language)
        check_count(f"interpreters for {_short(language)}", count, MAX_INTERPRETERS)
    for participant in instance.participants:
        check_text("participant id", participant.id)
    for m, meeting in enumerate(instance.meetings, start=1):
        check_count(f"meeting {m} participants", len(meeting.participants), MAX_MEETING_SIZE)
        check_count(f"meeting {m} priority", meeting.priority, MAX_PRIORITY)
        if meeting.language is not None:
            check_text(f"meeting {m} language", meeting.language)
    size = instance.slots * (
        len(instance.participants) + len(instance.meetings) * max(len(instance.venues), 1)
    )
    check_count("slots x (participants + meetings x venues)", size, MAX_MODEL_SIZE)


def check_text(name: str, value: object) -> None:
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise InstanceError(
            f"{name} {_short(value)}: {len(value):,} characters is more than the engine's "
            f"limit of {MAX_TEXT} (see Limits in docs/scheduling.md)"
        )


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "...'"


@dataclass(frozen=True)
class Participant:
    """A company, host or counterpart.

    ``forbidden``: slots in which it cannot meet. ``fixed_table``: (venue index, table)
    reserved for it, e.g. a host at its stand; every meeting it has at that venue uses that
    table, and no other meeting uses it.
    """

    id: ParticipantId
    forbidden: frozenset[int] = frozenset()
    fixed_table: tuple[int, int] | None = None


@dataclass(frozen=True)
class Meeting:
    """A requested meeting between two or more participants (1-based participant indices).

    ``session``: 1 morning only, 2 afternoon only, 3 any slot. ``fixed_slot``: the slot it
    must take. ``after``: 1-based indices of meetings that must take place strictly earlier.
    ``venues``: allowed venue indices (empty: any venue). ``language``: an interpreter for
    this language is needed. ``priority``: weight in priority mode (higher is more
    important).
    """

    participants: tuple[int, ...]
    session: int = ANY
    fixed_slot: int | None = None
    after: tuple[int, ...] = ()
    venues: tuple[int, ...] = ()
    language: str | None = None
    priority: int = 1


@dataclass(frozen=True)
class Venue:
    """A place with ``tables`` tables, open in ``open_slots`` (empty: every slot)."""

    id: VenueId
    tables: int
    open_slots: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Instance:
    """One scheduling problem.

    Without ``venues`` there is a single implicit venue with ``tables`` tables (the
    published problem); results then report ``venue`` as ``None``. ``travel[v][w]`` is the
    number of free slots a participant needs between a meeting at venue v and a later one
    at venue w on the same day (0-based matrix over venue positions). ``slots_per_day``
    splits the horizon into days: breaks and travel are counted within a day, the night
    is neither a break nor travel time. ``interpreters`` maps a language to the number of
    interpreters available in every slot. ``require_all``: every meeting must be
    scheduled (the published problem); when False the priority mode applies.
    """

    participants: tuple[Participant, ...]
    meetings: tuple[Meeting, ...]
    slots: int
    morning_slots: int
    tables: int = 0
    venues: tuple[Venue, ...] = ()
    travel: tuple[tuple[int, ...], ...] = ()
    slots_per_day: int | None = None
    interpreters: Mapping[str, int] = field(default_factory=dict)
    require_all: bool = True
    name: str = ""

    @property
    def has_venues(self) -> bool:
        return bool(self.venues)

    def venue_list(self) -> tuple[Venue, ...]:
        """The venues, or the single implicit one of the published problem."""
        return self.venues or (Venue(id=1, tables=self.tables),)

    def day_of(self, slot: int) -> int:
        """0-based day of a 1-based slot."""
        return 0 if not self.slots_per_day else (slot - 1) // self.slots_per_day

    def meetings_of(self) -> list[list[int]]:
        """0-based meeting positions per 0-based participant position."""
        out: list[list[int]] = [[] for _ in self.participants]
        for m, meeting in enumerate(self.meetings):
            for p in meeting.participants:
                out[p - 1].append(m)
        return out


@dataclass(frozen=True)
class Assignment:
    """Where and when one meeting takes place (1-based meeting, slot, venue, table)."""

    meeting: int
    slot: int
    venue: int
    table: int


@dataclass
class Result:
    """Outcome of a solve.

    ``objective`` is the total number of breaks of ``assignments`` (None without a
    schedule); ``bound`` a proven lower bound on it (for the priority mode: under the
    scheduled weight of the first phase). ``unscheduled`` lists 1-based meeting indices
    left out (priority mode, greedy, or no schedule at all). Priority mode only:
    ``scheduled_weight`` is the priority sum of the scheduled meetings, ``weight_bound``
    a proven upper bound on it (the first phase is optimal when they are equal).
    """

    status: Status
    objective: int | None
    bound: int | None
    time_s: float
    assignments: list[Assignment]
    unscheduled: list[int]
    breaks: dict[ParticipantId, int]
    method: str = "cpsat"
    scheduled_weight: int | None = None
    weight_bound: int | None = None

    def weight_gap(self) -> float | None:
        """The first phase's relative gap (priority mode), 0.0 when proven optimal."""
        if self.scheduled_weight is None or self.weight_bound is None:
            return None
        return (self.weight_bound - self.scheduled_weight) / max(self.weight_bound, 1)

    def to_json(self, instance: Instance) -> dict:
        """The stable JSON shape of ``sme2go schedule solve``."""
        venues = instance.venue_list()
        meetings = [
            {
                "meeting": a.meeting,
                "participants": [
                    instance.participants[p - 1].id
                    for p in instance.meetings[a.meeting - 1].participants
                ],
                "slot": a.slot,
                "table": a.table,
                "venue": venues[a.venue - 1].id if instance.has_venues else None,
            }
            for a in sorted(self.assignments, key=lambda a: a.meeting)
        ]
        out = {
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "time_s": round(self.time_s, 3),
            "meetings": meetings,
            "unscheduled": sorted(self.unscheduled),
            "breaks": {str(k): v for k, v in self.breaks.items()},
        }
        if self.weight_bound is not None:
            out["scheduled_weight"] = self.scheduled_weight
            out["weight_bound"] = self.weight_bound
        return out


@dataclass(frozen=True)
class Progress:
    """A progress report during a solve: elapsed time, best objective and bound so far."""

    time_s: float
    objective: float | None
    bound: float | None
    phase: str = "breaks"


ProgressCallback = Callable[[Progress], None]


def validate(instance: Instance, where: Callable[[str, int], str] | None = None) -> None:
    """Raise :class:`InstanceError` for the first structural error in ``instance``.

    ``where(field, index)`` turns a field name and 0-based element index into a location
    text ("line 12", "meetings[3]") for the message; loaders pass their own.
    """

    def loc(name: str, index: int = -1) -> str:
        if where is None:
            return name if index < 0 else f"{name}[{index + 1}]"
        return where(name, index)

    def fail(name: str, index: int, message: str) -> None:
        raise InstanceError(f"{loc(name, index)}: {message}")

    check_limits(instance)

    n_p, n_m, n_t = len(instance.participants), len(instance.meetings), instance.slots
    if n_t < 1:
        fail("slots", -1, f"number of slots must be at least 1, got {n_t}")
    if not 0 <= instance.morning_slots <= n_t:
        fail("morning_slots", -1, f"must be between 0 and {n_t}, got {instance.morning_slots}")
    if instance.tables < 0:
        fail("tables", -1, f"must not be negative, got {instance.tables}")
    if instance.slots_per_day is not None and instance.slots_per_day < 1:
        fail("slots_per_day", -1, f"must be at least 1, got {instance.slots_per_day}")
    n_v = len(instance.venues)
    for v, venue in enumerate(instance.venues):
        if venue.tables < 0:
            fail("venues", v, f"tables must not be negative, got {venue.tables}")
        bad = sorted(t for t in venue.open_slots if not 1 <= t <= n_t)
        if bad:
            fail("venues", v, f"open slot {bad[0]} outside 1..{n_t}")
    if instance.travel:
        if len(instance.travel) != n_v or any(len(row) != n_v for row in instance.travel):
            fail("travel", -1, f"must be a {n_v}x{n_v} matrix")
        if any(k < 0 for row in instance.travel for k in row):
            fail("travel", -1, "travel times must not be negative")
    for lang, count in instance.interpreters.items():
        if count < 0:
            fail("interpreters", -1, f"count for {lang!r} must not be negative, got {count}")
    for p, part in enumerate(instance.participants):
        bad = sorted(t for t in part.forbidden if not 1 <= t <= n_t)
        if bad:
            fail("forbidden", p, f"slot {bad[0]} outside 1..{n_t}")
        if part.fixed_table is not None:
            v, table = part.fixed_table
            venues = instance.venue_list()
            if not 1 <= v <= len(venues):
                fail("fixed_table", p, f"venue {v} out of range 1..{len(venues)}")
            if not 1 <= table <= venues[v - 1].tables:
                fail("fixed_table", p, f"table {table} out of range 1..{venues[v - 1].tables}")
    for m, meeting in enumerate(instance.meetings):
        if len(meeting.participants) < 2:
            fail("meetings", m, "a meeting needs at least two participants")
        for p in meeting.participants:
            if not 1 <= p <= n_p:
                fail("meetings", m, f"participant {p} out of range 1..{n_p}")
        if len(set(meeting.participants)) != len(meeting.participants):
            fail("meetings", m, f"participant {meeting.participants[0]} meets itself")
        if meeting.session not in SESSION_NAMES:
            fail("meetings", m, f"session must be 1, 2 or 3, got {meeting.session}")
        if meeting.fixed_slot is not None and not 1 <= meeting.fixed_slot <= n_t:
            fail("fixed", m, f"fixed slot {meeting.fixed_slot} outside 1..{n_t}")
        for other in meeting.after:
            if not 1 <= other <= n_m:
                fail("precedences", m, f"meeting {other} out of range 1..{n_m}")
            if other == m + 1:
                fail("precedences", m, "a meeting cannot precede itself")
        for v in meeting.venues:
            if not 1 <= v <= max(n_v, 1):
                fail("meetings", m, f"venue {v} out of range 1..{max(n_v, 1)}")
        if meeting.language is not None and meeting.language not in instance.interpreters:
            fail("meetings", m, f"no interpreters declared for language {meeting.language!r}")
        if meeting.priority < 0:
            fail("meetings", m, f"priority must not be negative, got {meeting.priority}")
