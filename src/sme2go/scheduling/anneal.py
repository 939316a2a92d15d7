"""Simulated annealing on Kempe-chain moves, after the neighbourhood search at event size.

Why: on the b2match-size event (430 participants, 1,700 meetings, 20 slots) the
neighbourhood search of :mod:`.lns` stalls at 262-270 breaks in 120 s: each of its steps
builds a CP-SAT model in Python (726 in its first 10 s, measured). A Kempe-chain move is evaluated in
tens of microseconds, so annealing tries some 15,000 a second and walks through worse
states that the neighbourhood search never takes. Measured on that event (quiet
machine): from the neighbourhood search's schedule after 8 s (326 breaks), one chain
reached 165 breaks in 60 s and 139 in 112 s; through :func:`.cpsat.solve` (120 s, two
chains) 147-160 over three seeds, where the neighbourhood search alone ended at 262-270.

**The move.** A meeting m in slot a and another slot b. Its Kempe chain on (a, b): m,
and, for every meeting in the chain, the meeting each of its participants has in the
other of the two slots, until nothing is added. Swapping a and b over the whole chain
keeps every participant at one meeting per slot; a participant in the chain with
meetings in both slots keeps its busy slots, so only those at the ends of the chain
change (the textbook move of timetabling by graph colouring). A chain is refused when
one of its meetings may not take the other slot at its venue (forbidden slots, sessions,
fixed meetings: the places of the CP-SAT model's pre-filter), when a capacity group
(tables, interpreters), a travel or a precedence rule would break, or when it is longer
than :data:`MAX_CHAIN`. (Paying for places over capacity in the cost instead, two
breaks a place, was measured no better: 159 against 158 breaks after 1.5 million moves
from the same state.)

**Acceptance.** Metropolis on a cost of breaks plus breaks above the fairness bound
(weighted :data:`EXCESS_WEIGHT`), the temperature falling geometrically from
:data:`T_START` to :data:`T_END` over the budget. Only states within the fairness bound
count as the best.

Deterministic given the seed when the budget is a number of moves (deterministic mode).
"""

from __future__ import annotations

import math
import multiprocessing
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from .lns import Key, Search

# Temperature (breaks) at the start and the end. Measured on the b2match-size event,
# 1.5 million moves (about 100 s) from the same state of 351 breaks, solver seeds 0 and
# 1: starting at 0.15 ended at 142 and 151 breaks, 0.3 at 153 and 141, 0.6 at 158 and
# 155; 1.0 -> 0.05 at 170.
T_START, T_END = 0.3, 0.02
# A break above the fairness bound costs this many breaks: far more than any move
# gains, so the search leaves such states at once, yet may cross them.
EXCESS_WEIGHT = 20
# Longer chains are refused: they are rarely accepted and cost more to try.
MAX_CHAIN = 60
# Moves per second, measured on the b2match-size event (15,000-16,000 a second, quiet
# machine): turns a time budget into moves in deterministic mode.
MOVES_PER_SECOND = 15_000
# Moves between two looks at the clock.
CHECK_EVERY = 1_000


@dataclass
class Annealed:
    """The best state within the fairness bound: ``place`` maps 0-based meetings to
    (venue, slot); ``breaks``; ``moves`` tried."""

    place: dict[int, tuple[int, int]]
    breaks: int
    moves: int


