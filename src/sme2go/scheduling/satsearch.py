"""Break minimisation as a sequence of SAT problems, on CaDiCaL through PySAT.

Why beside CP-SAT: measured on the published instances, CaDiCaL on a plain CNF finds
near-gapless schedules that CP-SAT's portfolio and our neighbourhood search do not reach
in the same time (forum-14, optimum 2: "at most 2 breaks" answered in 7-44 s here, "at
most 1" refuted in under a second, while CP-SAT stalled at 25-30 breaks).
See docs/scheduling.md for the figures.

The search asks the solver, under an assumption on an incremental totalizer over the
break literals, for a schedule with at most ``target`` breaks, with a budget of
conflicts per question. It starts optimistic (``target`` = the best lower bound): a
model lowers the upper bound and the search aims low again; a refutation raises the
lower bound (and proves optimality when it meets the upper bound); a question the budget
cuts short raises ``target`` by a growing step. Learnt clauses carry over between
questions. Measured: this "aim low first" order found forum-14's optimum in 7-43 s,
where stepping down one break at a time from CP-SAT's first schedule (with the solver's
phases set to the best schedule; the two were not measured apart) was at 13 after 60 s.

Scope: the encoding covers the required mode (every meeting scheduled) when some
participant cannot have a break (then fairness is the plain per-participant bound "at
most d breaks"; this holds on every published instance and whenever someone has fewer
than two meetings), with every extension of that mode; :func:`applies` decides, from
measurements, where the solver uses it. The places a meeting may take and the capacity
and travel constraints come from the CP-SAT model builder, so both back ends solve the
same problem; the property tests check that they agree on the optimum.
"""

from __future__ import annotations

import itertools
import multiprocessing
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pysat.card import CardEnc, EncType, ITotalizer
from pysat.formula import IDPool
from pysat.solvers import Solver

from .model import Instance

Key = tuple[int, int, int]  # (meeting, venue, slot), 0-based meeting and venue


# Conflicts per solver call between two looks at the clock: small enough to stop within
# about a second of the deadline, large enough not to restart the search too often.
CONFLICTS_PER_CALL = 20_000
# The quick search's first question at a target (doubled on each retry of it).
QUICK_CONFLICTS = 2_000
# Neighbourhood questions of the quick search (see _Descent.step): the share of the
# meetings set free at first, the conflicts granted, and after how many questions in a
# row without a better schedule both grow (by NEARBY_GROWTH, up to NEARBY_MOST_SHARE and
# CONFLICTS_PER_CALL).
NEARBY_SHARE = 0.2
NEARBY_CONFLICTS = 2_000
NEARBY_PATIENCE = 30
NEARBY_GROWTH = 1.25
NEARBY_MOST_SHARE = 0.9
# The quick search's conflicts spent on neighbourhood questions per conflict spent on
# whole-instance questions, once it has a schedule. Measured: on the six variant rows a
# full bench run left unsettled with 1.0, one 30 s run per row settled 3 of them with
# 2.0 and 4 with 4.0; but the full bench with 4.0 settled 173 of 180 rows (7 rows over
# 20 s), against 174 (2 over 20 s) with 1.0. Within the noise, the simpler even share.
NEARBY_PER_WHOLE = 1.0
# Above this many clauses the encoding costs more time and memory than it can win back
# (b2match-size events): the CP-SAT search alone handles those.
MAX_CLAUSES = 4_000_000
# The objective of "no schedule yet", and the bound that tells a search to stop.
NO_SCHEDULE = sys.maxsize


def applies(
    *,
    instance: Instance,
    n_keys: int,
    capacity: list[tuple[list[Key], int]],
    fairness_applies: bool,
) -> bool:
    """Whether to minimise breaks with the SAT search rather than CP-SAT's
    neighbourhood search.

    It needs fairness as a plain per-participant bound (see the module docstring) and
    a CNF of moderate size (the capacity counters dominate: about two clauses per place
    and unit of capacity). And it is used on brokerage events only (one day, meetings of
    two, no travel), where it was measured to win by far; on a multi-day trip with
    venues, travel, interpreters and delegation visits (``delegation_trip`` with 250
    requests in required mode, 60 s) the neighbourhood search did better: 16 breaks
    against 28."""
    if not fairness_applies:
        return False
    one_day = not instance.slots_per_day or instance.slots_per_day >= instance.slots
    pairs = all(len(m.participants) == 2 for m in instance.meetings)
    travel = any(any(row) for row in instance.travel)
    if not one_day or not pairs or travel:
        return False
    size = 4 * n_keys + sum(2 * len(keys) * most for keys, most in capacity)
    return size <= MAX_CLAUSES


