"""The company import: its columns, reading rows into values, and comparing them with what
the programme already holds.

A row describes one company: the organisation, its export profile, its products and
certifications (names separated by ``;``) and one contact person. ``key`` is the row's
external key (a CRM id, say): a row whose key the programme knows updates that company.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sme2go.audit.recorder import record_created
from sme2go.companies import domain as companies
from sme2go.companies.models import CompanyProfile
from sme2go.core.tenancy import scoped
from sme2go.imports.models import ExternalKey
from sme2go.imports.reading import Problem, Sheet
from sme2go.imports.rows import (
    KeyCheck,
    Row,
    cell,
    check_codes,
    check_columns,
    check_countries,
    model_problems,
    own_key,
    own_key_record,
    split_items,
    split_list,
)
from sme2go.matching.taxonomy import cpv_tree
from sme2go.organisations.models import ContactPerson, Organisation
from sme2go.taxonomy.models import Domain

KIND = "companies"
SLUG = "companies"  # in the URLs: /imports/companies/
TITLE = gettext_lazy("Import companies")
RECORD = gettext_lazy("Company")
INTRO = gettext_lazy(
    "One row per company, with its products and certifications (names separated by “;”) and "
    "one contact person. The key is your own id for the company: importing a row with a key "
    "the programme knows updates that company instead of adding it again."
)
LIST_URL = "companies:list"

ORGANISATION_FIELDS = ("name", "name_zh", "website", "description")
PROFILE_FIELDS = ("offering", "size_band", "home_country")
LIST_FIELDS = ("domains", "cpv_codes", "languages", "target_markets", "excluded_markets")
ITEM_FIELDS = ("products", "certifications")
CONTACT_FIELDS = ("contact_name", "contact_title", "contact_email", "contact_phone")
COLUMNS = (
    "key",
    *ORGANISATION_FIELDS,
    *PROFILE_FIELDS,
    *LIST_FIELDS,
    *ITEM_FIELDS,
    *CONTACT_FIELDS,
)
REQUIRED = ("key", "name", "offering")

EXAMPLE_ROWS = [
    {
        "key": "CRM-0001",
        "name": "Kirkasvirta Water Oy",
        "name_zh": "",
        "website": "https://example.org/kirkasvirta",
        "description": "",
        "offering": "Compact biological waste-water treatment plants for villages.",
        "size_band": "small",
        "home_country": "FI",
        "domains": "water, environment",
        "cpv_codes": "45252100, 45232420",
        "languages": "fi, en",
        "target_markets": "CN",
        "excluded_markets": "",
        "products": "BioKompakt 50; BioKompakt 200",
        "certifications": "ISO 9001; ISO 14001",
        "contact_name": "Aino Virtanen",
        "contact_title": "Export manager",
        "contact_email": "aino@example.org",
        "contact_phone": "+358 40 000 0000",
    },
]


def columns_problems(file_name: str, sheet: Sheet) -> list[Problem]:
    return check_columns(file_name, sheet, COLUMNS, REQUIRED)


def parse_rows(file_name: str, sheet: Sheet, *, programme, actor) -> list[Row]:
    """Read and check every row, and compare it with the company its key names."""
    domains = set(Domain.objects.values_list("code", flat=True))
    cpv_names = cpv_tree().name
    editable = set(
        scoped(Organisation, actor, "change").values_list("pk", flat=True)
        if actor is not None
        else Organisation.objects.values_list("pk", flat=True)
    )
    # The rows are compared with these companies, loaded once with what current() reads
    # (a few queries for the whole file instead of four per row); a key names one of
    # them, or an organisation outside the programme's companies (refused below).
    companies_by_pk = {
        organisation.pk: organisation
        for organisation in programme_companies(programme)
        .select_related("profile")
        .prefetch_related(*PREFETCH)
    }
    key_ids = dict(
        ExternalKey.objects.filter(
            programme=programme, kind=ExternalKey.Kind.ORGANISATION
        ).values_list("key", "organisation_id")
    )
    others = {
        organisation.pk: organisation
        for organisation in Organisation.objects.filter(
            pk__in=set(key_ids.values()) - companies_by_pk.keys()
        )
        .select_related("profile")
        .prefetch_related(*PREFETCH)
    }
    keys = {key: companies_by_pk.get(pk) or others[pk] for key, pk in key_ids.items()}
    key_check = KeyCheck()
    rows = []
    for number, cells in sheet.rows:
        row = Row(number=number, key=cells.get("key", ""), values={})

        def problem(column: str, message: str, row=row) -> None:
            row.problems.append(Problem(file_name, row.number, column, message))

        key_check(row, problem)
        for name in ("name", "offering"):
            if not cells.get(name):
                problem(name, _("This field is required."))
        values: dict[str, Any] = {
            name: cells.get(name, "") for name in ORGANISATION_FIELDS + PROFILE_FIELDS
        }
        values["size_band"] = values["size_band"] or CompanyProfile.SizeBand.SMALL
        values["home_country"] = (values["home_country"] or "FI").upper()
        if values["size_band"] not in CompanyProfile.SizeBand.values:
            problem(
                "size_band",
                _("Unknown size “%(value)s”; use one of %(choices)s.")
                % {
                    "value": values["size_band"],
                    "choices": ", ".join(CompanyProfile.SizeBand.values),
                },
            )
        for name in LIST_FIELDS:
            values[name] = split_list(cells.get(name, ""))
        values["target_markets"] = [c.upper() for c in values["target_markets"]]
        values["excluded_markets"] = [c.upper() for c in values["excluded_markets"]]
        check_countries(values, ("home_country", "target_markets", "excluded_markets"), problem)
        check_codes(values, cpv_names=cpv_names, domains=domains, problem=problem)
        for name in ITEM_FIELDS:
            values[name] = split_items(cells.get(name, ""))
        for name in CONTACT_FIELDS:
            values[name] = cells.get(name, "")
        if any(values[name] for name in CONTACT_FIELDS) and not values["contact_name"]:
            problem("contact_name", _("Name the contact person."))
        row.values = values
        row.record = keys.get(row.key) or own_key_record(row.key, companies_by_pk, problem)
        if row.record is not None and row.record.kind != Organisation.Kind.COMPANY:
            problem(
                "key",
                _("The key “%(key)s” names %(name)s, which is not a company.")
                % {"key": row.key, "name": row.record.name},
            )
        elif row.record is not None and row.record.pk not in editable:
            problem(
                "key",
                _("“%(name)s” is managed by another operator; you may not change it.")
                % {"name": row.record.name},
            )
        if not row.problems:
            _validate_with_models(row, problem)
        if row.problems:
            row.status = "error"
        elif row.record is not None:
            row.changes = diff(row.record, values)
            row.status = "changed" if row.changes else "unchanged"
        rows.append(row)
    return rows


def _validate_with_models(row: Row, problem) -> None:
    """The models' own checks (lengths, e-mail and URL syntax), on unsaved copies."""
    values = row.values
    organisation = Organisation(
        kind=Organisation.Kind.COMPANY, **{n: values[n] for n in ORGANISATION_FIELDS}
    )
    model_problems(organisation, problem)
    profile = CompanyProfile(
        **{n: values[n] for n in PROFILE_FIELDS},
        **{n: values[n] for n in LIST_FIELDS if n != "domains"},
    )
    model_problems(profile, problem, exclude=["organisation"])
    if values["contact_name"]:
        contact = ContactPerson(
            name=values["contact_name"],
            title=values["contact_title"],
            email=values["contact_email"],
            phone=values["contact_phone"],
        )
        model_problems(
            contact, problem, exclude=["organisation"], column=lambda name: f"contact_{name}"
        )


