"""Turn profiles and needs from the database into the matching engine's documents."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from sme2go.companies.models import CompanyProfile, Product
from sme2go.matching import CompanyDoc, NeedDoc
from sme2go.needs.models import Need


def profiles_for_matching(queryset: QuerySet[CompanyProfile]) -> QuerySet[CompanyProfile]:
    """``queryset`` with everything :func:`company_doc` reads, in a fixed number of queries."""
    return queryset.select_related("organisation").prefetch_related(
        "domains",
        "certifications",
        Prefetch("products", queryset=Product.objects.order_by("kind", "name")),
    )


def company_doc(profile: CompanyProfile) -> CompanyDoc:
    """The engine's view of a company; its id is the organisation's primary key."""
    products = [p for p in profile.products.all() if p.kind == Product.Kind.PRODUCT]
    references = [p for p in profile.products.all() if p.kind == Product.Kind.REFERENCE]
    return CompanyDoc(
        id=str(profile.organisation_id),
        name=profile.organisation.name,
        texts={
            "offering": profile.offering,
            "description": profile.organisation.description,
            "products": "\n".join(f"{p.name}. {p.description}" for p in products),
            "references": "\n".join(f"{p.name}. {p.description}" for p in references),
        },
        domains=tuple(d.code for d in profile.domains.all()),
        cpv=tuple(profile.cpv_codes),
        country=profile.home_country,
        languages=tuple(profile.languages),
        target_markets=tuple(profile.target_markets),
        size=profile.size_band,
        certifications=tuple(c.name for c in profile.certifications.all()),
        exclusions=tuple(profile.excluded_markets),
    )


def needs_for_matching(queryset: QuerySet[Need]) -> QuerySet[Need]:
    """``queryset`` with everything :func:`need_doc` reads."""
    return queryset.select_related(
        "region__parent__parent__parent", "host__region__parent__parent__parent"
    ).prefetch_related("domains")


def _country_code(need: Need) -> str:
    for region in (need.region, need.host.region):
        if region is not None:
            country = region.country
            if country is not None and country.country_code:
                return country.country_code
    return ""


def need_doc(need: Need) -> NeedDoc:
    """The engine's view of a need; its id is the need's primary key."""
    return NeedDoc(
        id=str(need.pk),
        title=need.title,
        texts={"description": need.description},
        domains=tuple(d.code for d in need.domains.all()),
        cpv=tuple(need.cpv_codes),
        country=_country_code(need),
        language=need.required_languages[0] if need.required_languages else "",
        exclude_countries=tuple(need.excluded_countries),
        required_certifications=(
            (need.required_certification,) if need.required_certification else ()
        ),
    )


def reasons_as_json(reasons) -> dict:
    """The engine's :class:`~sme2go.matching.Reasons` as plain JSON for the database."""
    return {
        "summary": reasons.summary,
        "terms": list(reasons.terms),
        "codes": [
            {
                "kind": c.kind,
                "code": c.code,
                "name": c.name,
                "need_code": c.need_code,
                "relation": c.relation,
            }
            for c in reasons.codes
        ],
        "sentence_pair": list(reasons.sentence_pair) if reasons.sentence_pair else [],
        "constraints": [
            {"name": c.name, "detail": c.detail, "status": c.status} for c in reasons.constraints
        ],
        "codes_only": reasons.codes_only,
        "translations": list(reasons.translations),
    }


def companies_of(programme_ids: Iterable[int]) -> QuerySet[CompanyProfile]:
    """Profiles of the companies actively enrolled in any of ``programme_ids``."""
    return profiles_for_matching(
        CompanyProfile.objects.filter(
            organisation__enrolments__programme__in=list(programme_ids),
            organisation__enrolments__status="active",
        ).distinct()
    )