class BreakSat:
    """The CNF of one instance with the total of breaks bounded incrementally.

    ``keys``: every allowed (meeting, venue, slot) place. ``capacity``: groups of places
    with the most of them that may be used. ``travel_conflicts``: pairs of place groups
    of which at most one may be used. ``fairness``: at most this many breaks per
    participant. ``seats``: the implied seat count per slot (:meth:`_implied`).
    ``runs``: the implied "two busy slots far apart make a break" clauses
    (:meth:`_runs`). ``least``: 0-based participant -> a proven lower bound on its
    breaks (the static bound of bounds.py), stated as a cardinality constraint.
    """

    def __init__(
        self,
        *,
        instance: Instance,
        keys: Iterable[Key],
        capacity: list[tuple[list[Key], int]],
        travel_conflicts: list[tuple[list[Key], list[Key]]],
        fairness: int,
        seats: bool = True,
        runs: bool = True,
        least: Mapping[int, int] | None = None,
    ) -> None:
        self.instance = instance
        self.runs = runs
        self.least = least or {}
        self.pool = IDPool()
        self.clauses: list[list[int]] = []
        self.x: dict[Key, int] = {key: self.pool.id(key) for key in keys}
        self.meetings_of = instance.meetings_of()
        self.gaps: list[int] = []
        self.gap_owner: list[int] = []  # the 0-based participant of each gap literal
        self.most_breaks = 0  # what fairness allows in total
        self._meetings()
        self._capacity(capacity)
        self._travel(travel_conflicts)
        self._precedences()
        self._timelines(fairness, seats)

    @classmethod
    def of_model(cls, built: Any, *, seats: bool = True, runs: bool = True) -> BreakSat:
        """The CNF of a CP-SAT model builder (``cpsat._Model``): its instance, places,
        capacity groups, travel conflicts and fairness bound."""
        return cls(
            instance=built.instance,
            keys=list(built.x),
            capacity=built.capacity,
            travel_conflicts=built.travel_conflicts,
            fairness=built.fairness,
            seats=seats,
            runs=runs,
            least=built.static.per_participant,
        )

    # -- encoding ------------------------------------------------------------------------
    def _card(self, lits: list[int], bound: int, exact: bool = False) -> None:
        if not exact and len(lits) <= bound:
            return
        if exact and len(lits) < bound:
            never = self.pool.id(("never", len(self.clauses)))
            self.clauses += [[never], [-never]]
            return
        if bound == 0:
            self.clauses.extend([-lit] for lit in lits)
            return
        enc = EncType.ladder if bound == 1 else EncType.seqcounter
        make = CardEnc.equals if exact else CardEnc.atmost
        self.clauses.extend(make(lits, bound, vpool=self.pool, encoding=enc).clauses)

    def _meetings(self) -> None:
        per_meeting: dict[int, list[int]] = defaultdict(list)
        for (m, _v, _t), var in self.x.items():
            per_meeting[m].append(var)
        for m in range(len(self.instance.meetings)):
            self._card(per_meeting.get(m, []), 1, exact=True)

    def _capacity(self, capacity: list[tuple[list[Key], int]]) -> None:
        for keys, most in capacity:
            self._card([self.x[k] for k in keys], most)

    def _present(self, keys: list[Key]) -> int:
        """A literal implied by every place in ``keys`` (one place: that place)."""
        if len(keys) == 1:
            return self.x[keys[0]]
        lit = self.pool.id(("present", tuple(keys)))
        self.clauses.extend([-self.x[k], lit] for k in keys)
        return lit

    def _travel(self, conflicts: list[tuple[list[Key], list[Key]]]) -> None:
        for first, second in conflicts:
            self.clauses.append([-self._present(first), -self._present(second)])

    def _precedences(self) -> None:
        inst = self.instance
        by_meeting: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for (m, _v, t), var in self.x.items():
            by_meeting[m][t].append(var)
        # by_meeting[a][t] -> "a takes place in slot t or earlier", built on demand.
        upto: dict[int, dict[int, int]] = {}

        def placed_by(a: int, t: int) -> int | None:
            if a not in upto:
                chain: dict[int, int] = {}
                prev = None
                for s in range(1, inst.slots + 1):
                    here = by_meeting[a].get(s, [])
                    if not here and prev is None:
                        continue
                    lit = self.pool.id(("upto", a, s))
                    # Only the direction the precedence clauses need: places imply it.
                    self.clauses.extend([-v, lit] for v in here)
                    if prev is not None:
                        self.clauses.append([-prev, lit])
                    self.clauses.append([-lit, *here, *([prev] if prev else [])])
                    chain[s] = lit
                    prev = lit
                upto[a] = chain
            chain = upto[a]
            earlier = [s for s in chain if s <= t]
            return chain[max(earlier)] if earlier else None

        for b, meeting in enumerate(inst.meetings):
            for a1 in meeting.after:
                for t, lits in by_meeting[b].items():
                    before = placed_by(a1 - 1, t - 1)
                    for var in lits:
                        self.clauses.append([-var] if before is None else [-var, before])

    def _timelines(self, fairness: int, seats: bool) -> None:
        """Busy literals per participant and slot (at most one meeting), the implied
        count of busy slots, and exact "a break ends here" literals."""
        inst = self.instance
        per_day = inst.slots_per_day or inst.slots
        places: dict[tuple[int, int], list[int]] = defaultdict(list)
        for (m, _v, t), var in self.x.items():
            for p in inst.meetings[m].participants:
                places[p - 1, t].append(var)
        all_busy: dict[tuple[int, int], int] = {}
        for p, mine in enumerate(self.meetings_of):
            busy: dict[int, int] = {}
            for t in range(1, inst.slots + 1):
                lits = places.get((p, t))
                if not lits:
                    continue
                self._card(lits, 1)
                if len(lits) == 1:
                    busy[t] = lits[0]
                else:
                    b = self.pool.id(("busy", p, t))
                    self.clauses.append([-b, *lits])
                    self.clauses.extend([-v, b] for v in lits)
                    busy[t] = b
            all_busy.update(((p, t), b) for t, b in busy.items())
            if len(mine) <= 1:
                continue
            self._card(list(busy.values()), len(mine), exact=True)
            own = []
            for day_start in range(1, inst.slots + 1, per_day):
                before = None  # "p met earlier today"
                gap_at: dict[int, int] = {}
                day = range(day_start, min(day_start + per_day, inst.slots + 1))
                for t in day:
                    now = busy.get(t)
                    if now is None:
                        continue
                    if before is not None:
                        gap = self.pool.id(("gap", p, t))
                        cause = [now, before]
                        if t - 1 in busy and t - 1 >= day_start:
                            cause.append(-busy[t - 1])
                        self.clauses.extend([-gap, c] for c in cause)
                        self.clauses.append([gap, *(-c for c in cause)])
                        own.append(gap)
                        gap_at[t] = gap
                        later = self.pool.id(("met", p, t))
                        self.clauses += [[-before, later], [-now, later], [-later, before, now]]
                        before = later
                    else:
                        before = now
                if self.runs:
                    self._runs(busy, gap_at, day, len(mine))
            self._card(own, fairness)
            least = self.least.get(p, 0)
            if least > len(own):
                self.clauses.append([])
            elif least > 0:
                # The participant's own bound (bounds.py): its usable slots alone force
                # that many breaks; stated here, the solver need not rediscover it.
                enc = CardEnc.atleast(own, least, vpool=self.pool, encoding=EncType.seqcounter)
                self.clauses.extend(enc.clauses)
            self.gaps.extend(own)
            self.gap_owner.extend([p] * len(own))
            self.most_breaks += min(fairness, len(own))
        self._implied(all_busy, seats)

    def _runs(self, busy: dict[int, int], gap_at: dict[int, int], day: range, k: int) -> None:
        """Busy in slots t < u of one day without a break between means busy in every
        slot from t to u: impossible when a slot between is unusable (no place left for
        the participant) or when t..u is longer than its k meetings. Then some break
        ends in t+1..u. Implied by the gap literals and the count of busy slots, but
        only after the solver has set every slot between; stated directly, two busy
        slots far apart make a break at once (forbidden slots shorten the runs)."""
        slots = [t for t in day if t in busy]
        for i, t in enumerate(slots):
            for u in slots[i + 1 :]:
                if u - t + 1 <= k and all(s in busy for s in range(t + 1, u)):
                    continue
                ends = [gap_at[s] for s in range(t + 1, u + 1) if s in gap_at]
                self.clauses.append([-busy[t], -busy[u], *ends])

    def _implied(self, busy: dict[tuple[int, int], int], seats: bool) -> None:
        """Per slot, when every meeting has two participants: an even number of
        participants is busy (an XOR chain) and, with ``seats``, at most two per table.
        Both follow from the meeting literals, but stated on the busy literals they let
        the solver refute "too few breaks" early. Measured (two runs side by side, 40-50
        s each): with both, the optimum is proven on forumt-14crafe in 3 s, tic-13crafc
        in 7 s, forum-13crafb in 40 s, none of them within 60 s without; but the seat
        count stalls forum-13crafc and ticf-13crafc (2 and 14 breaks after 40 s, where
        parity alone proves the optimum 1 in 5 s). Hence two searches, one with each.
        Stating "a busy participant has a busy partner" made the search slower."""
        inst = self.instance
        if not all(len(m.participants) == 2 for m in inst.meetings):
            return
        most = 2 * sum(v.tables for v in inst.venue_list())
        per_slot: dict[int, list[int]] = defaultdict(list)
        for (_p, t), lit in sorted(busy.items()):
            per_slot[t].append(lit)
        for t, lits in per_slot.items():
            if seats:
                self._card(lits, most)
            # "An odd number of lits so far are true". A literal may appear twice (two
            # participants whose only place in t is the same meeting): the chain's
            # variables are per position, not per literal.
            odd = lits[0]
            for k, lit in enumerate(lits[1:]):
                y = self.pool.id(("odd", t, k))
                self.clauses += [[-y, odd, lit], [-y, -odd, -lit], [y, -odd, lit], [y, odd, -lit]]
                odd = y
            self.clauses.append([-odd])

    def breakers_of(self, placed: Iterable[Key]) -> list[int]:
        """The 0-based participant of each break of a schedule, as :attr:`gap_owner`
        lists them for the gap literals: one entry per break."""
        inst = self.instance
        busy: dict[tuple[int, int], list[int]] = defaultdict(list)
        for m, _v, t in placed:
            for p in inst.meetings[m].participants:
                busy[p - 1, inst.day_of(t)].append(t)
        out = []
        for (p, _day), slots in busy.items():
            slots.sort()
            out.extend(p for a, b in itertools.pairwise(slots) if b > a + 1)
        return out

    # -- search --------------------------------------------------------------------------
    def descend(
        self,
        *,
        placed: list[Key] | None,
        objective: int | None,
        bound: int,
        deadline: float,
        on_better: Callable[[list[Key], int], None],
        on_bound: Callable[[int], None] = lambda _bound: None,
        bound_now: Callable[[], int] = lambda: 0,
        best_now: Callable[[], int] = lambda: NO_SCHEDULE,
        conflicts: int | None = None,
        quick_first: bool = False,
        placed_now: Callable[[], tuple[list[Key], int] | None] = lambda: None,
    ) -> tuple[list[Key] | None, int | None, bool]:
        """Improve ``placed`` (with ``objective`` breaks; both None when there is no
        schedule yet) until the deadline, until ``conflicts`` (when given: a
        deterministic limit) are spent, or until the gap is closed. One solver call
        cannot be interrupted: it may end a few seconds after the deadline.

        ``on_better`` gets every better schedule this search finds, ``on_bound`` every
        lower bound it proves. ``bound``/``bound_now()`` and ``best_now()`` are the
        lower bound and best objective known elsewhere (another search running beside
        this one): the search ends once they meet, and aims below ``best_now()``.
        ``placed_now()`` gives the best schedule found elsewhere and its breaks, when
        there is a new one: the search takes it up if it is better than its own (see
        :meth:`_Descent.adopt`).

        ``quick_first``: without a schedule, ask first for any fair one (see
        :class:`_Descent`) instead of aiming at the lower bound straight away.

        Returns this search's best schedule (None if it found none), its breaks, and
        whether a refutation settled the question: the schedule is optimal or, without
        a schedule, the instance is infeasible."""
        with _Descent(self, placed, objective, bound, on_better, on_bound, quick_first) as run:
            spent = 0
            while not run.done and time.monotonic() < deadline:
                if conflicts is not None and spent >= conflicts:
                    break
                budget = CONFLICTS_PER_CALL
                if conflicts is not None:
                    budget = min(budget, conflicts - spent)
                known = placed_now()
                if known is not None:
                    run.adopt(*known)
                spent += run.step(low=bound_now(), best=best_now(), budget=budget)
            return run.placed, run.objective, run.settled


