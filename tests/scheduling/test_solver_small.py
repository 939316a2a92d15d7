"""The CP-SAT model on small hand-made instances whose answers are known by hand."""

from __future__ import annotations

import time

from sme2go.scheduling.cpsat import SolveOptions, _Shared, _Stall, solve
from sme2go.scheduling.generators import delegation_trip
from sme2go.scheduling.greedy import greedy

from .conftest import make, solve_checked

TRIANGLE = [[1, 2], [2, 3], [1, 3]]


def test_triangle_has_one_unavoidable_break():
    # Three meetings pairwise sharing a participant take three slots; whoever is not in
    # the middle meeting waits.
    result = solve_checked(make(TRIANGLE, slots=3, tables=1))
    assert result.status == "optimal"
    assert result.objective == 1
    assert sorted(result.breaks.values()) == [0, 0, 1]


def test_triangle_with_zero_fairness_is_infeasible_in_three_slots():
    result = solve_checked(make(TRIANGLE, slots=3), fairness=0)
    assert result.status == "infeasible"
    assert result.assignments == []


def test_triangle_with_zero_fairness_needs_everyone_to_wait():
    # With five slots (1, 3, 5) every participant gets exactly one break: 3 in total.
    result = solve_checked(make(TRIANGLE, slots=5), fairness=0)
    assert result.status == "optimal"
    assert result.objective == 3


def test_more_meetings_than_slots_is_infeasible():
    result = solve_checked(make([[1, 2], [1, 3], [1, 4]], slots=2))
    assert result.status == "infeasible"


def test_tables_limit_meetings_per_slot():
    result = solve_checked(make([[1, 2], [3, 4], [5, 6]], slots=2, tables=1))
    assert result.status == "infeasible"
    result = solve_checked(make([[1, 2], [3, 4], [5, 6]], slots=3, tables=1))
    assert result.status == "optimal"
    assert sorted(a.slot for a in result.assignments) == [1, 2, 3]


def test_sessions_forbidden_and_fixed_slots():
    meetings = [
        {"participants": [1, 2], "session": "afternoon"},
        {"participants": [1, 3], "fixed_slot": 2},
        {"participants": [2, 3], "session": "morning"},
    ]
    parts = [{"id": 1}, {"id": 2, "forbidden": [3]}, {"id": 3}]
    result = solve_checked(make(meetings, parts, slots=4, morning_slots=2))
    slot = {a.meeting: a.slot for a in result.assignments}
    assert (slot[1], slot[2], slot[3]) == (4, 2, 1)


def test_precedences_order_meetings():
    meetings = [
        {"participants": [1, 2], "after": [2]},
        [1, 3],
        {"participants": [2, 3], "after": [1]},
    ]
    result = solve_checked(make(meetings, slots=4))
    slot = {a.meeting: a.slot for a in result.assignments}
    assert slot[2] < slot[1] < slot[3]


def test_precedence_cycle_is_infeasible():
    meetings = [{"participants": [1, 2], "after": [2]}, {"participants": [3, 4], "after": [1]}]
    assert solve_checked(make(meetings)).status == "infeasible"


def test_group_meeting_blocks_all_its_participants():
    # A delegation visit (1, 2, 3 meet host 4) plus 1:1 meetings of the same companies.
    meetings = [[4, 1, 2, 3], [1, 2], [3, 5], [1, 5]]
    result = solve_checked(make(meetings, slots=4))
    assert result.status == "optimal"
    assert result.objective == 0
    visit = next(a.slot for a in result.assignments if a.meeting == 1)
    others = [a.slot for a in result.assignments if a.meeting in (2, 3)]
    assert visit not in others


def test_travel_between_venues_forces_a_gap():
    venues = [{"id": "hall", "tables": 2}, {"id": "zone", "tables": 2}]
    meetings = [
        {"participants": [1, 2], "venues": ["hall"]},
        {"participants": [1, 3], "venues": ["zone"]},
    ]
    without = solve_checked(make(meetings, slots=3, venues=venues))
    assert without.objective == 0
    travel = [{"between": ["hall", "zone"], "slots": 1}]
    result = solve_checked(make(meetings, slots=3, venues=venues, travel=travel))
    assert result.status == "optimal"
    assert result.objective == 1
    slots = sorted(a.slot for a in result.assignments)
    assert slots[1] - slots[0] >= 2
    assert {a.venue for a in result.assignments} == {1, 2}


def test_travel_does_not_cross_the_night_and_nights_are_not_breaks():
    venues = [{"id": "weifang", "tables": 1}, {"id": "rizhao", "tables": 1}]
    travel = [{"between": ["weifang", "rizhao"], "slots": 3}]
    meetings = [
        {"participants": [1, 2], "venues": ["weifang"], "fixed_slot": 2},
        {"participants": [1, 3], "venues": ["rizhao"], "fixed_slot": 3},
    ]
    inst = make(meetings, slots=4, venues=venues, travel=travel, slots_per_day=2)
    result = solve_checked(inst)
    assert result.status == "optimal"
    assert result.objective == 0


