"""Every dated record of the demo is where the story puts it: each after what it follows
(a request before its answer, the schedule before the trip, feedback after its meeting,
the dossier after the consents it rests on), none later than the demo's day, and none
stamped with the moment the demo was loaded (which may be before the trip or after it)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from sme2go.demo import data
from sme2go.demo.loader import load_demo
from sme2go.dossiers.models import Dossier, DossierShare, DossierVersion, SharingConsent
from sme2go.followup.models import (
    Agreement,
    AgreementEvidence,
    Lead,
    LeadStageChange,
    MeetingFeedback,
    MeetingOutcome,
    NextStep,
)
from sme2go.matches.models import MatchProposal
from sme2go.missions.models import Mission
from sme2go.needs.models import Need
from sme2go.planning.models import MeetingRequest, Schedule
from sme2go.programmes.models import Programme
from sme2go.readiness.models import Answer, Assessment

pytestmark = pytest.mark.django_db

# The end of the demo's day at the advisers' office (the later of the demo's two zones).
DEMO_DAY_ENDS = data.at_office(data.DEMO_DAY + dt.timedelta(days=1), dt.time(0, 0))

STORY_DATES = {
    Programme: ["created_at"],
    Mission: ["created_at"],
    Need: ["created_at", "updated_at"],
    MeetingRequest: ["created_at", "answered_at"],
    Schedule: ["created_at", "published_at"],
    MeetingOutcome: ["recorded_at"],
    MeetingFeedback: ["created_at", "updated_at"],
    Lead: ["created_at", "stage_changed_at"],
    LeadStageChange: ["changed_at"],
    NextStep: ["created_at"],
    Agreement: ["created_at", "confirmed_at"],
    AgreementEvidence: ["uploaded_at"],
    SharingConsent: ["given_at"],
    Dossier: ["created_at"],
    DossierVersion: ["created_at"],
    DossierShare: ["sent_at"],
    Assessment: ["started_at", "submitted_at", "reviewed_at"],
    Answer: ["updated_at"],
}


@pytest.fixture
def loaded():
    """The demo, with the moments its loading started and ended."""
    started = timezone.now()
    load_demo()
    return started, timezone.now()


def test_no_story_record_carries_the_moment_of_loading(loaded):
    started, ended = loaded
    stamped = {
        f"{model.__name__}.{field}": count
        for model, fields in STORY_DATES.items()
        for field in fields
        if (count := model.objects.filter(**{f"{field}__range": (started, ended)}).count())
    }
    assert stamped == {}
    latest = {
        f"{model.__name__}.{field}": value
        for model, fields in STORY_DATES.items()
        for field in fields
        if (value := max(model.objects.exclude(**{field: None}).values_list(field, flat=True)))
        >= DEMO_DAY_ENDS
    }
    assert latest == {}


def test_planning_comes_before_the_trip(loaded):
    schedule = Schedule.objects.get()
    first_meeting = schedule.meetings.order_by("starts_at").first().starts_at
    for request in MeetingRequest.objects.all():
        assert request.created_at < request.answered_at < schedule.published_at, request
    assert schedule.created_at < schedule.published_at < first_meeting
    mission = Mission.objects.get()
    first_assessment = Assessment.objects.order_by("started_at").first()
    assert mission.created_at < first_assessment.started_at
    for assessment in Assessment.objects.all():
        assert assessment.started_at < assessment.submitted_at
        assert assessment.reviewed_at is None or assessment.submitted_at < assessment.reviewed_at
        assert not assessment.answers.filter(updated_at__gt=assessment.submitted_at).exists()


def test_needs_are_heard_and_matched_before_anything_follows_from_them(loaded):
    for need in Need.objects.all():
        assert need.created_at.astimezone(ZoneInfo(data.TRIP_TIME_ZONE)).date() == need.heard_on
        assert need.created_at <= need.updated_at
    for proposal in MatchProposal.objects.exclude(decided_at=None).select_related("need"):
        assert proposal.decided_at > proposal.need.created_at, proposal


def test_follow_up_comes_after_its_meetings(loaded):
    for outcome in MeetingOutcome.objects.select_related("meeting"):
        assert outcome.recorded_at > outcome.meeting.ends_at
    for feedback in MeetingFeedback.objects.select_related("meeting"):
        assert feedback.created_at > feedback.meeting.ends_at
    for lead in Lead.objects.select_related("source_meeting"):
        steps = list(lead.stage_changes.order_by("pk").values_list("changed_at", flat=True))
        assert steps == sorted(steps) and steps[0] == lead.created_at, lead
        assert steps[-1] == lead.stage_changed_at
        assert lead.created_at > lead.source_meeting.ends_at
        for step in lead.next_steps.all():
            assert step.created_at > lead.stage_changed_at
    agreement = Agreement.objects.select_related("lead__source_meeting").get()
    signed = agreement.lead.stage_changes.get(event=LeadStageChange.Event.AGREEMENT_SIGNED)
    assert agreement.lead.source_meeting.ends_at < agreement.created_at == signed.changed_at
    assert agreement.created_at.astimezone(ZoneInfo(data.TRIP_TIME_ZONE)).date() == (
        agreement.signed_on
    )
    evidence = agreement.evidence.get()
    assert agreement.created_at <= evidence.uploaded_at < agreement.confirmed_at


def test_dossiers_follow_the_consents_they_rest_on(loaded):
    share = DossierShare.objects.select_related("version__dossier").get()
    assert share.version.dossier.created_at <= share.version.created_at <= share.sent_at
    for company in share.version.companies.all():
        consent = SharingConsent.objects.get(company=company, host=share.version.dossier.host)
        assert consent.given_at < share.sent_at, company
    assert share.sent_at > MeetingRequest.objects.latest("answered_at").answered_at
    assert share.sent_at.astimezone(ZoneInfo(data.OFFICE_TIME_ZONE)).date() == data.DEMO_DAY


def test_loading_again_keeps_the_story_dates(loaded):
    def dates() -> dict:
        return {
            (model.__name__, field): sorted(
                model.objects.exclude(**{field: None}).values_list(field, flat=True)
            )
            for model, fields in STORY_DATES.items()
            for field in fields
        }

    before = dates()
    load_demo()
    after = dates()
    # The assessments are replaced on every load, with the same dates.
    assert after == before
