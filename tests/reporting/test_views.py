"""The report page and its files, the records page, the mission report, who may open
them, and bad periods."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from sme2go.missions.models import Mission
from sme2go.programmes.models import Programme
from sme2go.reporting.domain import add_ready_made_indicators, update_indicator
from sme2go.reporting.indicators import default_period
from sme2go.reporting.models import IndicatorDefinition
from tests.pagetext import page_text

pytestmark = pytest.mark.django_db

PERIOD = "?start=2026-01-01&end=2026-06-30"


@pytest.fixture
def reported(known):
    add_ready_made_indicators(actor=None, programme=known.world.programme)
    return known


def url(name, known, query=PERIOD):
    return reverse(name, kwargs={"programme_pk": known.world.programme.pk}) + query


def test_the_report_page_shows_each_indicator_with_its_records(reported, client_for):
    client = client_for(reported.world.operator_user)
    response = client.get(url("reporting:programme", reported))
    assert response.status_code == 200
    text = page_text(response)
    for line in (
        "RCO01 Enterprises supported (of which: micro, small, medium, large): 2",
        "RCO04 Enterprises with non-financial support: 2",
        "RCO87 Organisations cooperating across borders: 3",
        "RCR84 Organisations cooperating across borders after project completion: 0",
        "P-MEETINGS-REQUESTED B2B meetings requested: 2",
        "P-MEETINGS-HELD B2B meetings held: 1",
        "P-COUNTERPARTS Counterparts found: 1",
        "P-AGREEMENTS Partnership agreements signed: 2",
    ):
        assert line in text
    html = response.content.decode()
    evidence = reverse(
        "followup:evidence_file", kwargs={"agreementevidence_pk": reported.evidence.pk}
    )
    assert f'href="{evidence}"' in html
    assert "signed-agreement.pdf" in text
    assert "Subcontracting agreement: Company a – Host a" not in text  # unconfirmed, July
    assert "<svg" in html and "Meetings requested and held per month" in text
    assert "Operator a2" in text and "Sweden" in text and "China" in text


def test_the_period_is_chosen_by_dates(reported, client_for):
    client = client_for(reported.world.operator_user)
    text = page_text(
        client.get(url("reporting:programme", reported, "?start=2027-01-01&end=2027-06-30"))
    )
    assert "RCR84 Organisations cooperating across borders after project completion: 3" in text
    assert "RCO87 Organisations cooperating across borders: 0" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?start=2026-06-30&end=2026-01-01", "The period cannot end before it starts."),
        ("?start=yesterday&end=2026-01-01", "Enter a valid date."),
        ("?start=1900-01-01&end=2026-01-01", "Choose a date between 2000 and 2100."),
        ("?start=2000-01-01&end=2026-01-01", "A report covers at most ten years."),
        ("?end=2026-01-01", "This field is required."),
    ],
)
def test_a_bad_period_is_named_not_a_server_error(reported, client_for, query, message):
    client = client_for(reported.world.operator_user)
    for name in ("reporting:programme", "reporting:programme_pdf", "reporting:programme_csv"):
        response = client.get(url(name, reported, query))
        assert response.status_code == 400
        assert message in page_text(response)


def test_the_pdf_holds_the_values_and_records(reported, client_for):
    client = client_for(reported.world.operator_user)
    response = client.get(url("reporting:programme_pdf", reported))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Programme a" in text
    assert "RCO87 Organisations cooperating across borders: 3" in text
    assert "P-MEETINGS-HELD B2B meetings held: 1" in text
    assert "Subcontracting agreement: Company a – Counterpart a" in text
    assert "signed- agreement.pdf" in text  # (the narrow evidence column breaks the name)
    assert "Subcontracting agreement: Company a – Host a" not in text


def test_the_csv_lists_every_record(reported, client_for):
    client = client_for(reported.world.operator_user)
    response = client.get(url("reporting:programme_csv", reported))
    assert response["Content-Disposition"].startswith('attachment; filename="report-programme-a-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Code", "Indicator", "Value", "Record"]
    rco87 = [row for row in rows if row[0] == "RCO87"]
    assert [(row[2], row[3], row[7]) for row in rco87] == [
        ("3", "Company a", "FI"),
        ("3", "Counterpart a", "CN"),
        ("3", "Ruotsi AB", "SE"),
    ]
    agreements = [row for row in rows if row[0] == "P-AGREEMENTS"]
    assert [row[4] for row in agreements] == ["2026-04-10", "2026-05-02"]
    assert "signed-agreement.pdf <" in agreements[0][10]
    assert [row[2:4] for row in rows if row[0] == "RCR84"] == [["0", ""]]


def test_the_xlsx_has_indicators_records_and_breakdowns(reported, client_for):
    client = client_for(reported.world.operator_user)
    response = client.get(url("reporting:programme_xlsx", reported))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Indicators", "Records", "Per operator", "Per country"]
    values = {row[0]: row[2] for row in book["Indicators"].iter_rows(min_row=2, values_only=True)}
    assert values == {
        "RCO01": 2,
        "RCO04": 2,
        "RCO87": 3,
        "RCR84": 0,
        "P-MEETINGS-REQUESTED": 2,
        "P-MEETINGS-HELD": 1,
        "P-COUNTERPARTS": 1,
        "P-AGREEMENTS": 2,
    }
    per_operator = [
        row[2:]
        for row in book["Per operator"].iter_rows(min_row=2, values_only=True)
        if row[0] == "RCO01"
    ]
    assert per_operator == [("Operator a", 1), ("Operator a2", 1)]
    per_country = [
        row[2:]
        for row in book["Per country"].iter_rows(min_row=2, values_only=True)
        if row[0] == "RCO87"
    ]
    assert per_country == [("CN", 1), ("FI", 1), ("SE", 1)]


def test_the_records_page_lists_all_records_of_one_indicator(reported, client_for):
    definition = reported.world.programme.indicator_definitions.get(code="RCO87")
    client = client_for(reported.world.operator_user)
    response = client.get(
        reverse("reporting:indicator_records", kwargs={"indicatordefinition_pk": definition.pk})
        + PERIOD
    )
    text = page_text(response)
    assert "RCO87 Organisations cooperating across borders: 3" in text
    for name in ("Company a", "Counterpart a", "Ruotsi AB"):
        assert name in text


def test_the_mission_report(reported, client_for):
    client = client_for(reported.world.operator_user)
    mission = reported.world.mission
    response = client.get(reverse("reporting:mission", kwargs={"mission_pk": mission.pk}))
    text = page_text(response)
    assert "Mission report: Mission a" in text
    # The mission (March 2026) is behind us: counted until today.
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"Meetings, leads and confirmed agreements of the mission, counted until {today}." in (
        text
    )
    # Company a: one meeting held, two leads (March and August), two confirmed agreements
    # (April, and July with Host a); Ruotsi AB: no meeting held, one lead, one agreement.
    assert "Company a Operator a Finland 1 2 2" in text
    assert "Ruotsi AB Operator a2 Sweden 0 1 1" in text
    pdf = client.get(reverse("reporting:mission_pdf", kwargs={"mission_pk": mission.pk}))
    pdf_text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Mission report: Mission a" in pdf_text
    assert "Counterpart a" in pdf_text and "Host a" in pdf_text


@pytest.mark.parametrize("role", ["company", "host", "counterpart"])
def test_companies_and_hosts_get_404(reported, client_for, role):
    world = reported.world
    client = client_for(getattr(world, f"{role}_user"))
    definition = world.programme.indicator_definitions.first()
    for path in (
        url("reporting:programme", reported),
        url("reporting:programme_pdf", reported),
        url("reporting:indicators", reported, ""),
        reverse("reporting:indicator_records", kwargs={"indicatordefinition_pk": definition.pk}),
        reverse("reporting:mission", kwargs={"mission_pk": world.mission.pk}),
    ):
        assert client.get(path).status_code == 404, path


def test_the_programme_and_mission_pages_link_the_reports(reported, client_for):
    world = reported.world
    client = client_for(world.operator_user)
    programme = client.get(
        reverse("programmes:detail", kwargs={"programme_pk": world.programme.pk})
    )
    assert url("reporting:programme", reported, "") in programme.content.decode()
    mission = client.get(reverse("missions:detail", kwargs={"mission_pk": world.mission.pk}))
    assert reverse("reporting:mission", kwargs={"mission_pk": world.mission.pk}) in (
        mission.content.decode()
    )
    company = client_for(world.company_user).get(
        reverse("programmes:detail", kwargs={"programme_pk": world.programme.pk})
    )
    assert url("reporting:programme", reported, "") not in company.content.decode()


def test_ready_made_names_show_in_the_readers_language(known, client_for):
    """The ready-made definitions were added by a Swedish-speaking adviser; a Finnish
    reader sees them in Finnish (page and CSV), an operator's own wording as written."""
    programme = known.world.programme
    with translation.override("sv"):
        add_ready_made_indicators(actor=None, programme=programme)
    held = IndicatorDefinition.objects.get(programme=programme, code="P-MEETINGS-HELD")
    assert held.name == "Hållna B2B-möten"
    update_indicator(actor=None, indicator=held, name="Tapaamiset paikan päällä")
    client = client_for(known.world.operator_user)
    text = page_text(client.get(url("reporting:programme", known), HTTP_ACCEPT_LANGUAGE="fi"))
    assert "RCO04 Muuta kuin rahoitustukea saavat yritykset: 2" in text
    assert "P-MEETINGS-HELD Tapaamiset paikan päällä: 1" in text
    assert "Företag" not in text
    english = page_text(client.get(url("reporting:indicators", known, query="")))
    assert "Enterprises with non-financial support" in english
    response = client.get(url("reporting:programme_csv", known), HTTP_ACCEPT_LANGUAGE="fi")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {row[0]: row[1] for row in rows[1:]}
    assert (names["RCO04"], names["P-MEETINGS-HELD"]) == (
        "Muuta kuin rahoitustukea saavat yritykset",
        "Tapaamiset paikan päällä",
    )


