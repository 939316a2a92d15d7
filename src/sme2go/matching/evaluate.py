"""Ranking metrics and the plain-bm25s baseline the engine is compared with.

Metrics are averaged over the needs that have at least one relevant company (relevance
> 0) in the judgements: MRR (reciprocal rank of the first relevant company within the
cut-off, 0 if none), Hit@k (a relevant company in the first k), and nDCG@10 with graded
gains ``2**rel - 1``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import bm25s
import numpy as np

from .documents import CompanyDoc, NeedDoc

Ranker = Callable[[NeedDoc, int], list[str]]


class PlainBM25:
    """The baseline: bm25s with its own default tokeniser and parameters, same text."""

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


def metrics(
    needs: Sequence[NeedDoc], qrels: dict[str, dict[str, int]], rank: Ranker, top_k: int = 100
) -> dict[str, float]:
    """Return ``{"needs", "MRR", "Hit@1", "Hit@5", "Hit@10", "nDCG@10"}`` for ``rank``."""
    sums = {"MRR": 0.0, "Hit@1": 0.0, "Hit@5": 0.0, "Hit@10": 0.0, "nDCG@10": 0.0}
    judged = [n for n in needs if any(r > 0 for r in qrels.get(n.id, {}).values())]
    for need in judged:
        rels = qrels[need.id]
        ranked = rank(need, max(top_k, 10))
        first = next((i for i, cid in enumerate(ranked) if rels.get(cid, 0) > 0), None)
        if first is not None:
            if first < top_k:
                sums["MRR"] += 1.0 / (first + 1)
            for k in (1, 5, 10):
                sums[f"Hit@{k}"] += first < k
        dcg = sum(
            (2 ** rels.get(cid, 0) - 1) / math.log2(i + 2) for i, cid in enumerate(ranked[:10])
        )
        ideal = sorted(rels.values(), reverse=True)[:10]
        idcg = sum((2**r - 1) / math.log2(i + 2) for i, r in enumerate(ideal))
        sums["nDCG@10"] += dcg / idcg if idcg else 0.0
    n = len(judged)
    out = {"needs": float(n)}
    out.update({k: round(v / n, 4) if n else 0.0 for k, v in sums.items()})
    return out
