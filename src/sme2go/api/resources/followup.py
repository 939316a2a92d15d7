"""Follow-up after a mission: leads with their stage history and next steps, and signed
agreements with their evidence and confirmation.

Visibility is the pages': the programme's operators see everything, a company its own
leads and agreements (and the next steps it owns), hosts and counterparts none. Every write
calls :mod:`sme2go.followup.domain`, which decides who may (operator staff of the
programme; a next step's owner marks it done).
"""

import datetime as dt
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sme2go.api import common
from sme2go.api.common import READ_ERRORS, WRITE_ERRORS, Pages, actor, get_visible
from sme2go.api.schemas import Filters, Id, In, OrganisationRef, ProgrammeRef
from sme2go.core.tenancy import scoped
from sme2go.followup import domain
from sme2go.followup.models import (
    MAX_NOTES_CHARS,
    Agreement,
    AgreementEvidence,
    Lead,
    LeadStageChange,
    MeetingFeedback,
    NextStep,
)
from sme2go.missions.models import Mission
from sme2go.organisations.models import Organisation
from sme2go.planning.models import ScheduledMeeting
from sme2go.programmes.models import Programme

router = Router(tags=["followup"])

Stage = Literal["first_contact", "negotiation", "agreement", "delivered", "lost"]
AgreementKind = Literal[tuple(Agreement.Kind.values)]  # type: ignore[valid-type]
Category = Literal["business", "technology", "research"]
EventCode = Literal[("", *LeadStageChange.Event.values)]  # type: ignore[valid-type]
NOTE_CHARS = 500  # LeadStageChange.note, NextStep.text, Lead.lost_reason


# Schemas ----------------------------------------------------------------------------------


class UserRef(Schema):
    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.get_full_name()


class StageChangeOut(Schema):
    from_stage: Stage | Literal[""] = Field(description="Empty: the lead was recorded.")
    to_stage: Stage
    note: str = Field(description="What a person wrote (a note, why the lead was lost).")
    event: EventCode = Field(
        description="A step the system made (empty: a person's); ``event_text`` says it in "
        "the language of the request."
    )
    event_params: dict[str, str]
    event_text: str
    changed_by: str | None
    changed_at: dt.datetime

    @staticmethod
    def resolve_changed_by(obj) -> str | None:
        return obj.changed_by.get_username() if obj.changed_by else None


class NextStepOut(Schema):
    id: int
    lead_id: int
    text: str
    due_on: dt.date
    owner: UserRef
    done: bool
    done_at: dt.datetime | None
    overdue: bool

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue()


class LeadOut(Schema):
    id: int
    programme: ProgrammeRef
    mission_id: int | None
    company: OrganisationRef
    counterpart: OrganisationRef
    source_meeting_id: int | None
    title: str
    stage: Stage
    lost_reason: str
    owner: UserRef | None
    created_at: dt.datetime
    stage_changed_at: dt.datetime
    history: list[StageChangeOut] = Field(description="Every stage the lead went through.")
    next_steps: list[NextStepOut] = Field(description="Those the caller may see.")

    @staticmethod
    def resolve_history(obj) -> list:
        return obj.stage_changes.all()

    @staticmethod
    def resolve_next_steps(obj) -> list:
        return obj.visible_steps


class LeadIn(In):
    """A new lead of ``company`` with ``counterpart``, on a ``mission`` (or from a
    ``source_meeting`` of it, or only in a ``programme``). ``owner`` defaults to you."""

    company: Id = Field(description="Company organisation id.")
    counterpart: Id = Field(description="Organisation id of the other side.")
    title: str = Field(min_length=1, max_length=200)
    mission: Id | None = Field(None, description="Mission id.")
    programme: Id | None = Field(None, description="Programme id, without a mission.")
    source_meeting: Id | None = Field(None, description="Scheduled meeting id.")
    owner: Id | None = Field(None, description="User id of the adviser following it up.")
    stage: Literal["first_contact", "negotiation", "agreement", "delivered"] = "first_contact"
    note: str = Field("", max_length=NOTE_CHARS)


