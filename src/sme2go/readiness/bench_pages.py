"""Benchmark of the readiness pages: a programme's cohort view and one company's PDF report.

Part of ``make bench-readiness`` (``sme2go.readiness.bench`` runs it after the scoring rows;
``python -m sme2go.readiness.bench_pages`` alone). In a throw-away SQLite database it
builds a programme of 1,000 companies with three scored waves each (the scoring bench's
cohort size), then times, the way a browser gets them (Django's test client: routing,
middleware, session, scoping, rendering), best of ``--repeat``:

- the cohort page of the programme, beside the same page of a programme with one company
  (the baseline: everything but the rows);
- one company's PDF report, beside WeasyPrint writing a one-line page (the baseline: the
  PDF engine's fixed cost). WeasyPrint is loaded before timing, as ``sme2go serve`` does.

Target (issue 9): each under 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Callable

COMPANIES = 1000
WAVES = ("intake", "pre_mission", "post_mission")
TARGET_S = 1.0


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


def _programme(name: str, companies: int, operator, rng: random.Random):
    """A programme with ``companies`` companies, each with three submitted waves scored
    through the real scoring (rows written in bulk: the bench times reading, not writing)."""
    import datetime as dt

    from django.utils import timezone

    from sme2go.companies.models import CompanyProfile
    from sme2go.organisations.models import Organisation
    from sme2go.programmes.models import Enrolment, Programme
    from sme2go.readiness.bank import load_bank
    from sme2go.readiness.models import Answer, Assessment, ScoreSnapshot
    from sme2go.readiness.results import snapshot_fields

    generic, china = load_bank("generic"), load_bank("cn")
    programme = Programme.objects.create(
        name=name, start_date=dt.date(2026, 1, 1), end_date=dt.date(2027, 12, 31)
    )
    programme.partners.add(operator)
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"{name} company {n:04d}", kind="company") for n in range(companies)
    )
    CompanyProfile.objects.bulk_create(
        CompanyProfile(organisation=o, offering="Smart-city sensors.", target_markets=["CN"])
        for o in orgs
    )
    Enrolment.objects.bulk_create(
        Enrolment(programme=programme, organisation=o, recruited_by=operator) for o in orgs
    )
    modules = [
        {"bank": "generic", "version": generic.version},
        {"bank": "cn", "version": china.version},
    ]
    start = timezone.now() - dt.timedelta(days=400)
    assessments = Assessment.objects.bulk_create(
        Assessment(
            programme=programme,
            company=o,
            wave=wave,
            modules=modules,
            facts={f.id: rng.random() < 0.4 for f in china.facts},
            status="submitted",
            submitted_at=start + dt.timedelta(days=120 * w),
        )
        for o in orgs
        for w, wave in enumerate(WAVES)
    )
    # Every wave is scored from its answers; only the first company's answers are stored
    # (its PDF report reads them), which keeps building the cohort short.
    stored, snapshots = [], []
    for n, assessment in enumerate(assessments):
        step = n % len(WAVES)
        answers = [
            Answer(
                assessment=assessment,
                bank="generic",
                item_id=item.id,
                level=min(4, rng.randint(0, 2) + step),
            )
            for item in generic.items
        ] + [
            Answer(
                assessment=assessment,
                bank="cn",
                item_id=item.id,
                status=rng.choice(("not_started", "in_progress", "done", "done")[: 2 + step]),
            )
            for item in china.items
        ]
        if n < len(WAVES):
            stored += answers
        snapshots.append(
            ScoreSnapshot(
                assessment=assessment, kind="submitted", **snapshot_fields(assessment, answers)
            )
        )
    Answer.objects.bulk_create(stored)
    ScoreSnapshot.objects.bulk_create(snapshots, batch_size=1000)
    ScoreSnapshot.objects.filter(assessment__programme=programme).update(taken_at=start)
    return programme, assessments


def _best(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def run(repeat: int = 3) -> bool:
    """Build, time and print the rows; whether both targets were met."""
    with tempfile.TemporaryDirectory(prefix="sme2go-readiness-bench-") as data_dir:
        _setup(data_dir)
        from django.contrib.auth import get_user_model
        from django.db import transaction
        from django.test import Client
        from django.urls import reverse

        from sme2go.agendas.exports import warm_pdf
        from sme2go.organisations.models import Membership, Organisation

        rng = random.Random(9)
        built = time.perf_counter()
        with transaction.atomic():
            operator = Organisation.objects.create(name="Operator", kind="operator")
            user = get_user_model().objects.create_user("adviser", password="bench-pass-9")
            Membership.objects.create(user=user, organisation=operator, role="adviser")
            big, assessments = _programme("Cohort", COMPANIES, operator, rng)
            small, _ = _programme("Single", 1, operator, rng)
        built = time.perf_counter() - built
        client = Client()
        client.force_login(user)

        def get(url: str) -> Callable[[], None]:
            def fetch() -> None:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                if not response.streaming:
                    response.content  # noqa: B018 - the body is what the browser waits for

            return fetch

        cohort = reverse("readiness:programme_cohort", kwargs={"programme_pk": big.pk})
        cohort_one = reverse("readiness:programme_cohort", kwargs={"programme_pk": small.pk})
        pdf = reverse("readiness:report_pdf", kwargs={"assessment_pk": assessments[1].pk})
        warm_pdf()
        get(pdf)()  # the first render of the template and its fonts
        rows = [
            (
                f"cohort page, {COMPANIES} companies x {len(WAVES)} waves",
                _best(get(cohort), repeat),
            ),
            ("  baseline: cohort page, 1 company", _best(get(cohort_one), repeat)),
            ("one company's PDF report", _best(get(pdf), repeat)),
            ("  baseline: one-line PDF (WeasyPrint)", _best(warm_pdf, repeat)),
        ]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Readiness pages (test client, throw-away SQLite; built in {built:.1f} s); "
        f"best of {repeat}; load average {load}"
    )
    print(f"{'row':44} {'wall_s':>7} {'cpu_s':>7}")
    for name, (wall, cpu) in rows:
        print(f"{name:44} {wall:7.3f} {cpu:7.3f}")
    cohort_s, pdf_s = rows[0][1][0], rows[2][1][0]
    ok = cohort_s < TARGET_S and pdf_s < TARGET_S
    print(
        f"target: cohort page and PDF report each under {TARGET_S:.0f} s (wall): "
        f"{'met' if ok else 'MISSED'} ({cohort_s:.3f} s, {pdf_s:.3f} s)"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per row (best is shown)")
    args = parser.parse_args(argv)
    return 0 if run(args.repeat) else 1


if __name__ == "__main__":
    raise SystemExit(main())
