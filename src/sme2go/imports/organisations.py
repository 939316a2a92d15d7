"""The import of host organisations and counterparts: its columns, reading rows into values,
and comparing them with what the programme already holds.

A row describes one host (a city government, a zone, an agency) or one counterpart (a local
company) with one contact person. Hosts and companies share the programme's organisation
keys, so a needs file can name its host by the key used here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sme2go.core.tenancy import scoped
from sme2go.imports.models import ExternalKey
from sme2go.imports.reading import Problem, Sheet
from sme2go.imports.rows import (
    KeyCheck,
    RegionLookup,
    Row,
    cell,
    check_columns,
    model_problems,
    own_key,
    own_key_record,
)
from sme2go.organisations import domain as organisations
from sme2go.organisations.models import ContactPerson, Organisation

KIND = "organisations"
SLUG = "hosts"  # in the URLs: /imports/hosts/
TITLE = gettext_lazy("Import hosts and counterparts")
RECORD = gettext_lazy("Organisation")
INTRO = gettext_lazy(
    "One row per host organisation (kind “host”: a city government, zone or agency) or local "
    "counterpart company (kind “counterpart”), with one contact person. The region is the "
    "city or zone by its English or Chinese name. The key is your own id for the "
    "organisation; a needs file names its host by this key."
)
LIST_URL = "organisations:hosts"

FIELDS = ("name", "name_zh", "host_type", "sector", "description", "website")
CONTACT_FIELDS = ("contact_name", "contact_title", "contact_email", "contact_phone")
COLUMNS = ("key", "kind", *FIELDS, "region", *CONTACT_FIELDS)
REQUIRED = ("key", "kind", "name")
KINDS = (Organisation.Kind.HOST, Organisation.Kind.COUNTERPART)

EXAMPLE_ROWS = [
    {
        "key": "HOST-RZ",
        "kind": "host",
        "name": "Rizhao Municipal People's Government",
        "name_zh": "日照市人民政府",
        "host_type": "city_government",
        "sector": "",
        "description": "City government; the foreign-affairs office organises the visit.",
        "website": "",
        "region": "Rizhao",
        "contact_name": "Li Wei",
        "contact_title": "Foreign affairs office",
        "contact_email": "li.wei@example.org",
        "contact_phone": "",
    },
    {
        "key": "CP-RZ-1",
        "kind": "counterpart",
        "name": "Rizhao Water Group",
        "name_zh": "日照水务集团",
        "host_type": "",
        "sector": "Water supply and treatment",
        "description": "",
        "website": "",
        "region": "Rizhao",
        "contact_name": "",
        "contact_title": "",
        "contact_email": "",
        "contact_phone": "",
    },
]


def columns_problems(file_name: str, sheet: Sheet) -> list[Problem]:
    return check_columns(file_name, sheet, COLUMNS, REQUIRED)


def parse_rows(file_name: str, sheet: Sheet, *, programme, actor) -> list[Row]:
    """Read and check every row, and compare it with the organisation its key names."""
    keys = {
        k.key: k.organisation
        for k in ExternalKey.objects.filter(
            programme=programme, kind=ExternalKey.Kind.ORGANISATION
        ).select_related("organisation__region")
    }
    editable = set(
        scoped(Organisation, actor, "change").values_list("pk", flat=True)
        if actor is not None
        else Organisation.objects.values_list("pk", flat=True)
    )
    organisations_by_pk = {
        organisation.pk: organisation for organisation in programme_organisations(programme)
    }
    region = RegionLookup()
    key_check = KeyCheck()
    rows = []
    for number, cells in sheet.rows:
        row = Row(number=number, key=cells.get("key", ""), values={})

        def problem(column: str, message: str, row=row) -> None:
            row.problems.append(Problem(file_name, row.number, column, message))

        key_check(row, problem)
        values: dict[str, Any] = {name: cells.get(name, "") for name in FIELDS + CONTACT_FIELDS}
        values["kind"] = cells.get("kind", "").lower()
        if values["kind"] not in KINDS:
            problem("kind", _("Say “host” or “counterpart”."))
        if not values["name"]:
            problem("name", _("This field is required."))
        if values["host_type"] and values["host_type"] not in Organisation.HostType.values:
            problem(
                "host_type",
                _("Unknown host type “%(value)s”; use one of %(choices)s.")
                % {
                    "value": values["host_type"],
                    "choices": ", ".join(Organisation.HostType.values),
                },
            )
        values["region"] = region(cells.get("region", ""), "region", problem)
        if any(values[name] for name in CONTACT_FIELDS) and not values["contact_name"]:
            problem("contact_name", _("Name the contact person."))
        row.values = values
        row.record = keys.get(row.key) or own_key_record(row.key, organisations_by_pk, problem)
        if row.record is not None:
            if row.record.kind != values["kind"]:
                problem(
                    "kind",
                    _("The key “%(key)s” names %(name)s, which is a %(kind)s.")
                    % {"key": row.key, "name": row.record.name, "kind": row.record.kind},
                )
            elif row.record.pk not in editable:
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
    values = row.values
    model_problems(
        Organisation(
            kind=values["kind"], region=values["region"], **{n: values[n] for n in FIELDS}
        ),
        problem,
    )
    if values["contact_name"]:
        contact = ContactPerson(
            **{name.removeprefix("contact_"): values[name] for name in CONTACT_FIELDS}
        )
        model_problems(
            contact, problem, exclude=["organisation"], column=lambda name: f"contact_{name}"
        )


def current(organisation: Organisation) -> dict[str, Any]:
    """The values a row would have if it were exported from ``organisation``."""
    contact = organisation.contacts.order_by("pk").first()
    values: dict[str, Any] = {name: getattr(organisation, name) for name in FIELDS}
    values["region"] = organisation.region
    for name in CONTACT_FIELDS:
        values[name] = getattr(contact, name.removeprefix("contact_")) if contact else ""
    return values


def diff(organisation: Organisation, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """``{field: (now, in the file)}`` for each field the row would change; an empty contact
    in the file leaves the contact alone."""
    now = current(organisation)
    names = FIELDS + ("region",) + (CONTACT_FIELDS if values["contact_name"] else ())
    return {name: (now[name], values[name]) for name in names if now[name] != values[name]}


def programme_organisations(programme):
    return Organisation.objects.filter(kind__in=KINDS, enrolments__programme=programme).distinct()


def export_rows(programme, user) -> list[dict[str, str]]:
    """The programme's hosts and counterparts that ``user`` may see, as rows of this file."""
    keys = dict(
        ExternalKey.objects.filter(
            programme=programme, kind=ExternalKey.Kind.ORGANISATION
        ).values_list("organisation_id", "key")
    )
    organisations = (
        scoped(Organisation, user)
        .filter(pk__in=programme_organisations(programme).values("pk"))
        .select_related("region")
        .order_by("kind", "name")
    )
    rows = []
    for organisation in organisations:
        values = current(organisation)
        row = {"key": keys.get(organisation.pk) or own_key(organisation)}
        row["kind"] = organisation.kind
        for name in COLUMNS[2:]:
            row[name] = cell(
                values[name].name if name == "region" and values[name] else values[name]
            )
        rows.append(row)
    return rows


def write_row(row: Row, *, actor: Any, programme, recruiter=None) -> None:
    """Create or update the row's organisation through the organisations' domain functions."""
    values = row.values
    fields = {name: values[name] for name in FIELDS}
    if row.record is None:
        organisation = organisations.create_host_or_counterpart(
            actor=actor, programme=programme, kind=values["kind"], region=values["region"], **fields
        )
        ExternalKey.objects.create(programme=programme, key=row.key, organisation=organisation)
    else:
        organisation = organisations.update_organisation(
            organisation=row.record, actor=actor, region=values["region"], **fields
        )
    if values["contact_name"]:
        contact = {n.removeprefix("contact_"): values[n] for n in CONTACT_FIELDS}
        existing = organisation.contacts.order_by("pk").first()
        if existing is None:
            organisations.add_contact(organisation=organisation, actor=actor, **contact)
        elif any(getattr(existing, k) != v for k, v in contact.items()):
            organisations.update_contact(contact=existing, actor=actor, **contact)
