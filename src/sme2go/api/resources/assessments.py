"""Readiness assessments: the list with each latest score, one assessment with its latest
score snapshot as it was scored, its answers, and the writes of the readiness pages
(start, save answers, submit, the adviser's review).

Visibility is the pages': a company sees its own assessments, the programme's operators
all of the programme's, hosts and counterparts none (404). Who may write what at which
status is decided by :mod:`sme2go.readiness.domain`.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sme2go.api import common
from sme2go.api.common import READ_ERRORS, WRITE_ERRORS, Pages, actor, get_visible
from sme2go.api.schemas import Filters, Id, In, OrganisationRef, ProgrammeRef
from sme2go.core.tenancy import scoped
from sme2go.missions.models import Mission
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme
from sme2go.readiness import domain, scoring
from sme2go.readiness.bank import BankError, load_bank
from sme2go.readiness.models import NOTE_MAX_LENGTH, REASON_MAX_LENGTH, Assessment, ScoreSnapshot
from sme2go.readiness.report import mission_for, plan_back
from sme2go.readiness.results import results_from_json

router = Router(tags=["assessments"])

Wave = Literal["intake", "pre_mission", "post_mission"]
AssessmentStatus = Literal["draft", "submitted", "reviewed"]
EvidenceLevel = Literal["self", "adviser", "document"]
# Item and screening-question ids of the banks ("D1.1", "CN-A1", "sells_goods").
ItemId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,32}$")]


# Schemas ----------------------------------------------------------------------------------


class ModuleRef(Schema):
    bank: str
    version: str


class SnapshotSummary(Schema):
    """The headline of a stored score: the overall index score 0-100 (``null``: too
    little data), the same counting only verified answers, and the band code."""

    kind: Literal["submitted", "reviewed"]
    taken_at: dt.datetime
    overall: float | None
    verified: float | None
    band: str


class AssessmentOut(Schema):
    id: int
    programme: ProgrammeRef
    company: OrganisationRef
    mission_id: int | None
    wave: Wave
    status: AssessmentStatus
    modules: list[ModuleRef] = Field(description="The item banks and versions answered.")
    started_at: dt.datetime
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    review_note: str
    latest_score: SnapshotSummary | None = Field(
        description="The most recent score snapshot (on submission or after a review)."
    )

    @staticmethod
    def resolve_latest_score(obj) -> ScoreSnapshot | None:
        return obj.latest[0] if obj.latest else None


class AxisOut(Schema):
    id: str
    score: float | None
    verified: float | None


class DimensionOut(Schema):
    """A dimension of the index (a group of a market module: ``score`` is % done)."""

    id: str
    axis: str
    score: float | None
    verified: float | None
    answered: int
    applicable: int
    status: Literal["scored", "insufficient", "not_applicable"]


class IndexOut(Schema):
    """The generic readiness index as scored."""

    bank: str
    version: str
    overall: float | None
    verified: float | None
    band: str | None
    verified_band: str | None
    quadrant: str | None = Field(
        description="ready, organisation_gap, offering_gap or not_ready (axes cut at 60)."
    )
    verdict: str = Field(description="The band, knock_out or insufficient_data.")
    knock_outs: list[str] = Field(description="Item ids of knock-out items answered 0.")
    weakest: list[str]
    axes: list[AxisOut]
    dimensions: list[DimensionOut]


class ProgressOut(Schema):
    criticality: str
    applicable: int
    done: int
    verified_done: int
    percent: float | None


class BlockerOut(Schema):
    """An applicable critical or high item not done, planned back from the mission's
    first day by its lead time (no plan without a mission)."""

    item_id: str
    group: str
    criticality: str
    status: str
    lead_time_days: int
    certain: bool = Field(description="Its applicability rule is known true.")
    latest_start: dt.date | None
    days_left: int | None
    too_late: bool


class MarketOut(Schema):
    """A market module as scored: completeness and its blockers."""

    bank: str
    version: str
    market: str | None
    complete: float | None
    verified: float | None
    verdict: str = Field(description="knock_out, blocked (critical items open) or clear.")
    knock_outs: list[str]
    progress: list[ProgressOut]
    groups: list[DimensionOut]
    blockers: list[BlockerOut]


class ScoreOut(SnapshotSummary):
    taken_by: str | None
    modules: list[ModuleRef] = Field(description="The bank versions it was scored against.")
    index: IndexOut | None
    markets: list[MarketOut]
    plan_mission_id: int | None = Field(
        description="The mission whose first day the blockers are planned back from."
    )


class AssessmentDetail(AssessmentOut):
    facts: dict[str, bool] = Field(description="Answers to the screening questions.")
    score: ScoreOut | None


class AnswerOut(Schema):
    bank: str
    item_id: str
    level: int | None
    status: str
    not_applicable: bool
    na_reason: str
    evidence: EvidenceLevel
    note: str
    updated_at: dt.datetime


class AnswersOut(Schema):
    status: AssessmentStatus
    facts: dict[str, bool]
    answers: list[AnswerOut]


class ModuleIn(In):
    bank: str = Field(max_length=32, examples=["generic"])
    version: str = Field(max_length=16, examples=["1.0"])


class AssessmentIn(In):
    """A new draft; ``modules`` defaults to the latest index and the market modules of
    the company's target markets and the mission's destinations."""

    company: Id = Field(description="Company organisation id.")
    programme: Id = Field(description="Programme id.")
    wave: Wave
    mission: Id | None = Field(None, description="Mission id.")
    modules: list[ModuleIn] | None = None


class AnswerIn(In):
    """An index item takes ``level`` (0-4), a market item ``status``; ``not_applicable``
    needs ``na_reason``. Neither a value nor N/A clears the answer."""

    level: int | None = Field(None, ge=0, le=scoring.SCALE[-1])
    status: Literal["not_started", "in_progress", "done"] | None = None
    not_applicable: bool = False
    na_reason: str = Field("", max_length=REASON_MAX_LENGTH)
    note: str = Field("", max_length=NOTE_MAX_LENGTH)


class AnswersIn(In):
    answers: dict[ItemId, AnswerIn] = Field(default_factory=dict, examples=[{"D1.1": {"level": 3}}])
    facts: dict[ItemId, bool | None] = Field(
        default_factory=dict, description="Screening answers; null clears one."
    )


class ReviewIn(In):
    evidence: dict[ItemId, EvidenceLevel] = Field(
        default_factory=dict, examples=[{"D1.1": "adviser"}]
    )
    note: str = Field("", max_length=NOTE_MAX_LENGTH)


class AssessmentFilters(Filters):
    company: Id | None = None
    programme: Id | None = None
    mission: Id | None = None
    wave: Wave | None = None
    status: AssessmentStatus | None = None
    ordering: Literal[
        "company", "-company", "started_at", "-started_at", "submitted_at", "-submitted_at"
    ] = "company"


ORDERINGS = {
    "company": ("company__name", "started_at"),
    "-company": ("-company__name", "-started_at"),
    "started_at": ("started_at",),
    "-started_at": ("-started_at",),
    "submitted_at": (F("submitted_at").asc(nulls_last=True),),
    "-submitted_at": (F("submitted_at").desc(nulls_last=True),),
}


# Reading ----------------------------------------------------------------------------------


def _snapshots() -> QuerySet[ScoreSnapshot]:
    return ScoreSnapshot.objects.select_related("taken_by").order_by("-taken_at", "-pk")


def _assessments(request: HttpRequest) -> QuerySet[Assessment]:
    """Scoped assessments with their snapshots, latest first, in ``latest`` (the headline
    columns only; the detail reads the stored result of the latest one)."""
    snapshots = _snapshots().defer("result", "modules", "open_critical_blockers")
    return scoped(
        Assessment.objects.select_related("programme", "company").prefetch_related(
            Prefetch("snapshots", queryset=snapshots, to_attr="latest")
        ),
        actor(request),
    )


def _blockers(result: dict, mission: Mission | None, today: dt.date) -> list[dict[str, Any]]:
    blockers = [scoring.Blocker(**b) for b in result.get("blockers", [])]
    plan = plan_back(blockers, mission, today)
    rows = []
    for blocker in blockers:
        step = plan.get(blocker.item_id)
        rows.append(
            {
                **dataclasses.asdict(blocker),
                "latest_start": step.latest_start if step else None,
                "days_left": step.days_left if step else None,
                "too_late": step.too_late if step else False,
            }
        )
    return rows


def _market_code(bank_id: str, version: str) -> str | None:
    try:
        return load_bank(bank_id, version).market
    except BankError:
        return None


def score_of(assessment: Assessment, snapshot: ScoreSnapshot) -> dict[str, Any]:
    """The stored result of ``snapshot`` as the detail shows it: never rescored."""
    index = None
    markets = []
    mission = None
    today = timezone.localdate()
    for result in results_from_json(snapshot.result):
        if result["kind"] == "generic":
            index = {**result, "bank": result["bank_id"], "version": result["bank_version"]}
            continue
        if mission is None:
            mission = mission_for(assessment)
        markets.append(
            {
                **result,
                "bank": result["bank_id"],
                "version": result["bank_version"],
                "market": _market_code(result["bank_id"], result["bank_version"]),
                "groups": result["dimensions"],
                "blockers": _blockers(result, mission, today),
            }
        )
    return {
        "kind": snapshot.kind,
        "taken_at": snapshot.taken_at,
        "taken_by": snapshot.taken_by.get_username() if snapshot.taken_by else None,
        "overall": snapshot.overall,
        "verified": snapshot.verified,
        "band": snapshot.band,
        "modules": snapshot.modules,
        "index": index,
        "markets": markets,
        "plan_mission_id": mission.pk if mission is not None else None,
    }


def _detail(request: HttpRequest, assessment_pk: int) -> Assessment:
    assessment = get_visible(_assessments(request), request, assessment_pk)
    snapshot = _snapshots().filter(assessment=assessment).first()
    assessment.score = score_of(assessment, snapshot) if snapshot else None
    return assessment


def _answers(assessment: Assessment) -> dict[str, Any]:
    return {
        "status": assessment.status,
        "facts": assessment.facts,
        "answers": list(assessment.answers.order_by("bank", "item_id")),
    }


@router.get("/assessments", response={200: list[AssessmentOut], **READ_ERRORS})
@paginate(Pages)
def list_assessments(request: HttpRequest, filters: Query[AssessmentFilters]):
    """Assessments the caller may see (a company: its own), each with its latest score."""
    assessments = _assessments(request)
    for name in ("company", "programme", "mission", "wave", "status"):
        value = getattr(filters, name)
        if value is not None:
            assessments = assessments.filter(**{name: value})
    return assessments.order_by(*ORDERINGS[filters.ordering], "pk")


@router.get("/assessments/{assessment_pk}", response={200: AssessmentDetail, **READ_ERRORS})
def get_assessment(request: HttpRequest, assessment_pk: Id):
    """One assessment with its latest stored score: the index (axes, dimensions, band,
    quadrant, knock-outs) and each market module (completeness, blockers with lead times
    planned back from the mission's first day), with the bank ids and versions."""
    return _detail(request, assessment_pk)


@router.get("/assessments/{assessment_pk}/answers", response={200: AnswersOut, **READ_ERRORS})
def get_answers(request: HttpRequest, assessment_pk: Id):
    return _answers(get_visible(Assessment, request, assessment_pk))


# Writing ----------------------------------------------------------------------------------


def _at(error: ValidationError, container: str, items: Iterable[str]) -> Status:
    """A domain error keyed by item id as a 422 whose ``loc`` runs through ``container``
    to the item (``["body", "answers", "D1.1"]``); other keys stay top-level fields."""
    if not hasattr(error, "error_dict"):
        raise error
    items = set(items)
    detail = [
        {
            "loc": ["body", *((container, key) if key in items else (key,))],
            "msg": message,
            "type": "invalid",
        }
        for key, messages in error.message_dict.items()
        for message in messages
    ]
    return Status(422, {"detail": detail})


@router.post("/assessments", response={201: AssessmentDetail, **WRITE_ERRORS})
def start_assessment(request: HttpRequest, payload: AssessmentIn):
    """Start a draft (``readiness.domain.start_assessment``): the company's own users or
    the programme's operators."""
    assessment = domain.start_assessment(
        actor=actor(request),
        company=common.reference(
            Organisation.objects.filter(kind=Organisation.Kind.COMPANY),
            request,
            payload.company,
            "company",
        ),
        programme=common.reference(Programme, request, payload.programme, "programme"),
        mission=common.reference(Mission, request, payload.mission, "mission"),
        wave=payload.wave,
        modules=None
        if payload.modules is None
        else [module.model_dump() for module in payload.modules],
    )
    return Status(201, _detail(request, assessment.pk))


@router.patch("/assessments/{assessment_pk}/answers", response={200: AnswersOut, **WRITE_ERRORS})
def save_answers(request: HttpRequest, assessment_pk: Id, payload: AnswersIn):
    """Save the answers and screening answers sent, leaving the others
    (``readiness.domain.save_answers``; drafts only). Every item is checked against the
    assessment's bank versions first; nothing is saved if one is refused."""
    assessment = get_visible(Assessment, request, assessment_pk)
    try:
        domain.save_answers(
            actor=actor(request),
            assessment=assessment,
            answers={item: answer.model_dump() for item, answer in payload.answers.items()},
            facts=payload.facts,
        )
    except ValidationError as error:
        return _at(error, "answers", payload.answers)
    return _answers(assessment)


@router.post(
    "/assessments/{assessment_pk}/submit", response={200: AssessmentDetail, **WRITE_ERRORS}
)
def submit_assessment(request: HttpRequest, assessment_pk: Id):
    """Submit a draft for review and store its score (``readiness.domain.submit_assessment``)."""
    assessment = get_visible(Assessment, request, assessment_pk)
    domain.submit_assessment(actor=actor(request), assessment=assessment)
    return _detail(request, assessment.pk)


@router.post(
    "/assessments/{assessment_pk}/review", response={200: AssessmentDetail, **WRITE_ERRORS}
)
def review_assessment(request: HttpRequest, assessment_pk: Id, payload: ReviewIn):
    """An adviser's review (operators of the programme): the evidence level of answers,
    a note, and a new stored score (``readiness.domain.review_assessment``)."""
    assessment = get_visible(Assessment, request, assessment_pk)
    try:
        domain.review_assessment(
            actor=actor(request),
            assessment=assessment,
            evidence=payload.evidence,
            note=payload.note,
        )
    except ValidationError as error:
        return _at(error, "evidence", payload.evidence)
    return _detail(request, assessment.pk)
