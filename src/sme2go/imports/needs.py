"""The import of needs: the list of needs a host city sends, one row per need.

The host is named by its key from the hosts import or by its exact name (English or
Chinese). ``title`` and ``description`` are the original, in ``language``; the
``title_en``… columns carry translations people made. ``key`` is the sender's own id for
the need: a row whose key the programme knows updates that need.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sme2go.core.content_language import ui_language
from sme2go.core.tenancy import scoped
from sme2go.imports.models import ExternalKey
from sme2go.imports.reading import Problem, Sheet
from sme2go.imports.rows import (
    KeyCheck,
    RegionLookup,
    Row,
    cell,
    check_codes,
    check_columns,
    check_countries,
    model_problems,
    own_key,
    own_key_record,
    split_list,
)
from sme2go.matching.taxonomy import cpv_tree
from sme2go.needs import domain as needs
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.taxonomy.models import Domain

KIND = "needs"
SLUG = "needs"  # in the URLs: /imports/needs/
TITLE = gettext_lazy("Import needs")
RECORD = gettext_lazy("Need")
INTRO = gettext_lazy(
    "One row per need a host stated. The host is its key from the hosts import or its exact "
    "name; the title and description are in the row's language, with translations in the "
    "title_en, title_zh_hans, description_en and description_zh_hans columns. The key is your "
    "own id for the need: importing a row with a key the programme knows updates that need."
)
LIST_URL = "needs:list"

TEXT_FIELDS = ("title", "description", "stated_by", "required_certification")
LIST_FIELDS = ("domains", "cpv_codes", "excluded_countries", "required_languages")
TRANSLATIONS = ("title_en", "title_zh_hans", "description_en", "description_zh_hans")
COLUMNS = (
    "key",
    "host",
    *TEXT_FIELDS[:2],
    "language",
    "heard_on",
    *TEXT_FIELDS[2:3],
    "region",
    *LIST_FIELDS,
    TEXT_FIELDS[3],
    *TRANSLATIONS,
)
REQUIRED = ("key", "host", "title", "heard_on")

EXAMPLE_ROWS = [
    {
        "key": "RZ-2027-01",
        "host": "HOST-RZ",
        "title": "农村及小城镇污水处理",
        "description": "日照市需要适用于农村和小城镇的分散式污水处理方案。",
        "language": "zh-hans",
        "heard_on": "2027-03-18",
        "stated_by": "Foreign affairs office",
        "region": "Rizhao",
        "domains": "water",
        "cpv_codes": "45252100",
        "excluded_countries": "",
        "required_languages": "",
        "required_certification": "",
        "title_en": "Waste-water treatment for villages and small towns",
        "title_zh_hans": "",
        "description_en": "Rizhao needs decentralised waste-water treatment for villages.",
        "description_zh_hans": "",
    },
]


def columns_problems(file_name: str, sheet: Sheet) -> list[Problem]:
    return check_columns(file_name, sheet, COLUMNS, REQUIRED)


class HostLookup:
    """The programme's hosts by organisation key (or ``sme2go:<id>``) and by exact name
    (any language)."""

    def __init__(self, programme) -> None:
        hosts = list(
            Organisation.objects.filter(
                kind=Organisation.Kind.HOST, enrolments__programme=programme
            ).distinct()
        )
        self.by_own_key = {own_key(host): host for host in hosts}
        self.by_key = {
            k.key: k.organisation
            for k in ExternalKey.objects.filter(
                programme=programme, kind=ExternalKey.Kind.ORGANISATION
            ).select_related("organisation")
        }
        self.by_name: dict[str, list[Organisation]] = {}
        for host in hosts:
            for name in {host.name, host.name_zh}:
                if name:
                    self.by_name.setdefault(name.casefold(), []).append(host)

    def __call__(self, text: str, problem) -> Organisation | None:
        host = self.by_key.get(text) or self.by_own_key.get(text)
        if host is not None and host.kind != Organisation.Kind.HOST:
            problem(
                "host",
                _("The key “%(key)s” names %(name)s, which is not a host.")
                % {"key": text, "name": host.name},
            )
            return None
        if host is None:
            found = self.by_name.get(text.casefold(), [])
            if len(found) == 1:
                host = found[0]
            elif len(found) > 1:
                problem(
                    "host",
                    _("Several hosts are called “%(name)s”; use the host's key.") % {"name": text},
                )
            else:
                problem(
                    "host",
                    _("No host of this programme has the key or the name “%(name)s”.")
                    % {"name": text},
                )
        return host


def parse_rows(file_name: str, sheet: Sheet, *, programme, actor) -> list[Row]:
    """Read and check every row, and compare it with the need its key names."""
    domains = set(Domain.objects.values_list("code", flat=True))
    cpv_names = cpv_tree().name
    keys = {
        k.key: k.need
        for k in ExternalKey.objects.filter(
            programme=programme, kind=ExternalKey.Kind.NEED
        ).select_related("need__host", "need__region")
    }
    editable = set(
        scoped(Need, actor, "change").values_list("pk", flat=True)
        if actor is not None
        else Need.objects.values_list("pk", flat=True)
    )
    needs_by_pk = {need.pk: need for need in Need.objects.filter(programme=programme)}
    host = HostLookup(programme)
    region = RegionLookup()
    key_check = KeyCheck()
    rows = []
    for number, cells in sheet.rows:
        row = Row(number=number, key=cells.get("key", ""), values={})

        def problem(column: str, message: str, row=row) -> None:
            row.problems.append(Problem(file_name, row.number, column, message))

        key_check(row, problem)
        values: dict[str, Any] = {name: cells.get(name, "") for name in TEXT_FIELDS + TRANSLATIONS}
        if not values["title"]:
            problem("title", _("This field is required."))
        values["language"] = ui_language(cells.get("language", "") or "en")
        values["host"] = host(cells["host"], problem) if cells.get("host") else None
        if not cells.get("host"):
            problem("host", _("This field is required."))
        try:
            values["heard_on"] = dt.date.fromisoformat(cells.get("heard_on", ""))
        except ValueError:
            values["heard_on"] = None
            problem("heard_on", _("Give the date as YYYY-MM-DD, e.g. 2027-03-18."))
        values["region"] = region(cells.get("region", ""), "region", problem)
        for name in LIST_FIELDS:
            values[name] = split_list(cells.get(name, ""))
        values["excluded_countries"] = [c.upper() for c in values["excluded_countries"]]
        values["required_languages"] = [c.lower() for c in values["required_languages"]]
        check_countries(values, ("excluded_countries",), problem)
        check_codes(values, cpv_names=cpv_names, domains=domains, problem=problem)
        original = {"en": "_en", "zh-hans": "_zh_hans"}.get(values["language"])
        for name in TRANSLATIONS:
            if original and name.endswith(original) and values[name]:
                problem(
                    name,
                    _("The row is in this language already: put the text in “%(column)s”.")
                    % {"column": name.removesuffix(original)},
                )
        row.values = values
        row.record = keys.get(row.key) or own_key_record(row.key, needs_by_pk, problem)
        if row.record is not None and row.record.pk not in editable:
            problem(
                "key", _("You may not change the need “%(title)s”.") % {"title": row.record.title}
            )
        if not row.problems:
            model_problems(
                Need(
                    programme=programme,
                    **{n: values[n] for n in ("host", "region", "heard_on", "language")},
                    **{n: values[n] for n in TEXT_FIELDS},
                    **{n: values[n] for n in LIST_FIELDS[1:]},
                ),
                problem,
            )
        if row.problems:
            row.status = "error"
        elif row.record is not None:
            row.changes = diff(row.record, values)
            row.status = "changed" if row.changes else "unchanged"
        rows.append(row)
    return rows


def current(need: Need) -> dict[str, Any]:
    """The values a row would have if it were exported from ``need``."""
    values: dict[str, Any] = {name: getattr(need, name) for name in TEXT_FIELDS}
    values.update(host=need.host, region=need.region, heard_on=need.heard_on)
    values["language"] = need.language
    values["domains"] = sorted(need.domains.values_list("code", flat=True))
    for name in LIST_FIELDS[1:]:
        values[name] = list(getattr(need, name))
    for name in TRANSLATIONS:
        values[name] = getattr(need, name) or ""
    return values


def diff(need: Need, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """``{field: (now, in the file)}`` for each field the row would change; an empty
    translation in the file leaves the translation alone."""
    now = current(need)
    changes = {}
    for name, new in values.items():
        new = sorted(new) if name == "domains" else new
        if name in TRANSLATIONS and not new:
            continue
        if now[name] != new:
            changes[name] = (now[name], new)
    return changes


def export_rows(programme, user) -> list[dict[str, str]]:
    """The programme's needs that ``user`` may see, as rows of this import's file; the host
    is named by its key."""
    keys = dict(
        ExternalKey.objects.filter(programme=programme, kind=ExternalKey.Kind.NEED).values_list(
            "need_id", "key"
        )
    )
    host_keys = dict(
        ExternalKey.objects.filter(
            programme=programme, kind=ExternalKey.Kind.ORGANISATION
        ).values_list("organisation_id", "key")
    )
    needs_of_programme = (
        scoped(Need, user)
        .filter(programme=programme)
        .select_related("host", "region")
        .prefetch_related("domains")
        .order_by("heard_on", "pk")
    )
    rows = []
    for need in needs_of_programme:
        values = current(need)
        row = {"key": keys.get(need.pk) or own_key(need)}
        row["host"] = host_keys.get(need.host_id) or own_key(need.host) if need.host else ""
        row["region"] = need.region.name if need.region else ""
        # The original language's column is the title itself, not a translation.
        original = {"en": "_en", "zh-hans": "_zh_hans"}.get(need.language)
        for name in TRANSLATIONS:
            if original and name.endswith(original):
                row[name] = ""
        for name in COLUMNS:
            if name not in row:
                row[name] = cell(values[name])
        rows.append(row)
    return rows


def write_row(row: Row, *, actor: Any, programme, recruiter=None) -> None:
    """Record or update the row's need through the needs' own domain functions."""
    values = dict(row.values)
    translations = {name: values.pop(name) for name in TRANSLATIONS}
    if row.record is None:
        translations = {name: text for name, text in translations.items() if text}
        need = needs.record_need(actor=actor, programme=programme, **values, **translations)
        ExternalKey.objects.create(
            programme=programme, kind=ExternalKey.Kind.NEED, key=row.key, need=need
        )
    else:
        changes = {name: values[name] for name in row.changes if name in values}
        changes.update({name: translations[name] for name in row.changes if name in translations})
        needs.update_need(actor=actor, need=row.record, **changes)
