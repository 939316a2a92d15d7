"""What every kind of import shares: a row and its outcome, the heading check, and how cells
are split into lists and checked against code lists."""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from sme2go.imports.reading import Problem, Sheet


@dataclass
class Row:
    """One data row: where it is, what it says, and what importing it would do.

    ``record`` is the record the row's key names (``None`` for a new one)."""

    number: int
    key: str
    values: dict[str, Any]
    record: Any = None
    status: str = "new"  # new | changed | unchanged | error
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def label(self) -> str:
        """What the preview calls the row's record (its name or title)."""
        return self.values.get("name") or self.values.get("title") or ""


def check_columns(
    file_name: str, sheet: Sheet, columns: tuple[str, ...], required: tuple[str, ...]
) -> list[Problem]:
    """A missing required column, an unknown one or a repeated one is an error of the
    heading (row 1)."""
    problems = []
    for name in required:
        if name not in sheet.columns:
            problems.append(
                Problem(file_name, 1, name, _("This column is missing; it is required."))
            )
    for name in sheet.columns:
        if name not in columns:
            problems.append(
                Problem(
                    file_name,
                    1,
                    name,
                    _("Unknown column. The columns are: %(columns)s.")
                    % {"columns": ", ".join(columns)},
                )
            )
    seen = set()
    for name in sheet.columns:
        if name in seen and name in columns:
            problems.append(Problem(file_name, 1, name, _("This column appears twice.")))
        seen.add(name)
    return problems


class KeyCheck:
    """Refuses an empty key and a key used on an earlier row of the same file."""

    def __init__(self) -> None:
        self.first_row: dict[str, int] = {}

    def __call__(self, row: Row, problem: Callable[[str, str], None]) -> None:
        if not row.key:
            problem("key", _("Give every row a key (your own id for the record)."))
        elif row.key in self.first_row:
            problem(
                "key",
                _("The key “%(key)s” is already used on row %(row)d.")
                % {"key": row.key, "row": self.first_row[row.key]},
            )
        else:
            self.first_row[row.key] = row.number


_SPLIT = re.compile(r"\s*[,;]\s*")


def split_list(text: str) -> list[str]:
    """``"water, energy; waste"`` → ``["water", "energy", "waste"]``."""
    return [item for item in _SPLIT.split(text.strip()) if item] if text.strip() else []


def split_items(text: str) -> list[str]:
    """Names separated by ``;`` (names may contain commas)."""
    return [item.strip() for item in text.split(";") if item.strip()]


@cache
def countries() -> frozenset[str]:
    """ISO 3166 country codes, from the tz database's table (tzdata is a dependency)."""
    lines = importlib.resources.files("tzdata.zoneinfo").joinpath("iso3166.tab").read_text()
    return frozenset(
        line.split("\t")[0] for line in lines.splitlines() if line and not line.startswith("#")
    )


def check_countries(values: dict[str, Any], names: tuple[str, ...], problem) -> None:
    for name in names:
        codes = values[name] if isinstance(values[name], list) else [values[name]]
        unknown = [code for code in codes if code and code not in countries()]
        if unknown:
            problem(
                name,
                _("Unknown country code: %(codes)s (use ISO codes such as FI, SE, CN).")
                % {"codes": ", ".join(unknown)},
            )


def check_codes(values: dict[str, Any], *, cpv_names, domains: set[str], problem) -> None:
    unknown = [code for code in values["cpv_codes"] if code.split("-")[0] not in cpv_names]
    if unknown:
        problem("cpv_codes", _("Unknown CPV code: %(codes)s.") % {"codes": ", ".join(unknown)})
    unknown = [code for code in values["domains"] if code not in domains]
    if unknown:
        problem(
            "domains",
            _("Unknown domain: %(codes)s (the domains are %(known)s).")
            % {"codes": ", ".join(unknown), "known": ", ".join(sorted(domains))},
        )


def model_problems(obj: models.Model, problem, *, exclude=None, column=lambda name: name):
    """The model's own checks (lengths, e-mail and URL syntax) on an unsaved copy, as
    problems of the row's columns."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                problem(column(name), message)


class RegionLookup:
    """A region named in a cell by its English or Chinese name (any case); ``""`` is none.

    A name that two regions share (say, a city and its district) is refused as ambiguous,
    naming the parents, so the file can say ``Rizhao`` instead of guessing."""

    def __init__(self) -> None:
        from sme2go.regions.models import Region

        self.by_name: dict[str, list[Region]] = {}
        for region in Region.objects.select_related("parent"):
            for name in {region.name, region.name_zh}:
                if name:
                    self.by_name.setdefault(name.casefold(), []).append(region)

    def __call__(self, text: str, column: str, problem) -> Any:
        if not text:
            return None
        found = self.by_name.get(text.casefold(), [])
        if len(found) == 1:
            return found[0]
        if not found:
            problem(column, _("No region is called “%(name)s”.") % {"name": text})
        else:
            problem(
                column,
                _("Several regions are called “%(name)s” (in %(parents)s).")
                % {
                    "name": text,
                    "parents": ", ".join(sorted(str(r.parent or "—") for r in found)),
                },
            )
        return None


# A record exported without an external key carries its own id as key, so the exported
# file imports back onto the same records instead of duplicating them.
OWN_KEY = "sme2go:"


def own_key(record: models.Model) -> str:
    return f"{OWN_KEY}{record.pk}"


def own_key_record(key: str, records: dict[int, Any], problem) -> Any:
    """The record an ``sme2go:<id>`` key names among ``records`` (the programme's, by id);
    ``None`` for any other key. An id the programme does not hold is a problem."""
    if not key.startswith(OWN_KEY):
        return None
    number = key.removeprefix(OWN_KEY)
    record = records.get(int(number)) if number.isdigit() else None
    if record is None:
        problem("key", _("No record of this programme has the id “%(key)s”.") % {"key": key})
    return record


def cell(value: Any, separator: str = ", ") -> str:
    """A value as an export cell in the import's format."""
    if value is None:
        return ""
    if isinstance(value, list):
        return separator.join(str(item) for item in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
