"""Write paths of follow-up: meeting outcomes and feedback, leads and next steps,
agreements with evidence, check-ins.

Every write function is keyword-only, runs in one audited transaction (``@domain_write``)
and decides permission from ``actor`` itself: ``PermissionDenied`` when the actor may not
write, ``ValidationError`` (keyed by form field, naming the records in conflict) on bad
input, and nothing written in either case (evidence files stored during a call that then
fails are removed again). ``actor=None`` is the system (demo loader, jobs).

Who writes what: operator staff of the programme (advisers, managers) record outcomes,
leads, next steps and agreements and confirm agreements; each side of a meeting (its
users) gives feedback on its own meetings only, an adviser may write it for a side; a
company's users answer its check-ins; a next step's owner marks it done.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sme2go.core.domain import apply_changes, domain_write
from sme2go.core.tenancy import access_for
from sme2go.followup.evidence import CheckedFile, check_evidence_file
from sme2go.followup.models import (
    CHECK_IN_MONTHS,
    Agreement,
    AgreementEvidence,
    CheckIn,
    Lead,
    LeadStageChange,
    MeetingFeedback,
    MeetingOutcome,
    NextStep,
)
from sme2go.missions.models import Mission
from sme2go.organisations.models import Membership, Organisation
from sme2go.planning.models import Schedule, ScheduledMeeting
from sme2go.programmes.models import Enrolment, Programme

Stage = Lead.Stage
LEAD_FIELDS = frozenset({"title", "owner", "counterpart"})
NEXT_STEP_FIELDS = frozenset({"text", "due_on", "owner"})


# Who may do what ---------------------------------------------------------------------------


def is_programme_operator(actor: Any, programme_id: int) -> bool:
    """The system, a superuser, or operator staff of the programme."""
    if actor is None:
        return True
    access = access_for(actor)
    return access.is_superuser or (access.is_operator and programme_id in access.programme_ids)


def _require_operator(actor: Any, programme_id: int) -> None:
    if not is_programme_operator(actor, programme_id):
        raise PermissionDenied


def meeting_parties(meeting: ScheduledMeeting) -> tuple[Organisation, Organisation]:
    """The two sides of a meeting: the requesting company and the one it meets."""
    return meeting.request.requester, meeting.request.counterpart


def may_give_feedback(actor: Any, meeting: ScheduledMeeting) -> bool:
    """Whether ``actor`` may write feedback on ``meeting`` (pure but for the access
    lookup): operator staff of the programme, or a user of one of its sides."""
    if is_programme_operator(actor, meeting.schedule.mission.programme_id):
        return True
    org_id = access_for(actor).organisation_id
    return org_id is not None and org_id in {
        meeting.request.requester_id,
        meeting.request.counterpart_id,
    }


def _meeting_day(meeting: ScheduledMeeting) -> str:
    return date_format(meeting.day.date, "DATE_FORMAT")


def _describe(meeting: ScheduledMeeting) -> str:
    requester, counterpart = meeting_parties(meeting)
    return _("%(a)s with %(b)s on %(day)s") % {
        "a": requester.name,
        "b": counterpart.name,
        "day": _meeting_day(meeting),
    }


def _published(meeting: ScheduledMeeting) -> None:
    if meeting.schedule.status != Schedule.Status.PUBLISHED:
        raise ValidationError(
            _("The meeting %(meeting)s is not in the mission's published schedule.")
            % {"meeting": _describe(meeting)}
        )


def _programme_member(programme: Programme, user: Any) -> bool:
    """Whether ``user`` is operator staff of ``programme``."""
    return Membership.objects.filter(
        user=user, organisation__kind=Organisation.Kind.OPERATOR, organisation__partner_of=programme
    ).exists()


def _check_enrolled(programme: Programme, organisation: Organisation, field: str) -> None:
    if not Enrolment.objects.filter(programme=programme, organisation=organisation).exists():
        raise ValidationError(
            {
                field: _("%(organisation)s is not enrolled in %(programme)s; enrol it first.")
                % {"organisation": organisation.name, "programme": programme.name}
            }
        )


def _check_company(programme: Programme, company: Organisation) -> None:
    if company.kind != Organisation.Kind.COMPANY:
        raise ValidationError(
            {"company": _("%(name)s is not a company (SME).") % {"name": company.name}}
        )
    _check_enrolled(programme, company, "company")


# Meeting outcomes and feedback -------------------------------------------------------------


@domain_write
def record_outcome(
    *, actor: Any, meeting: ScheduledMeeting, held: bool, note: str = ""
) -> MeetingOutcome:
    """Record whether ``meeting`` took place (operator staff of the programme).

    Refused: a meeting outside the published schedule; "held" before the meeting has
    started (the system may record it, e.g. the demo's day after the trip); "not held"
    for a meeting on which a side already gave feedback."""
    mission = meeting.schedule.mission
    _require_operator(actor, mission.programme_id)
    _published(meeting)
    now = timezone.now()
    if held and actor is not None and meeting.starts_at > now:
        raise ValidationError(
            {
                "held": _(
                    "The meeting %(meeting)s has not started yet; it can be recorded as held "
                    "once it has."
                )
                % {"meeting": _describe(meeting)}
            }
        )
    if not held:
        sides = list(
            MeetingFeedback.objects.filter(meeting=meeting).values_list(
                "organisation__name", flat=True
            )
        )
        if sides:
            raise ValidationError(
                {
                    "held": _(
                        "%(sides)s gave feedback on the meeting %(meeting)s, so it took place."
                    )
                    % {"sides": ", ".join(sides), "meeting": _describe(meeting)}
                }
            )
    outcome = MeetingOutcome.objects.filter(meeting=meeting).first() or MeetingOutcome(
        meeting=meeting, programme_id=mission.programme_id, mission=mission
    )
    outcome.held, outcome.note = held, note
    outcome.recorded_by = actor if actor is not None and actor.pk else None
    outcome.recorded_at = now
    outcome.full_clean(exclude=["meeting"])
    outcome.save()
    return outcome


@domain_write
def give_feedback(
    *,
    actor: Any,
    meeting: ScheduledMeeting,
    rating: int,
    wants_to_continue: bool,
    notes: str = "",
    organisation: Organisation | None = None,
) -> MeetingFeedback:
    """Record (or replace) one side's feedback on ``meeting``.

    A user of a side gives its own side's feedback (``organisation`` is theirs); operator
    staff of the programme and the system name the side. The meeting must be in the
    published schedule, have started and not be recorded as not held; feedback on a
    meeting that has started but not ended records it as held."""
    mission = meeting.schedule.mission
    parties = meeting_parties(meeting)
    party_ids = {party.pk for party in parties}
    if is_programme_operator(actor, mission.programme_id):
        if organisation is None:
            raise ValidationError({"organisation": _("Say which side this feedback is from.")})
    else:
        own = access_for(actor).organisation_id
        if own not in party_ids or (organisation is not None and organisation.pk != own):
            raise PermissionDenied
        organisation = next(party for party in parties if party.pk == own)
    if organisation.pk not in party_ids:
        raise ValidationError(
            {
                "organisation": _("%(name)s is not a side of the meeting %(meeting)s.")
                % {"name": organisation.name, "meeting": _describe(meeting)}
            }
        )
    _published(meeting)
    outcome = MeetingOutcome.objects.filter(meeting=meeting).first()
    now = timezone.now()
    if outcome is not None and not outcome.held:
        raise ValidationError(
            _(
                "The meeting %(meeting)s was recorded as not held; feedback is for meetings "
                "that took place."
            )
            % {"meeting": _describe(meeting)}
        )
    if outcome is None and meeting.starts_at > now:
        raise ValidationError(
            _("The meeting %(meeting)s has not started yet; give feedback after it.")
            % {"meeting": _describe(meeting)}
        )
    if outcome is None and meeting.ends_at > now:
        MeetingOutcome.objects.create(
            programme_id=mission.programme_id,
            mission=mission,
            meeting=meeting,
            held=True,
            recorded_by=actor if actor is not None and actor.pk else None,
        )
    feedback = MeetingFeedback.objects.filter(
        meeting=meeting, organisation=organisation
    ).first() or MeetingFeedback(
        meeting=meeting, organisation=organisation, programme_id=mission.programme_id
    )
    feedback.mission = mission
    feedback.rating, feedback.wants_to_continue, feedback.notes = rating, wants_to_continue, notes
    feedback.author = actor if actor is not None and actor.pk else None
    feedback.full_clean(exclude=["meeting", "organisation", "programme", "mission"])
    feedback.save()
    return feedback


# Leads and next steps ----------------------------------------------------------------------


def _check_owner(programme: Programme, owner: Any, field: str = "owner") -> None:
    if owner is not None and not _programme_member(programme, owner):
        raise ValidationError(
            {
                field: _("%(user)s is not operator staff of %(programme)s.")
                % {"user": owner.get_full_name() or owner.get_username(), "programme": programme}
            }
        )


@domain_write
def record_lead(
    *,
    actor: Any,
    company: Organisation,
    counterpart: Organisation,
    title: str,
    programme: Programme | None = None,
    mission: Mission | None = None,
    source_meeting: ScheduledMeeting | None = None,
    owner: Any = None,
    stage: str = Stage.FIRST_CONTACT,
    note: str = "",
) -> Lead:
    """Record a lead of ``company`` with ``counterpart`` (operator staff).

    The programme comes from ``mission``, which comes from ``source_meeting`` when one is
    given; ``company`` must be a side of that meeting and both must be enrolled in the
    programme. ``stage`` is a stage of the pipeline (a lead is marked lost later, with
    its reason); the first entry of its history says so."""
    if source_meeting is not None:
        meeting_mission = source_meeting.schedule.mission
        if mission is not None and mission.pk != meeting_mission.pk:
            raise ValidationError({"source_meeting": _("The meeting belongs to another mission.")})
        mission = meeting_mission
    if mission is not None:
        programme = mission.programme
    if programme is None:
        raise TypeError("record_lead() needs a programme, a mission or a source meeting")
    _require_operator(actor, programme.pk)
    if stage not in Lead.PIPELINE:
        raise ValidationError({"stage": _("A new lead starts at a stage of the pipeline.")})
    _check_company(programme, company)
    if counterpart.pk == company.pk:
        raise ValidationError({"counterpart": _("A lead is between two organisations.")})
    _check_enrolled(programme, counterpart, "counterpart")
    if source_meeting is not None:
        _published(source_meeting)
        if company.pk not in {party.pk for party in meeting_parties(source_meeting)}:
            raise ValidationError(
                {
                    "company": _("%(name)s was not in the meeting %(meeting)s.")
                    % {"name": company.name, "meeting": _describe(source_meeting)}
                }
            )
    _check_owner(programme, owner)
    now = timezone.now()
    lead = Lead(
        programme=programme,
        mission=mission,
        company=company,
        counterpart=counterpart,
        source_meeting=source_meeting,
        title=title,
        stage=stage,
        owner=owner,
        created_by=actor if actor is not None and actor.pk else None,
        created_at=now,
        stage_changed_at=now,
    )
    lead.full_clean(exclude=["programme", "mission", "company", "counterpart", "source_meeting"])
    lead.save()
    LeadStageChange.objects.create(
        programme=programme,
        lead=lead,
        to_stage=stage,
        note=note,
        changed_by=lead.created_by,
        changed_at=now,
    )
    return lead


@domain_write
def update_lead(*, actor: Any, lead: Lead, **changes: Any) -> Lead:
    """Change a lead's title, owner or counterpart (operator staff of its programme)."""
    _require_operator(actor, lead.programme_id)
    apply_changes(lead, changes, LEAD_FIELDS, function="update_lead")
    if "owner" in changes:
        _check_owner(lead.programme, lead.owner)
    if "counterpart" in changes:
        if lead.counterpart_id == lead.company_id:
            raise ValidationError({"counterpart": _("A lead is between two organisations.")})
        _check_enrolled(lead.programme, lead.counterpart, "counterpart")
    lead.full_clean(exclude=["programme", "mission", "company", "counterpart", "source_meeting"])
    lead.save()
    return lead


@domain_write(action="stage")
def move_lead(
    *,
    actor: Any,
    lead: Lead,
    stage: str,
    reason: str = "",
    note: str = "",
    event: str = "",
    event_params: Mapping[str, str] | None = None,
) -> Lead:
    """Move ``lead`` to ``stage`` (operator staff), keeping the step in its history.

    A lead may move to any other stage (forward, back to correct a mistake, or reopened
    from lost); "lost" needs ``reason``, which is kept as the lead's ``lost_reason``.
    ``note`` is the person's own text; a move the system makes names its ``event``
    (:class:`LeadStageChange.Event`) and ``event_params`` instead, put into words when
    the history is read."""
    _require_operator(actor, lead.programme_id)
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose a stage of the list.")})
    if stage == lead.stage:
        raise ValidationError(
            {
                "stage": _("The lead is already at “%(stage)s”.")
                % {"stage": lead.get_stage_display()}
            }
        )
    if event and event not in LeadStageChange.Event.values:
        raise ValueError(f"unknown lead event {event!r}")
    reason = reason.strip()
    if stage == Stage.LOST and not reason:
        raise ValidationError({"reason": _("Say why the lead was lost.")})
    now = timezone.now()
    LeadStageChange.objects.create(
        programme_id=lead.programme_id,
        lead=lead,
        from_stage=lead.stage,
        to_stage=stage,
        note=reason if stage == Stage.LOST else note,
        event=event,
        event_params=dict(event_params or {}),
        changed_by=actor if actor is not None and actor.pk else None,
        changed_at=now,
    )
    lead.stage = stage
    lead.lost_reason = reason if stage == Stage.LOST else ""
    lead.stage_changed_at = now
    lead.full_clean(exclude=["programme", "mission", "company", "counterpart", "source_meeting"])
    lead.save()
    return lead


def _check_step_owner(lead: Lead, owner: Any) -> None:
    in_company = Membership.objects.filter(user=owner, organisation=lead.company_id).exists()
    if not in_company and not _programme_member(lead.programme, owner):
        raise ValidationError(
            {
                "owner": _(
                    "%(user)s is neither operator staff of %(programme)s nor a user of %(company)s."
                )
                % {
                    "user": owner.get_full_name() or owner.get_username(),
                    "programme": lead.programme.name,
                    "company": lead.company.name,
                }
            }
        )


@domain_write
def add_next_step(*, actor: Any, lead: Lead, text: str, due_on: dt.date, owner: Any) -> NextStep:
    """Add a next step to ``lead`` (operator staff), owned by an adviser of the programme
    or a user of the lead's company."""
    _require_operator(actor, lead.programme_id)
    _check_step_owner(lead, owner)
    step = NextStep(
        programme_id=lead.programme_id,
        lead=lead,
        text=text,
        due_on=due_on,
        owner=owner,
        created_by=actor if actor is not None and actor.pk else None,
    )
    step.full_clean(exclude=["programme", "lead", "owner"])
    step.save()
    return step


@domain_write
def update_next_step(*, actor: Any, step: NextStep, **changes: Any) -> NextStep:
    """Change a step's text, due date or owner (operator staff). A new due date or owner
    allows one more reminder."""
    _require_operator(actor, step.programme_id)
    before = (step.due_on, step.owner_id)
    apply_changes(step, changes, NEXT_STEP_FIELDS, function="update_next_step")
    if "owner" in changes:
        _check_step_owner(step.lead, step.owner)
    if (step.due_on, step.owner_id) != before:
        step.reminder_sent_at = None
    step.full_clean(exclude=["programme", "lead", "owner"])
    step.save()
    return step


@domain_write
def complete_next_step(*, actor: Any, step: NextStep, done: bool = True) -> NextStep:
    """Mark ``step`` done (or not done again): operator staff of the programme or the
    step's owner."""
    if not is_programme_operator(actor, step.programme_id) and step.owner_id != actor.pk:
        raise PermissionDenied
    step.done = done
    step.done_at = timezone.now() if done else None
    step.save(update_fields=["done", "done_at"])
    return step


# Agreements and evidence -------------------------------------------------------------------


def _store_evidence(
    agreement: Agreement, checked: CheckedFile, *, actor: Any, description: str, stored: list
) -> AgreementEvidence:
    evidence = AgreementEvidence(
        programme_id=agreement.programme_id,
        agreement=agreement,
        original_name=checked.name[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        description=description,
        uploaded_by=actor if actor is not None and actor.pk else None,
    )
    evidence.file.save(checked.name, ContentFile(checked.data), save=False)
    stored.append(evidence.file)
    evidence.full_clean(exclude=["programme", "agreement", "file"])
    evidence.save()
    return evidence


def _removing_files_on_failure(stored: list) -> None:
    """Delete the files of ``stored`` (the call failed, its rows are rolled back)."""
    for file in stored:
        file.storage.delete(file.name)


def _check_files(files: Iterable[tuple[IO[bytes], str]]) -> list[CheckedFile]:
    """Check every file before any is stored; the first bad one refuses the call."""
    return [check_evidence_file(upload, name) for upload, name in files]


@domain_write
def record_agreement(
    *,
    actor: Any,
    kind: str,
    company: Organisation,
    partner: Organisation,
    signed_on: dt.date,
    description: str,
    programme: Programme | None = None,
    mission: Mission | None = None,
    lead: Lead | None = None,
    source_meeting: ScheduledMeeting | None = None,
    files: Iterable[tuple[IO[bytes], str]] = (),
    today: dt.date | None = None,
) -> Agreement:
    """Record a signed agreement (operator staff), with evidence ``files`` ((file, name)
    pairs, all checked before anything is stored).

    From a ``lead``: its programme, mission and meeting, and the same two parties. From a
    meeting: ``company`` was a side of it, and the agreement is not dated before the
    meeting's day. Never dated in the future. A lead at first contact or negotiation
    moves to "agreement"."""
    if lead is not None:
        programme, mission = lead.programme, mission or lead.mission
        source_meeting = source_meeting or lead.source_meeting
    if source_meeting is not None:
        mission = source_meeting.schedule.mission
    if mission is not None:
        programme = mission.programme
    if programme is None:
        raise TypeError("record_agreement() needs a programme, a mission, a lead or a meeting")
    _require_operator(actor, programme.pk)
    _check_company(programme, company)
    if partner.pk == company.pk:
        raise ValidationError({"partner": _("An agreement is between two organisations.")})
    _check_enrolled(programme, partner, "partner")
    if lead is not None and {lead.company_id, lead.counterpart_id} != {company.pk, partner.pk}:
        raise ValidationError(
            {
                "partner": _(
                    "The lead is between %(a)s and %(b)s; the agreement names other parties."
                )
                % {"a": lead.company.name, "b": lead.counterpart.name}
            }
        )
    today = today or timezone.localdate()
    if signed_on > today:
        raise ValidationError(
            {
                "signed_on": _("%(date)s is in the future; record an agreement once it is signed.")
                % {"date": date_format(signed_on, "DATE_FORMAT")}
            }
        )
    if source_meeting is not None:
        if company.pk not in {party.pk for party in meeting_parties(source_meeting)}:
            raise ValidationError(
                {
                    "company": _("%(name)s was not in the meeting %(meeting)s.")
                    % {"name": company.name, "meeting": _describe(source_meeting)}
                }
            )
        if signed_on < source_meeting.day.date:
            raise ValidationError(
                {
                    "signed_on": _(
                        "The agreement is dated %(date)s, before the meeting it came from "
                        "(%(meeting)s)."
                    )
                    % {
                        "date": date_format(signed_on, "DATE_FORMAT"),
                        "meeting": _describe(source_meeting),
                    }
                }
            )
    checked = _check_files(files)
    agreement = Agreement(
        programme=programme,
        mission=mission,
        lead=lead,
        source_meeting=source_meeting,
        kind=kind,
        company=company,
        partner=partner,
        signed_on=signed_on,
        description=description,
        created_by=actor if actor is not None and actor.pk else None,
    )
    agreement.full_clean(
        exclude=["programme", "mission", "lead", "source_meeting", "company", "partner"]
    )
    stored: list = []
    try:
        agreement.save()
        for file in checked:
            _store_evidence(agreement, file, actor=actor, description="", stored=stored)
        if lead is not None and lead.stage in (Stage.FIRST_CONTACT, Stage.NEGOTIATION):
            move_lead(
                actor=actor,
                lead=lead,
                stage=Stage.AGREEMENT,
                event=LeadStageChange.Event.AGREEMENT_SIGNED,
                event_params={"date": signed_on.isoformat()},
            )
    except BaseException:
        _removing_files_on_failure(stored)
        raise
    return agreement


@domain_write
def add_evidence(
    *, actor: Any, agreement: Agreement, file: IO[bytes], name: str, description: str = ""
) -> AgreementEvidence:
    """Add an evidence file to ``agreement`` (operator staff), checked first."""
    _require_operator(actor, agreement.programme_id)
    checked = check_evidence_file(file, name)
    stored: list = []
    try:
        return _store_evidence(
            agreement, checked, actor=actor, description=description, stored=stored
        )
    except BaseException:
        _removing_files_on_failure(stored)
        raise


@domain_write
def remove_evidence(*, actor: Any, evidence: AgreementEvidence) -> None:
    """Remove an evidence file of an unconfirmed agreement (operator staff); the file
    goes once the removal is committed."""
    _require_operator(actor, evidence.programme_id)
    if evidence.agreement.is_confirmed:
        raise ValidationError(
            _("The agreement is confirmed; its evidence stays as it was confirmed.")
        )
    file = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: file.storage.delete(file.name))


@domain_write(action="confirm")
def confirm_agreement(*, actor: Any, agreement: Agreement) -> Agreement:
    """Confirm ``agreement`` (operator staff of its programme) once it has evidence; only
    confirmed agreements count in reports."""
    _require_operator(actor, agreement.programme_id)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.is_confirmed:
        raise ValidationError(
            _("The agreement was already confirmed on %(date)s.")
            % {"date": date_format(timezone.localtime(agreement.confirmed_at), "DATE_FORMAT")}
        )
    if not agreement.evidence.exists():
        raise ValidationError(_("Add an evidence file before confirming the agreement."))
    agreement.confirmed_by = actor if actor is not None and actor.pk else None
    agreement.confirmed_at = timezone.now()
    agreement.save(update_fields=["confirmed_by", "confirmed_at"])
    return agreement


# Check-ins ---------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@domain_write
def schedule_check_ins(*, actor: Any, mission: Mission) -> list[CheckIn]:
    """Create the missing check-ins of ``mission``: each participating company, 3, 6 and
    12 months after its last day (operator staff). Returns the new ones; running it
    again adds only what is missing (a company that joined later)."""
    _require_operator(actor, mission.programme_id)
    if mission.status == Mission.Status.CANCELLED:
        raise ValidationError(_("The mission was cancelled; it has no check-ins."))
    existing = set(CheckIn.objects.filter(mission=mission).values_list("company_id", "months"))
    created = []
    for company in mission.companies.order_by("name"):
        for months in CHECK_IN_MONTHS:
            if (company.pk, months) in existing:
                continue
            check_in = CheckIn(
                programme_id=mission.programme_id,
                mission=mission,
                company=company,
                months=months,
                due_on=add_months(mission.end_date, months),
            )
            check_in.save()
            created.append(check_in)
    return created


@domain_write(action="answer")
def answer_check_in(
    *,
    actor: Any,
    check_in: CheckIn,
    continues: bool,
    notes: str = "",
    today: dt.date | None = None,
) -> CheckIn:
    """Answer ``check_in`` (a user of its company, or operator staff for it) once it is
    due; a second answer replaces the first."""
    own = access_for(actor).organisation_id if actor is not None else None
    if not is_programme_operator(actor, check_in.programme_id) and own != check_in.company_id:
        raise PermissionDenied
    today = today or timezone.localdate()
    if actor is not None and check_in.due_on > today:
        raise ValidationError(
            _("This check-in opens on %(date)s.")
            % {"date": date_format(check_in.due_on, "DATE_FORMAT")}
        )
    check_in.continues = continues
    check_in.notes = notes
    check_in.answered_at = timezone.now()
    check_in.answered_by = actor if actor is not None and actor.pk else None
    check_in.full_clean(exclude=["programme", "mission", "company"])
    check_in.save()
    return check_in
