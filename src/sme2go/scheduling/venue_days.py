"""Which venue each participant is at on each day: a relaxation of the schedule without
slots, for a lower bound on breaks and a plan to schedule from.

Between two venues a travel time of at least one slot apart, a participant that meets at
both on one day has an idle slot between two of its meetings that day: a break. The same
holds for two meetings on either side of a slot it cannot meet in. So the relaxation
places each meeting in a venue, a day and a segment of each participant's day (a run of
consecutive slots it could meet in), and counts per participant and day its blocks:
the (venue group, segment) pairs it meets in, where a venue group is a set of venues
joined by zero travel times. Its blocks less one are at most its breaks that day. It
keeps what can be said without slots: each meeting at most once (exactly once when it
must be scheduled), a segment holding no more meetings than it has slots, each capacity
group's tables or interpreters summed over the day's slots, the groups that must be
full (the face of the priority ceiling, see :mod:`.bounds`), the priority sum reached,
and the fairness cap on breaks. Every schedule maps to one of its solutions with at most
as many block changes as breaks: its optimum is a lower bound on the breaks.

Measured on the bench's trip (docs/scheduling.md, 2026-12-02 evening): CP-SAT proves its
optimum, 3, in 1.6-3.9 s with 2 workers; scheduling from the plan took the trip's
breaks at 120 s from 16-20 to 6-11. The module uses CP-SAT but nothing of Django.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .bounds import segments
from .model import Instance


@dataclass(frozen=True)
class CapacityGroup:
    """At most ``most`` of the places ``keys`` (0-based meeting, venue, slot; all in
    one slot) in a schedule. Groups with one ``label`` hold the same meetings and venues
    in different slots (a venue's free tables, a reserved table, a language's
    interpreters). ``full``: every schedule considered has exactly ``most`` of them."""

    label: Hashable
    keys: tuple[tuple[int, int, int], ...]
    most: int
    full: bool = False


@dataclass(frozen=True)
class VenueDayPlan:
    """``bound``: no schedule has fewer breaks (proven on the relaxation). ``places``:
    the relaxation's best solution found, 0-based meeting -> (0-based venue, 0-based
    day), for the meetings it schedules; ``changes`` its changes of venue."""

    bound: int
    places: dict[int, tuple[int, int]]
    changes: int


def venue_groups(instance: Instance) -> list[int]:
    """The venue group of each venue (0-based positions): venues joined by a travel
    time of 0 in either direction share one."""
    n = len(instance.venues)
    group = list(range(n))

    def root(v: int) -> int:
        while group[v] != v:
            group[v] = group[group[v]]
            v = group[v]
        return v

    for v in range(n):
        for w in range(n):
            if v != w and (instance.travel[v][w] == 0 or instance.travel[w][v] == 0):
                group[root(v)] = root(w)
    return [root(v) for v in range(n)]


def applies(instance: Instance) -> bool:
    """Whether a change of venue within a day can happen: days are set and some venues
    are in different groups."""
    return (
        instance.has_venues
        and bool(instance.slots_per_day)
        and len(set(venue_groups(instance))) > 1
    )


def plan_venue_days(
    instance: Instance,
    *,
    places: Iterable[tuple[int, int, int]],
    groups: Sequence[CapacityGroup],
    must: Iterable[int],
    weight: int | None,
    fairness_cap: int | None,
    time_limit: float,
    workers: int = 2,
    seed: int = 0,
    deterministic_time: float | None = None,
) -> VenueDayPlan | None:
    """Solve the relaxation of the module docstring with CP-SAT.

    ``places``: the allowed (meeting, venue, slot) triples; ``groups``: every capacity
    group over them, also those with no more places than their most; ``must``: meetings scheduled
    in every schedule considered; ``weight``: the priority sum every schedule considered
    reaches (None: no such constraint); ``fairness_cap``: breaks per participant at most
    (the plain fairness bound), or None. ``deterministic_time`` limits the work instead
    of the clock alone. Returns None when the relaxation has no solution within the
    time (then nothing is proven) or :func:`applies` is false."""
    if not applies(instance):
        return None
    per_day = instance.slots_per_day
    group_of = venue_groups(instance)

    def day(t: int) -> int:
        return (t - 1) // per_day

    places = list(places)
    slots_of: dict[tuple[int, int], set[int]] = defaultdict(set)  # (p, day) -> slots
    for m, _v, t in places:
        for p in instance.meetings[m].participants:
            slots_of[p - 1, day(t)].add(t)
    # The segments of consecutive slots a participant could meet in, per day: slot ->
    # (segment, its length). Between two segments lies a slot it cannot meet in.
    segment: dict[tuple[int, int], tuple[int, int]] = {}
    for (p, _d), slots in slots_of.items():
        for k, (lo, hi) in enumerate(segments(slots)):
            for t in range(lo, hi + 1):
                segment[p, t] = (k, hi - lo + 1)

    model = cp_model.CpModel()
    # y[m, v, d, s]: meeting m at venue v on day d, in segment s[i] of its i-th
    # participant's slots.
    y: dict[tuple, cp_model.IntVar] = {}
    for m, v, t in places:
        d = day(t)
        parts = instance.meetings[m].participants
        key = (m, v, d, tuple(segment[p - 1, t][0] for p in parts))
        if key not in y:
            y[key] = model.new_bool_var(f"y{m + 1}_{v + 1}_{d + 1}_{len(y)}")
    by_meeting: dict[int, list] = defaultdict(list)
    by_pair_day: dict[tuple[int, int, int], list] = defaultdict(list)
    in_segment: dict[tuple[int, int, int], list] = defaultdict(list)  # (p, day, segment)
    for (m, v, d, segs), var in y.items():
        by_meeting[m].append(var)
        by_pair_day[m, v, d].append(var)
        for p, k in zip(instance.meetings[m].participants, segs, strict=True):
            in_segment[p - 1, d, k].append(var)
    length = {(p, day(t), k): n for (p, t), (k, n) in segment.items()}
    for key, lits in in_segment.items():
        if len(lits) > length[key]:
            model.add(sum(lits) <= length[key])
    must = set(must)
    scheduled: dict[int, object] = {}
    for m, lits in by_meeting.items():
        if m in must:
            model.add_exactly_one(lits)
            scheduled[m] = 1
        else:
            scheduled[m] = model.new_bool_var(f"s{m + 1}")
            model.add(sum(lits) == scheduled[m])
    if must - set(by_meeting):
        return None  # a meeting that must be scheduled has no place: nothing to plan

    # A label's groups in one day hold the same (meeting, venue) pairs, each group in
    # its own slot, so their sum over the day is the sum of the pairs' y.
    most: dict[tuple[Hashable, int], int] = defaultdict(int)
    least: dict[tuple[Hashable, int], int] = defaultdict(int)
    pairs: dict[tuple[Hashable, int], set[tuple[int, int]]] = defaultdict(set)
    for group in groups:
        if not group.keys:
            continue
        key = (group.label, day(group.keys[0][2]))
        most[key] += min(group.most, len(group.keys))
        if group.full:
            least[key] += group.most
        pairs[key].update((m, v) for m, v, _t in group.keys)
    for key, members in pairs.items():
        lits = [var for m, v in sorted(members) for var in by_pair_day.get((m, v, key[1]), ())]
        if len(lits) > most[key]:
            model.add(sum(lits) <= most[key])
        if least[key]:
            model.add(sum(lits) >= least[key])
    if weight is not None:
        model.add(sum(instance.meetings[m].priority * s for m, s in scheduled.items()) >= weight)

    # A participant's blocks of a day: (venue group, segment) pairs it meets in. Two
    # meetings in different blocks have an idle slot between them (travel, or a slot it
    # cannot meet in), so its breaks that day are at least its blocks less one.
    used: dict[tuple[int, int, int, int], cp_model.IntVar] = {}  # (p, day, group, segment)
    for (m, v, d, segs), var in y.items():
        for p, k in zip(instance.meetings[m].participants, segs, strict=True):
            key = (p - 1, d, group_of[v], k)
            if key not in used:
                used[key] = model.new_bool_var(f"u{p}_{d + 1}_{group_of[v] + 1}_{k + 1}")
            model.add_implication(var, used[key])
    per_participant_day: dict[tuple[int, int], list] = defaultdict(list)
    for (p, d, _g, _k), lit in used.items():
        per_participant_day[p, d].append(lit)
    changes = []
    per_participant: dict[int, list] = defaultdict(list)
    for (p, d), lits in per_participant_day.items():
        if len(lits) > 1:
            extra_groups = model.new_int_var(0, len(lits) - 1, f"c{p + 1}_{d + 1}")
            model.add(extra_groups >= sum(lits) - 1)
            changes.append(extra_groups)
            per_participant[p].append(extra_groups)
    if fairness_cap is not None:
        for lits in per_participant.values():
            model.add(sum(lits) <= fairness_cap)
    model.minimize(sum(changes))

    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(time_limit, 0.01)
    params.num_workers = workers
    params.random_seed = seed
    if deterministic_time is not None:
        params.interleave_search = True
        params.max_deterministic_time = max(deterministic_time, 0.0)
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen = {m: (v, d) for (m, v, d, _segs), var in y.items() if solver.value(var)}
    return VenueDayPlan(
        bound=max(0, math.ceil(solver.best_objective_bound - 1e-6)),
        places=chosen,
        changes=round(solver.objective_value),
    )