def test_without_a_period_the_report_opens_on_the_records_and_says_so(programme_a, client_for):
    """The current half-year counts nothing (the trip is in the next one): the page opens
    on the trip's period, says which period it passed over and links back to it."""
    today = timezone.localdate()
    programme = programme_a.programme
    Programme.objects.filter(pk=programme.pk).update(
        start_date=today - dt.timedelta(days=800), end_date=today + dt.timedelta(days=800)
    )
    programme.refresh_from_db()
    current = default_period(programme, today)
    later = default_period(programme, current.end + dt.timedelta(days=1))
    start = later.start + dt.timedelta(days=14)
    Mission.objects.filter(pk=programme_a.mission.pk).update(
        start_date=start, end_date=start + dt.timedelta(days=4)
    )
    add_ready_made_indicators(actor=None, programme=programme)
    client = client_for(programme_a.operator_user)
    page = client.get(reverse("reporting:programme", kwargs={"programme_pk": programme.pk}))
    text = page_text(page)

    def day(value: dt.date) -> str:
        return date_format(value, "DATE_FORMAT")

    assert f"Programme report {day(later.start)} – {day(later.end)}" in text
    assert (
        f"Nothing is counted yet in the current period ({day(current.start)} – "
        f"{day(current.end)}). Shown instead: {day(later.start)} – {day(later.end)}, the "
        "period of the programme's mission with records."
    ) in text
    assert "RCO01 Enterprises supported (of which: micro, small, medium, large): 1" in text
    back = f"?start={current.start.isoformat()}&amp;end={current.end.isoformat()}"
    assert f'href="{back}">Show the current period</a>' in page.content.decode()
    # Asked for, the current period is shown as it is, with nothing counted.
    report_url = reverse("reporting:programme", kwargs={"programme_pk": programme.pk})
    asked = page_text(client.get(report_url + back.replace("&amp;", "&")))
    assert f"Programme report {day(current.start)} – {day(current.end)}" in asked
    assert "RCO01 Enterprises supported (of which: micro, small, medium, large): 0" in asked
    assert "Nothing is counted yet" not in asked


def test_the_period_form_keeps_its_dates_in_every_language(reported, client_for):
    """A date input shows only ISO values: in Finnish the fields were empty."""
    client = client_for(reported.world.operator_user)
    for language in ("en", "fi", "zh-hans"):
        html = client.get(
            url("reporting:programme", reported), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
        assert 'type="date" name="start" value="2026-01-01"' in html, language
        assert 'type="date" name="end" value="2026-06-30"' in html, language


def test_a_mission_still_ahead_is_counted_until_its_last_day(programme_a, client_for):
    start = timezone.localdate() + dt.timedelta(days=40)
    Mission.objects.filter(pk=programme_a.mission.pk).update(
        start_date=start, end_date=start + dt.timedelta(days=4)
    )
    client = client_for(programme_a.operator_user)
    text = page_text(
        client.get(reverse("reporting:mission", kwargs={"mission_pk": programme_a.mission.pk}))
    )
    last_day = date_format(start + dt.timedelta(days=4), "DATE_FORMAT")
    assert f"of the mission, counted until {last_day}." in text
