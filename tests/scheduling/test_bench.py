"""The bench's variant sources: the same schedules on every run."""

from sme2go.scheduling.bench import _sources
from sme2go.scheduling.generators import brokerage_event


def test_variant_sources_repeat_and_are_valid():
    instance = brokerage_event(seed=3, participants=14, meetings=24, slots=8, tables=6)
    first = _sources({"small": instance}, workers=2, seed=0)
    again = _sources({"small": instance}, workers=2, seed=0)
    assert first == again
    assert sorted(first["small"]) == list(range(1, 25))
    # The variants take only the slots: no participant twice in one.
    schedule = first["small"]
    assert all(1 <= t <= 8 for t in schedule.values())
    for p in range(1, 15):
        mine = [schedule[m + 1] for m, x in enumerate(instance.meetings) if p in x.participants]
        assert len(mine) == len(set(mine))
