"""The report page, its files, the records page and the mission report cost the same
number of queries for a few records as for many."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sme2go.followup.models import AgreementEvidence, Lead
from sme2go.reporting.domain import add_ready_made_indicators
from tests.factories import make_company
from tests.reporting.conftest import _agreement, _request, at

pytestmark = pytest.mark.django_db

PERIOD = "?start=2026-01-01&end=2026-06-30"


def add_records(known, n: int) -> None:
    world = known.world
    for i in range(n):
        company = make_company(f"More {i} Oy", world.programme, known.operator2).organisation
        world.mission.companies.add(company)
        _request(world, company, world.counterpart, at(2026, 3, 5))
        Lead.objects.create(
            programme=world.programme,
            mission=world.mission,
            company=company,
            counterpart=world.host,
            title=f"Lead {i}",
            created_at=at(2026, 3, 19),
        )
        agreement = _agreement(world, company, world.counterpart, dt.date(2026, 5, 10))
        AgreementEvidence.objects.create(
            programme=world.programme,
            agreement=agreement,
            file=f"followup/evidence/{i}.pdf",
            original_name=f"evidence-{i}.pdf",
            content_type="application/pdf",
            size=10,
            sha256="1" * 64,
        )


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def paths(known) -> list[str]:
    programme = known.world.programme
    definition = programme.indicator_definitions.get(code="RCO87")
    return [
        reverse(name, kwargs={"programme_pk": programme.pk}) + PERIOD
        for name in (
            "reporting:programme",
            "reporting:programme_csv",
            "reporting:programme_xlsx",
            "reporting:indicators",
        )
    ] + [
        reverse("reporting:indicator_records", kwargs={"indicatordefinition_pk": definition.pk})
        + PERIOD,
        reverse("reporting:mission", kwargs={"mission_pk": known.world.mission.pk}),
    ]


def test_a_fixed_number_of_queries_whatever_the_records(known, client_for):
    add_ready_made_indicators(actor=None, programme=known.world.programme)
    client = client_for(known.world.operator_user)
    before = {path: queries(client, path) for path in paths(known)}
    add_records(known, 12)
    after = {path: queries(client, path) for path in paths(known)}
    assert after == before
    assert before[paths(known)[0]] <= 25, before
