"""The programme report as PDF (WeasyPrint), CSV and XLSX (openpyxl); the mission
report as PDF. Library choices as for the agendas (docs/ARCHITECTURE.md).

CSV and XLSX hold every record behind every indicator (the page and the PDF list the
first ones); text cells are neutralised against formula injection as in
:mod:`sme2go.exports.tabular`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from sme2go.exports.tabular import XLSX, cell_value
from sme2go.reporting.reports import MissionReport, ProgrammeReport

__all__ = ["XLSX", "mission_pdf", "report_csv", "report_pdf", "report_xlsx"]


def report_pdf(report: ProgrammeReport, *, base_url: str, limit: int) -> bytes:
    """The printable report (A4): each indicator with its first ``limit`` records."""
    from weasyprint import HTML  # Loads Pango and fonts: only when a PDF is asked for.

    html = render_to_string("reporting/report_print.html", {"report": report, "limit": limit})
    return HTML(string=html, base_url=base_url).write_pdf()


def mission_pdf(report: MissionReport, *, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reporting/mission_print.html", {"report": report})
    return HTML(string=html, base_url=base_url).write_pdf()


def _links(links) -> str:
    return " ; ".join(f"{link.label} <{link.url}>" for link in links)


def record_rows(report: ProgrammeReport, *, site: str = "") -> Iterator[list[Any]]:
    """A heading, then one row per (indicator, record); an indicator without records
    has one row with its value 0, so every indicator appears."""
    yield [
        _("Code"),
        _("Indicator"),
        _("Value"),
        _("Record"),
        _("Date"),
        _("Organisation"),
        _("Operator"),
        _("Country"),
        _("Details"),
        _("Link"),
        _("Evidence"),
    ]
    for item in report.indicators:
        head = [item.definition.code, item.definition.display_name, item.value]
        if not item.records:
            yield [*head, "", None, "", "", "", "", "", ""]
        for record in item.records:
            yield [
                *head,
                record.label,
                record.on,
                record.organisation,
                record.operator,
                record.country,
                record.detail,
                site + record.url,
                _links(record.evidence),
            ]


def summary_rows(report: ProgrammeReport) -> Iterator[list[Any]]:
    yield [
        _("Code"),
        _("Indicator"),
        _("Value"),
        _("Period from"),
        _("until"),
        _("Definition"),
        _("What counts"),
    ]
    for item in report.indicators:
        yield [
            item.definition.code,
            item.definition.display_name,
            item.value,
            report.period.start,
            report.period.end,
            item.definition.display_definition,
            item.definition.display_counts,
        ]


def breakdown_rows(report: ProgrammeReport, attribute: str, heading: str) -> Iterator[list]:
    yield [_("Code"), _("Indicator"), heading, _("Value")]
    for item in report.indicators:
        for name, count in getattr(item, attribute):
            yield [item.definition.code, item.definition.display_name, name or "—", count]


def _csv_value(value: Any) -> str:
    value = cell_value(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def report_csv(report: ProgrammeReport) -> bytes:
    """Every record behind every indicator, one a row; UTF-8 with a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in record_rows(report):
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_xlsx(report: ProgrammeReport) -> bytes:
    """Sheets: the indicators, every record, per operator, per country."""
    workbook = Workbook(write_only=True)
    sheets = (
        (_("Indicators"), summary_rows(report)),
        (_("Records"), record_rows(report)),
        (_("Per operator"), breakdown_rows(report, "by_operator", _("Operator"))),
        (_("Per country"), breakdown_rows(report, "by_country", _("Country"))),
    )
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        for number, row in enumerate(rows):
            cells = []
            for value in row:
                value = cell_value(value)
                cell = WriteOnlyCell(sheet, value=value)
                if number == 0:
                    cell.font = Font(bold=True)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, even if it looks like a formula
                elif hasattr(value, "isoformat"):
                    cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
