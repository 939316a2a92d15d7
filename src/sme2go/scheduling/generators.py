"""Seeded synthetic instances and variants of published ones, for the benchmark and tests.

Every generator takes a ``seed`` and returns the same instance for the same seed.
"""

from __future__ import annotations

import random
from dataclasses import replace

from .model import ANY, Instance, Meeting, Participant, Venue


def brokerage_event(
    seed: int = 0,
    participants: int = 430,
    meetings: int = 1700,
    slots: int = 20,
    tables: int = 100,
) -> Instance:
    """A brokerage day of b2match size: a morning and an afternoon of 10 slots each.

    Popularity is skewed (a few participants are asked by many), nobody has more
    meetings than 3/4 of the slots, 10 % of participants are away for a morning or an
    afternoon hour, 15 % of requests are for one half-day only.
    """
    rng = random.Random(seed)
    weight = [rng.paretovariate(2.0) for _ in range(participants)]
    forbidden: list[frozenset[int]] = []
    for _ in range(participants):
        if rng.random() < 0.10:
            first = rng.randint(1, slots - 1)
            forbidden.append(frozenset({first, first + 1}))
        else:
            forbidden.append(frozenset())
    cap = (3 * slots) // 4
    degree = [0] * participants
    pairs: set[tuple[int, int]] = set()
    result: list[Meeting] = []
    morning = slots // 2
    while len(result) < meetings:
        a, b = rng.choices(range(participants), weights=weight, k=2)
        key = (min(a, b), max(a, b))
        if a == b or key in pairs or degree[a] >= cap or degree[b] >= cap:
            continue
        pairs.add(key)
        degree[a] += 1
        degree[b] += 1
        r = rng.random()
        session = 1 if r < 0.075 else 2 if r < 0.15 else ANY
        result.append(Meeting(participants=(a + 1, b + 1), session=session))
    return Instance(
        participants=tuple(
            Participant(id=p + 1, forbidden=forbidden[p]) for p in range(participants)
        ),
        meetings=tuple(result),
        slots=slots,
        morning_slots=morning,
        tables=tables,
        name=f"synthetic-b2match-{participants}p-{meetings}m",
    )


