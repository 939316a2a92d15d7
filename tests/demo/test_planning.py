"""The demo's meeting planning: slots, venues, interpreters, the accepted requests made
before the trip, a published optimal schedule with meetings for every demo login;
loading again duplicates nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from sme2go.core.tenancy import scoped
from sme2go.demo import data
from sme2go.demo.loader import load_demo
from sme2go.planning.models import (
    DaySlotSettings,
    Interpreter,
    MeetingRequest,
    Schedule,
    ScheduledMeeting,
    SlotSettings,
    Unavailability,
    Venue,
)

pytestmark = pytest.mark.django_db
T = dt.time


def planning_rows() -> dict[str, list]:
    return {
        "requests": list(MeetingRequest.objects.order_by("pk").values_list("pk", "status")),
        "venues": list(Venue.objects.order_by("pk").values_list("pk", "tables")),
        "schedules": list(Schedule.objects.order_by("pk").values_list("pk", "status")),
        "meetings": list(ScheduledMeeting.objects.order_by("pk").values_list("pk", "starts_at")),
        "days": list(DaySlotSettings.objects.order_by("pk").values_list("pk", "day_start")),
        "unavailable": list(Unavailability.objects.values_list("pk", flat=True)),
    }


def test_the_demo_mission_is_planned_and_published_once():
    summary = load_demo()
    settings = SlotSettings.objects.get(mission__title=data.MISSION_TITLE)
    assert (
        settings.slot_minutes,
        settings.day_start,
        settings.day_end,
        settings.break_start,
        settings.break_end,
        settings.time_zone,
    ) == (30, T(9, 0), T(17, 0), T(12, 0), T(13, 30), "Asia/Shanghai")
    assert sorted(Venue.objects.values_list("city__name", "tables")) == [
        ("Rizhao", 3),
        ("Weifang", 4),
        ("Zhucheng", 3),
    ]
    assert list(Interpreter.objects.values_list("language", "capacity")) == [("zh", 2)]

    requests = MeetingRequest.objects.select_related("proposal", "requester", "counterpart")
    assert requests.count() == 13
    assert set(requests.values_list("status", flat=True)) == {"accepted"}
    # Requested in February, before the needs were heard on the trip: none names one.
    assert not [r for r in requests if r.proposal_id or r.need_id]
    assert [(r.requester.name, r.counterpart.name) for r in requests if r.must_meet] == [
        ("Kirkasvirta Water Oy", "Rizhao Municipal People's Government")
    ]

    schedule = Schedule.objects.get()
    assert (schedule.status, schedule.solver_status, schedule.left_out) == (
        "published",
        "optimal",
        0,
    )
    assert schedule.breaks < schedule.greedy_breaks
    assert schedule.meetings.count() == 13
    assert summary.created["published schedule"] == 1

    users = {u.username: u for u in get_user_model().objects.all()}
    for username in ("posintra", "vasteras", "aqua", "rizhao"):
        assert scoped(ScheduledMeeting, users[username]).exists(), username
    assert scoped(ScheduledMeeting, users["aqua"]).count() == 3
    assert scoped(ScheduledMeeting, users["rizhao"]).count() == 2
    assert not scoped(ScheduledMeeting, users["nordichealth"]).exists()

    before = planning_rows()
    again = load_demo()
    assert planning_rows() == before
    assert again.created["published schedule"] == again.created["meeting request"] == 0
