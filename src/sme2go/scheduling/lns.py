"""Large-neighbourhood search for event size (b2match: 430 participants, 1,700 meetings).

Why a search of its own: at this size CP-SAT on the whole model (34,000 places, 8,600
busy literals and the break literals over them) finds no first schedule within 120 s
on a loaded machine, and from one it improves slowly (444-473 breaks in 120 s); the
neighbourhood search of :meth:`.cpsat._Model.lns` clones that whole model for every
neighbourhood. Here every neighbourhood is a small CP-SAT model of its own, built from
the free meetings, their participants and what the fixed rest leaves them.

The state is a partial schedule that may break the rules the search repairs: meetings
not placed and participants above the fairness bound. Its score is compared
lexicographically: (breaks above the fairness bound, weight of meetings not placed,
breaks, idle slots between meetings). Everything else (tables, venues, interpreters,
reserved tables, travel, forbidden slots, sessions, fixed slots, precedences) holds in
every state: the places come from the CP-SAT model's pre-filter and the capacity and
travel groups from its builder, so both searches solve the same problem.

1. **First schedule** (:meth:`Search.construct`): meetings in order of difficulty, each
   at the allowed place that adds the fewest breaks to its participants.
2. **Neighbourhoods** (:meth:`Search.improve`), in rotation: the meetings of a
   participant over the bound or with breaks and, breadth-first, of the participants it
   meets; the meetings around one break and their partners' meetings nearby; all
   meetings in a window of consecutive slots; meetings not placed with the meetings of
   their participants. A sub-model minimises the score over the free meetings with the
   rest fixed and starts from the current places (a hint), so it never ends worse; a
   result no worse is taken (equal scores let the search drift along plateaus).

Deterministic given the seed: one thread, sub-solves with one worker, limited by
CP-SAT's deterministic time, and, in deterministic mode, the whole search by the sum of
that work, not by the clock. (So a second worker is left unused here.)

Used by :func:`.cpsat.solve` for required-mode instances from :data:`MIN_MEETINGS`
meetings (:func:`solve_large`) and for the first phase of priority-mode instances from
:data:`MIN_PRIORITY_MEETINGS` (:func:`first_phase`).
"""

from __future__ import annotations

import itertools
import random
import time
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .model import Assignment, Instance, Progress, Result

Key = tuple[int, int, int]  # (meeting, venue, slot), 0-based meeting and venue
Score = tuple[int, int, int, int]  # (excess, lost weight, breaks, idle slots)

# From this many meetings on, :func:`.cpsat.solve` hands required-mode instances to this
# search. The published instances (at most 302 meetings) stay on the CP-SAT and SAT
# searches, which prove optima there; the trip (406, priority mode) only starts its
# first phase here (:data:`MIN_PRIORITY_MEETINGS`).
MIN_MEETINGS = 1_000
# Share of the time limit for the neighbourhood search before annealing (anneal.py)
# takes over. Measured on the b2match-size event, one thread: after 8 s of 120 the
# neighbourhood search was at 326 breaks and gaining slowly; annealing from there
# reached 139 at 120 s, the neighbourhood search alone 262-270.
ANNEAL_AFTER = 0.1


# Deterministic seconds of CP-SAT per sub-solve.
# Small and many beats large and few there: measured over 40 s, 0.05 s of work and 12-160
# meetings reached 363 breaks, 0.005 s and 6-60 meetings 287-307.
SUB_WORK = 0.005
# The least work charged for one neighbourhood (deterministic seconds).
MIN_CHARGE = 0.001
# Meetings freed per neighbourhood: start, smallest, largest.
SIZE_START, SIZE_MIN, SIZE_MAX = 12.0, 6.0, 60.0


# CP-SAT deterministic seconds of the sub-solves per wall-clock second of this search
# (Python builds the sub-models), measured on the b2match-size event at load 4 (2.0 in
# 22 s); turns a time limit into a work limit in deterministic mode.
DET_PER_SECOND = 0.1


# Neighbourhood kinds in turn (:meth:`Search._neighbourhood`): around a break is the
# most productive per iteration on the b2match-size event, so it comes up most often.
ROTATION = (0, 1, 2, 1, 1, 3)


