"""sme2go.matching: rank companies for host needs and needs for companies, with reasons.

Plain Python (no Django). Public API::

    from sme2go.matching import CompanyDoc, NeedDoc, MatchIndex, NeedIndex

    index = MatchIndex.build(companies)          # Iterable[CompanyDoc]
    index.upsert(company); index.remove(company_id)
    index.save(path); index = MatchIndex.load(path)
    matches = index.rank_companies(need, top_k=10)   # list[Match]
    NeedIndex.build(needs).rank_needs(company, top_k=10)

See docs/matching.md for scoring, reasons and the CLI.
"""

from .documents import CodeMatch, CompanyDoc, Constraint, Match, NeedDoc, Reasons
from .index import EngineConfig, MatchIndex, NeedIndex, NoUsableText, cannot_match, rank_needs
from .taxonomy import DOMAINS

__all__ = [
    "DOMAINS",
    "CodeMatch",
    "CompanyDoc",
    "Constraint",
    "EngineConfig",
    "Match",
    "MatchIndex",
    "NeedDoc",
    "NeedIndex",
    "NoUsableText",
    "Reasons",
    "cannot_match",
    "rank_needs",
]