def delegation_trip(
    seed: int = 0,
    companies: int = 40,
    counterparts: int = 120,
    requests: int = 400,
    slots_per_day: int = 8,
) -> Instance:
    """A five-day trip to three cities (Weifang days 1-2, Zhucheng day 3, Rizhao days
    4-5), two venues per city one slot of travel apart, Chinese interpreters.

    Counterparts are only available while the delegation is in their city; each city's
    venues are only open those days. Requests (company, counterpart) carry priorities
    1-3; about 60 % need a Chinese interpreter (10 per slot). Six delegation visits are
    group meetings of 4-8 companies with a host. Three hosts sit at a fixed table. The
    instance is in priority mode: the most valuable requests first, then fewest breaks.
    """
    rng = random.Random(seed)
    days = {"weifang": (1, 2), "zhucheng": (3,), "rizhao": (4, 5)}
    slots = 5 * slots_per_day

    def day_slots(day: int) -> set[int]:
        return set(range((day - 1) * slots_per_day + 1, day * slots_per_day + 1))

    venues: list[Venue] = []
    city_venues: dict[str, list[int]] = {}
    city_slots: dict[str, set[int]] = {}
    for city, city_days in days.items():
        open_slots = set().union(*(day_slots(d) for d in city_days))
        city_slots[city] = open_slots
        city_venues[city] = []
        for kind, tables in (("hall", 8), ("zone", 5)):
            venues.append(
                Venue(id=f"{city}-{kind}", tables=tables, open_slots=frozenset(open_slots))
            )
            city_venues[city].append(len(venues))
    travel = [[0] * len(venues) for _ in venues]
    for a in range(len(venues)):
        for b in range(len(venues)):
            if a != b:
                same_city = venues[a].id.split("-")[0] == venues[b].id.split("-")[0]
                travel[a][b] = 1 if same_city else 4
    cities = list(days)
    share = {"weifang": 0.45, "zhucheng": 0.2, "rizhao": 0.35}
    participants: list[Participant] = []
    for c in range(companies):
        away = frozenset({rng.randint(1, slots)}) if rng.random() < 0.2 else frozenset()
        participants.append(Participant(id=f"company-{c + 1:02d}", forbidden=away))
    city_of: list[str] = []
    for k in range(counterparts):
        city = rng.choices(cities, weights=[share[c] for c in cities])[0]
        city_of.append(city)
        busy = set(range(1, slots + 1)) - city_slots[city]
        busy |= {t for t in city_slots[city] if rng.random() < 0.1}
        fixed = None
        if k < 3 and city == "weifang":
            fixed = (city_venues[city][0], k + 1)
        participants.append(
            Participant(id=f"{city}-cp-{k + 1:03d}", forbidden=frozenset(busy), fixed_table=fixed)
        )
    speaks_chinese = {c for c in range(companies) if rng.random() < 0.15}
    meetings: list[Meeting] = []
    pairs: set[tuple[int, int]] = set()
    while len(meetings) < requests:
        c = rng.randrange(companies)
        k = rng.randrange(counterparts)
        if (c, k) in pairs:
            continue
        pairs.add((c, k))
        city = city_of[k]
        allowed = tuple(city_venues[city]) if rng.random() < 0.7 else (city_venues[city][0],)
        needs = None if c in speaks_chinese or rng.random() < 0.3 else "zh"
        meetings.append(
            Meeting(
                participants=(c + 1, companies + k + 1),
                venues=allowed,
                language=needs,
                priority=rng.choice((1, 1, 2, 3)),
            )
        )
    for _visit in range(6):
        host = rng.randrange(counterparts)
        group = rng.sample(range(companies), rng.randint(min(4, companies), min(8, companies)))
        meetings.append(
            Meeting(
                participants=(companies + host + 1, *(c + 1 for c in group)),
                venues=(city_venues[city_of[host]][1],),
                language="zh",
                priority=3,
            )
        )
    return Instance(
        participants=tuple(participants),
        meetings=tuple(meetings),
        slots=slots,
        morning_slots=slots,
        venues=tuple(venues),
        travel=tuple(tuple(row) for row in travel),
        slots_per_day=slots_per_day,
        interpreters={"zh": 10},
        require_all=False,
        name=f"synthetic-trip-{companies}c-{counterparts}cp-{requests}r",
    )


def variant(instance: Instance, kind: str, seed: int = 0) -> Instance:
    """A variant of a published instance.

    ``forbidden``: each participant loses one random slot with probability 0.3.
    ``fixed``: 20-40 % of the meetings are fixed to random slots; such a variant is
    usually infeasible, which the solver must prove (see :func:`fixed_from_schedule` for
    feasible ones). ``precedences``: for 30 % of the participants, two of their meetings
    are ordered.
    """
    rng = random.Random(seed)
    if kind == "forbidden":
        parts = tuple(
            replace(p, forbidden=p.forbidden | {rng.randint(1, instance.slots)})
            if rng.random() < 0.3
            else p
            for p in instance.participants
        )
        return replace(instance, participants=parts, name=f"{instance.name}+forbidden")
    if kind == "fixed":
        share = rng.uniform(0.2, 0.4)
        meetings = list(instance.meetings)
        for m in rng.sample(range(len(meetings)), round(share * len(meetings))):
            meetings[m] = replace(meetings[m], fixed_slot=rng.randint(1, instance.slots))
        return replace(instance, meetings=tuple(meetings), name=f"{instance.name}+fixed")
    if kind == "precedences":
        meetings = list(instance.meetings)
        by_participant: dict[int, list[int]] = {}
        for m, meeting in enumerate(meetings):
            for p in meeting.participants:
                by_participant.setdefault(p, []).append(m)
        for mine in by_participant.values():
            if len(mine) >= 2 and rng.random() < 0.3:
                a, b = sorted(rng.sample(mine, 2))
                meetings[b] = replace(meetings[b], after=(*meetings[b].after, a + 1))
        return replace(instance, meetings=tuple(meetings), name=f"{instance.name}+prec")
    raise ValueError(f"unknown variant kind {kind!r}")