class LeadPatch(In):
    """A partial update of a lead: only the fields sent change; ``owner`` null clears it."""

    title: str | None = Field(None, min_length=1, max_length=200)
    counterpart: Id | None = Field(None, description="Organisation id of the other side.")
    owner: Id | None = Field(None, description="User id of the adviser following it up.")


class StageIn(In):
    stage: Stage
    reason: str = Field("", max_length=NOTE_CHARS, description="Required for lost.")
    note: str = Field("", max_length=NOTE_CHARS)


class NextStepIn(In):
    text: str = Field(min_length=1, max_length=NOTE_CHARS)
    due_on: dt.date
    owner: Id | None = Field(None, description="User id; defaults to you.")


class DoneIn(In):
    done: bool = True


class EvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    description: str
    uploaded_at: dt.datetime


class AgreementOut(Schema):
    id: int
    programme: ProgrammeRef
    mission_id: int | None
    lead_id: int | None
    source_meeting_id: int | None
    kind: AgreementKind
    category: Category
    company: OrganisationRef
    partner: OrganisationRef
    signed_on: dt.date
    description: str
    evidence_status: Literal["missing", "to_confirm", "confirmed"] = Field(
        description="missing: no evidence file yet; to_confirm: evidence awaits an "
        "adviser's confirmation; confirmed: it counts in the reports."
    )
    evidence: list[EvidenceOut]
    confirmed_by: str | None
    confirmed_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_evidence(obj) -> list:
        return obj.visible_evidence

    @staticmethod
    def resolve_evidence_status(obj) -> str:
        if obj.is_confirmed:
            return "confirmed"
        return "to_confirm" if obj.visible_evidence else "missing"

    @staticmethod
    def resolve_confirmed_by(obj) -> str | None:
        return obj.confirmed_by.get_username() if obj.confirmed_by else None


class AgreementIn(In):
    """A signed agreement between ``company`` and ``partner``: from a ``lead`` (its
    programme, mission and meeting), a ``source_meeting``, a ``mission`` or a
    ``programme``. Evidence files are added on the agreement's page."""

    kind: AgreementKind
    company: Id = Field(description="Company organisation id.")
    partner: Id = Field(description="Partner organisation id.")
    signed_on: dt.date
    description: str = Field(min_length=1, max_length=MAX_NOTES_CHARS)
    lead: Id | None = Field(None, description="Lead id.")
    mission: Id | None = Field(None, description="Mission id.")
    programme: Id | None = Field(None, description="Programme id.")
    source_meeting: Id | None = Field(None, description="Scheduled meeting id.")


class OutcomeOut(Schema):
    meeting_id: int
    held: bool
    note: str
    recorded_by: str | None
    recorded_at: dt.datetime

    @staticmethod
    def resolve_recorded_by(obj) -> str | None:
        return obj.recorded_by.get_username() if obj.recorded_by else None


class OutcomeIn(In):
    """Whether the meeting took place; recorded for the exceptions (a meeting of the
    published schedule whose end has passed counts as held without one)."""

    held: bool
    note: str = Field("", max_length=NOTE_CHARS)


class FeedbackOut(Schema):
    id: int
    meeting_id: int
    organisation: OrganisationRef = Field(description="The side the feedback is from.")
    rating: int = Field(ge=1, le=5)
    wants_to_continue: bool
    notes: str
    author: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.get_username() if obj.author else None


class FeedbackIn(In):
    """One side's feedback (a second one replaces it). A side's users give their own;
    operator staff name the ``organisation``."""

    rating: int = Field(ge=1, le=5, description="1 (not useful) to 5 (very useful).")
    wants_to_continue: bool
    notes: str = Field("", max_length=MAX_NOTES_CHARS)
    organisation: Id | None = Field(None, description="Organisation id of the side.")


class LeadFilters(Filters):
    programme: Id | None = None
    mission: Id | None = None
    company: Id | None = None
    counterpart: Id | None = None
    owner: Id | None = None
    stage: Stage | None = None
    q: str | None = None
    ordering: Literal[
        "-stage_changed_at", "stage_changed_at", "created_at", "-created_at", "title", "-title"
    ] = "-stage_changed_at"


