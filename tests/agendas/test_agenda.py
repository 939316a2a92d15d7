"""build_agenda and build_grid: the exact entries, in the day's local time."""

from __future__ import annotations

import datetime as dt

import pytest

from sme2go.agendas.agenda import MEETING, TRAVEL, VISIT, build_agenda, build_grid
from sme2go.missions.models import Visit
from tests.agendas.conftest import SHANGHAI, local

pytestmark = pytest.mark.django_db


def summary(agenda):
    return [
        (
            agenda_day.day.date.isoformat(),
            entry.kind,
            entry.starts_at.strftime("%H:%M") if entry.starts_at else None,
            entry.ends_at.strftime("%H:%M") if entry.ends_at else None,
            entry.title,
            entry.location,
        )
        for agenda_day in agenda.days
        for entry in agenda_day.entries
    ]


def test_company_agenda_has_its_meetings_every_visit_and_all_travel(trip):
    world = trip.world
    agenda = build_agenda(world.mission, world.company, trip.published)
    assert summary(agenda) == [
        ("2026-03-16", TRAVEL, None, None, "Train: Qingdao (青岛) → Weifang (潍坊)", ""),
        ("2026-03-16", VISIT, "10:00", "11:30", "Visit: Visit a", ""),
        (
            "2026-03-16",
            MEETING,
            "14:00",
            "14:30",
            "Meeting: Company a — Counterpart a",
            "Fuhua Hotel, table 3",
        ),
        ("2026-03-17", TRAVEL, "07:00", "09:00", "Coach: Weifang (潍坊) → Rizhao (日照)", ""),
        (
            "2026-03-17",
            MEETING,
            "09:30",
            "10:00",
            "Meeting: Company a — Rizhao Port a",
            "Port Hall, table 1",
        ),
    ]
    meeting = agenda.days[0].entries[2]
    assert meeting.attendees == ("Company a", "Counterpart a")
    assert meeting.interpreter == "zh — Li Wei"
    assert meeting.purpose == "Village waste-water plants"
    assert meeting.uid == f"meeting-{trip.meetings['a_cp'].request_id}@sme2go"
    assert meeting.starts_at == local(trip.day1.date, 14)
    assert meeting.starts_at.tzinfo == SHANGHAI
    assert agenda.days[1].entries[1].attendees == ("Company a", "Rizhao Port a (日照港集团)")
    assert [d.zone.key for d in agenda.days] == ["Asia/Shanghai", "Asia/Shanghai"]
    assert agenda.meeting_count == 2


def test_host_agenda_has_only_its_meetings_visits_and_that_days_travel(trip):
    world = trip.world
    agenda = build_agenda(world.mission, world.host, trip.published)
    assert summary(agenda) == [
        ("2026-03-16", TRAVEL, None, None, "Train: Qingdao (青岛) → Weifang (潍坊)", ""),
        ("2026-03-16", VISIT, "10:00", "11:30", "Visit: Visit a", ""),
        (
            "2026-03-16",
            MEETING,
            "14:00",
            "14:30",
            "Meeting: Kirkasvirta a — Host a",
            "Fuhua Hotel, table 4",
        ),
    ]
    assert agenda.days[1].entries == []


def test_a_draft_schedule_gives_the_draft_meetings(trip):
    world = trip.world
    agenda = build_agenda(world.mission, world.host, trip.draft)
    assert [(e.kind, e.title) for e in agenda.entries] == [
        (TRAVEL, "Train: Qingdao (青岛) → Weifang (潍坊)"),
        (VISIT, "Visit: Visit a"),
        (TRAVEL, "Coach: Weifang (潍坊) → Rizhao (日照)"),
        (MEETING, "Meeting: Company a — Host a"),
    ]


def test_without_a_schedule_the_agenda_has_visits_and_travel(trip):
    agenda = build_agenda(trip.world.mission, trip.world.company, None)
    assert [e.kind for e in agenda.entries] == [TRAVEL, VISIT, TRAVEL]


def test_grid_rows_are_participants_and_columns_start_times(trip):
    grid = build_grid(trip.day1, trip.published)
    assert grid.slots == [dt.time(14, 0), dt.time(14, 30)]
    assert [(org.name, cells) for org, cells in grid.rows] == [
        ("Company a", [("Counterpart a", "Fuhua Hotel, table 3"), None]),
        (
            "Kirkasvirta a",
            [("Host a", "Fuhua Hotel, table 4"), ("Counterpart a", "Fuhua Hotel, table 3")],
        ),
        (
            "Counterpart a",
            [("Company a", "Fuhua Hotel, table 3"), ("Kirkasvirta a", "Fuhua Hotel, table 3")],
        ),
        ("Host a", [("Kirkasvirta a", "Fuhua Hotel, table 4"), None]),
    ]
    # Idle companies keep their row; others appear on the days they meet.
    grid = build_grid(trip.day2, trip.published)
    assert grid.slots == [dt.time(9, 30)]
    assert [(org.name, cells) for org, cells in grid.rows] == [
        ("Company a", [("Rizhao Port a", "Port Hall, table 1")]),
        ("Kirkasvirta a", [None]),
        ("Rizhao Port a", [("Company a", "Port Hall, table 1")]),
    ]


def test_a_visit_for_some_companies_is_only_on_their_agendas(trip):
    world = trip.world
    factory = Visit.objects.create(
        day=trip.day2,
        organisation=trip.port,
        title="Port tour",
        start_time=dt.time(11, 0),
        end_time=dt.time(12, 0),
    )
    factory.companies.add(trip.company2)
    company_a = build_agenda(world.mission, world.company, trip.published)
    assert "Visit: Port tour" not in [entry.title for entry in company_a.entries]
    kirkas = build_agenda(world.mission, trip.company2, trip.published)
    tour = next(entry for entry in kirkas.entries if entry.title == "Visit: Port tour")
    assert tour.attendees == ("Rizhao Port a (日照港集团)", "Kirkasvirta a")
    assert tour.starts_at == local(trip.day2.date, 11)
    # The whole delegation's visit is on both, once.
    assert [e.title for e in kirkas.entries].count("Visit: Visit a") == 1
    port = build_agenda(world.mission, trip.port, trip.published)
    assert [(e.kind, e.title) for e in port.entries] == [
        (TRAVEL, "Coach: Weifang (潍坊) → Rizhao (日照)"),
        (MEETING, "Meeting: Company a — Rizhao Port a"),
        (VISIT, "Visit: Port tour"),
    ]
