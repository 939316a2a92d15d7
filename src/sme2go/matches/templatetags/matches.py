"""Match lists embedded in the need and company pages, and the reasons of one proposal
rendered as sentences in the reader's language from the engine's structured reasons."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from sme2go.core.tenancy import scoped
from sme2go.matches.domain import proposals_for_company
from sme2go.matches.models import MatchProposal
from sme2go.matching.taxonomy import cpv_tree
from sme2go.taxonomy.models import DOMAIN_LABELS

register = template.Library()


def _may_follow(context) -> bool:
    # Operators may open the companies and needs of their programmes; a host sees no
    # company page and a company no need page, so for them the names are plain text.
    access = context["access"]
    return access.is_operator or access.is_superuser


@register.inclusion_tag("matches/_short_list.html", takes_context=True)
def top_companies(context, need):
    """The companies shown by default for ``need`` (strong and possible fits, approved
    ones) that the viewer may see, best first."""
    proposals = (
        scoped(MatchProposal.objects.filter(need=need), context["user"])
        .shown()
        .select_related("company")
        .ranked()
    )
    return {
        "proposals": proposals,
        "show": "company",
        "links": _may_follow(context),
        "own": context["access"].is_host,
    }


@register.inclusion_tag("matches/_short_list.html", takes_context=True)
def top_needs(context, company):
    """The open needs ``company`` fits well (the same ones as its opportunities page), as
    far as the viewer may see them."""
    proposals = scoped(proposals_for_company(company), context["user"]).shown()
    return {
        "proposals": proposals,
        "show": "need",
        "links": _may_follow(context),
        "own": context["access"].is_company,
    }


@dataclass(frozen=True)
class Code:
    """A CPV code with its name, as a reason names it once."""

    code: str
    name: str


@dataclass(frozen=True)
class CpvReason:
    company: Code
    need: Code
    relation: str


def _cpv(code: str) -> Code:
    return Code(code, cpv_tree().name.get(code, ""))


@register.inclusion_tag("matches/_reasons.html")
def match_reasons(proposal: MatchProposal):
    """The reasons of ``proposal`` as the parts the template turns into sentences:
    shared wording, shared domains, CPV codes (each named once: exact matches name one
    code, related ones the company's and the need's), the best sentence pair and the
    checks of the need's conditions."""
    reasons = proposal.reasons or {}
    codes = reasons.get("codes", [])
    cpv = [
        CpvReason(Code(c["code"], c["name"]), _cpv(c["need_code"] or c["code"]), c["relation"])
        for c in codes
        if c["kind"] == "cpv"
    ]
    return {
        "proposal": proposal,
        "need": proposal.need,
        "terms": reasons.get("terms", [])[:5],
        "translations": reasons.get("translations", [])[:5],
        "codes_only": reasons.get("codes_only", False),
        "domains": [
            DOMAIN_LABELS.get(c["code"], c["name"]) for c in codes if c["kind"] == "domain"
        ],
        "same_cpv": [
            f"CPV {c.company.code} {c.company.name}" for c in cpv if c.relation == "exact"
        ],
        "cpv": [c for c in cpv if c.relation != "exact"],
        "pair": reasons.get("sentence_pair") or None,
        "constraints": reasons.get("constraints", []),
    }
