"""Demo reporting: the SME2GO programme's indicator definitions (the ready-made Interreg
ones and the programme's own figures). Reports are counted at the request, so the
report of the programme's period containing the Shandong mission (January–June 2027,
:func:`report_period`) shows whatever the follow-up demo recorded."""

from __future__ import annotations

from typing import Any

from sme2go.missions.models import Mission
from sme2go.reporting.domain import add_ready_made_indicators
from sme2go.reporting.indicators import Period, default_period


def report_period(mission: Mission) -> Period:
    """The programme's six-month reporting period in which ``mission`` starts."""
    return default_period(mission.programme, mission.start_date)


def load_reporting(summary: Any, mission: Mission) -> None:
    """Add the ready-made indicator definitions the programme lacks (again after a
    reload: definitions an operator edited or deleted in the demo are left as they are,
    deleted ones come back)."""
    added = add_ready_made_indicators(actor=None, programme=mission.programme)
    summary.counts["indicator"] += mission.programme.indicator_definitions.count()
    summary.created["indicator"] += len(added)
