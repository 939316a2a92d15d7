"""Independent checker of a schedule in the JSON shape of ``sme2go schedule solve``.

It reads the instance's plain fields and the solution dictionary and recomputes
everything itself: it deliberately shares no code with the solver's model (cpsat.py) or
with the greedy baseline, so that a bug there cannot hide here.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .model import Instance


@dataclass
class CheckReport:
    """``valid`` when ``violations`` is empty; ``objective`` is the recomputed total of
    breaks; ``foreign`` is True when the solution does not belong to the instance."""

    violations: list[str] = field(default_factory=list)
    objective: int | None = None
    breaks: dict[str, int] = field(default_factory=dict)
    foreign: bool = False

    @property
    def valid(self) -> bool:
        return not self.violations


def check(instance: Instance, solution: dict, fairness: int = 2) -> CheckReport:
    """Verify every constraint of ``solution`` against ``instance``.

    Checks: the solution names meetings of this instance with their participants (else
    it is reported as foreign); required meetings scheduled exactly once; slot range,
    session, forbidden slots, fixed slots, precedences; no participant twice in a slot;
    venue allowed and open; table within the venue, not shared, reserved tables used by
    their owner only; interpreters per language and slot; travel time between venues;
    breaks and fairness recomputed and compared with the reported ones.
    """
    report = CheckReport()
    bad = report.violations
    n_m, n_t = len(instance.meetings), instance.slots
    pid = [str(p.id) for p in instance.participants]
    venue_ids = [v.id for v in instance.venues]
    entries = solution.get("meetings")
    if not isinstance(entries, list):
        report.foreign = True
        bad.append("solution has no 'meetings' list")
        return report

    # -- does the solution belong to this instance? --------------------------------------
    where: dict[int, dict] = {}
    for k, entry in enumerate(entries):
        m = entry.get("meeting") if isinstance(entry, dict) else None
        if not isinstance(m, int) or not 1 <= m <= n_m:
            report.foreign = True
            bad.append(f"entry {k + 1}: meeting {m!r} is not a meeting of this instance (1..{n_m})")
            continue
        expected = sorted(pid[p - 1] for p in instance.meetings[m - 1].participants)
        given = sorted(str(p) for p in entry.get("participants", []))
        if given != expected:
            report.foreign = True
            bad.append(f"meeting {m}: participants {given} but the instance says {expected}")
        if m in where:
            bad.append(f"meeting {m} is scheduled twice")
        where[m] = entry
    if report.foreign:
        bad.insert(0, "the solution does not belong to this instance")
        return report

    unscheduled = set(solution.get("unscheduled", []))
    for m in range(1, n_m + 1):
        meeting = instance.meetings[m - 1]
        if m in where:
            if m in unscheduled:
                bad.append(f"meeting {m} is both scheduled and listed as unscheduled")
            continue
        if instance.require_all:
            bad.append(f"meeting {m} is not scheduled")
        elif meeting.fixed_slot is not None:
            bad.append(f"meeting {m} has a fixed slot but is not scheduled")
        if m not in unscheduled:
            bad.append(f"meeting {m} is neither scheduled nor listed as unscheduled")

    # -- per meeting -----------------------------------------------------------------------
    slot_of: dict[int, int] = {}
    venue_of: dict[int, int] = {}
    for m, entry in sorted(where.items()):
        meeting = instance.meetings[m - 1]
        t = entry.get("slot")
        if not isinstance(t, int) or not 1 <= t <= n_t:
            bad.append(f"meeting {m}: slot {t!r} outside 1..{n_t}")
            continue
        slot_of[m] = t
        if meeting.session == 1 and t > instance.morning_slots:
            bad.append(f"meeting {m}: morning-only meeting in afternoon slot {t}")
        if meeting.session == 2 and t <= instance.morning_slots:
            bad.append(f"meeting {m}: afternoon-only meeting in morning slot {t}")
        for p in meeting.participants:
            if t in instance.participants[p - 1].forbidden:
                bad.append(f"meeting {m}: slot {t} is forbidden for participant {pid[p - 1]}")
        if meeting.fixed_slot is not None and t != meeting.fixed_slot:
            bad.append(f"meeting {m}: fixed to slot {meeting.fixed_slot} but placed in {t}")
        if instance.venues:
            v_id = entry.get("venue")
            if v_id not in venue_ids:
                bad.append(f"meeting {m}: unknown venue {v_id!r}")
                continue
            v = venue_ids.index(v_id) + 1
        else:
            if entry.get("venue") is not None:
                bad.append(f"meeting {m}: venue {entry.get('venue')!r} but the instance has none")
            v = 1
        venue_of[m] = v
        if meeting.venues and v not in meeting.venues:
            bad.append(f"meeting {m}: venue {entry.get('venue')!r} is not allowed for it")
        open_slots = instance.venues[v - 1].open_slots if instance.venues else frozenset()
        if open_slots and t not in open_slots:
            bad.append(f"meeting {m}: venue {entry.get('venue')!r} is closed in slot {t}")

    for m, t in slot_of.items():
        for a in instance.meetings[m - 1].after:
            if a in slot_of and not slot_of[a] < t:
                bad.append(
                    f"meeting {m} (slot {t}) must come after meeting {a} (slot {slot_of[a]})"
                )
            elif a not in slot_of and instance.require_all:
                bad.append(f"meeting {m}: predecessor {a} is not scheduled")

    # -- participants ---------------------------------------------------------------------
    agenda: dict[int, list[tuple[int, int]]] = defaultdict(list)  # p -> [(slot, venue)]
    for m, t in slot_of.items():
        for p in instance.meetings[m - 1].participants:
            agenda[p].append((t, venue_of.get(m, 1)))
    for p, items in agenda.items():
        counts = Counter(t for t, _ in items)
        for t, c in sorted(counts.items()):
            if c > 1:
                bad.append(f"participant {pid[p - 1]} is in {c} meetings in slot {t}")

    per_day = instance.slots_per_day or n_t
    if instance.travel:
        for p, items in agenda.items():
            items = sorted(items)
            for i, (t1, v1) in enumerate(items):
                for t2, v2 in items[i + 1 :]:
                    if (t1 - 1) // per_day != (t2 - 1) // per_day:
                        break
                    need = instance.travel[v1 - 1][v2 - 1]
                    if v1 != v2 and t2 - t1 - 1 < need:
                        bad.append(
                            f"participant {pid[p - 1]}: {t2 - t1 - 1} free slots between "
                            f"slot {t1} at {venue_ids[v1 - 1]!r} and slot {t2} at "
                            f"{venue_ids[v2 - 1]!r}, travel needs {need}"
                        )

    # -- tables, capacity, interpreters -----------------------------------------------------
    owners: dict[tuple[int, int], set[int]] = defaultdict(set)
    for p, part in enumerate(instance.participants, start=1):
        if part.fixed_table is not None:
            owners[part.fixed_table].add(p)
    at: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for m, t in slot_of.items():
        v = venue_of.get(m)
        if v is None:
            continue
        table = where[m].get("table")
        limit = instance.venues[v - 1].tables if instance.venues else instance.tables
        if not isinstance(table, int) or not 1 <= table <= limit:
            bad.append(f"meeting {m}: table {table!r} outside 1..{limit}")
            continue
        at[v, table, t].append(m)
        people = set(instance.meetings[m - 1].participants)
        if (v, table) in owners and not people & owners[v, table]:
            bad.append(f"meeting {m}: table {table} is reserved for another participant")
        for p in people:
            fixed = instance.participants[p - 1].fixed_table
            if fixed is not None and fixed[0] == v and fixed[1] != table:
                bad.append(
                    f"meeting {m}: participant {pid[p - 1]} keeps table {fixed[1]}, got {table}"
                )
    for (_v, table, t), ms in sorted(at.items()):
        if len(ms) > 1:
            bad.append(f"table {table} in slot {t} is used by meetings {sorted(ms)}")
    lang_use = Counter(
        (instance.meetings[m - 1].language, t)
        for m, t in slot_of.items()
        if instance.meetings[m - 1].language is not None
    )
    for (lang, t), c in sorted(lang_use.items()):
        if c > instance.interpreters.get(lang, 0):
            bad.append(
                f"slot {t}: {c} meetings need a {lang} interpreter, "
                f"{instance.interpreters.get(lang, 0)} available"
            )

    # -- breaks and fairness ----------------------------------------------------------------
    breaks: dict[str, int] = {}
    for p in range(1, len(instance.participants) + 1):
        mine = sorted(t for t, _ in agenda.get(p, []))
        n = 0
        for a, b in itertools.pairwise(mine):
            if b - a > 1 and (a - 1) // per_day == (b - 1) // per_day:
                n += 1
        breaks[pid[p - 1]] = n
    report.breaks = breaks
    report.objective = sum(breaks.values())
    if breaks and max(breaks.values()) - min(breaks.values()) > fairness:
        hi = max(breaks, key=breaks.get)
        lo = min(breaks, key=breaks.get)
        bad.append(
            f"fairness: participant {hi} has {breaks[hi]} breaks and participant {lo} "
            f"{breaks[lo]}, more than d = {fairness} apart"
        )
    claimed = solution.get("breaks")
    if isinstance(claimed, dict):
        for p, n in breaks.items():
            if claimed.get(p, 0) != n:
                bad.append(f"participant {p}: reported {claimed.get(p, 0)} breaks, actually {n}")
    if solution.get("objective") is not None and solution.get("objective") != report.objective:
        bad.append(f"reported objective {solution.get('objective')}, recomputed {report.objective}")
    return report
