"""Pages of follow-up: thin wrappers around scoping, the forms and ``followup.domain``.

- a mission's follow-up page: for operator staff everything that came of it (meetings
  held with each side's feedback, leads by stage, open next steps, agreements,
  check-ins); for a participant its own meetings (with the feedback to give) and its
  check-ins;
- feedback on a meeting, an adviser's outcome of a meeting;
- leads (list, detail with stage history and next steps, create, edit, stage);
- agreements (create with an evidence file, detail with evidence and confirmation);
- a company's check-in form.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sme2go.agendas.timezones import zones_for
from sme2go.core.tenancy import access_for, get_scoped_or_404, scoped
from sme2go.core.views import ScopedDetailView, ScopedListView, form_page
from sme2go.followup import domain
from sme2go.followup.filters import LeadFilterSet
from sme2go.followup.forms import (
    AgreementForm,
    CheckInForm,
    EvidenceForm,
    FeedbackForm,
    LeadEditForm,
    LeadForm,
    NextStepForm,
    OutcomeForm,
    StageForm,
)
from sme2go.followup.models import (
    Agreement,
    AgreementEvidence,
    CheckIn,
    FollowUpMeeting,
    Lead,
    MeetingFeedback,
    NextStep,
)
from sme2go.missions.models import Mission
from sme2go.organisations.models import Organisation
from sme2go.planning.models import ScheduledMeeting

FORM_TEMPLATE = "followup/form.html"
HELD, NOT_HELD, UPCOMING = "held", "not_held", "upcoming"


def mission_url(mission_id: int, anchor: str = "") -> str:
    url = reverse("followup:mission", kwargs={"mission_pk": mission_id})
    return f"{url}#{anchor}" if anchor else url


def lead_url(lead_id: int) -> str:
    return reverse("followup:lead", kwargs={"lead_pk": lead_id})


def agreement_url(agreement_id: int) -> str:
    return reverse("followup:agreement", kwargs={"agreement_pk": agreement_id})


def _require_operator(request: HttpRequest, programme_id: int) -> None:
    if not domain.is_programme_operator(request.user, programme_id):
        raise PermissionDenied


def _meetings(user: Any) -> QuerySet:
    return scoped(FollowUpMeeting.objects.published(), user).select_related(
        "request__requester",
        "request__counterpart",
        "venue",
        "day__city__parent__parent",
        "schedule__mission",
        "outcome",
    )


def meeting_status(meeting: ScheduledMeeting, now) -> str:
    """Held, not held or upcoming, by the rule of :meth:`FollowUpMeetingQuerySet.held`
    (``outcome`` selected with the meeting)."""
    outcome = getattr(meeting, "outcome", None)
    if outcome is not None:
        return HELD if outcome.held else NOT_HELD
    return HELD if meeting.ends_at <= now else UPCOMING


def _programme_companies(mission: Mission) -> QuerySet:
    return mission.companies.order_by("name")


def _programme_organisations(mission: Mission) -> QuerySet:
    """Hosts, counterparts and companies enrolled in the mission's programme."""
    return (
        Organisation.objects.filter(enrolments__programme=mission.programme_id)
        .exclude(kind=Organisation.Kind.OPERATOR)
        .distinct()
        .order_by("name")
    )


def _advisers(programme_id: int) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(
            membership__organisation__kind=Organisation.Kind.OPERATOR,
            membership__organisation__partner_of=programme_id,
            is_active=True,
        )
        .select_related("membership__organisation")
        .order_by("first_name", "last_name", "username")
    )


# The mission's follow-up page --------------------------------------------------------------