class Annealer:
    """Annealing over a :class:`.lns.Search` state (which must place every meeting
    that must take place); the search's bookkeeping of groups, travel and breaks is
    reused, so both searches keep the same rules."""

    def __init__(self, search: Search) -> None:
        self.s = search
        self.places = [set(keys) for keys in search.keys]
        # (participant, slot) -> the participant's meeting there.
        self.at: list[dict[int, int]] = [{} for _ in search.slots_of]
        for m, (_v, t) in search.place.items():
            for p in search.parts[m]:
                self.at[p][t] = m
        self.movable = [m for m in sorted(search.place) if len(self.places[m]) > 1]
        self.slots = list(range(1, search.instance.slots + 1))

    def cost(self) -> int:
        excess, _lost, breaks, _idle = self.s.score()
        return EXCESS_WEIGHT * excess + breaks

    def chain(self, m: int, a: int, b: int) -> list[int] | None:
        """The Kempe chain of m (in slot a) on slots a and b, or None when it cannot
        swap (a meeting without a place in the other slot, or too long)."""
        s, at = self.s, self.at
        chain, seen = [m], {m}
        i = 0
        while i < len(chain):
            x = chain[i]
            i += 1
            v, t = s.place[x]
            other = b if t == a else a
            if (v, other) not in self.places[x]:
                return None
            for p in s.parts[x]:
                y = at[p].get(other)
                if y is not None and y not in seen:
                    if len(chain) >= MAX_CHAIN:
                        return None
                    seen.add(y)
                    chain.append(y)
        return chain

    def swap(self, chain: list[int], a: int, b: int) -> list[Key]:
        """Swap slots a and b over ``chain``; returns the new places."""
        s, at = self.s, self.at
        moved = []
        for x in chain:
            v, t = s.place[x]
            for p in s.parts[x]:
                del at[p][t]
            s._remove(x)
            moved.append((x, v, b if t == a else a))
        for x, v, t in moved:
            s._add(x, v, t)
            for p in s.parts[x]:
                at[p][t] = x
        return moved

    def fits(self, moved: list[Key]) -> bool:
        """Whether the state after a swap keeps capacity, travel and precedences."""
        s = self.s
        for key in moved:
            x, _v, t = key
            for g in s.groups_of.get(key, ()):
                if s.usage[g] > s.groups[g][1]:
                    return False
            for c, side in s.conflicts_of.get(key, ()):
                if s.side_used[c][1 - side]:
                    return False
            if any(s.place[a][1] >= t for a in s.after[x] if a in s.place):
                return False
            if any(s.place[b][1] <= t for b in s.before[x] if b in s.place):
                return False
        return True

    def run(
        self,
        *,
        seed: int,
        deadline: float,
        moves: int | None = None,
        bound: int = 0,
        on_better: Callable[[int], None] | None = None,
    ) -> Annealed:
        """Anneal until ``deadline`` or, when given, ``moves`` moves (then the result
        depends on the seed alone, unless the deadline comes first), or until a state
        within the fairness bound has ``bound`` breaks. ``on_better(breaks)`` hears each
        better state within the fairness bound."""
        rng = random.Random(seed)
        s = self.s
        cur = self.cost()
        best_place = dict(s.place)
        best = s.score()[2] if s.valid() else None
        start = time.monotonic()
        span = max(deadline - start, 1e-9)
        ratio = T_END / T_START
        temp = T_START
        tried = 0
        if not self.movable or (best is not None and best <= bound):
            return Annealed(best_place, s.score()[2], 0)
        while True:
            if tried % CHECK_EVERY == 0:
                now = time.monotonic()
                if now >= deadline or (moves is not None and tried >= moves):
                    break
                done = tried / moves if moves is not None else (now - start) / span
                temp = T_START * ratio ** min(done, 1.0)
            tried += 1
            m = self.movable[rng.randrange(len(self.movable))]
            a = s.place[m][1]
            b = self.slots[rng.randrange(len(self.slots))]
            if b == a:
                continue
            chain = self.chain(m, a, b)
            if chain is None:
                continue
            moved = self.swap(chain, a, b)
            new = self.cost()
            delta = new - cur
            if self.fits(moved) and (delta <= 0 or rng.random() < math.exp(-delta / temp)):
                cur = new
                breaks = s.score()[2]
                if s.total[0] == 0 and (best is None or breaks < best):
                    best, best_place = breaks, dict(s.place)
                    if on_better is not None:
                        on_better(breaks)
                    if breaks <= bound:
                        break
            else:
                self.swap(chain, a, b)
        return Annealed(best_place, best if best is not None else s.score()[2], tried)


def anneal(
    search: Search,
    *,
    seed: int,
    deadline: float,
    moves: int | None,
    bound: int,
    workers: int,
    on_better: Callable[[int], None] | None = None,
) -> Annealed:
    """Anneal ``search``'s state (valid: every meeting that must take place placed,
    fairness kept; :meth:`.lns.Search.valid`) with ``workers`` chains of seeds ``seed``,
    ``seed + 1``, ...: the first in this process, the others in forked children (pure
    Python: threads would share one core). Returns
    the best chain's result (the lowest breaks, then the lowest seed), so the answer is
    deterministic when ``moves`` ends every chain before the deadline. ``search`` is
    left at its starting state."""
    start = dict(search.place)
    ctx = multiprocessing.get_context("fork")
    children = []
    for k in range(1, max(1, workers)):
        receive, send = ctx.Pipe(duplex=False)
        process = ctx.Process(
            target=_child, args=(search, seed + k, deadline, moves, bound, send), daemon=True
        )
        process.start()
        send.close()
        children.append((process, receive))
    main = Annealer(search).run(
        seed=seed, deadline=deadline, moves=moves, bound=bound, on_better=on_better
    )
    results = [(main, 0)]
    for k, (process, receive) in enumerate(children, start=1):
        # A child ends at the same deadline; one that has not answered soon after is
        # dropped, not waited for. Its answer is read before joining: a large one fills
        # the pipe, and the child would wait for the reader.
        wait = max(5.0, deadline - time.monotonic() + 5.0)
        try:
            if receive.poll(wait):
                results.append((receive.recv(), k))
        except EOFError:
            pass  # the child died without an answer
        process.join(timeout=1.0)
        if process.is_alive():
            process.kill()
            process.join()
        receive.close()
    best, _k = min(results, key=lambda r: (r[0].breaks, r[1]))
    search.start_from([(m, v, t) for m, (v, t) in start.items()])
    return best


def _child(search, seed, deadline, moves, bound, send) -> None:  # in a forked child
    send.send(Annealer(search).run(seed=seed, deadline=deadline, moves=moves, bound=bound))
    send.close()
