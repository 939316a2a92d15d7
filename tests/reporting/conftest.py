"""A programme with known follow-up records, some of which must not count.

Programme A (``programme_a``), period 2026-01-01 – 2026-06-30, its mission 16–20 March
2026. Counted in that period:

- companies supported: Company a (FI, Operator a) and Ruotsi AB (SE, Operator a2), in the
  mission's delegation; Later Oy travels only on the September mission (outside);
- meeting requests: two on the March mission (a third, withdrawn, and one on the
  September mission, although made in March, do not count);
- meetings held: the 09:00 meeting of the published schedule; the 09:30 one was recorded
  as not held, and the draft schedule's meeting never took place;
- leads: Company a – Counterpart a (negotiation) and Ruotsi AB – Host a (lost), both in
  March; one recorded in August does not count; the lost one finds no counterpart;
- agreements: Company a – Counterpart a (signed 10 April, confirmed, with a PDF as
  evidence) and Ruotsi AB – Counterpart a (2 May, confirmed); one signed on 12 April
  but not confirmed, one confirmed but signed in July, and programme B's confirmed
  agreement of 10 April do not count;
- check-ins: Company a's 12-month check-in answered on 25 March 2027 says the cooperation
  continues (counted in 2027's first half with its partner Counterpart a); Ruotsi AB's
  says it does not; a 6-month check-in never counts for RCR84.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from sme2go.followup.models import Agreement, AgreementEvidence, CheckIn, Lead, MeetingOutcome
from sme2go.missions.models import Mission
from sme2go.organisations.models import Organisation
from sme2go.planning.models import (
    MeetingRequest,
    MeetingSeat,
    Schedule,
    ScheduledMeeting,
    Venue,
)
from sme2go.programmes.models import Enrolment
from sme2go.reporting.indicators import Period
from tests.factories import make_company, make_organisation

UTC = dt.UTC
H1_2026 = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
H1_2027 = Period(dt.date(2027, 1, 1), dt.date(2027, 6, 30))


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Known:
    world: Any
    operator2: Organisation
    company2: Organisation
    later_company: Organisation
    agreement: Agreement
    agreement2: Agreement
    unconfirmed: Agreement
    evidence: AgreementEvidence
    lead: Lead


def _request(
    world, requester, counterpart, created, status="accepted", mission=None
) -> MeetingRequest:
    request = MeetingRequest.objects.create(
        mission=mission or world.mission,
        requester=requester,
        counterpart=counterpart,
        status=status,
    )
    MeetingRequest.objects.filter(pk=request.pk).update(created_at=created)
    return request


def _meeting(world, schedule, venue, request, starts_at, table=1) -> ScheduledMeeting:
    meeting = ScheduledMeeting.objects.create(
        schedule=schedule,
        request=request,
        day=world.day,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
        venue=venue,
        table=table,
    )
    for organisation_id in (request.requester_id, request.counterpart_id):
        MeetingSeat.objects.create(
            meeting=meeting, schedule=schedule, organisation_id=organisation_id, starts_at=starts_at
        )
    return meeting


def _agreement(world, company, partner, signed_on, *, confirmed=True, **extra) -> Agreement:
    return Agreement.objects.create(
        programme=world.programme,
        mission=world.mission,
        kind=Agreement.Kind.SUBCONTRACTING,
        company=company,
        partner=partner,
        signed_on=signed_on,
        description="Chairs made in Shandong.",
        confirmed_at=at(2026, 6, 1) if confirmed else None,
        confirmed_by=world.operator_user if confirmed else None,
        **extra,
    )


def build_known(world, other) -> Known:
    operator2 = make_organisation("Operator a2", Organisation.Kind.OPERATOR)
    world.programme.partners.add(operator2)
    company2 = make_company("Ruotsi AB", world.programme, operator2, home_country="SE").organisation
    world.mission.companies.add(company2)
    later_company = make_company("Later Oy", world.programme, world.operator).organisation
    later = Mission.objects.create(
        programme=world.programme,
        title="September mission",
        start_date=dt.date(2026, 9, 7),
        end_date=dt.date(2026, 9, 9),
    )
    later.companies.add(later_company)

    counterpart, host, company = world.counterpart, world.host, world.company
    first = _request(world, company, counterpart, at(2026, 3, 2))
    second = _request(world, company2, counterpart, at(2026, 3, 3))
    _request(world, company, host, at(2026, 3, 4), status=MeetingRequest.Status.WITHDRAWN)
    _request(world, later_company, counterpart, at(2026, 3, 1), mission=later)

    venue = Venue.objects.create(mission=world.mission, city=world.city, name="Hall", tables=4)
    published = Schedule.objects.create(mission=world.mission, status=Schedule.Status.PUBLISHED)
    _meeting(world, published, venue, first, at(2026, 3, 16, 1, 0))
    missed = _meeting(world, published, venue, second, at(2026, 3, 16, 1, 30))
    MeetingOutcome.objects.create(
        programme=world.programme, mission=world.mission, meeting=missed, held=False
    )
    assert world.scheduledmeeting.schedule.status == Schedule.Status.DRAFT  # never held

    lead = Lead.objects.create(
        programme=world.programme,
        mission=world.mission,
        company=company,
        counterpart=counterpart,
        title="Chair frames",
        stage=Lead.Stage.NEGOTIATION,
        created_at=at(2026, 3, 17),
    )
    Lead.objects.create(
        programme=world.programme,
        mission=world.mission,
        company=company2,
        counterpart=host,
        title="Timber houses",
        stage=Lead.Stage.LOST,
        lost_reason="No budget this year.",
        created_at=at(2026, 3, 18),
    )
    Lead.objects.create(
        programme=world.programme,
        mission=world.mission,
        company=company,
        counterpart=host,
        title="Water meters",
        created_at=at(2026, 8, 3),
    )

    agreement = _agreement(world, company, counterpart, dt.date(2026, 4, 10), lead=lead)
    evidence = AgreementEvidence.objects.create(
        programme=world.programme,
        agreement=agreement,
        file="followup/evidence/signed.pdf",
        original_name="signed-agreement.pdf",
        content_type="application/pdf",
        size=1234,
        sha256="0" * 64,
    )
    agreement2 = _agreement(world, company2, counterpart, dt.date(2026, 5, 2))
    unconfirmed = _agreement(world, company, host, dt.date(2026, 4, 12), confirmed=False)
    _agreement(world, company, host, dt.date(2026, 7, 5))
    _agreement(other, other.company, other.counterpart, dt.date(2026, 4, 10))

    for company_, months, continues, answered in (
        (company, 12, True, at(2027, 3, 25)),
        (company2, 12, False, at(2027, 3, 26)),
        (company2, 6, True, at(2026, 9, 21)),
    ):
        CheckIn.objects.create(
            programme=world.programme,
            mission=world.mission,
            company=company_,
            months=months,
            due_on=answered.date(),
            continues=continues,
            answered_at=answered,
        )
    assert Enrolment.objects.filter(programme=world.programme).count() == 5
    return Known(
        world=world,
        operator2=operator2,
        company2=company2,
        later_company=later_company,
        agreement=agreement,
        agreement2=agreement2,
        unconfirmed=unconfirmed,
        evidence=evidence,
        lead=lead,
    )


@pytest.fixture
def known(programme_a, programme_b) -> Known:
    return build_known(programme_a, programme_b)