def current(organisation: Organisation) -> dict[str, Any]:
    """The values a row would have if it were exported from ``organisation``.

    Reads its profile, domains, products, certifications and contacts through
    ``.all()``, so a caller that prefetched them (:data:`PREFETCH`) costs no query.
    """
    profile = getattr(organisation, "profile", None)
    contacts = sorted(organisation.contacts.all(), key=lambda c: c.pk)
    contact = contacts[0] if contacts else None
    values: dict[str, Any] = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    for name in PROFILE_FIELDS + LIST_FIELDS + ITEM_FIELDS:
        values[name] = None
    if profile is not None:
        values.update({name: getattr(profile, name) for name in PROFILE_FIELDS})
        values.update({name: list(getattr(profile, name)) for name in LIST_FIELDS[1:]})
        values["domains"] = sorted(d.code for d in profile.domains.all())
        values["products"] = sorted(p.name for p in profile.products.all())
        values["certifications"] = sorted(c.name for c in profile.certifications.all())
    for name in CONTACT_FIELDS:
        values[name] = getattr(contact, name.removeprefix("contact_")) if contact else ""
    return values


# What current() reads of an organisation, for prefetch_related().
PREFETCH = ("contacts", "profile__domains", "profile__products", "profile__certifications")


def diff(organisation: Organisation, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """``{field: (now, in the file)}`` for each field the row would change.

    Products and certifications are added, never removed, so only missing names count;
    an empty contact in the file leaves the contact alone.
    """
    now = current(organisation)
    changes = {}
    for name in ORGANISATION_FIELDS + PROFILE_FIELDS + LIST_FIELDS:
        new = sorted(values[name]) if name == "domains" else values[name]
        if now[name] != new:
            changes[name] = (now[name], new)
    for name in ITEM_FIELDS:
        missing = [item for item in values[name] if item not in (now[name] or [])]
        if missing:
            changes[name] = (now[name] or [], sorted(set((now[name] or []) + missing)))
    if values["contact_name"]:
        for name in CONTACT_FIELDS:
            if now[name] != values[name]:
                changes[name] = (now[name], values[name])
    return changes


def programme_companies(programme):
    return Organisation.objects.filter(
        kind=Organisation.Kind.COMPANY, enrolments__programme=programme
    ).distinct()


def export_rows(programme, user) -> list[dict[str, str]]:
    """The programme's companies that ``user`` may see, as rows of this import's file."""
    keys = dict(
        ExternalKey.objects.filter(
            programme=programme, kind=ExternalKey.Kind.ORGANISATION
        ).values_list("organisation_id", "key")
    )
    companies = (
        scoped(Organisation, user)
        .filter(pk__in=programme_companies(programme).values("pk"))
        .select_related("profile")
        .prefetch_related(*PREFETCH)
        .order_by("name")
    )
    rows = []
    for organisation in companies:
        values = current(organisation)
        row = {"key": keys.get(organisation.pk) or own_key(organisation)}
        for name in COLUMNS[1:]:
            row[name] = cell(values[name], "; " if name in ITEM_FIELDS else ", ")
        rows.append(row)
    return rows


def write_rows(rows: list[Row], *, actor: Any, programme, recruiter: Organisation) -> None:
    """Write the rows (new or changed) through the companies' batch domain functions.

    New companies are created together by ``companies.create_companies``, with their
    external keys bulk-created and audited the same way; changed ones are updated
    together by ``companies.update_companies`` (their missing products and
    certifications added, their contact person updated). The batches are the measured
    choice (see those functions and ``python -m sme2go.imports.bench``): one call per
    record cost about 63 queries a new row and 18 a changed row.
    """
    new = [row for row in rows if row.record is None]
    profiles = companies.create_companies(
        actor=actor,
        programme=programme,
        recruited_by=recruiter,
        rows=(new_company(row) for row in new),
    )
    keys = ExternalKey.objects.bulk_create(
        ExternalKey(programme=programme, key=row.key, organisation=profile.organisation)
        for row, profile in zip(new, profiles, strict=True)
    )
    for key in keys:
        record_created(key)
    companies.update_companies(
        actor=actor, changes=(changed_company(row) for row in rows if row.record is not None)
    )


def _contact(values: dict[str, Any]) -> dict[str, str] | None:
    """The row's contact person (``ContactPerson`` fields); none when it names nobody."""
    if not values["contact_name"]:
        return None
    return {n.removeprefix("contact_"): values[n] for n in CONTACT_FIELDS}


def new_company(row: Row) -> companies.NewCompany:
    """The row of a new company as ``companies.create_companies`` takes it."""
    values = row.values
    return companies.NewCompany(
        **{n: values[n] for n in ORGANISATION_FIELDS + PROFILE_FIELDS + LIST_FIELDS},
        products=values["products"],
        certifications=values["certifications"],
        contact=_contact(values),
    )


def changed_company(row: Row) -> companies.CompanyChange:
    """The row of a known company as ``companies.update_companies`` takes it."""
    values = row.values
    organisation = row.record
    profile = getattr(organisation, "profile", None) or CompanyProfile(organisation=organisation)
    return companies.CompanyChange(
        profile=profile,
        fields={n: values[n] for n in ORGANISATION_FIELDS + PROFILE_FIELDS + LIST_FIELDS[1:]},
        domains=values["domains"],
        products=values["products"],
        certifications=values["certifications"],
        contact=_contact(values),
    )
