"""Between the stored assessment and the pure scoring functions.

:func:`score_assessment` turns an assessment's rows into :mod:`sme2go.readiness.scoring`
inputs (answers, profile) and scores each of its bank versions; :func:`snapshot_fields`
turns the results into a :class:`~sme2go.readiness.models.ScoreSnapshot`'s columns; the
``*_from_json`` readers give back what the pages need from a stored snapshot, so history
is shown as it was scored, never rescored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from sme2go.companies.models import CompanyProfile
from sme2go.readiness import scoring
from sme2go.readiness.bank import PROFILE_FIELDS, Bank, available_banks, load_bank
from sme2go.readiness.models import Answer, Assessment


def default_modules(markets: Iterable[str]) -> list[dict[str, str]]:
    """The latest generic bank, then the latest market module of each of ``markets``
    that has one (in the order given)."""
    refs = [ref for ref in available_banks() if ref.latest]
    modules = [{"bank": r.id, "version": r.version} for r in refs if r.kind == "generic"][:1]
    for market in dict.fromkeys(m.upper() for m in markets):
        modules += [
            {"bank": r.id, "version": r.version}
            for r in refs
            if r.kind == "market" and r.market == market
        ]
    return modules


def banks_of(assessment: Assessment) -> list[Bank]:
    """The bank versions the assessment was started on (generic first)."""
    return [load_bank(m["bank"], m["version"]) for m in assessment.modules]


def profile_data(profile: CompanyProfile | None) -> dict[str, Any]:
    """The company-profile fields the applicability rules read (``bank.PROFILE_FIELDS``),
    as JSON; a company without a profile gives ``{}`` (everything unknown)."""
    if profile is None:
        return {}
    data: dict[str, Any] = {}
    for name in PROFILE_FIELDS:
        if name == "domains":
            data[name] = sorted(d.code for d in profile.domains.all())
        elif name == "certifications":
            data[name] = sorted(c.name for c in profile.certifications.all())
        else:
            data[name] = getattr(profile, name)
    return data


def scoring_profile(assessment: Assessment) -> scoring.Profile:
    values = {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in (assessment.profile or {}).items()
        if name in PROFILE_FIELDS
    }
    return scoring.Profile(**values, facts=dict(assessment.facts or {}))


def scoring_answer(answer: Answer) -> scoring.Answer:
    return scoring.Answer(
        level=answer.level,
        status=answer.status or None,
        na=answer.not_applicable,
        na_reason=answer.na_reason,
        evidence=answer.evidence,
    )


def answers_by_bank(answers: Iterable[Answer]) -> dict[str, dict[str, scoring.Answer]]:
    by_bank: dict[str, dict[str, scoring.Answer]] = {}
    for answer in answers:
        by_bank.setdefault(answer.bank, {})[answer.item_id] = scoring_answer(answer)
    return by_bank


def score_assessment(
    assessment: Assessment, answers: Iterable[Answer] | None = None
) -> list[scoring.Result]:
    """Score the assessment's answers (default: its stored ones) on each of its banks."""
    if answers is None:
        answers = assessment.answers.all()
    by_bank = answers_by_bank(answers)
    profile = scoring_profile(assessment)
    return [
        scoring.score(bank, by_bank.get(bank.id, {}), profile=profile)
        for bank in banks_of(assessment)
    ]


def critical_blockers(results: Iterable[scoring.Result], banks: Mapping[str, Bank]):
    """``[{"bank", "version", "item", "market"}]`` for each critical item not done that
    surely applies (its rule is known true). One behind an unanswered screening question
    may apply; the result page lists it as such, but it is not asserted as a blocker."""
    return [
        {
            "bank": result.bank_id,
            "version": result.bank_version,
            "item": blocker.item_id,
            "market": banks[result.bank_id].market,
        }
        for result in results
        for blocker in result.blockers
        if blocker.criticality == "critical" and blocker.certain
    ]


def snapshot_fields(
    assessment: Assessment, answers: Iterable[Answer] | None = None
) -> dict[str, Any]:
    """The columns of a new :class:`ScoreSnapshot` of ``assessment`` as it stands (with
    ``answers`` instead of its stored ones, if given)."""
    banks = {bank.id: bank for bank in banks_of(assessment)}
    results = score_assessment(assessment, answers)
    generic = next((r for r in results if r.kind == "generic"), None)
    return {
        "modules": list(assessment.modules),
        "overall": generic.overall if generic else None,
        "verified": generic.verified if generic else None,
        "band": (generic.band or "") if generic else "",
        "open_critical_blockers": critical_blockers(results, banks),
        "result": {"results": [dataclasses.asdict(r) for r in results]},
    }


def _blocker(data: dict) -> scoring.Blocker:
    return scoring.Blocker(**data)


def results_from_json(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The stored results, one dict per bank (the fields of ``scoring.Result``)."""
    return list(result.get("results", []))


def blockers_from_json(result: Mapping[str, Any]) -> list[tuple[str, scoring.Blocker]]:
    """``(bank id, Blocker)`` of every stored market-module blocker."""
    return [
        (data["bank_id"], _blocker(blocker))
        for data in results_from_json(result)
        for blocker in data.get("blockers", [])
    ]
