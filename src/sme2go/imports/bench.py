"""Benchmark: the company import and the API's list endpoints at the issue's size.

``python -m sme2go.imports.bench [--companies N]`` builds a throw-away SQLite database with
one programme and its operator, then

1. writes an XLSX of N companies (default 10,000) in the import's format and times the
   preview and the commit (``imports.domain``), then a re-import of the same keys with
   every row changed (new offering, one more product, new contact e-mail), wall clock and this process's CPU time
   (the machine may be shared: the CPU time is what the import itself costs), with the
   process's peak memory; the baseline, measured in the same run, is openpyxl reading the
   same file cell by cell. The commit reads and checks the file again (the preview's
   work) and writes the new companies through the batch domain function
   ``companies.domain.create_companies`` (the changed ones through
   ``update_companies``): a fixed number of queries per 500 rows, where the single
   functions took about 60 a new row and 18 a changed one;
2. times ``GET /api/v1/organisations?kind=company`` pages over those N companies (Django's
   test client, token authentication) and counts the queries per page; the baseline is
   ``GET /api/v1/programmes`` (one small row) in the same run.

Targets (issue 11): preview and commit each under 60 s with constant memory per row;
p95 under 100 ms per API page with a fixed number of queries.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time


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
    settings.IMPORT_MAX_BYTES = 200 * 1024 * 1024
    call_command("migrate", verbosity=0)


def _world():
    import datetime as dt

    from django.contrib.auth import get_user_model

    from sme2go.organisations.models import Membership, Organisation
    from sme2go.programmes.models import Programme

    operator = Organisation.objects.create(name="Posintra Oy", kind="operator")
    user = get_user_model().objects.create_user("bench", password="x")
    Membership.objects.create(user=user, organisation=operator, role="manager")
    programme = Programme.objects.create(
        name="Bench", start_date=dt.date(2026, 1, 1), end_date=dt.date(2027, 12, 31)
    )
    programme.partners.add(operator)
    return user, programme


def _xlsx(n: int, changed: bool = False) -> bytes:
    """N companies in the import's format; ``changed``: the same keys with a new offering,
    one more product and a new contact e-mail in every row."""
    from openpyxl import Workbook

    from sme2go.imports.companies import COLUMNS, EXAMPLE_ROWS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("companies")
    sheet.append(list(COLUMNS))
    example = EXAMPLE_ROWS[0]
    for i in range(n):
        row = {**example, "key": f"K-{i:05d}", "name": f"Company {i:05d} Oy"}
        row["contact_email"] = f"c{i}@example.org"
        if changed:
            row["offering"] = f"{row['offering']} Now with remote monitoring."
            row["products"] = f"{row['products']}; Remote monitoring"
            row["contact_email"] = f"sales{i}@example.org"
        sheet.append([row[c] for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    """The 1-minute load average, printed beside each timing of a shared machine."""
    return f"{os.getloadavg()[0]:.1f}"


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=40, help="API pages timed per endpoint")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sme2go-bench-io-") as data_dir:
        _setup(data_dir)
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from openpyxl import load_workbook

        from sme2go.api.domain import create_api_token
        from sme2go.imports.domain import commit_import, preview_import

        user, programme = _world()
        n = args.companies
        data = _xlsx(n)
        print(f"import of {n} companies from XLSX ({len(data) / 1e6:.1f} MB)")
        start, cpu = time.perf_counter(), time.process_time()
        workbook = load_workbook(io.BytesIO(data), read_only=True)
        cells = sum(1 for row in workbook.active.iter_rows(values_only=True) for _ in row)
        baseline, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"  baseline: openpyxl reads {cells} cells        {baseline:7.1f} s"
            f"   cpu {cpu:6.1f} s   load {_load()}"
        )
        memory = _peak_mb()

        def timed(label: str, work):
            start, cpu = time.perf_counter(), time.process_time()
            result = work()
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(
                f"  {label:<36} {took:7.1f} s   cpu {cpu:6.1f} s   load {_load()}"
                f"   peak RSS {_peak_mb():.0f} MB"
            )
            return result

        first = data
        for file_name, data, status in (
            ("bench.xlsx", first, "new"),
            ("again.xlsx", _xlsx(n, changed=True), "changed"),
        ):
            if status == "changed":
                print(f"re-import of the {n} companies, every row changed")
            call = dict(
                kind="companies", actor=user, programme=programme, file_name=file_name, data=data
            )
            preview = timed(f"preview ({n} {status})", lambda call=call: preview_import(**call))
            assert preview.ok and preview.count(status) == n, preview.problems[:3]
            del preview
            timed(
                f"commit ({n} {'written' if status == 'new' else 'updated'})",
                lambda call=call: commit_import(**call),
            )
        print(f"  (peak RSS before the import: {memory:.0f} MB)")

        _, token = create_api_token(actor=user, name="bench")
        client = Client(headers={"Authorization": f"Bearer {token}"})

        def timed(path: str, pages: int) -> tuple[list[float], int]:
            client.get(path)
            times = []
            for page in range(1, pages + 1):
                start = time.perf_counter()
                response = client.get(path, {"page": page})
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.content[:200]
            with CaptureQueriesContext(connection) as queries:
                client.get(path, {"page": pages})
            return times, len(queries)

        print(f"API pages (25 rows) over {n} companies")
        times, queries = timed("/api/v1/programmes", args.pages)
        print(
            f"  baseline /programmes            p50 {statistics.median(times):6.1f} ms"
            f"   p95 {_p95(times):6.1f} ms   {queries} queries"
        )
        times, queries = timed("/api/v1/organisations?kind=company", args.pages)
        print(
            f"  /organisations?kind=company     p50 {statistics.median(times):6.1f} ms"
            f"   p95 {_p95(times):6.1f} ms   {queries} queries"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
