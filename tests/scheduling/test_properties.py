"""Property tests: whatever the solver or the greedy baseline returns passes the checker."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.scheduling.checker import check
from sme2go.scheduling.cpsat import SolveOptions, solve
from sme2go.scheduling.greedy import greedy
from sme2go.scheduling.jsonformat import instance_from_dict


@st.composite
def instances(draw):
    n_p = draw(st.integers(2, 6))
    slots = draw(st.integers(2, 6))
    pairs = [(a, b) for a in range(1, n_p + 1) for b in range(a + 1, n_p + 1)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=8, unique=True))
    with_venues = draw(st.booleans())
    meetings = []
    for k, (a, b) in enumerate(chosen):
        meeting = {
            "participants": [a, b],
            "session": draw(st.sampled_from(["any", "any", "morning", "afternoon"])),
        }
        if draw(st.integers(0, 4)) == 0:
            meeting["fixed_slot"] = draw(st.integers(1, slots))
        if k and draw(st.integers(0, 4)) == 0:
            meeting["after"] = [draw(st.integers(1, k))]
        if with_venues and draw(st.booleans()):
            meeting["venues"] = [draw(st.sampled_from(["x", "y"]))]
        if draw(st.integers(0, 3)) == 0:
            meeting["interpreter"] = "zh"
        meeting["priority"] = draw(st.integers(1, 3))
        meetings.append(meeting)
    participants = [
        {"id": p, "forbidden": draw(st.lists(st.integers(1, slots), max_size=2, unique=True))}
        for p in range(1, n_p + 1)
    ]
    doc = {
        "slots": slots,
        "morning_slots": draw(st.integers(0, slots)),
        "participants": participants,
        "meetings": meetings,
        "interpreters": {"zh": draw(st.integers(0, 2))},
        "mode": draw(st.sampled_from(["all", "priority"])),
    }
    if with_venues:
        doc["venues"] = [{"id": "x", "tables": draw(st.integers(1, 2))}, {"id": "y", "tables": 1}]
        doc["travel"] = [{"between": ["x", "y"], "slots": draw(st.integers(0, 2))}]
        doc["slots_per_day"] = draw(st.sampled_from([None, 2, 3]))
        if draw(st.booleans()):
            participants[0]["fixed_table"] = {"venue": "x", "table": 1}
    else:
        doc["tables"] = draw(st.integers(1, 3))
    return instance_from_dict(doc), draw(st.integers(0, 2))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_solver_schedules_pass_the_checker(case):
    instance, fairness = case
    result = solve(instance, SolveOptions(fairness=fairness, time_limit=5, workers=2))
    assert result.status in ("optimal", "feasible", "infeasible")
    if result.status == "infeasible":
        assert result.assignments == []
        return
    report = check(instance, result.to_json(instance), fairness=fairness)
    assert report.valid, report.violations
    assert report.objective == result.objective
    if result.status == "optimal":
        assert result.bound == result.objective


@settings(max_examples=60, deadline=None)
@given(instances())
def test_greedy_schedules_break_no_hard_constraint(case):
    instance, fairness = case
    result = greedy(instance, fairness=fairness)
    solution = result.to_json(instance)
    report = check(instance, solution, fairness=fairness)
    # The baseline may leave meetings out and ignores fairness; everything else holds.
    hard = [
        v
        for v in report.violations
        if not v.startswith("fairness") and "is not scheduled" not in v and "predecessor" not in v
    ]
    assert not hard, hard
    if result.status == "feasible":
        assert report.valid, report.violations
