"""``sme2go schedule bench``: CP-SAT beside the greedy baseline, every answer checked.

Runs, in one process: every ``.dzn`` instance of the directory with d = 2 (published
optimum from ``optima.csv`` beside it); seeded variants (forbidden slots, fixed meetings
from a known schedule, random fixed meetings, precedences, d = 0, 1, 3); and the two
synthetic scale instances (a b2match-size brokerage day and a five-day three-city trip).
Each row is printed as soon as it is done; the last lines give peak memory (RSS) of the bench and of the largest child process
(the second SAT search).
"""

from __future__ import annotations

import csv
import random
import resource
import sys
from dataclasses import dataclass
from pathlib import Path

from .checker import check
from .cpsat import SolveOptions, solve
from .dzn import load_dzn
from .generators import brokerage_event, delegation_trip, fixed_from_schedule, variant
from .greedy import greedy
from .model import Instance, Result

COLUMNS = (
    ("instance", 34),
    ("d", 2),
    ("published", 9),
    ("ours", 16),
    ("bound", 5),
    ("gap", 6),
    ("status", 10),
    ("time_s", 7),
    ("greedy", 6),
    ("greedy_placed", 13),
    ("check", 8),
)


@dataclass
class Row:
    """One line of the table."""

    name: str
    fairness: int
    published: str
    result: Result
    baseline: Result
    total: int
    check: str

    def cells(self) -> list[str]:
        r = self.result
        gap = "-"
        if r.objective is not None and r.bound is not None:
            gap = f"{(r.objective - r.bound) / max(r.objective, 1):.0%}"
        placed = self.total - len(self.baseline.unscheduled)
        ours = "-" if r.objective is None else str(r.objective)
        if r.unscheduled and r.objective is not None:
            ours += f" ({self.total - len(r.unscheduled)}/{self.total} met)"
        return [
            self.name,
            str(self.fairness),
            self.published,
            ours,
            "-" if r.bound is None else str(r.bound),
            gap,
            r.status,
            f"{r.time_s:.1f}",
            str(self.baseline.objective),
            f"{placed}/{self.total}",
            self.check,
        ]


def _line(cells: list[str]) -> str:
    return "  ".join(
        c.ljust(w) if i == 0 else c.rjust(w)
        for i, (c, (_, w)) in enumerate(zip(cells, COLUMNS, strict=True))
    )


def _run_one(
    name: str, instance: Instance, fairness: int, published: str, options: SolveOptions
) -> Row:
    options.fairness = fairness
    result = solve(instance, options)
    baseline = greedy(instance, fairness=fairness)
    if result.objective is None:
        verdict = "none"
    else:
        report = check(instance, result.to_json(instance), fairness=fairness)
        verdict = "ok" if report.valid else f"FAIL({len(report.violations)})"
    row = Row(name, fairness, published, result, baseline, len(instance.meetings), verdict)
    print(_line(row.cells()), flush=True)
    return row


def run_bench(
    directory: Path,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    variants: int = 1,
    synthetic: bool = True,
    synthetic_time_limit: float = 120.0,
) -> int:
    """Run the benchmark and print the table; exit code 1 if any check failed."""

    def options(limit: float) -> SolveOptions:
        return SolveOptions(time_limit=limit, workers=workers, seed=seed)

    files = sorted(directory.glob("*.dzn")) if directory.is_dir() else []
    if not files:
        print(f"no .dzn instances in {directory}", file=sys.stderr)
    optima: dict[str, str] = {}
    optima_file = directory / "optima.csv"
    if optima_file.is_file():
        with optima_file.open(encoding="utf-8") as fh:
            optima = {r["instance"]: r["optimal_breaks"] for r in csv.DictReader(fh)}
    print(_line([c for c, _ in COLUMNS]))
    print(_line(["-" * w for _, w in COLUMNS]))
    rows: list[Row] = []
    instances: dict[str, Instance] = {}
    for path in files:
        instances[path.name] = load_dzn(path)
        rows.append(
            _run_one(
                path.name, instances[path.name], 2, optima.get(path.name, "-"), options(time_limit)
            )
        )
    published = [r for r in rows if r.published != "-"]
    if published:
        hit = sum(1 for r in published if str(r.result.objective) == r.published)
        proven = sum(1 for r in published if r.result.status == "optimal")
        slowest = max(r.result.time_s for r in published)
        print(
            f"published: {hit}/{len(published)} at the published optimum, "
            f"{proven}/{len(published)} proven optimal, slowest {slowest:.1f} s",
            flush=True,
        )

    rng = random.Random(seed)
    names = sorted(instances)
    for k in range(variants if names else 0):
        for kind in ("forbidden", "fixed-known", "fixed-random", "precedences", "d0", "d1", "d3"):
            name = rng.choice(names)
            base = instances[name]
            fairness = 2
            if kind.startswith("d"):
                inst, fairness = base, int(kind[1])
            elif kind == "fixed-known":
                source = next(r for r in rows if r.name == name).result
                if not source.assignments:
                    continue
                slots = {a.meeting: a.slot for a in source.assignments}
                inst = fixed_from_schedule(base, slots, rng.uniform(0.2, 0.4), seed=seed + k)
            else:
                inst = variant(base, kind.removesuffix("-random"), seed=seed + k)
            rows.append(
                _run_one(
                    f"{name.removesuffix('.original.dzn')}+{kind}",
                    inst,
                    fairness,
                    "-",
                    options(time_limit),
                )
            )

    if synthetic:
        for inst in (brokerage_event(seed), delegation_trip(seed)):
            rows.append(_run_one(inst.name, inst, 2, "-", options(synthetic_time_limit)))

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The second SAT search runs in a forked child; counting its pages shared with this
    # process twice, the sum is an upper bound of what both held at once.
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"peak memory (RSS): {peak:.0f} MiB, largest SAT child process {child:.0f} MiB, "
        f"together at most {peak + child:.0f} MiB"
    )
    failed = [r.name for r in rows if r.check.startswith("FAIL")]
    if failed:
        print(f"checker rejected: {', '.join(failed)}")
    return 1 if failed else 0
