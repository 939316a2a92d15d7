"""``sme2go schedule bench``: CP-SAT beside the greedy baseline, every answer checked.

Runs, in one process: every ``.dzn`` instance of the directory with d = 2 (published
optimum from ``optima.csv`` beside it); the variant families of
:data:`.generators.FAMILIES` (precedences on 15 % and 25 % of the meetings; forbidden
slots at two densities; 20 % and 40 % of the meetings fixed, with forbidden slots;
d = 0, 1, 3), drawn with fixed seeds from the published instances and a schedule of
each (:data:`SOURCES_FILE`); and the two synthetic scale instances (a b2match-size brokerage day and a
five-day three-city trip), each with several solver seeds and the spread of their
breaks. Each row is printed as soon as it is done; the last line gives peak memory
(RSS) of the bench and of the largest child process (a SAT search).
"""

from __future__ import annotations

import csv
import json
import random
import resource
import sys
from dataclasses import dataclass
from pathlib import Path

from .checker import check
from .cpsat import SolveOptions, solve
from .dzn import load_dzn
from .generators import FAMILIES, brokerage_event, delegation_trip, family_variant
from .greedy import greedy
from .model import Assignment, Instance, Result

COLUMNS = (
    ("instance", 36),
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
    ("priority_sum", 16),
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
        first = "-"
        if r.weight_bound is not None:
            first = f"{r.scheduled_weight}/{r.weight_bound} {r.weight_gap():.1%}"
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
            first,
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


# CP-SAT deterministic seconds for the schedule of each original from which its
# variants are drawn: measured, every published instance has a schedule within it
# (20 of 20, 162 s for all on a quiet machine; 0.3 left 11 without one).
SOURCE_WORK = 2.0
# The schedules the variants are drawn from, kept with the package: drawn once on the
# published instances (``sme2go schedule bench --save-sources``), so that a change to the
# solver does not change the variant instances it is measured on.
SOURCES_FILE = Path(__file__).parent / "data" / "variant_sources.json"
SOURCES_FORMAT = "sme2go-variant-sources/1"


def _draw(instance: Instance, workers: int, seed: int) -> Result | None:
    """A deterministic solve of ``instance`` within :data:`SOURCE_WORK`; None without a
    complete schedule."""
    options = SolveOptions(
        time_limit=600.0, workers=workers, seed=seed, deterministic=True, work=SOURCE_WORK
    )
    result = solve(instance, options)
    return result if result.assignments and not result.unscheduled else None


def save_sources(path: Path, instances: dict[str, Instance], workers: int, seed: int) -> int:
    """Draw a schedule of each instance (:func:`_draw`) and write them to ``path`` in
    the format of :data:`SOURCES_FILE`: per instance file name, (meeting, slot, venue,
    table) rows, 1-based. Returns how many instances have one."""
    drawn: dict[str, list[list[int]]] = {}
    for name, instance in instances.items():
        result = _draw(instance, workers, seed)
        if result is not None:
            rows = sorted(result.assignments, key=lambda a: a.meeting)
            drawn[name] = [[a.meeting, a.slot, a.venue, a.table] for a in rows]
    body = {"format": SOURCES_FORMAT, "work": SOURCE_WORK, "seed": seed, "instances": drawn}
    path.write_text(json.dumps(body, separators=(",", ":")) + "\n", encoding="utf-8")
    return len(drawn)


def _saved(instance: Instance, rows: object) -> dict[int, int] | None:
    """The saved schedule ``rows`` of ``instance`` as meeting -> slot, or None when the
    checker does not accept it as a schedule of this instance with d = 2 (a file of
    that name that is not the published one)."""
    try:
        placed = [Assignment(*row) for row in rows]
        result = Result("feasible", None, None, 0.0, placed, [], {})
        # Only the places: the checker counts the breaks itself.
        solution = {"meetings": result.to_json(instance)["meetings"]}
    except (TypeError, ValueError, IndexError):
        return None
    if not check(instance, solution, fairness=2).valid:
        return None
    return {a.meeting: a.slot for a in placed}


def _sources(
    instances: dict[str, Instance], workers: int, seed: int, saved_in: Path = SOURCES_FILE
) -> dict[str, dict[int, int]]:
    """A schedule (1-based meeting -> slot) of each original, from which its variants
    are drawn: the one saved in ``saved_in`` when the checker accepts it, else
    from a deterministic solve (:func:`_draw`), so that every run of the bench draws the
    same variants (the timed rows' schedules differ between runs: their solves race the
    clock). An original without one has no variants."""
    saved: dict = {}
    if saved_in.is_file():
        body = json.loads(saved_in.read_text(encoding="utf-8"))
        if body.get("format") == SOURCES_FORMAT and body.get("seed") == seed:
            saved = body.get("instances", {})
    out: dict[str, dict[int, int]] = {}
    for name, instance in instances.items():
        schedule = _saved(instance, saved[name]) if name in saved else None
        if schedule is None:
            result = _draw(instance, workers, seed)
            if result is not None:
                schedule = {a.meeting: a.slot for a in result.assignments}
        if schedule is not None:
            out[name] = schedule
    return out


def load_directory(directory: Path) -> dict[str, Instance]:
    """Every ``.dzn`` instance of ``directory`` by file name, in name order."""
    files = sorted(directory.glob("*.dzn")) if directory.is_dir() else []
    return {path.name: load_dzn(path) for path in files}


def run_bench(
    directory: Path,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    variants: int | None = 1,
    synthetic: bool = True,
    synthetic_time_limit: float = 120.0,
    variant_time_limit: float = 30.0,
    synthetic_seeds: int = 3,
) -> int:
    """Run the benchmark and print the table; exit code 1 if any check failed.

    ``variants``: base instances per variant family (drawn with ``seed``), None for all
    of them. ``synthetic_seeds``: solver seeds per synthetic instance (the spread of
    breaks over them is printed)."""

    def options(limit: float) -> SolveOptions:
        return SolveOptions(time_limit=limit, workers=workers, seed=seed)

    instances = load_directory(directory)
    if not instances:
        print(f"no .dzn instances in {directory}", file=sys.stderr)
    optima: dict[str, str] = {}
    optima_file = directory / "optima.csv"
    if optima_file.is_file():
        with optima_file.open(encoding="utf-8") as fh:
            optima = {r["instance"]: r["optimal_breaks"] for r in csv.DictReader(fh)}
    print(_line([c for c, _ in COLUMNS]))
    print(_line(["-" * w for _, w in COLUMNS]))
    rows = [
        _run_one(name, instance, 2, optima.get(name, "-"), options(time_limit))
        for name, instance in instances.items()
    ]
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
    variant_rows: list[Row] = []
    known = _sources(instances, workers, seed) if variants != 0 else {}
    for family in FAMILIES:
        bases = [n for n in names if n in known]
        if variants is not None:
            bases = sorted(rng.sample(bases, min(variants, len(bases))))
        for name in bases:
            inst, fairness = family_variant(instances[name], family, known[name], seed=seed)
            short = f"{name.removesuffix('.original.dzn')}+{family}"
            row = _run_one(short, inst, fairness, "-", options(variant_time_limit))
            variant_rows.append(row)
    rows.extend(variant_rows)
    if variant_rows:
        settled = [r for r in variant_rows if r.result.status in ("optimal", "infeasible")]
        slowest = max(r.result.time_s for r in variant_rows)
        infeasible = sum(1 for r in settled if r.result.status == "infeasible")
        print(
            f"variants: {len(settled)}/{len(variant_rows)} proven optimal or infeasible "
            f"({infeasible} infeasible), slowest {slowest:.1f} s, limit {variant_time_limit:g} s",
            flush=True,
        )

    if synthetic:
        for inst in (brokerage_event(seed), delegation_trip(seed)):
            runs = []
            for k in range(synthetic_seeds):
                opts = options(synthetic_time_limit)
                opts.seed = seed + k
                row = _run_one(f"{inst.name}@{seed + k}", inst, 2, "-", opts)
                runs.append(row)
            rows.extend(runs)
            found = [r.result.objective for r in runs if r.result.objective is not None]
            if len(found) > 1:
                mean = sum(found) / len(found)
                spread = max(found) - min(found)
                share = spread / mean if mean else 0.0
                line = (
                    f"{inst.name}: breaks {min(found)}-{max(found)} over {len(found)} seeds, "
                    f"spread {spread} = {share:.0%} of the mean {mean:.1f}"
                )
                weights = [r.result for r in runs if r.result.weight_bound is not None]
                if weights:
                    gaps = [r.weight_gap() or 0.0 for r in weights]
                    line += (
                        f"; priority sum {min(r.scheduled_weight for r in weights)}-"
                        f"{max(r.scheduled_weight for r in weights)}, "
                        f"gap {min(gaps):.1%}-{max(gaps):.1%}"
                    )
                print(line, flush=True)

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
