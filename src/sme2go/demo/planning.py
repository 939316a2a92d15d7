"""The demo's meeting planning: slots, venues, interpreters, accepted meeting requests
and the published schedule of the Shandong mission, written through
:mod:`sme2go.planning.domain` and :mod:`sme2go.planning.schedules`.

Requests were made in February with the hosts and counterparts the operators had
prepared, so every demo login has meetings; the needs heard at the trip's visits came
later and name no meeting. The scheduler solves them in this process (deterministically,
in well under a second) and an adviser publishes the draft on 1 March. Loading again restores this content without duplicating anything:
rows are found by their natural keys (a venue's city and name, a pool's language, a
request's pair), and a mission that has a published schedule keeps it.
"""

from __future__ import annotations

import datetime as dt
import signal
from typing import Any

from sme2go.demo import data
from sme2go.missions.models import Mission
from sme2go.organisations.models import Organisation
from sme2go.planning import domain, schedules
from sme2go.planning.models import Interpreter, MeetingRequest, Schedule, Unavailability, Venue
from sme2go.planning.problem import build_problem
from sme2go.regions.models import Region
from sme2go.scheduling import SolveOptions, greedy, solve

T = dt.time

SLOTS: dict[str, Any] = {
    "slot_minutes": 30,
    "day_start": T(9, 0),
    "day_end": T(17, 0),
    "break_start": T(12, 0),
    "break_end": T(13, 30),
    "fairness": 2,
    "time_limit_s": 20,
    "time_zone": data.TRIP_TIME_ZONE,
}

# Days with their own meeting times: the arrival day starts after the coach from the
# airport, the last day ends before the coach to Qingdao.
DAYS: dict[dt.date, dict[str, Any]] = {
    data.MISSION_START: {"day_start": T(13, 30)},
    data.MISSION_END: {"day_end": T(12, 0)},
}

# (organisation, date, from, until, reason)
UNAVAILABLE: tuple[tuple[str, dt.date, dt.time, dt.time, str], ...] = (
    (
        "Zhucheng Hengmu Seating Co., Ltd.",
        dt.date(2027, 3, 17),
        T(9, 0),
        T(12, 0),
        "Customer audit at the factory",
    ),
)

# (city path, name, address, tables)
VENUES: tuple[tuple[str, str, str, int], ...] = (
    (
        "China/Shandong/Weifang",
        "Fuyuan Hotel business centre",
        "Fuyuan Hotel, Dongfeng East Street, Weifang",
        4,
    ),
    ("China/Shandong/Zhucheng", "Zhucheng Commerce Bureau meeting hall", "Zhucheng", 3),
    ("China/Shandong/Rizhao", "Rizhao Harbour Hotel meeting rooms", "Haibin Road, Rizhao", 3),
)

# (language, name or agency, meetings covered at once)
INTERPRETERS: tuple[tuple[str, str, int], ...] = (
    ("zh", "Qilu Language Services (two interpreters)", 2),
)

KIRKASVIRTA = "Kirkasvirta Water Oy"

