"""The venue-day relaxation (venue_days.py): its bound on breaks and its plan."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.scheduling.bounds import priority_face
from sme2go.scheduling.checker import check
from sme2go.scheduling.cpsat import SolveOptions, _Model, solve
from sme2go.scheduling.generators import delegation_trip
from sme2go.scheduling.jsonformat import instance_from_dict
from sme2go.scheduling.venue_days import applies, plan_venue_days, venue_groups


def _doc(meetings, participants=3, slots=4, per_day=4, travel=1, tables=2):
    return {
        "slots": slots,
        "morning_slots": 0,
        "slots_per_day": per_day,
        "mode": "priority",
        "participants": [{"id": p} for p in range(1, participants + 1)],
        "venues": [{"id": "hall", "tables": tables}, {"id": "zone", "tables": tables}],
        "travel": [{"between": ["hall", "zone"], "slots": travel}],
        "meetings": meetings,
    }


def _plan(instance, weight):
    built = _Model(instance, 2, priority=True)
    return plan_venue_days(
        instance,
        places=list(built.x),
        groups=built.groups,
        must=(),
        weight=weight,
        fairness_cap=2 if built.always_zero else None,
        time_limit=10,
    )


def test_a_hall_meeting_and_a_zone_meeting_on_one_day_cost_a_break():
    instance = instance_from_dict(
        _doc(
            [
                {"participants": [1, 2], "venues": ["hall"]},
                {"participants": [1, 3], "venues": ["zone"]},
            ]
        )
    )
    plan = _plan(instance, weight=2)
    assert (plan.bound, plan.changes) == (1, 1)
    assert plan.places == {0: (0, 0), 1: (1, 0)}
    result = solve(instance, SolveOptions(time_limit=10, workers=2))
    assert (result.status, result.objective, result.bound, result.scheduled_weight) == (
        "optimal",
        1,
        1,
        2,
    )


def test_two_days_let_the_participant_keep_to_one_venue_a_day():
    instance = instance_from_dict(
        _doc(
            [
                {"participants": [1, 2], "venues": ["hall"]},
                {"participants": [1, 3], "venues": ["zone"]},
            ],
            slots=4,
            per_day=2,
        )
    )
    plan = _plan(instance, weight=2)
    assert (plan.bound, plan.changes) == (0, 0)
    assert plan.places[0][1] != plan.places[1][1]  # one venue a day


def test_zero_travel_joins_venues_and_then_nothing_applies():
    instance = instance_from_dict(_doc([{"participants": [1, 2]}], travel=0))
    assert len(set(venue_groups(instance))) == 1
    assert not applies(instance)
    assert _plan(instance, weight=1) is None


def test_the_trip_s_relaxation_proves_three_breaks():
    instance = delegation_trip(0)
    built = _Model(instance, 2, priority=True)
    face = priority_face(instance, built.x, built.capacity)
    full = {built.capacity_group[i] for i in face.full}
    plan = plan_venue_days(
        instance,
        places=[key for key in built.x if key not in face.excluded],
        groups=[replace(g, full=i in full) for i, g in enumerate(built.groups)],
        must=face.forced,
        weight=face.ceiling,
        fairness_cap=2,
        time_limit=30,
    )
    assert (plan.bound, plan.changes) == (3, 3)
    assert len(plan.places) == 345
    assert sum(instance.meetings[m].priority for m in plan.places) == 634
    assert face.forced <= set(plan.places)


@st.composite
def two_venue_days(draw):
    n_p = draw(st.integers(3, 6))
    per_day = draw(st.integers(2, 4))
    days = draw(st.integers(1, 2))
    pairs = [(a, b) for a in range(1, n_p + 1) for b in range(a + 1, n_p + 1)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=2, max_size=9, unique=True))
    meetings = []
    for a, b in chosen:
        meeting = {"participants": [a, b], "priority": draw(st.integers(1, 3))}
        venues = draw(st.sampled_from([None, ["hall"], ["zone"]]))
        if venues:
            meeting["venues"] = venues
        meetings.append(meeting)
    doc = _doc(
        meetings,
        participants=n_p,
        slots=per_day * days,
        per_day=per_day,
        travel=draw(st.integers(1, 2)),
        tables=draw(st.integers(1, 2)),
    )
    for part in doc["participants"]:
        part["forbidden"] = draw(st.lists(st.integers(1, per_day * days), max_size=1))
    return instance_from_dict(doc)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_venue_days())
def test_the_relaxation_never_proves_more_breaks_than_a_schedule_has(instance):
    result = solve(instance, SolveOptions(time_limit=10, workers=2))
    report = check(instance, result.to_json(instance), fairness=2)
    assert report.valid, report.violations
    plan = _plan(instance, weight=result.scheduled_weight)
    assert plan is not None
    # Every schedule of this priority sum has at least plan.bound breaks, so the one
    # found has too, and the solver's own bound includes the relaxation's.
    assert plan.bound <= result.objective
    assert result.bound <= result.objective
    if result.status == "optimal":
        assert plan.bound <= result.bound == result.objective
