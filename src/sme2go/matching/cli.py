"""``sme2go match run|eval|bench``: the matching engine from the command line.

Bad input (see :mod:`.csvio`) ends the command with one line on stderr naming the file,
row and column, exit code 2, and nothing written: ``--output`` is written to a temporary
file in the same directory and renamed into place only when complete.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .crosslingual import LanguageResourceError, check_resources
from .csvio import CsvError, load_companies, load_needs, load_qrels
from .documents import CompanyDoc, Match, NeedDoc
from .evaluate import (
    BOOTSTRAP_RESAMPLES,
    METRICS,
    OkapiBM25,
    PlainBM25,
    compare,
    engine_ranker,
)
from .index import MatchIndex, NeedIndex

# Below this many queries a progress bar is more noise than help.
PROGRESS_MIN = 50
# Queries per hand-off to the worker processes: large enough to amortise the fork.
CHUNK = 2000


def _reasons_json(m: Match) -> dict[str, Any]:
    r = m.reasons
    return {
        "summary": r.summary,
        "terms": list(r.terms),
        "codes": [dataclasses.asdict(c) for c in r.codes],
        "sentence_pair": list(r.sentence_pair) if r.sentence_pair else None,
        "constraints": [dataclasses.asdict(c) for c in r.constraints],
        "codes_only": r.codes_only,
        "translations": list(r.translations),
    }


def _progress(items: Sequence[Any], desc: str) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=len(items), desc=desc, unit="q", file=sys.stderr, disable=len(items) < PROGRESS_MIN
    )


class OutputError(ValueError):
    """``--output`` names a place that cannot be written."""


def _check_output(path: str) -> None:
    """Refuse an ``--output`` that cannot be written, before the inputs are read."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"--output {path}: is a directory; name a file")
    if not target.parent.is_dir():
        raise OutputError(f"--output {path}: the directory {target.parent} does not exist")


def _write_atomic(path: str, text: str) -> None:
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise OutputError(f"--output {path}: cannot write ({exc.strerror})") from None


def cmd_run(args: argparse.Namespace) -> int:
    if args.output:
        _check_output(args.output)
    companies = load_companies(args.companies)
    needs = load_needs(args.needs)
    big = len(companies) >= 10_000
    t0 = time.perf_counter()
    results: list[dict[str, Any]] = []
    if args.direction == "need-to-company":
        index: MatchIndex | NeedIndex = MatchIndex.build(companies, show_progress=big)
        queries: Sequence[CompanyDoc | NeedDoc] = needs
        key, other = "need_id", "company_id"
    else:
        index = NeedIndex.build(needs, show_progress=len(needs) >= 10_000)
        queries = companies
        key, other = "company_id", "need_id"
    t1 = time.perf_counter()
    # Forking pays off only for enough queries; below that, rank in this process.
    workers = (os.cpu_count() or 1) if len(queries) >= PROGRESS_MIN else 1
    bar = _progress(queries, "needs" if key == "need_id" else "companies")
    for start in range(0, len(queries), CHUNK):
        batch = list(queries[start : start + CHUNK])
        problems = {q.id: index.cannot_match(q) for q in batch}  # type: ignore[arg-type]
        usable = [q for q in batch if problems[q.id] is None]
        ranked = dict(
            zip(
                (q.id for q in usable),
                index.rank_many(usable, args.top, workers=workers),  # type: ignore[arg-type]
                strict=True,
            )
        )
        for q in batch:
            result: dict[str, Any] = {key: q.id, "matches": []}
            if problems[q.id] is not None:
                # Said in the result itself, so it is not mistaken for "nothing fits".
                result["problem"] = problems[q.id]
            for m in ranked.get(q.id, []):
                result["matches"].append(
                    {
                        other: m.id,
                        "rank": m.rank,
                        "score": m.score,
                        "fit": m.fit,
                        "precision": m.precision,
                        "reasons": _reasons_json(m),
                    }
                )
            results.append(result)
        bar.update(len(batch))
    bar.close()
    t2 = time.perf_counter()
    out = {"results": results, "meta": {"index_s": round(t1 - t0, 3), "query_s": round(t2 - t1, 3)}}
    text = json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        _write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def _strip_codes(docs: Sequence[Any]) -> list[Any]:
    return [dataclasses.replace(d, cpv=(), domains=()) for d in docs]


def cmd_eval(args: argparse.Namespace) -> int:
    companies: list[CompanyDoc] = load_companies(args.companies)
    needs: list[NeedDoc] = load_needs(args.needs)
    qrels, skipped = load_qrels(args.qrels, {n.id for n in needs}, {c.id for c in companies})
    if skipped:
        print(
            f"sme2go match: {args.qrels}: {skipped} judgement(s) name a need or company "
            "not in the inputs; skipped",
            file=sys.stderr,
        )
    if args.text_only:
        companies, needs = _strip_codes(companies), _strip_codes(needs)
    systems = {
        "engine": engine_ranker(MatchIndex.build(companies)),
        "plain BM25": OkapiBM25(companies).rank,
        "bm25s baseline": PlainBM25(companies).rank,
    }
    reference = "plain BM25"
    if args.reference_needs:
        # The same needs in another language (the originals of translated ones): plain BM25
        # on them is the reference, paired need by need.
        originals = {n.id: n for n in load_needs(args.reference_needs)}
        if missing := [n.id for n in needs if n.id not in originals]:
            raise CsvError(args.reference_needs, f"has no need {missing[0]!r} (of {args.needs})")
        okapi = OkapiBM25(companies)
        reference = "plain BM25, originals"
        systems[reference] = lambda need, k: okapi.rank(originals[need.id], k)
    rows = compare(needs, qrels, systems, reference, args.top)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    n = rows["engine"]["needs"]
    print(f"{n} judged needs, {len(companies)} companies{' (text only)' if args.text_only else ''}")
    print(print_table(rows, args.top), end="")
    return 0


