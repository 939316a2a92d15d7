"""``sme2go match bench``: speed and memory of the engine beside plain bm25s.

For each size, synthetic company profiles (about 55 words from a Zipf-distributed
vocabulary of 40,000 pseudo-words arranged in topics, plus a domain and a CPV code on half
of them) are indexed, then synthetic needs are ranked. Each (size, system) runs in its own
child process so that its peak memory (``ru_maxrss``) is its own; data generation is
counted in the peak but not in the timings.

Reported: index time, single-need latency p50/p95 (top 10; the engine with full reasons),
batch throughput in needs/s (the engine's ``rank_many`` over all cores, ranking only as
``match eval`` does; the baseline one by one, as bm25s has no multi-process query path), and
peak resident memory.

Before the sizes, the quality on the real development sets (:data:`QUALITY_SETS`): MRR@10
and Hit@10 of the engine beside plain Okapi BM25 in the same run, with 95 % bootstrap
intervals and the paired difference.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import numpy as np

from .documents import CompanyDoc, NeedDoc

_TESTS_DATA = Path(__file__).resolve().parents[3] / "tests" / "data"
# (label, companies.csv, needs.csv, qrels.csv) of each real development set the bench
# reports; a set in another language judged against the same profiles adds a row here.
QUALITY_SETS: list[tuple[str, Path, Path, Path]] = [
    (
        "English needs (TED UK 2020)",
        _TESTS_DATA / "ted-uk-2020" / "companies.csv",
        _TESTS_DATA / "ted-uk-2020" / "needs.csv",
        _TESTS_DATA / "ted-uk-2020" / "qrels.csv",
    ),
    # The first 160 of those needs in Chinese (tests/data/matching-dev-zh/README.md),
    # against the same English profiles: cross-language matching (docs/matching-crosslingual.md).
    (
        "Chinese needs (same, 160)",
        _TESTS_DATA / "ted-uk-2020" / "companies.csv",
        _TESTS_DATA / "matching-dev-zh" / "needs.csv",
        _TESTS_DATA / "matching-dev-zh" / "qrels.csv",
    ),
]

VOCAB = 40_000
TOPICS = 200
WORDS_PER_DOC = 55
_SYLL = [c + v for c in "bdfghklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
_CPV = [
    "45252127",
    "90480000",
    "44211000",
    "42215000",
    "90731000",
    "09323000",
    "72000000",
    "34923000",
]
_DOMAINS = ["water", "buildings", "food", "environment", "energy", "ict", "mobility", "waste"]


@cache
def _vocab(seed: int) -> np.ndarray:
    """The pseudo-word vocabulary for ``seed`` (shared by companies and needs)."""
    rng = np.random.default_rng(seed)
    n = VOCAB * 2  # draw extra: some syllable strings repeat
    syll = rng.integers(0, len(_SYLL), size=(n, 4))
    lengths = rng.integers(2, 5, size=n)
    words = dict.fromkeys(
        "".join(_SYLL[i] for i in row[:k])
        for row, k in zip(syll.tolist(), lengths.tolist(), strict=True)
    )
    return np.array(list(words)[:VOCAB])


def _texts(rng: np.random.Generator, seed: int, n: int, length: int) -> list[str]:
    """Topic-mixture texts: 60 % topic words, 40 % Zipf background words.

    Topics and vocabulary come from ``seed`` so companies and needs share them.
    """
    vocab = _vocab(seed)
    topic_words = np.random.default_rng(seed).integers(0, VOCAB, size=(TOPICS, 300))
    zipf = 1.0 / np.arange(1, VOCAB + 1) ** 1.05
    zipf /= zipf.sum()
    out = []
    chunk = 10_000
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        topics = rng.integers(0, TOPICS, size=m)
        n_topic = int(length * 0.6)
        tw = topic_words[topics[:, None], rng.integers(0, 300, size=(m, n_topic))]
        bg = rng.choice(VOCAB, size=(m, length - n_topic), p=zipf)
        ids = np.concatenate([tw, bg], axis=1)
        words = vocab[ids]
        out.extend(" ".join(row) + "." for row in words.tolist())
    return out


def make_companies(n: int, seed: int) -> list[CompanyDoc]:
    """Return ``n`` synthetic company profiles (deterministic for a seed)."""
    texts = _texts(np.random.default_rng(seed + 1), seed, n, WORDS_PER_DOC)
    return [
        CompanyDoc(
            id=f"c{i}",
            name=f"Company {i}",
            texts={"description": t},
            domains=(_DOMAINS[i % 8],) if i % 2 else (),
            cpv=(_CPV[i % 8],) if i % 2 else (),
            country=("FI", "SE", "EE")[i % 3],
        )
        for i, t in enumerate(texts)
    ]


def make_needs(n: int, seed: int) -> list[NeedDoc]:
    """Return ``n`` synthetic needs (about 40 words), a third with codes."""
    texts = _texts(np.random.default_rng(seed + 2), seed, n, 40)
    return [
        NeedDoc(
            id=f"n{i}",
            title=" ".join(t.split()[:4]),
            texts={"description": t},
            domains=(_DOMAINS[i % 8],) if i % 3 == 0 else (),
            cpv=(_CPV[i % 8],) if i % 3 == 0 else (),
        )
        for i, t in enumerate(texts)
    ]


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker(size: int, system: str, queries: int, seed: int) -> dict[str, float]:
    companies = make_companies(size, seed)
    needs = make_needs(queries, seed)
    if system == "engine":
        from .index import MatchIndex

        t0 = time.perf_counter()
        index = MatchIndex.build(companies, show_progress=size >= 100_000)
        index_s = time.perf_counter() - t0

        def one(need: NeedDoc) -> None:
            index.rank_companies(need, 10)

        def batch(needs_: list[NeedDoc]) -> None:
            index.rank_many(needs_, 10, explain=False, workers=os.cpu_count() or 1)
    else:
        from .evaluate import PlainBM25

        t0 = time.perf_counter()
        base = PlainBM25(companies, show_progress=size >= 100_000)
        index_s = time.perf_counter() - t0

        def one(need: NeedDoc) -> None:
            base.rank(need, 10)

        def batch(needs_: list[NeedDoc]) -> None:
            for need in needs_:
                base.rank(need, 10)

    one(needs[0])  # warm caches (jieba, stemmer) outside the measurement
    lat = []
    for need in needs:
        t = time.perf_counter()
        one(need)
        lat.append(time.perf_counter() - t)
    t = time.perf_counter()
    batch(needs)
    batch_s = time.perf_counter() - t
    return {
        "index_s": index_s,
        "p50_ms": float(np.percentile(lat, 50) * 1000),
        "p95_ms": float(np.percentile(lat, 95) * 1000),
        "needs_per_s": len(needs) / batch_s,
        "peak_mib": _peak_mib(),
    }


def quality() -> None:
    """Print MRR@10 and Hit@10 of the engine and plain BM25 on each of :data:`QUALITY_SETS`
    (a set whose files are missing is named as skipped)."""
    from .csvio import load_companies, load_needs, load_qrels
    from .evaluate import OkapiBM25, compare, engine_ranker
    from .index import MatchIndex

    print("quality on the development sets (95 % bootstrap intervals over needs)", flush=True)
    print(f"{'set':<30} {'system':<22} {'MRR@10':>24} {'Hit@10':>24}", flush=True)
    for label, companies_csv, needs_csv, qrels_csv in QUALITY_SETS:
        if not all(p.is_file() for p in (companies_csv, needs_csv, qrels_csv)):
            print(f"{label:<30} skipped: {needs_csv.parent} is incomplete", flush=True)
            continue
        companies = load_companies(companies_csv)
        needs = load_needs(needs_csv)
        qrels, _ = load_qrels(qrels_csv, {n.id for n in needs}, {c.id for c in companies})
        systems = {
            "engine": engine_ranker(MatchIndex.build(companies)),
            "plain BM25": OkapiBM25(companies).rank,
        }
        rows = compare(needs, qrels, systems, "plain BM25")
        for name, row in rows.items():
            cells = [f"{row[k]:.4f} [{row['ci'][k][0]:.3f}, {row['ci'][k][1]:.3f}]" for k in
                     ("MRR", "Hit@10")]  # fmt: skip
            print(f"{label:<30} {name:<22} {cells[0]:>24} {cells[1]:>24}", flush=True)
        diff = rows["engine"]
        cells = [
            f"{diff['diff'][k]:+.4f} [{diff['diff_ci'][k][0]:+.3f}, {diff['diff_ci'][k][1]:+.3f}]"
            for k in ("MRR", "Hit@10")
        ]
        print(f"{label:<30} {'engine - plain BM25':<22} {cells[0]:>24} {cells[1]:>24}", flush=True)


def run_bench(
    sizes: list[int], queries: int = 300, seed: int = 7, with_quality: bool = True
) -> int:
    """Print the dev-set quality, then one table row per (size, system)."""
    if with_quality:
        quality()
        print(flush=True)
    print(f"sme2go match bench: {queries} needs per size, {os.cpu_count()} cores", flush=True)
    print(
        f"{'size':>9} {'system':<15} {'index s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'needs/s':>9} {'peak MiB':>9}",
        flush=True,
    )
    for size in sizes:
        for system in ("engine", "bm25s baseline"):
            print(f"  ... {size:,} companies, {system}", file=sys.stderr, flush=True)
            # The child's stderr is inherited, so its progress bars show on large sizes.
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "sme2go.matching.bench",
                    str(size),
                    system,
                    str(queries),
                    str(seed),
                ],
                stdout=subprocess.PIPE,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                print(
                    f"{size:>9,} {system:<15} failed (exit {proc.returncode}, see stderr)",
                    flush=True,
                )
                continue
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            print(
                f"{size:>9,} {system:<15} {r['index_s']:>8.1f} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} "
                f"{r['needs_per_s']:>9.0f} {r['peak_mib']:>9.0f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    size_, system_, queries_, seed_ = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    print(json.dumps(_worker(int(size_), system_, queries_, seed_)))
