"""sme2go's JSON instance format (``sme2go-schedule/1``), documented in docs/scheduling.md.

Participants and venues are named by ``id`` (string or integer); meetings refer to them
by id and to other meetings by 1-based position. Errors name the JSON path, for example
``meetings[3].participants: unknown participant 'acme'``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import (
    AFTERNOON,
    ANY,
    MORNING,
    Instance,
    InstanceError,
    Meeting,
    Participant,
    Venue,
    read_text,
    validate,
)

FORMAT = "sme2go-schedule/1"
_SESSIONS = {"morning": MORNING, "afternoon": AFTERNOON, "any": ANY, 1: 1, 2: 2, 3: 3}


def load_json(path: str | Path) -> Instance:
    """Read a JSON instance file; raise :class:`InstanceError` naming the field."""
    path = Path(path)
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise InstanceError(f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
    return instance_from_dict(data, name=path.name)


def instance_from_dict(data: Any, name: str = "") -> Instance:
    """Build an :class:`Instance` from the parsed JSON document."""
    if not isinstance(data, dict):
        raise InstanceError("document: expected a JSON object")

    def need(obj: dict, key: str, path: str, kind: type | tuple = int) -> Any:
        if key not in obj:
            raise InstanceError(f"{path}{key}: missing")
        value = obj[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise InstanceError(f"{path}{key}: expected {_kind_name(kind)}, got {value!r}")
        return value

    def opt(obj: dict, key: str, path: str, kind: type | tuple, default: Any) -> Any:
        return need(obj, key, path, kind) if obj.get(key) is not None else default

    slots = need(data, "slots", "")
    morning = opt(data, "morning_slots", "", int, slots)
    venues_raw = opt(data, "venues", "", list, [])
    venue_index: dict[Any, int] = {}
    venues = []
    for i, raw in enumerate(venues_raw):
        path = f"venues[{i}]."
        if not isinstance(raw, dict):
            raise InstanceError(f"venues[{i}]: expected an object")
        vid = need(raw, "id", path, (str, int))
        if vid in venue_index:
            raise InstanceError(f"{path}id: duplicate venue {vid!r}")
        venue_index[vid] = i + 1
        open_slots = frozenset(_int_list(raw.get("open_slots", []), f"{path}open_slots"))
        venues.append(Venue(id=vid, tables=need(raw, "tables", path), open_slots=open_slots))
    tables = opt(data, "tables", "", int, 0)
    if not venues and "tables" not in data:
        raise InstanceError("tables: missing (needed when there are no venues)")

    def venue_ref(ref: Any, path: str) -> int:
        if ref not in venue_index:
            raise InstanceError(f"{path}: unknown venue {ref!r}")
        return venue_index[ref]

    travel: tuple[tuple[int, ...], ...] = ()
    if data.get("travel"):
        matrix = [[0] * len(venues) for _ in venues]
        for i, leg in enumerate(need(data, "travel", "", list)):
            path = f"travel[{i}]"
            if not isinstance(leg, dict):
                raise InstanceError(f"{path}: expected an object")
            ends = need(leg, "between", f"{path}.", list)
            if len(ends) != 2:
                raise InstanceError(f"{path}.between: expected two venues")
            a, b = (venue_ref(e, f"{path}.between") for e in ends)
            k = need(leg, "slots", f"{path}.")
            if k < 0:
                raise InstanceError(f"{path}.slots: must not be negative, got {k}")
            matrix[a - 1][b - 1] = matrix[b - 1][a - 1] = k
        travel = tuple(tuple(row) for row in matrix)

    interpreters = opt(data, "interpreters", "", dict, {})
    for lang, count in interpreters.items():
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise InstanceError(f"interpreters.{lang}: expected a count >= 0, got {count!r}")

    participant_index: dict[Any, int] = {}
    participants = []
    for i, raw in enumerate(need(data, "participants", "", list)):
        path = f"participants[{i}]."
        if not isinstance(raw, dict):
            raise InstanceError(f"participants[{i}]: expected an object")
        pid = need(raw, "id", path, (str, int))
        if pid in participant_index:
            raise InstanceError(f"{path}id: duplicate participant {pid!r}")
        participant_index[pid] = i + 1
        fixed_table = None
        if raw.get("fixed_table") is not None:
            ft = need(raw, "fixed_table", path, dict)
            v = venue_ref(ft.get("venue"), f"{path}fixed_table.venue") if venues else 1
            fixed_table = (v, need(ft, "table", f"{path}fixed_table."))
        forbidden = frozenset(_int_list(raw.get("forbidden", []), f"{path}forbidden"))
        participants.append(Participant(id=pid, forbidden=forbidden, fixed_table=fixed_table))

    meetings = []
    for i, raw in enumerate(need(data, "meetings", "", list)):
        path = f"meetings[{i}]."
        if not isinstance(raw, dict):
            raise InstanceError(f"meetings[{i}]: expected an object")
        people = []
        for ref in need(raw, "participants", path, list):
            if ref not in participant_index:
                raise InstanceError(f"{path}participants: unknown participant {ref!r}")
            people.append(participant_index[ref])
        session = raw.get("session", "any")
        if session not in _SESSIONS:
            raise InstanceError(f"{path}session: expected morning, afternoon or any")
        language = opt(raw, "interpreter", path, str, None)
        meetings.append(
            Meeting(
                participants=tuple(people),
                session=_SESSIONS[session],
                fixed_slot=opt(raw, "fixed_slot", path, int, None),
                after=tuple(_int_list(raw.get("after", []), f"{path}after")),
                venues=tuple(venue_ref(v, f"{path}venues") for v in raw.get("venues", [])),
                language=language,
                priority=opt(raw, "priority", path, int, 1),
            )
        )
    mode = data.get("mode", "all")
    if mode not in ("all", "priority"):
        raise InstanceError(f"mode: expected 'all' or 'priority', got {mode!r}")
    instance = Instance(
        participants=tuple(participants),
        meetings=tuple(meetings),
        slots=slots,
        morning_slots=morning,
        tables=tables,
        venues=tuple(venues),
        travel=travel,
        slots_per_day=opt(data, "slots_per_day", "", int, None),
        interpreters=dict(interpreters),
        require_all=mode == "all",
        name=str(data.get("name", name)),
    )

    def where(field: str, index: int) -> str:
        paths = {"forbidden": "participants", "fixed_table": "participants"}
        suffix = {"fixed": "fixed_slot", "precedences": "after", "forbidden": "forbidden"}
        base = paths.get(field, "meetings" if field in suffix else field)
        if index < 0:
            return field
        tail = f".{suffix.get(field, field)}" if field in suffix or field in paths else ""
        return f"{base}[{index}]{tail}"

    validate(instance, where)
    return instance


def instance_to_dict(instance: Instance) -> dict:
    """The JSON document of ``instance`` (inverse of :func:`instance_from_dict`)."""
    venues = instance.venues
    pids = [p.id for p in instance.participants]
    doc: dict[str, Any] = {"format": FORMAT, "name": instance.name, "slots": instance.slots}
    doc["morning_slots"] = instance.morning_slots
    if instance.slots_per_day:
        doc["slots_per_day"] = instance.slots_per_day
    if venues:
        doc["venues"] = [
            {
                "id": v.id,
                "tables": v.tables,
                **({"open_slots": sorted(v.open_slots)} if v.open_slots else {}),
            }
            for v in venues
        ]
        legs = [
            {"between": [venues[a].id, venues[b].id], "slots": instance.travel[a][b]}
            for a in range(len(venues))
            for b in range(a + 1, len(venues))
            if instance.travel and instance.travel[a][b]
        ]
        if legs:
            doc["travel"] = legs
    else:
        doc["tables"] = instance.tables
    if instance.interpreters:
        doc["interpreters"] = dict(instance.interpreters)
    doc["mode"] = "all" if instance.require_all else "priority"
    doc["participants"] = []
    for p in instance.participants:
        item: dict[str, Any] = {"id": p.id}
        if p.forbidden:
            item["forbidden"] = sorted(p.forbidden)
        if p.fixed_table is not None:
            v, table = p.fixed_table
            item["fixed_table"] = {"venue": venues[v - 1].id if venues else None, "table": table}
        doc["participants"].append(item)
    doc["meetings"] = []
    names = {MORNING: "morning", AFTERNOON: "afternoon", ANY: "any"}
    for m in instance.meetings:
        item = {"participants": [pids[p - 1] for p in m.participants]}
        if m.session != ANY:
            item["session"] = names[m.session]
        if m.fixed_slot is not None:
            item["fixed_slot"] = m.fixed_slot
        if m.after:
            item["after"] = list(m.after)
        if m.venues:
            item["venues"] = [venues[v - 1].id for v in m.venues]
        if m.language:
            item["interpreter"] = m.language
        if m.priority != 1:
            item["priority"] = m.priority
        doc["meetings"].append(item)
    return doc


def _int_list(value: Any, path: str) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise InstanceError(f"{path}: expected a list of integers")
    return value


def _kind_name(kind: type | tuple) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {int: "an integer", str: "a string", list: "a list", dict: "an object"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)
