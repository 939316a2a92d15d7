"""Writing rows as CSV or XLSX, with cells a spreadsheet would run as formulas defused.

OWASP's advice on CSV injection: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is prefixed with a single quote, so Excel, LibreOffice and Google
Sheets show it as text instead of evaluating it. Numbers and dates are written as such
(a negative number is a number, not a formula); only text is neutralised. XLSX cells are
written as typed text cells, which spreadsheets never evaluate, and are neutralised too so
the file stays safe when someone saves it back as CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def safe_text(value: str) -> str:
    """``value``, with a leading quote if a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def cell_value(value: Any) -> Any:
    """A Python value as a cell: text neutralised, lists joined, aware times made local."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | dt.date | dt.time):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            # Spreadsheets have no time zones: write the local time, without its offset.
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    return safe_text(str(value))


@dataclass(frozen=True)
class Column:
    """A column of an export: its heading and how to read it from a row object."""

    heading: Any
    value: Callable[[Any], Any]


class _Echo:
    """A file-like object whose ``write`` returns the line, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, columns: Sequence[Column], rows: Iterable[Any]):
    """The rows as a UTF-8 CSV download (with a BOM, so Excel detects the encoding)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([safe_text(str(c.heading)) for c in columns])
        for row in rows:
            yield writer.writerow([_csv_text(cell_value(column.value(row))) for column in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def xlsx_response(filename: str, title: str, columns: Sequence[Column], rows: Iterable[Any]):
    """The rows as an XLSX download: one sheet, a bold heading row, typed cells."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    heading = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=safe_text(str(column.heading)))
        cell.font = Font(bold=True)
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        cells = []
        for column in columns:
            value = cell_value(column.value(row))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, even if it looks like a formula
            elif isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(
    fmt: str, filename: str, title: str, columns: Sequence[Column], rows: Iterable[Any]
):
    """``csv_response`` or ``xlsx_response`` by ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "csv":
        return csv_response(filename, columns, rows)
    return xlsx_response(filename, title, columns, rows)
