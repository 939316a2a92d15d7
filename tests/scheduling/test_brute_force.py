"""The solver and the static bound against exhaustive search on tiny instances with
precedences, forbidden slots, fixed slots and sessions: the reference is every slot
assignment, judged by the independent checker (no solver code involved)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.scheduling.checker import check
from sme2go.scheduling.cpsat import SolveOptions, _Model, solve
from sme2go.scheduling.jsonformat import instance_from_dict
from sme2go.scheduling.model import Instance


@st.composite
def tiny(draw):
    n_p = draw(st.integers(3, 5))
    slots = draw(st.integers(3, 5))
    pairs = [(a, b) for a in range(1, n_p + 1) for b in range(a + 1, n_p + 1)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=2, max_size=5, unique=True))
    meetings = []
    for k, (a, b) in enumerate(chosen):
        meeting = {
            "participants": [a, b],
            "session": draw(st.sampled_from(["any", "any", "any", "morning", "afternoon"])),
        }
        if draw(st.integers(0, 5)) == 0:
            meeting["fixed_slot"] = draw(st.integers(1, slots))
        if k and draw(st.integers(0, 2)) == 0:
            meeting["after"] = sorted(set(draw(st.lists(st.integers(1, k), max_size=2))))
        meetings.append(meeting)
    participants = [
        {"id": p, "forbidden": draw(st.lists(st.integers(1, slots), max_size=2, unique=True))}
        for p in range(1, n_p + 1)
    ]
    doc = {
        "slots": slots,
        "morning_slots": draw(st.integers(0, slots)),
        "tables": draw(st.integers(1, 2)),
        "participants": participants,
        "meetings": meetings,
    }
    return instance_from_dict(doc), draw(st.integers(0, 2))


def exhaustive(instance: Instance, fairness: int) -> int | None:
    """The fewest breaks over every assignment of slots the checker accepts."""
    best = None
    n_m = len(instance.meetings)
    for slots in itertools.product(range(1, instance.slots + 1), repeat=n_m):
        used: dict[int, int] = {}
        entries = []
        for m, t in enumerate(slots, start=1):
            used[t] = used.get(t, 0) + 1
            entries.append(
                {
                    "meeting": m,
                    "participants": [
                        instance.participants[p - 1].id
                        for p in instance.meetings[m - 1].participants
                    ],
                    "slot": t,
                    "table": used[t],
                    "venue": None,
                }
            )
        report = check(instance, {"meetings": entries}, fairness=fairness)
        if report.valid and (best is None or report.objective < best):
            best = report.objective
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny())
def test_solver_and_bound_agree_with_exhaustive_search(case):
    instance, fairness = case
    optimum = exhaustive(instance, fairness)
    result = solve(instance, SolveOptions(fairness=fairness, time_limit=10, workers=2))
    built = _Model(instance, fairness, priority=False)
    if optimum is None:
        assert result.status == "infeasible"
        return
    assert (result.status, result.objective) == ("optimal", optimum)
    assert result.bound <= optimum
    assert not built.static.infeasible
    assert built.static.total <= optimum
