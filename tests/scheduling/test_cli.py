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
