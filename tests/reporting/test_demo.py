"""The demo's programme report for the period of the Shandong mission (January–June
2027): the indicator values the closing note of issue 10 quotes, and what is behind them."""

from __future__ import annotations

import pytest

from sme2go.core.tenancy import access_for
from sme2go.demo import data
from sme2go.demo.loader import load_demo
from sme2go.demo.reporting import report_period
from sme2go.missions.models import Mission
from sme2go.organisations.models import Organisation
from sme2go.reporting.reports import programme_report

pytestmark = pytest.mark.django_db


def test_the_demo_report_of_the_mission_period():
    load_demo()
    mission = Mission.objects.get(title=data.MISSION_TITLE)
    period = report_period(mission)
    assert (period.start.isoformat(), period.end.isoformat()) == ("2027-01-01", "2027-06-30")
    posintra = Organisation.objects.get(name=data.POSINTRA).memberships.first().user
    report = programme_report(mission.programme, period, access_for(posintra))
    values = {item.definition.code: item.value for item in report.indicators}
    assert values == {
        "RCO01": 6,
        "RCO04": 6,
        "RCO87": 2,
        "RCR84": 0,
        "P-MEETINGS-REQUESTED": 13,
        "P-MEETINGS-HELD": 12,
        "P-COUNTERPARTS": 6,
        "P-AGREEMENTS": 1,
    }
    by_code = {item.definition.code: item for item in report.indicators}
    # The story's cooperation agreement: Istuin Design with the Zhucheng chair maker.
    assert [(r.label, r.country, r.operator) for r in by_code["RCO87"].records] == [
        ("Istuin Design Oy", "FI", "Posintra Oy"),
        ("Zhucheng Hengmu Seating Co., Ltd.", "CN", ""),
    ]
    (agreement,) = by_code["P-AGREEMENTS"].records
    assert agreement.label == (
        "Subcontracting agreement: Istuin Design Oy – Zhucheng Hengmu Seating Co., Ltd."
    )
    assert agreement.evidence, "the demo agreement carries its evidence file"
    # Counterparts found in Weifang, Zhucheng and Rizhao; all six are Chinese.
    assert {r.country for r in by_code["P-COUNTERPARTS"].records} == {"CN"}
    assert by_code["RCO01"].by_operator == [("Posintra Oy", 3), ("Västerås Science Park", 3)]
    # Loading the demo again changes no value.
    load_demo()
    again = programme_report(mission.programme, period, access_for(posintra))
    assert {item.definition.code: item.value for item in again.indicators} == values
