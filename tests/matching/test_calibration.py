"""Fit levels: the same level means about the same precision for every kind of need."""

from __future__ import annotations

from pathlib import Path

import pytest

from sme2go.matching import CompanyDoc, MatchIndex, NeedDoc
from sme2go.matching.calibration import A, B, C, devset_rows, fit, fit_level, fit_precision
from sme2go.matching.csvio import load_companies, load_needs, load_qrels

TED = Path(__file__).resolve().parents[1] / "data" / "ted-uk-2020"


@pytest.fixture(scope="module")
def devset():
    companies = load_companies(TED / "companies.csv")
    needs = load_needs(TED / "needs.csv")
    qrels, _ = load_qrels(TED / "qrels.csv", {n.id for n in needs}, {c.id for c in companies})
    return needs, devset_rows(companies, needs, qrels)


def _precision(rows) -> float:
    return sum(r[3] for r in rows) / len(rows)


def test_constants_are_the_fit_on_the_dev_set(devset):
    _, rows = devset
    _, relative, evidence, relevant = zip(*rows, strict=True)
    assert (len(rows), sum(relevant)) == (4140, 124)
    assert fit(relative, evidence, relevant) == (A, B, C)


def test_levels_order_precision_and_mean_the_same_for_short_and_long_needs(devset):
    needs, rows = devset
    words = {n.id: len(n.full_text.split()) for n in needs}
    median = sorted(words[r[0]] for r in rows)[len(rows) // 2]
    by_level = {lv: [r for r in rows if fit_level(fit_precision(r[1], r[2])) == lv] for lv in
                ("strong", "possible", "weak")}  # fmt: skip
    assert [len(v) for v in by_level.values()] == [125, 756, 3259]
    strong, possible, weak = (_precision(v) for v in by_level.values())
    assert strong > 3 * possible > 6 * weak
    # The level's precision for needs shorter and longer than the median (the
    # relative score alone gave the top match 0.14 for short needs and 0.07 for long).
    for level, tolerance in (("strong", 0.03), ("possible", 0.015), ("weak", 0.005)):
        short = [r for r in by_level[level] if words[r[0]] <= median]
        long_ = [r for r in by_level[level] if words[r[0]] > median]
        assert abs(_precision(short) - _precision(long_)) < tolerance, level


def test_a_weak_best_match_is_not_strong():
    # The only company sharing one common word is the best match (score 1.0) but weak.
    index = MatchIndex.build(
        [
            CompanyDoc("a", "Alpha", {"description": "Catering services for schools."}),
            CompanyDoc("b", "Beta", {"description": "Road resurfacing and street lighting."}),
            CompanyDoc("c", "Gamma", {"description": "Insurance broking for councils."}),
        ]
    )
    need = NeedDoc("n", "Hospital laundry", {"description": "Laundry and linen services."})
    (top,) = index.rank_companies(need, explain=False)
    assert (top.id, top.score, top.fit) == ("a", 1.0, "weak")
    strong = NeedDoc("s", "School catering", {"description": "Catering services for schools."})
    assert index.rank_companies(strong, explain=False)[0].fit == "strong"
