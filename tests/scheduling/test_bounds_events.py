"""The bounds added for event and trip size: per-meeting slots in a participant's own
bound (bounds.fits_in_runs) and the priority ceiling with its face (bounds.priority_face)."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from ortools.sat.python import cp_model

from sme2go.scheduling.bounds import PriorityFace, fits_in_runs, priority_face
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
def test_the_priority_ceiling_is_never_below_a_proven_priority_sum(case):
    instance, fairness = case
    built = _Model(instance, fairness, priority=True)
    assume(built.infeasible_reason is None)
    result = solve(instance, SolveOptions(fairness=fairness, time_limit=5, priority_mode=True))
    assume(result.scheduled_weight is not None)
    assert priority_face(instance, built.x, built.capacity).ceiling >= result.scheduled_weight
    assert result.weight_bound >= result.scheduled_weight


def test_the_trip_s_ceiling_is_exact_and_forces_most_of_its_meetings():
    instance = delegation_trip(0)
    built = _Model(instance, 2, priority=True)
    placeable = sum(instance.meetings[m].priority for m in {m for m, _v, _t in built.x})
    assert placeable == 695
    face = priority_face(instance, built.x, built.capacity)
    assert (face.ceiling, face.exact) == (634, True)
    assert (len(face.forced), len(face.busy), len(face.full), len(face.excluded)) == (
        293,
        0,
        32,
        95,
    )
    # The full groups are Weifang's tables: its zone and the hall's five free tables.
    assert {built.capacity[i][1] for i in face.full} == {5}
    assert {instance.venues[built.capacity[i][0][0][1]].id for i in face.full} == {
        "weifang-hall",
        "weifang-zone",
    }


def test_the_face_names_the_meetings_that_fill_the_table():
    # One table, two slots, three meetings of priority 3, 2 and 1: the best schedule
    # takes the first two, and every slot's table is used. The dual GLOP returns prices
    # each table-slot at 2, so the priority-2 meeting pays exactly its place and only
    # the first is named forced (a dual pricing the table at 1 would name both).
    instance = make(
        [
            {"participants": [1, 2], "priority": 3},
            {"participants": [3, 4], "priority": 2},
            {"participants": [5, 6], "priority": 1},
        ],
        slots=2,
        tables=1,
        mode="priority",
    )
    built = _Model(instance, 2, priority=True)
    face = priority_face(instance, built.x, built.capacity)
    assert (face.ceiling, face.exact, face.forced, face.busy) == (5, True, {0}, frozenset())
    assert sorted(built.capacity[i][1] for i in face.full) == [1, 1]


def test_a_fractional_relaxation_gives_a_rounded_ceiling_and_no_face():
    # Three meetings pairwise among three participants in one slot: the relaxation
    # holds each at one half (1.5); one meeting is the most, and nothing is forced.
    instance = make([[1, 2], [2, 3], [1, 3]], slots=1, tables=3, mode="priority")
    built = _Model(instance, 2, priority=True)
    assert priority_face(instance, built.x, built.capacity) == PriorityFace(1)


def _reaches_ceiling_with(instance, fairness, ceiling, violate) -> bool:
    """Whether CP-SAT finds a schedule of priority sum ``ceiling`` that breaks one
    claim of the face (``violate(built)`` adds its negation)."""
    built = _Model(instance, fairness, priority=True)
    weights = [m.priority for m in instance.meetings]
    built.model.add(sum(w * built.scheduled[m] for m, w in enumerate(weights)) >= ceiling)
    violate(built)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    code = solver.solve(built.model)
    assert code in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE)
    return code != cp_model.INFEASIBLE


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_no_schedule_at_the_ceiling_breaks_the_face(case):
    # Each claim checked by CP-SAT on the full model, with the claim negated.
    instance, fairness = case
    built = _Model(instance, fairness, priority=True)
    assume(built.infeasible_reason is None)
    face = priority_face(instance, built.x, built.capacity)
    assume(face.exact)
    ceiling = face.ceiling
    for m in face.forced:
        assert not _reaches_ceiling_with(
            instance, fairness, ceiling, lambda b, m=m: b.model.add(b.scheduled[m] == 0)
        )
    for key in face.excluded:
        assert not _reaches_ceiling_with(
            instance, fairness, ceiling, lambda b, key=key: b.model.add(b.x[key] == 1)
        )
    for i in face.full:
        keys, most = built.capacity[i]
        assert not _reaches_ceiling_with(
            instance,
            fairness,
            ceiling,
            lambda b, keys=keys, most=most: b.model.add(sum(b.x[k] for k in keys) <= most - 1),
        )
    for p, t in face.busy:
        assert not _reaches_ceiling_with(
            instance,
            fairness,
            ceiling,
            lambda b, p=p, t=t: b.model.add(
                sum(
                    var
                    for (m, _v, s), var in b.x.items()
                    if s == t and p + 1 in instance.meetings[m].participants
                )
                == 0
            ),
        )
