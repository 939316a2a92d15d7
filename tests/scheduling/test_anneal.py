"""Annealing on Kempe chains (anneal.py): every state it returns keeps the checker's
rules, it never returns worse than its start, and a budget in moves repeats."""

from __future__ import annotations

import random
import time

from sme2go.scheduling import anneal, lns
from sme2go.scheduling.checker import check
from sme2go.scheduling.cpsat import _Model, _result, assign_tables
from sme2go.scheduling.generators import brokerage_event

from .test_lns import every_rule


def started(instance, fairness=2, work=0.3):
    """A search at a valid state of the neighbourhood search."""
    built = _Model(instance, fairness, priority=False)
    search = lns.Search(built, fairness)
    search.construct(random.Random(0))
    assert search.improve(0, time.monotonic() + 120, work).valid
    return search


def checked(instance, place, fairness=2):
    placed = assign_tables(instance, [(m, v, t) for m, (v, t) in place.items()])
    result = _result(instance, "feasible", placed, None, time.monotonic(), None)
    assert result.unscheduled == []
    report = check(instance, result.to_json(instance), fairness=fairness)
    assert report.valid, report.violations
    return report.objective


def event():
    return brokerage_event(0, participants=80, meetings=300, slots=16, tables=25)


def test_annealing_keeps_the_rules_never_ends_worse_and_repeats():
    instance = event()
    search = started(instance)
    before = search.score()[2]
    first = anneal.Annealer(search).run(seed=0, deadline=time.monotonic() + 120, moves=30_000)
    assert first.moves == 30_000
    assert first.breaks <= before
    assert checked(instance, first.place) == first.breaks
    again = anneal.Annealer(started(instance)).run(
        seed=0, deadline=time.monotonic() + 120, moves=30_000
    )
    assert again.place == first.place


def test_chains_in_children_are_deterministic_and_the_state_is_left_as_it_was():
    instance = event()
    search = started(instance)
    start = dict(search.place)
    kwargs = dict(seed=3, deadline=time.monotonic() + 120, moves=10_000, bound=0)
    one = anneal.anneal(search, workers=2, **kwargs)
    assert search.place == start
    two = anneal.anneal(search, workers=2, **kwargs)
    assert one.place == two.place
    assert checked(instance, one.place) == one.breaks
    # The better of two chains is never worse than the first chain alone.
    alone = anneal.anneal(search, workers=1, **kwargs)
    assert one.breaks <= alone.breaks


def test_travel_interpreters_fixed_slots_and_precedences_hold():
    instance = every_rule()
    search = started(instance, work=0.2)
    for seed in range(5):
        out = anneal.Annealer(search).run(seed=seed, deadline=time.monotonic() + 60, moves=5_000)
        assert checked(instance, out.place) == out.breaks
