"""Greedy baseline: what self-scheduling platforms do.

Meetings are taken in request order (fixed meetings first, since they are locks); each
gets the earliest slot in which all its participants are free and allowed, at the first
allowed venue with a free table (the participant's reserved table if it has one), with an
interpreter free when needed, away from the participants' other venues by the travel
time, and after its already placed predecessors. A meeting that fits nowhere is left
unscheduled. Breaks and fairness are not looked at, which is the point of the baseline.
"""

from __future__ import annotations

import time
from collections import defaultdict

from .cpsat import count_breaks, slot_windows
from .model import AFTERNOON, MORNING, Assignment, Instance, Result, check_limits


def greedy(instance: Instance, fairness: int = 2) -> Result:
    """Place meetings greedily; status is ``feasible`` only if every meeting was placed
    (required mode) and the fairness bound holds, otherwise ``unknown``. Raises
    :class:`~.model.InstanceError` for an instance beyond the documented limits."""
    check_limits(instance)
    start = time.monotonic()
    inst = instance
    venues = inst.venue_list()
    reserved: dict[int, set[int]] = defaultdict(set)
    for part in inst.participants:
        if part.fixed_table is not None:
            reserved[part.fixed_table[0]].add(part.fixed_table[1])
    busy: dict[int, dict[int, int]] = defaultdict(dict)  # participant -> slot -> venue
    tables_used: dict[tuple[int, int], set[int]] = defaultdict(set)
    lang_used: dict[tuple[str, int], int] = defaultdict(int)
    slot_of: dict[int, int] = {}
    successors: dict[int, list[int]] = defaultdict(list)
    for b, meeting in enumerate(inst.meetings, start=1):
        for a in meeting.after:
            successors[a].append(b)
    windows = slot_windows(inst) or [(1, 0)] * len(inst.meetings)
    assignments: list[Assignment] = []

    def travel_ok(p: int, v: int, t: int) -> bool:
        if not inst.travel:
            return True
        for t2, v2 in busy[p].items():
            if v2 == v or inst.day_of(t2) != inst.day_of(t):
                continue
            first, second = (v2, v) if t2 < t else (v, v2)
            if abs(t - t2) <= inst.travel[first - 1][second - 1]:
                return False
        return True

    def place(m: int) -> None:
        meeting = inst.meetings[m - 1]
        lo, hi = windows[m - 1]
        lo = max([lo, *(slot_of[a] + 1 for a in meeting.after if a in slot_of)])
        hi = min([hi, *(slot_of[b] - 1 for b in successors[m] if b in slot_of)])
        if meeting.session == MORNING:
            hi = min(hi, inst.morning_slots)
        elif meeting.session == AFTERNOON:
            lo = max(lo, inst.morning_slots + 1)
        people = meeting.participants
        for t in range(max(lo, 1), min(hi, inst.slots) + 1):
            if any(t in busy[p] or t in inst.participants[p - 1].forbidden for p in people):
                continue
            if meeting.language is not None and (
                lang_used[meeting.language, t] >= inst.interpreters[meeting.language]
            ):
                continue
            for v in meeting.venues or range(1, len(venues) + 1):
                venue = venues[v - 1]
                if venue.open_slots and t not in venue.open_slots:
                    continue
                if not all(travel_ok(p, v, t) for p in people):
                    continue
                owned = {
                    inst.participants[p - 1].fixed_table[1]
                    for p in people
                    if inst.participants[p - 1].fixed_table is not None
                    and inst.participants[p - 1].fixed_table[0] == v
                }
                if len(owned) > 1:
                    continue
                if owned:
                    table = owned.pop()
                    if table in tables_used[v, t]:
                        continue
                else:
                    free = [
                        tb
                        for tb in range(1, venue.tables + 1)
                        if tb not in reserved[v] and tb not in tables_used[v, t]
                    ]
                    if not free:
                        continue
                    table = free[0]
                tables_used[v, t].add(table)
                if meeting.language is not None:
                    lang_used[meeting.language, t] += 1
                for p in people:
                    busy[p][t] = v
                slot_of[m] = t
                assignments.append(Assignment(meeting=m, slot=t, venue=v, table=table))
                return

    order = sorted(
        range(1, len(inst.meetings) + 1),
        key=lambda m: (inst.meetings[m - 1].fixed_slot is None, m),
    )
    for m in order:
        place(m)
    breaks = count_breaks(inst, assignments)
    unscheduled = [m for m in range(1, len(inst.meetings) + 1) if m not in slot_of]
    fair = not breaks or max(breaks.values()) - min(breaks.values()) <= fairness
    complete = not unscheduled or (
        not inst.require_all and all(inst.meetings[m - 1].fixed_slot is None for m in unscheduled)
    )
    return Result(
        status="feasible" if complete and fair else "unknown",
        objective=sum(breaks.values()),
        bound=None,
        time_s=time.monotonic() - start,
        assignments=assignments,
        unscheduled=unscheduled,
        breaks=breaks,
        method="greedy",
    )