def test_interpreters_limit_meetings_per_language_and_slot():
    meetings = [{"participants": [2 * i + 1, 2 * i + 2], "interpreter": "zh"} for i in range(4)]
    two = make(meetings, slots=2, interpreters={"zh": 2})
    result = solve_checked(two)
    assert result.status == "optimal"
    per_slot = [sum(1 for a in result.assignments if a.slot == t) for t in (1, 2)]
    assert per_slot == [2, 2]
    one = make(meetings, slots=2, interpreters={"zh": 1})
    assert solve_checked(one).status == "infeasible"


def test_fixed_table_is_kept_and_reserved():
    venues = [{"id": "hall", "tables": 2}]
    parts = [{"id": "host", "fixed_table": {"venue": "hall", "table": 2}}] + [
        {"id": c} for c in "abcd"
    ]
    meetings = [["host", "a"], ["host", "b"], ["c", "d"]]
    result = solve_checked(make(meetings, parts, slots=2, venues=venues))
    assert result.status == "optimal"
    tables = {a.meeting: a.table for a in result.assignments}
    assert tables[1] == tables[2] == 2 and tables[3] == 1
    # Only table 1 is free for others: two meetings of others cannot share a slot.
    crowded = make([["host", "a"], ["c", "d"], ["b", "c"]], parts, slots=1, venues=venues)
    assert solve_checked(crowded).status == "infeasible"


def test_priority_mode_keeps_the_valuable_requests():
    parts = [{"id": 1, "forbidden": [3, 4]}] + [{"id": p} for p in range(2, 6)]
    meetings = [
        {"participants": [1, 2], "priority": 3},
        {"participants": [1, 3], "priority": 1},
        {"participants": [1, 4], "priority": 2},
        {"participants": [1, 5], "priority": 1},
    ]
    inst = make(meetings, parts, slots=4, mode="priority")
    result = solve_checked(inst)
    assert result.status == "optimal"
    assert result.unscheduled == [2, 4]
    assert result.scheduled_weight == 5
    # The first phase's bound and gap are reported too: proven, so no gap.
    assert result.weight_bound == 5
    assert result.weight_gap() == 0.0
    solution = result.to_json(inst)
    assert (solution["scheduled_weight"], solution["weight_bound"]) == (5, 5)
    assert result.objective == 0
    required = solve_checked(make(meetings, parts, slots=4))
    assert required.status == "infeasible"


def test_greedy_places_in_request_order_at_the_earliest_slot():
    result = greedy(make(TRIANGLE, slots=3))
    assert [(a.meeting, a.slot, a.table) for a in result.assignments] == [
        (1, 1, 1),
        (2, 2, 1),
        (3, 3, 1),
    ]
    assert result.objective == 1


def test_same_seed_and_workers_give_the_same_schedule():
    inst = make([[1, 2], [2, 3], [3, 4], [1, 4], [1, 3], [2, 4]], slots=6, tables=2)
    runs = [
        solve(inst, SolveOptions(time_limit=10, workers=2, seed=7, deterministic=True))
        for _ in range(2)
    ]
    assert runs[0].assignments == runs[1].assignments
    assert runs[0].objective == runs[1].objective


def test_deterministic_mode_repeats_on_a_trip_sized_instance():
    # The bench's trip (400 requests, priority mode). With an explicit work limit the
    # answer does not depend on how busy the machine is; the clock is only a safety net.
    inst = delegation_trip(0)
    options = SolveOptions(time_limit=600, workers=2, seed=3, deterministic=True, work=1.5)
    runs = [solve(inst, options) for _ in range(2)]
    assert runs[0].status in ("optimal", "feasible")
    assert sorted(runs[0].assignments, key=lambda a: a.meeting) == sorted(
        runs[1].assignments, key=lambda a: a.meeting
    )
    assert (runs[0].objective, runs[0].scheduled_weight) == (
        runs[1].objective,
        runs[1].scheduled_weight,
    )
    assert runs[0].weight_bound >= runs[0].scheduled_weight


def test_the_neighbourhood_search_stops_once_it_has_stalled():
    shared = _Shared([(0, 0, 1)], 5, 0)
    shared.improved_at = time.monotonic() - 10
    assert _Stall(shared, time.monotonic() - 1, 5.0)()
    # Not before its earliest moment, however long since the last better schedule.
    assert not _Stall(shared, time.monotonic() + 100, 5.0)()
    # A better schedule starts the wait again; a worse one does not.
    assert shared.offer([(0, 0, 2)], 4)
    assert not _Stall(shared, time.monotonic() - 1, 5.0)()
    shared.improved_at -= 10
    assert not shared.offer([(0, 0, 3)], 4)
    assert _Stall(shared, time.monotonic() - 1, 5.0)()
