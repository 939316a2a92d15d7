"""The PDF's text, the grid's CSV and XLSX read back, and the grid's permissions."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, time_format
from pypdf import PdfReader

from sme2go.agendas.exports import safe_cell

pytestmark = pytest.mark.django_db


def local_time(hour: int, minute: int = 0) -> str:
    """A time as the English pages write it (Django's TIME_FORMAT)."""
    return time_format(dt.time(hour, minute), "TIME_FORMAT")


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_has_the_agenda_with_chinese_text(trip, client_for):
    world = trip.world
    url = reverse(
        "agendas:pdf", kwargs={"mission_pk": world.mission.pk, "organisation_pk": world.company.pk}
    )
    response = client_for(world.company_user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="agenda-mission-a-company-a.pdf"'
    # Compared without white space: the PDF's text breaks lines inside Chinese names.
    text = "".join(pdf_text(response.content).split())
    for expected in (
        "Agenda of Company a",
        "Mission a",
        "Meeting: Company a — Counterpart a",
        "Fuhua Hotel, table 3",
        "Interpreter: zh — Li Wei",
        "Purpose: Village waste-water plants",
        "Rizhao Port a (日照港集团)",
        "Coach: Weifang (潍坊) → Rizhao (日照)",
        f"{local_time(14)}–{local_time(14, 30)}",
        "Asia/Shanghai",
    ):
        assert "".join(expected.split()) in text, expected
    assert "Kirkasvirta" not in text
    assert "{#" not in text and "{%" not in text


def test_pdf_in_chinese_uses_the_translated_date_format(trip, client_for):
    world = trip.world
    client = client_for(world.company_user)
    client.cookies["django_language"] = "zh-hans"
    url = reverse(
        "agendas:pdf", kwargs={"mission_pk": world.mission.pk, "organisation_pk": world.company.pk}
    )
    text = pdf_text(client.get(url).content)
    with translation.override("zh-hans"):
        assert date_format(trip.day1.date, "DATE_FORMAT") == "2026年3月16日"
    assert "2026年3月16日" in text


def grid_url(day, name="agendas:grid") -> str:
    return reverse(name, kwargs={"day_pk": day.pk})


EXPECTED_ROWS = [
    ["Participant", "14:00", "14:30"],
    ["Company a", "Counterpart a — Fuhua Hotel, table 3", ""],
    [
        "Kirkasvirta a",
        "Host a — Fuhua Hotel, table 4",
        "Counterpart a — Fuhua Hotel, table 3",
    ],
    [
        "Counterpart a",
        "Company a — Fuhua Hotel, table 3",
        "Kirkasvirta a — Fuhua Hotel, table 3",
    ],
    ["Host a", "Kirkasvirta a — Fuhua Hotel, table 4", ""],
]


def test_grid_csv_is_exact(trip, client_for):
    response = client_for(trip.world.operator_user).get(grid_url(trip.day1, "agendas:grid_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="grid-mission-a-2026-03-16.csv"'
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == EXPECTED_ROWS
    assert text.splitlines()[0] == "Participant,14:00,14:30"


def test_grid_xlsx_reads_back(trip, client_for):
    response = client_for(trip.world.operator_user).get(grid_url(trip.day1, "agendas:grid_xlsx"))
    assert (
        response["Content-Disposition"] == 'attachment; filename="grid-mission-a-2026-03-16.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["2026-03-16"]
    rows = [
        [value or "" for value in row] for row in workbook["2026-03-16"].iter_rows(values_only=True)
    ]
    assert rows == EXPECTED_ROWS


def test_cells_that_look_like_formulas_are_neutralised(trip, client_for):
    trip.world.counterpart.name = '=HYPERLINK("http://evil.example","x")'
    trip.world.counterpart.save()
    client = client_for(trip.world.operator_user)
    text = client.get(grid_url(trip.day1, "agendas:grid_csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[3][0] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","x") — Fuhua Hotel, table 3'
    response = client.get(grid_url(trip.day1, "agendas:grid_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A4"].value == '\'=HYPERLINK("http://evil.example","x")'
    assert sheet["A4"].data_type == "s"
    for start in "=+-@\t\r":
        assert safe_cell(f"{start}1") == f"'{start}1"
    assert safe_cell("Company 1") == "Company 1"


def test_grid_page_shows_participants_by_slot(trip, client_for):
    response = client_for(trip.world.operator_user).get(grid_url(trip.day1))
    html = response.content.decode()
    assert f"Meetings on {date_format(trip.day1.date, 'DATE_FORMAT')} in Weifang" in html
    assert f"<th>{local_time(14)}</th><th>{local_time(14, 30)}</th>" in html
    assert 'Host a<br><span class="muted">Fuhua Hotel, table 4</span>' in html
    assert grid_url(trip.day2) in html
    assert grid_url(trip.day1, "agendas:grid_xlsx") in html


def test_grid_preview_of_a_draft(trip, client_for):
    client = client_for(trip.world.operator_user)
    html = client.get(grid_url(trip.day2), {"schedule": trip.draft.pk}).content.decode()
    assert 'Company a<br><span class="muted">Port Hall, table 2</span>' in html
    assert 'Host a<br><span class="muted">Port Hall, table 2</span>' in html
    assert "Port Hall, table 1" not in html
    assert f"?schedule={trip.draft.pk}" in html


def test_mission_grid_opens_the_first_day(trip, client_for):
    url = reverse("agendas:mission_grid", kwargs={"mission_pk": trip.world.mission.pk})
    response = client_for(trip.world.operator_user).get(url)
    assert response["Location"] == grid_url(trip.day1)


def test_the_grid_is_for_operators_only(trip, programme_b, client_for):
    users = (
        trip.world.company_user,
        trip.world.host_user,
        trip.world.counterpart_user,
        programme_b.operator_user,
    )
    for user in users:
        client = client_for(user)
        for name in ("agendas:grid", "agendas:grid_csv", "agendas:grid_xlsx"):
            assert client.get(grid_url(trip.day1, name)).status_code == 404, (user, name)
