"""``sme2go schedule solve|check|bench`` end to end, through ``cli.main``."""

from __future__ import annotations

import json

import pytest

from sme2go.scheduling.cli import main

from .test_loaders import SMALL

TRIANGLE = {
    "slots": 3,
    "tables": 1,
    "participants": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
    "meetings": [
        {"participants": ["a", "b"]},
        {"participants": ["b", "c"]},
        {"participants": ["a", "c"]},
    ],
}


@pytest.fixture
def triangle(tmp_path):
    path = tmp_path / "triangle.json"
    path.write_text(json.dumps(TRIANGLE))
    return path


def test_solve_prints_the_stable_json_shape(triangle, capsys):
    assert main(["solve", str(triangle), "--time-limit", "5", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {
        "status",
        "objective",
        "bound",
        "time_s",
        "meetings",
        "unscheduled",
        "breaks",
    }
    assert out["status"] == "optimal" and out["objective"] == 1 and out["bound"] == 1
    assert sorted(m["meeting"] for m in out["meetings"]) == [1, 2, 3]
    first = out["meetings"][0]
    assert set(first) == {"meeting", "participants", "slot", "table", "venue"}
    assert first["participants"] == ["a", "b"] and first["venue"] is None and first["table"] == 1
    assert out["breaks"] == {"a": 1, "b": 0, "c": 0} or sum(out["breaks"].values()) == 1


def test_solve_shows_progress_on_stderr_and_writes_output_file(triangle, tmp_path, capsys):
    target = tmp_path / "out.json"
    assert main(["solve", str(triangle), "--time-limit", "2", "--output", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "optimal, breaks 1" in captured.err
    assert json.loads(target.read_text())["objective"] == 1


def test_infeasible_is_a_proven_answer_with_exit_0(triangle, capsys):
    assert main(["solve", str(triangle), "--fairness", "0", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "infeasible" and out["meetings"] == [] and out["objective"] is None


def test_greedy_method(triangle, capsys):
    assert main(["solve", str(triangle), "--method", "greedy"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [m["slot"] for m in out["meetings"]] == [1, 2, 3]


def test_solve_then_check_round_trip(tmp_path, capsys):
    dzn = tmp_path / "small.dzn"
    dzn.write_text(SMALL)
    solution = tmp_path / "solution.json"
    assert main(["solve", str(dzn), "--quiet", "--time-limit", "5", "--output", str(solution)]) == 0
    capsys.readouterr()
    assert main(["check", str(dzn), str(solution)]) == 0
    assert capsys.readouterr().out.startswith("valid: objective ")
    broken = json.loads(solution.read_text())
    for entry in broken["meetings"]:
        entry["slot"] = 1
    solution.write_text(json.dumps(broken))
    assert main(["check", str(dzn), str(solution)]) == 1
    out = capsys.readouterr().out
    assert "fixed to slot 3 but placed in 1" in out
    assert "participant 1 is in 2 meetings in slot 1" in out


def test_check_reports_a_foreign_solution(triangle, tmp_path, capsys):
    dzn = tmp_path / "small.dzn"
    dzn.write_text(SMALL)
    solution = tmp_path / "solution.json"
    assert main(["solve", str(triangle), "--quiet", "--output", str(solution)]) == 0
    assert main(["check", str(dzn), str(solution)]) == 1
    assert "the solution does not belong to this instance" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "suffix", "message"),
    [
        (
            SMALL.replace("|2, 3,1,", "|2, 9,1,"),
            ".dzn",
            "field 'requested' (line 8): participant 9 out of range 1..3",
        ),
        (SMALL.replace("nTables = 2;\n", ""), ".dzn", "field 'nTables': missing"),
        (SMALL.replace("fixed = [0,0,3];", "fixed = [0,0,5];"), ".dzn", "field 'fixed' (line 14)"),
        (json.dumps({**TRIANGLE, "tables": -1}), ".json", "tables: must not be negative"),
        ("{not json", ".json", "line 1: not valid JSON"),
        ("x", ".txt", "unknown instance format"),
    ],
)
def test_bad_input_is_one_message_and_exit_2(tmp_path, capsys, text, suffix, message):
    path = tmp_path / f"bad{suffix}"
    path.write_text(text)
    assert main(["solve", str(path), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_missing_file_and_bad_options_exit_2(tmp_path, capsys):
    assert main(["solve", str(tmp_path / "nope.dzn")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["solve"]) == 2
    assert main(["solve", "x.dzn", "--fairness", "-1"]) == 2
    assert main(["solve", "x.dzn", "--workers", "0"]) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err
    assert main(["solve", "x.dzn", "--deterministic", "--work", "0"]) == 2
    assert one_error_line(capsys) == (
        "sme2go schedule: --work must be a positive finite number, got 0.0"
    )
    assert main(["bench", "--variants", "some"]) == 2
    assert "expected a count or 'all', got 'some'" in capsys.readouterr().err
    assert main(["bench", "--synthetic-seeds", "0"]) == 2
    assert "--synthetic-seeds must be at least 1" in one_error_line(capsys)


def test_priority_mode_prints_the_first_phases_bound(tmp_path, capsys):
    doc = {**TRIANGLE, "slots": 2, "mode": "priority"}
    doc["meetings"] = [
        {**m, "priority": p} for m, p in zip(TRIANGLE["meetings"], (3, 1, 2), strict=True)
    ]
    path = tmp_path / "priority.json"
    path.write_text(json.dumps(doc))
    assert main(["solve", str(path), "--time-limit", "5", "--quiet"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    # Two slots, one table: two of the three meetings, the weights 3 and 2.
    assert (out["scheduled_weight"], out["weight_bound"]) == (5, 5)
    assert out["unscheduled"] == [2]
    assert "priority sum 5 of at most 5 (gap 0.0%)" in captured.err


def test_bench_on_a_directory(tmp_path, capsys):
    (tmp_path / "small.dzn").write_text(SMALL)
    (tmp_path / "optima.csv").write_text(
        "instance,fairness_d,status,optimal_breaks,published_best_time_s\nsmall.dzn,2,optimal,1,0.1\n"
    )
    code = main(["bench", str(tmp_path), "--time-limit", "3", "--no-synthetic", "--variants", "0"])
    out = capsys.readouterr().out
    assert code == 0
    assert "small.dzn" in out and "published: 1/1 at the published optimum" in out
    assert "peak memory (RSS)" in out


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0"])
def test_time_limit_must_be_a_positive_finite_number(triangle, capsys, value):
    assert main(["solve", str(triangle), f"--time-limit={value}", "--quiet"]) == 2
    err = one_error_line(capsys)
    assert err.startswith("sme2go schedule: --time-limit must be")
    assert main(["bench", str(triangle.parent), f"--synthetic-time-limit={value}"]) == 2
    assert "--synthetic-time-limit must be" in one_error_line(capsys)


def test_output_into_a_missing_directory_or_onto_a_directory(triangle, tmp_path, capsys):
    missing = tmp_path / "nowhere" / "out.json"
    assert main(["solve", str(triangle), "--quiet", "--output", str(missing)]) == 2
    assert one_error_line(capsys) == (
        f"sme2go schedule: --output {missing}: the directory {missing.parent} does not exist"
    )
    assert main(["solve", str(triangle), "--quiet", "--output", str(tmp_path)]) == 2
    assert one_error_line(capsys) == (
        f"sme2go schedule: --output {tmp_path}: is a directory; name a file"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["triangle.json"]


@pytest.mark.parametrize("suffix", [".json", ".dzn"])
def test_a_latin1_instance_is_one_sentence(tmp_path, capsys, suffix):
    path = tmp_path / f"latin{suffix}"
    text = json.dumps({**TRIANGLE, "name": "Café"}, ensure_ascii=False)
    text = text if suffix == ".json" else "% Café\n" + SMALL
    path.write_bytes(text.encode("latin-1"))
    assert main(["solve", str(path), "--quiet"]) == 2
    assert "not UTF-8 text" in one_error_line(capsys)
    assert main(["check", str(tmp_path / "x.dzn"), str(path)]) == 2  # a latin-1 solution too


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            {**TRIANGLE, "slots": 1_000_000_000_000},
            "slots: 1,000,000,000,000 is more than the engine's limit of 2,000",
        ),
        ({**TRIANGLE, "slots": 100_000}, "slots: 100,000 is more than the engine's limit"),
        ({**TRIANGLE, "tables": 10**9}, "tables: 1,000,000,000 is more than"),
        (
            {**TRIANGLE, "participants": [*TRIANGLE["participants"], {"id": "x" * 201}]},
            "participant id 'xxxx",
        ),
        (
            {
                **TRIANGLE,
                "slots": 2000,
                "participants": [{"id": i} for i in range(1001)],
                "meetings": [{"participants": [0, 1]}],
            },
            "slots x (participants + meetings x venues): 2,004,000 is more than",
        ),
    ],
)
def test_sizes_beyond_the_limits_are_refused_before_solving(tmp_path, capsys, document, message):
    path = tmp_path / "big.json"
    path.write_text(json.dumps(document))
    assert main(["solve", str(path), "--quiet"]) == 2
    err = one_error_line(capsys)
    assert message in err
    assert "(see Limits in docs/scheduling.md)" in err


def test_dzn_sizes_and_set_ranges_are_bounded(tmp_path, capsys):
    path = tmp_path / "big.dzn"
    path.write_text(SMALL.replace("nTotalSlots = ", "nTotalSlots = 99999999999999; % "))
    assert main(["solve", str(path), "--quiet"]) == 2
    assert "field 'nTotalSlots' (line" in one_error_line(capsys)
    path.write_text(SMALL.replace("forbidden = [", "forbidden = [{1..1000000000000}, ", 1))
    assert main(["solve", str(path), "--quiet"]) == 2
    assert "the set 1..1000000000000 has more elements than" in one_error_line(capsys)


def test_an_oversized_file_is_refused_unread(tmp_path, capsys, monkeypatch):
    from sme2go.scheduling import model

    path = tmp_path / "padded.json"
    path.write_text(json.dumps(TRIANGLE) + " " * 2000)
    monkeypatch.setattr(model, "MAX_FILE_BYTES", 1000)
    assert main(["solve", str(path), "--quiet"]) == 2
    assert "bytes is more than the engine's limit of 1,000 bytes" in one_error_line(capsys)


def test_the_solvers_check_the_limits_of_instances_built_in_code():
    from dataclasses import replace

    from sme2go.scheduling import InstanceError, SolveOptions, greedy, instance_from_dict, solve

    instance = replace(instance_from_dict(TRIANGLE), slots=10**12)
    for run in (lambda: solve(instance), lambda: greedy(instance)):
        with pytest.raises(InstanceError, match="slots: 1,000,000,000,000 is more than"):
            run()
    with pytest.raises(InstanceError, match="time limit: must be a positive number, got nan"):
        solve(instance_from_dict(TRIANGLE), SolveOptions(time_limit=float("nan")))
