"""A small Shandong trip for the scheduler tests: three days in three cities, two
companies, four counterparts, venues, a travel leg, a visit and an unavailability.

Built with the ORM (like ``tests/factories.py``), on top of a programme world, so the
conversion is tested against records nobody's domain function wrote. The expected
engine indices are spelled out in ``tests/planning/test_problem.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sme2go.missions.models import ItineraryDay, TravelLeg, Visit
from sme2go.organisations.models import Organisation
from sme2go.planning.models import (
    DaySlotSettings,
    Interpreter,
    MeetingRequest,
    SlotSettings,
    Unavailability,
    Venue,
)
from sme2go.regions.models import Region
from tests.factories import World, make_china_city, make_company, make_organisation, make_region


@dataclass
class Trip:
    world: World
    days: list[ItineraryDay]
    kirkasvirta: Organisation
    nordic: Organisation
    rizhao_water: Organisation
    weifang_port: Organisation
    zhucheng_food: Organisation
    qingdao_brewery: Organisation
    hall: Venue
    hotel: Venue
    expo: Venue
    requests: dict[str, MeetingRequest]


def make_trip(world: World, *, time_limit_s: int = 5) -> Trip:
    """Days 16–18 March 2026 in Weifang, Zhucheng and Rizhao; 30-minute slots from 09:00
    to 12:00 (six a day), the Rizhao day 09:00–11:00 (four, padded with two)."""
    mission = world.mission
    mission.days.all().delete()
    weifang = make_china_city("Weifang", "潍坊")
    zhucheng = make_china_city("Zhucheng", "诸城")
    rizhao = make_china_city("Rizhao", "日照")
    binhai = make_region("Binhai", Region.Kind.ZONE, weifang)
    days = [
        ItineraryDay.objects.create(mission=mission, date=dt.date(2026, 3, 16), city=weifang),
        ItineraryDay.objects.create(mission=mission, date=dt.date(2026, 3, 17), city=zhucheng),
        ItineraryDay.objects.create(mission=mission, date=dt.date(2026, 3, 18), city=rizhao),
    ]
    SlotSettings.objects.create(
        mission=mission,
        slot_minutes=30,
        day_start=dt.time(9),
        day_end=dt.time(12),
        fairness=3,
        time_limit_s=time_limit_s,
        time_zone="Asia/Shanghai",
    )
    DaySlotSettings.objects.create(day=days[2], day_end=dt.time(11))
    kirkasvirta = make_company("Kirkasvirta Water Oy", world.programme, world.operator).organisation
    nordic = world.company
    nordic.name = "Nordic Health Oy"
    nordic.save()
    mission.companies.add(kirkasvirta)
    counterpart = Organisation.Kind.COUNTERPART
    rizhao_water = make_organisation("Rizhao Water Group", counterpart, region=rizhao)
    weifang_port = make_organisation("Weifang Port Group", counterpart, region=binhai)
    zhucheng_food = make_organisation("Zhucheng Food Co", counterpart, region=zhucheng)
    qingdao = make_china_city("Qingdao", "青岛")
    qingdao_brewery = make_organisation("Qingdao Brewery", counterpart, region=qingdao)
    TravelLeg.objects.create(
        day=days[1],
        origin=weifang,
        destination=zhucheng,
        mode=TravelLeg.Mode.COACH,
        departure=dt.time(9),
        duration_minutes=60,
    )
    Visit.objects.create(
        day=days[0],
        organisation=weifang_port,
        title="Port tour",
        start_time=dt.time(10),
        end_time=dt.time(11),
    )
    Unavailability.objects.create(
        day=days[2],
        organisation=rizhao_water,
        start_time=dt.time(9),
        end_time=dt.time(9, 30),
        reason="board meeting",
    )
    hall = Venue.objects.create(mission=mission, city=weifang, name="Weifang Hall", tables=2)
    hotel = Venue.objects.create(mission=mission, city=zhucheng, name="Zhucheng Hotel", tables=1)
    expo = Venue.objects.create(mission=mission, city=rizhao, name="Rizhao Expo", tables=3)
    Interpreter.objects.create(mission=mission, language="zh", capacity=1)
    accepted = MeetingRequest.Status.ACCEPTED

    def ask(key, requester, counterpart, **extra):
        return key, MeetingRequest.objects.create(
            mission=mission, requester=requester, counterpart=counterpart, **extra
        )

    requests = dict(
        [
            ask("k_rw", kirkasvirta, rizhao_water, status=accepted, must_meet=True),
            ask("n_rw", nordic, rizhao_water, status=accepted, priority=3, language="zh"),
            ask("k_wp", kirkasvirta, weifang_port, status=accepted, priority=2),
            ask("n_zf", nordic, zhucheng_food, status=accepted, priority=1),
            ask("k_zf", kirkasvirta, zhucheng_food, status=MeetingRequest.Status.DECLINED),
            ask("n_qb", nordic, qingdao_brewery, status=accepted),
        ]
    )
    return Trip(
        world=world,
        days=days,
        kirkasvirta=kirkasvirta,
        nordic=nordic,
        rizhao_water=rizhao_water,
        weifang_port=weifang_port,
        zhucheng_food=zhucheng_food,
        qingdao_brewery=qingdao_brewery,
        hall=hall,
        hotel=hotel,
        expo=expo,
        requests=requests,
    )
