"""Answer sets for the readiness app's tests, built through the domain functions."""

from __future__ import annotations

from sme2go.readiness import domain
from sme2go.readiness.bank import load_bank
from sme2go.readiness.models import Assessment

GENERIC = load_bank("generic", "1.0")
CHINA = load_bank("cn", "1.0")
MODULES = [{"bank": "generic", "version": "1.0"}, {"bank": "cn", "version": "1.0"}]


def levels(level_of) -> dict[str, dict]:
    """Every generic item at ``level_of(item id)`` (a function or one level)."""
    pick = level_of if callable(level_of) else (lambda _item: level_of)
    return {item.id: {"level": pick(item.id)} for item in GENERIC.items}


def start(world, wave=Assessment.Wave.INTAKE, *, mission=None, actor=None) -> Assessment:
    return domain.start_assessment(
        company=world.company,
        programme=world.programme,
        wave=wave,
        mission=mission,
        modules=MODULES,
        actor=actor,
    )


def submitted(world, answers, *, wave=Assessment.Wave.INTAKE, facts=None, mission=None):
    """A submitted assessment of ``world``'s company with ``answers`` (and ``facts``)."""
    assessment = start(world, wave, mission=mission)
    domain.save_answers(assessment=assessment, answers=answers, facts=facts, actor=None)
    domain.submit_assessment(assessment=assessment, actor=None)
    assessment.refresh_from_db()
    return assessment
