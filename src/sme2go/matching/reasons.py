"""Reasons a person can check: matched terms, codes, best sentence pair, constraints.

Everything here is computed for the few returned matches only (the query's text is
analysed once per ranking, each match's once). Term importance is the term's idf in the indexed collection, the same statistic the
ranking uses.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from . import constraints as cons
from . import crosslingual
from .documents import CodeMatch, CompanyDoc, NeedDoc, Reasons
from .taxonomy import DOMAINS, cpv_tree
from .text import Tokenizer, split_sentences

if TYPE_CHECKING:
    from .index import _Corpus

MAX_TERMS = 8
MAX_PHRASE = 3
# A quoted sentence is cut to about this many characters: a text without sentence ends (a
# pasted table, a long run-on description) would otherwise be quoted whole in every match.
MAX_QUOTE = 300


def _idf(corpus: _Corpus, term: str) -> float:
    i = corpus.vocab.get(term)
    if i is None or i >= len(corpus.idf):
        return 0.0
    return float(corpus.idf[i])


class TextView:
    """A document's text analysed once for explaining: its name (a need's title), its
    language, its sentences with their words and terms, all its terms, and (on demand) its
    word-pair compounds."""

    def __init__(self, doc: NeedDoc | CompanyDoc, tok: Tokenizer) -> None:
        self._tok = tok
        self._text = doc.full_text
        self.name = doc.name if isinstance(doc, CompanyDoc) else doc.title
        self.lang = tok.language(self._text)
        self.sentences: list[tuple[str, list[str], list[str]]] = []
        for sentence in split_sentences(self._text):
            words = tok.words(sentence)
            self.sentences.append((sentence, words, tok.terms(words, self.lang)))
        self.terms = frozenset(t for _, _, ts in self.sentences for t in ts if t)

    @cached_property
    def compounds(self) -> list[tuple[str, str]]:
        return self._tok.compounds(self._text, self.lang)


def matched_terms(need: TextView, company: TextView, corpus: _Corpus) -> list[str]:
    """Need wording found in the company, most telling first, as written in the need.

    Runs of adjacent need words that all occur in the company are shown as one phrase
    ("waste water treatment"), and a word pair whose closed compound the company uses
    ("waste water" for "wastewater") is shown as the pair.
    """
    company_terms = company.terms
    scored: dict[str, float] = {}
    for _, words, terms in need.sentences:
        runs: list[list[int]] = []
        for i, term in enumerate(terms):
            if not term:
                continue  # a stopword neither matches nor breaks a phrase
            if term in company_terms:
                if runs and runs[-1][-1] == _prev_kept(terms, i) and len(runs[-1]) < MAX_PHRASE:
                    runs[-1].append(i)
                else:
                    runs.append([i])
        for run in runs:
            phrase = " ".join(words[run[0] : run[-1] + 1])
            score = sum(_idf(corpus, terms[i]) for i in run)
            scored[phrase] = max(scored.get(phrase, 0.0), score)
    for term, pair in need.compounds:
        if term in company_terms and pair not in scored:
            scored[pair] = _idf(corpus, term)
    return [p for p, _ in sorted(scored.items(), key=lambda kv: -kv[1])][:MAX_TERMS]


def _prev_kept(terms: list[str], i: int) -> int:
    j = i - 1
    while j >= 0 and not terms[j]:
        j -= 1
    return j


def matched_codes(need: NeedDoc, company: CompanyDoc) -> list[CodeMatch]:
    """Shared domains and the best-related company CPV code for each need code."""
    out = [CodeMatch("domain", d, DOMAINS.get(d, d)) for d in need.domains if d in company.domains]
    tree = cpv_tree()
    cpv: dict[str, tuple[float, CodeMatch]] = {}
    for code in need.cpv:
        best = max(
            ((tree.relation(code, c), c) for c in company.cpv),
            key=lambda x: x[0][0],
            default=None,
        )
        if best and best[0][0] > 0:
            (strength, relation), c = best
            # A company code related to several need codes is one piece of evidence: name
            # it once, with its closest need code.
            if c not in cpv or strength > cpv[c][0]:
                match = CodeMatch("cpv", c, tree.name[c], need_code=code, relation=relation)
                cpv[c] = (strength, match)
    return out + [match for _, match in cpv.values()]


def best_sentence_pair(
    need: TextView, company: TextView, corpus: _Corpus
) -> tuple[str, str] | None:
    """The need sentence and company sentence sharing the most idf-weighted terms.

    The company's name line is not evidence: it shares words with the need only when the
    name does ("Istuin Design Oy" for "design partners").
    """
    best: tuple[float, str, str] | None = None
    comp_s = [(cs, set(ts)) for cs, _, ts in company.sentences if cs.strip() != company.name]
    for ns, _, nts in need.sentences:
        nt = set(nts) - {""}
        for cs, ct in comp_s:
            shared = nt & ct
            if not shared:
                continue
            w = sum(_idf(corpus, t) or 1.0 for t in shared)
            if best is None or w > best[0]:
                best = (w, ns, cs)
    return (best[1], best[2]) if best else None


def _describe_code(c: CodeMatch) -> str:
    if c.kind == "domain":
        return f"domain {c.name}"
    if c.relation == "exact":
        return f"CPV {c.code} {c.name}"
    if c.relation == "related":
        return f"CPV {c.code} {c.name} (same family as {c.need_code})"
    return f"CPV {c.code} {c.name} ({c.relation} than {c.need_code})"


def explain(
    need: NeedDoc,
    company: CompanyDoc,
    need_view: TextView,
    company_view: TextView,
    corpus: _Corpus,
    *,
    text_score: float,
    language_gap: bool,
) -> Reasons:
    """Build the :class:`Reasons` for one proposed pair."""
    need_text_empty = not need.full_text.strip()
    terms = [] if need_text_empty else matched_terms(need_view, company_view, corpus)
    translations = [] if need_text_empty else _translations(need, company, need_view, company_view)
    codes = matched_codes(need, company)
    pair = None if need_text_empty else best_sentence_pair(need_view, company_view, corpus)
    if pair is not None:
        pair = (quote(pair[0]), quote(pair[1]))
    checks = cons.check(need, company)
    codes_only = text_score <= 0
    parts: list[str] = []
    if need_text_empty:
        parts.append("The need has no text, so this match rests on its codes alone")
    elif codes_only and language_gap:
        parts.append(
            "The need is written only in Chinese and the profile is not, "
            "so this match rests on codes only"
        )
    elif codes_only:
        parts.append("No shared wording; this match rests on codes only")
    elif not terms and translations:
        parts.append(
            f"{company.name} uses the English of the need's wording: " + ", ".join(translations[:4])
        )
    elif not terms:
        # Reached through the feedback terms of the best-matching profiles (RM3).
        parts.append(
            f"{company.name} shares no words with the need but resembles the best-matching profiles"
        )
    else:
        parts.append(f"{company.name} shares the need's wording on " + ", ".join(terms[:4]))
        if translations:
            parts.append("in translation " + ", ".join(translations[:4]))
    if codes:
        parts.append("matches " + "; ".join(_describe_code(c) for c in codes[:3]))
    unverified = [c for c in checks if c.status == "unverified"]
    if unverified:
        parts.append("check " + "; ".join(f"{c.name} ({c.detail})" for c in unverified))
    elif checks:
        parts.append("all constraints met")
    summary = "; ".join(parts) + "."
    return Reasons(
        summary=summary,
        terms=tuple(terms),
        codes=tuple(codes),
        sentence_pair=pair,
        constraints=tuple(checks),
        codes_only=codes_only,
        translations=tuple(translations[:MAX_TERMS]),
    )


def _translations(
    need: NeedDoc, company: CompanyDoc, need_view: TextView, company_view: TextView
) -> list[str]:
    """Translated words of either side that the other side uses (see :mod:`.crosslingual`)."""
    need_body = "\n".join(t for t in need.texts.values() if t)
    company_body = "\n".join(t for t in company.texts.values() if t)
    found = crosslingual.matched_translations(need.title, need_body, company_view.terms)
    found += crosslingual.matched_translations(company.name, company_body, need_view.terms)
    return list(dict.fromkeys(found))


def quote(sentence: str, limit: int = MAX_QUOTE) -> str:
    """``sentence``, or its first ``limit`` characters cut at a word and marked " …"."""
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + " …"
