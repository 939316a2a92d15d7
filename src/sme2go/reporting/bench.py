"""Benchmark: the programme report of a period with 5,000 meetings, 2,000 leads and
500 agreements.

``python -m sme2go.reporting.bench`` (``make bench-reporting``) builds, in a throw-away
SQLite database, a programme with one mission in the period: 100 companies recruited by
two operators, 50 counterparts, 5,000 accepted meeting requests scheduled and held in
its published schedule, 2,000 leads in every stage, 500 confirmed agreements with an
evidence file each, 12-month check-ins, and the ready-made indicator definitions. It then
times the report page, its PDF, CSV and XLSX and the mission report the way a browser
gets them (Django's test client: routing, middleware, session, access checks,
rendering), counts their queries, and does the same for an empty programme with the same
indicators in the same run: the baseline. Targets (issue 10): page under 2 s, PDF under
5 s, a fixed number of queries.

The PDF engine is warmed up first, as ``sme2go serve`` does in a background thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

COMPANIES = 100
COUNTERPARTS = 50
MEETINGS = 5_000
LEADS = 2_000
AGREEMENTS = 500
PERIOD = "?start=2026-01-01&end=2026-06-30"


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


def _programme(name: str, operators):
    import datetime as dt

    from sme2go.programmes.models import Programme
    from sme2go.reporting.domain import add_ready_made_indicators

    programme = Programme.objects.create(
        name=name,
        funder="Interreg",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2027, 12, 31),
    )
    programme.partners.set(operators)
    add_ready_made_indicators(actor=None, programme=programme)
    return programme


def _build() -> dict:
    """The busy programme and the empty one; returns the objects the timing needs."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from sme2go.companies.models import CompanyProfile
    from sme2go.followup.models import Agreement, AgreementEvidence, CheckIn, Lead
    from sme2go.missions.models import ItineraryDay, Mission
    from sme2go.organisations.models import Membership, Organisation
    from sme2go.planning.models import MeetingRequest, Schedule, ScheduledMeeting, Venue
    from sme2go.programmes.models import Enrolment
    from sme2go.regions.models import Region

    User = get_user_model()
    with transaction.atomic():
        china = Region.objects.create(name="China", kind="country", country_code="CN")
        city = Region.objects.create(name="Weifang", kind="city", parent=china)
        operators = [
            Organisation.objects.create(name=f"Operator {i}", kind="operator") for i in (1, 2)
        ]
        programme = _programme("Busy programme", operators)
        empty = _programme("Empty programme", operators)
        companies = Organisation.objects.bulk_create(
            Organisation(name=f"Company {i:03d}", kind="company") for i in range(COMPANIES)
        )
        CompanyProfile.objects.bulk_create(
            CompanyProfile(
                organisation=company,
                offering="Water treatment",
                home_country="FI" if i % 2 else "SE",
            )
            for i, company in enumerate(companies)
        )
        counterparts = Organisation.objects.bulk_create(
            Organisation(name=f"Counterpart {i:02d}", kind="counterpart", region=city)
            for i in range(COUNTERPARTS)
        )
        Enrolment.objects.bulk_create(
            [
                Enrolment(programme=programme, organisation=company, recruited_by=operators[i % 2])
                for i, company in enumerate(companies)
            ]
            + [Enrolment(programme=programme, organisation=c) for c in counterparts]
        )
        mission = Mission.objects.create(
            programme=programme,
            title="Bench mission",
            start_date=dt.date(2026, 3, 16),
            end_date=dt.date(2026, 3, 20),
        )
        mission.companies.set(companies)
        days = [
            ItineraryDay.objects.create(
                mission=mission, date=mission.start_date + dt.timedelta(days=d), city=city
            )
            for d in range(5)
        ]
        venue = Venue.objects.create(mission=mission, city=city, name="Hall", tables=100)
        schedule = Schedule.objects.create(mission=mission, status=Schedule.Status.PUBLISHED)
        requests = MeetingRequest.objects.bulk_create(
            MeetingRequest(
                mission=mission,
                requester=companies[i % COMPANIES],
                counterpart=counterparts[i // COMPANIES],
                status="accepted",
            )
            for i in range(MEETINGS)
        )
        meetings = []
        for i, request in enumerate(requests):
            slot = i // 100
            day = days[slot // 10]
            starts = dt.datetime.combine(day.date, dt.time(1, 0), tzinfo=dt.UTC) + dt.timedelta(
                minutes=30 * (slot % 10)
            )
            meetings.append(
                ScheduledMeeting(
                    schedule=schedule,
                    request=request,
                    day=day,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(minutes=30),
                    venue=venue,
                    table=i % 100 + 1,
                )
            )
        meetings = ScheduledMeeting.objects.bulk_create(meetings)
        stages = [*Lead.Stage.values]
        leads = Lead.objects.bulk_create(
            Lead(
                programme=programme,
                mission=mission,
                company=meetings[i].request.requester,
                counterpart=meetings[i].request.counterpart,
                source_meeting=meetings[i],
                title=f"Lead {i}",
                stage=stages[i % len(stages)],
                lost_reason="No budget" if stages[i % len(stages)] == "lost" else "",
                created_at=dt.datetime(2026, 3, 21, tzinfo=dt.UTC) + dt.timedelta(hours=i),
            )
            for i in range(LEADS)
        )
        agreements = Agreement.objects.bulk_create(
            Agreement(
                programme=programme,
                mission=mission,
                lead=leads[i],
                kind=Agreement.Kind.DISTRIBUTION,
                company=leads[i].company,
                partner=leads[i].counterpart,
                signed_on=dt.date(2026, 4, 1) + dt.timedelta(days=i % 80),
                description="Distribution in Shandong",
                confirmed_at=dt.datetime(2026, 6, 25, tzinfo=dt.UTC),
            )
            for i in range(AGREEMENTS)
        )
        AgreementEvidence.objects.bulk_create(
            AgreementEvidence(
                programme=programme,
                agreement=agreement,
                file=f"followup/evidence/{agreement.pk}.pdf",
                original_name=f"agreement-{agreement.pk}.pdf",
                content_type="application/pdf",
                size=1000,
                sha256="0" * 64,
            )
            for agreement in agreements
        )
        CheckIn.objects.bulk_create(
            CheckIn(
                programme=programme,
                mission=mission,
                company=company,
                months=12,
                due_on=dt.date(2027, 3, 20),
            )
            for company in companies
        )
        user = User.objects.create_user("operator", password="x")
        Membership.objects.create(user=user, organisation=operators[0], role="adviser")
    return {"programme": programme, "empty": empty, "mission": mission, "user": user}


def _time(client, url: str, repeat: int) -> tuple[float, float, float, float, int, int]:
    """Seconds of the first GET, the median and max of ``repeat`` more (wall clock), their
    median CPU time in this process, the queries of one request and the response's size.

    CPU time is shown because the machine's two cores are shared: the wall clock then
    also counts waiting for a core."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    first = time.perf_counter() - start
    queries = len(captured)  # (read now: later requests empty the log it slices)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    runs, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    median_cpu = statistics.median(cpu)
    return first, statistics.median(runs), max(runs), median_cpu, queries, len(response.content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed requests per URL")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sme2go-bench-reporting-") as data_dir:
        _setup(data_dir)
        return _run(args.repeat)


def _run(repeat: int) -> int:
    from django.test import Client
    from django.urls import reverse

    from sme2go.demo.server import start_pdf_warm_up

    start = time.perf_counter()
    world = _build()
    print(
        f"built {MEETINGS} meetings, {LEADS} leads, {AGREEMENTS} confirmed agreements, "
        f"{COMPANIES} companies and {COUNTERPARTS} counterparts in "
        f"{time.perf_counter() - start:.1f} s"
    )
    start = time.perf_counter()
    start_pdf_warm_up().join()
    print(f"PDF engine warmed up in {time.perf_counter() - start:.2f} s, as 'sme2go serve' does")

    client = Client()
    client.force_login(world["user"])

    def programme_url(name: str, programme) -> str:
        return reverse(name, kwargs={"programme_pk": programme.pk}) + PERIOD

    rows = []
    for label, name, target in (
        ("report page", "reporting:programme", 2.0),
        ("report PDF", "reporting:programme_pdf", 5.0),
        ("report CSV", "reporting:programme_csv", None),
        ("report XLSX", "reporting:programme_xlsx", None),
    ):
        rows.append(
            (
                label,
                target,
                _time(client, programme_url(name, world["programme"]), repeat),
                _time(client, programme_url(name, world["empty"]), repeat),
            )
        )
    mission_url = reverse("reporting:mission", kwargs={"mission_pk": world["mission"].pk})
    rows.append(("mission report", None, _time(client, mission_url, repeat), None))

    print(f"\nseconds; {repeat} timed requests each after a first one")
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'':15} {'first':>6} {'median':>6} {'max':>6} {'cpu':>6} {'queries':>7} {'bytes':>9} "
        f"{'target':>6}   baseline (empty programme): median cpu queries"
    )
    met = True
    for label, target, measured, baseline in rows:
        first, median, worst, cpu, queries, size = measured
        ok = target is None or median < target
        met &= ok
        target_text = f"<{target:.0f} s" if target else ""
        line = (
            f"{label:15} {first:6.3f} {median:6.3f} {worst:6.3f} {cpu:6.3f} {queries:7d} "
            f"{size:9d} {target_text:>6}"
        )
        if baseline is not None:
            line += f"   {'':27}{baseline[1]:6.3f} {baseline[3]:6.3f} {baseline[4]:7d}"
        print(line + ("" if ok else "  NOT met"))
    print(f"\ntargets {'met' if met else 'NOT met'} (page < 2 s, PDF < 5 s)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