@require_safe
@login_required
def mission_follow_up(request: HttpRequest, mission_pk: int) -> HttpResponse:
    """What came of a mission, in a fixed number of queries."""
    user = request.user
    mission = get_scoped_or_404(Mission.objects.select_related("programme"), user, pk=mission_pk)
    is_operator = domain.is_programme_operator(user, mission.programme_id)
    own_id = access_for(user).organisation_id
    now = timezone.now()
    meetings = list(
        _meetings(user)
        .filter(schedule__mission=mission)
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=scoped(MeetingFeedback, user).select_related("organisation"),
                to_attr="visible_feedback",
            )
        )
        .order_by("starts_at", "venue", "table")
    )
    zones = zones_for({meeting.day.city for meeting in meetings})
    counts: dict[str, int] = defaultdict(int)
    for meeting in meetings:
        meeting.status = meeting_status(meeting, now)
        meeting.local_start = timezone.localtime(meeting.starts_at, zones.get(meeting.day.city_id))
        meeting.sides = meeting.request.requester, meeting.request.counterpart
        by_side = {fb.organisation_id: fb for fb in meeting.visible_feedback}
        meeting.side_feedback = [(side, by_side.get(side.pk)) for side in meeting.sides]
        meeting.own_feedback = by_side.get(own_id)
        meeting.can_feedback = meeting.status != NOT_HELD and (
            meeting.status == HELD or meeting.starts_at <= now
        )
        counts[meeting.status] += 1
    context: dict[str, Any] = {
        "mission": mission,
        "is_operator": is_operator,
        "meetings": meetings,
        "counts": {
            "held": counts[HELD],
            "not_held": counts[NOT_HELD],
            "upcoming": counts[UPCOMING],
        },
        "check_ins": list(
            scoped(CheckIn.objects.filter(mission=mission), user)
            .select_related("company")
            .order_by("company__name", "months")
        ),
        "today": timezone.localdate(),
    }
    if is_operator:
        leads = list(
            scoped(Lead.objects.filter(mission=mission), user)
            .select_related("company", "counterpart", "owner")
            .order_by("company__name", "pk")
        )
        by_stage = {stage: [] for stage in Lead.Stage}
        for lead in leads:
            by_stage[Lead.Stage(lead.stage)].append(lead)
        context.update(
            {
                "leads_by_stage": [(stage.label, rows) for stage, rows in by_stage.items()],
                "lead_count": len(leads),
                "next_steps": list(
                    scoped(NextStep.objects.filter(lead__mission=mission, done=False), user)
                    .select_related("lead__company", "lead__counterpart", "owner")
                    .order_by("due_on", "pk")
                ),
                "agreements": list(
                    scoped(Agreement.objects.filter(mission=mission), user)
                    .select_related("company", "partner", "confirmed_by")
                    .annotate(evidence_count=Count("evidence"))
                    .order_by("-signed_on", "pk")
                ),
            }
        )
    return render(request, "followup/mission.html", context)


# Meetings: feedback and outcome ------------------------------------------------------------


def _meeting(request: HttpRequest, scheduledmeeting_pk: int) -> ScheduledMeeting:
    # Draft meetings too: operator staff see them; the domain refuses what is not published.
    meetings = scoped(ScheduledMeeting, request.user).select_related(
        "request__requester", "request__counterpart", "venue", "day__city", "schedule__mission"
    )
    return get_scoped_or_404(meetings, request.user, pk=scheduledmeeting_pk)


@login_required
def feedback(request: HttpRequest, scheduledmeeting_pk: int) -> HttpResponse:
    """One side's feedback on a meeting: its own for a participant; operator staff pick
    the side (``?side=`` preselects it)."""
    meeting = _meeting(request, scheduledmeeting_pk)
    if not domain.may_give_feedback(request.user, meeting):
        raise PermissionDenied
    mission = meeting.schedule.mission
    is_operator = domain.is_programme_operator(request.user, mission.programme_id)
    requester, counterpart = domain.meeting_parties(meeting)
    sides = (
        Organisation.objects.filter(pk__in=[requester.pk, counterpart.pk]).order_by("name")
        if is_operator
        else None
    )
    side_id = request.GET.get("side", "")
    own = access_for(request.user).organisation_id
    chosen = int(side_id) if is_operator and side_id.isdigit() else own
    existing = MeetingFeedback.objects.filter(meeting=meeting, organisation=chosen).first()
    initial: dict[str, Any] = {"organisation": chosen}
    if existing is not None:
        initial.update(
            rating=existing.rating,
            wants_to_continue=existing.wants_to_continue,
            notes=existing.notes,
        )
    form = FeedbackForm(request.POST or None, sides=sides, initial=initial)

    def save():
        data = form.cleaned_data
        return domain.give_feedback(
            actor=request.user,
            meeting=meeting,
            rating=data["rating"],
            wants_to_continue=data["wants_to_continue"],
            notes=data["notes"],
            organisation=data.get("organisation"),
        )

    return form_page(
        request,
        form,
        save=save,
        title=_("Feedback on the meeting %(a)s – %(b)s")
        % {"a": requester.name, "b": counterpart.name},
        back_url=mission_url(mission.pk, "meetings"),
        success_message=lambda made: (
            _("Thank you: the feedback of %(side)s is saved.") % {"side": made.organisation.name}
        ),
        template=FORM_TEMPLATE,
        context={"mission": mission, "meeting": meeting},
    )


