"""``sme2go schedule solve|check|bench`` (interfaces documented in docs/scheduling.md).

Exit codes: 0 when the answer is optimal, feasible or proven infeasible (``check``: the
schedule is valid), 1 when the solver found nothing in time (``check``: violations), 2
for bad input, with one message on stderr naming the field and, for ``.dzn``, the line.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from .model import Instance, InstanceError, Progress, read_text

EXIT_OK, EXIT_UNKNOWN, EXIT_BAD_INPUT = 0, 1, 2


def load_instance(path: str | Path) -> Instance:
    """Load a ``.dzn`` or ``.json`` instance; :class:`InstanceError` on any problem."""
    from .dzn import load_dzn
    from .jsonformat import load_json

    path = Path(path)
    if not path.is_file():
        raise InstanceError(f"{path}: no such file")
    if path.suffix == ".dzn":
        return load_dzn(path)
    if path.suffix == ".json":
        return load_json(path)
    raise InstanceError(f"{path}: unknown instance format (expected .dzn or .json)")


class _Bar:
    """A tqdm bar on stderr that advances with elapsed time and shows objective/bound."""

    def __init__(self, total: float, enabled: bool) -> None:
        from tqdm import tqdm

        self.bar = tqdm(
            total=round(total, 1),
            unit="s",
            file=sys.stderr,
            disable=not enabled,
            leave=False,
            bar_format="{l_bar}{bar}| {n:.0f}/{total:.0f}s {postfix}",
        )
        self.start = time.monotonic()
        self.total = total
        self.objective: float | None = None
        self.bound: float | None = None
        self.phase = "breaks"
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._tick, daemon=True)
        self.thread.start()

    def report(self, progress: Progress) -> None:
        with self.lock:
            if progress.phase != self.phase:
                self.phase, self.objective, self.bound = progress.phase, None, None
            if progress.objective is not None:
                self.objective = progress.objective
            if progress.bound is not None:
                self.bound = progress.bound

    def _tick(self) -> None:
        while not self.done.wait(0.25):
            with self.lock:
                elapsed = min(time.monotonic() - self.start, self.total)
                self.bar.n = round(elapsed, 1)
                obj = "-" if self.objective is None else f"{self.objective:.0f}"
                bound = "-" if self.bound is None else f"{self.bound:.0f}"
                self.bar.set_postfix_str(f"{self.phase} {obj} bound {bound}", refresh=False)
                self.bar.refresh()

    def close(self) -> None:
        self.done.set()
        self.thread.join()
        self.bar.close()


def check_output(path: str) -> None:
    """Refuse an ``--output`` that cannot be written, before any work is done."""
    target = Path(path)
    if target.is_dir():
        raise InstanceError(f"--output {path}: is a directory; name a file")
    parent = target.parent
    if not parent.is_dir():
        raise InstanceError(f"--output {path}: the directory {parent} does not exist")


def write_output(path: str, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file, then a rename)."""
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise InstanceError(f"--output {path}: cannot write ({exc.strerror})") from None


def _solve(args: argparse.Namespace) -> int:
    from .cpsat import SolveOptions, solve
    from .greedy import greedy

    if args.output:
        check_output(args.output)
    instance = load_instance(args.instance)
    if args.method == "greedy":
        result = greedy(instance, fairness=args.fairness)
    else:
        bar = _Bar(args.time_limit, enabled=not args.quiet)
        try:
            result = solve(
                instance,
                SolveOptions(
                    fairness=args.fairness,
                    time_limit=args.time_limit,
                    workers=args.workers,
                    seed=args.seed,
                    deterministic=args.deterministic,
                    work=args.work,
                    priority_mode=None if args.mode is None else args.mode == "priority",
                    progress=bar.report,
                ),
            )
        finally:
            bar.close()
    text = json.dumps(result.to_json(instance), indent=1)
    if args.output:
        write_output(args.output, text + "\n")
    else:
        print(text)
    first = ""
    if result.weight_bound is not None:
        first = (
            f"priority sum {result.scheduled_weight} of at most {result.weight_bound} "
            f"(gap {result.weight_gap():.1%}), "
        )
    print(
        f"{instance.name}: {result.status}, {first}breaks {result.objective}, "
        f"bound {result.bound}, {len(result.unscheduled)} unscheduled, {result.time_s:.1f} s",
        file=sys.stderr,
    )
    return EXIT_UNKNOWN if result.status == "unknown" else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .checker import check

    instance = load_instance(args.instance)
    try:
        solution = json.loads(read_text(Path(args.solution)))
    except FileNotFoundError:
        raise InstanceError(f"{args.solution}: no such file") from None
    except json.JSONDecodeError as exc:
        raise InstanceError(f"{args.solution} (line {exc.lineno}): not valid JSON") from None
    if not isinstance(solution, dict):
        raise InstanceError(f"{args.solution}: expected a JSON object")
    if solution.get("status") in ("infeasible", "unknown") and not solution.get("meetings"):
        print(f"no schedule to check (status {solution.get('status')})")
        return EXIT_UNKNOWN
    report = check(instance, solution, fairness=args.fairness)
    if report.valid:
        print(f"valid: objective {report.objective}")
        return EXIT_OK
    for line in report.violations:
        print(line)
    print(f"invalid: {len(report.violations)} violation(s)", file=sys.stderr)
    return EXIT_UNKNOWN


