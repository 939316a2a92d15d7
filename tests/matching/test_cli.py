"""``sme2go match`` end to end on small files, and its messages on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sme2go.matching.bench import _worker
from sme2go.matching.cli import main

DEMO = ["--companies", "{d}/demo_companies.csv", "--needs", "{d}/demo_needs.csv"]


def _args(data_dir, *extra: str) -> list[str]:
    return [a.format(d=data_dir) for a in DEMO] + list(extra)


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_run_prints_exact_rankings_and_json_shape(capsys, data_dir):
    code, out, _ = _run(capsys, ["run", *_args(data_dir, "--top", "2")])
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"results", "meta"} and set(doc["meta"]) == {"index_s", "query_s"}
    ranked = {r["need_id"]: [m["company_id"] for m in r["matches"]] for r in doc["results"]}
    assert ranked == {
        "ww": ["aqua", "games"],
        "house": ["wood", "aqua"],
        "fv": ["food", "wood"],
        "clean": ["air", "aqua"],
    }
    first = doc["results"][0]["matches"][0]
    assert first["rank"] == 1 and first["score"] == 1.0
    assert set(first["reasons"]) == {
        "summary",
        "terms",
        "codes",
        "sentence_pair",
        "constraints",
        "codes_only",
        "translations",
    }
    assert "waste water treatment" in first["reasons"]["terms"]
    assert len(first["reasons"]["sentence_pair"]) == 2


def test_run_company_to_need(capsys, data_dir):
    code, out, _ = _run(
        capsys, ["run", *_args(data_dir, "--top", "1", "--direction", "company-to-need")]
    )
    assert code == 0
    ranked = {
        r["company_id"]: [m["need_id"] for m in r["matches"]] for r in json.loads(out)["results"]
    }
    assert ranked == {
        "aqua": ["ww"],
        "wood": ["house"],
        "food": ["fv"],
        "air": ["clean"],
        "games": ["ww"],
        "law": [],
    }


def test_run_writes_output_file(capsys, data_dir, tmp_path):
    target = tmp_path / "out.json"
    code, out, _ = _run(capsys, ["run", *_args(data_dir, "--output", str(target))])
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["results"][0]["need_id"] == "ww"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_eval_prints_engine_and_baseline(capsys, data_dir, tmp_path):
    qrels = tmp_path / "qrels.csv"
    qrels.write_text(
        "need_id,company_id,relevance\nww,aqua,2\nhouse,wood,2\nfv,food,2\nclean,air,2\n"
    )
    code, out, _ = _run(capsys, ["eval", *_args(data_dir, "--qrels", str(qrels))])
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "4 judged needs, 6 companies"
    assert lines[1].split() == ["MRR@10", "Hit@1", "Hit@5", "Hit@10", "nDCG@10"]
    # A perfect ranking on every need: every resample has the same mean.
    assert lines[2].split() == ["engine", *["1.0000", "[1.000,", "1.000]"] * 5]
    assert [line.split()[0] for line in lines[3:5]] == ["plain", "bm25s"]
    assert lines[5].startswith("engine - plain BM25 ")
    assert lines[-1].startswith("[..] 95 % bootstrap intervals over needs (2000 resamples)")


def test_engine_beats_baseline_on_the_dev_set_text_only(capsys, data_dir):
    argv = [
        "eval", "--companies", str(data_dir / "companies.csv"), "--needs", str(data_dir / "needs.csv"),
        "--qrels", str(data_dir / "qrels.csv"), "--text-only", "--json",
    ]  # fmt: skip
    assert main(argv) == 0
    rows = json.loads(capsys.readouterr().out)
    engine, base = rows["engine"], rows["bm25s baseline"]
    assert engine["needs"] >= 50
    for metric in ("MRR", "Hit@10", "nDCG@10"):
        assert engine[metric] >= base[metric], metric


CSV_OK = "id,name,description\na,A,water\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "companies.csv: empty file (expected a header row)"),
        (
            b"id,description\na,water\n",
            "companies.csv, row 1, column 'name': missing required column name",
        ),
        (
            b"id,name,description\na,A,x\nb,B,y\na,C,z\n",
            "companies.csv, row 4, column 'id': duplicate id 'a' (first on row 2)",
        ),
        (
            b"id,name,description\na,A,ok\nb,B,caf\xe9\n",
            "companies.csv, row 3, column 'description': bytes that are not UTF-8",
        ),
        (
            b"id,name,description,cpv\na,A,x,90481000;12345678\n",
            "companies.csv, row 2, column 'cpv': unknown CPV code '12345678'",
        ),
        (
            b"id,name,description,domains\na,A,x,water\nb,B,y,space\n",
            "companies.csv, row 3, column 'domains': unknown domain 'space'",
        ),
    ],
)
def test_bad_company_files_exit_2_naming_file_row_column(
    capsys, data_dir, tmp_path, content, message
):
    bad = tmp_path / "companies.csv"
    bad.write_bytes(content)
    target = tmp_path / "out.json"
    argv = [
        "run",
        "--companies",
        str(bad),
        "--needs",
        str(data_dir / "demo_needs.csv"),
        "--output",
        str(target),
    ]
    code, out, err = _run(capsys, argv)
    assert code == 2 and out == ""
    assert err.startswith("sme2go match: ") and message in err
    assert len(err.strip().splitlines()) == 1
    assert not target.exists() and [p.name for p in tmp_path.iterdir()] == ["companies.csv"]


def test_bad_needs_file(capsys, data_dir, tmp_path):
    bad = tmp_path / "needs.csv"
    bad.write_text("id,title\nn1,x\n", encoding="utf-8")
    code, _, err = _run(
        capsys, ["run", "--companies", str(data_dir / "demo_companies.csv"), "--needs", str(bad)]
    )
    assert (
        code == 2
        and "needs.csv, row 1, column 'description': missing required column description" in err
    )


def test_qrels_with_unknown_ids_are_skipped_and_counted(capsys, data_dir, tmp_path):
    qrels = tmp_path / "qrels.csv"
    qrels.write_text("need_id,company_id,relevance\nww,nobody,2\nww,aqua,2\n", encoding="utf-8")
    code, out, err = _run(capsys, ["eval", *_args(data_dir, "--qrels", str(qrels))])
    assert code == 0 and out.startswith("1 judged needs")
    assert "1 judgement(s) name a need or company not in the inputs; skipped" in err


def test_bad_relevance_in_qrels(capsys, data_dir, tmp_path):
    qrels = tmp_path / "qrels.csv"
    qrels.write_text("need_id,company_id,relevance\nww,aqua,high\n", encoding="utf-8")
    code, _, err = _run(capsys, ["eval", *_args(data_dir, "--qrels", str(qrels))])
    assert (
        code == 2
        and "qrels.csv, row 2, column 'relevance': relevance must be a whole number" in err
    )


def test_long_profiles_are_read(tmp_path):
    from sme2go.matching.csvio import load_companies

    path = tmp_path / "companies.csv"
    path.write_text("id,name,description\na,A," + "water " * 60_000 + "\n", encoding="utf-8")
    assert len(load_companies(path)[0].texts["description"]) > 300_000


def test_console_script_dispatches_to_match(data_dir):
    exe = Path(sys.executable).with_name("sme2go")
    proc = subprocess.run(
        [str(exe), "match", "run", *_args(data_dir, "--top", "1")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"][0]["matches"][0]["company_id"] == "aqua"


def test_bench_worker_measures_both_systems():
    for system in ("engine", "bm25s baseline"):
        r = _worker(300, system, 5, 7)
        assert set(r) == {"index_s", "p50_ms", "p95_ms", "needs_per_s", "peak_mib"}
        assert r["needs_per_s"] > 0 and r["p95_ms"] >= r["p50_ms"] > 0


def _needs_file(tmp_path, description: str) -> Path:
    path = tmp_path / "needs.csv"
    path.write_text(f"id,title,description\nn1,Water,{description}\n", encoding="utf-8")
    return path


def test_a_huge_description_is_refused_naming_row_and_column(capsys, data_dir, tmp_path):
    """Issue 13: one 50 MB need description took 178 s and wrote 524 MB."""
    needs = _needs_file(tmp_path, "waste water treatment " * 2_500_000)
    argv = ["run", "--companies", str(data_dir / "demo_companies.csv"), "--needs", str(needs)]
    code, out, err = _run(capsys, argv)
    assert (code, out) == (2, "")
    assert err == (
        f"sme2go match: {needs}, row 2, column 'description': 54,999,999 characters is more "
        "than the limit of 1,000,000 for this column (see Limits in docs/matching.md)\n"
    )


def test_a_long_run_on_description_is_quoted_in_bounded_pieces(capsys, data_dir, tmp_path):
    needs = _needs_file(tmp_path, "waste water treatment plants " * 9_000)
    argv = ["run", "--companies", str(data_dir / "demo_companies.csv"), "--needs", str(needs)]
    code, out, _ = _run(capsys, [*argv, "--top", "3"])
    assert code == 0
    matches = json.loads(out)["results"][0]["matches"]
    assert matches
    need_quote, company_quote = matches[0]["reasons"]["sentence_pair"]
    assert need_quote.startswith("waste water treatment plants waste")
    assert need_quote.endswith(" …") and len(need_quote) <= 302
    assert len(company_quote) <= 302
    assert len(out) < 20_000


def test_too_many_characters_in_an_id_or_a_list(capsys, data_dir, tmp_path):
    from sme2go.matching.csvio import CsvError, load_needs

    path = tmp_path / "needs.csv"
    path.write_text(f"id,title,description,cpv\n{'n' * 1001},T,x,\n", encoding="utf-8")
    with pytest.raises(CsvError, match="row 2, column 'id': 1,001 characters is more than"):
        load_needs(path)
    path.write_text(f"id,title,description,cpv\nn1,T,x,{'9' * 10_001}\n", encoding="utf-8")
    with pytest.raises(CsvError, match="column 'cpv': 10,001 characters is more than"):
        load_needs(path)


def test_oversized_file_is_refused_unread(tmp_path, monkeypatch):
    from sme2go.matching import csvio

    path = _needs_file(tmp_path, "x" * 2000)
    monkeypatch.setattr(csvio, "MAX_FILE_BYTES", 1000)
    with pytest.raises(csvio.CsvError, match="bytes is more than the limit of 1,000 bytes"):
        csvio.load_needs(path)


@pytest.mark.parametrize("where", ["missing", "directory"])
def test_output_into_a_missing_directory_or_onto_a_directory(capsys, data_dir, tmp_path, where):
    target = tmp_path / "nowhere" / "out.json" if where == "missing" else tmp_path
    code, out, err = _run(capsys, ["run", *_args(data_dir, "--output", str(target))])
    assert (code, out) == (2, "")
    expected = (
        f"the directory {target.parent} does not exist"
        if where == "missing"
        else "is a directory; name a file"
    )
    assert err == f"sme2go match: --output {target}: {expected}\n"
    assert list(tmp_path.iterdir()) == []


def test_a_latin1_file_is_one_sentence(capsys, data_dir, tmp_path):
    needs = tmp_path / "needs.csv"
    needs.write_bytes("id,title,description\nn1,Café,water\n".encode("latin-1"))
    argv = ["run", "--companies", str(data_dir / "demo_companies.csv"), "--needs", str(needs)]
    code, _, err = _run(capsys, argv)
    assert code == 2
    assert err == (
        f"sme2go match: {needs}, row 2, column 'title': bytes that are not UTF-8 at byte 27\n"
    )


def test_run_says_why_a_need_cannot_be_matched_and_ranks_the_others(capsys, data_dir, tmp_path):
    needs = tmp_path / "needs.csv"
    needs.write_text("id,title,description\nww,Waste water,Sludge treatment plant\npunct,?!,...\n")
    code, out, _ = _run(
        capsys, ["run", "--companies", str(data_dir / "demo_companies.csv"), "--needs", str(needs)]
    )
    assert code == 0
    results = {r["need_id"]: r for r in json.loads(out)["results"]}
    assert results["punct"] == {
        "need_id": "punct",
        "matches": [],
        "problem": "cannot match this text: the need has no words the engine can use (only "
        "punctuation, symbols or numbers) and no codes",
    }
    assert "problem" not in results["ww"]
    top = results["ww"]["matches"][0]
    assert (top["company_id"], top["fit"]) == ("aqua", "strong")
    assert 0 < top["precision"] < 1