@login_required
def outcome(request: HttpRequest, scheduledmeeting_pk: int) -> HttpResponse:
    """An adviser records whether a meeting took place."""
    meeting = _meeting(request, scheduledmeeting_pk)
    mission = meeting.schedule.mission
    _require_operator(request, mission.programme_id)
    current = getattr(meeting, "outcome", None)
    form = OutcomeForm(
        request.POST or None,
        initial={
            "held": current.held if current else False,
            "note": current.note if current else "",
        },
    )
    requester, counterpart = domain.meeting_parties(meeting)
    return form_page(
        request,
        form,
        save=lambda: domain.record_outcome(
            actor=request.user,
            meeting=meeting,
            held=form.cleaned_data["held"],
            note=form.cleaned_data["note"],
        ),
        title=_("Did the meeting %(a)s – %(b)s take place?")
        % {"a": requester.name, "b": counterpart.name},
        back_url=mission_url(mission.pk, "meetings"),
        success_message=lambda made: (
            _("The meeting is recorded as held.")
            if made.held
            else _("The meeting is recorded as not held.")
        ),
        template=FORM_TEMPLATE,
        context={"mission": mission, "meeting": meeting},
    )


# Leads and next steps ----------------------------------------------------------------------


class LeadListView(ScopedListView):
    """The leads of the user's programmes (a company: its own), filtered by stage,
    mission and owner."""

    model = Lead
    template_name = "followup/lead_list.html"
    filterset_class = LeadFilterSet
    search_fields = ("title", "company__name", "counterpart__name")

    def base_queryset(self) -> QuerySet[Lead]:
        return (
            Lead.objects.select_related("company", "counterpart", "mission", "owner")
            .annotate(open_steps=Count("next_steps", filter=Q(next_steps__done=False)))
            .order_by("-stage_changed_at", "pk")
        )


