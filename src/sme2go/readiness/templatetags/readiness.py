"""Readiness beside a company elsewhere: its profile page and the match lists.

``{% readiness_of proposal as readiness %}`` gives the latest readiness of a proposal's
company; the first proposal of each need reads that of every company proposed for it
(:func:`readiness_for`, one query), so a match list costs one query per need however
long it is. ``{% readiness_badge readiness %}`` shows the band beside the company, and
``{% readiness_reason readiness proposal %}`` its open critical blockers for the need's
market as a match reason (readiness-aware matching, at display time).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import scoped
from sme2go.matches.models import MatchProposal
from sme2go.readiness.models import Answer, Assessment
from sme2go.readiness.presentation import band_label as _band_label
from sme2go.readiness.summary import Summary, readiness_for
from sme2go.regions.models import Region

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


def _cache(context) -> dict:
    # One cache per page render: each included template (a proposal) renders with its
    # own render-context level, so the cache lives in the bottom level, which the page
    # and every template it includes share. A list then fetches readiness once per need.
    shared = context.render_context.dicts[0]
    cache = shared.get("readiness_cache")
    if cache is None:
        cache = {"needs": set(), "companies": {}, "countries": None}
        shared["readiness_cache"] = cache
    return cache


@register.simple_tag(takes_context=True)
def readiness_of(context, proposal) -> Summary | None:
    """The latest readiness of ``proposal``'s company, as far as the viewer may see it.

    The first proposal of a need fetches the readiness of every company proposed for
    that need (one query), so a list of proposals costs one query per need shown."""
    user = context.get("user")
    if user is None:
        return None
    cache = _cache(context)
    if proposal.company_id not in cache["companies"] and proposal.need_id not in cache["needs"]:
        cache["needs"].add(proposal.need_id)
        companies = MatchProposal.objects.filter(need=proposal.need_id).values("company")
        found = readiness_for(companies, access=user)
        for company_id in set(found) | {proposal.company_id}:
            cache["companies"].setdefault(company_id, found.get(company_id))
    return cache["companies"].get(proposal.company_id)


def _country_codes(cache) -> dict[int, str]:
    """Region id -> the country code of its country, from one read of the regions (a
    small reference table) instead of a walk up the parents per need."""
    if cache["countries"] is None:
        rows = {
            pk: (parent, code)
            for pk, parent, code in Region.objects.values_list("pk", "parent_id", "country_code")
        }
        codes = {}
        for pk in rows:
            node, seen = pk, set()
            while node in rows and node not in seen and not rows[node][1]:
                seen.add(node)
                node = rows[node][0]
            codes[pk] = rows[node][1] if node in rows else ""
        cache["countries"] = codes
    return cache["countries"]


@register.inclusion_tag("readiness/_badge.html")
def readiness_badge(summary: Summary | None):
    return {"summary": summary}


@register.inclusion_tag("readiness/_reason.html", takes_context=True)
def readiness_reason(context, summary: Summary | None, proposal):
    """The match reason "open critical blockers for the need's market", if any."""
    if summary is None or not summary.open_critical_blockers:
        return {"blockers": ()}
    market = _country_codes(_cache(context)).get(proposal.need.region_id, "")
    return {"blockers": summary.blockers_for(market), "market": market}


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
