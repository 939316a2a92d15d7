"""Smart-city domains and the CPV procurement-code tree.

The CPV tree ships inside the package (``data/cpv.json.gz``, a flat ``[code, name,
parent]`` list built from the shared CPV file by ``tests/data/matching/make_cpv_data.py``),
so nothing is read from outside the installed package at run time.

Codes are handled as their 8-digit form; the check digit (``45000000-7``) is accepted on
input and dropped, because it carries no meaning beyond the first eight digits.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

DOMAINS: dict[str, str] = {
    "water": "Water and waste water",
    "waste": "Waste and circular economy",
    "energy": "Energy",
    "mobility": "Mobility and transport",
    "buildings": "Buildings and wooden construction",
    "food": "Food and agritech",
    "ict": "ICT and data",
    "environment": "Environment and cleantech",
    "health": "Health and wellbeing",
    "safety": "Safety and security",
    "governance": "Governance and citizen services",
    "education": "Education and skills",
}

_CODE_RE = re.compile(r"^\s*(\d{8})(?:-\d)?\s*$")

# Similarity of a company code to a need code, by their relation in the tree. A company
# whose code is narrower than the need's is offering exactly a kind of what was asked for;
# a broader code only says the company works somewhere around it.
SIM_EXACT = 1.0
SIM_NARROWER = 0.8
SIM_BROADER = 0.6
SIM_RELATED = 0.3


class UnknownCode(ValueError):
    """Raised for a CPV code that is malformed or not in the tree."""


class UnknownDomain(ValueError):
    """Raised for a domain key that is not in :data:`DOMAINS`."""


@dataclass(frozen=True)
class CpvTree:
    """The CPV tree: ``name[code]`` and ``parent[code]`` (``None`` for a division)."""

    name: dict[str, str]
    parent: dict[str, str | None]

    def ancestors(self, code: str) -> list[str]:
        """Return the chain of broader codes of ``code``, nearest first (excluding itself)."""
        out = []
        p = self.parent.get(code)
        while p is not None:
            out.append(p)
            p = self.parent.get(p)
        return out

    def depth(self, code: str) -> int:
        """Return 0 for a division, 1 for a group, and so on."""
        return len(self.ancestors(code))

    def relation(self, need_code: str, company_code: str) -> tuple[float, str]:
        """Return ``(similarity, relation)`` of a company code to a need code.

        ``relation`` is one of ``exact``, ``narrower`` (company code lies below the need
        code), ``broader`` (company code lies above it), ``related`` (they share an ancestor
        below the division level) or ``none`` with similarity 0.
        """
        if need_code == company_code:
            return SIM_EXACT, "exact"
        company_anc = self.ancestors(company_code)
        if need_code in company_anc:
            return SIM_NARROWER, "narrower"
        need_anc = self.ancestors(need_code)
        if company_code in need_anc:
            return SIM_BROADER, "broader"
        # Sharing only the division (e.g. all of 45 "construction work") says too little.
        if set(need_anc[:-1]) & set(company_anc[:-1]):
            return SIM_RELATED, "related"
        return 0.0, "none"


@cache
def cpv_tree() -> CpvTree:
    """Load the packaged CPV tree once per process."""
    raw = resources.files("sme2go.matching").joinpath("data/cpv.json.gz").read_bytes()
    rows = json.loads(gzip.decompress(raw))
    return CpvTree(
        name={code: name for code, name, _ in rows},
        parent={code: parent for code, _, parent in rows},
    )


def normalise_cpv(code: str) -> str:
    """Return the 8-digit form of ``code``; raise :class:`UnknownCode` if it is not a CPV code."""
    m = _CODE_RE.match(code)
    if not m or m.group(1) not in cpv_tree().name:
        raise UnknownCode(f"unknown CPV code {code.strip()!r}")
    return m.group(1)


def normalise_domain(key: str) -> str:
    """Return the domain key (case-insensitive); raise :class:`UnknownDomain` if unknown."""
    k = key.strip().lower()
    if k not in DOMAINS:
        raise UnknownDomain(f"unknown domain {key.strip()!r} (known: {', '.join(DOMAINS)})")
    return k


def cpv_name(code: str) -> str:
    """Return the English name of a (normalised) CPV code."""
    return cpv_tree().name[code]


def expand(code: str) -> list[str]:
    """Return ``code`` followed by its broader codes, nearest first."""
    return [code, *cpv_tree().ancestors(code)]
