"""Exact values of every record type on the known fixture (tests/reporting/conftest.py):
records outside the period, another programme's records, unconfirmed agreements,
withdrawn requests, meetings not held and lost leads do not count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sme2go.core.tenancy import access_for
from sme2go.reporting.indicators import (
    RECORD_TYPES,
    Period,
    Sources,
    default_period,
    six_month_periods,
)
from tests.reporting.conftest import H1_2026, H1_2027

pytestmark = pytest.mark.django_db


def records(known, key, period=H1_2026, **extra):
    world = known.world
    return Sources(world.programme, period, access_for(world.operator_user), **extra).records(key)


def labels(found):
    return [record.label for record in found]


def test_companies_supported(known):
    found = records(known, "companies_supported")
    assert labels(found) == ["Company a", "Ruotsi AB"]
    assert [(r.operator, r.country, r.on) for r in found] == [
        ("Operator a", "FI", dt.date(2026, 3, 16)),
        ("Operator a2", "SE", dt.date(2026, 3, 16)),
    ]
    assert [link.label for link in found[0].evidence] == ["Mission a"]
    # The September mission's company counts in the second half.
    later = records(
        known, "companies_supported", Period(dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    )
    assert labels(later) == ["Later Oy"]


def test_meetings_requested_leave_out_withdrawn_and_later_ones(known):
    found = records(known, "meetings_requested")
    assert labels(found) == ["Company a → Counterpart a", "Ruotsi AB → Counterpart a"]
    assert [r.on for r in found] == [dt.date(2026, 3, 16), dt.date(2026, 3, 16)]


def test_meetings_held_leave_out_not_held_and_draft_meetings(known):
    found = records(known, "meetings_held")
    assert labels(found) == ["Company a – Counterpart a"]
    assert found[0].on == dt.date(2026, 3, 16)


def test_agreements_only_confirmed_in_the_period_and_programme(known):
    found = records(known, "agreements_signed")
    assert labels(found) == [
        "Subcontracting agreement: Company a – Counterpart a",
        "Subcontracting agreement: Ruotsi AB – Counterpart a",
    ]
    assert [link.label for link in found[0].evidence] == ["signed-agreement.pdf"]
    assert found[1].evidence == ()
    assert [(r.operator, r.country) for r in found] == [("Operator a", "FI"), ("Operator a2", "SE")]
    # Confirming the April agreement makes it count.
    known.unconfirmed.confirmed_at = known.agreement.confirmed_at
    known.unconfirmed.save()
    assert len(records(known, "agreements_signed")) == 3


def test_organisations_cooperating_across_borders(known):
    found = records(known, "organisations_cooperating")
    assert [(r.label, r.country, r.operator) for r in found] == [
        ("Company a", "FI", "Operator a"),
        ("Counterpart a", "CN", ""),
        ("Ruotsi AB", "SE", "Operator a2"),
    ]
    counterpart = found[1]
    assert [link.label for link in counterpart.evidence] == [
        "Subcontracting agreement: Company a – Counterpart a",
        "signed-agreement.pdf",
        "Subcontracting agreement: Ruotsi AB – Counterpart a",
    ]


def test_agreements_between_organisations_of_one_country_do_not_cross_borders(known):
    known.agreement2.partner = known.world.company  # Ruotsi AB (SE) with Company a (FI)
    known.agreement2.save()
    assert [r.country for r in records(known, "organisations_cooperating")] == ["FI", "CN", "SE"]
    known.world.company.profile.home_country = "SE"
    known.world.company.profile.save()
    # Company a still cooperates with Counterpart a (CN); Ruotsi AB – Company a is SE–SE.
    assert labels(records(known, "organisations_cooperating")) == ["Company a", "Counterpart a"]


def test_organisations_still_cooperating_after_12_months(known):
    assert records(known, "organisations_still_cooperating") == []
    found = records(known, "organisations_still_cooperating", H1_2027)
    assert [(r.label, r.on, r.country) for r in found] == [
        ("Company a", dt.date(2027, 3, 25), "FI"),
        ("Counterpart a", dt.date(2027, 3, 25), "CN"),
        # The agreement signed in July 2026, before the answer, is of the same mission.
        ("Host a", dt.date(2027, 3, 25), "CN"),
    ]
    assert [link.label for link in found[0].evidence] == ["12-month check-in: Mission a"]


def test_leads_and_counterparts_found(known):
    assert [(r.label, r.detail) for r in records(known, "leads_recorded")] == [
        ("Company a – Counterpart a: Chair frames", "Negotiation"),
        ("Ruotsi AB – Host a: Timber houses", "Lost"),
    ]
    assert labels(records(known, "counterparts_found")) == ["Counterpart a"]


def test_another_programme_counts_only_its_own(known, programme_b):
    access = access_for(programme_b.operator_user)
    sources = Sources(programme_b.programme, H1_2026, access)
    assert labels(sources.records("agreements_signed")) == [
        "Subcontracting agreement: Company b – Counterpart b"
    ]
    assert sources.records("meetings_held") == []
    # Programme A's operator reading programme B's records finds nothing (tenancy).
    foreign = Sources(programme_b.programme, H1_2026, access_for(known.world.operator_user))
    assert foreign.records("agreements_signed") == []


def test_the_mission_narrows_every_type(known):
    world = known.world
    later = world.programme.missions.get(title="September mission")
    year = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert labels(records(known, "companies_supported", year, mission=later)) == ["Later Oy"]
    assert records(known, "agreements_signed", year, mission=later) == []
    assert len(records(known, "agreements_signed", year, mission=world.mission)) == 3


def test_collecting_every_type_costs_a_fixed_number_of_queries(known):
    def count(period):
        world = known.world
        sources = Sources(world.programme, period, access_for(world.operator_user))
        with CaptureQueriesContext(connection) as queries:
            for key in RECORD_TYPES:
                sources.records(key)
        return len(queries)

    small = count(H1_2026)
    from tests.reporting.conftest import _agreement

    for day in range(1, 20):
        _agreement(known.world, known.world.company, known.world.counterpart, dt.date(2026, 5, day))
    assert count(H1_2026) == small


def test_six_month_periods_follow_the_programme(programme_a):
    programme = programme_a.programme  # 2026-01-01 – 2027-12-31
    assert [(p.start, p.end) for p in six_month_periods(programme)] == [
        (dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
        (dt.date(2027, 1, 1), dt.date(2027, 6, 30)),
        (dt.date(2027, 7, 1), dt.date(2027, 12, 31)),
    ]
    programme.start_date, programme.end_date = dt.date(2026, 3, 1), dt.date(2026, 8, 15)
    assert [(p.start, p.end) for p in six_month_periods(programme)] == [
        (dt.date(2026, 3, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 7, 1), dt.date(2026, 8, 15)),
    ]
    assert default_period(programme, dt.date(2026, 7, 4)).start == dt.date(2026, 7, 1)
    assert default_period(programme, dt.date(2030, 1, 1)).end == dt.date(2026, 8, 15)
    assert default_period(programme, dt.date(2020, 1, 1)).start == dt.date(2026, 3, 1)