def descend_together(
    sats: list[BreakSat],
    *,
    placed: list[Key] | None,
    objective: int | None,
    bound: int,
    deadline: float,
    conflicts: int,
    on_better: Callable[[list[Key], int], None],
    on_bound: Callable[[int], None],
) -> tuple[list[Key] | None, int | None, bool]:
    """:meth:`BreakSat.descend` on several encodings of one instance in this thread,
    one solver call each in turn, sharing schedules and bounds; deterministic when
    ``conflicts`` (the total) runs out before the deadline. Returns the best schedule,
    its breaks and whether it is settled (optimal, or no schedule exists)."""
    best = {"placed": placed, "objective": objective, "bound": bound}

    def better(found: list[Key], value: int) -> None:
        if best["objective"] is None or value < best["objective"]:
            best["placed"], best["objective"] = found, value
            on_better(found, value)

    def proved(value: int) -> None:
        if value > best["bound"]:
            best["bound"] = value
            on_bound(value)

    # The last search asks for any schedule first (see _Descent), the others aim low.
    runs = [
        _Descent(sat, placed, objective, bound, better, proved, k == len(sats) - 1)
        for k, sat in enumerate(sats)
    ]
    try:
        spent = 0
        while time.monotonic() < deadline and spent < conflicts:
            if any(run.settled for run in runs) or all(run.done for run in runs):
                break
            for run in runs:
                if run.done or spent >= conflicts:
                    continue
                budget = min(CONFLICTS_PER_CALL, conflicts - spent)
                known = NO_SCHEDULE if best["objective"] is None else best["objective"]
                if best["placed"] is not None:
                    run.adopt(best["placed"], known)
                spent += run.step(low=best["bound"], best=known, budget=budget)
        infeasible = any(run.settled and run.placed is None for run in runs)
        settled = infeasible or (
            best["objective"] is not None and best["objective"] <= best["bound"]
        )
        return best["placed"], best["objective"], settled
    finally:
        for run in runs:
            run.close()


