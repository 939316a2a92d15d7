"""The bounds added for event and trip size: per-meeting slots in a participant's own
bound (bounds.fits_in_runs) and the priority ceiling (bounds.weight_ceiling)."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings

from sme2go.scheduling.bounds import fits_in_runs, weight_ceiling
from sme2go.scheduling.cpsat import SolveOptions, _Model, solve
from sme2go.scheduling.dzn import load_dzn
from sme2go.scheduling.generators import delegation_trip

from .conftest import make, solve_checked
from .test_properties import instances


def test_fits_in_runs_matches_meetings_to_their_own_slots():
    # Slots 1-6, 3 and 4 forbidden for the participant: a morning-only meeting in 1-2
    # and an afternoon-only one in 5-6 cannot be in one run, but in two.
    assert not fits_in_runs([[1, 2], [5, 6]], 1, 6)
    assert fits_in_runs([[1, 2], [5, 6]], 2, 6)
    # Two meetings that can both only take slot 2 never fit.
    assert not fits_in_runs([[2], [2]], 3, 4)
    assert fits_in_runs([[1, 2, 3], [2], [1, 2, 3]], 1, 3)
    assert fits_in_runs([], 1, 3)


def test_sessions_around_a_forbidden_hour_force_a_break():
    # Morning 1-3, afternoon 4-5; participant 1 cannot meet in slot 3. Its slots form
    # the runs 1-2 and 4-5, each long enough for both of its meetings, so the union
    # of slots shows no break; but one meeting is morning-only and one afternoon-only.
    instance = make(
        [
            {"participants": [1, 2], "session": "morning"},
            {"participants": [1, 3], "session": "afternoon"},
            {"participants": [2, 3]},
        ],
        participants=[{"id": 1, "forbidden": [3]}, {"id": 2}, {"id": 3}],
        slots=5,
        morning_slots=3,
    )
    built = _Model(instance, 2, priority=False)
    assert built.static.per_participant[0] == 1
    result = solve_checked(instance)
    assert (result.status, result.objective, result.bound) == ("optimal", 1, 1)


def test_matched_slots_raise_the_published_bounds_where_sessions_bind(bench_dir):
    # forum-14 (optimum 2) and forum-13crafb (optimum 6): 0 from the union of slots.
    bounds = {
        name: _Model(load_dzn(bench_dir / f"{name}.original.dzn"), 2, priority=False).static
        for name in ("forum-14", "forum-13crafb")
    }
    assert bounds["forum-14"].total == 2
    assert bounds["forum-13crafb"].total == 3


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_weight_ceiling_is_never_below_a_proven_priority_sum(case):
    instance, fairness = case
    built = _Model(instance, fairness, priority=True)
    assume(built.infeasible_reason is None)
    result = solve(instance, SolveOptions(fairness=fairness, time_limit=5, priority_mode=True))
    assume(result.scheduled_weight is not None)
    assert weight_ceiling(instance, built.x, built.capacity) >= result.scheduled_weight
    assert result.weight_bound >= result.scheduled_weight


def test_weight_ceiling_of_the_trip_is_far_below_the_placeable_weight():
    instance = delegation_trip(0)
    built = _Model(instance, 2, priority=True)
    placeable = sum(instance.meetings[m].priority for m in {m for m, _v, _t in built.x})
    assert placeable == 695
    assert weight_ceiling(instance, built.x, built.capacity) == 634
