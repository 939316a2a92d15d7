"""The .dzn and JSON loaders: the published files load, bad input names field and line."""

from __future__ import annotations

import pytest

from sme2go.scheduling.dzn import dzn_to_instance, load_dzn
from sme2go.scheduling.jsonformat import instance_from_dict, instance_to_dict
from sme2go.scheduling.model import InstanceError

SMALL = """\
% a tiny instance in the benchmark's format
nBusiness = 3;
nMeetings = 3;
nTables = 2;
nTotalSlots = 4;
nMorningSlots = 2;
requested = [|1, 2,3,
|2, 3,1,
|1, 3,2,
|];
meetingsxBusiness = [{1,2,4},{1,2,3},{1,3,4}];
nMeetingsBusiness = [2,2,2];
forbidden = [{0},{0, 4},{0}];
fixed = [0,0,3];
precedences = [{},{},{1}];
"""


def test_small_dzn_loads_every_field():
    inst = dzn_to_instance(SMALL)
    assert len(inst.participants) == 3 and inst.tables == 2 and inst.slots == 4
    assert inst.morning_slots == 2
    assert [m.participants for m in inst.meetings] == [(1, 2), (2, 3), (1, 3)]
    assert [m.session for m in inst.meetings] == [3, 1, 2]
    assert inst.participants[1].forbidden == {4}
    assert inst.meetings[2].fixed_slot == 3
    assert inst.meetings[2].after == (1,)


def test_optional_fields_may_be_absent():
    text = "\n".join(
        line for line in SMALL.splitlines() if not line.startswith(("fixed", "precedences"))
    )
    inst = dzn_to_instance(text)
    assert all(m.fixed_slot is None and not m.after for m in inst.meetings)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("nTables = 2;", "", "field 'nTables': missing"),
        ("|2, 3,1,", "|2, 7,1,", "field 'requested' (line 8): participant 7 out of range 1..3"),
        ("|2, 3,1,", "|2, 2,1,", "field 'requested' (line 8): participant 2 meets itself"),
        ("nTables = 2;", "nTables = -2;", "field 'nTables' (line 4): must not be negative"),
        (
            "fixed = [0,0,3];",
            "fixed = [0,0,9];",
            "field 'fixed' (line 14): fixed slot 9 outside 1..4",
        ),
        (
            "forbidden = [{0},{0, 4},{0}];",
            "forbidden = [{0},{0, 5},{0}];",
            "field 'forbidden' (line 13): slot 5 outside 1..4",
        ),
        (
            "precedences = [{},{},{1}];",
            "precedences = [{},{},{8}];",
            "field 'precedences' (line 15): meeting 8 out of range",
        ),
        (
            "nMeetingsBusiness = [2,2,2];",
            "nMeetingsBusiness = [2,2,1];",
            "field 'nMeetingsBusiness' (line 12)",
        ),
        ("|1, 3,2,", "|1, 3,5,", "field 'requested' (line 9): session must be 1, 2 or 3"),
        (
            "nMeetings = 3;",
            "nMeetings = 4;",
            "field 'requested' (line 7): has 3 elements, expected 4",
        ),
        ("nTables = 2;", "nTables = 2 $;", "line 4: cannot read '$;'"),
    ],
)
def test_bad_dzn_names_field_and_line(old, new, message):
    with pytest.raises(InstanceError) as err:
        dzn_to_instance(SMALL.replace(old, new))
    assert message in str(err.value)


def test_published_instances_load(bench_dir):
    files = sorted(bench_dir.glob("*.dzn"))
    assert len(files) == 20
    for path in files:
        inst = load_dzn(path)
        assert len(inst.meetings) > 100


def test_json_round_trip_keeps_the_extensions():
    doc = {
        "name": "trip",
        "slots": 4,
        "morning_slots": 2,
        "slots_per_day": 2,
        "venues": [{"id": "hall", "tables": 2, "open_slots": [1, 2]}, {"id": "zone", "tables": 1}],
        "travel": [{"between": ["hall", "zone"], "slots": 1}],
        "interpreters": {"zh": 1},
        "mode": "priority",
        "participants": [
            {"id": "host", "fixed_table": {"venue": "hall", "table": 2}},
            {"id": "a", "forbidden": [3]},
            {"id": "b"},
        ],
        "meetings": [
            {"participants": ["host", "a", "b"], "venues": ["hall"], "interpreter": "zh"},
            {"participants": ["a", "b"], "session": "afternoon", "after": [1], "priority": 3},
            {"participants": ["host", "b"], "fixed_slot": 1},
        ],
    }
    inst = instance_from_dict(doc)
    assert inst.participants[0].fixed_table == (1, 2)
    assert inst.meetings[0].participants == (1, 2, 3) and inst.meetings[0].venues == (1,)
    assert inst.travel == ((0, 1), (1, 0)) and not inst.require_all
    again = instance_from_dict(instance_to_dict(inst))
    assert again == inst


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("slots"), "slots: missing"),
        (
            lambda d: d["meetings"].append({"participants": [1, 9]}),
            "meetings[1].participants: unknown participant 9",
        ),
        (
            lambda d: d["meetings"].append({"participants": [1, 1]}),
            "meetings[1]: participant 1 meets itself",
        ),
        (lambda d: d.update(tables=-1), "tables: must not be negative"),
        (
            lambda d: d["meetings"][0].update(fixed_slot=7),
            "meetings[0].fixed_slot: fixed slot 7 outside 1..3",
        ),
        (
            lambda d: d["participants"][0].update(forbidden=[0]),
            "participants[0].forbidden: slot 0 outside 1..3",
        ),
        (lambda d: d["meetings"][0].update(after=[5]), "meetings[0].after: meeting 5 out of range"),
        (
            lambda d: d["meetings"][0].update(interpreter="fi"),
            "no interpreters declared for language 'fi'",
        ),
        (lambda d: d.update(slots="x"), "slots: expected an integer"),
    ],
)
def test_bad_json_names_the_field(change, message):
    doc = {
        "slots": 3,
        "tables": 1,
        "participants": [{"id": 1}, {"id": 2}],
        "meetings": [{"participants": [1, 2]}],
    }
    change(doc)
    with pytest.raises(InstanceError) as err:
        instance_from_dict(doc)
    assert message in str(err.value)