class AgreementFilters(Filters):
    programme: Id | None = None
    mission: Id | None = None
    company: Id | None = None
    partner: Id | None = None
    lead: Id | None = None
    kind: AgreementKind | None = None
    category: Category | None = None
    confirmed: bool | None = None
    ordering: Literal["-signed_on", "signed_on", "created_at", "-created_at"] = "-signed_on"


# Look-ups ---------------------------------------------------------------------------------


def _leads(request: HttpRequest) -> QuerySet[Lead]:
    user = actor(request)
    return scoped(
        Lead.objects.select_related(
            "programme", "company", "counterpart", "owner"
        ).prefetch_related(
            Prefetch(
                "stage_changes",
                queryset=LeadStageChange.objects.select_related("changed_by").order_by(
                    "changed_at", "pk"
                ),
            ),
            Prefetch(
                "next_steps",
                queryset=scoped(NextStep.objects.select_related("owner"), user),
                to_attr="visible_steps",
            ),
        ),
        user,
    )


def _agreements(request: HttpRequest) -> QuerySet[Agreement]:
    user = actor(request)
    return scoped(
        Agreement.objects.select_related(
            "programme", "company", "partner", "confirmed_by"
        ).prefetch_related(
            Prefetch(
                "evidence",
                queryset=scoped(AgreementEvidence.objects.order_by("uploaded_at", "pk"), user),
                to_attr="visible_evidence",
            )
        ),
        user,
    )


def _user(request: HttpRequest, pk: int | None, field: str) -> Any:
    """The user ``pk`` among the members of organisations the caller may see (so the
    domain's message about a wrong owner never names a stranger); 422 on ``field``."""
    if pk is None:
        return actor(request)
    organisations = scoped(Organisation, actor(request))
    return common.reference(
        get_user_model().objects.filter(membership__organisation__in=organisations),
        None,
        pk,
        field,
    )


def _meetings() -> QuerySet[ScheduledMeeting]:
    return ScheduledMeeting.objects.select_related(
        "schedule__mission__programme", "request__requester", "request__counterpart", "day"
    )


def _meeting(request: HttpRequest, pk: int | None) -> ScheduledMeeting | None:
    return common.reference(_meetings(), request, pk, "source_meeting")


def _organisation(request: HttpRequest, pk: int, field: str) -> Organisation:
    return common.reference(Organisation, request, pk, field)


def _require_operator(request: HttpRequest, *sources: Any) -> None:
    """As the pages do before their forms: only the programme's operator staff record
    and change leads, next steps and agreements, so another role hears 403 before any
    field of the body is looked up (a company, which sees no other organisation, would
    otherwise hear 422 on the counterpart). ``sources`` are the objects that may name
    the programme, the first one given decides; the domain function checks again."""
    found = next(source for source in sources if source is not None)
    programme_id = found.pk if isinstance(found, Programme) else found.programme_id
    if not domain.is_programme_operator(actor(request), programme_id):
        raise PermissionDenied


# Leads ------------------------------------------------------------------------------------


@router.get("/leads", response={200: list[LeadOut], **READ_ERRORS})
@paginate(Pages)
def list_leads(request: HttpRequest, filters: Query[LeadFilters]):
    """Leads of the caller's programmes (a company: its own), with history and next steps."""
    leads = _leads(request)
    for name in ("programme", "mission", "company", "counterpart", "owner", "stage"):
        value = getattr(filters, name)
        if value is not None:
            leads = leads.filter(**{name: value})
    if filters.q:
        leads = leads.filter(
            Q(title__icontains=filters.q)
            | Q(company__name__icontains=filters.q)
            | Q(counterpart__name__icontains=filters.q)
        )
    return leads.order_by(filters.ordering, "pk")


@router.get("/leads/{lead_pk}", response={200: LeadOut, **READ_ERRORS})
def get_lead(request: HttpRequest, lead_pk: Id):
    return get_visible(_leads(request), request, lead_pk)