# (requesting company, counterpart, priority 1-3, interpreter language, purpose, requested
# by, answered by; None = an adviser on behalf). Made in February, before the trip, from
# what the companies and the advisers knew then: none names a need, because the needs
# were heard on the trip itself (at the visits) and feed the dossiers and the next
# mission, not meetings already scheduled.
REQUESTS: tuple[tuple[str, str, int, str, str, str | None, str | None], ...] = (
    (
        KIRKASVIRTA,
        "Rizhao Municipal People's Government",
        3,
        "",
        "Present compact treatment plants for villages of 500–20 000 inhabitants.",
        "aqua",
        "rizhao",
    ),
    (
        KIRKASVIRTA,
        "Rizhao Qingquan Water Group Co., Ltd.",
        3,
        "zh",
        "Continue the talks on rural plants and remote monitoring with the utility.",
        "aqua",
        None,
    ),
    (
        "Norrträ Byggsystem AB",
        "Rizhao Municipal People's Government",
        2,
        "",
        "CLT cottages and small hotels around the National Forest Park.",
        None,
        "rizhao",
    ),
    (
        "Norrträ Byggsystem AB",
        "Rizhao Linhai Eco-Tourism Development Co., Ltd.",
        3,
        "zh",
        "Cost estimate for the forest-cabin series.",
        None,
        None,
    ),
    (
        "Istuin Design Oy",
        "Zhucheng Municipal People's Government",
        2,
        "",
        "Design partnership with Zhucheng's furniture makers.",
        None,
        None,
    ),
    (
        "Istuin Design Oy",
        "Zhucheng Hengmu Seating Co., Ltd.",
        3,
        "zh",
        "Seat-shell production for the contract range.",
        None,
        None,
    ),
    (
        "Viljava Food Technology Oy",
        "Weifang Food Valley Administration",
        2,
        "",
        "Processing lines and cold-chain monitoring for Food Valley processors.",
        None,
        None,
    ),
    (
        "Viljava Food Technology Oy",
        "Weifang Jinhe Foods Co., Ltd.",
        3,
        "zh",
        "The new freezing line and cold store.",
        None,
        None,
    ),
    (
        "Luftkoll Sensors AB",
        "Weifang Food Valley Administration",
        2,
        "",
        "Odour and emission monitoring in the food-industry parks.",
        None,
        None,
    ),
    (
        "Luftkoll Sensors AB",
        "Weifang High-Tech Zone Administrative Committee",
        2,
        "",
        "Manufacturing partners for environmental sensors.",
        None,
        None,
    ),
    (
        "Värmeflöde Energy AB",
        "Weifang Food Valley Administration",
        1,
        "",
        "Waste-heat recovery from freezing and drying.",
        None,
        None,
    ),
    (
        "Värmeflöde Energy AB",
        "Weifang Municipal People's Government",
        2,
        "zh",
        "Heat-load forecasting for the district-heating network.",
        None,
        None,
    ),
    (
        "Luftkoll Sensors AB",
        KIRKASVIRTA,
        1,
        "",
        "Sensors for the remote monitoring of Kirkasvirta's plants.",
        None,
        "aqua",
    ),
)

# Pairs an adviser marked must-meet: (requesting company, counterpart).
MUST_MEET: tuple[tuple[str, str], ...] = ((KIRKASVIRTA, "Rizhao Municipal People's Government"),)