class _Descent:
    """The state of one descent: its solver, totalizer, bounds and target. See
    :meth:`BreakSat.descend` for the strategy; :meth:`step` makes one solver call."""

    def __init__(
        self,
        sat: BreakSat,
        placed: list[Key] | None,
        objective: int | None,
        bound: int,
        on_better: Callable[[list[Key], int], None],
        on_bound: Callable[[int], None],
        quick_first: bool = False,
    ) -> None:
        self.sat, self.on_better, self.on_bound = sat, on_better, on_bound
        self.placed, self.objective, self.low = placed, objective, bound
        self.settled = objective is not None and objective <= 0
        self.done = objective is not None and objective <= max(bound, 0)
        # Without a schedule, any total fairness allows; one more means "no bound".
        self.ceiling = sat.most_breaks + 1 if objective is None else objective
        # ``quick_first`` without a schedule: the first question is "any fair schedule".
        # Measured on forum-13crafb, forum-14 and ticf-13crafb: 1,100-5,900 conflicts,
        # where asking for "at most the lower bound" first took 10,000-88,000 before the
        # first schedule (a busy machine then ended solves with nothing), though that
        # first schedule was better (forum-14: the optimum, 2, after 9,800 conflicts;
        # from the quick one, 6 calls of 20,000). Hence one search of each kind. The
        # solver is started afresh after the quick schedule (see :meth:`_restart`).
        # With a schedule (CP-SAT's first, often 80-110 breaks on the forum and ticf
        # instances), the quick question is "any better one": measured on the variant
        # rows under load 4-7, a search that aimed at the bound straight away from
        # there reported nothing within 30 s (one or two calls of 20,000 conflicts).
        self.first = self.quick = quick_first
        self.tries: dict[int, int] = {}  # the quick search's questions per target
        # The quick search's neighbourhood questions (see step): their state, a fixed
        # seed (deterministic mode counts conflicts), and the conflicts spent on them
        # and on whole-instance questions, shared as NEARBY_PER_WHOLE says.
        self.rng = random.Random(0)
        self.share, self.nearby_conflicts, self.misses = NEARBY_SHARE, NEARBY_CONFLICTS, 0
        self.spent_nearby = self.spent_whole = 0
        self.breakers: list[int] = []  # participants with a break in the schedule
        self.target = sat.most_breaks if self.first else bound
        self.step_size = 1
        self.solver: Solver | None = None
        self.total: ITotalizer | None = None
        self._restart()

    def _restart(self) -> None:
        """A new solver with the totalizer up to the best objective. After the quick
        first schedule, its saved phases would pull the search towards that schedule
        (measured before: steering the phases to the best schedule did clearly worse
        on forum-14), so the descent proper starts as if it had none."""
        if self.solver is not None:
            self.solver.delete()
            self.total.delete()
        self.tries.clear()
        self.solver = Solver(name="cadical195", bootstrap_with=self.sat.clauses)
        self.total = ITotalizer(lits=self.sat.gaps, ubound=self.ceiling, top_id=self.sat.pool.top)
        self.solver.append_formula(self.total.cnf.clauses)

    def __enter__(self) -> _Descent:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.solver.delete()

    def step(self, *, low: int, best: int, budget: int) -> int:
        """Ask for at most ``target`` breaks within ``budget`` conflicts, ``low`` and
        ``best`` being the bound and best objective known elsewhere. Returns the
        conflicts the call used (the quick search grants fewer, see below)."""
        self.low = max(self.low, low)
        best = min(self.ceiling, best)
        if best <= self.low:
            self.done = True
            self.settled = self.placed is not None and self.objective <= self.low
            return 0
        self.target = min(max(self.target, self.low), best - 1)
        searched = self.quick and self.placed is not None and not self.first
        if searched and self.spent_nearby <= NEARBY_PER_WHOLE * self.spent_whole:
            used = self._nearby(best, budget)
            self.spent_nearby += used
            return used
        used = self._whole(budget)
        self.spent_whole += used
        return used

    def _whole(self, budget: int) -> int:
        """One question on the whole instance: at most ``target`` breaks."""
        if self.quick:
            # Small questions, doubling on each retry of the same target: the target
            # climbs to a reachable one within a few thousand conflicts. Measured on
            # ticf-13crafb with forbidden slots (10 %): 11 breaks after 28,000 conflicts
            # with calls of 2,000, where calls of 20,000 had the first schedule only (40
            # s against more than 5 minutes at load 7). At the bound too: a first call of
            # 20,000 there held back the neighbourhood questions for about 5 s after each
            # better schedule (forum-13crafb with d = 1); the doubling reaches the full
            # budget after four retries, and this search alone still proves forum-13crafc.
            tries = self.tries.get(self.target, 0)
            self.tries[self.target] = tries + 1
            budget = min(budget, QUICK_CONFLICTS << min(tries, 10))
        rhs = self.total.rhs
        limit = [-rhs[self.target]] if self.target < len(rhs) else []
        answer, used = self._ask(limit, budget)
        if answer is None:
            # Too ambitious for now: aim higher, ever faster.
            self.target, self.step_size = self.target + self.step_size, self.step_size * 2
            return used
        if answer is False:
            if not limit or self.target >= self.sat.most_breaks:
                # Fairness allows no more than that: no schedule exists.
                self.placed, self.objective = None, None
                self.done = self.settled = True
                return used
            self.low = self.target = self.target + 1
            self.step_size = 1
            self.on_bound(self.low)
            if self.objective is not None and self.objective <= self.low:
                self.done = self.settled = True
            return used
        self._accept()
        return used

    def _ask(self, assumptions: list[int], budget: int) -> tuple[bool | None, int]:
        """One solver call within ``budget`` conflicts: its answer (None when cut short)
        and the conflicts it used (CaDiCaL counts deterministically), at least 1."""
        self.solver.conf_budget(budget)
        before = self.solver.accum_stats().get("conflicts", 0)
        answer = self.solver.solve_limited(assumptions=assumptions)
        return answer, max(1, self.solver.accum_stats().get("conflicts", 0) - before)

    def _nearby(self, best: int, budget: int) -> int:
        """One neighbourhood question: a better schedule than the best known, with every
        meeting outside a neighbourhood of this search's schedule kept in its place (as
        assumptions, so what the solver learns stays valid for the whole instance).

        Why: on the precedence and d = 1, 3 variants of forum-13crafb and ticf-13crafb
        the whole-instance questions find good schedules slowly (ticf-13crafb with 15 %
        precedences: 6 breaks after 191 s, the optimum 5 after 195 s), where these
        questions alone, in one process, reached 6 in 23 s; forum-13crafb with 15 %
        precedences and d = 3 and ticf-13crafb with d = 1 and d = 3 reached their optima
        in 24-29 s (docs/scheduling.md). A neighbourhood is either the meetings of
        participants reached from one with a break through shared meetings, or every
        meeting in a window of slots; both grow after :data:`NEARBY_PATIENCE` misses in a
        row, so that the search ends up asking nearly the whole question with a small
        budget. A neighbourhood that gave a better schedule is asked again for one better
        still, until it gives none (the solver is warm there). Measured together with the
        doubling at the bound of :meth:`_whole`, on six variant rows near their optimum,
        three 30 s runs each: 15 breaks above the optima per run on average (13-17),
        against 19 (15-24) with one question per neighbourhood and a full first call at
        the bound."""
        free = self._neighbourhood()
        used, found = 0, False
        while used < budget and not self.done:
            goal = min(self.objective, best) - 1
            fixed = [self.sat.x[k] for k in self.placed if k[0] not in free]
            rhs = self.total.rhs
            fixed += [-rhs[goal]] if goal < len(rhs) else []
            answer, spent = self._ask(fixed, min(budget - used, self.nearby_conflicts))
            used += spent
            if not answer:
                break
            found = True
            self._accept()
        if found:
            self.misses = 0
            return used
        # No better schedule there (refuted under the assumptions, or out of budget):
        # says nothing about the whole instance.
        self.misses += 1
        if self.misses >= NEARBY_PATIENCE:
            self.misses = 0
            self.share = min(NEARBY_MOST_SHARE, self.share * NEARBY_GROWTH)
            grown = int(self.nearby_conflicts * NEARBY_GROWTH)
            self.nearby_conflicts = min(CONFLICTS_PER_CALL, grown)
        return used

    def _neighbourhood(self) -> set[int]:
        """0-based meetings to set free around this search's schedule."""
        inst, rng = self.sat.instance, self.rng
        if rng.random() < 0.5:
            width = max(2, round(self.share * inst.slots))
            first = rng.randint(1, max(1, inst.slots - width + 1))
            return {m for m, _v, t in self.placed if first <= t < first + width}
        of = self.sat.meetings_of
        start = rng.choice(self.breakers) if self.breakers else rng.randrange(len(of))
        free: set[int] = set()
        seen, frontier = {start}, [start]
        while frontier and len(free) < self.share * len(inst.meetings):
            p = frontier.pop(rng.randrange(len(frontier)))
            for m in of[p]:
                free.add(m)
                for q in inst.meetings[m].participants:
                    if q - 1 not in seen:
                        seen.add(q - 1)
                        frontier.append(q - 1)
        return free

    def adopt(self, placed: list[Key], objective: int) -> None:
        """Take up a schedule found elsewhere when it is better than this search's own,
        so that the neighbourhood questions are asked around the best schedule known.
        Why: the search that aims low found better schedules than the quick one in 2
        of 6 traced 30 s runs of the variant rows (12 against 13, 9 against 10 breaks),
        from which the quick search went on around its own worse one. Measured on six
        variant rows near their optimum, three 30 s runs each: 12 breaks above the
        optima per run on average (7-18) against 15 (13-17) without, and 11 of 21 rows
        settled against 4 (docs/scheduling.md). Not before the quick search's first
        schedule (its solver is restarted then)."""
        if self.first or self.done or (self.objective is not None and objective >= self.objective):
            return
        self.placed, self.objective = placed, objective
        self.ceiling = min(self.ceiling, objective)
        self.breakers = self.sat.breakers_of(placed)
        self.target, self.step_size = self.low, 1

    def _accept(self) -> None:
        """Take the solver's model as this search's schedule."""
        true = {lit for lit in self.solver.get_model() if lit > 0}
        self.placed = [k for k, v in self.sat.x.items() if v in true]
        owners = zip(self.sat.gaps, self.sat.gap_owner, strict=True)
        self.breakers = [p for g, p in owners if g in true]
        self.objective = self.ceiling = len(self.breakers)
        self.on_better(self.placed, self.objective)
        self.target, self.step_size = self.low, 1
        if self.objective <= self.low:
            self.done = self.settled = True
        elif self.first:
            self.first = False
            self._restart()