def applies(instance: Instance, priority: bool) -> bool:
    """Whether :func:`.cpsat.solve` uses this search: required mode at event size."""
    return not priority and len(instance.meetings) >= MIN_MEETINGS


def solve_large(built, options, start: float) -> Result:
    """Solve a built model (:class:`.cpsat._Model`) with this search: the first state of
    :meth:`Search.construct`, then :meth:`Search.improve` for :data:`ANNEAL_AFTER` of
    the time limit (longer while it has no valid schedule), then annealing
    (:func:`.anneal.anneal`, one chain per worker) until the time limit. Deterministic
    mode: the same shares of ``options.work`` (by default the time limit times
    :data:`DET_PER_SECOND`, in CP-SAT's deterministic seconds), annealing counted in
    moves (:data:`.anneal.MOVES_PER_SECOND`). The bound is the static
    one (:mod:`.bounds`). Status ``unknown`` (no schedule) when the search ends with a
    meeting not placed that must be, or a participant above the fairness bound; in
    priority mode at best ``feasible`` (nothing is proven about the priority sum)."""
    from .cpsat import _empty, _result, assign_tables

    instance = built.instance
    search = Search(built, options.fairness)
    search.construct(random.Random(options.seed))
    bound = built.static.total
    work = None
    if options.deterministic:
        work = options.work if options.work is not None else options.time_limit * DET_PER_SECOND

    def on_better(score: Score) -> None:
        if options.progress is not None and search.valid():
            options.progress(Progress(time.monotonic() - start, score[2], bound, "breaks"))

    end = start + options.time_limit
    # This search first, for a valid schedule and its quick gains; annealing then.
    first_end = start + options.time_limit * ANNEAL_AFTER
    outcome = search.improve(
        options.seed,
        end if options.deterministic else first_end,
        None if work is None else work * ANNEAL_AFTER,
        bound=bound,
        on_better=on_better,
    )
    if not outcome.valid:
        outcome = search.improve(options.seed + 1, end, work, bound=bound, on_better=on_better)
    if not outcome.valid:
        return _empty(instance, "unknown", start)
    place, breaks = outcome.place, outcome.score[2]
    if breaks > bound and time.monotonic() < end:
        # Imported here: anneal.py builds on this module's Search.
        from .anneal import MOVES_PER_SECOND, anneal

        moves = None
        if options.deterministic:
            moves = round((1 - ANNEAL_AFTER) * work / DET_PER_SECOND * MOVES_PER_SECOND)

        def report(value: int) -> None:
            if options.progress is not None:
                options.progress(Progress(time.monotonic() - start, value, bound, "breaks"))

        annealed = anneal(
            search,
            seed=options.seed,
            deadline=end,
            moves=moves,
            bound=bound,
            workers=options.workers,
            on_better=report,
        )
        if annealed.breaks < breaks:
            place, breaks = annealed.place, annealed.breaks
    placed = [(m, v, t) for m, (v, t) in place.items()]
    weight = None
    if built.priority:
        weight = sum(instance.meetings[m].priority for m in place)
    status = "optimal" if breaks <= bound and not built.priority else "feasible"
    return _result(instance, status, assign_tables(instance, placed), bound, start, weight)


# From this many meetings on, a priority-mode solve starts from this search's schedule
# (:func:`first_phase`); the bench's trip has 406.
MIN_PRIORITY_MEETINGS = 300
# Share of the first phase's time (the priority sum) given to this search there.
FIRST_PHASE_SHARE = 0.5


def leads_first_phase(instance: Instance, priority: bool) -> bool:
    """Whether :func:`.cpsat.solve` starts the priority phase from :func:`first_phase`."""
    return priority and len(instance.meetings) >= MIN_PRIORITY_MEETINGS


