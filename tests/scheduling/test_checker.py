"""The independent checker against hand-written schedules, one broken rule at a time."""

from __future__ import annotations

import copy

import pytest

from sme2go.scheduling.checker import check

from .conftest import make

VENUES = [{"id": "hall", "tables": 2, "open_slots": [1, 2, 3, 4]}, {"id": "zone", "tables": 1}]
PARTS = [
    {"id": "host", "fixed_table": {"venue": "hall", "table": 1}},
    {"id": "a"},
    {"id": "b", "forbidden": [4]},
    {"id": "c"},
    {"id": "d"},
]
MEETINGS = [
    {"participants": ["host", "a"], "session": "morning"},
    {"participants": ["host", "b"], "fixed_slot": 2},
    {"participants": ["a", "b"], "after": [1], "interpreter": "zh"},
    {"participants": ["c", "d"], "venues": ["zone"], "interpreter": "zh"},
]


@pytest.fixture
def instance():
    return make(
        MEETINGS,
        PARTS,
        slots=5,
        morning_slots=2,
        venues=VENUES,
        travel=[{"between": ["hall", "zone"], "slots": 1}],
        interpreters={"zh": 1},
    )


def entry(m, people, slot, table, venue):
    return {"meeting": m, "participants": people, "slot": slot, "table": table, "venue": venue}


@pytest.fixture
def good():
    return {
        "status": "optimal",
        "objective": 0,
        "bound": 0,
        "time_s": 0.1,
        "meetings": [
            entry(1, ["host", "a"], 1, 1, "hall"),
            entry(2, ["host", "b"], 2, 1, "hall"),
            entry(3, ["a", "b"], 3, 2, "hall"),
            entry(4, ["c", "d"], 4, 1, "zone"),
        ],
        "unscheduled": [],
        "breaks": {"host": 0, "a": 1, "b": 0, "c": 0, "d": 0},
    }


def test_valid_schedule_passes_and_breaks_are_recomputed(instance, good):
    good["objective"] = 1
    report = check(instance, good)
    assert report.valid, report.violations
    assert report.objective == 1
    assert report.breaks["a"] == 1


def broken(good, m, **changes):
    solution = copy.deepcopy(good)
    solution["objective"] = None
    solution["breaks"] = None
    solution["meetings"][m - 1].update(changes)
    return solution


@pytest.mark.parametrize(
    ("meeting", "changes", "expected"),
    [
        (1, {"slot": 6}, "outside 1..5"),
        (1, {"slot": 3}, "morning-only"),
        (3, {"slot": 4, "table": 2}, "forbidden for participant b"),
        (2, {"slot": 1, "table": 1}, "fixed to slot 2"),
        (3, {"slot": 1, "table": 2}, "must come after meeting 1"),
        (3, {"slot": 2, "table": 2}, "participant b is in 2 meetings in slot 2"),
        (4, {"venue": "hall", "table": 2}, "not allowed"),
        (3, {"table": 3}, "table 3 outside 1..2"),
        (3, {"table": 1}, "reserved for another participant"),
        (2, {"table": 2}, "participant host keeps table 1"),
        (4, {"slot": 3}, "zh interpreter"),
        (4, {"venue": "mars"}, "unknown venue"),
    ],
)
def test_each_violation_is_reported(instance, good, meeting, changes, expected):
    report = check(instance, broken(good, meeting, **changes))
    assert not report.valid
    assert any(expected in v for v in report.violations), report.violations


def test_table_clash_is_reported():
    inst = make([[1, 2], [3, 4]], slots=2, tables=2)
    solution = {
        "meetings": [entry(1, [1, 2], 1, 1, None), entry(2, [3, 4], 1, 1, None)],
        "unscheduled": [],
    }
    report = check(inst, solution)
    assert any("table 1 in slot 1 is used by meetings [1, 2]" in v for v in report.violations)


def test_closed_venue_and_travel_are_reported():
    inst = make(
        [{"participants": [1, 2], "venues": ["x"]}, {"participants": [1, 3], "venues": ["y"]}],
        slots=4,
        venues=[{"id": "x", "tables": 1, "open_slots": [1, 2]}, {"id": "y", "tables": 1}],
        travel=[{"between": ["x", "y"], "slots": 2}],
    )
    solution = {
        "meetings": [entry(1, [1, 2], 3, 1, "x"), entry(2, [1, 3], 4, 1, "y")],
        "unscheduled": [],
    }
    report = check(inst, solution)
    assert any("closed in slot 3" in v for v in report.violations)
    assert any("travel needs 2" in v for v in report.violations)


def test_missing_meeting_and_wrong_claims_are_reported(instance, good):
    solution = copy.deepcopy(good)
    del solution["meetings"][3]
    solution["breaks"]["a"] = 0
    report = check(instance, solution)
    assert "meeting 4 is not scheduled" in report.violations
    assert any("reported 0 breaks, actually 1" in v for v in report.violations)
    assert any("reported objective 0, recomputed 1" in v for v in report.violations)


def test_fairness_is_recomputed():
    inst = make([[1, 2], [2, 3], [1, 3]], slots=3)
    solution = {
        "meetings": [
            entry(1, [1, 2], 1, 1, None),
            entry(2, [2, 3], 2, 1, None),
            entry(3, [1, 3], 3, 1, None),
        ],
        "unscheduled": [],
    }
    assert check(inst, solution, fairness=1).valid
    report = check(inst, solution, fairness=0)
    assert any(v.startswith("fairness") for v in report.violations)


def test_solution_of_another_instance_is_reported_as_foreign(instance, good):
    other = make([[1, 2], [1, 3]], slots=3)
    report = check(other, good)
    assert report.foreign
    assert report.violations[0] == "the solution does not belong to this instance"
    assert check(instance, {"meetings": [entry(9, ["a", "b"], 1, 1, "hall")]}).foreign


def test_priority_mode_accepts_listed_unscheduled_meetings():
    inst = make([[1, 2], [1, 3]], slots=1, mode="priority")
    solution = {"meetings": [entry(1, [1, 2], 1, 1, None)], "unscheduled": [2]}
    assert check(inst, solution).valid
    solution["unscheduled"] = []
    assert not check(inst, solution).valid
