"""Write paths for companies: creation with profile and enrolment, profile edits, products
and references, certifications.

Keyword-only, one transaction each, validated with the models' ``full_clean()``
(``ValidationError`` keyed by field, all problems at once where possible); ``actor`` is the
acting user (``PermissionDenied`` if not allowed) or ``None`` for trusted system work such
as the demo loader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from sme2go.companies.models import Certification, CompanyProfile, Product
from sme2go.core.content_language import original_columns, translation_columns
from sme2go.core.domain import check_fields, domain_write, require_change, save_changes
from sme2go.organisations.models import Organisation
from sme2go.programmes.domain import require_operator_of
from sme2go.programmes.models import Enrolment, Programme
from sme2go.taxonomy.models import Domain

# A company is one organisation plus its profile; edits may touch fields of both.
ORGANISATION_FIELDS = ("name", "name_zh", "website", "description")
PROFILE_FIELDS = (
    "offering",
    "original_language",
    # The offering in other languages (offering_fi, offering_zh_hans…).
    *sorted(translation_columns(CompanyProfile)),
    "size_band",
    "home_country",
    "cpv_codes",
    "languages",
    "target_markets",
    "excluded_markets",
)
PRODUCT_FIELDS = ("kind", "name", "description", "year", "location")
CERTIFICATION_FIELDS = ("name", "issuer", "valid_until")


def _collect(errors: dict[str, list], obj: models.Model, exclude: list[str] | None = None) -> None:
    """Run ``full_clean`` and gather its errors, so one call reports every problem."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)


@domain_write
def create_company(
    *,
    programme: Programme,
    recruited_by: Organisation | None,
    name: str,
    offering: str,
    actor: Any,
    name_zh: str = "",
    website: str = "",
    description: str = "",
    size_band: str = CompanyProfile.SizeBand.SMALL,
    home_country: str = "FI",
    domains: Iterable[Domain | str] = (),
    cpv_codes: Iterable[str] = (),
    languages: Iterable[str] = (),
    target_markets: Iterable[str] = (),
    excluded_markets: Iterable[str] = (),
    enrolled_on: dt.date | None = None,
    original_language: str = "en",
    **translations: str,
) -> CompanyProfile:
    """Create a company organisation, its profile and its enrolment in ``programme``.

    All three are validated before anything is written and are saved together or not at
    all. ``recruited_by`` must be a partner operator of the programme; it then manages
    the company. ``domains`` are :class:`Domain` objects or their codes. ``offering`` is
    in ``original_language``; ``translations`` are other languages' columns
    (``offering_zh_hans=…``).
    """
    require_operator_of(actor, programme)
    check_fields("create_company", translations, translation_columns(CompanyProfile))
    organisation = Organisation(
        kind=Organisation.Kind.COMPANY,
        name=name,
        name_zh=name_zh,
        website=website,
        description=description,
    )
    profile = CompanyProfile(
        organisation=organisation,
        **original_columns(
            CompanyProfile, {**translations, "offering": offering}, original_language
        ),
        original_language=original_language,
        size_band=size_band,
        home_country=home_country,
        cpv_codes=list(cpv_codes),
        languages=list(languages),
        target_markets=list(target_markets),
        excluded_markets=list(excluded_markets),
    )
    enrolment = Enrolment(
        programme=programme,
        organisation=organisation,
        recruited_by=recruited_by,
        enrolled_on=enrolled_on or dt.date.today(),
    )
    errors: dict[str, list] = {}
    _collect(errors, organisation)
    # The organisation has no primary key yet; its own validation ran just above.
    _collect(errors, profile, exclude=["organisation"])
    _collect(errors, enrolment, exclude=["organisation"])
    if errors:
        raise ValidationError(errors)
    organisation.save()
    profile.save()
    profile.domains.set(domains)
    enrolment.save()
    return profile


@domain_write
def update_company_profile(
    *,
    profile: CompanyProfile,
    actor: Any,
    domains: Iterable[Domain | str] | None = None,
    **fields: Any,
) -> CompanyProfile:
    """Change a company's organisation fields and profile fields in one step.

    ``fields`` may name any of ``ORGANISATION_FIELDS`` and ``PROFILE_FIELDS``; ``domains``
    (if given) replaces the domain tags. ``profile`` may be unsaved (a company created
    without one in the admin); it is then created.
    """
    check_fields("update_company_profile", fields, ORGANISATION_FIELDS + PROFILE_FIELDS)
    organisation = profile.organisation
    require_change(actor, organisation)
    language = fields.get("original_language", profile.original_language)
    fields = original_columns(CompanyProfile, fields, language)
    for field, value in fields.items():
        setattr(organisation if field in ORGANISATION_FIELDS else profile, field, value)
    errors: dict[str, list] = {}
    _collect(errors, organisation)
    _collect(errors, profile)
    if errors:
        raise ValidationError(errors)
    organisation.save()
    profile.save()
    if domains is not None:
        profile.domains.set(domains)
    return profile


@domain_write
def add_product(
    *,
    profile: CompanyProfile,
    name: str,
    actor: Any,
    kind: str = Product.Kind.PRODUCT,
    description: str = "",
    year: int | None = None,
    location: str = "",
) -> Product:
    """Add a product/service or a reference project to a company profile."""
    require_change(actor, profile.organisation)
    product = Product(
        profile=profile,
        kind=kind,
        name=name,
        description=description,
        year=year,
        location=location,
    )
    product.full_clean()
    product.save()
    return product


@domain_write
def update_product(*, product: Product, actor: Any, **fields: Any) -> Product:
    """Change a product or reference (``PRODUCT_FIELDS``)."""
    require_change(actor, product)
    return save_changes(product, fields, PRODUCT_FIELDS, function="update_product")


@domain_write
def delete_product(*, product: Product, actor: Any) -> None:
    """Remove a product or reference from its company's profile."""
    require_change(actor, product)
    product.delete()


@domain_write
def add_certification(
    *,
    profile: CompanyProfile,
    name: str,
    actor: Any,
    issuer: str = "",
    valid_until: dt.date | None = None,
) -> Certification:
    """Record a certification the company holds."""
    require_change(actor, profile.organisation)
    certification = Certification(
        profile=profile, name=name, issuer=issuer, valid_until=valid_until
    )
    certification.full_clean()
    certification.save()
    return certification


@domain_write
def update_certification(
    *, certification: Certification, actor: Any, **fields: Any
) -> Certification:
    """Change a certification (``CERTIFICATION_FIELDS``)."""
    require_change(actor, certification)
    return save_changes(
        certification, fields, CERTIFICATION_FIELDS, function="update_certification"
    )


@domain_write
def delete_certification(*, certification: Certification, actor: Any) -> None:
    """Remove a certification from its company's profile."""
    require_change(actor, certification)
    certification.delete()