@router.post("/leads", response={201: LeadOut, **WRITE_ERRORS})
def create_lead(request: HttpRequest, payload: LeadIn):
    """Record a lead (``followup.domain.record_lead``; operator staff of the programme)."""
    mission = common.reference(
        Mission.objects.select_related("programme"), request, payload.mission, "mission"
    )
    programme = common.reference(Programme, request, payload.programme, "programme")
    meeting = _meeting(request, payload.source_meeting)
    if mission is None and programme is None and meeting is None:
        raise ValidationError(
            {"mission": _("Name the mission (or the programme, or the source meeting).")}
        )
    _require_operator(request, meeting and meeting.schedule.mission, mission, programme)
    lead = domain.record_lead(
        actor=actor(request),
        company=_organisation(request, payload.company, "company"),
        counterpart=_organisation(request, payload.counterpart, "counterpart"),
        title=payload.title,
        programme=programme,
        mission=mission,
        source_meeting=meeting,
        owner=_user(request, payload.owner, "owner"),
        stage=payload.stage,
        note=payload.note,
    )
    return Status(201, get_visible(_leads(request), request, lead.pk))


@router.patch("/leads/{lead_pk}", response={200: LeadOut, **WRITE_ERRORS})
def update_lead(request: HttpRequest, lead_pk: Id, payload: LeadPatch):
    """Change the title, counterpart or owner sent (``followup.domain.update_lead``;
    operator staff of the programme)."""
    lead = get_visible(Lead.objects.select_related("programme"), request, lead_pk)
    _require_operator(request, lead)
    fields = common.changes(payload, nullable=("owner",))
    if "counterpart" in fields:
        fields["counterpart"] = _organisation(request, fields["counterpart"], "counterpart")
    if fields.get("owner") is not None:
        fields["owner"] = _user(request, fields["owner"], "owner")
    domain.update_lead(actor=actor(request), lead=lead, **fields)
    return get_visible(_leads(request), request, lead_pk)


@router.post("/leads/{lead_pk}/stage", response={200: LeadOut, **WRITE_ERRORS})
def move_lead(request: HttpRequest, lead_pk: Id, payload: StageIn):
    """Move the lead to another stage, kept in its history (``followup.domain.move_lead``;
    lost needs a ``reason``)."""
    lead = get_visible(Lead.objects.select_related("programme"), request, lead_pk)
    domain.move_lead(
        actor=actor(request),
        lead=lead,
        stage=payload.stage,
        reason=payload.reason,
        note=payload.note,
    )
    return get_visible(_leads(request), request, lead_pk)


@router.post("/leads/{lead_pk}/next-steps", response={201: NextStepOut, **WRITE_ERRORS})
def add_next_step(request: HttpRequest, lead_pk: Id, payload: NextStepIn):
    """Add a next step (``followup.domain.add_next_step``), owned by an adviser of the
    programme or a user of the lead's company."""
    lead = get_visible(Lead.objects.select_related("programme", "company"), request, lead_pk)
    _require_operator(request, lead)
    step = domain.add_next_step(
        actor=actor(request),
        lead=lead,
        text=payload.text,
        due_on=payload.due_on,
        owner=_user(request, payload.owner, "owner"),
    )
    return Status(201, NextStep.objects.select_related("owner").get(pk=step.pk))


@router.put("/next-steps/{nextstep_pk}/done", response={200: NextStepOut, **WRITE_ERRORS})
def complete_next_step(request: HttpRequest, nextstep_pk: Id, payload: DoneIn):
    """Mark a next step done, or open again (``followup.domain.complete_next_step``;
    operator staff or the step's owner)."""
    step = get_visible(NextStep.objects.select_related("owner"), request, nextstep_pk)
    return domain.complete_next_step(actor=actor(request), step=step, done=payload.done)


# Agreements -------------------------------------------------------------------------------


@router.get("/agreements", response={200: list[AgreementOut], **READ_ERRORS})
@paginate(Pages)
def list_agreements(request: HttpRequest, filters: Query[AgreementFilters]):
    """Agreements of the caller's programmes (a company: its own), with their evidence."""
    agreements = _agreements(request)
    for name in ("programme", "mission", "company", "partner", "lead", "kind"):
        value = getattr(filters, name)
        if value is not None:
            agreements = agreements.filter(**{name: value})
    if filters.category is not None:
        agreements = agreements.of_category(filters.category)
    if filters.confirmed is not None:
        agreements = agreements.filter(confirmed_at__isnull=not filters.confirmed)
    return agreements.order_by(filters.ordering, "pk")


