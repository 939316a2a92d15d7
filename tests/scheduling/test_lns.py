"""The neighbourhood search of lns.py: always a schedule the checker accepts, never worse
than its start, the same on every run in deterministic mode."""

from __future__ import annotations

import random
import time

from hypothesis import HealthCheck, given, settings

from sme2go.scheduling import lns
from sme2go.scheduling.checker import check
from sme2go.scheduling.cpsat import SolveOptions, _Model, solve
from sme2go.scheduling.generators import brokerage_event, delegation_trip

from .conftest import make
from .test_properties import instances


def run(instance, fairness=2, work=0.3, seed=0, priority=None):
    """``lns.solve_large`` in deterministic mode; asserts the checker accepts the result."""
    if priority is None:
        priority = not instance.require_all
    built = _Model(instance, fairness, priority)
    # The clock is only a safety net: generous, so that a loaded machine cannot cut the
    # work-limited search short (which would make runs differ).
    options = SolveOptions(fairness=fairness, time_limit=600, seed=seed, deterministic=True)
    options.work = work
    result = lns.solve_large(built, options, time.monotonic())
    if result.objective is not None:
        report = check(instance, result.to_json(instance), fairness=fairness)
        assert report.valid, report.violations
        assert report.objective == result.objective
    return result


def every_rule():
    """Two venues a slot of travel apart, one interpreter, a reserved table, a forbidden
    slot, sessions, a fixed slot and a precedence; every meeting fits."""
    return make(
        [
            {"participants": [1, 2], "venues": ["hall"], "interpreter": "zh"},
            {"participants": [1, 3], "venues": ["zone"], "session": "afternoon"},
            {"participants": [2, 3], "interpreter": "zh"},
            {"participants": [2, 4], "fixed_slot": 3},
            {"participants": [3, 4], "after": [3]},
            {"participants": [1, 4], "session": "morning"},
            {"participants": [4, 5], "venues": ["hall"]},
            {"participants": [5, 1]},
        ],
        participants=[
            {"id": 1, "fixed_table": {"venue": "hall", "table": 1}},
            {"id": 2, "forbidden": [1]},
            {"id": 3},
            {"id": 4},
            {"id": 5},
        ],
        slots=8,
        morning_slots=4,
        venues=[{"id": "hall", "tables": 2}, {"id": "zone", "tables": 1}],
        travel=[{"between": ["hall", "zone"], "slots": 1}],
        interpreters={"zh": 1},
    )


def test_every_rule_of_the_checker_is_kept():
    instance = every_rule()
    result = run(instance)
    assert result.status in ("optimal", "feasible")
    assert result.unscheduled == []
    assert result.objective == solve(instance, SolveOptions(time_limit=10)).objective


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_random_small_instances_give_checked_schedules_no_better_than_the_optimum(case):
    instance, fairness = case
    result = run(instance, fairness=fairness, work=0.05)
    if result.objective is None or not instance.require_all:
        return
    exact = solve(instance, SolveOptions(fairness=fairness, time_limit=10))
    # A schedule of the search proves the instance feasible; the optimum is never worse.
    assert exact.status == "optimal"
    assert result.objective >= exact.objective


def constructed(instance, priority: bool) -> lns.Search:
    """A search over ``instance`` (fairness 2) in its first state, seed 0."""
    search = lns.Search(_Model(instance, 2, priority=priority), 2)
    search.construct(random.Random(0))
    return search


def test_never_worse_than_its_start_and_repaired_to_a_schedule():
    instance = brokerage_event(0, participants=80, meetings=300, slots=16, tables=25)
    search = constructed(instance, priority=False)
    start = search.score()
    seen = [start]
    outcome = search.improve(0, time.monotonic() + 60, 1.0, on_better=seen.append)
    assert outcome.score <= start
    assert seen == sorted(seen, reverse=True)
    assert outcome.valid
    result = run(instance, work=1.0)
    assert result.unscheduled == []


def test_deterministic_mode_repeats_on_the_trip():
    # The trip-sized instance (406 requests, travel, interpreters, visits), priority mode.
    instance = delegation_trip(0)
    first, second = run(instance, work=0.5), run(instance, work=0.5)
    assert first.objective is not None
    assert first.to_json(instance)["meetings"] == second.to_json(instance)["meetings"]
    assert first.scheduled_weight == second.scheduled_weight > 0


def test_solve_hands_event_size_to_the_search():
    instance = brokerage_event(1, participants=300, meetings=lns.MIN_MEETINGS, slots=16, tables=80)
    options = SolveOptions(time_limit=600, deterministic=True, work=0.5)
    first, second = solve(instance, options), solve(instance, options)
    assert first.status == "feasible"
    assert check(instance, first.to_json(instance)).valid
    assert first.to_json(instance)["meetings"] == second.to_json(instance)["meetings"]
    # Far fewer breaks than greedy's schedule, which ignores them.
    from sme2go.scheduling.greedy import greedy

    assert first.objective < greedy(instance).objective / 2


def test_improve_stops_once_no_more_than_the_given_priority_is_left_out():
    # The first phase stops at the ceiling of the priority sum this way.
    instance = delegation_trip(0, companies=6, counterparts=15, requests=80, slots_per_day=3)
    search = constructed(instance, priority=True)
    start = search.score()
    assert search.valid() and start[1] > 0
    before = dict(search.place)
    outcome = search.improve(0, time.monotonic() + 60, 0.2, lost_at_most=start[1])
    assert outcome.iterations == 0
    assert outcome.place == before
    outcome = search.improve(0, time.monotonic() + 60, 0.2, lost_at_most=start[1] - 1)
    assert outcome.iterations > 0
