"""The company import: its columns, reading rows into values, and comparing them with what
the programme already holds.

A row describes one company: the organisation, its export profile, its products and
certifications (names separated by ``;``) and one contact person. ``key`` is the row's
external key (a CRM id, say): a row whose key the programme knows updates that company.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sme2go.companies.models import CompanyProfile
from sme2go.core.tenancy import scoped
from sme2go.imports.models import ExternalKey
from sme2go.imports.reading import Problem, Sheet
from sme2go.matching.taxonomy import cpv_tree
from sme2go.organisations.models import Organisation
from sme2go.taxonomy.models import Domain

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

_SPLIT = re.compile(r"\s*[,;]\s*")


def _list(text: str) -> list[str]:
    return [item for item in _SPLIT.split(text.strip()) if item] if text.strip() else []


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


def _countries() -> frozenset[str]:
    import importlib.resources

    lines = importlib.resources.files("tzdata.zoneinfo").joinpath("iso3166.tab").read_text()
    return frozenset(
        line.split("\t")[0] for line in lines.splitlines() if line and not line.startswith("#")
    )


@dataclass
class Row:
    """One data row: where it is, what it says, and what importing it would do."""

    number: int
    key: str
    values: dict[str, Any]
    organisation: Organisation | None = None
    status: str = "new"  # new | changed | unchanged | error
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def check_columns(file_name: str, sheet: Sheet) -> list[Problem]:
    """A missing required column or an unknown one is an error of the heading (row 1)."""
    problems = []
    for name in REQUIRED:
        if name not in sheet.columns:
            problems.append(
                Problem(file_name, 1, name, _("This column is missing; it is required."))
            )
    for name in sheet.columns:
        if name not in COLUMNS:
            problems.append(
                Problem(
                    file_name,
                    1,
                    name,
                    _("Unknown column. The columns are: %(columns)s.")
                    % {"columns": ", ".join(COLUMNS)},
                )
            )
    seen = set()
    for name in sheet.columns:
        if name in seen and name in COLUMNS:
            problems.append(Problem(file_name, 1, name, _("This column appears twice.")))
        seen.add(name)
    return problems


def parse_rows(file_name: str, sheet: Sheet, *, programme, actor) -> list[Row]:
    """Read and check every row, and compare it with the company its key names."""
    domains = set(Domain.objects.values_list("code", flat=True))
    cpv_names = cpv_tree().name
    countries = _countries()
    keys = {
        k.key: k.organisation
        for k in ExternalKey.objects.filter(programme=programme).select_related(
            "organisation__profile"
        )
    }
    editable = set(
        scoped(Organisation, actor, "change").values_list("pk", flat=True)
        if actor is not None
        else Organisation.objects.values_list("pk", flat=True)
    )
    first_row_of_key: dict[str, int] = {}
    rows = []
    for number, cells in sheet.rows:
        row = Row(number=number, key=cells.get("key", ""), values={})

        def problem(column: str, message: str, row=row) -> None:
            row.problems.append(Problem(file_name, row.number, column, message))

        if not row.key:
            problem("key", _("Give every row a key (your own id for the company)."))
        elif row.key in first_row_of_key:
            problem(
                "key",
                _("The key “%(key)s” is already used on row %(row)d.")
                % {"key": row.key, "row": first_row_of_key[row.key]},
            )
        else:
            first_row_of_key[row.key] = number
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
            values[name] = _list(cells.get(name, ""))
        values["target_markets"] = [c.upper() for c in values["target_markets"]]
        values["excluded_markets"] = [c.upper() for c in values["excluded_markets"]]
        for name in ("home_country", "target_markets", "excluded_markets"):
            codes = values[name] if isinstance(values[name], list) else [values[name]]
            unknown = [code for code in codes if code not in countries]
            if unknown:
                problem(
                    name,
                    _("Unknown country code: %(codes)s (use ISO codes such as FI, SE, CN).")
                    % {"codes": ", ".join(unknown)},
                )
        unknown = [code for code in values["cpv_codes"] if code.split("-")[0] not in cpv_names]
        if unknown:
            problem(
                "cpv_codes",
                _("Unknown CPV code: %(codes)s.") % {"codes": ", ".join(unknown)},
            )
        unknown = [code for code in values["domains"] if code not in domains]
        if unknown:
            problem(
                "domains",
                _("Unknown domain: %(codes)s (the domains are %(known)s).")
                % {"codes": ", ".join(unknown), "known": ", ".join(sorted(domains))},
            )
        for name in ITEM_FIELDS:
            values[name] = _items(cells.get(name, ""))
        for name in CONTACT_FIELDS:
            values[name] = cells.get(name, "")
        if any(values[name] for name in CONTACT_FIELDS) and not values["contact_name"]:
            problem("contact_name", _("Name the contact person."))
        row.values = values
        row.organisation = keys.get(row.key)
        if row.organisation is not None and row.organisation.pk not in editable:
            problem(
                "key",
                _("“%(name)s” is managed by another operator; you may not change it.")
                % {"name": row.organisation.name},
            )
        if not row.problems:
            _validate_with_models(row, problem)
        if row.problems:
            row.status = "error"
        elif row.organisation is not None:
            row.changes = diff(row.organisation, values)
            row.status = "changed" if row.changes else "unchanged"
        rows.append(row)
    return rows


def _validate_with_models(row: Row, problem) -> None:
    """The models' own checks (lengths, e-mail and URL syntax), on unsaved copies."""
    from sme2go.organisations.models import ContactPerson

    values = row.values
    organisation = Organisation(
        kind=Organisation.Kind.COMPANY, **{n: values[n] for n in ORGANISATION_FIELDS}
    )
    profile = CompanyProfile(
        **{n: values[n] for n in PROFILE_FIELDS},
        **{n: values[n] for n in LIST_FIELDS if n != "domains"},
    )
    checks = [(organisation, None), (profile, ["organisation"])]
    if values["contact_name"]:
        checks.append(
            (
                ContactPerson(
                    name=values["contact_name"],
                    title=values["contact_title"],
                    email=values["contact_email"],
                    phone=values["contact_phone"],
                ),
                ["organisation"],
            )
        )
    for obj, exclude in checks:
        try:
            obj.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = {"name": "name"}.get(name, name)
                if isinstance(obj, ContactPerson):
                    column = f"contact_{name}"
                for message in messages:
                    problem(column, message)


def current(organisation: Organisation) -> dict[str, Any]:
    """The values a row would have if it were exported from ``organisation``."""
    profile = getattr(organisation, "profile", None)
    contact = organisation.contacts.order_by("pk").first()
    values: dict[str, Any] = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    for name in PROFILE_FIELDS + LIST_FIELDS + ITEM_FIELDS:
        values[name] = None
    if profile is not None:
        values.update({name: getattr(profile, name) for name in PROFILE_FIELDS})
        values.update({name: list(getattr(profile, name)) for name in LIST_FIELDS[1:]})
        values["domains"] = sorted(profile.domains.values_list("code", flat=True))
        values["products"] = sorted(profile.products.values_list("name", flat=True))
        values["certifications"] = sorted(profile.certifications.values_list("name", flat=True))
    for name in CONTACT_FIELDS:
        values[name] = getattr(contact, name.removeprefix("contact_")) if contact else ""
    return values


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
