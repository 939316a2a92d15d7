"""Fit levels an adviser can read: strong / possible / weak, the same for every need.

A match's ``score`` is relative to the best match for its need (the best scores 1.0 for
every need, however poor), so it cannot say whether a need has a good fit at all. The fit
level adds an absolute view: :func:`fit_precision` estimates the chance that the match is
right from two numbers,

* ``relative``: the match's score divided by the best score for the need (``Match.score``);
* ``evidence``: the share of the need's evidence the match carries: its BM25 score divided
  by the most any document could score for that query (each query term's idf, which BM25
  approaches as the term's frequency grows), mixed with the taxonomy score in the same
  proportion as the text; it lies in [0, 1] and means the same for every need;

through a logistic curve ``p = 1 / (1 + exp(-(A + B*relative + C*evidence)))``, fitted on
the TED UK 2020 development set (``tests/data/ted-uk-2020``, the top 15 of every need,
relevant = won the contract) by :func:`fit` (``sme2go match calibrate`` prints a new fit). The levels cut ``p`` at fixed precisions, so "strong" means the same
estimated precision for every need. On that set "relevant" means "won this contract", a
strict test: many of the other proposals are plausible suppliers, so the precisions are a
lower bound of how often a proposal is worth an adviser's look.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .documents import CompanyDoc, NeedDoc

# Fitted on the development set (see the module docstring and docs/matching.md).
A, B, C = -6.24, 2.67, 4.65
# Estimated precision at which a match is a strong fit, and a possible one (below: weak).
# On the development set 1 in 33 proposals of the top 15 is right; a strong fit is right
# three times as often, a possible one above that base rate.
STRONG = 0.10
POSSIBLE = 0.04

LEVELS = ("strong", "possible", "weak")


def fit_precision(relative: float, evidence: float) -> float:
    """Estimated precision of a match with these scores (see the module docstring)."""
    return 1.0 / (1.0 + math.exp(-(A + B * relative + C * evidence)))


def fit_level(precision: float) -> str:
    """``"strong"``, ``"possible"`` or ``"weak"`` for an estimated precision."""
    if precision >= STRONG:
        return "strong"
    if precision >= POSSIBLE:
        return "possible"
    return "weak"


def fit(relative: Sequence[float], evidence: Sequence[float], relevant: Sequence[int]) -> tuple:
    """Fit ``(A, B, C)`` by logistic regression (Newton's method, a tiny ridge)."""
    x = np.column_stack([np.ones(len(relative)), relative, evidence]).astype(np.float64)
    y = np.asarray(relevant, dtype=np.float64)
    w = np.zeros(3)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (p - y) + 1e-3 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + 1e-3 * np.eye(3)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return tuple(round(float(v), 2) for v in w)


def devset_rows(
    companies: Sequence[CompanyDoc],
    needs: Sequence[NeedDoc],
    qrels: dict[str, dict[str, int]],
    top_k: int = 15,
) -> list[tuple[str, float, float, int]]:
    """``(need id, relative, evidence, relevant)`` for the engine's top ``top_k`` of every
    judged need (the data :func:`fit` is fitted on)."""
    from .index import MatchIndex

    index = MatchIndex.build(companies)
    rows = []
    for need in needs:
        rels = qrels.get(need.id, {})
        if not any(r > 0 for r in rels.values()) or index.cannot_match(need) is not None:
            continue
        for m in index.rank_companies(need, top_k, explain=False):
            rows.append((need.id, m.score, m.evidence, int(rels.get(m.id, 0) > 0)))
    return rows
