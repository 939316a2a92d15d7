"""The rule of meetings held, and the constraints the database keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from sme2go.followup.models import FollowUpMeeting, Lead, MeetingOutcome
from sme2go.planning.models import Schedule
from tests.followup.world import add_meeting, publish


def test_a_past_meeting_counts_as_held_unless_recorded_otherwise(programme_a):
    world = programme_a
    first = publish(world)
    second = add_meeting(world, world.host, 10)
    held = FollowUpMeeting.objects.held
    assert set(held().values_list("pk", flat=True)) == {first.pk, second.pk}
    MeetingOutcome.objects.create(
        programme=world.programme, mission=world.mission, meeting=second, held=False
    )
    assert list(held().values_list("pk", flat=True)) == [first.pk]
    assert list(FollowUpMeeting.objects.not_held().values_list("pk", flat=True)) == [second.pk]
    # Before the first meeting ended, nothing was held.
    before = dt.datetime.combine(world.day.date, dt.time(9, 15), tzinfo=dt.UTC)
    assert list(held(before)) == []


def test_a_draft_meeting_is_never_held(programme_a):
    meeting = programme_a.scheduledmeeting
    assert meeting.schedule.status == Schedule.Status.DRAFT
    assert not FollowUpMeeting.objects.held().exists()


def test_a_lost_lead_needs_a_reason(programme_a):
    world = programme_a
    with pytest.raises(IntegrityError), transaction.atomic():
        Lead.objects.create(
            programme=world.programme,
            company=world.company,
            counterpart=world.counterpart,
            title="Pumps",
            stage=Lead.Stage.LOST,
        )
