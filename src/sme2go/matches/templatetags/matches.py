"""Short lists of proposed matches embedded in the need and company pages."""

from __future__ import annotations

from django import template

from sme2go.core.tenancy import scoped
from sme2go.matches.domain import proposals_for_company
from sme2go.matches.models import MatchProposal

register = template.Library()

SHORT_LIST = 5


@register.inclusion_tag("matches/_short_list.html", takes_context=True)
def top_companies(context, need):
    """The best-ranked companies for ``need`` that the viewer may see."""
    proposals = (
        scoped(MatchProposal.objects.filter(need=need, rank__isnull=False), context["user"])
        .select_related("company")
        .ranked()[:SHORT_LIST]
    )
    return {"proposals": proposals, "show": "company"}


@register.inclusion_tag("matches/_short_list.html", takes_context=True)
def top_needs(context, company):
    """The open needs ``company`` fits best, as far as the viewer may see them."""
    proposals = scoped(proposals_for_company(company), context["user"])[:SHORT_LIST]
    return {"proposals": proposals, "show": "need"}
