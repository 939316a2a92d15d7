"""Ranking metrics, bootstrap intervals, and the baselines the engine is compared with.

Metrics are averaged over the needs that have at least one relevant company (relevance
> 0) in the judgements: MRR (reciprocal rank of the first relevant company within the
cut-off, 0 if none), Hit@k (a relevant company in the first k), and nDCG@10 with graded
gains ``2**rel - 1``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import bm25s
import numpy as np

from .documents import CompanyDoc, NeedDoc
from .index import MatchIndex

Ranker = Callable[[NeedDoc, int], list[str]]


_OKAPI_TOKEN = re.compile(r"[a-z0-9]+")


class OkapiBM25:
    """Plain Okapi BM25, the reference the targets are stated against: lower-case
    alphanumeric tokens, no stemming, no stopwords, k1 1.2, b 0.75, the same text."""

    def __init__(self, companies: Sequence[CompanyDoc]) -> None:
        self.ids = [c.id for c in companies]
        self.vocab: dict[str, int] = {}
        ids = [
            [self.vocab.setdefault(t, len(self.vocab)) for t in self._tokens(c.full_text)]
            for c in companies
        ]
        self.model = bm25s.BM25(k1=1.2, b=0.75)
        self.model.index(
            bm25s.tokenization.Tokenized(ids=ids, vocab=self.vocab), show_progress=False
        )

    @staticmethod
    def _tokens(text: str) -> list[str]:
        return _OKAPI_TOKEN.findall(text.lower())

    def rank(self, need: NeedDoc, top_k: int) -> list[str]:
        """Return up to ``top_k`` company ids with a positive score, best first."""
        ids = [self.vocab[t] for t in self._tokens(need.full_text) if t in self.vocab]
        if not ids:
            return []
        scores = self.model.get_scores(ids)
        k = min(top_k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = sorted((int(i) for i in top if scores[i] > 0), key=lambda i: (-float(scores[i]), i))
        return [self.ids[i] for i in top]


class PlainBM25:
    """The bm25s baseline: bm25s with its own default tokeniser (English stopwords) and
    default parameters, the same text."""

    def __init__(self, companies: Sequence[CompanyDoc], show_progress: bool = False) -> None:
        self.ids = [c.id for c in companies]
        self.model = bm25s.BM25()
        corpus = bm25s.tokenize(
            [c.full_text for c in companies], stopwords="en", show_progress=show_progress
        )
        self.model.index(corpus, show_progress=show_progress)
        self.vocab = corpus.vocab

    def rank(self, need: NeedDoc, top_k: int) -> list[str]:
        """Return up to ``top_k`` company ids with a positive score, best first."""
        q = bm25s.tokenize([need.full_text], stopwords="en", show_progress=False, return_ids=False)[
            0
        ]
        ids = [self.vocab[t] for t in q if t in self.vocab]
        if not ids:
            return []
        scores = self.model.get_scores(ids)
        k = min(top_k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = sorted((int(i) for i in top if scores[i] > 0), key=lambda i: (-float(scores[i]), i))
        return [self.ids[i] for i in top]


METRICS = ("MRR", "Hit@1", "Hit@5", "Hit@10", "nDCG@10")
BOOTSTRAP_RESAMPLES = 2000


def per_need(
    needs: Sequence[NeedDoc], qrels: dict[str, dict[str, int]], rank: Ranker, top_k: int = 10
) -> dict[str, np.ndarray]:
    """Each metric of :data:`METRICS` for every judged need, in the order of ``needs``.

    MRR counts the first relevant company within ``top_k``.
    """
    judged = [n for n in needs if any(r > 0 for r in qrels.get(n.id, {}).values())]
    out = {k: np.zeros(len(judged)) for k in METRICS}
    for i, need in enumerate(judged):
        rels = qrels[need.id]
        ranked = rank(need, max(top_k, 10))
        first = next((j for j, cid in enumerate(ranked) if rels.get(cid, 0) > 0), None)
        if first is not None:
            if first < top_k:
                out["MRR"][i] = 1.0 / (first + 1)
            for k in (1, 5, 10):
                out[f"Hit@{k}"][i] = first < k
        dcg = sum(
            (2 ** rels.get(cid, 0) - 1) / math.log2(j + 2) for j, cid in enumerate(ranked[:10])
        )
        ideal = sorted(rels.values(), reverse=True)[:10]
        idcg = sum((2**r - 1) / math.log2(j + 2) for j, r in enumerate(ideal))
        out["nDCG@10"][i] = dcg / idcg if idcg else 0.0
    return out


def metrics(
    needs: Sequence[NeedDoc], qrels: dict[str, dict[str, int]], rank: Ranker, top_k: int = 100
) -> dict[str, float]:
    """Return ``{"needs", "MRR", "Hit@1", "Hit@5", "Hit@10", "nDCG@10"}`` for ``rank``."""
    values = per_need(needs, qrels, rank, top_k)
    n = len(values["MRR"])
    out = {"needs": float(n)}
    out.update({k: round(float(v.mean()), 4) if n else 0.0 for k, v in values.items()})
    return out


def bootstrap_interval(
    values: np.ndarray, baseline: np.ndarray | None = None, seed: int = 0
) -> tuple[float, float]:
    """95 % percentile bootstrap interval of the mean of ``values`` over needs, or of the
    mean paired difference ``values - baseline`` (the same resampled needs for both).

    Deterministic for a seed; :data:`BOOTSTRAP_RESAMPLES` resamples.
    """
    d = values if baseline is None else values - baseline
    if len(d) == 0:
        return (0.0, 0.0)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(d), size=(BOOTSTRAP_RESAMPLES, len(d)))
    means = d[idx].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return (round(float(lo), 4), round(float(hi), 4))


def compare(
    needs: Sequence[NeedDoc],
    qrels: dict[str, dict[str, int]],
    systems: dict[str, Ranker],
    reference: str,
    top_k: int = 10,
) -> dict[str, dict]:
    """Every system's metrics with intervals, and its paired difference to ``reference``.

    Returns ``{name: {"needs": n, metric: mean, ..., "ci": {metric: [lo, hi]},
    "diff": {metric: mean difference}, "diff_ci": {metric: [lo, hi]}}}``; the reference
    itself has no ``diff``.
    """
    values = {name: per_need(needs, qrels, rank, top_k) for name, rank in systems.items()}
    ref = values[reference]
    out: dict[str, dict] = {}
    for name, v in values.items():
        row: dict = {"needs": len(v["MRR"])}
        row.update({k: round(float(v[k].mean()), 4) for k in METRICS})
        row["ci"] = {k: list(bootstrap_interval(v[k])) for k in METRICS}
        if name != reference:
            row["diff"] = {k: round(float((v[k] - ref[k]).mean()), 4) for k in METRICS}
            row["diff_ci"] = {k: list(bootstrap_interval(v[k], ref[k])) for k in METRICS}
        out[name] = row
    return out


def engine_ranker(index: MatchIndex) -> Ranker:
    """The engine as a :data:`Ranker`; a need it cannot match ranks nothing (a miss)."""

    def rank(need: NeedDoc, top_k: int) -> list[str]:
        if index.cannot_match(need) is not None:
            return []
        return [m.id for m in index.rank_companies(need, top_k, explain=False)]

    return rank


def devset_figures(directory: str | Path, top_k: int = 10) -> dict[str, dict]:
    """:func:`compare` the engine, plain Okapi BM25 (the reference) and the bm25s baseline
    on a development set directory (``companies.csv``, ``needs.csv``, ``qrels.csv``)."""
    from .csvio import load_companies, load_needs, load_qrels

    directory = Path(directory)
    companies = load_companies(directory / "companies.csv")
    needs = load_needs(directory / "needs.csv")
    qrels, _ = load_qrels(directory / "qrels.csv", {n.id for n in needs}, {c.id for c in companies})
    systems = {
        "engine": engine_ranker(MatchIndex.build(companies)),
        "plain BM25": OkapiBM25(companies).rank,
        "bm25s baseline": PlainBM25(companies).rank,
    }
    return compare(needs, qrels, systems, "plain BM25", top_k)
