"""The SAT search agrees with CP-SAT on the optimum, and its schedules pass the checker."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, assume, given, settings

from sme2go.scheduling.checker import check
from sme2go.scheduling.cpsat import (
    SolveOptions,
    _Model,
    assign_tables,
    count_breaks,
    solve,
)
from sme2go.scheduling.model import Instance, Result
from sme2go.scheduling.satsearch import BreakSat, ChildSearch, descend_together

from .conftest import make
from .test_properties import instances


def encode(instance: Instance, fairness: int, seats: bool = True) -> BreakSat:
    """The CNF of ``instance`` from the CP-SAT model builder, as the solver builds it."""
    built = _Model(instance, fairness, priority=False)
    assert built.infeasible_reason is None and built.always_zero
    return BreakSat.of_model(built, seats=seats)


def sat_solve(instance: Instance, fairness: int) -> tuple[Result | None, bool]:
    """The SAT search alone, from no schedule at all, as a checkable result."""
    sat = encode(instance, fairness)
    seen: list[int] = []
    placed, objective, settled = sat.descend(
        placed=None,
        objective=None,
        bound=0,
        deadline=time.monotonic() + 20,
        on_better=lambda _placed, value: seen.append(value),
    )
    # Every improvement reported is strictly better than the one before.
    assert seen == sorted(set(seen), reverse=True)
    if placed is None:
        return None, settled
    assignments = assign_tables(instance, placed)
    breaks = count_breaks(instance, assignments)
    assert sum(breaks.values()) == objective == seen[-1]
    result = Result("optimal", objective, objective, 0.0, assignments, [], breaks)
    return result, settled


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_sat_search_matches_cpsat_on_small_instances(case):
    instance, fairness = case
    instance = Instance(**{**instance.__dict__, "require_all": True})
    built = _Model(instance, fairness, priority=False)
    assume(built.infeasible_reason is None and built.always_zero)
    reference = solve(instance, SolveOptions(fairness=fairness, time_limit=10, workers=2))
    assume(reference.status in ("optimal", "infeasible"))
    result, settled = sat_solve(instance, fairness)
    assert settled
    if reference.status == "infeasible":
        assert result is None
        return
    assert result is not None
    assert result.objective == reference.objective
    report = check(instance, result.to_json(instance), fairness=fairness)
    assert report.valid, report.violations
    assert report.objective == result.objective


def test_sat_search_honours_travel_precedence_and_interpreters():
    venues = [{"id": "hall", "tables": 2}, {"id": "zone", "tables": 2}]
    meetings = [
        {"participants": [1, 2], "venues": ["hall"], "interpreter": "zh"},
        {"participants": [1, 3], "venues": ["zone"], "after": [1]},
        {"participants": [4, 5], "interpreter": "zh"},
        {"participants": [2, 4], "after": [3]},
    ]
    travel = [{"between": ["hall", "zone"], "slots": 1}]
    parts = [{"id": p} for p in range(1, 7)]  # 6 meets nobody: fairness is "at most d"
    instance = make(meetings, parts, slots=4, venues=venues, travel=travel, interpreters={"zh": 1})
    result, settled = sat_solve(instance, fairness=2)
    assert settled and result is not None
    # Participant 1 must travel between its two meetings (one break); the single
    # interpreter keeps meetings 1 and 3 apart, which costs participant 2 or 4 another.
    assert result.objective == 2
    assert solve(instance, SolveOptions(time_limit=10)).objective == 2
    slot = {a.meeting: a.slot for a in result.assignments}
    assert slot[2] - slot[1] >= 2 and slot[4] > slot[3] and slot[1] != slot[3]
    assert check(instance, result.to_json(instance)).valid


def test_participants_sharing_their_only_place_count_twice_in_the_parity():
    # Found by the property test: with one table and two slots, participants 1 and 2 have
    # a single place per slot (their meeting), so the same literal is "busy" for both.
    instance = make([[1, 2], [3, 4]], [{"id": p} for p in range(1, 6)], slots=2, tables=1)
    result, settled = sat_solve(instance, fairness=0)
    assert settled and result is not None and result.objective == 0
    assert sorted(a.slot for a in result.assignments) == [1, 2]


def test_sat_search_reports_infeasible():
    # A triangle in two slots: someone would have to meet twice at once.
    instance = make([[1, 2], [2, 3], [1, 3]], [{"id": p} for p in range(1, 5)], slots=2)
    result, settled = sat_solve(instance, fairness=2)
    assert result is None and settled


def test_child_search_reports_its_schedules_and_proof():
    # Three pairs in a chain over four slots: 2 meets 1 and 3, 3 meets 2 and 4.
    instance = make([[1, 2], [2, 3], [3, 4]], [{"id": p} for p in range(1, 6)], slots=4)
    child = ChildSearch(
        build=lambda: encode(instance, 2, seats=False),
        placed=None,
        objective=None,
        bound=0,
        deadline=time.monotonic() + 20,
        meetings=3,
    )
    deadline = time.monotonic() + 20
    messages: list[tuple] = []
    while time.monotonic() < deadline and not any(m[0] == "bound" for m in messages):
        messages += child.poll()
        time.sleep(0.05)
    messages += child.stop(3.0)
    better = [m for m in messages if m[0] == "better"]
    assert better and better[-1][2] == 0
    assignments = assign_tables(instance, better[-1][1])
    assert len(assignments) == 3
    breaks = count_breaks(instance, assignments)
    assert set(breaks.values()) == {0}
    result = Result("optimal", 0, 0, 0.0, assignments, [], breaks)
    assert check(instance, result.to_json(instance)).valid
    assert ("bound", 0) in messages


def test_descend_together_finds_and_proves_the_optimum():
    # Two triangles in three slots: each costs one break (someone meets in slots 1 and 3).
    meetings = [[1, 2], [2, 3], [3, 1], [4, 5], [5, 6], [6, 4]]
    instance = make(meetings, [{"id": p} for p in range(1, 8)], slots=3, tables=2)
    sats = [encode(instance, 2, seats) for seats in (True, False)]
    seen: list[int] = []
    bounds: list[int] = []
    placed, objective, settled = descend_together(
        sats,
        placed=None,
        objective=None,
        bound=0,
        deadline=time.monotonic() + 20,
        conflicts=1_000_000,
        on_better=lambda _placed, value: seen.append(value),
        on_bound=bounds.append,
    )
    assert (objective, settled) == (2, True)
    assert seen[-1] == 2 and bounds[-1] == 2
    assignments = assign_tables(instance, placed)
    assert sum(count_breaks(instance, assignments).values()) == 2
    assert solve(instance, SolveOptions(time_limit=10)).objective == 2