def fixed_from_schedule(
    instance: Instance, slots: dict[int, int], share: float, seed: int = 0
) -> Instance:
    """Fix ``share`` of the meetings to the slots of a known schedule (1-based meeting ->
    slot): a variant that is feasible by construction."""
    rng = random.Random(seed)
    meetings = list(instance.meetings)
    for m in rng.sample(sorted(slots), round(share * len(slots))):
        meetings[m - 1] = replace(meetings[m - 1], fixed_slot=slots[m])
    return replace(instance, meetings=tuple(meetings), name=f"{instance.name}+fixed{share:.0%}")


def with_precedences(
    instance: Instance, share: float, known: dict[int, int], seed: int = 0
) -> Instance:
    """``share`` of the meetings (rounded) each get one predecessor: another meeting of
    one of its participants that is earlier in a known schedule (1-based meeting ->
    slot). Chains form, and the known schedule stays valid: the variant is feasible by
    construction, its optimum at most the known schedule's breaks."""
    rng = random.Random(seed)
    meetings = list(instance.meetings)
    by_participant: dict[int, list[int]] = {}
    for m, meeting in enumerate(meetings):
        for p in meeting.participants:
            by_participant.setdefault(p, []).append(m)
    placed = sorted(m - 1 for m in known)
    chosen = rng.sample(placed, min(len(placed), round(share * len(meetings))))
    for b in sorted(chosen):
        earlier = sorted(
            {
                a
                for p in meetings[b].participants
                for a in by_participant[p]
                if a + 1 in known and known[a + 1] < known[b + 1]
            }
            - {a - 1 for a in meetings[b].after}
        )
        if earlier:
            a = rng.choice(earlier)
            meetings[b] = replace(meetings[b], after=(*meetings[b].after, a + 1))
    return replace(instance, meetings=tuple(meetings), name=f"{instance.name}+prec{share:.0%}")


def with_forbidden(
    instance: Instance, slots: dict[int, int], density: float, seed: int = 0
) -> Instance:
    """Each participant loses each slot in which it has no meeting in a known schedule
    (1-based meeting -> slot) with probability ``density``: more forbidden slots, and
    still feasible by construction (the known schedule stays valid)."""
    rng = random.Random(seed)
    used: dict[int, set[int]] = {}
    for m, t in slots.items():
        for p in instance.meetings[m - 1].participants:
            used.setdefault(p, set()).add(t)
    parts = []
    for p, part in enumerate(instance.participants, start=1):
        extra = {
            t
            for t in range(1, instance.slots + 1)
            if t not in used.get(p, set()) and t not in part.forbidden and rng.random() < density
        }
        parts.append(replace(part, forbidden=part.forbidden | extra) if extra else part)
    return replace(
        instance, participants=tuple(parts), name=f"{instance.name}+forbidden{density:.0%}"
    )


# The variant families of the benchmark (docs/scheduling.md, "Benchmark"): name ->
# (fairness, what to apply). Densities, shares and the order of application are fixed,
# so a family, a base instance and a seed give one instance.
FAMILIES: dict[str, tuple[int, tuple[tuple[str, float], ...]]] = {
    "prec15": (2, (("precedences", 0.15),)),
    "prec25": (2, (("precedences", 0.25),)),
    "forb10": (2, (("forbidden", 0.10),)),
    "forb25": (2, (("forbidden", 0.25),)),
    "fixed20+forb10": (2, (("forbidden", 0.10), ("fixed", 0.20))),
    "fixed40+forb10": (2, (("forbidden", 0.10), ("fixed", 0.40))),
    "d0": (0, ()),
    "d1": (1, ()),
    "d3": (3, ()),
}


def family_variant(
    instance: Instance, family: str, known: dict[int, int], seed: int = 0
) -> tuple[Instance, int]:
    """The variant ``family`` (a key of :data:`FAMILIES`) of ``instance`` and its
    fairness bound. ``known`` is a schedule of the original (1-based meeting -> slot),
    from which precedences, forbidden slots and fixed meetings are drawn, so that every
    variant but d = 0 and d = 1 is feasible by construction."""
    fairness, steps = FAMILIES[family]
    out = instance
    for kind, amount in steps:
        if kind == "precedences":
            out = with_precedences(out, amount, known, seed=seed)
        elif kind == "forbidden":
            out = with_forbidden(out, known, amount, seed=seed)
        else:
            out = fixed_from_schedule(out, known, amount, seed=seed)
    return replace(out, name=f"{instance.name}+{family}"), fairness