def _bench(args: argparse.Namespace) -> int:
    from .bench import load_directory, run_bench, save_sources

    directory = Path(args.dir) if args.dir else _default_bench_dir()
    if args.save_sources:
        instances = load_directory(directory)
        count = save_sources(Path(args.save_sources), instances, args.workers, args.seed)
        print(f"{args.save_sources}: a variant source for {count} of {len(instances)} instances")
        return EXIT_OK
    return run_bench(
        directory,
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        variants=None if args.variants == "all" else int(args.variants),
        synthetic=not args.no_synthetic,
        synthetic_time_limit=args.synthetic_time_limit,
        variant_time_limit=args.variant_time_limit,
        synthetic_seeds=args.synthetic_seeds,
    )


def _default_bench_dir() -> Path:
    """``../shared/benchmarks/b2b`` next to the current directory or the repository."""
    here = Path.cwd() / ".." / "shared" / "benchmarks" / "b2b"
    repo = Path(__file__).resolve().parents[3] / ".." / "shared" / "benchmarks" / "b2b"
    return here if here.is_dir() else repo


def _variants(text: str) -> str:
    if text != "all" and not (text.isdigit() and int(text) >= 0):
        raise argparse.ArgumentTypeError(f"expected a count or 'all', got {text!r}")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sme2go schedule", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    solve = sub.add_parser("solve", help="solve an instance (.dzn or .json)")
    solve.add_argument("instance")
    solve.add_argument("--fairness", type=int, default=2, metavar="D")
    solve.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS")
    solve.add_argument("--workers", type=int, default=2, metavar="N")
    solve.add_argument("--seed", type=int, default=0, metavar="S")
    solve.add_argument("--method", choices=("cpsat", "greedy"), default="cpsat")
    solve.add_argument(
        "--mode",
        choices=("all", "priority"),
        default=None,
        help="override the instance's mode (default: from the instance)",
    )
    solve.add_argument(
        "--deterministic",
        action="store_true",
        help="interleaved search: same answer for the same seed and workers",
    )
    solve.add_argument(
        "--work",
        type=float,
        default=None,
        metavar="DETSECONDS",
        help="with --deterministic: total work in CP-SAT deterministic seconds, so the "
        "answer does not depend on the machine's load (--time-limit stays a safety net)",
    )
    solve.add_argument("--output", metavar="FILE")
    solve.add_argument("--quiet", action="store_true", help="no progress bar")
    solve.set_defaults(run=_solve)

    chk = sub.add_parser("check", help="verify a solution with the independent checker")
    chk.add_argument("instance")
    chk.add_argument("solution")
    chk.add_argument("--fairness", type=int, default=2, metavar="D")
    chk.set_defaults(run=_check)

    bench = sub.add_parser("bench", help="benchmark CP-SAT against the greedy baseline")
    bench.add_argument("dir", nargs="?", default=None)
    bench.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS")
    bench.add_argument("--synthetic-time-limit", type=float, default=120.0, metavar="SECONDS")
    bench.add_argument("--workers", type=int, default=2, metavar="N")
    bench.add_argument("--seed", type=int, default=0, metavar="S")
    bench.add_argument(
        "--variants",
        type=_variants,
        default="1",
        metavar="K|all",
        help="base instances per variant family (precedences, forbidden slots, fixed "
        "meetings with forbidden slots, d=0/1/3); 'all' for every published instance",
    )
    bench.add_argument("--variant-time-limit", type=float, default=30.0, metavar="SECONDS")
    bench.add_argument(
        "--synthetic-seeds", type=int, default=3, metavar="N", help="solver seeds per instance"
    )
    bench.add_argument("--no-synthetic", action="store_true")
    bench.add_argument(
        "--save-sources",
        metavar="FILE",
        help="instead of the bench, draw the schedules the variants come from and write "
        "them to FILE (the package keeps them in scheduling/data/variant_sources.json)",
    )
    bench.set_defaults(run=_bench)
    return parser


def main(argv: list[str]) -> int:
    """Entry point of ``sme2go schedule``; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_BAD_INPUT if exc.code else EXIT_OK
    if getattr(args, "work", None) is not None and not (math.isfinite(args.work) and args.work > 0):
        print(
            f"sme2go schedule: --work must be a positive finite number, got {args.work}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    for name, lowest in (
        ("fairness", 0),
        ("workers", 1),
        ("time_limit", 0.001),
        ("synthetic_time_limit", 0.001),
        ("variant_time_limit", 0.001),
        ("synthetic_seeds", 1),
    ):
        value = getattr(args, name, lowest)
        # NaN compares false with everything, so it is refused explicitly, and so is
        # infinity: a solve must end.
        problem = None
        if not math.isfinite(value):
            problem = f"must be a finite number, got {value}"
        elif value < lowest:
            problem = f"must be at least {lowest}"
        if problem:
            option = "--" + name.replace("_", "-")
            print(f"sme2go schedule: {option} {problem}", file=sys.stderr)
            return EXIT_BAD_INPUT
    try:
        return args.run(args)
    except InstanceError as exc:
        print(f"sme2go schedule: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
