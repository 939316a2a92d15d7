"""Lower bounds on breaks that need no search, from each participant's own timeline.

A participant that can only meet in some slots of a day (forbidden slots, sessions,
venues that are closed, precedence windows: whatever the model's pre-filter leaves)
has those slots in runs of consecutive slots ("segments"). Its busy slots of a day lie
in segments, and every segment used beyond the first one that day costs a break. So a
participant with k meetings needs at least the fewest breaks with which k slots can be
covered: per day, c segments cost c - 1 breaks (none when the day is unused) and hold
at most the total length of the c longest. Choosing the days is a small knapsack over
the number of meetings (:func:`fewest_breaks`).

Slots where a meeting is fixed must be busy: their segments are always used. That is
the only use of fixed slots here; the bound stays valid, just not always tight.

Summed over participants, this is a lower bound on the total. Fairness tightens it: with
a free lower end (``low <= breaks(p) <= low + d``) every participant that can have a
break has at least ``max_p lb(p) - d``; with the plain bound ``breaks(p) <= d`` a
participant whose own bound exceeds d makes the instance infeasible.

On a one-day instance a participant's own bound is then checked against its meetings'
individual slots (:func:`fits_in_runs`): each needs a distinct slot it may take, which
the union of slots does not see (a morning-only and an afternoon-only meeting around a
forbidden hour force a break). Raised by at most :data:`MATCHED_BREAKS`.

Priority mode: only meetings with a fixed slot are certain to take place; their
participants' bounds count those alone (two fixed meetings of a day with a slot between
that nobody can fill are a break whatever else is scheduled).

The other bound here is on the priority sum (:func:`priority_face`), with what every
schedule reaching it must look like.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import Instance


@dataclass(frozen=True)
class StaticBound:
    """``per_participant``: 0-based participant -> its own lower bound on breaks.
    ``total``: the bound on the total, tightened by fairness. ``infeasible``: a
    participant's own bound is above what fairness allows (required mode)."""

    per_participant: Mapping[int, int]
    total: int
    infeasible: bool


def segments(slots: Iterable[int]) -> list[tuple[int, int]]:
    """Runs of consecutive slots as (first, last), in order."""
    out: list[tuple[int, int]] = []
    for t in sorted(set(slots)):
        if out and out[-1][1] == t - 1:
            out[-1] = (out[-1][0], t)
        else:
            out.append((t, t))
    return out


def fewest_breaks(
    days: list[tuple[list[int], int]],
    meetings: int,
) -> int | None:
    """The fewest breaks needed to be busy in ``meetings`` slots.

    ``days``: per day, the lengths of its segments and how many of them must be used
    (segments with a fixed meeting come first in the list). Returns None when even all
    segments cannot hold that many meetings."""
    infinite = meetings + 1
    # best[k]: fewest breaks to hold at least k meetings over the days seen so far.
    best = [0] + [infinite] * meetings
    for lengths, forced in days:
        must = sorted(lengths[:forced], reverse=True)
        free = sorted(lengths[forced:], reverse=True)
        options: list[tuple[int, int]] = [] if forced else [(0, 0)]
        held = sum(must)
        for c in range(len(free) + 1):
            used = forced + c
            if used:
                options.append((held, used - 1))
            if c < len(free):
                held += free[c]
        nxt = [infinite] * (meetings + 1)
        for k in range(meetings + 1):
            if best[k] >= infinite:
                continue
            for capacity, cost in options:
                j = min(meetings, k + capacity)
                if best[k] + cost < nxt[j]:
                    nxt[j] = best[k] + cost
        # Holding more is never worse than holding fewer.
        for k in range(meetings - 1, -1, -1):
            nxt[k] = min(nxt[k], nxt[k + 1])
        best = nxt
    return None if best[meetings] >= infinite else best[meetings]


