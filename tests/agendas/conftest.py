"""A small published schedule across two cities, built with the models directly.

Programme A's mission gets a second day in Rizhao and a second company; four B2B
meetings are published (three in Weifang on 16 March 2026, one in Rizhao on the 17th),
and one more sits in a draft. Times are given in the trip's zone, Asia/Shanghai (UTC+8).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

import pytest

from sme2go.missions.models import ItineraryDay, TravelLeg
from sme2go.organisations.models import Organisation
from sme2go.planning.models import (
    Interpreter,
    MeetingRequest,
    MeetingSeat,
    Schedule,
    ScheduledMeeting,
    Venue,
)
from tests.factories import enrol, make_china_city, make_company, make_organisation, make_user

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def add_meeting(
    schedule: Schedule,
    request: MeetingRequest,
    day: ItineraryDay,
    starts_at: dt.datetime,
    venue: Venue,
    table: int,
    *,
    minutes: int = 30,
    interpreter: str = "",
) -> ScheduledMeeting:
    meeting = ScheduledMeeting.objects.create(
        schedule=schedule,
        request=request,
        day=day,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
        venue=venue,
        table=table,
        interpreter_language=interpreter,
    )
    for organisation_id in (request.requester_id, request.counterpart_id):
        MeetingSeat.objects.create(
            meeting=meeting, schedule=schedule, organisation_id=organisation_id, starts_at=starts_at
        )
    return meeting


@dataclass
class Trip:
    world: Any
    day1: ItineraryDay
    day2: ItineraryDay
    company2: Organisation
    company2_user: Any
    port: Organisation
    weifang_venue: Venue
    rizhao_venue: Venue
    published: Schedule
    draft: Schedule
    meetings: dict[str, ScheduledMeeting]
    rizhao_leg: TravelLeg


def build_trip(world) -> Trip:
    rizhao = make_china_city("Rizhao", "日照")
    mission = world.mission
    day1 = world.day
    day2 = ItineraryDay.objects.create(mission=mission, date=dt.date(2026, 3, 17), city=rizhao)
    rizhao_leg = TravelLeg.objects.create(
        day=day2,
        origin=world.city,
        destination=rizhao,
        mode=TravelLeg.Mode.COACH,
        departure=dt.time(7, 0),
        duration_minutes=120,
        notes="Coach leaves from the hotel",
    )
    company2 = make_company(f"Kirkasvirta {world.label}", world.programme, world.operator)
    company2 = company2.organisation
    company2_user = make_user(f"kirkas_{world.label}", company2)
    mission.companies.add(company2)
    port = make_organisation(
        f"Rizhao Port {world.label}",
        Organisation.Kind.COUNTERPART,
        name_zh="日照港集团",
        region=rizhao,
    )
    enrol(world.programme, port)
    weifang_venue = Venue.objects.create(
        mission=mission, city=world.city, name="Fuhua Hotel", tables=10
    )
    rizhao_venue = Venue.objects.create(mission=mission, city=rizhao, name="Port Hall", tables=4)
    Interpreter.objects.create(mission=mission, language="zh", name="Li Wei", capacity=2)

    def request(requester, counterpart, purpose="", language=""):
        return MeetingRequest.objects.create(
            mission=mission,
            requester=requester,
            counterpart=counterpart,
            purpose=purpose,
            language=language,
            status=MeetingRequest.Status.ACCEPTED,
        )

    r_a_cp = request(world.company, world.counterpart, "Village waste-water plants", "zh")
    r_k_cp = request(company2, world.counterpart, '=HYPERLINK("http://x")')
    r_k_host = request(company2, world.host, "Smart metering pilot")
    r_a_port = request(world.company, port, "Port water reuse", "zh")
    r_a_host = request(world.company, world.host, "Draft only")

    published = Schedule.objects.create(mission=mission, status=Schedule.Status.PUBLISHED)
    d1, d2 = day1.date, day2.date
    meetings = {
        "a_cp": add_meeting(
            published, r_a_cp, day1, local(d1, 14), weifang_venue, 3, interpreter="zh"
        ),
        "k_cp": add_meeting(published, r_k_cp, day1, local(d1, 14, 30), weifang_venue, 3),
        "k_host": add_meeting(published, r_k_host, day1, local(d1, 14), weifang_venue, 4),
        "a_port": add_meeting(
            published, r_a_port, day2, local(d2, 9, 30), rizhao_venue, 1, interpreter="zh"
        ),
    }
    draft = Schedule.objects.create(mission=mission, status=Schedule.Status.DRAFT)
    meetings["draft"] = add_meeting(draft, r_a_host, day2, local(d2, 11), rizhao_venue, 2)
    return Trip(
        world=world,
        day1=day1,
        day2=day2,
        company2=company2,
        company2_user=company2_user,
        port=port,
        weifang_venue=weifang_venue,
        rizhao_venue=rizhao_venue,
        published=published,
        draft=draft,
        meetings=meetings,
        rizhao_leg=rizhao_leg,
    )


@pytest.fixture
def trip(programme_a) -> Trip:
    return build_trip(programme_a)
