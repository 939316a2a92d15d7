"""Reasons a person can check: matched terms, codes, best sentence pair, constraints.

Everything here is computed for the few returned matches only, so it favours clarity over
speed. Term importance is the term's idf in the indexed collection, the same statistic the
ranking uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import constraints as cons
from .documents import CodeMatch, CompanyDoc, Constraint, NeedDoc, Reasons
from .taxonomy import DOMAINS, cpv_tree
from .text import Tokenizer, split_sentences

if TYPE_CHECKING:
    from .index import _Corpus

MAX_TERMS = 8


def _idf(corpus: _Corpus, term: str) -> float:
    i = corpus.vocab.get(term)
    if i is None or i >= len(corpus.idf):
        return 0.0
    return float(corpus.idf[i])


def matched_terms(
    need: NeedDoc, company: CompanyDoc, tok: Tokenizer, corpus: _Corpus, compounds: bool = True
) -> list[str]:
    """Need words (as written in the need) whose terms occur in the company, most telling first."""
    company_terms = set(tok.tokenize(company.full_text, compounds=compounds))
    seen: dict[str, tuple[float, str]] = {}
    for term, surface in tok.analyze(need.full_text, compounds=compounds):
        if term in company_terms and term not in seen:
            seen[term] = (_idf(corpus, term), surface)
    ranked = sorted(seen.values(), key=lambda x: -x[0])
    out: list[str] = []
    for _, surface in ranked:
        # A two-word phrase already says what its single words would.
        if any(surface in longer.split() for longer in out if " " in longer):
            continue
        if " " in surface:
            out = [o for o in out if o not in surface.split()]
        out.append(surface)
        if len(out) == MAX_TERMS:
            break
    return out


def matched_codes(need: NeedDoc, company: CompanyDoc) -> list[CodeMatch]:
    """Shared domains and the best-related company CPV code for each need code."""
    out = [CodeMatch("domain", d, DOMAINS.get(d, d)) for d in need.domains if d in company.domains]
    tree = cpv_tree()
    for code in need.cpv:
        best = max(
            ((tree.relation(code, c), c) for c in company.cpv),
            key=lambda x: x[0][0],
            default=None,
        )
        if best and best[0][0] > 0:
            (_, relation), c = best
            out.append(CodeMatch("cpv", c, tree.name[c], need_code=code, relation=relation))
    return out


def best_sentence_pair(
    need: NeedDoc, company: CompanyDoc, tok: Tokenizer, corpus: _Corpus
) -> tuple[str, str] | None:
    """The need sentence and company sentence sharing the most idf-weighted terms."""
    need_s = [(s, set(tok.tokenize(s, compounds=False))) for s in split_sentences(need.full_text)]
    comp_s = [
        (s, set(tok.tokenize(s, compounds=False))) for s in split_sentences(company.full_text)
    ]
    best: tuple[float, str, str] | None = None
    for ns, nt in need_s:
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
    return f"CPV {c.code} {c.name} ({c.relation} than {c.need_code})"


def explain(
    need: NeedDoc,
    company: CompanyDoc,
    tok: Tokenizer,
    corpus: _Corpus,
    *,
    text_score: float,
    language_gap: bool,
    compounds: bool = True,
) -> Reasons:
    """Build the :class:`Reasons` for one proposed pair."""
    need_text_empty = not need.full_text.strip()
    terms = [] if need_text_empty else matched_terms(need, company, tok, corpus, compounds)
    codes = matched_codes(need, company)
    pair = None if need_text_empty else best_sentence_pair(need, company, tok, corpus)
    checks = cons.check(need, company)
    codes_only = text_score <= 0 or not terms
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
    else:
        parts.append(f"{company.name} shares the need's wording on " + ", ".join(terms[:4]))
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
        constraints=tuple(Constraint(c.name, c.detail, c.status) for c in checks),
        codes_only=codes_only,
    )