def print_table(rows: dict[str, dict], top: int) -> str:
    """The figures of :func:`.evaluate.compare` as text: one line per system, then the
    paired differences to the reference, each figure with its 95 % bootstrap interval."""
    names = [f"MRR@{top}", *METRICS[1:]]
    width = 27
    lines = [f"{'':30}" + "".join(f"{c:>{width}}" for c in names)]
    for name, row in rows.items():
        cells = [f"{row[k]:.4f} [{row['ci'][k][0]:.3f}, {row['ci'][k][1]:.3f}]" for k in METRICS]
        lines.append(f"{name:30}" + "".join(f"{c:>{width}}" for c in cells))
    reference = next(name for name, row in rows.items() if "diff" not in row)
    for name, row in rows.items():
        if "diff" not in row:
            continue
        cells = [
            f"{row['diff'][k]:+.4f} [{row['diff_ci'][k][0]:+.3f}, {row['diff_ci'][k][1]:+.3f}]"
            for k in METRICS
        ]
        lines.append(f"{name + ' - ' + reference:30}" + "".join(f"{c:>{width}}" for c in cells))
    for name, row in rows.items():
        if "diff" in row and rows[reference]["MRR"] > 0:
            ratio = row["MRR"] / rows[reference]["MRR"]
            lines.append(f"{name}: MRR@{top} {ratio:.2f} x {reference}")
    lines.append(
        f"[..] 95 % bootstrap intervals over needs ({BOOTSTRAP_RESAMPLES} resamples); "
        "differences are paired (the same resampled needs)\n"
    )
    return "\n".join(lines)


def cmd_calibrate(args: argparse.Namespace) -> int:
    from .calibration import POSSIBLE, STRONG, devset_rows, fit

    companies = load_companies(args.companies)
    needs = load_needs(args.needs)
    qrels, _ = load_qrels(args.qrels, {n.id for n in needs}, {c.id for c in companies})
    rows = devset_rows(companies, needs, qrels)
    _, relative, evidence, relevant = zip(*rows, strict=True) if rows else ((), (), (), ())
    print(f"{len(rows)} proposals (top 15 of each judged need), {sum(relevant)} relevant")
    print(f"A, B, C = {fit(relative, evidence, relevant)}  (levels at {STRONG} and {POSSIBLE})")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import run_bench

    sizes = [int(s.replace("k", "000").replace("M", "000000")) for s in args.sizes.split(",") if s]
    return run_bench(sizes, queries=args.queries, seed=args.seed, with_quality=not args.no_quality)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sme2go match", description="Rank companies for needs, with reasons."
    )
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="rank companies for each need (or needs for each company)")
    r.add_argument("--companies", required=True, help="companies.csv: id,name,description[,...]")
    r.add_argument("--needs", required=True, help="needs.csv: id,title,description[,...]")
    r.add_argument("--top", type=int, default=10, help="matches per query (default 10)")
    r.add_argument(
        "--direction", choices=["need-to-company", "company-to-need"], default="need-to-company"
    )
    r.add_argument("--output", help="write the JSON here (atomically) instead of stdout")
    r.set_defaults(func=cmd_run)

    e = sub.add_parser(
        "eval", help="MRR, Hit@1/5/10, nDCG@10 of the engine and two BM25 baselines, with intervals"
    )
    e.add_argument("--companies", required=True)
    e.add_argument("--needs", required=True)
    e.add_argument("--qrels", required=True, help="qrels.csv: need_id,company_id,relevance")
    e.add_argument("--top", type=int, default=10, help="ranking depth for MRR (default 10)")
    e.add_argument("--text-only", action="store_true", help="ignore domains and CPV codes")
    e.add_argument("--json", action="store_true", help="print the figures as JSON")
    e.add_argument(
        "--reference-needs",
        help="needs.csv with the same ids in another language (e.g. the English originals "
        "of translated needs): plain BM25 on them is the reference",
    )
    e.set_defaults(func=cmd_eval)

    c = sub.add_parser("calibrate", help="fit the fit-level curve on a judged set")
    c.add_argument("--companies", required=True)
    c.add_argument("--needs", required=True)
    c.add_argument("--qrels", required=True)
    c.set_defaults(func=cmd_calibrate)

    b = sub.add_parser("bench", help="index time, latency, throughput, memory vs plain bm25s")
    b.add_argument(
        "--sizes", default="10k,100k,1M", help="comma-separated sizes (default 10k,100k,1M)"
    )
    b.add_argument("--queries", type=int, default=300, help="needs per size (default 300)")
    b.add_argument("--seed", type=int, default=7)
    b.add_argument("--no-quality", action="store_true", help="skip the dev-set quality figures")
    b.set_defaults(func=cmd_bench)
    return p


def main(argv: list[str]) -> int:
    """Entry point used by ``sme2go match``; returns the exit code."""
    args = build_parser().parse_args(argv)
    if getattr(args, "top", 1) < 1:
        print("sme2go match: --top must be at least 1", file=sys.stderr)
        return 2
    try:
        # A missing or corrupt dictionary stops every command before any work.
        check_resources()
        return int(args.func(args))
    except (CsvError, OutputError, LanguageResourceError) as exc:
        print(f"sme2go match: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
