"""Readiness beside a company elsewhere: its profile page and the match lists.

``{% readiness_of proposals as readiness %}`` reads the latest readiness of every
company of a list of match proposals at once (:func:`readiness_for`, one query), so a
match list costs the same number of queries however long it is; ``{% readiness_badge %}``
and ``{% readiness_reason %}`` then show one company's band and, for a need in a market
the company was assessed for, its open critical blockers as a match reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import scoped
from sme2go.readiness.models import Answer, Assessment
from sme2go.readiness.presentation import band_label as _band_label
from sme2go.readiness.summary import Summary, readiness_for

register = template.Library()


@register.filter
def band_label(code: str | None) -> str:
    return _band_label(code)


@register.filter
def get_item(mapping: dict, key: str) -> Any:
    return mapping.get(key, key)


@register.filter
def evidence_label(code: str | None) -> str:
    if not code:
        return "—"
    return str(Answer.Evidence(code).label)


@register.filter
def answer_label(value: int | str | None) -> str:
    """A compared answer: a level, a checklist status, N/A or none."""
    if value is None:
        return "—"
    if value == "na":
        return str(_("N/A"))
    if isinstance(value, int):
        return str(value)
    return str(Answer.Status(value).label)


@register.filter
def signed(value: float | None) -> str:
    """A change with its sign, in the reader's number format (+12.5, −3.0)."""
    if value is None:
        return "—"
    text = number_format(abs(value), 1)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


@register.simple_tag(takes_context=True)
def readiness_of(context, *proposal_lists: Iterable[Any]) -> dict[int, Summary]:
    """``{company id: Summary}`` for the companies of the given proposal lists, as far
    as the viewer may see their assessments (a host sees none)."""
    ids = {p.company_id for proposals in proposal_lists for p in proposals}
    return readiness_for(ids, access=context["user"]) if ids else {}


def need_market(need) -> str:
    """The country code of the need's region (``""`` if it has none)."""
    region = getattr(need, "region", None)
    country = region.country if region is not None else None
    return country.country_code if country is not None else ""


@register.inclusion_tag("readiness/_badge.html")
def readiness_badge(readiness: dict[int, Summary], company_id: int):
    return {"summary": readiness.get(company_id)}


@register.inclusion_tag("readiness/_reason.html", takes_context=True)
def readiness_reason(context, readiness: dict[int, Summary], proposal):
    """The match reason "open critical blockers for the need's market", if any."""
    summary = readiness.get(proposal.company_id)
    blockers: tuple = ()
    market = ""
    if summary is not None:
        cache = context.render_context.setdefault("readiness_markets", {})
        if proposal.need_id not in cache:
            cache[proposal.need_id] = need_market(proposal.need)
        market = cache[proposal.need_id]
        blockers = summary.blockers_for(market)
    return {"summary": summary, "blockers": blockers, "market": market}


@register.inclusion_tag("readiness/_company_card.html", takes_context=True)
def readiness_card(context, company):
    """The readiness section of a company's page: its latest score and links."""
    user = context["user"]
    access = context["access"]
    summary = readiness_for([company], access=user).get(company.pk)
    assessments = list(
        scoped(Assessment, user)
        .filter(company=company)
        .select_related("programme", "mission")
        .order_by("started_at")
    )
    return {
        "company": company,
        "summary": summary,
        "assessments": assessments,
        "may_start": access.is_superuser
        or access.is_operator
        or access.organisation_id == company.pk,
        "visible": access.is_superuser or access.is_operator or access.is_company,
    }
