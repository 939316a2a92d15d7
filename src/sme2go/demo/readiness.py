"""Readiness assessments of the demo companies: intake (September 2026) and before the
mission (February 2027), written through the readiness domain functions.

The story they tell:

- **Kirkasvirta Water Oy** (the ``aqua`` login) came in with a loose plan and nothing done
  for China; by February it had a budgeted plan, its export classification, GB gap list,
  Chinese labels, trademarks and partner checks done, confirmed by its Posintra adviser:
  the programme moved it from "Developing" to "Ready with gaps" and cleared its blockers.
- **Luftkoll Sensors AB** is a strong company with a showstopper: its LoRa air-quality
  sensors are in the CCC catalogue and certification was never started. CCC takes about
  half a year, so before the March mission the result page says it is too late for this
  trip, whatever the average says.
- **Istuin Design Oy** improved a little; **Norrträ Byggsystem AB** has an intake only.

Loading again replaces these assessments (they are looked up by company, programme,
mission and wave), so the demo stays as described.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sme2go.missions.models import Mission
from sme2go.organisations.models import Organisation
from sme2go.readiness import domain
from sme2go.readiness.bank import load_bank
from sme2go.readiness.models import Answer, Assessment, ScoreSnapshot

MODULES = [{"bank": "generic", "version": "1.0"}, {"bank": "cn", "version": "1.0"}]
INTAKE_ON = dt.datetime(2026, 9, 15, 10, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
PRE_MISSION_ON = dt.datetime(2027, 2, 10, 10, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
REVIEWED_AFTER = dt.timedelta(days=6)
STARTED_BEFORE = dt.timedelta(days=3)

NO = False
YES = True

# Screening answers per company (the same at both waves).
FACTS = {
    "Kirkasvirta Water Oy": {
        "sells_goods": YES,
        "ccc_listed": NO,
        "has_radio": NO,
        "public_network": NO,
        "encryption": NO,
        "china_data": YES,
        "pi_export": NO,
        "operates_in_china": NO,
        "hosts_in_china": NO,
        "public_customers": YES,
        "surveillance": NO,
        "dual_use_listed": NO,
        "intermediary": YES,
        "china_entity": NO,
        "madrid": NO,
        "recent_home_mark": NO,
        "patentable": YES,
        "exhibits": YES,
        "shares_tech": YES,
    },
    "Luftkoll Sensors AB": {
        "sells_goods": YES,
        "ccc_listed": YES,
        "has_radio": YES,
        "public_network": NO,
        "encryption": NO,
        "china_data": YES,
        "pi_export": NO,
        "operates_in_china": NO,
        "hosts_in_china": NO,
        "public_customers": YES,
        "surveillance": NO,
        "dual_use_listed": NO,
        "intermediary": YES,
        "china_entity": NO,
        "madrid": YES,
        "recent_home_mark": NO,
        "patentable": YES,
        "exhibits": YES,
        "shares_tech": YES,
    },
    "Istuin Design Oy": {
        "sells_goods": YES,
        "ccc_listed": NO,
        "has_radio": NO,
        "public_network": NO,
        "encryption": NO,
        "china_data": NO,
        "pi_export": NO,
        "operates_in_china": NO,
        "hosts_in_china": NO,
        "public_customers": NO,
        "surveillance": NO,
        "dual_use_listed": NO,
        "intermediary": YES,
        "china_entity": NO,
        "madrid": NO,
        "recent_home_mark": YES,
        "patentable": NO,
        "exhibits": YES,
        "shares_tech": NO,
    },
    "Norrträ Byggsystem AB": {
        "sells_goods": YES,
        "ccc_listed": NO,
        "has_radio": NO,
        "public_network": NO,
        "encryption": NO,
        "public_customers": YES,
        "intermediary": YES,
        "china_entity": NO,
    },
}

# Per company and wave: the level of each dimension's items (``D1``...), exceptions per
# item, the China items done / in progress (the rest not started), who reviewed it (a
# demo username, or None: submitted only) and the evidence they confirmed.
WAVES: dict[str, dict[str, dict[str, Any]]] = {
    "Kirkasvirta Water Oy": {
        Assessment.Wave.INTAKE: {
            "dimensions": {"D1": 1, "D2": 2, "D3": 1, "D4": 1, "D5": 2, "D6": 2, "D7": 1, "D8": 1},
            "items": {"D5.2": 3, "D6.4": 3, "D1.3": 2},
            "done": {"CN-F3"},
            "in_progress": {"CN-B1", "CN-G1"},
            "reviewer": "posintra",
            "confirmed": {"D5.2", "D6.4"},
        },
        Assessment.Wave.PRE_MISSION: {
            "dimensions": {"D1": 3, "D2": 3, "D3": 3, "D4": 3, "D5": 3, "D6": 3, "D7": 3, "D8": 3},
            "items": {"D5.2": 4, "D6.4": 4, "D1.2": 4, "D7.5": 2, "D3.2": 2},
            "done": {
                "CN-A1",
                "CN-A3",
                "CN-A4",
                "CN-B1",
                "CN-B3",
                "CN-B4",
                "CN-C1",
                "CN-C4",
                "CN-D1",
                "CN-E1",
                "CN-E2",
                "CN-F1",
                "CN-F2",
                "CN-F3",
                "CN-G1",
                "CN-G2",
                "CN-H1",
                "CN-H3",
            },
            "in_progress": {"CN-B6", "CN-B7", "CN-B8", "CN-C5", "CN-E3", "CN-E4"},
            "reviewer": "posintra",
            "confirmed": "all",
            "documents": {"D1.1", "D6.4", "CN-D1", "CN-B1", "CN-A3"},
        },
    },
    "Luftkoll Sensors AB": {
        Assessment.Wave.INTAKE: {
            "dimensions": {"D1": 3, "D2": 2, "D3": 3, "D4": 2, "D5": 3, "D6": 3, "D7": 2, "D8": 2},
            "items": {"D5.2": 4},
            "done": {"CN-F3", "CN-H3"},
            "in_progress": {"CN-A1", "CN-A5"},
            "reviewer": "vasteras",
            "confirmed": {"D5.2", "D6.4"},
        },
        Assessment.Wave.PRE_MISSION: {
            "dimensions": {"D1": 3, "D2": 3, "D3": 3, "D4": 3, "D5": 4, "D6": 3, "D7": 3, "D8": 3},
            "items": {"D8.1": 2},
            "done": {
                "CN-A1",
                "CN-A3",
                "CN-B1",
                "CN-B3",
                "CN-B4",
                "CN-B5",
                "CN-D1",
                "CN-E2",
                "CN-F1",
                "CN-F3",
                "CN-G1",
                "CN-H1",
                "CN-H3",
            },
            # SRRC and labels under way; CCC (CN-A2) still not started.
            "in_progress": {"CN-A4", "CN-A5", "CN-C1", "CN-C4", "CN-E1"},
            "reviewer": "vasteras",
            "confirmed": "all",
            "documents": {"CN-A1", "CN-D1"},
        },
    },
    "Istuin Design Oy": {
        Assessment.Wave.INTAKE: {
            "dimensions": {"D1": 2, "D2": 1, "D3": 2, "D4": 2, "D5": 3, "D6": 3, "D7": 1, "D8": 1},
            "items": {},
            "done": {"CN-F3"},
            "in_progress": {"CN-B1"},
            "reviewer": None,
        },
        Assessment.Wave.PRE_MISSION: {
            "dimensions": {"D1": 2, "D2": 2, "D3": 2, "D4": 2, "D5": 3, "D6": 3, "D7": 2, "D8": 2},
            "items": {"D7.5": 3},
            "done": {"CN-A1", "CN-A3", "CN-B1", "CN-B2", "CN-D1", "CN-F1", "CN-F3"},
            "in_progress": {"CN-A4", "CN-E1", "CN-G1"},
            "reviewer": "posintra",
            "confirmed": {"D5.1", "D5.2", "D6.1"},
        },
    },
    "Norrträ Byggsystem AB": {
        Assessment.Wave.INTAKE: {
            "dimensions": {"D1": 2, "D2": 3, "D3": 2, "D4": 3, "D5": 3, "D6": 2, "D7": 2, "D8": 2},
            "items": {},
            "done": {"CN-D1", "CN-F3"},
            "in_progress": {"CN-A3"},
            "reviewer": None,
        },
    },
}

TIMES = {Assessment.Wave.INTAKE: INTAKE_ON, Assessment.Wave.PRE_MISSION: PRE_MISSION_ON}


def _answers(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    generic, china = load_bank("generic", "1.0"), load_bank("cn", "1.0")
    answers: dict[str, dict[str, Any]] = {}
    for item in generic.items:
        level = spec["items"].get(item.id, spec["dimensions"][item.group])
        answers[item.id] = {"level": level}
    for item in china.items:
        if item.id in spec["done"]:
            answers[item.id] = {"status": "done"}
        elif item.id in spec["in_progress"]:
            answers[item.id] = {"status": "in_progress"}
        else:
            answers[item.id] = {"status": "not_started"}
    return answers


def _evidence(spec: dict[str, Any], answers: dict[str, dict[str, Any]]) -> dict[str, str]:
    confirmed = set(answers) if spec.get("confirmed") == "all" else set(spec.get("confirmed", ()))
    documents = set(spec.get("documents", ()))
    return {
        item_id: "document" if item_id in documents else "adviser"
        for item_id in answers
        if item_id in confirmed or item_id in documents
    }


def load_readiness(mission: Mission, users: dict[str, Any]) -> None:
    """Replace the demo companies' assessments for ``mission`` with the story above."""
    programme = mission.programme
    for name, waves in WAVES.items():
        company = Organisation.objects.get(name=name, kind=Organisation.Kind.COMPANY)
        Assessment.objects.filter(company=company, programme=programme).delete()
        for wave, spec in waves.items():
            assessment = domain.start_assessment(
                company=company,
                programme=programme,
                mission=mission,
                wave=wave,
                modules=MODULES,
                actor=None,
            )
            answers = _answers(spec)
            domain.save_answers(
                assessment=assessment, answers=answers, facts=FACTS[name], actor=None
            )
            domain.submit_assessment(assessment=assessment, actor=None)
            submitted_at = TIMES[wave]
            if spec["reviewer"]:
                domain.review_assessment(
                    assessment=assessment,
                    evidence=_evidence(spec, answers),
                    note=REVIEW_NOTES.get((name, wave), ""),
                    actor=None,
                )
                reviewer = users[spec["reviewer"]]
                Assessment.objects.filter(pk=assessment.pk).update(
                    reviewed_by=reviewer, reviewed_at=submitted_at + REVIEWED_AFTER
                )
                ScoreSnapshot.objects.filter(assessment=assessment, kind="reviewed").update(
                    taken_by=reviewer, taken_at=submitted_at + REVIEWED_AFTER
                )
            # Dated as they happened in the story, not on the day the demo is loaded: the
            # company started the questionnaire a few days before submitting it.
            Assessment.objects.filter(pk=assessment.pk).update(
                started_at=submitted_at - STARTED_BEFORE, submitted_at=submitted_at
            )
            Answer.objects.filter(assessment=assessment).update(
                updated_at=submitted_at - dt.timedelta(minutes=30)
            )
            ScoreSnapshot.objects.filter(assessment=assessment, kind="submitted").update(
                taken_at=submitted_at
            )


REVIEW_NOTES = {
    ("Kirkasvirta Water Oy", Assessment.Wave.INTAKE): (
        "Intake interview: references and quality system are solid; no written plan or "
        "budget for China yet, nothing started on the China checklist."
    ),
    ("Kirkasvirta Water Oy", Assessment.Wave.PRE_MISSION): (
        "Plan and budget signed off by the board; export classification, GB gap list and "
        "trademark filings seen. Ready for the Rizhao utility meetings."
    ),
    ("Luftkoll Sensors AB", Assessment.Wave.INTAKE): (
        "Strong product and references. The sensors are in the CCC catalogue: "
        "certification must start now to make the March mission."
    ),
    ("Luftkoll Sensors AB", Assessment.Wave.PRE_MISSION): (
        "CCC certification still not started: the sensors cannot be sold in China before "
        "it is done. Meet partners and pilot sites in March, no sales commitments."
    ),
    ("Istuin Design Oy", Assessment.Wave.PRE_MISSION): (
        "Offering and capacity confirmed at the factory visit."
    ),
}