def first_phase(
    built, options, start: float, nominal: float, ceiling: int | None = None
) -> list[Assignment] | None:
    """A fair schedule of a high priority sum for a priority-mode model, as the first
    phase's hint and fallback: the search's score puts the priority sum before breaks,
    so it works on both phases at once. Runs for :data:`FIRST_PHASE_SHARE` of
    ``nominal`` seconds (deterministic mode: as work), or until its priority sum reaches
    ``ceiling`` (a proven upper bound: the first phase is then settled, and the breaks
    are better left to the second phase's search, which uses both cores). None when it
    ends unfair.

    Measured on the bench's trip (load 6, 60 s, one thread): priority sum 633 of at most
    634 with 56 breaks, where CP-SAT from greedy's fair part reached 510-538 under load
    10-22."""
    search = Search(built, options.fairness)
    search.construct(random.Random(options.seed))
    seconds = nominal * FIRST_PHASE_SHARE
    work = seconds * DET_PER_SECOND if options.deterministic else None
    deadline = start + options.time_limit if options.deterministic else time.monotonic() + seconds
    lost = None if ceiling is None else sum(search.weight) - ceiling
    outcome = search.improve(options.seed, deadline, work, lost_at_most=lost)
    if not outcome.valid:
        return None
    return [Assignment(m + 1, t, v + 1, 0) for m, (v, t) in sorted(outcome.place.items())]


@dataclass
class Outcome:
    """What the search ended with: ``place`` maps 0-based meetings to (venue, slot);
    ``score`` as in the module docstring; ``work`` deterministic seconds spent;
    ``iterations`` neighbourhoods solved; ``valid``: a schedule (:meth:`Search.valid`)."""

    place: dict[int, tuple[int, int]]
    score: Score
    work: float
    iterations: int

    valid: bool


