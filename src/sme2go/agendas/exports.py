"""An agenda as PDF and iCalendar, the adviser's grid as CSV and XLSX.

Library choices are in docs/ARCHITECTURE.md ("Agendas: PDF, iCalendar, XLSX").
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import icalendar
import openpyxl
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font

from sme2go.agendas.agenda import Agenda, Entry, Grid

# OWASP, CSV injection: a cell starting with one of these is read as a formula by
# spreadsheet programs; a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """``value`` neutralised as OWASP advises for cells of CSV and XLSX files."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


# PDF -------------------------------------------------------------------------------------


def agenda_pdf(agenda: Agenda, *, base_url: str) -> bytes:
    """The printable agenda (A4, the print stylesheet of ``agendas/agenda_print.html``)."""
    from weasyprint import HTML  # Loads Pango and fonts: only when a PDF is asked for.

    html = render_to_string("agendas/agenda_print.html", {"agenda": agenda})
    return HTML(string=html, base_url=base_url).write_pdf()


# What a first agenda PDF loads: a page with counters, a fixed table, and Latin and
# Chinese text in the agenda's fonts (Pango opens a font when a glyph first needs it).
_WARM_UP_HTML = """<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4; @bottom-right { content: counter(page) " / " counter(pages); } }
body { font-family: "DejaVu Sans", "Noto Sans CJK SC", sans-serif; font-size: 9pt; }
table { table-layout: fixed; width: 100%; border-collapse: collapse; }
</style></head><body><h1>Agenda 日程</h1>
<table><tr><th>09:00</th><td>Weifang 潍坊</td></tr></table></body></html>"""


def warm_pdf() -> bytes:
    """Load WeasyPrint, Pango, fontconfig and the agenda's fonts by writing a small PDF
    (returned), so that the first agenda PDF of the process does not pay for them
    (1-2 s); the servers call it in a background thread at start."""
    from weasyprint import HTML

    return HTML(string=_WARM_UP_HTML).write_pdf()


# iCalendar -------------------------------------------------------------------------------


def _description(entry: Entry) -> str:
    lines = []
    if entry.attendees:
        lines.append(_("Attending: %(names)s") % {"names": "; ".join(entry.attendees)})
    if entry.interpreter:
        lines.append(_("Interpreter: %(interpreter)s") % {"interpreter": entry.interpreter})
    if entry.purpose:
        lines.append(_("Purpose: %(purpose)s") % {"purpose": entry.purpose})
    if entry.notes:
        lines.append(entry.notes)
    return "\n".join(lines)


def _event(entry: Entry, day: dt.date, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("summary", entry.title)
    if entry.starts_at is None:
        # A leg without a departure time: an all-day item on its day.
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        # UTC times need no VTIMEZONE, and every calendar app shows them in its own zone.
        event.add("dtstart", entry.starts_at.astimezone(dt.UTC))
        event.add("dtend", entry.ends_at.astimezone(dt.UTC))
    if entry.location:
        event.add("location", entry.location)
    description = _description(entry)
    if description:
        event.add("description", description)
    event.add("categories", [entry.kind])
    return event


def agenda_calendar(agenda: Agenda) -> bytes:
    """The agenda as an iCalendar document: one VEVENT per meeting, visit and leg."""
    name = _("%(organisation)s — %(mission)s") % {
        "organisation": agenda.organisation.name,
        "mission": agenda.mission.title,
    }
    return agendas_calendar([agenda], name=name)


def agendas_calendar(agendas: list[Agenda], *, name: str) -> bytes:
    """Several agendas (a participant's missions) as one iCalendar document."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//sme2go//agendas//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    # Subscribed calendars poll; ask for hourly refreshes (RFC 7986 and the Outlook name).
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = timezone.now().replace(microsecond=0)
    for agenda in agendas:
        for agenda_day in agenda.days:
            for entry in agenda_day.entries:
                calendar.add_component(_event(entry, agenda_day.day.date, stamp))
    return calendar.to_ical()


# Grid ------------------------------------------------------------------------------------


def grid_table(grid: Grid) -> list[list[str]]:
    """The grid as rows of text: a header of start times, then one row per participant;
    a cell reads "whom — where". Every cell is neutralised (:func:`safe_cell`)."""
    header = [_("Participant"), *(time_format(slot, "TIME_FORMAT") for slot in grid.slots)]
    rows = [header]
    for organisation, cells in grid.rows:
        row = [organisation.name]
        for cell in cells:
            row.append(f"{cell[0]} — {cell[1]}" if cell else "")
        rows.append(row)
    return [[safe_cell(value) for value in row] for row in rows]


def grid_csv(grid: Grid) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Chinese names right."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(grid_table(grid))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def grid_xlsx(grid: Grid) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = grid.day.date.isoformat()
    for row in grid_table(grid):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    for column in sheet.iter_cols(min_row=1, max_row=1):
        sheet.column_dimensions[column[0].column_letter].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