class LeadDetailView(ScopedDetailView):
    model = Lead
    template_name = "followup/lead_detail.html"
    pk_url_kwarg = "lead_pk"
    context_object_name = "lead"

    def base_queryset(self) -> QuerySet[Lead]:
        return Lead.objects.select_related(
            "programme",
            "mission",
            "company",
            "counterpart",
            "owner",
            "source_meeting__day__city__parent__parent",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        lead, user = self.object, self.request.user
        history = list(lead.stage_changes.select_related("changed_by").order_by("changed_at", "pk"))
        # A lead from a meeting is read against the meeting's local time (the mission's
        # follow-up page shows meetings so): its history in the same zone.
        meeting = lead.source_meeting
        city = meeting.day.city if meeting else None
        zone = zones_for([city]).get(city.pk) if city else None
        for change in history:
            change.local_at = timezone.localtime(change.changed_at, zone)
        context.update(
            {
                "history": history,
                "history_city": city,
                "next_steps": scoped(lead.next_steps.all(), user).select_related("owner"),
                "agreements": scoped(lead.agreements.all(), user).select_related("partner"),
                "stage_form": StageForm(initial={"stage": lead.stage}),
                "is_operator": domain.is_programme_operator(user, lead.programme_id),
                "today": timezone.localdate(),
            }
        )
        return context


def _lead_choices(mission: Mission) -> dict[str, QuerySet]:
    meetings = (
        FollowUpMeeting.objects.published()
        .filter(schedule__mission=mission)
        .select_related("request__requester", "request__counterpart", "day")
        .order_by("starts_at")
    )
    return {
        "companies": _programme_companies(mission),
        "counterparts": _programme_organisations(mission),
        "meetings": meetings,
        "owners": _advisers(mission.programme_id),
    }


@login_required
def lead_create(request: HttpRequest, mission_pk: int) -> HttpResponse:
    """Record a lead on a mission; ``?meeting=`` starts from a meeting (its company and
    the other side)."""
    mission = get_scoped_or_404(
        Mission.objects.select_related("programme"), request.user, pk=mission_pk
    )
    _require_operator(request, mission.programme_id)
    choices = _lead_choices(mission)
    initial: dict[str, Any] = {"owner": request.user.pk}
    meeting_id = request.GET.get("meeting", "")
    if meeting_id.isdigit():
        meeting = choices["meetings"].filter(pk=meeting_id).first()
        if meeting is not None:
            initial.update(
                source_meeting=meeting.pk,
                company=meeting.request.requester_id,
                counterpart=meeting.request.counterpart_id,
            )
    form = LeadForm(request.POST or None, initial=initial, **choices)
    return form_page(
        request,
        form,
        save=lambda: domain.record_lead(actor=request.user, mission=mission, **form.cleaned_data),
        title=_("New lead"),
        back_url=mission_url(mission.pk, "leads"),
        success_url=lambda lead: lead_url(lead.pk),
        success_message=lambda lead: _("The lead %(title)s is recorded.") % {"title": lead.title},
        template=FORM_TEMPLATE,
        context={"mission": mission},
    )


def _lead(request: HttpRequest, lead_pk: int) -> Lead:
    lead = get_scoped_or_404(
        Lead.objects.select_related("programme", "mission", "company", "counterpart"),
        request.user,
        pk=lead_pk,
    )
    _require_operator(request, lead.programme_id)
    return lead


@login_required
def lead_edit(request: HttpRequest, lead_pk: int) -> HttpResponse:
    lead = _lead(request, lead_pk)
    counterparts = (
        Organisation.objects.filter(enrolments__programme=lead.programme_id)
        .exclude(kind=Organisation.Kind.OPERATOR)
        .exclude(pk=lead.company_id)
        .distinct()
        .order_by("name")
    )
    form = LeadEditForm(
        request.POST or None,
        counterparts=counterparts,
        owners=_advisers(lead.programme_id),
        initial={"title": lead.title, "counterpart": lead.counterpart_id, "owner": lead.owner_id},
    )
    return form_page(
        request,
        form,
        save=lambda: domain.update_lead(actor=request.user, lead=lead, **form.cleaned_data),
        title=_("Edit the lead"),
        back_url=lead_url(lead.pk),
        success_message=_("The lead is saved."),
        template=FORM_TEMPLATE,
    )


@login_required
def lead_stage(request: HttpRequest, lead_pk: int) -> HttpResponse:
    """Move a lead to another stage (the form sits on the lead's page)."""
    lead = _lead(request, lead_pk)
    form = StageForm(request.POST or None, initial={"stage": lead.stage})
    return form_page(
        request,
        form,
        save=lambda: domain.move_lead(actor=request.user, lead=lead, **form.cleaned_data),
        title=_("Move the lead to another stage"),
        back_url=lead_url(lead.pk),
        success_message=lambda moved: (
            _("The lead is now at “%(stage)s”.") % {"stage": moved.get_stage_display()}
        ),
        template=FORM_TEMPLATE,
    )


def _step_owners(lead: Lead) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(
            Q(
                membership__organisation__kind=Organisation.Kind.OPERATOR,
                membership__organisation__partner_of=lead.programme_id,
            )
            | Q(membership__organisation=lead.company_id),
            is_active=True,
        )
        .select_related("membership__organisation")
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@login_required
def step_create(request: HttpRequest, lead_pk: int) -> HttpResponse:
    lead = _lead(request, lead_pk)
    form = NextStepForm(
        request.POST or None, owners=_step_owners(lead), initial={"owner": request.user.pk}
    )
    return form_page(
        request,
        form,
        save=lambda: domain.add_next_step(actor=request.user, lead=lead, **form.cleaned_data),
        title=_("Next step on the lead %(title)s") % {"title": lead.title},
        back_url=lead_url(lead.pk),
        success_message=_("The next step is added."),
        template=FORM_TEMPLATE,
    )


def _step(request: HttpRequest, nextstep_pk: int) -> NextStep:
    return get_scoped_or_404(
        NextStep.objects.select_related("lead__programme", "lead__company"),
        request.user,
        pk=nextstep_pk,
    )


@login_required
def step_edit(request: HttpRequest, nextstep_pk: int) -> HttpResponse:
    step = _step(request, nextstep_pk)
    _require_operator(request, step.programme_id)
    form = NextStepForm(
        request.POST or None,
        owners=_step_owners(step.lead),
        initial={"text": step.text, "due_on": step.due_on, "owner": step.owner_id},
    )
    return form_page(
        request,
        form,
        save=lambda: domain.update_next_step(actor=request.user, step=step, **form.cleaned_data),
        title=_("Edit the next step"),
        back_url=lead_url(step.lead_id),
        success_message=_("The next step is saved."),
        template=FORM_TEMPLATE,
    )


@login_required
@require_POST
def step_done(request: HttpRequest, nextstep_pk: int) -> HttpResponse:
    """Mark a next step done (``done=0``: not done again); its owner or operator staff."""
    step = _step(request, nextstep_pk)
    done = request.POST.get("done", "1") != "0"
    domain.complete_next_step(actor=request.user, step=step, done=done)
    messages.success(
        request,
        (_("“%(text)s” is done.") if done else _("“%(text)s” is open again."))
        % {"text": step.text},
    )
    next_url = request.POST.get("next", "")
    if next_url == "dashboard":
        return redirect("core:dashboard")
    return redirect(lead_url(step.lead_id))


# Agreements and evidence -------------------------------------------------------------------


@login_required
def agreement_create(request: HttpRequest, mission_pk: int) -> HttpResponse:
    """Record an agreement of a mission, with its first evidence file; ``?lead=``
    starts from a lead (its parties and meeting)."""
    mission = get_scoped_or_404(
        Mission.objects.select_related("programme"), request.user, pk=mission_pk
    )
    _require_operator(request, mission.programme_id)
    choices = _lead_choices(mission)
    lead = None
    lead_id = request.GET.get("lead", "")
    if lead_id.isdigit():
        lead = (
            scoped(Lead.objects.filter(mission=mission), request.user)
            .select_related("company", "counterpart", "programme", "source_meeting")
            .filter(pk=lead_id)
            .first()
        )
    initial: dict[str, Any] = {}
    if lead is not None:
        initial = {
            "company": lead.company_id,
            "partner": lead.counterpart_id,
            "source_meeting": lead.source_meeting_id,
            "description": lead.title,
        }
    form = AgreementForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        companies=choices["companies"],
        partners=choices["counterparts"],
        meetings=choices["meetings"],
    )

    def save() -> Agreement:
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        return domain.record_agreement(
            actor=request.user,
            mission=mission,
            lead=lead,
            files=[(upload, upload.name)] if upload is not None else [],
            **data,
        )

    return form_page(
        request,
        form,
        save=save,
        title=_("New agreement"),
        back_url=lead_url(lead.pk) if lead else mission_url(mission.pk, "agreements"),
        success_url=lambda made: agreement_url(made.pk),
        success_message=_(
            "The agreement is recorded; an adviser confirms it once the evidence is seen."
        ),
        template="followup/agreement_form.html",
        context={"mission": mission, "lead": lead, "multipart": True},
    )


