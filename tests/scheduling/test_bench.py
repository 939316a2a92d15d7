"""The bench's variant sources: the same schedules on every run, kept with the package."""

import json

from sme2go.scheduling.bench import SOURCES_FILE, _saved, _sources, load_directory, save_sources
from sme2go.scheduling.cli import main
from sme2go.scheduling.generators import brokerage_event

from .test_loaders import SMALL


def small():
    return brokerage_event(seed=3, participants=14, meetings=24, slots=8, tables=6)


def test_variant_sources_repeat_and_are_valid(tmp_path):
    instance = small()
    nowhere = tmp_path / "none.json"
    first = _sources({"small": instance}, workers=2, seed=0, saved_in=nowhere)
    again = _sources({"small": instance}, workers=2, seed=0, saved_in=nowhere)
    assert first == again
    assert sorted(first["small"]) == list(range(1, 25))
    # The variants take only the slots: no participant twice in one.
    schedule = first["small"]
    assert all(1 <= t <= 8 for t in schedule.values())
    for p in range(1, 15):
        mine = [schedule[m + 1] for m, x in enumerate(instance.meetings) if p in x.participants]
        assert len(mine) == len(set(mine))


def test_saved_sources_are_read_back_and_checked(tmp_path):
    instance = small()
    path = tmp_path / "sources.json"
    assert save_sources(path, {"small": instance}, workers=2, seed=0) == 1
    body = json.loads(path.read_text())
    assert body["format"] == "sme2go-variant-sources/1" and body["seed"] == 0
    rows = body["instances"]["small"]
    assert [row[0] for row in rows] == list(range(1, 25))
    drawn = _sources({"small": instance}, workers=2, seed=0, saved_in=tmp_path / "none.json")
    assert _sources({"small": instance}, workers=2, seed=0, saved_in=path) == drawn
    # Two meetings of one participant in one slot: not a schedule of this instance.
    p = instance.meetings[0].participants[0]
    other = next(m for m, x in enumerate(instance.meetings) if m and p in x.participants)
    clash = [list(row) for row in rows]
    clash[other][1] = clash[0][1]
    assert _saved(instance, clash) is None
    assert _saved(instance, [["one", 2, 1, 1]]) is None
    # Another seed's file is not used: the sources are drawn again.
    body["seed"] = 1
    body["instances"]["small"] = clash
    path.write_text(json.dumps(body))
    assert _sources({"small": instance}, workers=2, seed=0, saved_in=path) == drawn


def test_the_package_keeps_a_checked_source_of_every_published_instance(bench_dir):
    instances = load_directory(bench_dir)
    saved = json.loads(SOURCES_FILE.read_text())["instances"]
    assert sorted(saved) == sorted(instances)
    for name, instance in instances.items():
        schedule = _saved(instance, saved[name])
        assert schedule is not None, name
        assert schedule == {m: t for m, t, _v, _table in saved[name]}


def test_save_sources_from_the_command_line(tmp_path, capsys):
    directory = tmp_path / "set"
    directory.mkdir()
    (directory / "small.dzn").write_text(SMALL)
    target = tmp_path / "out.json"
    assert main(["bench", str(directory), "--save-sources", str(target)]) == 0
    assert capsys.readouterr().out == f"{target}: a variant source for 1 of 1 instances\n"
    instance = load_directory(directory)["small.dzn"]
    rows = json.loads(target.read_text())["instances"]["small.dzn"]
    assert sorted(_saved(instance, rows)) == list(range(1, len(instance.meetings) + 1))
