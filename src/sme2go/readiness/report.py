"""What the result page and the PDF report show, read from one stored snapshot.

:func:`build_report` turns a :class:`ScoreSnapshot` (the result as scored then, with the
bank versions it used) and the assessment's answers into plain objects for the
templates: the dimension profile and the 2×2 as chart coordinates, the knock-outs, the
weakest dimensions with next steps (the next anchor level of their lowest items) and the
market modules' blockers planned back from the mission's first day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language

from sme2go.missions.models import Mission
from sme2go.readiness import presentation, scoring
from sme2go.readiness.bank import Bank, BankError, Item, load_bank
from sme2go.readiness.models import Answer, Assessment, ScoreSnapshot
from sme2go.readiness.results import results_from_json

#: How many weakest dimensions get next steps, and how many items each.
WEAKEST_SHOWN = 2
STEPS_PER_DIMENSION = 3


@dataclass(frozen=True)
class NextStep:
    item_id: str
    text: str
    level: int | None
    next_level: int
    next_anchor: str


@dataclass(frozen=True)
class Weak:
    id: str
    title: str
    score: float | None
    steps: list[NextStep]


@dataclass(frozen=True)
class PlannedBlocker:
    item_id: str
    text: str
    done_when: str
    criticality: str
    criticality_label: str
    status: str
    lead_time_days: int
    certain: bool
    latest_start: dt.date | None = None
    days_left: int | None = None
    too_late: bool = False


@dataclass(frozen=True)
class MarketReport:
    bank: Bank
    title: str
    market: str
    complete: float | None
    verified: float | None
    verdict: str
    verdict_label: str
    progress: list[dict]
    groups: list[tuple[str, float | None, int]]
    knock_outs: list[tuple[str, str]]
    blockers: list[PlannedBlocker]
    mission: Mission | None


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    snapshot: ScoreSnapshot
    generic_title: str
    overall: float | None
    verified: float | None
    band: str | None
    band_label: str
    verified_band_label: str
    verdict: str
    verdict_label: str
    quadrant_label: str
    axes: list[tuple[str, float | None, float | None]]
    bars: list[presentation.Bar]
    point: tuple[float, float] | None
    knock_outs: list[tuple[str, str]]
    weakest: list[Weak]
    markets: list[MarketReport]
    today: dt.date
    chart_height: int = field(default=0)

    @property
    def cuts(self) -> tuple[float, ...]:
        return presentation.PROFILE_CUTS

    @property
    def cut_labels(self) -> list[tuple[float, int]]:
        return list(zip(presentation.PROFILE_CUTS, (40, 60, 80), strict=True))


def _bank(module: dict) -> Bank | None:
    try:
        return load_bank(module["bank"], module["version"])
    except BankError:
        return None


def _text(item: Item, language: str) -> str:
    return item.text.get(language)


def _weakest(bank: Bank, result: dict, answers: dict[str, Answer], language: str) -> list[Weak]:
    """The lowest-scoring dimensions and, for each, its lowest answered items with the
    anchor of the next level: what the company would have to make true next."""
    scored = sorted(
        (d for d in result["dimensions"] if d["score"] is not None),
        key=lambda d: (d["score"], d["id"]),
    )
    weak = []
    for dimension in scored[:WEAKEST_SHOWN]:
        items = [item for item in bank.items_of(dimension["id"]) if item.id in result["applicable"]]
        candidates = sorted(
            (
                (answers[i.id].level if i.id in answers else None, i)
                for i in items
                if i.id not in answers or (answers[i.id].level or 0) < scoring.SCALE[-1]
            ),
            key=lambda pair: (-1 if pair[0] is None else pair[0], pair[1].id),
        )
        steps = []
        for level, item in candidates[:STEPS_PER_DIMENSION]:
            next_level = 0 if level is None else level + 1
            steps.append(
                NextStep(
                    item.id,
                    _text(item, language),
                    level,
                    next_level,
                    item.anchors[next_level].get(language),
                )
            )
        weak.append(
            Weak(
                dimension["id"],
                bank.group(dimension["id"]).title.get(language),
                dimension["score"],
                steps,
            )
        )
    return weak


def mission_for(assessment: Assessment) -> Mission | None:
    """The mission the blockers are planned for: the assessment's own, else the company's
    next (or latest) mission of the programme."""
    if assessment.mission_id:
        return assessment.mission
    missions = Mission.objects.filter(
        programme=assessment.programme_id, companies=assessment.company_id
    ).exclude(status=Mission.Status.CANCELLED)
    today = timezone.localdate()
    return (
        missions.filter(start_date__gte=today).order_by("start_date").first()
        or missions.order_by("-start_date").first()
    )


def plan_back(
    blockers: list[scoring.Blocker], mission: Mission | None, today: dt.date
) -> dict[str, scoring.PlanStep]:
    """Each blocker's step planned back from the mission's first day, by item id (none
    without a mission)."""
    if mission is None:
        return {}
    steps = scoring.back_plan(blockers, mission_start=mission.start_date, today=today)
    return {step.blocker.item_id: step for step in steps}


def _market(
    bank: Bank, result: dict, mission: Mission | None, today: dt.date, language: str
) -> MarketReport:
    blockers = [scoring.Blocker(**b) for b in result["blockers"]]
    plan = plan_back(blockers, mission, today)
    planned = []
    for blocker in blockers:
        item = bank.item(blocker.item_id)
        step = plan.get(blocker.item_id)
        planned.append(
            PlannedBlocker(
                item_id=blocker.item_id,
                text=_text(item, language),
                done_when=item.done_when.get(language),
                criticality=blocker.criticality,
                criticality_label=str(presentation.CRITICALITY_LABELS[blocker.criticality]),
                status=blocker.status,
                lead_time_days=blocker.lead_time_days,
                certain=blocker.certain,
                latest_start=step.latest_start if step else None,
                days_left=step.days_left if step else None,
                too_late=step.too_late if step else False,
            )
        )
    if plan:
        planned.sort(key=lambda b: (b.latest_start, b.item_id))
    return MarketReport(
        bank=bank,
        title=bank.title.get(language),
        market=bank.market,
        complete=result["complete"],
        verified=result["verified"],
        verdict=result["verdict"],
        verdict_label=presentation.verdict_label(result["verdict"]),
        progress=[
            {**p, "label": presentation.CRITICALITY_LABELS[p["criticality"]]}
            for p in result["progress"]
            if p["applicable"]
        ],
        groups=[
            (bank.group(g["id"]).title.get(language), g["score"], g["applicable"])
            for g in result["dimensions"]
            if g["status"] != "not_applicable"
        ],
        knock_outs=[(k, _text(bank.item(k), language)) for k in result["knock_outs"]],
        blockers=planned,
        mission=mission,
    )


def build_report(snapshot: ScoreSnapshot, *, today: dt.date | None = None) -> Report:
    """The report of ``snapshot`` in the active language (``today`` for the plan)."""
    language = get_language() or "en"
    today = today or timezone.localdate()
    assessment = snapshot.assessment
    answers = {a.item_id: a for a in assessment.answers.all()}
    banks = {m["bank"]: _bank(m) for m in snapshot.modules}
    generic_result, generic_bank = None, None
    markets = []
    mission = None
    for result in results_from_json(snapshot.result):
        bank = banks.get(result["bank_id"])
        if bank is None:
            continue
        if result["kind"] == "generic":
            generic_result, generic_bank = result, bank
        else:
            if mission is None:
                mission = mission_for(assessment)
            markets.append(_market(bank, result, mission, today, language))
    r = generic_result or {}
    titles = {g.id: g.title.get(language) for g in generic_bank.groups} if generic_bank else {}
    axes_titles = {a.id: a.title.get(language) for a in generic_bank.axes} if generic_bank else {}
    axes = [
        (axes_titles.get(a["id"], a["id"]), a["score"], a["verified"]) for a in r.get("axes", [])
    ]
    axis_scores = [a["score"] for a in r.get("axes", [])]
    bars = presentation.profile_bars(r.get("dimensions", []), titles, set(r.get("weakest", [])))
    return Report(
        assessment=assessment,
        snapshot=snapshot,
        generic_title=generic_bank.title.get(language) if generic_bank else "",
        overall=r.get("overall"),
        verified=r.get("verified"),
        band=r.get("band"),
        band_label=presentation.band_label(r.get("band")),
        verified_band_label=presentation.band_label(r.get("verified_band")),
        verdict=r.get("verdict", ""),
        verdict_label=presentation.verdict_label(r.get("verdict")),
        quadrant_label=str(presentation.QUADRANT_LABELS.get(r.get("quadrant") or "", "")),
        axes=axes,
        bars=bars,
        point=presentation.quadrant_point(*axis_scores) if len(axis_scores) == 2 else None,
        knock_outs=[(k, _text(generic_bank.item(k), language)) for k in r.get("knock_outs", [])]
        if generic_bank
        else [],
        weakest=_weakest(generic_bank, r, answers, language) if generic_bank else [],
        markets=markets,
        today=today,
        chart_height=len(bars) * presentation.PROFILE_ROW,
    )
