"""The SAT search on the variant shapes (precedence chains, forbidden slots, fixed
meetings): the same optimum as CP-SAT, with and without the implied constraints, and
checker-valid schedules."""

from __future__ import annotations

import time
from collections import Counter

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from sme2go.scheduling.checker import check
from sme2go.scheduling.cpsat import SolveOptions, _Model, assign_tables, count_breaks, solve
from sme2go.scheduling.generators import brokerage_event, with_precedences
from sme2go.scheduling.jsonformat import instance_from_dict
from sme2go.scheduling.model import Instance, Result
from sme2go.scheduling.satsearch import NO_SCHEDULE, BreakSat, _Descent


@st.composite
def variant_instances(draw) -> tuple[Instance, int]:
    """Brokerage days of pairs in the published shape, with the variants' extras: many
    forbidden slots, precedences (chains through shared participants) and fixed slots.
    Participant n meets nobody, so fairness is the plain "at most d" the SAT search
    needs."""
    n_p = draw(st.integers(3, 6))
    slots = draw(st.integers(3, 7))
    pairs = [(a, b) for a in range(1, n_p + 1) for b in range(a + 1, n_p + 1)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=2, max_size=9, unique=True))
    meetings = []
    for k, (a, b) in enumerate(chosen):
        meeting: dict = {"participants": [a, b]}
        if k and draw(st.integers(0, 2)) == 0:
            shared = [j + 1 for j, m in enumerate(chosen[:k]) if {a, b} & set(m)]
            pool = shared or list(range(1, k + 1))
            meeting["after"] = [draw(st.sampled_from(pool))]
        if draw(st.integers(0, 6)) == 0:
            meeting["fixed_slot"] = draw(st.integers(1, slots))
        if draw(st.integers(0, 5)) == 0:
            meeting["session"] = draw(st.sampled_from(["morning", "afternoon"]))
        meetings.append(meeting)
    participants = [
        {"id": p, "forbidden": draw(st.lists(st.integers(1, slots), max_size=3, unique=True))}
        for p in range(1, n_p + 1)
    ]
    participants.append({"id": n_p + 1})
    doc = {
        "slots": slots,
        "morning_slots": draw(st.integers(0, slots)),
        "tables": draw(st.integers(1, 3)),
        "participants": participants,
        "meetings": meetings,
    }
    return instance_from_dict(doc), draw(st.integers(0, 2))


def sat_optimum(
    instance: Instance, fairness: int, quick: bool = False, **encoding: bool
) -> Result | None:
    """The SAT search alone, to a settled answer: the optimal schedule, or None when no
    schedule exists. ``quick``: the quick search (with neighbourhood questions)."""
    built = _Model(instance, fairness, priority=False)
    sat = BreakSat.of_model(built, **encoding)
    placed, objective, settled = sat.descend(
        placed=None,
        objective=None,
        bound=built.static.total,
        deadline=time.monotonic() + 30,
        on_better=lambda _placed, _value: None,
        quick_first=quick,
    )
    assert settled
    if placed is None:
        return None
    assignments = assign_tables(instance, placed)
    breaks = count_breaks(instance, assignments)
    assert sum(breaks.values()) == objective
    return Result("optimal", objective, objective, 0.0, assignments, [], breaks)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(variant_instances())
def test_sat_search_with_implied_constraints_matches_cpsat(case):
    instance, fairness = case
    built = _Model(instance, fairness, priority=False)
    assume(built.infeasible_reason is None and built.always_zero)
    reference = solve(instance, SolveOptions(fairness=fairness, time_limit=10, workers=1))
    assume(reference.status in ("optimal", "infeasible"))
    event("infeasible" if reference.objective is None else f"optimum {reference.objective}")
    plain = sat_optimum(instance, fairness, seats=False, runs=False)
    for encoding in (
        {"seats": True, "runs": True},
        {"seats": False, "runs": True},
        {"seats": False, "runs": True, "quick": True},
    ):
        result = sat_optimum(instance, fairness, **encoding)
        if reference.status == "infeasible":
            assert result is None and plain is None
            continue
        assert result is not None and plain is not None
        # The implied constraints cut off no optimum.
        assert result.objective == plain.objective == reference.objective
        report = check(instance, result.to_json(instance), fairness=fairness)
        assert report.valid, report.violations
        assert report.objective == result.objective


def known_places(result: Result) -> list[tuple[int, int, int]]:
    return [(a.meeting - 1, a.venue - 1, a.slot) for a in result.assignments]


def test_neighbourhood_questions_improve_and_keep_every_rule():
    # A small brokerage day with precedence chains drawn from one of its schedules.
    base = brokerage_event(seed=1, participants=40, meetings=120, slots=12, tables=15)
    known = solve(base, SolveOptions(time_limit=10, workers=1, deterministic=True, work=1.0))
    instance = with_precedences(base, 0.25, {a.meeting: a.slot for a in known.assignments})
    built = _Model(instance, 2, priority=False)
    sat = BreakSat.of_model(built, seats=False)
    seen: list[int] = []
    run = _Descent(
        sat,
        None,
        None,
        built.static.total,
        lambda _p, v: seen.append(v),
        lambda _b: None,
        quick_first=True,
    )
    with run:
        while run.placed is None:
            run.step(low=0, best=NO_SCHEDULE, budget=20_000)
        first = run.objective
        for _ in range(200):
            run._nearby(run.objective, 20_000)
        placed, objective = run.placed, run.objective
    assert objective < first and seen[-1] == objective
    assignments = assign_tables(instance, placed)
    breaks = count_breaks(instance, assignments)
    assert sum(breaks.values()) == objective
    result = Result("feasible", objective, 0, 0.0, assignments, [], breaks)
    report = check(instance, result.to_json(instance), fairness=2)
    assert report.valid, report.violations
    # The breaks of a schedule read from its places, as the gap literals count them.
    owners = Counter(instance.participants[p].id for p in sat.breakers_of(placed))
    assert owners == Counter({p: n for p, n in breaks.items() if n})

    # Another search takes up that better schedule once it has its own first one, asks
    # its neighbourhood questions around it, and ignores a worse one.
    other = _Descent(sat, None, None, built.static.total, lambda *_: None, lambda _b: None, True)
    with other:
        while other.placed is None:
            other.step(low=0, best=NO_SCHEDULE, budget=20_000)
        assert other.objective > objective
        other.adopt(placed, objective)
        assert (other.placed, other.objective) == (placed, objective)
        assert sorted(other.breakers) == sorted(sat.breakers_of(placed))
        other.adopt(known_places(known), objective + 1)
        assert other.objective == objective
        for _ in range(20):
            other._nearby(other.objective, 20_000)
        assert other.objective <= objective
        assert sum(count_breaks(instance, assign_tables(instance, other.placed)).values()) == (
            other.objective
        )
    assert report.objective == objective
