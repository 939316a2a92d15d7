"""Drafts, publishing, locks and moves, and the database's refusal of double booking."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from sme2go.planning import schedules
from sme2go.planning.models import MeetingRequest, MeetingSeat, Schedule, ScheduledMeeting, Venue
from sme2go.planning.problem import build_problem
from sme2go.scheduling import Assignment, Result
from tests.planning.trip import make_trip

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, 16 + day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def trip(programme_a):
    trip = make_trip(programme_a)
    rizhao_port = type(trip.rizhao_water).objects.create(
        name="Rizhao Port", kind="counterpart", region=trip.expo.city
    )
    trip.requests["k_rp"] = MeetingRequest.objects.create(
        mission=trip.world.mission,
        requester=trip.kirkasvirta,
        counterpart=rizhao_port,
        status="accepted",
        language="zh",
    )
    trip.dock = Venue.objects.create(
        mission=trip.world.mission, city=trip.expo.city, name="Rizhao Dock", tables=1
    )
    return trip


def draft_of(trip) -> Schedule:
    """A draft with the meetings of a hand-written engine result."""
    problem = build_problem(trip.world.mission)
    order = [r.pk for r in problem.requests]
    r = trip.requests
    m = {key: order.index(r[key].pk) + 1 for key in ("k_rw", "n_rw", "k_wp", "n_zf", "k_rp")}
    result = Result(
        status="optimal",
        objective=1,
        bound=1,
        time_s=1.0,
        assignments=[
            Assignment(m["k_rw"], 14, 3, 1),
            Assignment(m["n_rw"], 15, 3, 1),
            Assignment(m["k_wp"], 1, 1, 1),
            Assignment(m["n_zf"], 9, 2, 1),
            Assignment(m["k_rp"], 16, 3, 1),
        ],
        unscheduled=[],
        # Kirkasvirta meets at 09:30 and 10:30 on 18 March: one break.
        breaks={org.pk: int(org == trip.kirkasvirta) for org in problem.organisations},
    )
    return schedules.save_draft(run=None, problem=problem, result=result, greedy=result)


def meeting(schedule, trip, key) -> ScheduledMeeting:
    return schedule.meetings.get(request=trip.requests[key])


def refused(call) -> list[str]:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.messages


def test_save_draft_writes_meetings_and_seats(trip):
    draft = draft_of(trip)
    rows = [
        (m.request_id, m.day, m.starts_at, m.ends_at, m.venue, m.table, m.locked)
        for m in draft.meetings.order_by("starts_at")
    ]
    r = trip.requests
    assert rows == [
        (r["k_wp"].pk, trip.days[0], at(0, 9), at(0, 9, 30), trip.hall, 1, False),
        (r["n_zf"].pk, trip.days[1], at(1, 10), at(1, 10, 30), trip.hotel, 1, False),
        (r["k_rw"].pk, trip.days[2], at(2, 9, 30), at(2, 10), trip.expo, 1, False),
        (r["n_rw"].pk, trip.days[2], at(2, 10), at(2, 10, 30), trip.expo, 1, False),
        (r["k_rp"].pk, trip.days[2], at(2, 10, 30), at(2, 11), trip.expo, 1, False),
    ]
    assert MeetingSeat.objects.filter(schedule=draft).count() == 10
    assert (draft.status, draft.breaks, draft.left_out, draft.greedy_left_out) == ("draft", 1, 1, 1)


def test_publish_replaces_the_published_schedule(trip):
    operator = trip.world.operator_user
    first = schedules.publish_schedule(actor=operator, schedule=draft_of(trip))
    assert (first.status, first.published_by) == ("published", operator)
    assert first.published_at is not None
    second = schedules.publish_schedule(actor=operator, schedule=draft_of(trip))
    first.refresh_from_db()
    assert (first.status, second.status) == ("superseded", "published")
    assert refused(lambda: schedules.publish_schedule(actor=operator, schedule=second)) == [
        "Only a draft can be changed (this schedule's status: Published)."
    ]


def test_only_the_programme_operators_change_schedules(trip, programme_b):
    draft = draft_of(trip)
    one = meeting(draft, trip, "k_wp")
    for user in (trip.world.company_user, trip.world.counterpart_user, programme_b.operator_user):
        with pytest.raises(PermissionDenied):
            schedules.publish_schedule(actor=user, schedule=draft)
        with pytest.raises(PermissionDenied):
            schedules.lock_meeting(actor=user, meeting=one)
        with pytest.raises(PermissionDenied):
            schedules.move_meeting(
                actor=user, meeting=one, starts_at=at(0, 9, 30), venue=trip.hall, table=1
            )
    draft.refresh_from_db()
    one.refresh_from_db()
    assert (draft.status, one.locked, one.starts_at) == ("draft", False, at(0, 9))


def test_lock_and_unlock(trip):
    operator = trip.world.operator_user
    draft = draft_of(trip)
    one = schedules.lock_meeting(actor=operator, meeting=meeting(draft, trip, "k_wp"))
    assert ScheduledMeeting.objects.get(pk=one.pk).locked is True
    schedules.unlock_meeting(actor=operator, meeting=one)
    assert ScheduledMeeting.objects.get(pk=one.pk).locked is False
    schedules.publish_schedule(actor=operator, schedule=draft)
    assert refused(lambda: schedules.lock_meeting(actor=operator, meeting=one)) == [
        "Only a draft can be changed (this schedule's status: Published)."
    ]


def test_a_move_that_keeps_every_rule(trip):
    draft = draft_of(trip)
    moved = schedules.move_meeting(
        actor=trip.world.operator_user,
        meeting=meeting(draft, trip, "n_zf"),
        starts_at=at(1, 11, 30),
        venue=trip.hotel,
        table=1,
    )
    moved.refresh_from_db()
    assert (moved.day, moved.starts_at, moved.ends_at) == (trip.days[1], at(1, 11, 30), at(1, 12))
    assert set(moved.seats.values_list("starts_at", flat=True)) == {at(1, 11, 30)}
    draft.refresh_from_db()
    assert (draft.breaks, draft.solver_status) == (1, "edited")
    assert draft.details["breaks"][str(trip.kirkasvirta.pk)] == 1
    schedules.move_meeting(
        actor=trip.world.operator_user,
        meeting=meeting(draft, trip, "k_rp"),
        starts_at=at(2, 9),
        venue=trip.expo,
        table=2,
    )
    draft.refresh_from_db()
    assert draft.breaks == 0
    assert draft.details["breaks"][str(trip.kirkasvirta.pk)] == 0


def test_moves_that_break_rules_are_refused_with_each_rule(trip):
    operator = trip.world.operator_user
    draft = draft_of(trip)
    k_rw = meeting(draft, trip, "k_rw")

    def move(one, starts_at, venue, table):
        return refused(
            lambda: schedules.move_meeting(
                actor=operator, meeting=one, starts_at=starts_at, venue=venue, table=table
            )
        )

    assert move(k_rw, at(2, 10), trip.expo, 1) == [
        "Table 1 at Rizhao Expo is taken at 10:00 (Nordic Health Oy – Rizhao Water Group).",
        "Rizhao Water Group already meets Nordic Health Oy at 10:00.",
    ]
    assert move(k_rw, at(1, 10), trip.hotel, 1) == [
        "Rizhao Water Group is not in Zhucheng on 17 March at 10:00.",
        "Table 1 at Zhucheng Hotel is taken at 10:00 (Nordic Health Oy – Zhucheng Food Co).",
    ]
    assert move(k_rw, at(2, 10, 30), trip.hall, 4) == [
        "Weifang Hall is in Weifang; on 18 March the mission is in Rizhao.",
        "Weifang Hall has tables 1 to 2.",
        "Kirkasvirta Water Oy already meets Rizhao Port at 10:30.",
        "Nordic Health Oy – Rizhao Water Group is at Rizhao Expo at 10:00: no time to change "
        "venues.",
    ]
    assert move(meeting(draft, trip, "k_rp"), at(2, 10), trip.expo, 2) == [
        "Interpreters for zh are all busy at 10:00."
    ]
    assert move(meeting(draft, trip, "k_rp"), at(2, 10), trip.dock, 1) == [
        "Interpreters for zh are all busy at 10:00.",
        "Kirkasvirta Water Oy – Rizhao Water Group is at Rizhao Expo at 09:30: no time to "
        "change venues.",
    ]
    assert move(k_rw, at(2, 9), trip.expo, 1) == [
        "Rizhao Water Group is not available (board meeting) at 09:00."
    ]
    schedules.lock_meeting(actor=operator, meeting=meeting(draft, trip, "n_rw"))
    assert move(k_rw, at(2, 10), trip.expo, 2) == [
        "Locked meeting Nordic Health Oy – Rizhao Water Group holds that slot."
    ]
    assert move(meeting(draft, trip, "k_rp"), at(2, 11), trip.expo, 1) == [
        "No meeting slot starts at that time."
    ]
    k_rw.refresh_from_db()
    assert (k_rw.starts_at, k_rw.venue, k_rw.table) == (at(2, 9, 30), trip.expo, 1)


def test_the_database_refuses_a_table_or_a_participant_booked_twice(trip):
    draft = draft_of(trip)
    k_rw = meeting(draft, trip, "k_rw")
    n_rw = meeting(draft, trip, "n_rw")
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledMeeting.objects.filter(pk=n_rw.pk).update(starts_at=k_rw.starts_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingSeat.objects.create(
            meeting=n_rw, schedule=draft, organisation=trip.kirkasvirta, starts_at=k_rw.starts_at
        )
    # Another schedule may use the same table and time.
    other = draft_of(trip)
    assert other.meetings.filter(starts_at=k_rw.starts_at, venue=trip.expo, table=1).exists()


def test_a_lock_that_contradicts_another_lock_is_refused(trip):
    """A draft written by the solver never holds such a pair; one edited outside the
    checks (here: written directly) may, and the lock says which lock it contradicts."""
    operator = trip.world.operator_user
    draft = draft_of(trip)
    k_rp = meeting(draft, trip, "k_rp")
    ScheduledMeeting.objects.filter(pk=k_rp.pk).update(
        starts_at=at(2, 10), ends_at=at(2, 10, 30), venue=trip.dock
    )
    MeetingSeat.objects.filter(meeting=k_rp).update(starts_at=at(2, 10))
    schedules.lock_meeting(actor=operator, meeting=meeting(draft, trip, "k_rw"))
    assert refused(lambda: schedules.lock_meeting(actor=operator, meeting=k_rp)) == [
        "Kirkasvirta Water Oy – Rizhao Water Group is at Rizhao Expo at 09:30: no time to "
        "change venues."
    ]
    assert ScheduledMeeting.objects.get(pk=k_rp.pk).locked is False
