"""Benchmark of the scheduler as the app runs it: ``make bench-planning``
(``python -m sme2go.planning.bench``).

Builds a mission of 40 companies, 120 counterparts and 400 accepted requests over five
days in three cities through the domain functions, in a throw-away SQLite database, and
starts a real ``sme2go worker``. It then times the adviser's click
(:func:`~sme2go.planning.jobs.start_solver_run`) to the draft being stored, and prints
the draft's breaks and left-out requests beside the greedy baseline of the same run.

Targets (issue 8): within 2 minutes, fewer breaks than greedy, no more requests left out
than greedy. The exit code is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

TARGET_S = 120.0
CITIES = ("Weifang", "Zhucheng", "Rizhao")
# Two days in Weifang, one in Zhucheng, two in Rizhao.
DAY_CITIES = ("Weifang", "Weifang", "Zhucheng", "Rizhao", "Rizhao")


def build(*, companies: int, counterparts: int, requests: int, seed: int, time_limit: int):
    """The bench mission, built through the domain functions; returns (mission, operator)."""
    from django.contrib.auth import get_user_model
    from django.test import override_settings

    from sme2go.companies.domain import create_company
    from sme2go.missions.domain import (
        add_itinerary_day,
        add_travel_leg,
        add_visit,
        create_mission,
        set_mission_participants,
    )
    from sme2go.organisations.domain import create_host_or_counterpart
    from sme2go.organisations.models import Membership, Organisation
    from sme2go.planning.domain import (
        accept_request,
        add_interpreter,
        add_unavailability,
        add_venue,
        request_meeting,
        save_slot_settings,
    )
    from sme2go.programmes.domain import create_programme
    from sme2go.regions.models import Region

    rng = random.Random(seed)
    china = Region.objects.create(name="China", kind="country", country_code="CN")
    shandong = Region.objects.create(name="Shandong", kind="province", parent=china)
    city = {name: Region.objects.create(name=name, kind="city", parent=shandong) for name in CITIES}
    operator_org = Organisation.objects.create(name="Bench Operator", kind="operator")
    operator = get_user_model().objects.create_user("bench_operator", password="x")
    Membership.objects.create(user=operator, organisation=operator_org, role="manager")
    # Each company enrolment would enqueue a re-ranking job; the bench times the scheduler.
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        programme = create_programme(
            actor=None,
            name="Bench programme",
            start_date=dt.date(2027, 1, 1),
            end_date=dt.date(2027, 12, 31),
            partners=[operator_org],
        )
        firms = [
            create_company(
                actor=None,
                programme=programme,
                recruited_by=operator_org,
                name=f"Bench Company {n:02d} Oy",
                offering="Water treatment.",
            ).organisation
            for n in range(companies)
        ]
    locals_ = [
        create_host_or_counterpart(
            actor=None,
            programme=programme,
            kind="counterpart",
            name=f"{CITIES[n % 3]} Counterpart {n:03d}",
            region=city[CITIES[n % 3]],
        )
        for n in range(counterparts)
    ]
    mission = create_mission(
        actor=operator,
        programme=programme,
        title="Bench mission",
        start_date=dt.date(2027, 3, 15),
        end_date=dt.date(2027, 3, 19),
    )
    set_mission_participants(actor=operator, mission=mission, companies=firms, staff=[operator])
    days = [
        add_itinerary_day(
            actor=operator, mission=mission, date=dt.date(2027, 3, 15 + d), city=city[name]
        )
        for d, name in enumerate(DAY_CITIES)
    ]
    add_travel_leg(
        actor=operator,
        day=days[2],
        origin=city["Weifang"],
        destination=city["Zhucheng"],
        mode="coach",
        departure=dt.time(8, 30),
        duration_minutes=90,
    )
    add_travel_leg(
        actor=operator,
        day=days[3],
        origin=city["Zhucheng"],
        destination=city["Rizhao"],
        mode="coach",
        departure=dt.time(8, 0),
        duration_minutes=120,
    )
    add_visit(
        actor=operator,
        day=days[0],
        organisation=locals_[0],
        title="Welcome at the city government",
        start_time=dt.time(9, 0),
        end_time=dt.time(10, 0),
    )
    add_visit(
        actor=operator,
        day=days[4],
        organisation=locals_[2],
        title="Port tour",
        start_time=dt.time(15, 0),
        end_time=dt.time(16, 0),
    )
    save_slot_settings(
        actor=operator,
        mission=mission,
        slot_minutes=30,
        day_start=dt.time(9, 0),
        day_end=dt.time(17, 0),
        break_start=dt.time(12, 0),
        break_end=dt.time(13, 30),
        fairness=3,
        time_limit_s=time_limit,
        time_zone="Asia/Shanghai",
    )
    for name in CITIES:
        add_venue(actor=operator, mission=mission, city=city[name], name=f"{name} Hall", tables=25)
    add_interpreter(actor=operator, mission=mission, language="zh", capacity=10)
    for n, org in enumerate(locals_[:24]):
        day = next(d for d in days if d.city_id == org.region_id)
        add_unavailability(
            actor=operator,
            day=day,
            organisation=org,
            start_time=dt.time(9 + n % 7, 0),
            end_time=dt.time(10 + n % 7, 0),
            reason="own meeting",
        )
    pairs: set[tuple[int, int]] = set()
    per_company = requests // companies
    for firm in firms:
        for counterpart in rng.sample(locals_, per_company):
            pairs.add((firm.pk, counterpart.pk))
    orgs = {o.pk: o for o in [*firms, *locals_]}
    for requester, counterpart in sorted(pairs):
        made = request_meeting(
            actor=operator,
            mission=mission,
            requester=orgs[requester],
            counterpart=orgs[counterpart],
            priority=rng.choice((1, 2, 2, 3)),
            language="zh" if rng.random() < 0.5 else "",
            must_meet=rng.random() < 0.1,
        )
        accept_request(actor=operator, meeting_request=made)
    return mission, operator


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=40)
    parser.add_argument("--counterparts", type=int, default=120)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--time-limit", type=int, default=60, help="solver seconds (default 60)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    data_dir = tempfile.mkdtemp(prefix="sme2go-bench-planning-")
    try:
        return _measure(args, data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _measure(args: argparse.Namespace, data_dir: str) -> int:
    os.environ.pop("DATABASE_URL", None)
    os.environ["SME2GO_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sme2go.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from sme2go.planning.jobs import start_solver_run
    from sme2go.planning.models import Schedule, SolverRun

    call_command("migrate", verbosity=0, interactive=False)
    started = time.monotonic()
    mission, operator = build(
        companies=args.companies,
        counterparts=args.counterparts,
        requests=args.requests,
        seed=args.seed,
        time_limit=args.time_limit,
    )
    print(
        f"planning bench: {args.companies} companies, {args.counterparts} counterparts, "
        f"{mission.requests.count()} accepted requests, 5 days in 3 cities "
        f"(built in {time.monotonic() - started:.0f} s; solver limit {args.time_limit} s)"
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "sme2go", "worker", "--interval", "0.5", "--verbosity", "0"],
        env=os.environ.copy(),
    )
    try:
        time.sleep(3)  # the worker's start-up is not part of the click
        click = time.monotonic()
        run = start_solver_run(actor=operator, mission=mission)
        while True:
            run.refresh_from_db()
            if run.status not in SolverRun.ACTIVE:
                break
            time.sleep(0.2)
        took = time.monotonic() - click
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    if run.status != SolverRun.Status.DONE:
        print(f"run {run.status}: {run.message}")
        return 1
    draft = Schedule.objects.get(run=run)
    print(f"click → draft: {took:.1f} s (target ≤ {TARGET_S:.0f} s)")
    print(f"{'':22}{'scheduler':>10}{'greedy':>10}")
    print(f"{'breaks':22}{draft.breaks:>10}{draft.greedy_breaks:>10}")
    print(f"{'accepted left out':22}{draft.left_out:>10}{draft.greedy_left_out:>10}")
    print(
        f"solver status {draft.solver_status}, lower bound on breaks {draft.bound}, "
        f"solver {draft.details.get('time_s')} s of the {took:.1f} s"
    )
    met = {
        "within 2 minutes": took <= TARGET_S,
        "fewer breaks than greedy": draft.breaks < draft.greedy_breaks,
        "no more left out than greedy": draft.left_out <= draft.greedy_left_out,
    }
    for name, ok in met.items():
        print(f"  {'met' if ok else 'MISSED'}: {name}")
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
