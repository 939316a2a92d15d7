"""The report page leads to the period of each of the programme's missions, so a report
that counts nothing yet (a trip in another period than today's) is not a dead end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from sme2go.core.tenancy import access_for
from sme2go.reporting.domain import add_ready_made_indicators
from sme2go.reporting.indicators import Period
from sme2go.reporting.reports import mission_report, programme_report
from tests.pagetext import page_text

pytestmark = pytest.mark.django_db


def report(client, known, query: str):
    path = reverse("reporting:programme", kwargs={"programme_pk": known.world.programme.pk})
    response = client.get(path + query)
    assert response.status_code == 200
    return response


def test_each_mission_links_the_period_it_started_in(known, client_for):
    add_ready_made_indicators(actor=None, programme=known.world.programme)
    client = client_for(known.world.operator_user)
    response = report(client, known, "?start=2026-07-01&end=2026-12-31")
    text = page_text(response)
    assert (
        "The programme's missions and the period each started in: "
        "Mission a 16 Mar 2026 – 20 Mar 2026 · report 01/01/2026 – 30/06/2026 "
        "September mission 7 Sep 2026 – 9 Sep 2026 · this period"
    ) in text
    html = response.content.decode()
    mission = reverse("reporting:mission", kwargs={"mission_pk": known.world.mission.pk})
    assert f'<a href="{mission}">Mission a</a>' in html
    assert '<a href="?start=2026-01-01&amp;end=2026-06-30">report 01/01/2026' in html


def test_another_programmes_missions_are_not_listed(known, programme_b, client_for):
    client = client_for(known.world.operator_user)
    text = page_text(report(client, known, "?start=2026-01-01&end=2026-06-30"))
    assert "Mission a 16 Mar 2026 – 20 Mar 2026 · this period" in text
    assert "Mission b" not in text


def test_the_pdf_names_each_records_country(known):
    """The PDF's record tables name countries as the page does ("Finland"), not "FI"."""
    add_ready_made_indicators(actor=None, programme=known.world.programme)
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    report_ = programme_report(known.world.programme, period, access_for(known.world.operator_user))
    html = render_to_string("reporting/report_print.html", {"report": report_, "limit": 20})
    assert "<td>Finland</td>" in html
    assert "<td>FI</td>" not in html


def test_the_mission_report_links_its_companies_on_the_page_only(known, client_for):
    client = client_for(known.world.operator_user)
    mission = known.world.mission
    html = client.get(reverse("reporting:mission", kwargs={"mission_pk": mission.pk}))
    company = reverse("companies:detail", kwargs={"organisation_pk": known.world.company.pk})
    assert f'<td><a href="{company}">Company a</a></td>' in html.content.decode()
    printed = render_to_string(
        "reporting/mission_print.html",
        {"report": mission_report(mission, access_for(known.world.operator_user))},
    )
    assert "<td>Company a</td>" in printed
    assert company not in printed
