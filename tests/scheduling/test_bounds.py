"""The static lower bound (bounds.py): exact on small cases, never above an optimum."""

from __future__ import annotations

import csv

import pytest
from hypothesis import HealthCheck, assume, given, settings

from sme2go.scheduling.bounds import fewest_breaks, segments, static_bound
from sme2go.scheduling.cpsat import SolveOptions, _Model, solve
from sme2go.scheduling.dzn import load_dzn
from sme2go.scheduling.model import Instance

from .conftest import make, solve_checked
from .test_properties import instances


def test_segments_are_runs_of_consecutive_slots():
    assert segments([5, 1, 2, 7, 6, 3]) == [(1, 3), (5, 7)]
    assert segments([]) == []


def test_fewest_breaks_uses_the_longest_segments_and_the_cheapest_days():
    # One day with runs of 3, 2 and 1 slots: 4 meetings need two runs, one break.
    assert fewest_breaks([([3, 2, 1], 0)], 4) == 1
    assert fewest_breaks([([3, 2, 1], 0)], 3) == 0
    assert fewest_breaks([([3, 2, 1], 0)], 6) == 2
    assert fewest_breaks([([3, 2, 1], 0)], 7) is None
    # Two days: 5 meetings fit in a run of 3 on one day and 2 on the other, no break.
    assert fewest_breaks([([3, 1], 0), ([2], 0)], 5) == 0
    # A segment with a fixed meeting must be used even though a longer one suffices.
    assert fewest_breaks([([1, 4], 1)], 2) == 1


def test_forbidden_slots_in_the_middle_force_a_break():
    # Participant 1 meets 2, 3, 4 and 5 in 5 slots with slot 3 forbidden: slots 1-2 and
    # 4-5 are the only runs, so one break whatever the others do.
    instance = make(
        [[1, 2], [1, 3], [1, 4], [1, 5]],
        participants=[{"id": 1, "forbidden": [3]}, *({"id": p} for p in range(2, 6))],
        slots=5,
    )
    built = _Model(instance, 2, priority=False)
    assert built.static.per_participant == {0: 1}
    assert built.static.total == 1
    result = solve_checked(instance)
    assert (result.status, result.objective, result.bound) == ("optimal", 1, 1)


def test_a_forced_break_above_the_fairness_bound_is_infeasible_at_once():
    # Slots 2 and 4 forbidden: 3 meetings in 5 slots need two breaks; with d = 1 and a
    # participant that never has a break, no schedule exists.
    instance = make(
        [[1, 2], [1, 3], [1, 4]],
        participants=[{"id": 1, "forbidden": [2, 4]}, {"id": 2}, {"id": 3}, {"id": 4}],
        slots=5,
    )
    built = _Model(instance, 1, priority=False)
    assert built.static.infeasible
    result = solve(instance, SolveOptions(fairness=1, time_limit=5))
    assert result.status == "infeasible"
    assert solve_checked(instance, fairness=2).objective == 2


def test_published_bounds_are_never_above_the_optimum(bench_dir):
    with (bench_dir / "optima.csv").open(encoding="utf-8") as fh:
        optima = {r["instance"]: int(r["optimal_breaks"]) for r in csv.DictReader(fh)}
    bounds = {}
    for name, optimum in optima.items():
        instance = load_dzn(bench_dir / name)
        built = _Model(instance, 2, priority=False)
        assert not built.static.infeasible
        assert built.static.total <= optimum, name
        bounds[name] = built.static.total
    # Where the bound bites: the forumt instances (optima 5, 5, 4, 5).
    assert [bounds[f"forumt-14{s}.original.dzn"] for s in ("", "crafc", "crafd", "crafe")] == [
        5,
        5,
        4,
        4,
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_schedule_has_at_least_each_participants_own_bound(case):
    instance, _fairness = case
    instance = Instance(**{**instance.__dict__, "require_all": True})
    # A loose fairness bound: it never decides, so schedules exist whenever the
    # meetings fit, and every participant's breaks can be compared with its own bound.
    loose = instance.slots
    built = _Model(instance, loose, priority=False)
    assume(built.infeasible_reason is None)
    own = static_bound(
        instance, built.x, loose, priority=False, fairness_is_plain=True
    ).per_participant
    result = solve(instance, SolveOptions(fairness=loose, time_limit=5, workers=2))
    assume(result.objective is not None)
    by_index = {p: result.breaks[part.id] for p, part in enumerate(instance.participants)}
    for p, value in own.items():
        assert by_index[p] >= value, (p, value, by_index)
    if result.status == "optimal":
        assert built.static.total <= result.objective


@pytest.mark.parametrize("fairness", [0, 1, 2])
def test_bound_with_a_free_lower_end_is_tightened_by_fairness(fairness):
    # Everyone has two meetings or more, so fairness is a window: participant 1 needs
    # two breaks (slots 2 and 4 forbidden), so everyone else needs at least 2 - d.
    instance = make(
        [[1, 2], [1, 3], [1, 4], [2, 3], [3, 4], [2, 4]],
        participants=[{"id": 1, "forbidden": [2, 4]}, {"id": 2}, {"id": 3}, {"id": 4}],
        slots=5,
    )
    built = _Model(instance, fairness, priority=False)
    assert not built.always_zero
    floor = max(0, 2 - fairness)
    assert built.static.per_participant == {0: 2, 1: floor, 2: floor, 3: floor}
    result = solve_checked(instance, fairness=fairness)
    if result.objective is not None:
        assert result.bound <= result.objective
        assert built.static.total <= result.objective