def static_bound(
    instance: Instance,
    places: Iterable[tuple[int, int, int]],
    fairness: int,
    *,
    priority: bool,
    fairness_is_plain: bool,
) -> StaticBound:
    """The bound of the module docstring for ``instance``.

    ``places``: the model's allowed (meeting, venue, slot) triples, 0-based meeting and
    venue. ``fairness_is_plain``: fairness is ``breaks(p) <= d`` (some participant can
    never have a break) rather than a window with a free lower end."""
    per_day = instance.slots_per_day or instance.slots
    free_slots: dict[int, set[int]] = {}
    slots_of: dict[int, set[int]] = {}
    for m, _v, t in places:
        slots_of.setdefault(m, set()).add(t)
        for p in instance.meetings[m].participants:
            free_slots.setdefault(p - 1, set()).add(t)
    meetings_of = instance.meetings_of()
    fixed: dict[int, set[int]] = {}
    counted: dict[int, int] = {}
    for meeting in instance.meetings:
        for p in meeting.participants:
            if meeting.fixed_slot is not None:
                fixed.setdefault(p - 1, set()).add(meeting.fixed_slot)
            if not priority or meeting.fixed_slot is not None:
                counted[p - 1] = counted.get(p - 1, 0) + 1
    own: dict[int, int] = {}
    for p, k in counted.items():
        if k < 2:
            continue
        if priority:
            own[p] = _forced_by_fixed(instance, sorted(fixed.get(p, ())), free_slots.get(p, set()))
            continue
        by_day: dict[int, list[tuple[int, int]]] = {}
        for seg in segments(free_slots.get(p, ())):
            # A segment never crosses midnight: split it at day boundaries.
            first, last = seg
            while first <= last:
                day = (first - 1) // per_day
                end = min(last, (day + 1) * per_day)
                by_day.setdefault(day, []).append((first, end))
                first = end + 1
        days = []
        mine = fixed.get(p, set())
        for segs in by_day.values():
            must = [b - a + 1 for a, b in segs if any(a <= t <= b for t in mine)]
            rest = [b - a + 1 for a, b in segs if not any(a <= t <= b for t in mine)]
            days.append((must + rest, len(must)))
        value = fewest_breaks(days, k)
        # None: the meetings cannot all fit; the model's constraints report that.
        own[p] = 0 if value is None else value
        if value is not None and per_day >= instance.slots:
            allowed = [sorted(slots_of.get(m, ())) for m in meetings_of[p]]
            while own[p] < MATCHED_BREAKS and not fits_in_runs(allowed, own[p] + 1, per_day):
                own[p] += 1
    if not own:
        return StaticBound({}, 0, False)
    if priority:
        return StaticBound(own, sum(own.values()), False)
    if fairness_is_plain:
        infeasible = max(own.values()) > fairness
        return StaticBound(own, sum(own.values()), infeasible)
    floor = max(own.values()) - fairness
    # Everyone who can have a break (two meetings or more) is at least at ``low``.
    tightened = {p: max(value, floor) for p, value in own.items() if counted.get(p, 0) >= 2}
    return StaticBound(tightened, sum(tightened.values()), False)


# The most breaks per participant that :func:`fits_in_runs` is asked to confirm (the
# number of run layouts it tries grows with the slots to the power of twice the runs).
MATCHED_BREAKS = 2


def fits_in_runs(allowed: list[list[int]], runs: int, slots: int) -> bool:
    """Whether meetings with these allowed slots (one list per meeting, slots 1..slots
    of one day) can take distinct slots that form at most ``runs`` runs of consecutive
    slots: whether the participant can get by with ``runs - 1`` breaks, on its own.

    Sharper than the segments of :func:`fewest_breaks`, which look only at the union of
    the slots: a participant with a morning-only and an afternoon-only meeting and a
    forbidden hour in between needs a break even though each half-day could hold all
    its meetings. Every layout of the runs is tried, each with a bipartite matching of
    meetings to its slots."""
    k = len(allowed)
    if k == 0:
        return True
    usable = set().union(*map(set, allowed))
    options = [set(a) for a in allowed]

    def matches(chosen: list[int]) -> bool:
        owner: dict[int, int] = {}

        def augment(m: int, seen: set[int]) -> bool:
            for t in chosen:
                if t in options[m] and t not in seen:
                    seen.add(t)
                    if t not in owner or augment(owner[t], seen):
                        owner[t] = m
                        return True
            return False

        return all(augment(m, set()) for m in range(k))

    def layouts(first: int, left: int, pieces: int):
        """Runs (as slot lists) of total length ``left`` from slot ``first`` on, at most
        ``pieces`` of them, each after a free slot."""
        if left == 0:
            yield []
            return
        if pieces == 0:
            return
        for a in range(first, slots - left + 2):
            for length in range(left if pieces == 1 else 1, left + 1):
                run = list(range(a, a + length))
                if not usable.issuperset(run):
                    break
                for rest in layouts(a + length + 1, left - length, pieces - 1):
                    yield run + rest

    return any(matches(chosen) for chosen in layouts(1, k, runs))


def _forced_by_fixed(instance: Instance, fixed: list[int], free: set[int]) -> int:
    """Breaks certain from fixed meetings alone: two consecutive fixed slots of a day
    with a slot between that the participant cannot use at all."""
    forced = 0
    for a, b in itertools.pairwise(fixed):
        if instance.day_of(a) != instance.day_of(b) or b - a <= 1:
            continue
        if any(t not in free for t in range(a + 1, b)):
            forced += 1
    return forced


