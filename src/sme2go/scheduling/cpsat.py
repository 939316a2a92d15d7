"""CP-SAT model of the B2B meeting-scheduling problem and its extensions.

Encoding (see docs/scheduling.md for the reasoning and measurements):

* ``x[m, v, t]``: meeting m takes place at venue v in slot t, created only for pairs the
  pre-filter allows (session, forbidden slots of every participant, fixed slot,
  precedence windows, venue open, interpreter available, a usable table);
* exactly one ``x`` per meeting (priority mode: at most one, tied to ``scheduled[m]``);
* per venue and slot, meetings without a reserved table fit the unreserved tables; a
  reserved (fixed) table hosts at most one meeting per slot;
* per participant and slot ``busy[p, t]`` is the sum of its ``x`` (at most one meeting);
* breaks through "start of a busy run" literals ``start[p, t] = busy[p, t] and not
  busy[p, t-1]`` (exact, not just a bound, so that fairness cannot be met by
  pretend breaks); ``breaks(p) = sum(start) - days with a meeting``;
* fairness ``max breaks - min breaks <= d`` over all participants, through one free
  integer ``low`` with ``low <= breaks(p) <= low + d`` (or ``breaks(p) <= d`` when some
  participant cannot have a break at all, which is the case on every published
  instance);
* travel: per participant and group of venues with identical travel times, a
  ``present`` literal; two presents in groups g, h less than ``travel[g][h] + 1`` slots
  apart on the same day exclude each other.

Search (:func:`solve`): a short CP-SAT run for a first schedule, a problem-specific
large-neighbourhood search (:meth:`_Model.lns`), then core-guided CP-SAT seeded with the
best schedule for lower bounds and the optimality proof. At event size (required mode
from :data:`.lns.MIN_MEETINGS` meetings) the search of :mod:`.lns` instead, on small
sub-models of its own; at trip size in priority mode it gives the first phase's hint.
"""

from __future__ import annotations

import itertools
import math
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from . import lns, satsearch, venue_days
from .bounds import PriorityFace, priority_face, static_bound
from .model import (
    AFTERNOON,
    MORNING,
    Assignment,
    Instance,
    InstanceError,
    Progress,
    ProgressCallback,
    Result,
    Status,
    check_limits,
)
from .venue_days import CapacityGroup


@dataclass
class SolveOptions:
    """Solver settings.

    ``deterministic`` runs CP-SAT's workers in interleaved batches (parameter
    ``interleave_search``) and limits every phase by work rather than by the clock, so
    a fixed ``seed`` and ``workers`` give the same answer on every run as long as the
    time limit does not cut the search; without it the parallel workers race and results
    may differ between runs. ``work`` (deterministic mode only) is the total work in
    CP-SAT's deterministic seconds; by default ``time_limit`` x :data:`DET_PER_SECOND`,
    as measured on a quiet machine. Set it explicitly to get the same answer on a busy
    machine too, with ``time_limit`` only as a safety net. ``priority_mode`` overrides
    the instance's ``require_all`` when set.
    """

    fairness: int = 2
    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    deterministic: bool = False
    work: float | None = None
    use_greedy_hint: bool = True
    priority_mode: bool | None = None
    progress: ProgressCallback | None = None


_STATUS: dict[int, Status] = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
}


def slot_windows(instance: Instance) -> list[tuple[int, int]] | None:
    """Earliest and latest slot per meeting implied by precedences, or None on a cycle.

    A meeting after a chain of k meetings cannot start before slot k+1; symmetrically for
    the latest slot. Fixed slots tighten the windows before they are propagated.
    """
    n = len(instance.meetings)
    lo = [m.fixed_slot or 1 for m in instance.meetings]
    hi = [m.fixed_slot or instance.slots for m in instance.meetings]
    edges = [(a - 1, b) for b, m in enumerate(instance.meetings) for a in m.after]
    for _ in range(n + 1):
        changed = False
        for a, b in edges:
            if lo[b] < lo[a] + 1:
                lo[b], changed = lo[a] + 1, True
            if hi[a] > hi[b] - 1:
                hi[a], changed = hi[b] - 1, True
        if not changed:
            return list(zip(lo, hi, strict=True))
        if any(lo[m] > instance.slots or hi[m] < 1 for m in range(n)):
            return list(zip(lo, hi, strict=True))
    return None


class _OutOfTime(Exception):
    """Building the model used up the time limit (:func:`solve` answers "unknown")."""


