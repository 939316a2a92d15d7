"""Loader for the benchmark's MiniZinc data files (``.dzn``), see docs/scheduling.md.

Only the subset of MiniZinc data the benchmark uses is accepted: integer scalars, 1-D
arrays of integers or of integer sets, and the 2-D ``[| ... |]`` array of requests. Every
value keeps its line number so that a bad value is reported as
``field 'requested' (line 12): participant 80 out of range 1..76``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from .model import (
    MAX_MEETINGS,
    MAX_PARTICIPANTS,
    MAX_SLOTS,
    MAX_TABLES,
    Instance,
    InstanceError,
    Meeting,
    Participant,
    check_count,
    read_text,
    validate,
)

# A set holds slots or meetings; a range beyond both cannot be meant.
_MAX_SET = max(MAX_SLOTS, MAX_MEETINGS)

_TOKEN = re.compile(r"\s*(?:(-?\d+)|([A-Za-z_]\w*)|(\.\.|\[\||\|\]|[=;\[\]{},|]))")


@dataclass
class _Val:
    """A parsed value and the line it starts on."""

    value: object
    line: int


class _Tokens:
    def __init__(self, text: str) -> None:
        self.items: list[tuple[str, str, int]] = []
        for line_no, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("%", 1)[0]
            pos = 0
            while pos < len(line):
                if line[pos:].strip() == "":
                    break
                match = _TOKEN.match(line, pos)
                if match is None:
                    bad = line[pos:].strip()[:20]
                    raise InstanceError(f"line {line_no}: cannot read {bad!r}")
                number, name, symbol = match.groups()
                if number is not None:
                    self.items.append(("int", number, line_no))
                elif name is not None:
                    self.items.append(("name", name, line_no))
                else:
                    self.items.append(("sym", symbol, line_no))
                pos = match.end()
        self.pos = 0
        self.last_line = len(text.splitlines())

    def peek(self) -> tuple[str, str, int] | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def take(self, expected: str | None = None) -> tuple[str, str, int]:
        tok = self.peek()
        if tok is None:
            raise InstanceError(f"line {self.last_line}: unexpected end of file")
        if expected is not None and tok[1] != expected:
            raise InstanceError(f"line {tok[2]}: expected {expected!r}, found {tok[1]!r}")
        self.pos += 1
        return tok


def _parse_value(toks: _Tokens) -> _Val:
    kind, text, line = toks.take()
    if kind == "int":
        return _Val(int(text), line)
    if text == "{":
        items: set[int] = set()
        while toks.peek() is not None and toks.peek()[1] != "}":
            k, first, ln = toks.take()
            if k != "int":
                raise InstanceError(f"line {ln}: expected an integer in a set, found {first!r}")
            if toks.peek() is not None and toks.peek()[1] == "..":
                toks.take()
                k2, last, ln2 = toks.take()
                if k2 != "int":
                    raise InstanceError(f"line {ln2}: expected an integer, found {last!r}")
                if int(last) - int(first) >= _MAX_SET:
                    raise InstanceError(
                        f"line {ln2}: the set {first}..{last} has more elements than the "
                        f"engine's limit of {_MAX_SET:,} (see Limits in docs/scheduling.md)"
                    )
                items.update(range(int(first), int(last) + 1))
            else:
                items.add(int(first))
            if toks.peek() is not None and toks.peek()[1] == ",":
                toks.take()
        toks.take("}")
        return _Val(frozenset(items), line)
    if text == "[|":
        rows: list[_Val] = []
        row: list[_Val] = []
        row_line = None
        while True:
            tok = toks.peek()
            if tok is None:
                toks.take()
            if tok[1] == "|]":
                toks.take()
                if row:
                    rows.append(_Val(row, row_line))
                return _Val(rows, line)
            if tok[1] == "|":
                toks.take()
                if row:
                    rows.append(_Val(row, row_line))
                row, row_line = [], None
                continue
            if tok[1] == ",":
                toks.take()
                continue
            value = _parse_value(toks)
            if row_line is None:
                row_line = value.line
            row.append(value)
    if text == "[":
        values: list[_Val] = []
        while toks.peek() is not None and toks.peek()[1] != "]":
            values.append(_parse_value(toks))
            if toks.peek() is not None and toks.peek()[1] == ",":
                toks.take()
        toks.take("]")
        return _Val(values, line)
    raise InstanceError(f"line {line}: unexpected {text!r}")


def parse_dzn(text: str) -> dict[str, _Val]:
    """Parse MiniZinc data into ``{name: value-with-line}``."""
    toks = _Tokens(text)
    out: dict[str, _Val] = {}
    while toks.peek() is not None:
        kind, name, line = toks.take()
        if kind != "name":
            raise InstanceError(f"line {line}: expected a field name, found {name!r}")
        toks.take("=")
        value = _parse_value(toks)
        value.line = line
        out[name] = value
        if toks.peek() is not None:
            toks.take(";")
    return out


_FIELD_NAMES = {
    "slots": "nTotalSlots",
    "morning_slots": "nMorningSlots",
    "tables": "nTables",
    "meetings": "requested",
    "forbidden": "forbidden",
    "fixed": "fixed",
    "precedences": "precedences",
}


def load_dzn(path: str | Path) -> Instance:
    """Read a benchmark ``.dzn`` file; raise :class:`InstanceError` naming field and line."""
    path = Path(path)
    return dzn_to_instance(read_text(path), name=path.name)


def dzn_to_instance(text: str, name: str = "") -> Instance:
    """Build an :class:`Instance` from ``.dzn`` text (see :func:`load_dzn`)."""
    data = parse_dzn(text)

    def err(field: str, line: int, message: str) -> InstanceError:
        return InstanceError(f"field '{field}' (line {line}): {message}")

    def scalar(field: str) -> int:
        if field not in data:
            raise InstanceError(f"field '{field}': missing")
        val = data[field]
        if not isinstance(val.value, int):
            raise err(field, val.line, "expected an integer")
        if val.value < 0:
            raise err(field, val.line, f"must not be negative, got {val.value}")
        return val.value

    def array(field: str, length: int, kind: type, required: bool = True) -> list[_Val] | None:
        if field not in data:
            if required:
                raise InstanceError(f"field '{field}': missing")
            return None
        val = data[field]
        if not isinstance(val.value, list):
            raise err(field, val.line, "expected an array")
        if len(val.value) != length:
            raise err(field, val.line, f"has {len(val.value)} elements, expected {length}")
        for item in val.value:
            if not isinstance(item.value, kind):
                raise err(field, item.line, f"expected {kind.__name__} elements")
        return val.value

    n_p = scalar("nBusiness")
    n_m = scalar("nMeetings")
    n_l = scalar("nTables")
    n_t = scalar("nTotalSlots")
    n_a = scalar("nMorningSlots")
    # Before any array is sized from them.
    for field, value, limit in (
        ("nBusiness", n_p, MAX_PARTICIPANTS),
        ("nMeetings", n_m, MAX_MEETINGS),
        ("nTables", n_l, MAX_TABLES),
        ("nTotalSlots", n_t, MAX_SLOTS),
    ):
        check_count(f"field '{field}' (line {data[field].line})", value, limit)
    requested = array("requested", n_m, list)
    forbidden = array("forbidden", n_p, frozenset, required=False)
    fixed = array("fixed", n_m, int, required=False)
    precedences = array("precedences", n_m, frozenset, required=False)

    lines: dict[str, list[int]] = {"requested": [r.line for r in requested]}
    meetings = []
    for row in requested:
        values = [v.value for v in row.value]
        if len(values) != 3 or not all(isinstance(v, int) for v in values):
            raise err("requested", row.line, "each row needs two participants and a session")
        p1, p2, session = values
        meetings.append(Meeting(participants=(p1, p2), session=session))
    if fixed is not None:
        lines["fixed"] = [f.line for f in fixed]
        for m, f in enumerate(fixed):
            if f.value < 0 or f.value > n_t:
                raise err("fixed", f.line, f"fixed slot {f.value} outside 1..{n_t} (0 = free)")
            if f.value:
                meetings[m] = replace(meetings[m], fixed_slot=f.value)
    if precedences is not None:
        lines["precedences"] = [p.line for p in precedences]
        for m, prec in enumerate(precedences):
            if prec.value:
                meetings[m] = replace(meetings[m], after=tuple(sorted(prec.value)))
    participants = []
    if forbidden is not None:
        lines["forbidden"] = [f.line for f in forbidden]
    for p in range(n_p):
        slots = frozenset(t for t in forbidden[p].value if t != 0) if forbidden else frozenset()
        participants.append(Participant(id=p + 1, forbidden=slots))

    def where(field: str, index: int) -> str:
        dzn = _FIELD_NAMES.get(field, field)
        if index >= 0 and dzn in lines:
            return f"field '{dzn}' (line {lines[dzn][index]})"
        line = data[dzn].line if dzn in data else 0
        return f"field '{dzn}' (line {line})"

    instance = Instance(
        participants=tuple(participants),
        meetings=tuple(meetings),
        slots=n_t,
        morning_slots=n_a,
        tables=n_l,
        name=name,
    )
    validate(instance, where)
    _check_redundant_fields(data, meetings, n_p)
    return instance


def _check_redundant_fields(data: dict[str, _Val], meetings: list[Meeting], n_p: int) -> None:
    """``nMeetingsBusiness`` repeats what ``requested`` says; a mismatch means a bad file."""
    counts = data.get("nMeetingsBusiness")
    if counts is None or not isinstance(counts.value, list):
        return
    actual = [0] * n_p
    for meeting in meetings:
        for p in meeting.participants:
            if 1 <= p <= n_p:
                actual[p - 1] += 1
    for p, val in enumerate(counts.value):
        if p < n_p and val.value != actual[p]:
            raise InstanceError(
                f"field 'nMeetingsBusiness' (line {val.line}): participant {p + 1} has "
                f"{val.value} here but {actual[p]} meetings in 'requested'"
            )
