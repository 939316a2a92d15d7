"""The conversion of a mission's records into the engine's problem, and back."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from sme2go.missions.models import TravelLeg
from sme2go.planning.models import Schedule, ScheduledMeeting
from sme2go.planning.problem import build_problem, placements
from sme2go.regions.models import Region
from sme2go.scheduling import Assignment, Result, check
from tests.planning.trip import make_trip

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def trip(programme_a):
    return make_trip(programme_a)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, 16 + day, hour, minute, tzinfo=SHANGHAI)


def test_days_become_equal_blocks_of_slots_with_padding(trip):
    problem = build_problem(trip.world.mission)
    grid = problem.grid
    assert grid.slots_per_day == 6
    assert problem.instance.slots == 18
    assert problem.instance.slots_per_day == 6
    assert grid.padding == {17, 18}
    assert [(t, s.starts_at, s.ends_at) for t, s in sorted(grid.slots.items())][:2] == [
        (1, at(0, 9), at(0, 9, 30)),
        (2, at(0, 9, 30), at(0, 10)),
    ]
    assert grid.slots[7].starts_at == at(1, 9)
    assert grid.slots[16].starts_at == at(2, 10, 30)
    assert [s.day for s in grid.slots.values()].count(trip.days[2]) == 4


def test_participants_and_their_forbidden_slots(trip):
    problem = build_problem(trip.world.mission)
    names = [org.name for org in problem.organisations]
    assert names == [
        "Kirkasvirta Water Oy",
        "Nordic Health Oy",
        "Rizhao Water Group",
        "Weifang Port Group",
        "Zhucheng Food Co",
    ]
    forbidden = {
        org.name: set(part.forbidden)
        for org, part in zip(problem.organisations, problem.instance.participants, strict=True)
    }
    # Companies: the port visit (10:00–11:00 on day 1), the coach (09:00–10:00 on day 2).
    assert forbidden["Kirkasvirta Water Oy"] == {3, 4, 7, 8, 17, 18}
    assert forbidden["Nordic Health Oy"] == {3, 4, 7, 8, 17, 18}
    # Counterparts only in their city; Rizhao Water has a board meeting at 09:00.
    assert forbidden["Rizhao Water Group"] == set(range(1, 14)) | {17, 18}
    # Binhai lies inside Weifang: the port meets there on day 1, except during its visit.
    assert forbidden["Weifang Port Group"] == {3, 4} | set(range(7, 19))
    assert forbidden["Zhucheng Food Co"] == set(range(1, 7)) | set(range(13, 19))
    assert [p.id for p in problem.instance.participants] == [o.pk for o in problem.organisations]


def test_meetings_weights_venues_and_interpreters(trip):
    problem = build_problem(trip.world.mission)
    inst = problem.instance
    r = trip.requests
    assert [req.pk for req in problem.requests] == [
        r["k_rw"].pk,
        r["n_rw"].pk,
        r["k_wp"].pk,
        r["n_zf"].pk,
    ]
    # Must-meet weighs one more than all the others together (3 + 2 + 1).
    assert [(m.participants, m.priority, m.language) for m in inst.meetings] == [
        ((1, 3), 7, None),
        ((2, 3), 3, "zh"),
        ((1, 4), 2, None),
        ((2, 5), 1, None),
    ]
    assert not inst.require_all
    assert [(v.id, v.tables, sorted(v.open_slots)) for v in inst.venues] == [
        (trip.hall.pk, 2, [1, 2, 3, 4, 5, 6]),
        (trip.hotel.pk, 1, [7, 8, 9, 10, 11, 12]),
        (trip.expo.pk, 3, [13, 14, 15, 16]),
    ]
    assert inst.travel == ((0, 1, 1), (1, 0, 1), (1, 1, 0))
    assert dict(inst.interpreters) == {"zh": 1}
    assert {pk: str(note) for pk, note in problem.kept_out.items()} == {
        r["k_zf"].pk: "not accepted (declined)",
        r["n_qb"].pk: "Nordic Health Oy and Qingdao Brewery are never in the same city on the "
        "same day",
    }
    assert problem.warnings == []


def test_too_many_must_meet_meetings_are_explained_before_solving(trip):
    for key in ("n_rw", "k_wp"):
        trip.requests[key].must_meet = True
        trip.requests[key].save()
    trip.expo.tables = 1
    trip.expo.save()
    # Rizhao Water has three free slots (14–16) and now two must-meet meetings: fine.
    assert build_problem(trip.world.mission).warnings == []
    for org in ("kirkasvirta", "nordic"):
        company = getattr(trip, org)
        for n in range(3):
            other = type(company).objects.create(
                name=f"Rizhao Partner {org} {n}", kind="counterpart", region=trip.expo.city
            )
            trip.world.mission.requests.create(
                requester=company, counterpart=other, status="accepted", must_meet=True
            )
    warnings = build_problem(trip.world.mission).warnings
    assert warnings == []  # companies have 12 free slots each
    busy = trip.rizhao_water
    for n in range(3):
        company = type(busy).objects.create(name=f"Extra Oy {n}", kind="company")
        trip.world.mission.requests.create(
            requester=company, counterpart=busy, status="accepted", must_meet=True
        )
    assert [str(note) for note in build_problem(trip.world.mission).warnings] == [
        "Rizhao Water Group cannot fit its must-meet meetings: must-meet meetings: 5; free slots: 3."
    ]


def test_engine_result_maps_back_to_records(trip):
    problem = build_problem(trip.world.mission)
    result = Result(
        status="feasible",
        objective=0,
        bound=0,
        time_s=0.1,
        assignments=[
            Assignment(meeting=1, slot=14, venue=3, table=2),
            Assignment(meeting=3, slot=1, venue=1, table=1),
        ],
        unscheduled=[2, 4],
        breaks={},
    )
    placed = placements(problem, result)
    assert [
        (p.request.pk, p.slot.starts_at, p.slot.day, p.venue, p.table, p.locked) for p in placed
    ] == [
        (trip.requests["k_wp"].pk, at(0, 9), trip.days[0], trip.hall, 1, False),
        (trip.requests["k_rw"].pk, at(2, 9, 30), trip.days[2], trip.expo, 2, False),
    ]


def test_locked_meetings_become_fixed_slots_and_keep_their_table(trip):
    mission = trip.world.mission
    draft = Schedule.objects.create(mission=mission)
    ScheduledMeeting.objects.create(
        schedule=draft,
        request=trip.requests["k_rw"],
        day=trip.days[2],
        starts_at=at(2, 10),
        ends_at=at(2, 10, 30),
        venue=trip.expo,
        table=3,
        locked=True,
    )
    problem = build_problem(mission)
    first = problem.instance.meetings[0]
    assert (first.fixed_slot, first.venues) == (15, (3,))
    # The engine gives table 1; the lock's own table 3 is given back.
    result = Result(
        status="optimal",
        objective=0,
        bound=0,
        time_s=0.1,
        assignments=[Assignment(1, 15, 3, 1), Assignment(2, 15, 3, 3)],
        unscheduled=[3, 4],
        breaks={},
    )
    assert [(p.request.pk, p.table, p.locked) for p in placements(problem, result)] == [
        (trip.requests["n_rw"].pk, 1, False),
        (trip.requests["k_rw"].pk, 3, True),
    ]


def test_the_engine_solves_the_trip_and_the_checker_accepts_it(trip):
    from sme2go.scheduling import SolveOptions, solve

    problem = build_problem(trip.world.mission)
    # Three breaks a day over three days.
    assert problem.fairness == 9
    result = solve(problem.instance, SolveOptions(fairness=9, time_limit=5, workers=1))
    assert sorted(a.meeting for a in result.assignments) == [1, 2, 3, 4]
    report = check(problem.instance, result.to_json(problem.instance), fairness=9)
    assert report.valid, report


def test_slot_times_are_in_the_trip_zone(trip):
    from sme2go.planning.models import SlotSettings

    SlotSettings.objects.filter(mission=trip.world.mission).update(time_zone="")
    # The agendas' rule: the first day's city lies in China.
    grid = build_problem(trip.world.mission).grid
    assert (grid.zone.key, grid.slots[1].starts_at) == ("Asia/Shanghai", at(0, 9))
    SlotSettings.objects.filter(mission=trip.world.mission).update(time_zone="Europe/Helsinki")
    grid = build_problem(trip.world.mission).grid
    helsinki = zoneinfo.ZoneInfo("Europe/Helsinki")
    assert grid.slots[1].starts_at == dt.datetime(2026, 3, 16, 9, tzinfo=helsinki)


def test_meetings_the_solver_left_out_are_filled_in_around_its_schedule(trip):
    from sme2go.planning.problem import fill_in

    problem = build_problem(trip.world.mission)
    weak = Result(
        status="optimal",
        objective=0,
        bound=0,
        time_s=1.0,
        assignments=[Assignment(meeting=1, slot=15, venue=3, table=1)],
        unscheduled=[2, 3, 4],
        breaks={},
    )
    filled, added = fill_in(problem.instance, weak)
    assert added == 3
    assert (filled.status, filled.method, filled.unscheduled) == ("feasible", "cpsat+fill", [])
    # The solver's meeting stays; the others take their earliest free slot.
    assert sorted((a.meeting, a.slot, a.venue) for a in filled.assignments) == [
        (1, 15, 3),
        (2, 14, 3),
        (3, 1, 1),
        (4, 9, 2),
    ]
    assert check(problem.instance, filled.to_json(problem.instance), fairness=9).valid
    assert fill_in(problem.instance, filled) == (filled, 0)


def test_a_visit_of_some_companies_blocks_only_them(trip):
    from sme2go.missions.models import Visit

    visit = Visit.objects.create(
        day=trip.days[1],
        organisation=trip.zhucheng_food,
        title="Factory tour",
        start_time=dt.time(11),
        end_time=dt.time(12),
    )
    visit.companies.set([trip.nordic])
    problem = build_problem(trip.world.mission)
    forbidden = {
        org.name: set(part.forbidden)
        for org, part in zip(problem.organisations, problem.instance.participants, strict=True)
    }
    assert forbidden["Nordic Health Oy"] == {3, 4, 7, 8, 11, 12, 17, 18}
    assert forbidden["Kirkasvirta Water Oy"] == {3, 4, 7, 8, 17, 18}
    assert forbidden["Zhucheng Food Co"] == set(range(1, 7)) | {11, 12} | set(range(13, 19))


def test_travel_keeps_the_delegation_away_until_arrival_and_after_departure(trip):
    days = trip.days
    weifang, rizhao = days[0].city, days[2].city
    qingdao = Region.objects.get(name="Qingdao")
    # Arrival: the flight lands in Qingdao, the coach reaches Weifang at 10:30.
    TravelLeg.objects.create(
        day=days[0],
        origin=qingdao,
        destination=weifang,
        mode=TravelLeg.Mode.COACH,
        departure=dt.time(9),
        duration_minutes=90,
    )
    # Departure: the coach leaves Rizhao for Qingdao at 10:00.
    TravelLeg.objects.create(
        day=days[2],
        origin=rizhao,
        destination=qingdao,
        mode=TravelLeg.Mode.COACH,
        departure=dt.time(10),
        duration_minutes=120,
    )
    problem = build_problem(trip.world.mission)
    kirkasvirta = next(
        part
        for org, part in zip(problem.organisations, problem.instance.participants, strict=True)
        if org.name == "Kirkasvirta Water Oy"
    )
    grid = problem.grid
    # Day 1 09:00-10:30 (slots 1-3), then the port visit (10:00-11:00: slot 4); day 2's
    # coach (slots 7, 8); day 3 from 10:00 on (slots 15, 16 and the padding 17, 18).
    assert set(kirkasvirta.forbidden) == {1, 2, 3, 4, 7, 8, 15, 16, 17, 18}
    assert grid.slots[15].starts_at == at(2, 10)
