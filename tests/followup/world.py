"""A programme world with a published meeting, for the follow-up tests."""

from __future__ import annotations

import datetime as dt

from sme2go.planning.models import MeetingSeat, Schedule, ScheduledMeeting


def publish(world) -> ScheduledMeeting:
    """Publish ``world``'s schedule and return its meeting (company with counterpart on
    16 March 2026, 09:00-09:30 UTC)."""
    meeting = world.scheduledmeeting
    Schedule.objects.filter(pk=world.schedule.pk).update(status=Schedule.Status.PUBLISHED)
    meeting.schedule.refresh_from_db()
    return meeting


def add_meeting(world, counterpart, hour: int) -> ScheduledMeeting:
    """Another meeting of ``world``'s company in the same schedule, at ``hour`` UTC."""
    from sme2go.planning.models import MeetingRequest

    request = MeetingRequest.objects.create(
        mission=world.mission, requester=world.company, counterpart=counterpart, status="accepted"
    )
    starts_at = dt.datetime.combine(world.day.date, dt.time(hour, 0), tzinfo=dt.UTC)
    meeting = ScheduledMeeting.objects.create(
        schedule=world.schedule,
        request=request,
        day=world.day,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
        venue=world.venue,
        table=1,
    )
    for organisation in (world.company, counterpart):
        MeetingSeat.objects.create(
            meeting=meeting, schedule=world.schedule, organisation=organisation, starts_at=starts_at
        )
    return meeting
