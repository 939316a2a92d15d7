"""Reading a CSV or XLSX file into rows of text, or saying plainly why it cannot be read.

Every problem is an :class:`ImportError_` naming the file, the row and the column (1-based,
as a spreadsheet shows them; row 1 is the heading) so a person can find and fix it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from sme2go.exports.tabular import FORMULA_STARTS

# Files larger than this are refused before they are read (``IMPORT_MAX_BYTES`` overrides).
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


@dataclass(frozen=True)
class Problem:
    """One error: where it is (``row``/``column`` may be ``None`` for the whole file)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}"


class FileProblem(Exception):
    """The file as a whole cannot be read; nothing of it is imported."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Sheet:
    """The heading and the data rows of a file; each row is ``(row number, {column: text})``."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read(file_name: str, data: bytes) -> Sheet:
    """Read ``data`` (the bytes of ``file_name``) as CSV or XLSX, by the name's extension."""
    if len(data) > max_bytes():
        raise FileProblem(
            Problem(
                file_name,
                None,
                None,
                _("The file is %(size).1f MB; the limit is %(limit).1f MB.")
                % {"size": len(data) / 1e6, "limit": max_bytes() / 1e6},
            )
        )
    if not data.strip():
        raise FileProblem(Problem(file_name, None, None, _("The file is empty.")))
    if file_name.lower().endswith(".xlsx"):
        table = list(_xlsx_rows(file_name, data))
    elif file_name.lower().endswith(".csv"):
        table = list(_csv_rows(file_name, data))
    else:
        raise FileProblem(Problem(file_name, None, None, _("Upload a .csv or an .xlsx file.")))
    if not table or not any(cell.strip() for cell in table[0][1]):
        raise FileProblem(Problem(file_name, 1, None, _("The file has no heading row.")))
    heading = [cell.strip() for cell in table[0][1]]
    rows = []
    for number, cells in table[1:]:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines between rows are not rows
        values = {
            name: _unneutralised(cells[i].strip() if i < len(cells) else "")
            for i, name in enumerate(heading)
        }
        rows.append((number, values))
    if not rows:
        raise FileProblem(Problem(file_name, None, None, _("The file has a heading but no rows.")))
    return Sheet(columns=heading, rows=rows)


def _csv_rows(file_name: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem(
            Problem(
                file_name,
                line,
                None,
                _(
                    "The file is not UTF-8 (byte 0x%(byte)02x). Save it as “CSV UTF-8” and "
                    "upload it again."
                )
                % {"byte": data[error.start]},
            )
        ) from None
    # Spreadsheets in Finnish or Swedish settings write ";" between cells; the heading
    # (column names, no values) tells which separator the file uses.
    heading = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=heading.count)
    yield from enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)


def _xlsx_rows(file_name: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise FileProblem(
            Problem(file_name, None, None, _("This is not an XLSX workbook."))
        ) from None
    sheets = workbook.sheetnames
    if len(sheets) != 1:
        raise FileProblem(
            Problem(
                file_name,
                None,
                None,
                _("The workbook has %(count)d sheets (%(names)s); keep only the one to import.")
                % {"count": len(sheets), "names": ", ".join(sheets)},
            )
        )
    sheet = workbook[sheets[0]]
    heading: list[str] = []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        cells = []
        for index, cell in enumerate(row):
            if cell.data_type == "f":
                column = heading[index] if index < len(heading) else get_column_letter(index + 1)
                raise FileProblem(
                    Problem(
                        file_name,
                        number,
                        column,
                        _("The cell holds a formula; replace it with its value."),
                    )
                )
            cells.append(_text(cell.value))
        if number == 1:
            heading = [cell.strip() for cell in cells]
        yield number, cells
    workbook.close()


def _unneutralised(text: str) -> str:
    """A cell as it was before our exports guarded it against running as a formula
    (``'+358 40…`` back to ``+358 40…``, sme2go.exports.tabular), so an exported file
    imports back unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