class Search:
    """The neighbourhood search over one built CP-SAT model (:class:`.cpsat._Model`).

    Fairness is kept as "at most d breaks per participant", which implies the model's
    ``max - min <= d`` and equals it when someone cannot have a break (every published
    instance, the b2match-size event); where everyone can, it is stricter than needed.
    In priority mode (the model's ``priority``) meetings may stay out, weighted by their
    priority, except fixed ones; otherwise each meeting not placed weighs 1 and the
    state is not a schedule until all are placed."""

    def __init__(self, built, fairness: int) -> None:
        inst: Instance = built.instance
        self.instance = inst
        self.fairness = fairness
        self.priority = built.priority
        self.n_m = len(inst.meetings)
        self.per_day = inst.slots_per_day or inst.slots
        self.meetings_of = inst.meetings_of()
        self.parts = [[p - 1 for p in m.participants] for m in inst.meetings]
        self.weight = [m.priority if self.priority else 1 for m in inst.meetings]
        self.must = [not self.priority or m.fixed_slot is not None for m in inst.meetings]
        self.keys: list[list[tuple[int, int]]] = [[] for _ in range(self.n_m)]
        for m, v, t in built.x:
            self.keys[m].append((v, t))
        # Participants whose breaks fairness bounds (those the model gives a breaks
        # variable: two meetings or more and some possible slot).
        self.counted = set(built.breaks)
        self.groups: list[tuple[list[Key], int]] = list(built.capacity)
        self.groups_of: dict[Key, list[int]] = defaultdict(list)
        for g, (keys, _most) in enumerate(self.groups):
            for key in keys:
                self.groups_of[key].append(g)
        self.conflicts = list(built.travel_conflicts)
        self.conflicts_of: dict[Key, list[tuple[int, int]]] = defaultdict(list)
        for c, (side_a, side_b) in enumerate(self.conflicts):
            for key in side_a:
                self.conflicts_of[key].append((c, 0))
            for key in side_b:
                self.conflicts_of[key].append((c, 1))
        self.after = [[a - 1 for a in m.after] for m in inst.meetings]
        self.before: list[list[int]] = [[] for _ in range(self.n_m)]
        for b, preds in enumerate(self.after):
            for a in preds:
                self.before[a].append(b)
        self.place: dict[int, tuple[int, int]] = {}
        self.usage = [0] * len(self.groups)
        self.side_used = [[0, 0] for _ in self.conflicts]
        self.slots_of: list[dict[int, int]] = [{} for _ in inst.participants]  # t -> v
        # Per participant (breaks, idle slots), and the score's four totals.
        self.own = [(0, 0)] * len(inst.participants)
        self.total = [0, sum(self.weight), 0, 0]

    # -- state ---------------------------------------------------------------------------
    def _add(self, m: int, v: int, t: int) -> None:
        self.place[m] = (v, t)
        key = (m, v, t)
        for g in self.groups_of.get(key, ()):
            self.usage[g] += 1
        for c, side in self.conflicts_of.get(key, ()):
            self.side_used[c][side] += 1
        self.total[1] -= self.weight[m]
        for p in self.parts[m]:
            self._forget(p)
            self.slots_of[p][t] = v
            self._count(p)

    def _remove(self, m: int) -> None:
        v, t = self.place.pop(m)
        key = (m, v, t)
        for g in self.groups_of.get(key, ()):
            self.usage[g] -= 1
        for c, side in self.conflicts_of.get(key, ()):
            self.side_used[c][side] -= 1
        self.total[1] += self.weight[m]
        for p in self.parts[m]:
            self._forget(p)
            del self.slots_of[p][t]
            self._count(p)

    def _forget(self, p: int) -> None:
        b, i = self.own[p]
        self.total[0] -= self._excess(p, b)
        self.total[2] -= b
        self.total[3] -= i

    def _count(self, p: int) -> None:
        b, i = self.own[p] = self.breaks_of(p)
        self.total[0] += self._excess(p, b)
        self.total[2] += b
        self.total[3] += i

    def _excess(self, p: int, breaks: int) -> int:
        if p in self.counted and breaks > self.fairness:
            return breaks - self.fairness
        return 0

    def _fits(self, m: int, v: int, t: int) -> bool:
        """Whether m can go to (v, t) beside the placed meetings: its participants free,
        a table, an interpreter and travel time left, precedences kept."""
        if any(t in self.slots_of[p] for p in self.parts[m]):
            return False
        key = (m, v, t)
        for g in self.groups_of.get(key, ()):
            if self.usage[g] >= self.groups[g][1]:
                return False
        for c, side in self.conflicts_of.get(key, ()):
            if self.side_used[c][1 - side]:
                return False
        for a in self.after[m]:
            if a in self.place and self.place[a][1] >= t:
                return False
        return all(not (b in self.place and self.place[b][1] <= t) for b in self.before[m])

    def breaks_of(self, p: int) -> tuple[int, int]:
        """Breaks and idle slots between meetings of participant p."""
        mine = sorted(self.slots_of[p])
        breaks = idle = 0
        for a, b in itertools.pairwise(mine):
            if b - a > 1 and (a - 1) // self.per_day == (b - 1) // self.per_day:
                breaks += 1
                idle += b - a - 1
        return breaks, idle

    def score(self) -> Score:
        """The current state's score (module docstring), kept up to date as meetings
        move."""
        excess, lost, breaks, idle = self.total
        return excess, lost, breaks, idle

    # -- first schedule ------------------------------------------------------------------
    def start_from(self, placed: list[Key]) -> None:
        """Take ``placed`` as the current state (it must respect the model's places)."""
        for m in list(self.place):
            self._remove(m)
        for m, v, t in sorted(placed):
            self._add(m, v, t)

    def construct(self, rng: random.Random) -> None:
        """A first state: meetings with the fewest places and the busiest participants
        first, each at the fitting place that adds the fewest breaks (then idle slots)
        to its participants, ties broken at random by ``rng``."""
        load = [len(ms) for ms in self.meetings_of]
        order = sorted(
            range(self.n_m),
            key=lambda m: (
                self.instance.meetings[m].fixed_slot is None,
                not self.after[m] and not self.before[m],
                len(self.keys[m]),
                -sum(load[p] for p in self.parts[m]),
                rng.random(),
            ),
        )
        for m in order:
            best = None
            for v, t in self.keys[m]:
                if not self._fits(m, v, t):
                    continue
                cost = [0, 0, 0]
                for p in self.parts[m]:
                    b0, i0 = self.own[p]
                    self.slots_of[p][t] = v
                    b1, i1 = self.breaks_of(p)
                    del self.slots_of[p][t]
                    cost[0] += b1 - b0
                    cost[1] += i1 - i0
                    # Next to the participant's own meetings is better than alone.
                    cost[2] -= (t - 1 in self.slots_of[p]) + (t + 1 in self.slots_of[p])
                option = (*cost, rng.random(), v, t)
                if best is None or option < best:
                    best = option
            if best is not None:
                self._add(m, best[-2], best[-1])

    # -- neighbourhoods ------------------------------------------------------------------
    def _neighbourhood(self, rng: random.Random, size: int, iteration: int) -> set[int]:
        inst = self.instance
        unplaced = [m for m in range(self.n_m) if m not in self.place and self.keys[m]]
        kind = ROTATION[iteration % len(ROTATION)]
        if unplaced and (kind == 3 or (not self.priority and rng.random() < 0.3)):
            free: set[int] = set()
            for m in rng.sample(unplaced, min(len(unplaced), max(1, size // 10))):
                free.add(m)
                for p in self.parts[m]:
                    free.update(self.meetings_of[p])
            return self._cut(rng, free, size)
        if kind == 2:
            width = max(1, round(inst.slots * size / max(len(self.place), 1)))
            first = rng.randint(1, max(1, inst.slots - width + 1))
            free = {m for m, (_v, t) in self.place.items() if first <= t < first + width}
            return self._cut(rng, free, size)
        info = [(p, b) for p, (b, _i) in enumerate(self.own)]
        worst = [p for p, b in info if b > self.fairness]
        with_breaks = [p for p, b in info if b > 0]
        if kind == 1 and with_breaks:
            return self._around_break(rng, size, rng.choice(with_breaks))
        pool = worst if worst and rng.random() < 0.7 else with_breaks
        if not pool or rng.random() < 0.1:
            pool = [p for p in range(len(self.slots_of)) if self.meetings_of[p]]
        queue = [rng.choice(pool)]
        seen = set(queue)
        free = set()
        while queue and len(free) < size:
            p = queue.pop(0)
            for m in self.meetings_of[p]:
                if len(free) >= size:
                    break
                free.add(m)
                for q in self.parts[m]:
                    if q not in seen:
                        seen.add(q)
                        queue.append(q)
            rng.shuffle(queue)
        return free

    def _cut(self, rng: random.Random, free: set[int], size: int) -> set[int]:
        if len(free) <= size:
            return free
        return set(rng.sample(sorted(free), size))

    def _around_break(self, rng: random.Random, size: int, p: int) -> set[int]:
        """The meetings of p and its partners' meetings in the slots around one of its
        breaks (where a swap could close it)."""
        mine = sorted(self.slots_of[p])
        gaps = [(a, b) for a, b in itertools.pairwise(mine) if b - a > 1]
        low, high = rng.choice(gaps)
        free = set(self.meetings_of[p])
        partners = sorted({q for m in self.meetings_of[p] for q in self.parts[m]})
        nearby = [
            m
            for q in partners
            for m in self.meetings_of[q]
            if m in self.place and low - 1 <= self.place[m][1] <= high + 1
        ]
        rng.shuffle(nearby)
        for m in nearby:
            if len(free) >= size:
                break
            free.add(m)
        return free

    # -- sub-problem ---------------------------------------------------------------------
    def _resolve(
        self, free: set[int], seed: int, deadline: float
    ) -> tuple[dict[int, tuple[int, int]] | None, float, int]:
        """Re-place the meetings of ``free`` with the rest fixed, minimising the score.

        Returns the new places of the free meetings that are placed (None when CP-SAT
        found nothing), the deterministic time spent and CP-SAT's status."""
        old = {m: self.place[m] for m in free if m in self.place}
        for m in old:
            self._remove(m)
        try:
            return self._sub_model(free, old, seed, deadline)
        finally:
            for m, (v, t) in old.items():
                self._add(m, v, t)

    def _sub_model(
        self,
        free: set[int],
        old: dict[int, tuple[int, int]],
        seed: int,
        deadline: float,
    ) -> tuple[dict[int, tuple[int, int]] | None, float, int]:
        inst = self.instance
        model = cp_model.CpModel()
        x: dict[Key, cp_model.IntVar] = {}
        terms: dict[tuple[int, int], list] = defaultdict(list)
        sched: dict[int, object] = {}
        lost = []
        for m in sorted(free):
            lits = []
            for v, t in self.keys[m]:
                if not self._fits(m, v, t):
                    continue
                var = model.new_bool_var("")
                x[m, v, t] = var
                lits.append(var)
                for p in self.parts[m]:
                    terms[p, t].append(var)
            if self.must[m] and self.priority:
                if not lits:
                    return None, 0.0, cp_model.INFEASIBLE
                model.add_exactly_one(lits)
                sched[m] = 1
            else:
                s = model.new_bool_var("")
                model.add(sum(lits) == s)
                sched[m] = s
                lost.append(self.weight[m] * (1 - s))
            if m in old and (m, *old[m]) in x:
                model.add_hint(x[m, *old[m]], 1)
        # Capacity and travel groups with the fixed rest taken off.
        group_lits: dict[int, list] = defaultdict(list)
        side_lits: dict[tuple[int, int], list] = defaultdict(list)
        for key, var in x.items():
            for g in self.groups_of.get(key, ()):
                group_lits[g].append(var)
            for c, side in self.conflicts_of.get(key, ()):
                side_lits[c, side].append(var)
        for g, lits in group_lits.items():
            room = self.groups[g][1] - self.usage[g]
            if len(lits) > room:
                model.add(sum(lits) <= room)
        for (c, side), lits in side_lits.items():
            if side == 0 and (c, 1) in side_lits:
                model.add(sum(lits) + sum(side_lits[c, 1]) <= 1)
        # Precedences between two free meetings (a fixed partner is in _fits).
        slot_terms: dict[int, list] = defaultdict(list)
        for (m, _v, t), var in x.items():
            slot_terms[m].append(t * var)
        for b in free:
            for a in self.after[b]:
                if a in free:
                    slot_a, slot_b = sum(slot_terms[a]), sum(slot_terms[b])
                    both = [s for s in (sched[a], sched[b]) if not isinstance(s, int)]
                    model.add(slot_a + 1 <= slot_b).only_enforce_if(both)
        # Participants: busy literals and breaks.
        people = sorted({p for m in free for p in self.parts[m]})
        excess_terms, break_terms = [], []
        n_days = -(-inst.slots // self.per_day)
        for p in people:
            busy: dict[int, object] = {}
            for t in self.slots_of[p]:
                busy[t] = 1
            for t in range(1, inst.slots + 1):
                lits = terms.get((p, t))
                if lits and t not in busy:
                    if len(lits) == 1:
                        busy[t] = lits[0]
                    else:
                        b = model.new_bool_var("")
                        model.add(sum(lits) == b)
                        busy[t] = b
            p_breaks = []
            for day in range(n_days):
                first = day * self.per_day + 1
                last = min((day + 1) * self.per_day, inst.slots)
                p_breaks.extend(self._day(model, busy, first, last))
            total = sum(p_breaks)
            break_terms.append(total)
            if p in self.counted:
                e = model.new_int_var(0, inst.slots, "")
                model.add(e >= total - self.fairness)
                excess_terms.append(e)
        # Lexicographic: excess, then lost weight, then breaks. Idle slots (the last part
        # of the score) are left out: measured, they made no difference here, and the
        # model is smaller without them.
        w_l = len(people) * inst.slots + 1
        w_e = w_l * (sum(self.weight[m] for m in free) + 1)
        model.minimize(w_e * sum(excess_terms) + w_l * sum(lost) + sum(break_terms))
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.num_workers = 1
        params.random_seed = seed
        params.max_deterministic_time = SUB_WORK
        params.max_time_in_seconds = max(0.05, deadline - time.monotonic())
        params.symmetry_level = 0
        params.cp_model_probing_level = 0
        params.linearization_level = 0
        params.max_presolve_iterations = 1
        params.cp_model_presolve = False
        code = solver.solve(model)
        work = solver.response_proto.deterministic_time
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, work, code
        moved = {m: (v, t) for (m, v, t), var in x.items() if solver.boolean_value(var)}
        return moved, work, code

    def _day(self, model, busy: dict, first: int, last: int) -> list:
        """Break terms of one participant's day.

        ``busy[t]`` is 1 (a fixed meeting), a literal, or absent (surely idle). A break
        ends where the participant is busy after an idle slot and was busy earlier that
        day: exact literals, so that the hard fairness window cannot be met by pretend
        breaks."""
        out: list = []
        before = None  # "busy at some earlier slot today": 1, a literal, or None (never)
        prev = None
        befores = {}
        for t in range(first, last + 1):
            now = busy.get(t)
            befores[t] = before
            if now is not None and before is not None and not _one(prev):
                cause = [c for c in (now, before) if not _one(c)]
                if prev is not None:
                    cause.append(prev.Not())
                out.append(_and(model, cause))
            if now is not None:
                before = now if before is None else _or(model, before, now)
            prev = now
        return out

    # -- the search ----------------------------------------------------------------------
    def improve(
        self,
        seed: int,
        deadline: float,
        work: float | None,
        bound: int = 0,
        on_better=None,
        lost_at_most: int | None = None,
    ) -> Outcome:
        """Repeat neighbourhoods until ``deadline``, ``work`` deterministic seconds, a
        valid schedule with ``bound`` breaks, or (``lost_at_most`` given) a valid one
        leaving out at most that much priority. ``on_better(score)`` hears each strictly
        better score."""
        rng = random.Random(seed)
        current = self.score()
        size = SIZE_START
        spent = 0.0
        iteration = 0
        while time.monotonic() < deadline and (work is None or spent < work):
            settled = current[2] <= bound or (
                lost_at_most is not None and current[1] <= lost_at_most
            )
            if settled and self.valid():
                break
            iteration += 1
            free = self._neighbourhood(rng, int(size), iteration)
            if not free:
                continue
            moved, used, code = self._resolve(free, seed + iteration, deadline)
            # Every neighbourhood costs something, however small: on a tiny instance
            # CP-SAT reports next to no work and the limit would never be reached.
            spent += max(used, MIN_CHARGE)
            whole = len(free) == self.n_m and code == cp_model.OPTIMAL
            if code == cp_model.OPTIMAL:
                size = min(size * 1.05, SIZE_MAX, float(self.n_m))
            else:
                size = max(size * 0.9, SIZE_MIN)
            if moved is None:
                continue
            old = {m: self.place[m] for m in free if m in self.place}
            for m in old:
                self._remove(m)
            for m, (v, t) in moved.items():
                self._add(m, v, t)
            new = self.score()
            if new > current:
                for m in moved:
                    self._remove(m)
                for m, (v, t) in old.items():
                    self._add(m, v, t)
                continue
            if new < current and on_better is not None:
                on_better(new)
            current = new
            if whole:
                break  # every meeting was free: the state is optimal
        return Outcome(dict(self.place), current, spent, iteration, self.valid())

    def valid(self) -> bool:
        """No rule broken: nobody above the fairness bound, and every meeting that must
        take place (required mode: all; priority mode: the fixed ones) placed."""
        placed = all(m in self.place for m in range(self.n_m) if self.must[m])
        return self.total[0] == 0 and placed


def _one(lit: object) -> bool:
    """Whether a busy term is the constant 1 (a fixed meeting)."""
    return isinstance(lit, int) and lit == 1


def _and(model: cp_model.CpModel, lits: list):
    """1 for an empty conjunction, else a literal equal to the conjunction."""
    if not lits:
        return 1
    var = model.new_bool_var("")
    for lit in lits:
        model.add_implication(var, lit)
    model.add_bool_or([var, *(lit.Not() for lit in lits)])
    return var


def _or(model: cp_model.CpModel, a, b):
    """1 when either is 1, else a literal equal to ``a or b``."""
    if _one(a) or _one(b):
        return 1
    var = model.new_bool_var("")
    model.add_implication(a, var)
    model.add_implication(b, var)
    model.add_bool_or([var.Not(), a, b])
    return var
