"""Indexes over company profiles (:class:`MatchIndex`) and needs (:class:`NeedIndex`).

Scoring (see docs/matching.md for the full description):

* **Text.** Every document is tokenised (:mod:`.text`), with its name/title counted twice,
  and indexed with bm25s (BM25, Lucene variant). A query is weighted per term (title
  terms count twice; repeated terms saturate as ``qtf*(k3+1)/(qtf+k3)``) and then expanded
  by RM3 pseudo-relevance feedback over the first-pass top documents. Companies are also
  scored by their separate references (the sum of their best three, as in expert
  finding), fused half and half with the profile score. The text score of a document is
  divided by the best score for that query, so it lies in [0, 1]; ``Match.evidence`` is the
  absolute share of the most a document could score, and the fit level comes from both
  (:mod:`.calibration`).
* **Taxonomy.** Domains: the share of the need's domains the company has. CPV: for each
  need code, the best relation to any company code over the tree (exact 1.0, company
  narrower 0.8, company broader 0.6, sharing an ancestor below the division 0.3), averaged
  over the need's codes. With both present the taxonomy score is ``0.6*cpv + 0.4*domains``.
* **Fusion.** ``score = w_text*text + w_tax*taxonomy`` where the weights depend on what
  the query has: only text -> ``(1, 0)``, so a text-only ranking is the text ranking
  unchanged; only codes -> ``(0, 1)``; both -> :attr:`EngineConfig.text_weight` and its
  complement.
* **Constraints** remove documents outright (see :mod:`.constraints`).

Updates (:meth:`MatchIndex.upsert`, :meth:`MatchIndex.remove`) are cheap: the changed
document is re-tokenised at once and the BM25 matrix is rebuilt from cached token ids on
the next query (roughly 10 s per 100k documents on a 2-core machine), so a burst of
updates costs one rebuild.
"""

from __future__ import annotations

import gzip
import itertools
import json
import logging
import multiprocessing as mp
import os
import re
import tempfile
import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

import bm25s
import numpy as np
import scipy.sparse as sp

from . import constraints as cons
from . import crosslingual
from .calibration import fit_level, fit_precision
from .documents import CompanyDoc, Match, NeedDoc
from .reasons import TextView, explain
from .taxonomy import SIM_BROADER, SIM_EXACT, SIM_NARROWER, SIM_RELATED, cpv_tree
from .text import Tokenizer, guess_language, has_cjk, has_latin

# bm25s sets its own logger to DEBUG on import, so every index build would reach whatever
# handler the host application configured; its debug lines are of no use to our users.
logging.getLogger("bm25s").setLevel(logging.WARNING)

FORMAT_VERSION = 1

D = TypeVar("D", CompanyDoc, NeedDoc)
Q = TypeVar("Q", CompanyDoc, NeedDoc)


@dataclass(frozen=True)
class EngineConfig:
    """Tunable parameters; the defaults were chosen on the development set."""

    k1: float = 1.2
    # Weak length normalisation: a profile is long because it lists more references, and
    # each of them is evidence (the scope, not the verbosity, hypothesis). On the TED UK
    # 2020 set b=0.3 raised MRR@10 from 0.145 to 0.172 (see docs/matching.md).
    b: float = 0.3
    title_weight: int = 2
    compounds: bool = True
    k3: float = 1.5
    rm3_docs: int = 8
    rm3_terms: int = 20
    rm3_weight: float = 0.1
    text_weight: float = 0.6
    cpv_share: float = 0.6
    # Expert finding over a company's separate references (each line of its texts, or each
    # " | "-separated part, with the company name): the sum of its best ``ref_top``
    # reference scores, fused with the whole-profile score by ``ref_weight`` (0 turns it
    # off). Ranking needs for a company does not use it: a need is one document.
    ref_weight: float = 0.5
    ref_top: int = 3
    ref_b: float = 0.75


class _IdSeq(Sequence[list[int]]):
    """Lazy list-of-lists view over per-document id arrays, as bm25s expects.

    bm25s walks the corpus as Python lists; materialising them all at once for a million
    documents would cost gigabytes, so each list is made when bm25s asks for it.
    """

    def __init__(self, arrays: list[np.ndarray]) -> None:
        self._arrays = arrays

    def __len__(self) -> int:
        return len(self._arrays)

    def __getitem__(self, i):  # type: ignore[no-untyped-def,override]
        return self._arrays[i].tolist()

    def __iter__(self):  # type: ignore[no-untyped-def,override]
        for a in self._arrays:
            yield a.tolist()