class _Timelines:
    """Break and idle-slot literals over busy literals, with the fairness bound.

    ``deadline`` (``time.monotonic()``) bounds building too: the loops over participants
    and meetings raise :class:`_OutOfTime` once it has passed."""

    def __init__(
        self,
        instance: Instance,
        model: cp_model.CpModel,
        priority: bool,
        deadline: float | None = None,
    ) -> None:
        self.instance, self.model, self.priority = instance, model, priority
        self.deadline = deadline
        self.breaks: dict[int, cp_model.LinearExprT] = {}
        self.idle: list[cp_model.IntVar] = []

    def _on_time(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise _OutOfTime

    def _breaks(self, busy: dict[tuple[int, int], object], fairness: int) -> None:
        inst, model = self.instance, self.model
        per_day = inst.slots_per_day or inst.slots
        n_days = math.ceil(inst.slots / per_day)
        meetings_of = inst.meetings_of()
        always_zero = False
        total = []
        all_gaps = []
        for p, mine in enumerate(meetings_of):
            self._on_time()
            can_meet = [t for t in range(1, inst.slots + 1) if (p, t) in busy]
            if not can_meet or len(mine) <= 1:
                always_zero = True
                continue
            gaps = []
            for day in range(n_days):
                before = None  # "p met earlier today"; None while that is impossible
                prev = None  # busy literal of the previous slot; None when surely idle
                day_slots = range(day * per_day + 1, min((day + 1) * per_day, inst.slots) + 1)
                before_at: dict[int, object] = {}
                for t in day_slots:
                    now = busy.get((p, t))
                    before_at[t] = before
                    if now is not None and before is not None:
                        # A break ends here: busy now, idle just before, busy earlier.
                        gap = model.new_bool_var(f"gap{p + 1}_{t}")
                        cause = [now, before] if prev is None else [now, before, prev.Not()]
                        for lit in cause:
                            model.add_implication(gap, lit)
                        model.add_bool_or([gap, *(lit.Not() for lit in cause)])
                        gaps.append(gap)
                    if now is not None:
                        if before is None:
                            before = now
                        else:
                            later = model.new_bool_var(f"before{p + 1}_{t + 1}")
                            model.add_implication(before, later)
                            model.add_implication(now, later)
                            model.add_bool_or([later.Not(), before, now])
                            before = later
                    prev = now
                self._idle_slots(p, day_slots, busy, before_at)
            upper = max(0, len(mine) - 1)
            b = model.new_int_var(0, upper, f"breaks{p + 1}")
            model.add(b == sum(gaps))
            all_gaps.extend(gaps)
            self.breaks[p] = b
            total.append(b)
        self.always_zero = always_zero
        if always_zero:
            for b in total:
                model.add(b <= fairness)
        elif total:
            low = model.new_int_var(0, inst.slots, "low")
            for b in total:
                model.add(b >= low)
                model.add(b <= low + fairness)
        # The objective on the gap literals themselves suits core-based search.
        self.total_breaks = sum(all_gaps)
        # The neighbourhood search minimises breaks first and idle slots second: moves
        # that shorten a break without closing it are progress, not a plateau.
        self.idle_weight = len(inst.participants) * inst.slots + 1
        self.search_objective = self.idle_weight * self.total_breaks + sum(self.idle)

    def _idle_slots(self, p: int, day_slots: range, busy: dict, before_at: dict) -> None:
        """``idle[p, t]`` is at least "p idle in t, busy earlier and later that day".

        Only the lower bound is stated: the search objective minimises these literals."""
        model = self.model
        after = None  # "p meets later today"
        for t in reversed(day_slots):
            now = busy.get((p, t))
            before = before_at[t]
            if before is not None and after is not None:
                idle = model.new_bool_var(f"idle{p + 1}_{t}")
                clause = [idle, before.Not(), after.Not()]
                if now is not None:
                    clause.append(now)
                model.add_bool_or(clause)
                self.idle.append(idle)
            if now is not None:
                if after is None:
                    after = now
                else:
                    later = model.new_bool_var(f"after{p + 1}_{t}")
                    model.add_implication(now, later)
                    model.add_implication(after, later)
                    after = later


class _Model(_Timelines):
    """The CP-SAT model of one instance; building it is separate from solving it."""

    def __init__(
        self, instance: Instance, fairness: int, priority: bool, deadline: float | None = None
    ) -> None:
        super().__init__(instance, cp_model.CpModel(), priority, deadline)
        self.fairness = fairness
        self.infeasible_reason: str | None = None
        self.x: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.scheduled: dict[int, cp_model.IntVar | int] = {}
        # The constraints in solver-neutral form, for the SAT search (satsearch.py):
        # groups of x keys with the most of them that may be true, and pairs of key
        # groups of which at most one group may have a true key (travel).
        self.capacity: list[tuple[list[tuple[int, int, int]], int]] = []
        self.travel_conflicts: list[tuple[list[tuple[int, int, int]], list]] = []
        self._build(fairness)

    # -- domain pre-filter -------------------------------------------------------------
    def _allowed(self) -> list[list[tuple[int, int]]]:
        inst = self.instance
        venues = inst.venue_list()
        if self.priority:
            # A precedence binds only when both meetings are scheduled: no windows.
            windows = [(m.fixed_slot or 1, m.fixed_slot or inst.slots) for m in inst.meetings]
        else:
            windows = slot_windows(inst)
        if windows is None:
            self.infeasible_reason = "the precedences contain a cycle"
            windows = [(1, 0)] * len(inst.meetings)
        reserved: dict[int, set[int]] = defaultdict(set)
        for part in inst.participants:
            if part.fixed_table is not None:
                reserved[part.fixed_table[0] - 1].add(part.fixed_table[1])
        self.reserved = reserved
        allowed: list[list[tuple[int, int]]] = []
        for m, meeting in enumerate(inst.meetings):
            self._on_time()
            lo, hi = windows[m]
            slots = set(range(max(lo, 1), min(hi, inst.slots) + 1))
            if meeting.session == MORNING:
                slots &= set(range(1, inst.morning_slots + 1))
            elif meeting.session == AFTERNOON:
                slots &= set(range(inst.morning_slots + 1, inst.slots + 1))
            for p in meeting.participants:
                slots -= inst.participants[p - 1].forbidden
            if meeting.language is not None and inst.interpreters[meeting.language] == 0:
                slots = set()
            pairs = []
            for v in meeting.venues or range(1, len(venues) + 1):
                venue = venues[v - 1]
                owned = {
                    inst.participants[p - 1].fixed_table[1]
                    for p in meeting.participants
                    if inst.participants[p - 1].fixed_table is not None
                    and inst.participants[p - 1].fixed_table[0] == v
                }
                if len(owned) > 1:
                    continue
                if not owned and venue.tables - len(reserved[v - 1]) <= 0:
                    continue
                open_slots = venue.open_slots or slots
                pairs.extend((v - 1, t) for t in sorted(slots & open_slots))
            allowed.append(pairs)
        if not self.priority and any(m.after for m in inst.meetings):
            allowed = self._tighten_windows(allowed)
        return allowed

    def _tighten_windows(self, allowed: list[list[tuple[int, int]]]) -> list:
        """Implied precedence windows, stronger than chain lengths (:func:`slot_windows`).

        The earlier meetings of b (its ancestors) that share a participant q with b take
        distinct slots of their own allowed slots, all before b: if r of them can start
        no earlier than slot s, the latest of them is at least the r-th allowed slot from
        s on, and b comes after it. Symmetrically for the later meetings (descendants).
        Repeated to a fixpoint over the allowed slots that are left, which also carries
        forbidden slots and sessions along chains."""
        inst = self.instance
        n = len(inst.meetings)
        parents = [[a - 1 for a in m.after] for m in inst.meetings]
        children: list[list[int]] = [[] for _ in range(n)]
        for b, ps in enumerate(parents):
            for a in ps:
                children[a].append(b)

        # Kahn's order: parents before children (meetings on a cycle, already refused
        # by :func:`slot_windows`, are left out and get no relatives).
        indegree = [len(ps) for ps in parents]
        order = [m for m in range(n) if not indegree[m]]
        for m in order:
            for c in children[m]:
                indegree[c] -= 1
                if not indegree[c]:
                    order.append(c)

        def closure(edges: list[list[int]], sequence: list[int]) -> list[set[int]]:
            out: list[set[int]] = [set() for _ in range(n)]
            for m in sequence:
                for e in edges[m]:
                    out[m].add(e)
                    out[m] |= out[e]
            return out

        ancestors = closure(parents, order)
        descendants = closure(children, order[::-1])
        slots = [sorted({t for _v, t in pairs}) for pairs in allowed]
        related = [
            [
                (
                    [a for a in ancestors[b] if q in inst.meetings[a].participants],
                    [d for d in descendants[b] if q in inst.meetings[d].participants],
                )
                for q in inst.meetings[b].participants
            ]
            for b in range(n)
        ]
        for _round in range(n + 1):
            changed = False
            for b in range(n):
                if not slots[b]:
                    continue
                lo, hi = slots[b][0], slots[b][-1]
                for before, after in related[b]:
                    lo = max(lo, _latest_at_least(before, slots) + 1)
                    hi = min(hi, _earliest_at_most(after, slots) - 1)
                kept = [t for t in slots[b] if lo <= t <= hi]
                if len(kept) != len(slots[b]):
                    slots[b], changed = kept, True
            if not changed:
                break
        return [
            [(v, t) for v, t in pairs if slots[m] and slots[m][0] <= t <= slots[m][-1]]
            for m, pairs in enumerate(allowed)
        ]

    # -- constraints -------------------------------------------------------------------
    def _build(self, fairness: int) -> None:
        inst, model = self.instance, self.model
        allowed = self._allowed()
        venues = inst.venue_list()
        for m, pairs in enumerate(allowed):
            self._on_time()
            meeting = inst.meetings[m]
            must = not self.priority or meeting.fixed_slot is not None
            if not pairs and must:
                self.infeasible_reason = f"meeting {m + 1} has no possible slot"
            lits = []
            for v, t in pairs:
                var = model.new_bool_var(f"x{m + 1}_{v + 1}_{t}")
                self.x[m, v, t] = var
                lits.append(var)
            if must:
                model.add_exactly_one(lits)
                self.scheduled[m] = 1
            else:
                sched = model.new_bool_var(f"sched{m + 1}")
                model.add(sum(lits) == sched)
                self.scheduled[m] = sched

        self._x_index: dict[int, list] = defaultdict(list)
        for key, var in self.x.items():
            self._x_index[key[0]].append((key, var))

        by_slot: dict[tuple[int, int], list] = defaultdict(list)  # (v, t) -> unreserved x
        by_table: dict[tuple[int, int, int], list] = defaultdict(list)
        by_lang: dict[tuple[str, int], list] = defaultdict(list)
        for (m, v, t), var in self.x.items():
            meeting = inst.meetings[m]
            owner_tables = {
                inst.participants[p - 1].fixed_table[1]
                for p in meeting.participants
                if inst.participants[p - 1].fixed_table is not None
                and inst.participants[p - 1].fixed_table[0] == v + 1
            }
            if owner_tables:
                by_table[v, owner_tables.pop(), t].append(var)
            else:
                by_slot[v, t].append(var)
            if meeting.language is not None:
                by_lang[meeting.language, t].append(var)
        groups = [
            *(
                (("venue", v), lits, venues[v].tables - len(self.reserved[v]))
                for (v, _t), lits in by_slot.items()
            ),
            *((("table", v, table), lits, 1) for (v, table, _t), lits in by_table.items()),
            *(
                (("language", lang), lits, inst.interpreters[lang])
                for (lang, _t), lits in by_lang.items()
            ),
        ]
        keys = {var.index: key for key, var in self.x.items()}
        # Every group, also those that bind nothing, for the venue-day relaxation of the
        # priority mode's second phase (venue_days.py), and only where it applies;
        # ``capacity_group`` gives the position there of each binding one.
        keep = self.priority and venue_days.applies(inst)
        self.groups: list[CapacityGroup] = []
        self.capacity_group: list[int] = []
        for label, lits, most in groups:
            if keep:
                self.groups.append(
                    CapacityGroup(label, tuple(keys[var.index] for var in lits), most)
                )
            if len(lits) > most:
                model.add(sum(lits) <= most)
                self.capacity.append(([keys[var.index] for var in lits], most))
                if keep:
                    self.capacity_group.append(len(self.groups) - 1)

        self._precedences()
        busy = self._busy()
        self._travel()
        self._breaks(busy, fairness)
        self.static = static_bound(
            inst, self.x, fairness, priority=self.priority, fairness_is_plain=self.always_zero
        )
        if self.static.infeasible and self.infeasible_reason is None:
            self.infeasible_reason = "a participant needs more breaks than fairness allows"

    def restrict_to_face(self, face: PriorityFace) -> None:
        """Add what every schedule at the face's ceiling satisfies (``face.exact``):
        for the second phase of priority mode, once the first phase has reached it.
        Measured on the bench's trip: 293 of 406 meetings forced, 32 capacity groups
        full (every free table of Weifang in every slot), 95 places excluded; CP-SAT
        alone then found 24 breaks within 60 s, where the whole second phase had
        needed 120 s for 20-27."""
        model = self.model
        for m in sorted(face.forced):
            if not isinstance(self.scheduled[m], int):
                model.add(self.scheduled[m] == 1)
        for key in sorted(face.excluded):
            model.add(self.x[key] == 0)
        for i in face.full:
            keys, most = self.capacity[i]
            model.add(sum(self.x[key] for key in keys) == most)
        if face.busy:
            at: dict[tuple[int, int], list] = defaultdict(list)
            for (m, _v, t), var in self.x.items():
                for p in self.instance.meetings[m].participants:
                    if (p - 1, t) in face.busy:
                        at[p - 1, t].append(var)
            for key in sorted(face.busy):
                model.add(sum(at[key]) == 1)

    def accepts(self, assignments: list[Assignment]) -> bool:
        """Whether the model accepts this schedule (the other meetings left out): the
        model with every place fixed, solved by CP-SAT's presolve in milliseconds."""
        chosen = {(a.meeting - 1, a.venue - 1, a.slot) for a in assignments}
        if any(key not in self.x for key in chosen):
            return False
        sub = self.model.clone()
        sub.clear_objective()
        sub.clear_hints()
        for key, var in self.x.items():
            domain = sub.proto.variables[var.index].domain
            domain.clear()
            domain.extend([int(key in chosen)] * 2)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = 10.0
        return solver.solve(sub) in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    def _precedences(self) -> None:
        inst = self.instance
        start: dict[int, cp_model.LinearExprT] = {}

        def slot_of(m: int) -> cp_model.LinearExprT:
            if m not in start:
                start[m] = sum(t * var for (_m, _v, t), var in self._x_of(m))
            return start[m]

        for b, meeting in enumerate(inst.meetings):
            for a1 in meeting.after:
                a = a1 - 1
                ct = self.model.add(slot_of(a) + 1 <= slot_of(b))
                if self.priority:
                    ct.only_enforce_if(
                        [
                            s
                            for s in (self.scheduled[a], self.scheduled[b])
                            if not isinstance(s, int)
                        ]
                    )

    def _x_of(self, m: int) -> list:
        """``((m, v, t), x)`` pairs of meeting m."""
        return self._x_index[m]

    def _busy(self) -> dict[tuple[int, int], object]:
        """``busy[p, t]``: a literal, 0 when p cannot meet in t; at most one meeting."""
        inst, model = self.instance, self.model
        terms: dict[tuple[int, int], list] = defaultdict(list)
        self.at_venue: dict[tuple[int, int, int], list] = defaultdict(list)
        for (m, v, t), var in self.x.items():
            for p in inst.meetings[m].participants:
                terms[p - 1, t].append(var)
                self.at_venue[p - 1, v, t].append(var)
        busy: dict[tuple[int, int], object] = {}
        for (p, t), lits in terms.items():
            if len(lits) == 1:
                busy[p, t] = lits[0]
            else:
                var = model.new_bool_var(f"busy{p + 1}_{t}")
                model.add(sum(lits) == var)
                busy[p, t] = var
        if not self.priority:
            # Implied: a participant is busy in exactly as many slots as it has meetings.
            # Stated on the busy literals it propagates far better than through the x.
            per_p: dict[int, list] = defaultdict(list)
            for (p, _t), lit in busy.items():
                per_p[p].append(lit)
            meetings_of = inst.meetings_of()
            for p, lits in per_p.items():
                model.add(sum(lits) == len(meetings_of[p]))
        return busy

    def _travel(self) -> None:
        inst, model = self.instance, self.model
        if not inst.travel or not any(any(row) for row in inst.travel):
            return
        n_v = len(inst.venues)
        # Venues with identical travel rows and columns (e.g. halls of one building) are
        # one place for travel purposes: fewer, larger "present" literals.
        signature = {
            v: (inst.travel[v], tuple(inst.travel[w][v] for w in range(n_v))) for v in range(n_v)
        }
        group_of: dict[int, int] = {}
        reps: list[int] = []
        for v in range(n_v):
            for g, rep in enumerate(reps):
                if signature[rep] == signature[v] and inst.travel[rep][v] == 0:
                    group_of[v] = g
                    break
            else:
                group_of[v] = len(reps)
                reps.append(v)
        present: dict[tuple[int, int, int], list] = defaultdict(list)
        for (p, v, t), lits in self.at_venue.items():
            present[p, group_of[v], t].extend(lits)
        present_keys: dict[tuple[int, int, int], list] = defaultdict(list)
        for m, v, t in self.x:
            for p in inst.meetings[m].participants:
                present_keys[p - 1, group_of[v], t].append((m, v, t))
        lit: dict[tuple[int, int, int], object] = {}
        for key, lits in present.items():
            if len(lits) == 1:
                lit[key] = lits[0]
            else:
                var = model.new_bool_var("present")
                model.add(sum(lits) == var)
                lit[key] = var
        groups_of_p: dict[int, set[int]] = defaultdict(set)
        for p, g, _t in lit:
            groups_of_p[p].add(g)
        for p, groups in groups_of_p.items():
            if len(groups) < 2:
                continue
            for g in groups:
                for h in groups:
                    gap = inst.travel[reps[g]][reps[h]] if g != h else 0
                    if gap == 0:
                        continue
                    for t in range(1, inst.slots + 1):
                        if (p, g, t) not in lit:
                            continue
                        for t2 in range(t + 1, min(t + gap, inst.slots) + 1):
                            if (p, h, t2) in lit and inst.day_of(t2) == inst.day_of(t):
                                model.add_bool_or([lit[p, g, t].Not(), lit[p, h, t2].Not()])
                                self.travel_conflicts.append(
                                    (present_keys[p, g, t], present_keys[p, h, t2])
                                )

    # -- solution ----------------------------------------------------------------------
    def hint(self, assignments: list[Assignment]) -> None:
        chosen = {(a.meeting - 1, a.venue - 1, a.slot) for a in assignments}
        for key, var in self.x.items():
            self.model.add_hint(var, key in chosen)

    def extract(self, solver: cp_model.CpSolver) -> list[tuple[int, int, int]]:
        return [key for key, var in self.x.items() if solver.boolean_value(var)]

    def lns(
        self,
        shared: _Shared,
        work: float | None,
        deadline: float,
        options: SolveOptions,
        start: float,
        goal: cp_model.LinearExprT | None = None,
        scale: int | None = None,
        phase: str = "breaks",
        stop: Callable[[], bool] | None = None,
    ) -> None:
        """Large-neighbourhood search: repeatedly free a few meetings, keep all others
        where they are, re-solve that sub-problem, and move to its schedule when it is
        not worse; strictly better schedules go to ``shared``.

        Neighbourhoods rotate between "a participant with breaks (or any, at random)
        and the meetings of everyone it meets, breadth-first", "the meetings around one
        of its breaks" and "all meetings in a window of consecutive slots" (a fourth,
        reordering whole slots, was measured to bring nothing). Sub-solves use one
        worker, light presolve (the full presolve costs more than the search on a mostly
        fixed model) and a deterministic time limit. Stops at ``deadline``, when the gap
        is closed, after ``work`` deterministic seconds, or when ``stop()`` says so.
        ``goal`` (default: breaks,
        then idle slots) is what sub-problems minimise; divided by ``scale`` it is the
        value compared with ``shared``."""
        inst = self.instance
        rng = random.Random(options.seed)
        current = {m: (v, t) for m, v, t in shared.placed}
        objective = shared.objective
        n_m = len(inst.meetings)
        meetings_of = inst.meetings_of()
        size = min(30.0, float(n_m))
        iteration = 0
        spent = 0.0
        template = self.model.clone()
        template.clear_objective()
        template.minimize(self.search_objective if goal is None else goal)
        weight = self.idle_weight if scale is None else scale
        score = None  # the sub-problems' objective for ``current``, once known
        while time.monotonic() < deadline:
            with shared.lock:
                if shared.objective <= shared.bound:
                    break
                if shared.objective < objective:
                    current = {m: (v, t) for m, v, t in shared.placed}
                    objective = shared.objective
                    score = None
            if (work is not None and spent >= work) or (stop is not None and stop()):
                break
            iteration += 1
            free = self._neighbourhood(rng, current, int(size), iteration, meetings_of)
            found, work_done, moved, code = self._resolve(
                template, current, free, options, iteration, deadline
            )
            spent += work_done
            # Grow the neighbourhood while sub-problems are solved to optimality.
            size = min(size * 1.05, n_m) if code == cp_model.OPTIMAL else max(size * 0.9, 8.0)
            if moved is None:
                continue
            value = found // weight
            if value > objective or (value == objective and score is not None and found > score):
                continue
            score = found
            for m in free:
                current.pop(m, None)
                if m in moved:
                    current[m] = moved[m]
            objective = value
            placed = [(m, v, t) for m, (v, t) in current.items()]
            if shared.offer(placed, value) and options.progress is not None:
                # Progress shows the weight itself in the priority phase, not its negation.
                sign = -1 if phase == "priority" else 1
                elapsed = time.monotonic() - start
                options.progress(Progress(elapsed, sign * value, sign * shared.bound, phase))

    def _resolve(
        self,
        template: cp_model.CpModel,
        current: dict[int, tuple[int, int]],
        free: set[int],
        options: SolveOptions,
        iteration: int,
        deadline: float,
    ) -> tuple[int, float, dict[int, tuple[int, int]] | None, int]:
        """Solve the sub-problem with every meeting outside ``free`` fixed in place.

        Returns its objective, the deterministic time spent, the new places of the free
        meetings (None when nothing was found) and CP-SAT's status."""
        sub = template.clone()
        proto = sub.proto
        hint_vars, hint_values = [], []
        for m in range(len(self.instance.meetings)):
            keep = current.get(m)
            for (_m, v, t), var in self._x_of(m):
                chosen = keep == (v, t)
                if m in free:
                    hint_vars.append(var.index)
                    hint_values.append(int(chosen))
                else:
                    domain = proto.variables[var.index].domain
                    domain.clear()
                    domain.extend([int(chosen), int(chosen)])
        proto.solution_hint.vars.clear()
        proto.solution_hint.values.clear()
        proto.solution_hint.vars.extend(hint_vars)
        proto.solution_hint.values.extend(hint_values)
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.num_workers = 1
        params.random_seed = options.seed + iteration
        params.max_deterministic_time = 0.1
        params.cp_model_probing_level = 0
        params.symmetry_level = 0
        params.linearization_level = 0
        params.max_presolve_iterations = 1
        params.max_time_in_seconds = max(0.05, deadline - time.monotonic())
        code = solver.solve(sub)
        work = solver.response_proto.deterministic_time
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return 0, work, None, code
        moved = {
            m: (v, t)
            for m in free
            for (_m, v, t), var in self._x_of(m)
            if solver.boolean_value(var)
        }
        return round(solver.objective_value), work, moved, code

    def _neighbourhood(
        self,
        rng: random.Random,
        current: dict[int, tuple[int, int]],
        size: int,
        iteration: int,
        meetings_of: list[list[int]],
    ) -> set[int]:
        inst = self.instance
        if iteration % 3 == 0:
            width = max(1, round(inst.slots * size / max(len(inst.meetings), 1)))
            first = rng.randint(1, max(1, inst.slots - width + 1))
            return {m for m, (_v, t) in current.items() if first <= t < first + width}
        slots: dict[int, list[int]] = defaultdict(list)
        for m, (_v, t) in current.items():
            for p in inst.meetings[m].participants:
                slots[p - 1].append(t)
        # Participants whose meetings are not in one run of slots: on a multi-day
        # instance also those whose runs are only split by nights, which are not breaks.
        # Measured on the bench's trip, picking only participants with a break (same-day
        # gaps) left the search stuck at 36 breaks on one of 3 seeds (docs/scheduling.md).
        with_breaks = [p for p, ts in slots.items() if max(ts) - min(ts) + 1 > len(ts)]
        if with_breaks and iteration % 3 == 1:
            return self._around_break(rng, current, size, with_breaks, slots, meetings_of)
        pool = with_breaks if with_breaks and rng.random() < 0.8 else list(slots) or [0]
        queue = [rng.choice(sorted(pool))]
        seen = set(queue)
        free: set[int] = set()
        while queue and len(free) < size:
            p = queue.pop(0)
            for m in meetings_of[p]:
                if len(free) >= size:
                    break
                free.add(m)
                for q in inst.meetings[m].participants:
                    if q - 1 not in seen:
                        seen.add(q - 1)
                        queue.append(q - 1)
            rng.shuffle(queue)
        return free

    def _around_break(
        self,
        rng: random.Random,
        current: dict[int, tuple[int, int]],
        size: int,
        with_breaks: list[int],
        slots: dict[int, list[int]],
        meetings_of: list[list[int]],
    ) -> set[int]:
        """The meetings of a participant with a break, and its partners' meetings in the
        slots around that break (where a swap could close it)."""
        inst = self.instance
        p = rng.choice(sorted(with_breaks))
        mine = sorted(slots[p])
        gaps = [(a, b) for a, b in itertools.pairwise(mine) if b - a > 1]
        low, high = rng.choice(gaps)
        free = set(meetings_of[p])
        partners = {q - 1 for m in meetings_of[p] for q in inst.meetings[m].participants}
        nearby = [
            m
            for q in sorted(partners)
            for m in meetings_of[q]
            if m in current and low - 1 <= current[m][1] <= high + 1
        ]
        rng.shuffle(nearby)
        for m in nearby:
            if len(free) >= size:
                break
            free.add(m)
        return free


def _latest_at_least(group: list[int], slots: list[list[int]]) -> int:
    """A lower bound on the latest slot of meetings that take distinct slots."""
    if not group or any(not slots[m] for m in group):
        return 0
    best = 0
    union = sorted({t for m in group for t in slots[m]})
    for start in {slots[m][0] for m in group}:
        count = sum(1 for m in group if slots[m][0] >= start)
        later = [t for t in union if t >= start]
        if count > len(later):
            return len(union) + max(union)  # cannot fit: no slot is left for b
        best = max(best, later[count - 1])
    return best


def _earliest_at_most(group: list[int], slots: list[list[int]]) -> int:
    """An upper bound on the earliest slot of meetings that take distinct slots."""
    if not group or any(not slots[m] for m in group):
        return 10**9
    best = 10**9
    union = sorted({t for m in group for t in slots[m]})
    for end in {slots[m][-1] for m in group}:
        count = sum(1 for m in group if slots[m][-1] <= end)
        earlier = [t for t in union if t <= end]
        if count > len(earlier):
            return -(10**9)
        best = min(best, earlier[-count])
    return best


def assign_tables(instance: Instance, placed: list[tuple[int, int, int]]) -> list[Assignment]:
    """Give every placed (meeting, venue, slot) a table: owners keep their reserved table,
    the others take the lowest free unreserved table. The model's capacity constraints
    guarantee a free table exists."""
    venues = instance.venue_list()
    reserved: dict[int, set[int]] = defaultdict(set)
    for part in instance.participants:
        if part.fixed_table is not None:
            reserved[part.fixed_table[0] - 1].add(part.fixed_table[1])
    used: dict[tuple[int, int], set[int]] = defaultdict(set)
    out = []
    for m, v, t in sorted(placed, key=lambda k: (k[2], k[1], k[0])):
        owned = [
            instance.participants[p - 1].fixed_table[1]
            for p in instance.meetings[m].participants
            if instance.participants[p - 1].fixed_table is not None
            and instance.participants[p - 1].fixed_table[0] == v + 1
        ]
        if owned:
            table = owned[0]
        else:
            table = next(
                tb
                for tb in range(1, venues[v].tables + 1)
                if tb not in reserved[v] and tb not in used[v, t]
            )
        used[v, t].add(table)
        out.append(Assignment(meeting=m + 1, slot=t, venue=v + 1, table=table))
    return out


def fair_subset(
    instance: Instance, assignments: list[Assignment], fairness: int
) -> list[Assignment]:
    """Leave meetings out of ``assignments`` until nobody has more than ``fairness``
    breaks: a schedule the priority mode accepts, as a first hint. Greedy ignores
    fairness, and CP-SAT with one worker or interleaved workers (deterministic mode)
    was measured to find no schedule at all within 15 s on the bench's trip from the
    unfair hint. Each step drops the meeting (not a fixed one) of a participant over the
    bound whose removal lowers the total of breaks most."""
    kept = {a.meeting: a for a in assignments}
    slots: dict[int, set[int]] = defaultdict(set)
    for a in assignments:
        for p in instance.meetings[a.meeting - 1].participants:
            slots[p].add(a.slot)

    def breaks_of(mine: set[int]) -> int:
        ordered = sorted(mine)
        return sum(
            1
            for a, b in itertools.pairwise(ordered)
            if b - a > 1 and instance.day_of(a) == instance.day_of(b)
        )

    mine_of: dict[int, list[int]] = defaultdict(list)
    for m in kept:
        for p in instance.meetings[m - 1].participants:
            mine_of[p].append(m)
    while True:
        over = sorted(p for p, mine in slots.items() if breaks_of(mine) > fairness)
        if not over:
            break
        best = None
        for p in over:
            for m in mine_of[p]:
                if m not in kept or instance.meetings[m - 1].fixed_slot is not None:
                    continue
                t = kept[m].slot
                change = sum(
                    breaks_of(slots[q] - {t}) - breaks_of(slots[q])
                    for q in instance.meetings[m - 1].participants
                )
                if best is None or change < best[0]:
                    best = (change, m)
        if best is None:
            break  # only fixed meetings left: nothing to drop
        a = kept.pop(best[1])
        for q in instance.meetings[a.meeting - 1].participants:
            slots[q].discard(a.slot)
    return list(kept.values())


def count_breaks(instance: Instance, assignments: list[Assignment]) -> dict[int | str, int]:
    """Breaks per participant id: idle runs between meetings on the same day."""
    slots: dict[int, list[int]] = defaultdict(list)
    for a in assignments:
        for p in instance.meetings[a.meeting - 1].participants:
            slots[p - 1].append(a.slot)
    out: dict[int | str, int] = {}
    for p, part in enumerate(instance.participants):
        mine = sorted(slots.get(p, []))
        out[part.id] = sum(
            1
            for a, b in itertools.pairwise(mine)
            if b - a > 1 and instance.day_of(a) == instance.day_of(b)
        )
    return out


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Reports each schedule CP-SAT finds; optionally stops at the first one."""

    def __init__(
        self, report: ProgressCallback | None, phase: str, start: float, stop_first: bool
    ) -> None:
        super().__init__()
        self.report, self.phase, self.start = report, phase, start
        self.stop_first = stop_first

    def on_solution_callback(self) -> None:
        if self.report is not None:
            self.report(
                Progress(
                    time.monotonic() - self.start,
                    self.objective_value,
                    self.best_objective_bound,
                    self.phase,
                )
            )
        if self.stop_first:
            self.stop_search()


def _run(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    options: SolveOptions,
    limit: float,
    phase: str,
    start: float,
    stop_first: bool = False,
) -> int:
    params = solver.parameters
    params.max_time_in_seconds = max(limit, 0.01)
    params.num_workers = options.workers
    params.random_seed = options.seed
    if options.deterministic:
        params.interleave_search = True
        params.max_deterministic_time = max(limit, 0.0) * DET_PER_SECOND
        # The work limit ends the phase; the clock only guards the whole solve.
        params.max_time_in_seconds = max(start + options.time_limit - time.monotonic(), 0.01)
    report = options.progress
    if report is not None:
        lock = threading.Lock()

        def on_bound(bound: float) -> None:
            with lock:
                report(Progress(time.monotonic() - start, None, bound, phase))

        solver.best_bound_callback = on_bound
    return solver.solve(model, _Watcher(report, phase, start, stop_first))


def solve(instance: Instance, options: SolveOptions | None = None) -> Result:
    """Solve ``instance`` with CP-SAT within ``options.time_limit`` seconds (wall clock).

    Required mode (the published problem): every meeting is scheduled and the total
    number of breaks is minimised under the fairness bound. Priority mode: first the
    priority-weighted number of scheduled meetings is maximised, then, with that weight
    kept, the breaks are minimised; the two phases share the time limit. The returned
    schedule is always feasible for the instance; ``status`` is ``infeasible`` only when
    CP-SAT proved that no schedule exists; ``unknown`` (no schedule) also when building
    the model used up the time limit. Raises :class:`InstanceError` for an instance
    beyond the documented limits (:func:`.model.check_limits`) or a time limit that is not
    a positive finite number.
    """
    from .greedy import greedy

    options = options or SolveOptions()
    start = time.monotonic()
    check_limits(instance)
    if not math.isfinite(options.time_limit) or options.time_limit <= 0:
        raise InstanceError(f"time limit: must be a positive number, got {options.time_limit}")
    priority = not instance.require_all if options.priority_mode is None else options.priority_mode
    try:
        built = _Model(instance, options.fairness, priority, start + options.time_limit)
    except _OutOfTime:
        return _empty(instance, "unknown", start)
    # The search phases get their own deadlines; a built model no longer needs one.
    built.deadline = None
    if built.infeasible_reason is not None:
        return _empty(instance, "infeasible", start)
    if lns.applies(instance, priority):
        # Event size: the neighbourhood search of lns.py (docs/scheduling.md).
        return lns.solve_large(built, options, start)
    seed = None
    if options.use_greedy_hint:
        seed = greedy(instance, fairness=options.fairness).assignments
        if priority:
            seed = fair_subset(instance, seed, options.fairness)
        built.hint(seed)
    model = built.model
    solver = cp_model.CpSolver()
    weight = None
    if priority:
        weights = [inst_m.priority for inst_m in instance.meetings]
        weighted = sum(w * s for w, s in zip(weights, built.scheduled.values(), strict=True))
        model.maximize(weighted)
        budget = _nominal(options) / 2
        face = priority_face(instance, built.x, built.capacity)
        ceiling = face.ceiling
        reached = False
        if lns.leads_first_phase(instance, priority):
            # Trip size: the neighbourhood search of lns.py gives the hint and fallback;
            # at the ceiling the first phase is proven and its time goes to the breaks.
            found = lns.first_phase(built, options, start, budget, ceiling)
            if found is not None:
                seed = found
                model.clear_hints()
                built.hint(seed)
                reached = sum(weights[a.meeting - 1] for a in seed) >= ceiling
        code, left = cp_model.UNKNOWN, 0.0
        if not reached:
            code = _run(solver, model, options, budget * 0.3, "priority", start)
            left = _left(solver, options, budget, start + budget)
        if _STATUS[code] == "unknown" and not reached:
            solver = cp_model.CpSolver()
            code = _run(solver, model, options, left, "priority", start)
            left = _left(solver, options, left, start + budget)
        status1 = _STATUS[code]
        if status1 in ("optimal", "feasible"):
            # CP-SAT's bound means something only with a schedule (measured: 0 when it
            # ended without one). Never above the weight of the placeable meetings.
            ceiling = min(ceiling, math.floor(solver.best_objective_bound + 1e-6))
        placed, weight = None, -1
        if status1 in ("optimal", "feasible"):
            weight, placed = round(solver.objective_value), built.extract(solver)
        if status1 != "optimal" and seed is not None:
            hinted = sum(instance.meetings[a.meeting - 1].priority for a in seed)
            # The fair part of greedy's schedule, when CP-SAT found nothing or worse
            # (measured on the trip under load: 310 against greedy's fair 510).
            if hinted > weight and built.accepts(seed):
                status1 = "feasible"
                placed = [(a.meeting - 1, a.venue - 1, a.slot) for a in seed]
                weight = hinted
        if placed is None:
            return _empty(instance, status1, start)
        if status1 == "feasible" and weight < ceiling:
            # The same neighbourhood search, on the negated weight.
            shared = _Shared(placed, -weight, -ceiling)
            work = max(0.0, left) * DET_PER_SECOND if options.deterministic else None
            built.lns(
                shared,
                work,
                _deadline(options, start, start + budget),
                options,
                start,
                goal=-weighted,
                scale=1,
                phase="priority",
            )
            placed, weight = shared.placed, -shared.objective
        status1 = "optimal" if weight >= ceiling else "feasible"
        weight_bound = ceiling
        model.clear_hints()
        built.hint([Assignment(m + 1, t, v + 1, 0) for m, v, t in placed])
        model.clear_objective()
        model.add(weighted >= weight)
        on_face = face.exact and weight == face.ceiling
        if on_face:
            built.restrict_to_face(face)
        remaining = _remaining(options, start, _nominal(options) - budget)
        placed, floor, remaining = _from_venue_plan(
            built, options, start, remaining, placed, weight, face if on_face else None
        )
        status, placed2, bound = _minimise_breaks(built, options, start, remaining, placed, floor)
        if placed2 is None:
            # Phase 2 ran out of time before re-finding a schedule: keep phase 1's.
            result = _result(
                instance, "feasible", assign_tables(instance, placed), None, start, weight
            )
            result.weight_bound = weight_bound
            return result
        if status == "optimal" and status1 != "optimal":
            status = "feasible"
        placed = placed2
    else:
        remaining = _remaining(options, start, _nominal(options))
        status, placed, bound = _minimise_breaks(built, options, start, remaining, None)
        if placed is None:
            return _empty(instance, status, start)
    result = _result(instance, status, assign_tables(instance, placed), bound, start, weight)
    if priority:
        result.weight_bound = weight_bound
    return result


def _nominal(options: SolveOptions) -> float:
    """The seconds the phases share out. In deterministic mode a measure of work, not of
    the clock: ``work`` (or ``time_limit``) in seconds of CP-SAT's speed here."""
    if options.deterministic and options.work is not None:
        return options.work / DET_PER_SECOND
    return options.time_limit


def _remaining(options: SolveOptions, start: float, nominal: float) -> float:
    """What is left for the next phase: ``nominal`` seconds of work in deterministic
    mode (so that the split between phases does not depend on the machine's speed),
    otherwise the clock's time left."""
    if options.deterministic:
        return max(0.0, nominal)
    return options.time_limit - (time.monotonic() - start)


def _deadline(options: SolveOptions, start: float, phase_end: float) -> float:
    """The clock's deadline of a phase: in deterministic mode only the whole solve's
    (the phase ends on its work limit), otherwise the phase's own."""
    return start + options.time_limit if options.deterministic else phase_end


def _left(
    solver: cp_model.CpSolver | None, options: SolveOptions, given: float, end: float
) -> float:
    """Seconds left of a phase after a CP-SAT run that was given ``given`` of them: in
    deterministic mode what its deterministic time did not use (the same on every run),
    otherwise the clock's time until ``end``."""
    if options.deterministic:
        used = 0.0 if solver is None else solver.response_proto.deterministic_time
        return max(0.0, given - used / DET_PER_SECOND)
    return end - time.monotonic()


# CP-SAT's deterministic time units per wall-clock second, measured on the benchmark
# machine for these models; used to turn a time limit into a reproducible work limit.
DET_PER_SECOND = 0.12
# Share of the time after the first schedule given to the neighbourhood search; while
# it still improves, it goes on up to LNS_MAX_SHARE and stops once it has found nothing
# better for STALL_SHARE of that time (deterministic mode: LNS_SHARE exactly). Measured
# on the bench's trip: the neighbourhood search was still improving when its 55 % ended,
# and the proving search then found no better schedule and no bound above 0.
LNS_SHARE = 0.55
LNS_MAX_SHARE = 0.85
STALL_SHARE = 0.1
# Full-problem workers of the proving search, in the order they are added.
PROOF_SUBSOLVERS = ("core", "default_lp", "max_lp", "no_lp", "quick_restart")


# The objective of "no schedule yet": every schedule found is better.
NO_SCHEDULE = satsearch.NO_SCHEDULE
# CaDiCaL's conflicts per wall-clock second on the SAT encodings, for the deterministic
# budget: measured here between about 4,600 (forum-13crafb, hardest calls) and 50,000+.
SAT_CONFLICTS_PER_SECOND = 10_000


class _Shared:
    """State shared by the searches running side by side: the best schedule (None
    until there is one), its objective, the best lower bound, and whether a search
    proved that no schedule exists."""

    def __init__(
        self, placed: list[tuple[int, int, int]] | None, objective: int, bound: int
    ) -> None:
        self.lock = threading.Lock()
        self.placed, self.objective, self.bound = placed, objective, bound
        self.infeasible = False
        self.improved_at = time.monotonic()

    def offer(self, placed: list[tuple[int, int, int]], objective: int) -> bool:
        with self.lock:
            if objective < self.objective:
                self.placed, self.objective = placed, objective
                self.improved_at = time.monotonic()
                return True
            return False

    def raise_bound(self, bound: int) -> None:
        with self.lock:
            self.bound = max(self.bound, bound)


class _Collector(cp_model.CpSolverSolutionCallback):
    """Hands every improving schedule of the proving search to the shared state."""

    def __init__(
        self, built: _Model, shared: _Shared, report: ProgressCallback | None, start: float
    ) -> None:
        super().__init__()
        self.built, self.shared, self.report, self.start = built, shared, report, start

    def on_solution_callback(self) -> None:
        objective = round(self.objective_value)
        if objective < self.shared.objective:
            placed = [key for key, var in self.built.x.items() if self.boolean_value(var)]
            if self.shared.offer(placed, objective) and self.report is not None:
                self.report(Progress(time.monotonic() - self.start, objective, self.shared.bound))


def _seed(built: _Model, shared: _Shared) -> None:
    built.model.clear_hints()
    built.hint([Assignment(m + 1, t, v + 1, 0) for m, v, t in shared.placed])


def _prove(
    solver: cp_model.CpSolver,
    built: _Model,
    shared: _Shared,
    options: SolveOptions,
    seconds: float,
    start: float,
) -> int:
    """Core-guided CP-SAT on the whole model, seeded with the best schedule: the source
    of lower bounds (the default LP search proves next to nothing on these instances)."""
    params = solver.parameters
    workers = options.workers
    params.num_workers = workers
    # With few workers the default portfolio leaves out the core-guided search.
    params.subsolvers.extend(PROOF_SUBSOLVERS[: max(1, workers - 1)])
    # A single worker ignores the subsolver list: make that one worker core-guided.
    params.optimize_with_core = workers == 1
    params.random_seed = options.seed
    params.max_time_in_seconds = max(seconds, 0.01)
    if options.deterministic:
        params.interleave_search = True
        params.max_deterministic_time = max(seconds, 0.0) * DET_PER_SECOND
        params.max_time_in_seconds = max(start + options.time_limit - time.monotonic(), 0.01)

    def on_bound(bound: float) -> None:
        shared.raise_bound(math.ceil(bound - 1e-6))
        if options.progress is not None:
            options.progress(Progress(time.monotonic() - start, None, bound))

    solver.best_bound_callback = on_bound
    code = solver.solve(built.model, _Collector(built, shared, options.progress, start))
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        shared.raise_bound(math.ceil(solver.best_objective_bound - 1e-6))
    return code


class _Stall:
    """A neighbourhood search's stopping rule: after ``earliest``, stop once ``shared``
    has had no better schedule for ``seconds``."""

    def __init__(self, shared: _Shared, earliest: float, seconds: float) -> None:
        self.shared, self.earliest, self.seconds = shared, earliest, seconds

    def __call__(self) -> bool:
        now = time.monotonic()
        return now >= self.earliest and now - self.shared.improved_at >= self.seconds


def _parallel_lns(
    built: _Model,
    shared: _Shared,
    deadline: float,
    options: SolveOptions,
    start: float,
    stop: Callable[[], bool] | None = None,
) -> None:
    """One neighbourhood search per worker, each with its own seed and schedule; they
    meet through ``shared``: a search that falls behind restarts from the best schedule.
    CP-SAT releases the GIL while it solves, so the threads use the cores."""
    threads = [
        threading.Thread(
            target=built.lns,
            args=(shared, None, deadline, replace(options, seed=options.seed + 7919 * k), start),
            kwargs={"stop": stop},
            daemon=True,
        )
        for k in range(options.workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _sat_search(
    built: _Model,
    shared: _Shared,
    deadline: float,
    options: SolveOptions,
    start: float,
    nominal: float,
) -> None:
    """Minimise breaks with the SAT search (satsearch.py).

    With two or more workers: two searches in forked processes, one on the encoding
    with the seat count and one without, sharing schedules and bounds through this
    process, which stops them when the gap closes or at the deadline. Workers beyond
    two run core-guided CP-SAT here meanwhile, for lower bounds. In deterministic
    mode, or with one worker: the two searches in this thread, one solver call each in
    turn, limited by conflicts (a deterministic budget of ``SAT_CONFLICTS_PER_SECOND``
    times ``nominal``, the seconds of work left, in deterministic mode), then core-guided
    CP-SAT with whatever time is left (deterministic mode: a fifth of ``nominal`` as
    deterministic time)."""

    def encoding(seats: bool) -> satsearch.BreakSat:
        return satsearch.BreakSat.of_model(built, seats=seats)

    def on_better(placed: list[tuple[int, int, int]], objective: int) -> None:
        if shared.offer(placed, objective) and options.progress is not None:
            elapsed = time.monotonic() - start
            options.progress(Progress(elapsed, objective, shared.bound))

    def on_bound(bound: int) -> None:
        shared.raise_bound(bound)
        if options.progress is not None:
            options.progress(Progress(time.monotonic() - start, None, shared.bound))

    def settle(placed: list | None, objective: int | None, settled: bool) -> None:
        if settled and placed is None:
            shared.infeasible = True
        elif settled:
            on_bound(objective)

    def prove(solver: cp_model.CpSolver, options: SolveOptions) -> None:
        if shared.placed is not None:
            _seed(built, shared)
        seconds = nominal / 5 if options.deterministic else deadline - time.monotonic()
        code = _prove(solver, built, shared, options, seconds, start)
        if code == cp_model.INFEASIBLE:
            shared.infeasible = True

    start_from = {
        "placed": shared.placed,
        "objective": None if shared.placed is None else shared.objective,
        "bound": shared.bound,
    }
    if options.deterministic or options.workers < 2:
        left = nominal * 0.8 if options.deterministic else max(0.0, deadline - time.monotonic())
        settle(
            *satsearch.descend_together(
                [encoding(seats=True), encoding(seats=False)],
                **start_from,
                deadline=deadline,
                on_better=on_better,
                on_bound=on_bound,
                conflicts=int(left * SAT_CONFLICTS_PER_SECOND),
            )
        )
        if not shared.infeasible and shared.objective > shared.bound:
            prove(cp_model.CpSolver(), options)
        return

    children = [
        satsearch.ChildSearch(
            build=lambda seats=seats: encoding(seats),
            **start_from,
            deadline=deadline,
            meetings=len(built.instance.meetings),
            # The parity-only search finds a first schedule quickly, the other aims low.
            quick_first=not seats,
        )
        for seats in (True, False)
    ]

    def hear(messages: list[tuple]) -> None:
        for message in messages:
            if message[0] == "better":
                on_better(message[1], message[2])
            elif message[0] == "bound":
                on_bound(message[1])
            else:
                shared.infeasible = True

    def closed() -> bool:
        return shared.infeasible or shared.objective <= shared.bound

    def watch() -> None:
        """Relay between the children until the gap closes, the deadline passes or
        both have ended."""
        try:
            while not closed() and time.monotonic() < deadline:
                if all(child.finished() for child in children):
                    break
                for child in children:
                    hear(child.poll())
                    child.tell(bound=shared.bound, best=shared.objective, placed=shared.placed)
                time.sleep(0.05)
            for child in children:
                hear(child.poll())
        finally:
            # Past the deadline there is no time to wait for a solver call to end.
            wait = 0.5 if time.monotonic() < deadline else 0.05
            for child in children:
                hear(child.stop(wait))

    if options.workers < 3:
        watch()
        return
    solver = cp_model.CpSolver()
    watch_done, proving_over = threading.Event(), threading.Event()

    def watch_thread() -> None:
        try:
            watch()
        finally:
            watch_done.set()
            # stop_search only acts on a running solve: repeat until the proof ends.
            while not proving_over.is_set():
                solver.stop_search()
                time.sleep(0.05)

    thread = threading.Thread(target=watch_thread, daemon=True)
    thread.start()
    try:
        if not watch_done.is_set():
            prove(solver, replace(options, workers=options.workers - 2))
    finally:
        proving_over.set()
    thread.join()


# Share of the second phase given to scheduling at the venues and days of the venue-day
# plan (venue_days.py), and the most seconds (and share) the plan itself may take: on the
# bench's trip CP-SAT proves the plan's optimum in 1.6-3.9 s, and at 5 s it sometimes
# ended without the proof (docs/scheduling.md, 2026-12-02 evening).
PLAN_SHARE = 0.5
PLAN_SECONDS = 10.0
PLAN_SECONDS_SHARE = 0.1


def _from_venue_plan(
    built: _Model,
    options: SolveOptions,
    start: float,
    budget: float,
    placed: list[tuple[int, int, int]],
    weight: int,
    face: PriorityFace | None,
) -> tuple[list[tuple[int, int, int]], int, float]:
    """The second phase's first part where a change of venue within a day costs a
    break: the venue-day relaxation (:mod:`.venue_days`) gives a lower bound, and its
    plan a schedule found on a copy of the model held to the plan's venues and days.

    ``placed`` is the first phase's schedule (priority sum ``weight``); ``face`` the face
    the model is restricted to, if it is. Returns the better of the two schedules, the
    bound (0 when there is none) and the budget left for the rest of the phase."""
    if not venue_days.applies(built.instance):
        return placed, 0, budget
    phase_end = time.monotonic() + budget
    instance = built.instance
    excluded = face.excluded if face is not None else frozenset()
    full = {built.capacity_group[i] for i in face.full} if face is not None else set()
    must = {m for m, s in built.scheduled.items() if isinstance(s, int)}
    if face is not None:
        must |= face.forced
    seconds = min(PLAN_SECONDS, PLAN_SECONDS_SHARE * budget)
    plan = venue_days.plan_venue_days(
        instance,
        places=[key for key in built.x if key not in excluded],
        groups=[replace(g, full=i in full) for i, g in enumerate(built.groups)],
        must=must,
        weight=weight,
        fairness_cap=built.fairness if built.always_zero else None,
        # Deterministic mode: the work limit ends it, the clock only guards the solve.
        time_limit=(
            start + options.time_limit - time.monotonic() if options.deterministic else seconds
        ),
        workers=options.workers,
        seed=options.seed,
        deterministic_time=seconds * DET_PER_SECOND if options.deterministic else None,
    )
    left = _left(None, options, budget - seconds, phase_end)
    if plan is None:
        return placed, 0, left
    share = left * PLAN_SHARE
    planned = _held_to_plan(built, options, start, share, plan.places, face)
    left = _left(None, options, left - share, phase_end)
    if planned is None:
        return placed, plan.bound, left

    better = (
        planned if _total_breaks(instance, planned) < _total_breaks(instance, placed) else placed
    )
    if options.progress is not None:
        options.progress(Progress(time.monotonic() - start, _total_breaks(instance, better), None))
    built.model.clear_hints()
    built.hint([Assignment(m + 1, t, v + 1, 0) for m, v, t in better])
    return better, plan.bound, left


def _total_breaks(instance: Instance, placed: list[tuple[int, int, int]]) -> int:
    """The breaks of placed (0-based meeting, venue, slot) triples."""
    as_assignments = [Assignment(m + 1, t, v + 1, 0) for m, v, t in placed]
    return sum(count_breaks(instance, as_assignments).values())


def _held_to_plan(
    built: _Model,
    options: SolveOptions,
    start: float,
    budget: float,
    plan: dict[int, tuple[int, int]],
    face: PriorityFace | None,
) -> list[tuple[int, int, int]] | None:
    """A schedule of exactly the planned meetings, each at its planned venue and day
    (0-based meeting -> venue, day), searched for on a copy of the model held to the
    plan within ``budget`` seconds; None when none was found. The copy's bounds are not
    bounds of the instance, so nothing is proven on it.

    Measured on the bench's trip (docs/scheduling.md, 2026-12-02 evening): holding the
    meetings to their days only (venues free) left 18 breaks on the copy where holding
    both left 13-17; searching each day alone (under the plan every day is its own
    problem but for the fairness cap) ended the whole solve at 6-12 breaks in six runs,
    against 6-11 with the one copy (the same three seeds, several runs)."""
    instance = built.instance
    held = _Model(instance, built.fairness, built.priority, start + options.time_limit)
    held.deadline = None
    if face is not None:
        held.restrict_to_face(face)
    per_day = instance.slots_per_day
    for (m, v, t), var in held.x.items():
        if plan.get(m) != (v, (t - 1) // per_day):
            held.model.add(var == 0)
    for m in plan:
        held.model.add(held.scheduled[m] == 1)
    quiet = replace(options, progress=None)
    return _minimise_breaks(held, quiet, start, budget, None, prove=False)[1]


def _minimise_breaks(
    built: _Model,
    options: SolveOptions,
    start: float,
    budget: float,
    placed: list[tuple[int, int, int]] | None,
    floor: int = 0,
    prove: bool = True,
) -> tuple[Status, list[tuple[int, int, int]] | None, int | None]:
    """Minimise breaks: a short full search for a first schedule, then, side by side
    until the budget is spent or the gap is closed, core-guided CP-SAT on the whole model
    (lower bounds, sometimes schedules) and a large-neighbourhood search around the best
    schedule (most improvements). In deterministic mode the two run one after the other
    with work limits in deterministic time instead of side by side.

    Measured on the published instances: CP-SAT's default portfolio on two workers
    improves schedules slowly and proves almost no bound above 0; the core-guided worker
    proves the optimum of most instances within seconds, and the neighbourhood search
    reaches it. ``floor``: a lower bound proven elsewhere. Without ``prove`` (a model
    whose bounds mean nothing, such as the venue plan's held copy) the neighbourhood
    search has the whole budget and stops when it stalls, and nothing proves. Returns
    status, placed (meeting, venue, slot) triples and bound."""
    model = built.model
    model.minimize(built.total_breaks)
    phase_end = time.monotonic() + budget
    solver = cp_model.CpSolver()
    first = min(budget if placed is None and budget < 4 else max(2.0, 0.05 * budget), budget)
    code = _run(solver, model, options, first, "breaks", start)
    left = _left(solver, options, budget, phase_end)
    status = _STATUS[code]
    use_sat = not built.priority and satsearch.applies(
        instance=built.instance,
        n_keys=len(built.x),
        capacity=built.capacity,
        fairness_applies=built.always_zero,
    )
    if status == "unknown" and placed is None and not use_sat:
        # Large instances: keep searching, but only until the first schedule, which the
        # neighbourhood search then improves much faster than CP-SAT's portfolio.
        solver = cp_model.CpSolver()
        code = _run(solver, model, options, left, "breaks", start, True)
        left = _left(solver, options, left, phase_end)
        status = _STATUS[code]
    if status == "infeasible":
        return status, None, None
    bound = math.ceil(solver.best_objective_bound - 1e-6) if status != "unknown" else 0
    bound = max(bound, built.static.total, floor)
    if status == "feasible" and round(solver.objective_value) <= bound:
        status = "optimal"
    if status == "optimal":
        return status, built.extract(solver), bound
    given = None if placed is None else _total_breaks(built.instance, placed)
    if status == "feasible" and (given is None or round(solver.objective_value) < given):
        placed = built.extract(solver)
        objective = round(solver.objective_value)
    elif placed is not None:
        objective = given
    if use_sat:
        # The SAT search also finds a first schedule, or proves there is none.
        shared = _Shared(placed, objective if placed is not None else NO_SCHEDULE, bound)
        _sat_search(built, shared, _deadline(options, start, phase_end), options, start, left)
        if shared.placed is None:
            return ("infeasible" if shared.infeasible else "unknown"), None, None
        status = "optimal" if shared.objective <= shared.bound else "feasible"
        return status, shared.placed, shared.bound
    if placed is None:
        return "unknown", None, None
    shared = _Shared(placed, objective, bound)
    remaining = left
    # Neighbourhood search first, then the proving search seeded with its schedule.
    # Measured side by side in two threads, the neighbourhood search found clearly worse
    # schedules in the same time; the bounds came out much the same.
    now = time.monotonic()
    lns_share = LNS_SHARE if prove else 1.0
    if options.deterministic:
        work = remaining * lns_share * DET_PER_SECOND
        built.lns(shared, work, _deadline(options, start, phase_end), options, start)
        proof = remaining * (1 - lns_share)
    else:
        earliest = now + remaining * (LNS_SHARE if prove else STALL_SHARE)
        stall = _Stall(shared, earliest, remaining * STALL_SHARE)
        lns_end = now + remaining * (LNS_MAX_SHARE if prove else 1.0)
        if options.workers < 2:
            built.lns(shared, None, lns_end, options, start, stop=stall)
        else:
            _parallel_lns(built, shared, lns_end, options, start, stall)
        proof = _left(None, options, 0.0, phase_end)
    if prove and shared.objective > shared.bound:
        _seed(built, shared)
        _prove(cp_model.CpSolver(), built, shared, options, proof, start)
    status = "optimal" if shared.objective <= shared.bound else "feasible"
    return status, shared.placed, shared.bound


def _result(
    instance: Instance,
    status: Status,
    assignments: list[Assignment],
    bound: int | None,
    start: float,
    weight: int | None,
) -> Result:
    breaks = count_breaks(instance, assignments)
    placed = {a.meeting for a in assignments}
    return Result(
        status=status,
        objective=sum(breaks.values()),
        bound=bound,
        time_s=time.monotonic() - start,
        assignments=assignments,
        unscheduled=[m for m in range(1, len(instance.meetings) + 1) if m not in placed],
        breaks=breaks,
        scheduled_weight=weight,
    )


def _empty(instance: Instance, status: Status, start: float) -> Result:
    return Result(
        status=status,
        objective=None,
        bound=None,
        time_s=time.monotonic() - start,
        assignments=[],
        unscheduled=list(range(1, len(instance.meetings) + 1)),
        breaks={},
    )