class ChildSearch:
    """:meth:`BreakSat.descend` in a forked process. PySAT keeps the GIL while CaDiCaL
    solves (for seconds at a time), so a search in a thread would neither use a second
    core nor let the caller's threads (progress bar, other searches) run. The child's
    schedules and bounds arrive through :meth:`poll`; what the caller knows goes to it
    through :meth:`tell`. ``meetings``: how many the instance has (every schedule
    places each once)."""

    def __init__(
        self,
        *,
        build: Callable[[], BreakSat],
        placed: list[Key] | None,
        objective: int | None,
        bound: int,
        deadline: float,
        meetings: int,
        quick_first: bool = False,
    ) -> None:
        ctx = multiprocessing.get_context("fork")
        self._bound = ctx.Value("q", bound, lock=False)
        self._best = ctx.Value("q", NO_SCHEDULE if objective is None else objective, lock=False)
        self._stopped = ctx.Value("b", 0, lock=False)
        self._queue = ctx.SimpleQueue()
        # The caller's best schedule, (meeting, venue, slot) per meeting, with its breaks
        # (NO_SCHEDULE until one is sent). Shared memory rather than a pipe: a pipe that
        # both sides write to can fill up both ways while each waits for the other.
        self._shared = ctx.Array("q", 3 * meetings + 1)
        self._shared[0] = NO_SCHEDULE
        self._taken = NO_SCHEDULE
        args = (build, placed, objective, bound, deadline, quick_first)
        self._process = ctx.Process(target=self._main, args=args, daemon=True)
        self._process.start()

    def _main(self, build, placed, objective, bound, deadline, quick_first) -> None:  # child
        sat = build()
        put = self._queue.put

        def placed_now() -> tuple[list[Key], int] | None:
            with self._shared.get_lock():
                if self._shared[0] >= self._taken:
                    return None
                self._taken, flat = self._shared[0], self._shared[1:]
            return list(zip(flat[0::3], flat[1::3], flat[2::3], strict=True)), self._taken

        placed, objective, settled = sat.descend(
            placed=placed,
            objective=objective,
            bound=bound,
            deadline=deadline,
            on_better=lambda placed, value: put(("better", placed, value)),
            on_bound=lambda value: put(("bound", value)),
            # Stopping looks like a bound no schedule can meet, which must not be
            # mistaken for a proof below.
            bound_now=lambda: NO_SCHEDULE if self._stopped.value else self._bound.value,
            best_now=lambda: self._best.value,
            quick_first=quick_first,
            placed_now=placed_now,
        )
        if settled and not self._stopped.value:
            put(("infeasible",) if placed is None else ("bound", objective))

    def tell(self, *, bound: int, best: int, placed: list[Key] | None = None) -> None:
        """The bound and best objective known to the caller, and the schedule with that
        objective (sent on only when it is better than the last one sent)."""
        self._bound.value = max(self._bound.value, bound)
        self._best.value = min(self._best.value, best)
        if (
            placed is not None
            and best < self._shared[0]
            and 3 * len(placed) + 1 == len(self._shared)
        ):
            with self._shared.get_lock():
                self._shared[1:] = [value for key in placed for value in key]
                self._shared[0] = best

    def poll(self) -> list[tuple]:
        """Messages from the child so far: ("better", placed, objective),
        ("bound", lower bound) and ("infeasible",)."""
        out = []
        while not self._queue.empty():
            out.append(self._queue.get())
        return out

    def finished(self) -> bool:
        return not self._process.is_alive()

    def stop(self, wait: float) -> list[tuple]:
        """End the child and return its last messages. It notices the request after
        its current solver call; after ``wait`` seconds it is killed."""
        self._stopped.value = 1
        self._process.join(timeout=wait)
        if self._process.is_alive():
            # Killed mid-write, the queue may hold half a message: do not read it.
            self._process.kill()
            self._process.join()
            return []
        return self.poll()