@router.get("/agreements/{agreement_pk}", response={200: AgreementOut, **READ_ERRORS})
def get_agreement(request: HttpRequest, agreement_pk: Id):
    return get_visible(_agreements(request), request, agreement_pk)


@router.post("/agreements", response={201: AgreementOut, **WRITE_ERRORS})
def create_agreement(request: HttpRequest, payload: AgreementIn):
    """Record a signed agreement (``followup.domain.record_agreement``; operator staff).
    It counts in reports once an adviser confirms it with evidence."""
    lead = common.reference(
        Lead.objects.select_related("programme", "mission", "company", "counterpart"),
        request,
        payload.lead,
        "lead",
    )
    mission = common.reference(
        Mission.objects.select_related("programme"), request, payload.mission, "mission"
    )
    programme = common.reference(Programme, request, payload.programme, "programme")
    meeting = _meeting(request, payload.source_meeting)
    if lead is None and mission is None and programme is None and meeting is None:
        raise ValidationError(
            {"mission": _("Name the mission (or the programme, the lead or the source meeting).")}
        )
    _require_operator(request, lead, meeting and meeting.schedule.mission, mission, programme)
    agreement = domain.record_agreement(
        actor=actor(request),
        kind=payload.kind,
        company=_organisation(request, payload.company, "company"),
        partner=_organisation(request, payload.partner, "partner"),
        signed_on=payload.signed_on,
        description=payload.description,
        programme=programme,
        mission=mission,
        lead=lead,
        source_meeting=meeting,
    )
    return Status(201, get_visible(_agreements(request), request, agreement.pk))


@router.post("/agreements/{agreement_pk}/confirm", response={200: AgreementOut, **WRITE_ERRORS})
def confirm_agreement(request: HttpRequest, agreement_pk: Id):
    """Confirm the agreement once its evidence is seen (``followup.domain.confirm_agreement``;
    operator staff of the programme); only confirmed agreements count in reports."""
    agreement = get_visible(Agreement, request, agreement_pk)
    domain.confirm_agreement(actor=actor(request), agreement=agreement)
    return get_visible(_agreements(request), request, agreement_pk)


# Meeting outcomes and feedback ------------------------------------------------------------


@router.put(
    "/scheduled-meetings/{scheduledmeeting_pk}/outcome",
    response={200: OutcomeOut, **WRITE_ERRORS},
)
def record_outcome(request: HttpRequest, scheduledmeeting_pk: Id, payload: OutcomeIn):
    """Record whether a meeting of the published schedule took place
    (``followup.domain.record_outcome``; operator staff of the programme)."""
    meeting = get_visible(_meetings(), request, scheduledmeeting_pk)
    return domain.record_outcome(
        actor=actor(request), meeting=meeting, held=payload.held, note=payload.note
    )


def _feedback(request: HttpRequest) -> QuerySet[MeetingFeedback]:
    return scoped(
        MeetingFeedback.objects.select_related("organisation", "author"), actor(request)
    ).order_by("organisation__name", "pk")


@router.get(
    "/scheduled-meetings/{scheduledmeeting_pk}/feedback",
    response={200: list[FeedbackOut], **READ_ERRORS},
)
def list_feedback(request: HttpRequest, scheduledmeeting_pk: Id):
    """The feedback on a meeting the caller may see: operator staff both sides', a side
    its own."""
    meeting = get_visible(ScheduledMeeting, request, scheduledmeeting_pk)
    return _feedback(request).filter(meeting=meeting)


@router.put(
    "/scheduled-meetings/{scheduledmeeting_pk}/feedback",
    response={200: FeedbackOut, **WRITE_ERRORS},
)
def give_feedback(request: HttpRequest, scheduledmeeting_pk: Id, payload: FeedbackIn):
    """Give (or replace) one side's feedback on a meeting that took place
    (``followup.domain.give_feedback``)."""
    meeting = get_visible(_meetings(), request, scheduledmeeting_pk)
    feedback = domain.give_feedback(
        actor=actor(request),
        meeting=meeting,
        rating=payload.rating,
        wants_to_continue=payload.wants_to_continue,
        notes=payload.notes,
        organisation=_organisation(request, payload.organisation, "organisation")
        if payload.organisation is not None
        else None,
    )
    return _feedback(request).get(pk=feedback.pk)