def _agreement(request: HttpRequest, agreement_pk: int) -> Agreement:
    return get_scoped_or_404(
        Agreement.objects.select_related(
            "programme",
            "mission",
            "lead",
            "company",
            "partner",
            "confirmed_by",
            "source_meeting__request__requester",
            "source_meeting__request__counterpart",
            "source_meeting__day",
        ),
        request.user,
        pk=agreement_pk,
    )


@require_safe
@login_required
def agreement_detail(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = _agreement(request, agreement_pk)
    is_operator = domain.is_programme_operator(request.user, agreement.programme_id)
    return render(
        request,
        "followup/agreement_detail.html",
        {
            "agreement": agreement,
            "evidence": agreement.evidence.select_related("uploaded_by"),
            "is_operator": is_operator,
            "evidence_form": EvidenceForm() if is_operator and not agreement.is_confirmed else None,
        },
    )


@login_required
def evidence_add(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = _agreement(request, agreement_pk)
    _require_operator(request, agreement.programme_id)
    form = EvidenceForm(request.POST or None, request.FILES or None)

    def save() -> AgreementEvidence:
        upload = form.cleaned_data["file"]
        return domain.add_evidence(
            actor=request.user,
            agreement=agreement,
            file=upload,
            name=upload.name,
            description=form.cleaned_data["description"],
        )

    return form_page(
        request,
        form,
        save=save,
        title=_("Add evidence"),
        back_url=agreement_url(agreement.pk),
        success_message=lambda made: _("%(name)s is added.") % {"name": made.original_name},
        template=FORM_TEMPLATE,
        context={"multipart": True},
    )


@require_safe
@login_required
def evidence_file(request: HttpRequest, agreementevidence_pk: int) -> FileResponse:
    """The stored file, with the type its content was checked to be."""
    evidence = get_scoped_or_404(AgreementEvidence, request.user, pk=agreementevidence_pk)
    try:
        stored = evidence.file.open("rb")
    except FileNotFoundError:
        # The row outlived its file (a restore without the media folder).
        raise Http404 from None
    response = FileResponse(
        stored,
        content_type=evidence.content_type,
        filename=evidence.original_name,
        as_attachment=evidence.content_type == AgreementEvidence.ContentType.PDF,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_delete(request: HttpRequest, agreementevidence_pk: int) -> HttpResponse:
    evidence = get_scoped_or_404(
        AgreementEvidence.objects.select_related("agreement"), request.user, pk=agreementevidence_pk
    )
    _require_operator(request, evidence.programme_id)
    try:
        domain.remove_evidence(actor=request.user, evidence=evidence)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is removed.") % {"name": evidence.original_name})
    return redirect(agreement_url(evidence.agreement_id))


@login_required
@require_POST
def agreement_confirm(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = _agreement(request, agreement_pk)
    _require_operator(request, agreement.programme_id)
    try:
        domain.confirm_agreement(actor=request.user, agreement=agreement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The agreement is confirmed; it counts in the reports."))
    return redirect(agreement_url(agreement.pk))


# Check-ins ---------------------------------------------------------------------------------


@login_required
def check_in(request: HttpRequest, checkin_pk: int) -> HttpResponse:
    """A company answers its check-in (operator staff may answer for it)."""
    item = get_scoped_or_404(
        CheckIn.objects.select_related("mission", "company"), request.user, pk=checkin_pk
    )
    own = access_for(request.user).organisation_id
    if not domain.is_programme_operator(request.user, item.programme_id) and own != item.company_id:
        raise PermissionDenied
    form = CheckInForm(
        request.POST or None,
        initial={"continues": item.continues, "notes": item.notes},
    )
    return form_page(
        request,
        form,
        save=lambda: domain.answer_check_in(actor=request.user, check_in=item, **form.cleaned_data),
        title=_("%(mission)s: %(months)s later")
        % {"mission": item.mission.title, "months": item.get_months_display()},
        back_url=mission_url(item.mission_id, "check-ins"),
        success_message=_("Thank you: your answer is saved."),
        template="followup/check_in.html",
        context={"check_in": item, "opens_later": item.due_on > timezone.localdate()},
    )
