"""Write paths for companies: creation with profile and enrolment, profile edits, products
and references, certifications.

Keyword-only, one transaction each, validated with the models' ``full_clean()``
(``ValidationError`` keyed by field, all problems at once where possible); ``actor`` is the
acting user (``PermissionDenied`` if not allowed) or ``None`` for trusted system work such
as the demo loader.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from sme2go.companies.models import Certification, CompanyProfile, Product
from sme2go.core.content_language import original_columns, translation_columns
from sme2go.core.domain import check_fields, domain_write, require_change, save_changes
from sme2go.core.tenancy import scoped
from sme2go.organisations.models import ContactPerson, Organisation
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


def _collect_row(
    errors: dict[str, list], index: int, obj: models.Model, exclude: list[str], prefix: str = ""
) -> None:
    """:func:`_collect` for row ``index`` of a batch: each field keyed ``"<index>.<prefix><field>"``."""
    found: dict[str, list] = {}
    _collect(found, obj, exclude)
    for name, messages in found.items():
        errors.setdefault(f"{index}.{prefix}{name}", []).extend(messages)


def _company_objects(
    *,
    programme: Programme,
    recruited_by: Organisation | None,
    name: str,
    offering: str,
    name_zh: str = "",
    website: str = "",
    description: str = "",
    size_band: str = CompanyProfile.SizeBand.SMALL,
    home_country: str = "FI",
    cpv_codes: Iterable[str] = (),
    languages: Iterable[str] = (),
    target_markets: Iterable[str] = (),
    excluded_markets: Iterable[str] = (),
    enrolled_on: dt.date | None = None,
    original_language: str = "en",
    **translations: str,
) -> tuple[Organisation, CompanyProfile, Enrolment]:
    """The unsaved organisation, profile and enrolment of a new company."""
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
    return organisation, profile, enrolment


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
    (``offering_zh_hans=…``). Many companies at once: :func:`create_companies`.
    """
    require_operator_of(actor, programme)
    organisation, profile, enrolment = _company_objects(
        programme=programme,
        recruited_by=recruited_by,
        name=name,
        offering=offering,
        name_zh=name_zh,
        website=website,
        description=description,
        size_band=size_band,
        home_country=home_country,
        cpv_codes=cpv_codes,
        languages=languages,
        target_markets=target_markets,
        excluded_markets=excluded_markets,
        enrolled_on=enrolled_on,
        original_language=original_language,
        **translations,
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


@dataclasses.dataclass(frozen=True)
class NewCompany:
    """One company for :func:`create_companies`: the fields of :func:`create_company`
    (``domains`` by code), the names of the products and certifications it starts with,
    and its contact person (``ContactPerson`` fields: name, title, email, phone,
    languages), if any."""

    name: str
    offering: str
    name_zh: str = ""
    website: str = ""
    description: str = ""
    size_band: str = CompanyProfile.SizeBand.SMALL
    home_country: str = "FI"
    domains: Sequence[str] = ()
    cpv_codes: Sequence[str] = ()
    languages: Sequence[str] = ()
    target_markets: Sequence[str] = ()
    excluded_markets: Sequence[str] = ()
    original_language: str = "en"
    products: Sequence[str] = ()
    certifications: Sequence[str] = ()
    contact: Mapping[str, str] | None = None


# What a NewCompany holds besides create_company's own fields.
_COMPANY_FIELDS = tuple(
    f.name
    for f in dataclasses.fields(NewCompany)
    if f.name not in ("domains", "products", "certifications", "contact")
)
# Rows validated and written together: bounds the objects held (and the audit entries
# pending) at any time, whatever the number of rows.
CHUNK = 500


@domain_write
def create_companies(
    *,
    actor: Any,
    programme: Programme,
    recruited_by: Organisation | None,
    rows: Iterable[NewCompany],
) -> list[CompanyProfile]:
    """Create many companies at once, each as :func:`create_company` with its products,
    certifications and contact person; all or none. Returns their profiles, in order.

    The same contract as one :func:`create_company` and ``add_product`` /
    ``add_certification`` / ``organisations.domain.add_contact`` call per record, at a
    fixed number of queries per chunk of rows instead of about sixty per row (a file of
    10,000 companies imports in seconds, not minutes):

    - permission is decided once: ``actor`` must be an operator of the programme, as for
      ``create_company``, and, for companies that start with products, certifications or
      a contact, may change them once created (asked of ``core.tenancy.scoped`` for the
      whole chunk in one query);
    - every object is validated with ``full_clean()`` as in the single functions, but
      for what would cost a query per row and cannot differ between rows: the
      enrolments differ only in their new company, so the first one is validated (its
      programme, recruiter and partnership), and a profile, product, certification or
      contact refers to an object created here, not one to look up. Domain codes are
      checked against the known ones. A ``ValidationError`` names the row's index in
      ``rows`` and the field (``"12.contact_email"``), for the first chunk with errors;
    - rows are written with ``bulk_create``, and each object's creation is recorded
      with :func:`sme2go.audit.recorder.record_created`, the same entry a ``save()``
      leaves (with ``actor`` and this function as ``via``); the programme is re-ranked
      once on commit, as the save signals would have scheduled.

    Why a batch function rather than a cheaper path of single calls: measured with
    ``python -m sme2go.imports.bench --companies 200``, importing one call per record
    cost 36 ms of CPU and about 63 queries a row; with this function it is 3.9 ms and
    0.35 queries a row (reading and checking the file included). Trimming the single
    calls (caching their permission checks and scope lookups) would still leave a
    savepoint, a permission query, an insert and an audit insert per object: about 25
    queries a row for the nine records of a row of the bench's file.
    """
    from sme2go.matches.signals import schedule_refresh

    require_operator_of(actor, programme)
    known_domains = set(Domain.objects.values_list("code", flat=True))
    profiles: list[CompanyProfile] = []
    rows = iter(rows)
    start = 0
    while chunk := list(itertools.islice(rows, CHUNK)):
        profiles.extend(
            _create_chunk(
                chunk,
                start=start,
                actor=actor,
                programme=programme,
                recruited_by=recruited_by,
                known_domains=known_domains,
            )
        )
        start += len(chunk)
    if profiles:
        schedule_refresh([programme.pk])
    return profiles


def _create_chunk(
    chunk: list[NewCompany],
    *,
    start: int,
    actor: Any,
    programme: Programme,
    recruited_by: Organisation | None,
    known_domains: set[str],
) -> list[CompanyProfile]:
    from sme2go.audit.context import current_write
    from sme2go.audit.recorder import flush, record_created

    errors: dict[str, list] = {}

    built = []
    for index, row in enumerate(chunk, start=start):
        organisation, profile, enrolment = _company_objects(
            programme=programme,
            recruited_by=recruited_by,
            **{name: getattr(row, name) for name in _COMPANY_FIELDS},
        )
        _collect_row(errors, index, organisation, [])
        _collect_row(errors, index, profile, ["organisation"])
        if index == 0:
            # Every enrolment of the batch is the same but for its new company (same
            # programme, recruiter and date), so the first one's checks, which query
            # the programme's partners, stand for all.
            _collect_row(errors, index, enrolment, ["organisation"])
        unknown = [code for code in row.domains if code not in known_domains]
        if unknown:
            errors[f"{index}.domains"] = [
                _("Unknown domain: %(codes)s (the domains are %(known)s).")
                % {"codes": ", ".join(unknown), "known": ", ".join(sorted(known_domains))}
            ]
        products = [Product(profile=profile, name=name) for name in row.products]
        certifications = [Certification(profile=profile, name=name) for name in row.certifications]
        for product in products:
            _collect_row(errors, index, product, ["profile"], "products.")
        for certification in certifications:
            _collect_row(errors, index, certification, ["profile"], "certifications.")
        contact = None
        if row.contact is not None:
            contact = ContactPerson(organisation=organisation, **row.contact)
            _collect_row(errors, index, contact, ["organisation"], "contact_")
        built.append((row, organisation, profile, enrolment, products, certifications, contact))
    if errors:
        raise ValidationError(errors)

    Organisation.objects.bulk_create([b[1] for b in built])
    CompanyProfile.objects.bulk_create([b[2] for b in built])
    Enrolment.objects.bulk_create([b[3] for b in built])
    with_items = [b[1].pk for b in built if b[4] or b[5] or b[6]]
    if actor is not None and with_items:
        editable = set(
            scoped(Organisation, actor, "change")
            .filter(pk__in=with_items)
            .values_list("pk", flat=True)
        )
        if editable != set(with_items):
            raise PermissionDenied
    through = CompanyProfile.domains.through
    through.objects.bulk_create(
        through(companyprofile_id=b[2].pk, domain_id=code)
        for b in built
        for code in dict.fromkeys(b[0].domains)
    )
    Product.objects.bulk_create([p for b in built for p in b[4]])
    Certification.objects.bulk_create([c for b in built for c in b[5]])
    ContactPerson.objects.bulk_create([b[6] for b in built if b[6] is not None])
    for row, organisation, profile, enrolment, products, certifications, contact in built:
        record_created(organisation)
        record_created(profile, many_to_many={"domains": set(row.domains)})
        record_created(enrolment)
        for item in (*products, *certifications, *([contact] if contact else [])):
            record_created(item)
    flush(current_write())
    return [b[2] for b in built]


@dataclasses.dataclass(frozen=True)
class CompanyChange:
    """One existing company for :func:`update_companies`.

    ``profile`` is its profile, saved or not (a company without one gets it), with the
    organisation loaded; ``fields`` are new values of ``ORGANISATION_FIELDS`` and
    ``PROFILE_FIELDS`` as :func:`update_company_profile` takes them; ``domains`` (codes),
    if given, replaces the domain tags; ``products`` and ``certifications`` are names the
    company gets if it has none of that name (nothing is removed); ``contact``
    (``ContactPerson`` fields), if given, becomes its first contact person's data (one is
    added if it has none)."""

    profile: CompanyProfile
    fields: Mapping[str, Any]
    domains: Sequence[str] | None = None
    products: Sequence[str] = ()
    certifications: Sequence[str] = ()
    contact: Mapping[str, str] | None = None


@domain_write
def update_companies(*, actor: Any, changes: Iterable[CompanyChange]) -> list[CompanyProfile]:
    """Change many companies at once, each as :func:`update_company_profile` plus
    ``add_product`` / ``add_certification`` for the missing names and
    ``organisations.domain.add_contact`` / ``update_contact`` for its first contact; all
    or none. Returns the profiles, in order.

    The batch counterpart of those calls, as :func:`create_companies` is of the
    creations, at a fixed number of queries per chunk of rows: ``actor`` must be allowed
    to change every company (asked of ``core.tenancy.scoped`` for the whole chunk in one
    query, ``PermissionDenied`` otherwise); every changed or new object is validated with
    ``full_clean()``, and a ``ValidationError`` names the row's index in ``changes`` and
    the field (``"12.contact_email"``) for the first chunk with errors; rows are written
    with ``bulk_update`` / ``bulk_create``, and each object's change is recorded with
    :func:`sme2go.audit.recorder.record_changed` (``record_created`` for new ones), the
    entry a ``save()`` would leave. The programmes the companies are enrolled in are
    re-ranked once on commit.

    Measured with ``python -m sme2go.imports.bench --companies 1000`` (the re-import
    lines): committing 1,000 changed companies one call at a time cost 9.9 s of CPU and
    about 18 queries a row; with this function 4.1 s, most of it the commit's own check
    of the file.
    """
    from sme2go.matches.signals import schedule_refresh

    profiles: list[CompanyProfile] = []
    changes = iter(changes)
    start = 0
    while chunk := list(itertools.islice(changes, CHUNK)):
        profiles.extend(_update_chunk(chunk, start=start, actor=actor))
        start += len(chunk)
    if profiles:
        schedule_refresh(
            set(
                Enrolment.objects.filter(
                    organisation__in=[p.organisation_id for p in profiles]
                ).values_list("programme_id", flat=True)
            )
        )
    return profiles


def _update_chunk(chunk: list[CompanyChange], *, start: int, actor: Any) -> list[CompanyProfile]:

    from sme2go.audit.context import current_write
    from sme2go.audit.recorder import flush, record_changed, record_created, snapshot

    organisation_ids = [change.profile.organisation.pk for change in chunk]
    if actor is not None:
        editable = set(
            scoped(Organisation, actor, "change")
            .filter(pk__in=organisation_ids)
            .values_list("pk", flat=True)
        )
        if editable != set(organisation_ids):
            raise PermissionDenied
    saved = [change.profile.pk for change in chunk if change.profile.pk is not None]
    through = CompanyProfile.domains.through
    tags: dict[int, set[str]] = {}
    for profile_id, code in through.objects.filter(companyprofile_id__in=saved).values_list(
        "companyprofile_id", "domain_id"
    ):
        tags.setdefault(profile_id, set()).add(code)
    have_products: dict[int, set[str]] = {}
    for profile_id, name in Product.objects.filter(profile_id__in=saved).values_list(
        "profile_id", "name"
    ):
        have_products.setdefault(profile_id, set()).add(name)
    have_certifications: dict[int, set[str]] = {}
    for profile_id, name in Certification.objects.filter(profile_id__in=saved).values_list(
        "profile_id", "name"
    ):
        have_certifications.setdefault(profile_id, set()).add(name)
    first_contacts: dict[int, ContactPerson] = {}
    for contact in ContactPerson.objects.filter(organisation_id__in=organisation_ids).order_by(
        "-pk"
    ):
        first_contacts[contact.organisation_id] = contact  # the lowest pk is kept
    known_domains = set(Domain.objects.values_list("code", flat=True))

    errors: dict[str, list] = {}

    built = []
    for index, change in enumerate(chunk, start=start):
        check_fields("update_companies", change.fields, ORGANISATION_FIELDS + PROFILE_FIELDS)
        profile = change.profile
        organisation = profile.organisation
        before = (snapshot(organisation), snapshot(profile) if profile.pk else None)
        language = change.fields.get("original_language", profile.original_language)
        for field, value in original_columns(CompanyProfile, dict(change.fields), language).items():
            setattr(organisation if field in ORGANISATION_FIELDS else profile, field, value)
        _collect_row(errors, index, organisation, [])
        _collect_row(errors, index, profile, ["organisation"])
        old_tags = tags.get(profile.pk, set())
        new_tags = old_tags if change.domains is None else set(change.domains)
        unknown = sorted(new_tags - known_domains)
        if unknown:
            errors[f"{index}.domains"] = [
                _("Unknown domain: %(codes)s (the domains are %(known)s).")
                % {"codes": ", ".join(unknown), "known": ", ".join(sorted(known_domains))}
            ]
        products = [
            Product(profile=profile, name=name)
            for name in dict.fromkeys(change.products)
            if name not in have_products.get(profile.pk, ())
        ]
        certifications = [
            Certification(profile=profile, name=name)
            for name in dict.fromkeys(change.certifications)
            if name not in have_certifications.get(profile.pk, ())
        ]
        for product in products:
            _collect_row(errors, index, product, ["profile"], "products.")
        for certification in certifications:
            _collect_row(errors, index, certification, ["profile"], "certifications.")
        contact, contact_before = None, None
        if change.contact is not None:
            contact = first_contacts.get(organisation.pk)
            if contact is None:
                contact = ContactPerson(organisation=organisation, **change.contact)
            elif any(getattr(contact, k) != v for k, v in change.contact.items()):
                contact_before = snapshot(contact)
                for name, value in change.contact.items():
                    setattr(contact, name, value)
            else:
                contact = None  # as it is
        if contact is not None:
            _collect_row(errors, index, contact, ["organisation"], "contact_")
        built.append(
            (profile, before, old_tags, new_tags, products, certifications, contact, contact_before)
        )
    if errors:
        raise ValidationError(errors)

    _bulk_update_changed([(b[0].organisation, b[1][0]) for b in built])
    _bulk_update_changed([(b[0], b[1][1]) for b in built if b[0].pk])
    CompanyProfile.objects.bulk_create([b[0] for b in built if not b[0].pk])
    dropped = [
        models.Q(companyprofile_id=b[0].pk, domain_id__in=b[2] - b[3]) for b in built if b[2] - b[3]
    ]
    if dropped:
        through.objects.filter(models.Q(*dropped, _connector=models.Q.OR)).delete()
    through.objects.bulk_create(
        through(companyprofile_id=b[0].pk, domain_id=code) for b in built for code in b[3] - b[2]
    )
    Product.objects.bulk_create([p for b in built for p in b[4]])
    Certification.objects.bulk_create([c for b in built for c in b[5]])
    ContactPerson.objects.bulk_create([b[6] for b in built if b[6] is not None and not b[6].pk])
    _bulk_update_changed([(b[6], b[7]) for b in built if b[6] is not None and b[7] is not None])
    for (
        profile,
        before,
        old_tags,
        new_tags,
        products,
        certifications,
        contact,
        contact_before,
    ) in built:
        record_changed(profile.organisation, before[0])
        if before[1] is None:
            record_created(profile, many_to_many={"domains": new_tags})
        else:
            record_changed(profile, before[1], many_to_many={"domains": (old_tags, new_tags)})
        for item in (*products, *certifications):
            record_created(item)
        if contact is not None:
            if contact_before is None:
                record_created(contact)
            else:
                record_changed(contact, contact_before)
    flush(current_write())
    return [b[0] for b in built]


def _bulk_update_changed(objects: list[tuple[models.Model, dict[str, Any]]]) -> None:
    """Save each object's fields that differ from its snapshot ``before`` (and its
    ``auto_now`` columns, which ``bulk_update`` does not set), one ``bulk_update`` per set
    of changed fields.

    Why: ``bulk_update`` builds a CASE expression per column and row, so naming every
    column made the batch slower than single saves (5.8 s of CPU more for 1,000
    profiles); a file usually changes the same one or two columns in every row, which
    makes one small update per chunk.
    """
    from sme2go.audit.recorder import snapshot

    if not objects:
        return
    model = type(objects[0][0])
    stamps = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    now = timezone.now()
    groups: dict[tuple[str, ...], list[models.Model]] = {}
    for obj, before in objects:
        after = snapshot(obj)
        changed = tuple(sorted(name for name, value in after.items() if before[name] != value))
        if changed:
            for name in stamps:
                setattr(obj, name, now)
            groups.setdefault(changed, []).append(obj)
    for changed, group in groups.items():
        model._default_manager.bulk_update(group, [*changed, *stamps])


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