class _Corpus:
    """bm25s plus cached token ids, with a growing vocabulary."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self.vocab: dict[str, int] = {}
        self.tokens: list[np.ndarray] = []
        self.bm25: bm25s.BM25 | None = None
        self.matrix: sp.csc_matrix | None = None
        self.idf: np.ndarray = np.zeros(0, dtype=np.float32)

    def ids_for(self, terms: list[str]) -> np.ndarray:
        vocab = self.vocab
        for t in terms:
            if t not in vocab:
                vocab[t] = len(vocab)
        return np.fromiter(map(vocab.__getitem__, terms), dtype=np.int32, count=len(terms))

    def rebuild(self, show_progress: bool) -> None:
        if not any(len(t) for t in self.tokens):
            # No text at all (BM25's average length would be 0): taxonomy only.
            self.bm25 = self.matrix = None
            return
        bm = bm25s.BM25(k1=self.config.k1, b=self.config.b, method="lucene")
        corpus = bm25s.tokenization.Tokenized(ids=_IdSeq(self.tokens), vocab=self.vocab)
        bm.index(corpus, create_empty_token=False, show_progress=show_progress)
        self.bm25 = bm
        indptr = bm.scores["indptr"]
        # A view on bm25s's arrays (no copy) for weighted scoring.
        self.matrix = sp.csc_matrix(
            (bm.scores["data"], bm.scores["indices"], indptr),
            shape=(len(self.tokens), len(indptr) - 1),
        )
        df = np.diff(indptr).astype(np.float64)
        n = len(self.tokens)
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)

    def scores(self, weights: dict[int, float], n_docs: int) -> np.ndarray:
        """Weighted BM25: ``sum_t w_t * bm25(t, d)`` for every document.

        bm25s keeps the scores as a CSC matrix (documents x terms); slicing the query's
        columns and multiplying by the weights in scipy is about twice as fast as bm25s's
        own numpy path and allows weighted terms.
        """
        if self.matrix is None or not weights:
            return np.zeros(n_docs, dtype=np.float32)
        n_terms = self.matrix.shape[1]
        cols = [t for t in weights if t < n_terms]
        if not cols:
            return np.zeros(n_docs, dtype=np.float32)
        w = np.fromiter((weights[t] for t in cols), dtype=np.float32, count=len(cols))
        return np.asarray(self.matrix[:, cols] @ w, dtype=np.float32)

    def bound(self, weights: dict[int, float]) -> float:
        """The most any document can score for ``weights``: Lucene BM25's term score
        ``idf * tf / (tf + k1 * norm)`` approaches ``idf`` as ``tf`` grows."""
        n_terms = len(self.idf)
        return float(sum(w * float(self.idf[t]) for t, w in weights.items() if t < n_terms))


# A company's texts split into references here: line breaks, and " | " as in exports that
# join a list into one field.
_UNIT_SPLIT = re.compile(r"\s+\|\s+|\n+")


# How a document's tokens divide into references: the head (name) length alone when the
# body is one reference (most profiles; an int costs far less than an array per document),
# else (head length, token count of each reference in the body, ...).
_Units = int | tuple[int, ...]


class _RefSeq(Sequence[list[int]]):
    """Lazy token lists of every reference: the head terms (name) of its document, then
    the reference's own slice of the document's body tokens (no copies are kept)."""

    def __init__(
        self, tokens: list[np.ndarray], row: np.ndarray, head: np.ndarray, start: np.ndarray,
        stop: np.ndarray,
    ) -> None:  # fmt: skip
        self._tokens, self._row, self._head, self._start, self._stop = (
            tokens,
            row,
            head,
            start,
            stop,
        )

    def __len__(self) -> int:
        return len(self._row)

    def __getitem__(self, i):  # type: ignore[no-untyped-def,override]
        t = self._tokens[self._row[i]]
        return t[: self._head[i]].tolist() + t[self._start[i] : self._stop[i]].tolist()

    def __iter__(self):  # type: ignore[no-untyped-def,override]
        for i in range(len(self._row)):
            yield self[i]


class _References:
    """BM25 over the separate references of every document, aggregated per document.

    Shares the document corpus's vocabulary, so the query's term weights apply unchanged.
    A document's score is the sum of its best ``top`` reference scores (CombSUM over the
    top references, as in expert finding): several good references count for more than
    one, but a long list of weak ones does not outweigh a strong match.
    """

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self.matrix: sp.csc_matrix | None = None
        self.owner = np.zeros(0, dtype=np.int32)
        self._few = np.zeros(0, dtype=bool)
        self._many = np.zeros(0, dtype=np.int64)

    def rebuild(
        self, corpus: _Corpus, units: list[_Units], title_weight: int, show_progress: bool
    ) -> None:
        """Index the references described by ``units`` (see :data:`_Units`)."""
        # Compact int32 buffers: a million profiles must fit beside the profile index.
        row, head, start, stop = (array("i") for _ in range(4))
        for r, u in enumerate(units):
            if isinstance(u, int):
                h, offsets = u, [u * title_weight, len(corpus.tokens[r])]
            else:
                h = u[0]
                offsets = list(itertools.accumulate(u[1:], initial=h * title_weight))
            for a, b in itertools.pairwise(offsets):
                if b > a:
                    row.append(r)
                    head.append(h)
                    start.append(a)
                    stop.append(b)
        if not row:
            self.matrix = None
            self.owner = np.zeros(0, dtype=np.int32)
            return
        owner = np.frombuffer(row, dtype=np.int32)
        seq = _RefSeq(
            corpus.tokens,
            owner,
            np.frombuffer(head, dtype=np.int32),
            np.frombuffer(start, dtype=np.int32),
            np.frombuffer(stop, dtype=np.int32),
        )
        bm = bm25s.BM25(k1=self.config.k1, b=self.config.ref_b, method="lucene")
        bm.index(
            bm25s.tokenization.Tokenized(ids=seq, vocab=corpus.vocab),
            create_empty_token=False,
            show_progress=show_progress,
        )
        indptr = bm.scores["indptr"]
        self.matrix = sp.csc_matrix(
            (bm.scores["data"], bm.scores["indices"], indptr), shape=(len(owner), len(indptr) - 1)
        )
        self.owner = owner
        counts = np.bincount(owner, minlength=len(units))
        self._few = counts[owner] <= self.config.ref_top
        self._many = np.flatnonzero(~self._few)

    def scores(self, weights: dict[int, float], n_docs: int) -> np.ndarray:
        """Per document: the sum of its best ``ref_top`` reference scores for ``weights``."""
        if self.matrix is None or not weights:
            return np.zeros(n_docs, dtype=np.float32)
        n_terms = self.matrix.shape[1]
        cols = [t for t in weights if t < n_terms]
        if not cols:
            return np.zeros(n_docs, dtype=np.float32)
        w = np.fromiter((weights[t] for t in cols), dtype=np.float32, count=len(cols))
        s = np.asarray(self.matrix[:, cols] @ w, dtype=np.float32)
        # Documents with at most ref_top references (most of them) sum all; the others
        # keep their best ref_top, found by sorting only their references.
        out = np.bincount(self.owner[self._few], weights=s[self._few], minlength=n_docs)
        if len(self._many):
            sub = self._many[s[self._many] > 0]
            if len(sub):
                own, val = self.owner[sub], s[sub]
                order = np.lexsort((-val, own))
                own, val = own[order], val[order]
                first = np.r_[0, np.flatnonzero(np.diff(own)) + 1]
                rank = np.arange(len(own)) - np.repeat(first, np.diff(np.r_[first, len(own)]))
                keep = rank < self.config.ref_top
                out += np.bincount(own[keep], weights=val[keep], minlength=n_docs)
        return out.astype(np.float32)


class _BaseIndex(Generic[D, Q]):
    """Shared machinery of :class:`MatchIndex` and :class:`NeedIndex`."""

    _doc_type: type
    # Whether documents are also scored by their separate references (companies only).
    _by_reference = False

    def __init__(self, config: EngineConfig | None = None) -> None:
        self.config = config or EngineConfig()
        self._tok = Tokenizer()
        self._corpus = _Corpus(self.config)
        self._refs = _References(self.config)
        self._units: list[_Units] = []
        self._docs: list[D | None] = []
        self._row: dict[str, int] = {}
        self._dirty = True
        self._alive = np.zeros(0, dtype=bool)
        self._cpv_self: dict[str, np.ndarray] = {}
        self._cpv_below: dict[str, np.ndarray] = {}
        self._domain: dict[str, np.ndarray] = {}
        self._cjk = np.zeros(0, dtype=bool)
        # Queries rebuild lazily after updates: one lock keeps a query from seeing a
        # half-updated index when the app ranks and saves profiles from several threads.
        self._lock = threading.RLock()
        self._latin = np.zeros(0, dtype=bool)

    # -- building ---------------------------------------------------------------------

    @classmethod
    def build(
        cls, docs: Iterable[D], config: EngineConfig | None = None, show_progress: bool = False
    ):  # type: ignore[no-untyped-def]
        """Return a new index over ``docs``. Ids must be unique (``ValueError`` otherwise)."""
        index = cls(config)
        it = docs
        if show_progress:
            from tqdm import tqdm

            it = tqdm(docs, desc="tokenise", unit="doc", file=__import__("sys").stderr)
        for doc in it:
            if doc.id in index._row:
                raise ValueError(f"duplicate id {doc.id!r}")
            index._add(doc)
        index._refresh(show_progress)
        return index

    def _doc_terms(self, doc: D) -> tuple[np.ndarray, _Units]:
        """The document's token ids (head terms ``title_weight`` times, then the body) and
        its units (:data:`_Units`)."""
        tok = self._tok
        head = tok.words(doc.name if isinstance(doc, CompanyDoc) else doc.title)
        parts = [tok.words(u) for t in doc.texts.values() if t for u in _UNIT_SPLIT.split(t) if u]
        # One language for the whole document (head + body is the word order of full_text).
        lang = guess_language(head + [w for p in parts for w in p])
        head_terms = [t for t in tok.terms(head, lang) if t]
        units = [len(head_terms)]
        terms = head_terms * self.config.title_weight
        for p in parts:
            kept = [t for t in tok.terms(p, lang) if t]
            units.append(len(kept))
            terms += kept
        # Cross-language: a document in Chinese, Finnish, Swedish or Estonian is also
        # indexed under the English of its words (counted in its last unit).
        english = crosslingual.document_terms(
            doc.name if isinstance(doc, CompanyDoc) else doc.title,
            "\n".join(t for t in doc.texts.values() if t),
            self.config.title_weight,
            lang,
        )
        terms += english
        if len(units) > 1:
            units[-1] += len(english)
        elif english:
            units.append(len(english))  # a name only: its English is the one reference
        return self._corpus.ids_for(terms), units[0] if len(units) <= 2 else tuple(units)

    def _add(self, doc: D) -> None:
        self._row[doc.id] = len(self._docs)
        self._docs.append(doc)
        ids, units = self._doc_terms(doc)
        self._corpus.tokens.append(ids)
        self._units.append(units)
        self._dirty = True

    def upsert(self, doc: D) -> None:
        """Add ``doc`` or replace the document with the same id."""
        with self._lock:
            row = self._row.get(doc.id)
            if row is None:
                self._add(doc)
                return
            self._docs[row] = doc
            self._corpus.tokens[row], self._units[row] = self._doc_terms(doc)
            self._dirty = True

    def remove(self, doc_id: str) -> bool:
        """Remove the document with ``doc_id``; return whether it was there."""
        with self._lock:
            row = self._row.pop(doc_id, None)
            if row is None:
                return False
            self._docs[row] = None
            self._corpus.tokens[row] = np.zeros(0, dtype=np.int32)
            self._units[row] = 0
            self._dirty = True
            return True

    def __len__(self) -> int:
        return len(self._row)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row

    def get(self, doc_id: str) -> D | None:
        """Return the indexed document with ``doc_id``, if any."""
        row = self._row.get(doc_id)
        return None if row is None else self._docs[row]

    def _refresh(self, show_progress: bool = False) -> None:
        if not self._dirty:
            return
        if len(self._row) < len(self._docs):
            # Compact away removed rows so they cost nothing in BM25 statistics.
            keep = [i for i, d in enumerate(self._docs) if d is not None]
            self._docs = [self._docs[i] for i in keep]
            self._corpus.tokens = [self._corpus.tokens[i] for i in keep]
            self._units = [self._units[i] for i in keep]
            self._row = {d.id: i for i, d in enumerate(self._docs) if d is not None}
        self._corpus.rebuild(show_progress)
        if self._by_reference and self.config.ref_weight > 0 and self._corpus.matrix is not None:
            self._refs.rebuild(self._corpus, self._units, self.config.title_weight, show_progress)
        n = len(self._docs)
        self._alive = np.ones(n, dtype=bool)
        self_post: dict[str, list[int]] = {}
        below_post: dict[str, list[int]] = {}
        dom_post: dict[str, list[int]] = {}
        tree = cpv_tree()
        cjk = np.zeros(n, dtype=bool)
        latin = np.zeros(n, dtype=bool)
        for i, d in enumerate(self._docs):
            assert d is not None
            for code in d.cpv:
                self_post.setdefault(code, []).append(i)
                for a in tree.ancestors(code):
                    below_post.setdefault(a, []).append(i)
            for dom in d.domains:
                dom_post.setdefault(dom, []).append(i)
            text = d.full_text
            cjk[i] = has_cjk(text)
            latin[i] = has_latin(text)
        self._cpv_self = {k: np.unique(v) for k, v in self_post.items()}
        self._cpv_below = {k: np.unique(v) for k, v in below_post.items()}
        self._domain = {k: np.asarray(v) for k, v in dom_post.items()}
        self._cjk, self._latin = cjk, latin
        self._dirty = False

    # -- scoring ----------------------------------------------------------------------

    def _query_weights(self, query: Q) -> dict[int, float]:
        """The query's weights by term id, for the terms the index has."""
        vocab = self._corpus.vocab
        return {vocab[t]: w for t, w in self._query_terms(query).items() if t in vocab}

    def _query_terms(self, query: Q) -> dict[str, float]:
        """The query's terms with their weights, including terms no document has.

        The one place a query is built from its text: title terms count
        ``title_weight`` times, repeats saturate (``k3``), and closed compounds of word
        pairs are added where the index has them.
        """
        head = query.name if isinstance(query, CompanyDoc) else query.title
        body = "\n".join(t for t in query.texts.values() if t)
        vocab = self._corpus.vocab
        lang = self._tok.language(query.full_text)
        counts: dict[str, float] = {}
        for text, weight in ((head, float(self.config.title_weight)), (body, 1.0)):
            for t in self._tok.tokenize(text, lang):
                counts[t] = counts.get(t, 0.0) + weight
            if self.config.compounds:
                for t, _ in self._tok.compounds(text, lang):
                    if t in vocab and t not in counts:
                        counts[t] = weight
        # Cross-language: English stems for Chinese, Finnish, Swedish, Estonian wording.
        counts = crosslingual.merge_query_terms(
            counts, head, body, float(self.config.title_weight), vocab
        )
        k3 = self.config.k3
        return {t: q * (k3 + 1) / (q + k3) for t, q in counts.items()}

    def _feedback_terms(self, first: np.ndarray) -> dict[int, float]:
        """RM3 relevance model of the first-pass top documents: ``{term: weight}``, summing
        to 1, or empty when there is nothing to learn from."""
        cfg = self.config
        if cfg.rm3_docs <= 0 or cfg.rm3_weight <= 0:
            return {}
        k = min(cfg.rm3_docs, len(first))
        top = np.argpartition(-first, k - 1)[:k]
        top = top[first[top] > 0]
        if len(top) == 0:
            return {}
        doc_w = first[top] / first[top].sum()
        toks = [self._corpus.tokens[r] for r in top.tolist()]
        lens = np.array([len(t) for t in toks], dtype=np.float64)
        if not lens.any():
            return {}
        ids = np.concatenate(toks)
        # p(t|d) * p(d|q), idf-weighted so that feedback adds topical, not merely frequent,
        # words; summed per term over the feedback documents.
        per_tok = np.repeat(doc_w / np.maximum(lens, 1.0), lens.astype(np.int64))
        terms, inverse = np.unique(ids, return_inverse=True)
        mass = np.bincount(inverse, weights=per_tok) * self._corpus.idf[terms]
        k = min(cfg.rm3_terms, len(terms))
        best = np.argpartition(-mass, k - 1)[:k]
        total = float(mass[best].sum())
        if total <= 0:
            return {}
        return {int(terms[i]): float(mass[i]) / total for i in best}

    def text_scores(self, query: Q, weights: dict[int, float] | None = None) -> np.ndarray:
        """Return BM25 (+RM3) scores of every row, normalised to [0, 1] by the best.

        RM3 scores the query ``(1-l)*q/|q| + l*e`` with ``e`` the feedback model; scoring
        is linear in the term weights, so the second pass only scores the feedback terms
        and adds the (rescaled) first pass.
        """
        with self._lock:
            return self._text_scores(query, weights)[0]

    def _text_scores(
        self, query: Q, weights: dict[int, float] | None, unseen: float = 0.0
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(relative, evidence)``: the scores divided by the best score, and by the most
        any document could score for this query (comparable across queries).

        ``unseen`` is the weight of query terms no document has: they count in that most
        (at the idf of a term in no document), as evidence every document lacks.
        """
        self._refresh()
        n = len(self._docs)
        if weights is None:
            weights = self._query_weights(query)
        s = self._corpus.scores(weights, n)
        bound = self._corpus.bound(weights) + unseen * float(np.log(1.0 + (n + 0.5) / 0.5))
        if s.any():
            feedback = self._feedback_terms(s)
            if feedback:
                lam = self.config.rm3_weight
                scale = (1 - lam) / sum(weights.values())
                s = scale * s + lam * self._corpus.scores(feedback, n)
                bound = scale * bound + lam * self._corpus.bound(feedback)
        top = float(s.max()) if n else 0.0
        relative = s / top if top > 0 else s
        evidence = np.minimum(s / bound, 1.0) if bound > 0 else s
        if self._refs.matrix is not None and top > 0:
            refs = self._refs.scores(weights, n)
            best = float(refs.max())
            if best > 0:
                lam = self.config.ref_weight
                relative = (1 - lam) * relative + lam * (refs / best)
                relative /= float(relative.max())
        return relative, evidence

    def cannot_match(self, query: Q) -> str | None:
        """Why ``query`` cannot be ranked at all, or ``None`` (see :func:`cannot_match`)."""
        return cannot_match(query, self._tok)

    def _taxonomy_scores(self, query: Q) -> np.ndarray:
        raise NotImplementedError

    def _text_weight(self, query: Q) -> float | np.ndarray:
        """Weight of text in the fusion when both the query and the index have codes."""
        return self.config.text_weight

    def _constraint_mask(self, query: Q) -> np.ndarray:
        raise NotImplementedError

    def _pair(self, query: Q, doc: D) -> tuple[NeedDoc, CompanyDoc]:
        raise NotImplementedError

    def _rank(self, query: Q, top_k: int, explain_matches: bool) -> list[Match]:
        with self._lock:
            self._refresh()
            n = len(self._docs)
            if n == 0 or top_k <= 0:
                return []
            problem = self.cannot_match(query)
            if problem is not None:
                raise NoUsableText(problem)
            terms = self._query_terms(query)
            vocab = self._corpus.vocab
            weights = {vocab[t]: w for t, w in terms.items() if t in vocab}
            unseen = sum(w for t, w in terms.items() if t not in vocab)
            has_text = bool(weights)
            has_tax = bool(query.cpv or query.domains)
            zeros = np.zeros(n, dtype=np.float32)
            text, evidence = (
                self._text_scores(query, weights, unseen) if has_text else (zeros, zeros)
            )
            tax = self._taxonomy_scores(query) if has_tax else zeros
            if not has_text:
                wt: float | np.ndarray = 0.0
            elif not has_tax:
                wt = 1.0
            else:
                wt = self._text_weight(query)
            if isinstance(wt, float) and wt == 1.0:
                score = text
            else:
                score = wt * text + (1.0 - wt) * tax
                evidence = wt * evidence + (1.0 - wt) * tax
            mask = self._constraint_mask(query)
            if mask is not self._alive:
                score = np.where(mask, score, 0.0)
            cand = np.flatnonzero(score > 0)
            if len(cand) > top_k:
                part = np.argpartition(-score[cand], top_k - 1)[:top_k]
                cand = cand[part]
            # Ties break on row order, i.e. insertion order, so results are reproducible.
            order = sorted(cand.tolist(), key=lambda r: (-float(score[r]), r))
            out = []
            query_cjk_only = has_cjk(query.full_text) and not has_latin(query.full_text)
            query_view = TextView(query, self._tok) if explain_matches and order else None
            for rank, row in enumerate(order, start=1):
                doc = self._docs[row]
                assert doc is not None
                reasons = None
                if query_view is not None:
                    need, company = self._pair(query, doc)
                    doc_view = TextView(doc, self._tok)
                    need_view, company_view = (
                        (query_view, doc_view) if need is query else (doc_view, query_view)
                    )
                    reasons = explain(
                        need,
                        company,
                        need_view,
                        company_view,
                        self._corpus,
                        text_score=float(text[row]),
                        language_gap=query_cjk_only and not bool(self._cjk[row]),
                    )
                precision = fit_precision(float(score[row]), float(evidence[row]))
                out.append(
                    Match(
                        id=doc.id,
                        rank=rank,
                        score=round(float(score[row]), 4),
                        text_score=round(float(text[row]), 4),
                        taxonomy_score=round(float(tax[row]), 4),
                        reasons=reasons,  # type: ignore[arg-type]
                        evidence=round(float(evidence[row]), 4),
                        precision=round(precision, 4),
                        fit=fit_level(precision),
                    )
                )
            return out

    def rank_many(
        self, queries: Sequence[Q], top_k: int = 10, explain: bool = True, workers: int = 1
    ) -> list[list[Match]]:
        """Rank every query; the same results as ranking them one by one, in order.

        ``workers > 1`` forks that many processes that share the built index copy-on-write
        (Linux/macOS ``fork``; elsewhere, or for few queries, it runs in this process).
        Meant for batch work (CLI, jobs), not inside a threaded web server. Raises
        :class:`NoUsableText` if any query has no usable text; check :meth:`cannot_match`
        first to rank the others.
        """
        with self._lock:
            self._refresh()
        if workers <= 1 or len(queries) < 4 * workers or "fork" not in mp.get_all_start_methods():
            return [self._rank(q, top_k, explain) for q in queries]
        global _FORKED
        _FORKED = self
        try:
            with mp.get_context("fork").Pool(workers) as pool:
                chunk = max(1, len(queries) // (workers * 8))
                return pool.map(_rank_forked, [(q, top_k, explain) for q in queries], chunk)
        finally:
            _FORKED = None

    # -- persistence ------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index to ``path`` (one gzipped JSON file, replaced atomically)."""
        with self._lock:
            self._refresh()
            path = Path(path)
            payload = {
                "format": FORMAT_VERSION,
                "kind": self._doc_type.__name__,
                "config": asdict(self.config),
                "docs": [asdict(d) for d in self._docs if d is not None],
            }
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            try:
                with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as fh:
                    fh.write(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise

    @classmethod
    def load(cls, path: str | os.PathLike[str]):  # type: ignore[no-untyped-def]
        """Read an index written by :meth:`save` (documents are re-tokenised)."""
        with gzip.open(path, "rb") as fh:
            payload = json.loads(fh.read())
        if payload.get("format") != FORMAT_VERSION or payload.get("kind") != cls._doc_type.__name__:
            raise ValueError(f"{path}: not a {cls.__name__} file of format {FORMAT_VERSION}")
        docs = []
        for d in payload["docs"]:
            for k, v in d.items():
                if isinstance(v, list):
                    d[k] = tuple(v)
            docs.append(cls._doc_type(**d))
        return cls.build(docs, EngineConfig(**payload["config"]))


class MatchIndex(_BaseIndex[CompanyDoc, NeedDoc]):
    """Index of company profiles; ranks companies for a need."""

    _doc_type = CompanyDoc
    _by_reference = True

    def rank_companies(self, need: NeedDoc, top_k: int = 10, explain: bool = True) -> list[Match]:
        """Return up to ``top_k`` companies for ``need``, best first, with reasons.

        Companies failing a hard constraint and companies with a zero score are left out.
        ``explain=False`` skips building reasons (``Match.reasons`` is then ``None``).
        Raises :class:`NoUsableText` (its message starts "cannot match this text") when
        :meth:`cannot_match` gives a reason.
        """
        return self._rank(need, top_k, explain)

    def _pair(self, query: NeedDoc, doc: CompanyDoc) -> tuple[NeedDoc, CompanyDoc]:
        return query, doc

    def _taxonomy_scores(self, query: NeedDoc) -> np.ndarray:
        n = len(self._docs)
        tree = cpv_tree()
        cpv = np.zeros(n, dtype=np.float32)
        for code in query.cpv:
            best = np.zeros(n, dtype=np.float32)
            anc = tree.ancestors(code)
            for a in anc[:-1]:
                for post in (self._cpv_below.get(a), self._cpv_self.get(a)):
                    if post is not None:
                        best[post] = SIM_RELATED
            for a in anc:
                if (post := self._cpv_self.get(a)) is not None:
                    best[post] = SIM_BROADER
            if (post := self._cpv_below.get(code)) is not None:
                best[post] = SIM_NARROWER
            if (post := self._cpv_self.get(code)) is not None:
                best[post] = SIM_EXACT
            # Assignments above go from weakest to strongest, so each row keeps its best.
            cpv += best
        dom = np.zeros(n, dtype=np.float32)
        for d in query.domains:
            if (post := self._domain.get(d)) is not None:
                dom[post] += 1.0
        return _combine_taxonomy(query, cpv, dom, self.config.cpv_share)

    def _constraint_mask(self, query: NeedDoc) -> np.ndarray:
        # Vectorised form of constraints.admissible over all companies at once.
        n = len(self._docs)
        post = self._attr_post
        if not cons.need_constrains(query) and ("excl", query.country) not in post:
            return self._alive
        mask = self._alive.copy()
        for c in query.exclude_countries:
            if (rows := post.get(("country", c))) is not None:
                mask[rows] = False
        for cert in query.required_certifications:
            ok = ~self._has_attr["cert"]
            if (rows := post.get(("cert", cert.lower()))) is not None:
                ok[rows] = True
            mask &= ok
        if query.language:
            ok = ~self._has_attr["lang"]
            if (rows := post.get(("lang", query.language))) is not None:
                ok[rows] = True
            mask &= ok
        if query.country and (rows := post.get(("excl", query.country))) is not None:
            mask[rows] = False
        assert len(mask) == n
        return mask

    def _refresh(self, show_progress: bool = False) -> None:
        if not self._dirty:
            return
        super()._refresh(show_progress)
        post: dict[tuple[str, str], list[int]] = {}
        n = len(self._docs)
        has = {"cert": np.zeros(n, dtype=bool), "lang": np.zeros(n, dtype=bool)}
        for i, d in enumerate(self._docs):
            assert d is not None
            keys = [("country", d.country)] if d.country else []
            keys += [("cert", c.lower()) for c in d.certifications]
            keys += [("lang", x) for x in d.languages]
            keys += [("excl", x) for x in d.exclusions]
            for k in keys:
                post.setdefault(k, []).append(i)
            has["cert"][i] = bool(d.certifications)
            has["lang"][i] = bool(d.languages)
        self._attr_post = {k: np.asarray(v) for k, v in post.items()}
        self._has_attr = has


class NeedIndex(_BaseIndex[NeedDoc, CompanyDoc]):
    """Index of needs; ranks needs for a company."""

    _doc_type = NeedDoc

    def rank_needs(self, company: CompanyDoc, top_k: int = 10, explain: bool = True) -> list[Match]:
        """Return up to ``top_k`` needs for ``company``, best first (see ``rank_companies``)."""
        return self._rank(company, top_k, explain)

    def _pair(self, query: CompanyDoc, doc: NeedDoc) -> tuple[NeedDoc, CompanyDoc]:
        return doc, query

    def _taxonomy_scores(self, query: CompanyDoc) -> np.ndarray:
        n = len(self._docs)
        cpv = np.zeros(n, dtype=np.float32)
        dom = np.zeros(n, dtype=np.float32)
        tree = cpv_tree()
        for i, need in enumerate(self._docs):
            if need is None:
                continue
            for code in need.cpv:
                cpv[i] += max((tree.relation(code, c)[0] for c in query.cpv), default=0.0)
            dom[i] = len(set(need.domains) & set(query.domains))
        out = np.zeros(n, dtype=np.float32)
        for i, need in enumerate(self._docs):
            if need is not None and (need.cpv or need.domains):
                out[i] = _combine_taxonomy(
                    need, cpv[i : i + 1], dom[i : i + 1], self.config.cpv_share
                )[0]
        return out

    def _text_weight(self, query: CompanyDoc) -> np.ndarray:
        # Fusion is decided per need: a need without codes is ranked on text alone.
        coded = np.fromiter(
            (d is not None and bool(d.cpv or d.domains) for d in self._docs),
            dtype=bool,
            count=len(self._docs),
        )
        return np.where(coded, self.config.text_weight, 1.0).astype(np.float32)

    def _constraint_mask(self, query: CompanyDoc) -> np.ndarray:
        return np.fromiter(
            (d is not None and cons.admissible(d, query) for d in self._docs),
            dtype=bool,
            count=len(self._docs),
        )


def cannot_match(query: NeedDoc | CompanyDoc, tokenizer: Tokenizer | None = None) -> str | None:
    """Why ``query`` cannot be ranked at all, or ``None`` if it can.

    The one place that decides "no usable text" (every message starts "cannot match
    this text"): a query with codes is ranked from them; one without codes needs at least
    one word the tokeniser keeps (text of only punctuation, symbols or numbers has none)
    in a script a language resource covers. Words that no profile uses are usable: they
    just match nothing, and the ranking is empty.
    """
    if query.cpv or query.domains:
        return None
    what = "the need" if isinstance(query, NeedDoc) else "the profile"
    if not query.full_text.strip():
        return f"cannot match this text: {what} has no text and no codes"
    if not (tokenizer or _shared_tokenizer()).tokenize(query.full_text):
        return (
            f"cannot match this text: {what} has no words the engine can use (only "
            "punctuation, symbols or numbers) and no codes"
        )
    if (script := crosslingual.uncovered_script(query.full_text)) is not None:
        return (
            f"cannot match this text: {what} is written in {script} script, which no "
            "language resource of the engine covers, and has no codes"
        )
    return None


@cache
def _shared_tokenizer() -> Tokenizer:
    return Tokenizer()


class NoUsableText(ValueError):
    """A query has no text the engine can use and no codes (see ``cannot_match``)."""


_FORKED: _BaseIndex | None = None


def _rank_forked(args: tuple) -> list[Match]:  # type: ignore[type-arg]
    """Pool worker: rank one query against the index inherited through fork."""
    assert _FORKED is not None
    return _FORKED._rank(*args)


def _combine_taxonomy(
    need: NeedDoc, cpv_sum: np.ndarray, dom_count: np.ndarray, cpv_share: float
) -> np.ndarray:
    """Average the per-code similarities and domain hits and mix them by ``cpv_share``."""
    cpv = cpv_sum / len(need.cpv) if need.cpv else None
    dom = dom_count / len(need.domains) if need.domains else None
    if cpv is not None and dom is not None:
        return cpv_share * cpv + (1 - cpv_share) * dom
    if cpv is not None:
        return cpv
    if dom is not None:
        return dom
    return np.zeros_like(cpv_sum)


def rank_needs(
    company: CompanyDoc,
    needs: Sequence[NeedDoc],
    top_k: int = 10,
    config: EngineConfig | None = None,
) -> list[Match]:
    """Rank ``needs`` for ``company`` without keeping an index (small need sets)."""
    return NeedIndex.build(needs, config).rank_needs(company, top_k)
