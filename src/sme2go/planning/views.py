"""Views of meeting requests and of a mission's time and place (slots, venues,
interpreters, unavailability): thin wrappers around scoping, forms and planning.domain."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sme2go.core.tenancy import access_for, can_change, get_scoped_or_404, scoped
from sme2go.core.views import ScopedListView, form_page, get_changeable_or_404
from sme2go.matches.models import MatchProposal
from sme2go.missions.models import ItineraryDay, Mission, Visit
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.planning import domain
from sme2go.planning.filters import MeetingRequestFilterSet, MyRequestFilterSet
from sme2go.planning.forms import (
    AnswerForm,
    DaySlotSettingsForm,
    InterpreterForm,
    MeetingRequestForm,
    SlotSettingsForm,
    UnavailabilityForm,
    VenueForm,
)
from sme2go.planning.models import (
    DaySlotSettings,
    Interpreter,
    MeetingRequest,
    Unavailability,
    Venue,
)

FORM_TEMPLATE = "missions/form.html"


def _requests_url(mission_pk: int) -> str:
    return reverse("planning:requests", kwargs={"mission_pk": mission_pk})


def _planning_url(mission_pk: int, anchor: str = "") -> str:
    url = reverse("planning:time_and_place", kwargs={"mission_pk": mission_pk})
    return f"{url}#{anchor}" if anchor else url


def _mission_for_requests(request: HttpRequest, mission_pk: int) -> Mission:
    """The mission of a requests page: one the user sees, or one in which the user's
    organisation is party to a request (a counterpart the delegation does not visit sees
    the mission's requests, not its itinerary)."""
    missions = Mission.objects.select_related("programme")
    try:
        return get_scoped_or_404(missions, request.user, pk=mission_pk)
    except Http404:
        if not scoped(MeetingRequest.objects.filter(mission=mission_pk), request.user).exists():
            raise
        return missions.get(pk=mission_pk)


def _approved_matches(user: Any, mission: Mission, company_id: int | None) -> QuerySet:
    """Approved matches of ``company_id`` for needs of the mission's programme."""
    if company_id is None:
        return MatchProposal.objects.none()
    return scoped(
        MatchProposal.objects.filter(
            company=company_id,
            status=MatchProposal.Status.APPROVED,
            need__programme=mission.programme_id,
        ),
        user,
    ).select_related("need__host")


# Meeting requests --------------------------------------------------------------------------


class RequestListView(ScopedListView):
    """A mission's meeting requests: all of them for operator staff, with filters; those
    the user's organisation is party to for everyone else. Beside them the delegation's
    group visits (meetings of the whole delegation) and, for a company, its approved
    matches to request meetings from."""

    model = MeetingRequest
    template_name = "planning/request_list.html"
    filterset_class = MeetingRequestFilterSet
    paginate_by = 50

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.mission = _mission_for_requests(request, kwargs["mission_pk"])
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self) -> QuerySet[MeetingRequest]:
        return (
            MeetingRequest.objects.filter(mission=self.mission)
            .select_related("requester", "counterpart__region", "need")
            .order_by("-must_meet", "-priority", "requester__name", "counterpart__name")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        mission = self.mission
        user = self.request.user
        access = access_for(user)
        is_operator = can_change(user, mission)
        for row in context["object_list"]:
            row.can_answer = domain.may_answer(access, row, is_operator=is_operator)
            row.can_withdraw = domain.may_withdraw(access, row, is_operator=is_operator)
        visits = (
            Visit.objects.filter(day__mission=mission)
            .select_related("day__city", "organisation")
            .prefetch_related(Prefetch("companies", queryset=Organisation.objects.order_by("name")))
        )
        if access.is_host and not access.is_superuser:
            visits = visits.filter(organisation=access.organisation_id)
        company_id = access.organisation_id if access.is_company else None
        in_mission = company_id is not None and mission.companies.filter(pk=company_id).exists()
        matches = list(_approved_matches(user, mission, company_id)) if in_mission else []
        if matches:
            asked = set(
                MeetingRequest.objects.filter(mission=mission, requester=company_id)
                .exclude(status=MeetingRequest.Status.WITHDRAWN)
                .values_list("counterpart", flat=True)
            )
            for match in matches:
                match.already_requested = match.need.host_id in asked
        context.update(
            {
                "mission": mission,
                "is_operator": is_operator,
                "can_request": is_operator or in_mission,
                "visits": visits.order_by("day__date", "start_time"),
                "matches": matches,
                "filter_form": self.filterset.form if is_operator else None,
            }
        )
        return context


class MyRequestListView(ScopedListView):
    """The meeting requests the user's organisation is party to (all of its programmes'
    for operator staff), on every mission: where a counterpart the delegation does not
    visit finds the requests it is asked to answer."""

    model = MeetingRequest
    template_name = "planning/my_requests.html"
    filterset_class = MyRequestFilterSet
    paginate_by = 50

    def base_queryset(self) -> QuerySet[MeetingRequest]:
        return MeetingRequest.objects.select_related(
            "mission", "requester", "counterpart__region", "need"
        ).order_by("-mission__start_date", "mission_id", "-priority", "requester__name")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        access = access_for(user)
        planned = set(scoped(Mission, user, "change").values_list("pk", flat=True))
        for row in context["object_list"]:
            is_operator = row.mission_id in planned
            row.can_answer = domain.may_answer(access, row, is_operator=is_operator)
            row.can_withdraw = domain.may_withdraw(access, row, is_operator=is_operator)
        context["filter_form"] = self.filterset.form
        return context


@login_required
def request_create(request: HttpRequest, mission_pk: int) -> HttpResponse:
    """Request a meeting: directly, from an approved match (``?proposal=``) or from a
    need (``?need=``, operator staff), or for any company of the mission (operators)."""
    mission = get_scoped_or_404(
        Mission.objects.select_related("programme"), request.user, pk=mission_pk
    )
    access = access_for(request.user)
    is_operator = can_change(request.user, mission)
    company = None
    if not is_operator:
        if (
            not access.is_company
            or not mission.companies.filter(pk=access.organisation_id).exists()
        ):
            raise PermissionDenied
        company = Organisation.objects.get(pk=access.organisation_id)
    proposals = scoped(
        MatchProposal.objects.filter(
            status=MatchProposal.Status.APPROVED, need__programme=mission.programme_id
        ),
        request.user,
    ).select_related("need")
    if company is not None:
        proposals = proposals.filter(company=company)
    needs = (
        scoped(Need.objects.filter(programme=mission.programme_id), request.user).order_by("title")
        if is_operator
        else Need.objects.filter(pk__in=proposals.values("need"))
    )
    initial: dict[str, Any] = {}
    for param, queryset in (("proposal", proposals), ("need", needs)):
        value = request.GET.get(param, "")
        if value.isdigit():
            found = queryset.filter(pk=value).first()
            if found is not None:
                initial[param] = found
    if "proposal" in initial and is_operator:
        initial["requester"] = initial["proposal"].company_id
    form = MeetingRequestForm(
        request.POST or None,
        mission=mission,
        company=company,
        proposals=proposals,
        needs=needs,
        initial=initial,
    )
    return form_page(
        request,
        form,
        save=lambda: domain.request_meeting(
            actor=request.user,
            mission=mission,
            requester=company or form.cleaned_data["requester"],
            **form.domain_kwargs(),
        ),
        title=_("Request a meeting"),
        back_url=_requests_url(mission.pk),
        success_message=lambda made: (
            _("The meeting with %(counterpart)s was requested; %(counterpart)s answers it.")
            % {"counterpart": made.counterpart.name}
        ),
        template=FORM_TEMPLATE,
        context={"mission": mission},
    )


def _visible_request(request: HttpRequest, meetingrequest_pk: int) -> MeetingRequest:
    return get_scoped_or_404(
        MeetingRequest.objects.select_related("mission", "requester", "counterpart", "need"),
        request.user,
        pk=meetingrequest_pk,
    )


@login_required
def request_answer(request: HttpRequest, meetingrequest_pk: int) -> HttpResponse:
    """Accept or decline a request (the other side, or operator staff on its behalf)."""
    meeting_request = _visible_request(request, meetingrequest_pk)
    is_operator = can_change(request.user, meeting_request.mission)
    access = access_for(request.user)
    if not is_operator and access.organisation_id != meeting_request.counterpart_id:
        raise PermissionDenied
    form = AnswerForm(request.POST if request.method == "POST" else None)
    decision = request.POST.get("decision", "")
    answer = {"accept": domain.accept_request, "decline": domain.decline_request}.get(decision)
    if request.method == "POST" and answer is None:
        form.add_error(None, _("Choose to accept or to decline."))
    elif request.method == "POST" and form.is_valid():
        try:
            answered = answer(
                actor=request.user,
                meeting_request=meeting_request,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            text = (
                _("You accepted the meeting with %(requester)s.")
                if answered.status == MeetingRequest.Status.ACCEPTED
                else _("You declined the meeting with %(requester)s.")
            )
            messages.success(request, text % {"requester": answered.requester.name})
            return redirect(_requests_url(answered.mission_id))
    return render(
        request,
        "planning/request_answer.html",
        {
            "meeting_request": meeting_request,
            "mission": meeting_request.mission,
            "form": form,
            "can_answer": domain.may_answer(access, meeting_request, is_operator=is_operator),
        },
    )


@login_required
@require_POST
def request_withdraw(request: HttpRequest, meetingrequest_pk: int) -> HttpResponse:
    meeting_request = _visible_request(request, meetingrequest_pk)
    try:
        domain.withdraw_request(actor=request.user, meeting_request=meeting_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The request to meet %(counterpart)s was withdrawn.")
            % {"counterpart": meeting_request.counterpart.name},
        )
    return redirect(_requests_url(meeting_request.mission_id))


@login_required
@require_POST
def request_must_meet(request: HttpRequest, meetingrequest_pk: int) -> HttpResponse:
    meeting_request = _visible_request(request, meetingrequest_pk)
    must_meet = request.POST.get("must_meet") == "1"
    domain.set_must_meet(actor=request.user, meeting_request=meeting_request, must_meet=must_meet)
    names = {
        "requester": meeting_request.requester.name,
        "counterpart": meeting_request.counterpart.name,
    }
    messages.success(
        request,
        (
            _("%(requester)s and %(counterpart)s must meet.")
            if must_meet
            else _("%(requester)s and %(counterpart)s no longer must meet.")
        )
        % names,
    )
    return redirect(_requests_url(meeting_request.mission_id))


# Time and place ----------------------------------------------------------------------------


@login_required
@require_safe
def time_and_place(request: HttpRequest, mission_pk: int) -> HttpResponse:
    """The adviser's page of a mission's slots (with each day's), venues, interpreters
    and unavailability."""
    mission = get_changeable_or_404(
        Mission.objects.select_related("programme"), request, pk=mission_pk
    )
    settings = domain.slot_settings_for(mission)
    return render(
        request,
        "planning/time_and_place.html",
        {
            "mission": mission,
            "settings": settings,
            "days": domain.day_slots(mission, settings),
            "venues": mission.venues.select_related("city"),
            "interpreters": mission.interpreters.all(),
            "unavailabilities": Unavailability.objects.filter(day__mission=mission)
            .select_related("day__city", "organisation")
            .order_by("day__date", "start_time", "organisation__name"),
        },
    )


@login_required
def slot_settings_edit(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = get_changeable_or_404(Mission, request, pk=mission_pk)
    form = SlotSettingsForm(request.POST or None, instance=domain.slot_settings_for(mission))
    return form_page(
        request,
        form,
        save=lambda: domain.save_slot_settings(
            actor=request.user, mission=mission, **form.cleaned_data
        ),
        title=_("Meeting slots of %(mission)s") % {"mission": mission.title},
        back_url=_planning_url(mission.pk),
        success_message=_("The slot settings were saved."),
        template=FORM_TEMPLATE,
        context={"mission": mission},
    )


@login_required
def day_slots_edit(request: HttpRequest, day_pk: int) -> HttpResponse:
    day = get_changeable_or_404(
        ItineraryDay.objects.select_related("mission", "city"), request, pk=day_pk
    )
    own = DaySlotSettings.objects.filter(day=day).first() or DaySlotSettings(day=day)
    form = DaySlotSettingsForm(request.POST or None, instance=own)
    return form_page(
        request,
        form,
        save=lambda: domain.save_day_slot_settings(
            actor=request.user, day=day, **form.cleaned_data
        ),
        title=_("Meeting slots on %(day)s") % {"day": domain.day_label(day)},
        back_url=_planning_url(day.mission_id, "slots"),
        success_message=_("The slot times of the day were saved."),
        template=FORM_TEMPLATE,
        context={"mission": day.mission},
    )


def _delete_page(
    request: HttpRequest,
    *,
    remove: Callable[[], None],
    title: str,
    warning: str,
    back_url: str,
    success_message: str,
) -> HttpResponse:
    """Ask for confirmation on GET; remove on POST (a refusal is shown as a message)."""
    if request.method == "POST":
        try:
            remove()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success_message)
        return redirect(back_url)
    return render(
        request,
        "missions/confirm_delete.html",
        {"title": title, "warning": warning, "cancel_url": back_url},
    )


def _mission_form_page(request: HttpRequest, form: BaseForm, mission: Mission, **kwargs: Any):
    return form_page(request, form, template=FORM_TEMPLATE, context={"mission": mission}, **kwargs)


@login_required
def venue_create(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = get_changeable_or_404(Mission, request, pk=mission_pk)
    form = VenueForm(request.POST or None, instance=Venue(mission=mission), mission=mission)
    return _mission_form_page(
        request,
        form,
        mission,
        save=lambda: domain.add_venue(actor=request.user, mission=mission, **form.cleaned_data),
        title=_("Add a venue"),
        back_url=_planning_url(mission.pk, "venues"),
        success_message=_("The venue was added."),
    )


def _changeable_venue(request: HttpRequest, venue_pk: int) -> Venue:
    return get_changeable_or_404(
        Venue.objects.select_related("mission", "city"), request, pk=venue_pk
    )


@login_required
def venue_edit(request: HttpRequest, venue_pk: int) -> HttpResponse:
    venue = _changeable_venue(request, venue_pk)
    form = VenueForm(request.POST or None, instance=venue, mission=venue.mission)
    return _mission_form_page(
        request,
        form,
        venue.mission,
        save=lambda: domain.update_venue(actor=request.user, venue=venue, **form.cleaned_data),
        title=_("Edit venue"),
        back_url=_planning_url(venue.mission_id, "venues"),
        success_message=_("The venue was saved."),
    )


@login_required
def venue_delete(request: HttpRequest, venue_pk: int) -> HttpResponse:
    venue = _changeable_venue(request, venue_pk)
    return _delete_page(
        request,
        remove=lambda: domain.remove_venue(actor=request.user, venue=venue),
        title=_("Remove venue"),
        warning=str(venue),
        back_url=_planning_url(venue.mission_id, "venues"),
        success_message=_("The venue was removed."),
    )


@login_required
def interpreter_create(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = get_changeable_or_404(Mission, request, pk=mission_pk)
    form = InterpreterForm(request.POST or None, instance=Interpreter(mission=mission))
    return _mission_form_page(
        request,
        form,
        mission,
        save=lambda: domain.add_interpreter(
            actor=request.user, mission=mission, **form.cleaned_data
        ),
        title=_("Add interpreters for a language"),
        back_url=_planning_url(mission.pk, "interpreters"),
        success_message=_("The interpreters were added."),
    )


def _changeable_interpreter(request: HttpRequest, interpreter_pk: int) -> Interpreter:
    return get_changeable_or_404(
        Interpreter.objects.select_related("mission"), request, pk=interpreter_pk
    )


@login_required
def interpreter_edit(request: HttpRequest, interpreter_pk: int) -> HttpResponse:
    interpreter = _changeable_interpreter(request, interpreter_pk)
    form = InterpreterForm(request.POST or None, instance=interpreter)
    return _mission_form_page(
        request,
        form,
        interpreter.mission,
        save=lambda: domain.update_interpreter(
            actor=request.user, interpreter=interpreter, **form.cleaned_data
        ),
        title=_("Edit interpreters"),
        back_url=_planning_url(interpreter.mission_id, "interpreters"),
        success_message=_("The interpreters were saved."),
    )


@login_required
def interpreter_delete(request: HttpRequest, interpreter_pk: int) -> HttpResponse:
    interpreter = _changeable_interpreter(request, interpreter_pk)
    return _delete_page(
        request,
        remove=lambda: domain.remove_interpreter(actor=request.user, interpreter=interpreter),
        title=_("Remove interpreters"),
        warning=str(interpreter),
        back_url=_planning_url(interpreter.mission_id, "interpreters"),
        success_message=_("The interpreters were removed."),
    )


def _unavailability_kwargs(form: UnavailabilityForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("day")
    return data


@login_required
def unavailability_create(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = get_changeable_or_404(Mission, request, pk=mission_pk)
    form = UnavailabilityForm(request.POST or None, mission=mission)
    return _mission_form_page(
        request,
        form,
        mission,
        save=lambda: domain.add_unavailability(
            actor=request.user, day=form.cleaned_data["day"], **_unavailability_kwargs(form)
        ),
        title=_("Add a time someone cannot meet"),
        back_url=_planning_url(mission.pk, "unavailability"),
        success_message=_("The unavailable time was added."),
    )


def _changeable_unavailability(request: HttpRequest, unavailability_pk: int) -> Unavailability:
    return get_changeable_or_404(
        Unavailability.objects.select_related("day__mission", "organisation"),
        request,
        pk=unavailability_pk,
    )


@login_required
def unavailability_edit(request: HttpRequest, unavailability_pk: int) -> HttpResponse:
    entry = _changeable_unavailability(request, unavailability_pk)
    mission = entry.day.mission
    form = UnavailabilityForm(request.POST or None, instance=entry, mission=mission)

    return _mission_form_page(
        request,
        form,
        mission,
        save=lambda: domain.update_unavailability(
            actor=request.user, unavailability=entry, **form.cleaned_data
        ),
        title=_("Edit unavailable time"),
        back_url=_planning_url(mission.pk, "unavailability"),
        success_message=_("The unavailable time was saved."),
    )


@login_required
def unavailability_delete(request: HttpRequest, unavailability_pk: int) -> HttpResponse:
    entry = _changeable_unavailability(request, unavailability_pk)
    return _delete_page(
        request,
        remove=lambda: domain.remove_unavailability(actor=request.user, unavailability=entry),
        title=_("Remove unavailable time"),
        warning=str(entry),
        back_url=_planning_url(entry.day.mission_id, "unavailability"),
        success_message=_("The unavailable time was removed."),
    )