def load_planning(summary: Any, mission: Mission, users: dict[str, Any]) -> None:
    """Slots, venues, interpreters, accepted requests and the published schedule of the
    demo ``mission``; ``summary`` (a ``DemoSummary``) counts the rows, ``users`` maps demo
    usernames to users."""
    domain.save_slot_settings(actor=None, mission=mission, **SLOTS)
    days = {day.date: day for day in mission.days.all()}
    for date, times in DAYS.items():
        domain.save_day_slot_settings(actor=None, day=days[date], **times)
    for city_path, name, address, tables in VENUES:
        city = _region(city_path)
        venue = Venue.objects.filter(mission=mission, city=city, name=name).first()
        if venue is None:
            domain.add_venue(
                actor=None, mission=mission, city=city, name=name, address=address, tables=tables
            )
        else:
            domain.update_venue(actor=None, venue=venue, address=address, tables=tables)
        _count(summary, "venue", venue is None)
    for language, name, capacity in INTERPRETERS:
        pool = Interpreter.objects.filter(mission=mission, language=language).first()
        if pool is None:
            domain.add_interpreter(
                actor=None, mission=mission, language=language, name=name, capacity=capacity
            )
        else:
            domain.update_interpreter(actor=None, interpreter=pool, name=name, capacity=capacity)
        _count(summary, "interpreter", pool is None)
    organisations = {org.name: org for org in Organisation.objects.all()}
    for name, date, start, end, reason in UNAVAILABLE:
        entry = Unavailability.objects.filter(
            day=days[date], organisation=organisations[name], start_time=start
        ).first()
        if entry is None:
            domain.add_unavailability(
                actor=None,
                day=days[date],
                organisation=organisations[name],
                start_time=start,
                end_time=end,
                reason=reason,
            )
        else:
            domain.update_unavailability(
                actor=None, unavailability=entry, end_time=end, reason=reason
            )
        _count(summary, "unavailability", entry is None)
    adviser = users["posintra"]
    for number, (requester, counterpart, priority, language, purpose, asker, answerer) in enumerate(
        REQUESTS
    ):
        company, other = organisations[requester], organisations[counterpart]
        must_meet = (requester, counterpart) in MUST_MEET
        existing = MeetingRequest.objects.filter(
            mission=mission, requester=company, counterpart=other
        ).first()
        if existing is None:
            made = domain.request_meeting(
                actor=users[asker] if asker else adviser,
                mission=mission,
                requester=company,
                counterpart=other,
                priority=priority,
                purpose=purpose,
                language=language,
            )
            domain.accept_request(
                actor=users[answerer] if answerer else adviser, meeting_request=made
            )
            if must_meet:
                domain.set_must_meet(actor=adviser, meeting_request=made, must_meet=True)
        else:
            MeetingRequest.objects.filter(pk=existing.pk).update(
                priority=priority,
                purpose=purpose,
                language=language,
                proposal=None,
                need=None,
                must_meet=must_meet,
                status=MeetingRequest.Status.ACCEPTED,
            )
        # Dated as in the story (February, before the trip), not on the day of loading.
        asked_on = data.REQUESTS_FROM + dt.timedelta(days=number)
        MeetingRequest.objects.filter(mission=mission, requester=company, counterpart=other).update(
            created_at=data.at_office(asked_on, T(10, 0)),
            answered_at=data.at_office(asked_on + dt.timedelta(days=1), T(14, 0)),
        )
        _count(summary, "meeting request", existing is None)
    unpublished = not Schedule.objects.filter(
        mission=mission, status=Schedule.Status.PUBLISHED
    ).exists()
    if unpublished:
        _solve_and_publish(mission, adviser)
    # Solved and published by the adviser on 1 March, two weeks before the trip.
    Schedule.objects.filter(mission=mission, status=Schedule.Status.PUBLISHED).update(
        created_at=data.at_office(data.SCHEDULE_PUBLISHED_ON, T(11, 0)),
        published_at=data.at_office(data.SCHEDULE_PUBLISHED_ON, T(15, 0)),
    )
    _count(summary, "published schedule", unpublished)


def _solve_and_publish(mission: Mission, adviser: Any) -> Schedule:
    """What the adviser's click does in a worker, done here: solve, store the draft beside
    the greedy baseline, publish it. Deterministic, so every load gives the same agenda."""
    problem = build_problem(mission)
    baseline = greedy(problem.instance, fairness=problem.fairness)
    handler = signal.getsignal(signal.SIGINT)
    try:
        result = solve(
            problem.instance,
            SolveOptions(fairness=problem.fairness, time_limit=20, workers=1, deterministic=True),
        )
    finally:
        # CP-SAT installs its own C-level SIGINT handler and leaves it behind (measured:
        # `sme2go demo` then ignored Ctrl-C); reinstall Python's.
        signal.signal(signal.SIGINT, handler)
    draft = schedules.save_draft(run=None, problem=problem, result=result, greedy=baseline)
    return schedules.publish_schedule(actor=adviser, schedule=draft)


def _region(path: str) -> Region:
    region = None
    for name in path.split("/"):
        region = Region.objects.get(parent=region, name=name)
    return region


def _count(summary: Any, key: str, is_new: bool) -> None:
    summary.counts[key] += 1
    summary.created[key] += int(is_new)
