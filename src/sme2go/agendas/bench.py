"""Benchmark: opening agendas and the adviser's grid on a mission of the issue's size.

``python -m sme2go.agendas.bench`` (``make bench-agendas``) builds, in a throw-away SQLite
database, a published schedule of 40 companies, 120 counterparts and 400 meetings over
five days in three cities, then times each page and file the way a browser gets it
(Django's test client: URL routing, middleware, session, access checks, rendering) for
the participant with the most meetings and the busiest day. Beside each figure, the
same request for an empty agenda (a company of a mission with no schedule) or an empty
day, measured in the same run, is the baseline. Target (issue 8): each under 1 s.

The "first" column is the first request of a server process as production has it:
``sme2go serve`` and ``sme2go demo`` load the PDF engine in a background thread once
they listen, so the bench does that warm-up before timing and prints its length.
``--cold`` skips it (a process that did not warm up, such as ``runserver``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

COMPANIES = 40
COUNTERPARTS_PER_CITY = 40
SLOTS = 16
DAYS = (
    ("Weifang", "潍坊"),
    ("Weifang", "潍坊"),
    ("Zhucheng", "诸城"),
    ("Rizhao", "日照"),
    ("Rizhao", "日照"),
)


def _setup(data_dir: str) -> None:
    os.environ["SME2GO_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["SME2GO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sme2go.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)


def _build():
    """The mission; returns (users, urls) for the timed requests."""
    import datetime as dt
    import zoneinfo

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
    from sme2go.organisations.models import Membership, Organisation
    from sme2go.planning.models import (
        Interpreter,
        MeetingRequest,
        MeetingSeat,
        Schedule,
        ScheduledMeeting,
        Venue,
    )
    from sme2go.programmes.models import Programme
    from sme2go.regions.models import Region

    User = get_user_model()
    zone = zoneinfo.ZoneInfo("Asia/Shanghai")
    with transaction.atomic():
        china = Region.objects.create(name="China", kind="country", country_code="CN")
        shandong = Region.objects.create(name="Shandong", kind="province", parent=china)
        cities = {
            name: Region.objects.create(name=name, name_zh=zh, kind="city", parent=shandong)
            for name, zh in dict(DAYS).items()
        }
        operator = Organisation.objects.create(name="Bench operator", kind="operator")
        programme = Programme.objects.create(
            name="Bench", start_date=dt.date(2027, 1, 1), end_date=dt.date(2027, 12, 31)
        )
        programme.partners.add(operator)
        mission = Mission.objects.create(
            programme=programme,
            title="Bench mission",
            start_date=dt.date(2027, 3, 15),
            end_date=dt.date(2027, 3, 19),
        )
        companies = Organisation.objects.bulk_create(
            Organisation(name=f"Company {i:02d}", kind="company") for i in range(COMPANIES)
        )
        mission.companies.set(companies)
        counterparts = {
            name: Organisation.objects.bulk_create(
                Organisation(
                    name=f"{name} counterpart {j:02d}",
                    name_zh=f"{zh}对接企业{j:02d}",
                    kind="counterpart",
                    region=cities[name],
                )
                for j in range(COUNTERPARTS_PER_CITY)
            )
            for name, zh in dict(DAYS).items()
        }
        host = Organisation.objects.create(name="City government", kind="host")
        venues = {
            name: Venue.objects.create(mission=mission, city=city, name=f"{name} hall", tables=10)
            for name, city in cities.items()
        }
        Interpreter.objects.create(mission=mission, language="zh", name="Agency", capacity=10)
        schedule = Schedule.objects.create(mission=mission, status=Schedule.Status.PUBLISHED)
        days = []
        previous = None
        for index, (name, _zh) in enumerate(DAYS):
            date = mission.start_date + dt.timedelta(days=index)
            day = ItineraryDay.objects.create(mission=mission, date=date, city=cities[name])
            days.append(day)
            Visit.objects.create(
                day=day,
                organisation=host,
                title=f"Site visit {index + 1}",
                place="Exhibition centre",
                start_time=dt.time(8, 0),
                end_time=dt.time(8, 45),
            )
            if previous is not None and previous != name:
                TravelLeg.objects.create(
                    day=day,
                    origin=cities[previous],
                    destination=cities[name],
                    mode="coach",
                    departure=dt.time(6, 30),
                    duration_minutes=90,
                )
            previous = name
        # Round robin: at slot s company i meets counterpart (i + s) mod 40 of the day's
        # city, so nobody is booked twice; company i meets at slots i mod 8 and + 8.
        requests, meetings = [], []
        for index, day in enumerate(days):
            name = DAYS[index][0]
            for i, company in enumerate(companies):
                for slot in (i % 8, i % 8 + 8):
                    counterpart = counterparts[name][(i + slot + 16 * (index % 2)) % 40]
                    starts_at = dt.datetime.combine(
                        day.date, dt.time(9, 0), tzinfo=zone
                    ) + dt.timedelta(minutes=30 * slot)
                    requests.append(
                        MeetingRequest(
                            mission=mission,
                            requester=company,
                            counterpart=counterpart,
                            purpose="Water reuse and smart metering",
                            language="zh",
                            status="accepted",
                        )
                    )
                    meetings.append((day, starts_at, venues[name], i // 8 + 1))
        requests = MeetingRequest.objects.bulk_create(requests)
        scheduled = ScheduledMeeting.objects.bulk_create(
            ScheduledMeeting(
                schedule=schedule,
                request=request,
                day=day,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(minutes=30),
                venue=venue,
                table=table,
                interpreter_language="zh",
            )
            for request, (day, starts_at, venue, table) in zip(requests, meetings, strict=True)
        )
        MeetingSeat.objects.bulk_create(
            MeetingSeat(
                meeting=meeting,
                schedule=schedule,
                organisation_id=organisation_id,
                starts_at=meeting.starts_at,
            )
            for meeting, request in zip(scheduled, requests, strict=True)
            for organisation_id in (request.requester_id, request.counterpart_id)
        )
        # The baseline: a company on a mission with one day and no schedule.
        empty_mission = Mission.objects.create(
            programme=programme,
            title="Empty mission",
            start_date=dt.date(2027, 5, 3),
            end_date=dt.date(2027, 5, 3),
        )
        empty_company = Organisation.objects.create(name="Empty company", kind="company")
        empty_mission.companies.add(empty_company)
        empty_day = ItineraryDay.objects.create(
            mission=empty_mission, date=empty_mission.start_date, city=cities["Weifang"]
        )
        company_user = User.objects.create_user("company", password="x")
        Membership.objects.create(user=company_user, organisation=companies[0], role="manager")
        empty_user = User.objects.create_user("empty", password="x")
        Membership.objects.create(user=empty_user, organisation=empty_company, role="manager")
        operator_user = User.objects.create_user("operator", password="x")
        Membership.objects.create(user=operator_user, organisation=operator, role="manager")
    return {
        "mission": mission,
        "company": companies[0],
        "company_user": company_user,
        "empty_mission": empty_mission,
        "empty_company": empty_company,
        "empty_user": empty_user,
        "operator_user": operator_user,
        "busiest_day": days[0],
        "empty_day": empty_day,
        "meetings": len(scheduled),
    }


def _time(client, url: str, repeat: int) -> tuple[float, float, float, float, int]:
    """Seconds of the first GET, then the median and max of ``repeat`` more (wall clock),
    the median CPU time of this process for them, and the response's size.

    CPU time is shown because the machine's two cores are shared: the wall clock then
    also counts waiting for a core.
    """
    start = time.perf_counter()
    response = client.get(url)
    first = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    runs, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return first, statistics.median(runs), max(runs), statistics.median(cpu), len(response.content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per URL")
    parser.add_argument(
        "--cold", action="store_true", help="time the first PDF without the server's warm-up"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sme2go-bench-agendas-") as data_dir:
        _setup(data_dir)
        return _run(args.repeat, cold=args.cold)


def _run(repeat: int, *, cold: bool = False) -> int:
    from django.test import Client
    from django.urls import reverse

    from sme2go.demo.server import start_pdf_warm_up
    from sme2go.planning.models import MeetingSeat

    start = time.perf_counter()
    world = _build()
    built = time.perf_counter() - start
    busiest = (
        MeetingSeat.objects.filter(organisation=world["company"]).count(),
        MeetingSeat.objects.filter(meeting__day=world["busiest_day"]).count() // 2,
    )
    print(
        f"built {world['meetings']} published meetings, {COMPANIES} companies, "
        f"{COUNTERPARTS_PER_CITY * 3} counterparts, 5 days in 3 cities in {built:.1f} s; "
        f"largest participant: {busiest[0]} meetings; busiest day: {busiest[1]} meetings"
    )

    if cold:
        print("PDF engine not warmed up (--cold): the first PDF loads it")
    else:
        start = time.perf_counter()
        start_pdf_warm_up().join()
        print(
            f"PDF engine warmed up in {time.perf_counter() - start:.2f} s, as 'sme2go serve' "
            "does in a background thread once it listens"
        )

    def client_of(user):
        client = Client()
        client.force_login(user)
        return client

    company, empty, operator = (
        client_of(world[key]) for key in ("company_user", "empty_user", "operator_user")
    )

    def agenda(name, mission, organisation):
        return reverse(name, kwargs={"mission_pk": mission.pk, "organisation_pk": organisation.pk})

    rows = []
    for label, name in (
        ("agenda web page", "agendas:agenda"),
        ("agenda PDF", "agendas:pdf"),
        ("agenda iCalendar", "agendas:calendar"),
    ):
        rows.append(
            (
                label,
                _time(company, agenda(name, world["mission"], world["company"]), repeat),
                _time(empty, agenda(name, world["empty_mission"], world["empty_company"]), repeat),
            )
        )
    feed = reverse("agendas:my_calendar")
    rows.append(("per-user feed", _time(company, feed, repeat), _time(empty, feed, repeat)))
    for label, name in (
        ("grid page", "agendas:grid"),
        ("grid CSV", "agendas:grid_csv"),
        ("grid XLSX", "agendas:grid_xlsx"),
    ):
        rows.append(
            (
                label,
                _time(operator, reverse(name, kwargs={"day_pk": world["busiest_day"].pk}), repeat),
                _time(operator, reverse(name, kwargs={"day_pk": world["empty_day"].pk}), repeat),
            )
        )

    print(f"\nseconds; {repeat} timed requests each after a first one; target: under 1 s")
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'':18} {'first':>6} {'median':>6} {'max':>6} {'cpu':>6} {'bytes':>7}"
        f"   baseline (empty): first  median   cpu"
    )
    slowest = 0.0
    for label, measured, baseline in rows:
        first, median, worst, cpu, size = measured
        b_first, b_median, _b_max, b_cpu, _b_size = baseline
        slowest = max(slowest, median)
        print(
            f"{label:18} {first:6.3f} {median:6.3f} {worst:6.3f} {cpu:6.3f} {size:7d}"
            f"   {'':17}{b_first:6.3f} {b_median:6.3f} {b_cpu:5.3f}"
        )
    verdict = "met" if slowest < 1.0 else "NOT met"
    print(f"\nslowest median: {slowest:.3f} s: target {verdict}")
    print(
        "(first: the first request of the process, after the server's PDF warm-up)"
        if not cold
        else "(first: the first request of the process; the first PDF also loads WeasyPrint, "
        "Pango and the fonts)"
    )
    return 0 if slowest < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
