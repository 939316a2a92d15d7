"""Every list endpoint costs a fixed number of queries per page, however many rows it has
and however many related rows each carries (no N+1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sme2go.companies.models import Certification, Product
from sme2go.matches.models import MatchProposal
from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
from sme2go.needs.models import Need
from sme2go.organisations.models import ContactPerson
from tests.api.test_tenancy import PARAM, operations
from tests.factories import enrol, make_company, make_organisation, make_programme

pytestmark = pytest.mark.django_db

# The most any list page may cost: authentication and access (3), count, page, and one
# query per prefetched relation of the deepest resource (missions).
MAX_QUERIES = 14


def add_rows(world, n: int) -> None:
    """``n`` more of every kind of row, each with related rows of its own."""
    for i in range(n):
        programme = make_programme(f"Extra programme {i}", [world.operator])
        profile = make_company(f"Extra company {i}", world.programme, world.operator)
        enrol(programme, profile.organisation, world.operator)
        Product.objects.create(profile=profile, name=f"Product {i}")
        Certification.objects.create(profile=profile, name=f"Cert {i}")
        host = make_organisation(f"Extra host {i}", "host", region=world.city)
        enrol(world.programme, host)
        ContactPerson.objects.create(organisation=host, name=f"Contact {i}")
        need = Need.objects.create(
            programme=world.programme, host=host, title=f"Need {i}", heard_on=dt.date(2026, 3, 1)
        )
        need.domains.set(["water", "energy"])
        MatchProposal.objects.create(
            need=need, company=profile.organisation, rank=1, score=0.5, status="approved"
        )
        mission = Mission.objects.create(
            programme=world.programme,
            title=f"Extra mission {i}",
            start_date=dt.date(2026, 5, 4),
            end_date=dt.date(2026, 5, 6),
        )
        mission.companies.add(world.company, profile.organisation)
        mission.destinations.add(world.city)
        for offset in range(2):
            day = ItineraryDay.objects.create(
                mission=mission, date=dt.date(2026, 5, 4 + offset), city=world.city
            )
            TravelLeg.objects.create(
                day=day,
                origin=world.leg.origin,
                destination=world.city,
                mode="train",
                duration_minutes=60,
            )
            for org in (world.host, host):
                Visit.objects.create(
                    day=day,
                    organisation=org,
                    title=f"Visit {i}/{offset}",
                    start_time=dt.time(9),
                    end_time=dt.time(10),
                )
        add_planning_rows(world, mission, host, need, day)
        add_follow_up_rows(world, mission, host, profile.organisation)


def add_planning_rows(world, mission, host, need, day) -> None:
    """The world's company's accepted request to ``host`` on ``mission``, a finished run
    and its published schedule with the meeting and both seats."""
    from sme2go.planning.models import (
        MeetingRequest,
        MeetingSeat,
        Schedule,
        ScheduledMeeting,
        SolverRun,
        Venue,
    )

    meeting_request = MeetingRequest.objects.create(
        mission=mission, requester=world.company, counterpart=host, need=need, status="accepted"
    )
    run = SolverRun.objects.create(mission=mission, status=SolverRun.Status.DONE)
    schedule = Schedule.objects.create(mission=mission, run=run, status="published")
    starts_at = dt.datetime.combine(day.date, dt.time(1), tzinfo=dt.UTC)
    meeting = ScheduledMeeting.objects.create(
        schedule=schedule,
        request=meeting_request,
        day=day,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
        venue=Venue.objects.create(mission=mission, city=world.city, name="Hall", tables=1),
        table=1,
    )
    MeetingSeat.objects.bulk_create(
        MeetingSeat(meeting=meeting, schedule=schedule, organisation=org, starts_at=starts_at)
        for org in (world.company, host)
    )


def add_follow_up_rows(world, mission, host, company) -> None:
    """Two scored assessments (the world's company's on ``mission``, and ``company``'s),
    a lead of the world's company with ``host`` with its history and next steps (one the
    company's user owns), and an agreement with two evidence files."""
    from sme2go.followup.models import (
        Agreement,
        AgreementEvidence,
        Lead,
        LeadStageChange,
        NextStep,
    )
    from sme2go.readiness.models import Assessment, ScoreSnapshot

    for assessed, on in ((world.company, mission), (company, None)):
        assessment = Assessment.objects.create(
            programme=world.programme, company=assessed, mission=on, wave="intake"
        )
        for kind in ("submitted", "reviewed"):
            ScoreSnapshot.objects.create(assessment=assessment, kind=kind, overall=50.0)
    lead = Lead.objects.create(
        programme=world.programme,
        mission=mission,
        company=world.company,
        counterpart=host,
        title=f"Lead with {host.name}",
        owner=world.operator_user,
    )
    for stage in ("first_contact", "negotiation"):
        LeadStageChange.objects.create(programme=world.programme, lead=lead, to_stage=stage)
    for owner in (world.operator_user, world.company_user):
        NextStep.objects.create(
            programme=world.programme,
            lead=lead,
            text="Call",
            due_on=dt.date(2026, 4, 1),
            owner=owner,
        )
    agreement = Agreement.objects.create(
        programme=world.programme,
        lead=lead,
        kind="services",
        company=world.company,
        partner=host,
        signed_on=dt.date(2026, 3, 20),
        description="Services",
    )
    for n in range(2):
        AgreementEvidence.objects.create(
            programme=world.programme,
            agreement=agreement,
            file=f"followup/evidence/{n}.pdf",
            original_name=f"{n}.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
        )


def publish_world_schedule(world) -> None:
    """The world's meeting with its request, and its schedule published, so that every
    role's planning lists have a row before rows are added."""
    from sme2go.planning.models import Schedule

    Schedule.objects.filter(pk=world.scheduledmeeting.schedule_id).update(status="published")


LISTS = [path for method, path, _ in operations() if method == "GET" and not PARAM.search(path)]


def test_every_list_endpoint_is_measured():
    assert LISTS == [
        "/api/v1/programmes",
        "/api/v1/organisations",
        "/api/v1/needs",
        "/api/v1/matches",
        "/api/v1/missions",
        "/api/v1/meeting-requests",
        "/api/v1/schedules",
        "/api/v1/solver-runs",
        "/api/v1/assessments",
        "/api/v1/leads",
        "/api/v1/agreements",
    ]


@pytest.mark.parametrize("role", ["operator", "company", "host"])
@pytest.mark.parametrize("path", LISTS)
def test_query_count_does_not_grow_with_rows(
    programme_a, api_for, django_assert_max_num_queries, path, role
):
    programme_a.proposal  # noqa: B018 - created on first use
    publish_world_schedule(programme_a)
    programme_a.assessment  # noqa: B018 - created on first use
    programme_a.agreementevidence  # noqa: B018 - with its agreement and lead
    api = api_for(getattr(programme_a, f"{role}_user"))
    api.get(path)
    with CaptureQueriesContext(connection) as few:
        first = api.get(path).json()
    assert len(few) <= MAX_QUERIES
    add_rows(programme_a, 8)
    with django_assert_max_num_queries(len(few)):
        many = api.get(path).json()
    if role == "operator":
        assert many["count"] > first["count"] >= 1