@dataclass(frozen=True)
class PriorityFace:
    """An upper bound on the priority sum, and what every schedule that reaches it
    looks like.

    ``ceiling``: the priority sum no schedule exceeds. When ``exact``, it is the value
    of a dual solution of the linear relaxation checked in exact arithmetic, and
    complementary slackness says that every schedule whose priority sum equals it
    schedules each meeting in ``forced``, keeps each participant of ``busy`` (0-based
    participant, slot) in a meeting, fills each capacity group in ``full`` (positions in
    the ``capacity`` list given) to its most, and uses no place in ``excluded`` (0-based
    meeting, venue, slot). Without ``exact`` the sets are empty."""

    ceiling: int
    exact: bool = False
    forced: frozenset[int] = frozenset()
    busy: frozenset[tuple[int, int]] = frozenset()
    full: tuple[int, ...] = ()
    excluded: frozenset[tuple[int, int, int]] = frozenset()


# The largest denominator taken for a dual value when it is checked exactly; the
# relaxation's matrix is 0/1 with integer priorities, so its vertex duals are simple
# fractions (all integers on the bench's trip).
DUAL_DENOMINATOR = 1_000


def priority_face(
    instance: Instance,
    places: Iterable[tuple[int, int, int]],
    capacity: list[tuple[list[tuple[int, int, int]], int]],
) -> PriorityFace:
    """The upper bound on the priority sum of the scheduled meetings (priority mode),
    with what a schedule reaching it must satisfy (:class:`PriorityFace`).

    The linear relaxation of a relaxed problem: every meeting at most once at its allowed
    places (``places``: the model's (meeting, venue, slot) triples), each participant in
    at most one meeting per slot, the model's capacity groups (tables, reserved tables,
    interpreters; ``capacity``: (places, most) pairs); breaks, fairness, travel and
    precedences left out, fixed meetings not forced in. Solved by GLOP; its dual is
    rounded to fractions and checked exactly (feasible, and its value an integer) before
    anything is concluded from it, so float noise can at worst cost the sets, never make
    them wrong. On the bench's trip the ceiling is 634, the proven optimum of that
    relaxation as an integer problem, where the placeable weight is 695; 293 of its
    406 meetings are forced."""
    from fractions import Fraction

    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    places = list(places)
    # No upper bound of 1 on a place: its meeting's row implies it, and a dual without
    # bound multipliers is what the exact check below needs.
    x = {key: solver.NumVar(0.0, solver.infinity(), "") for key in places}
    per_meeting: dict[int, list[tuple[int, int, int]]] = {}
    per_slot: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    for key in places:
        m, _v, t = key
        per_meeting.setdefault(m, []).append(key)
        for p in instance.meetings[m].participants:
            per_slot.setdefault((p - 1, t), []).append(key)
    rows: list[tuple[object, list[tuple[int, int, int]], int]] = [
        *((("meeting", m), keys, 1) for m, keys in per_meeting.items()),
        *((("busy", pt), keys, 1) for pt, keys in per_slot.items() if len(keys) > 1),
        *((("full", i), keys, most) for i, (keys, most) in enumerate(capacity)),
    ]
    constraints = [solver.Add(solver.Sum([x[k] for k in keys]) <= most) for _, keys, most in rows]
    weight = {key: instance.meetings[key[0]].priority for key in places}
    solver.Maximize(solver.Sum([weight[key] * var for key, var in x.items()]))
    placeable = sum(instance.meetings[m].priority for m in per_meeting)
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return PriorityFace(placeable)
    # Round down only what is surely float noise above an integer.
    value = solver.Objective().Value()
    fallback = PriorityFace(min(placeable, math.floor(value + 1e-6 * max(1.0, abs(value)))))
    duals = [
        max(Fraction(0), Fraction(c.dual_value()).limit_denominator(DUAL_DENOMINATOR))
        for c in constraints
    ]
    covered: dict[tuple[int, int, int], Fraction] = dict.fromkeys(places, Fraction(0))
    for (_name, keys, _most), y in zip(rows, duals, strict=True):
        if y:
            for key in keys:
                covered[key] += y
    if any(covered[key] < weight[key] for key in places):
        return fallback
    bound = sum((y * most for (_n, _k, most), y in zip(rows, duals, strict=True)), Fraction(0))
    if bound.denominator != 1 or bound > placeable:
        return fallback
    tight = [name for (name, _k, _m), y in zip(rows, duals, strict=True) if y]
    return PriorityFace(
        ceiling=int(bound),
        exact=True,
        forced=frozenset(n[1] for n in tight if n[0] == "meeting"),
        busy=frozenset(n[1] for n in tight if n[0] == "busy"),
        full=tuple(n[1] for n in tight if n[0] == "full"),
        excluded=frozenset(key for key in places if covered[key] > weight[key]),
    )
