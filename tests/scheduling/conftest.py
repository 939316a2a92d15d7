"""Helpers for the scheduling tests: small instances written as JSON documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from sme2go.scheduling.checker import check
from sme2go.scheduling.cpsat import SolveOptions, solve
from sme2go.scheduling.jsonformat import instance_from_dict
from sme2go.scheduling.model import Instance, Result

BENCH = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "b2b"


def make(
    meetings: list, participants: int | list = 0, slots: int = 4, tables: int = 10, **extra
) -> Instance:
    """An instance from a compact description: meetings as lists of participant ids (or
    dicts in the JSON format), participants as a count (ids 1..n) or JSON objects."""
    if isinstance(participants, int):
        n = participants or max(
            p for m in meetings for p in (m if isinstance(m, list) else m["participants"])
        )
        participants = [{"id": p} for p in range(1, n + 1)]
    doc = {
        "slots": slots,
        "tables": tables,
        "participants": participants,
        "meetings": [m if isinstance(m, dict) else {"participants": m} for m in meetings],
        **extra,
    }
    if "venues" in extra:
        doc.pop("tables")
    return instance_from_dict(doc)


def solve_checked(instance: Instance, fairness: int = 2, time_limit: float = 10.0) -> Result:
    """Solve and, when there is a schedule, assert that the checker accepts it."""
    result = solve(instance, SolveOptions(fairness=fairness, time_limit=time_limit, workers=2))
    if result.objective is not None:
        report = check(instance, result.to_json(instance), fairness=fairness)
        assert report.valid, report.violations
        assert report.objective == result.objective
    return result


@pytest.fixture
def bench_dir() -> Path:
    if not BENCH.is_dir():
        pytest.skip(f"benchmark data not found at {BENCH}")
    return BENCH
