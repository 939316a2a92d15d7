"""Pages of solver runs and schedules: operators of the mission's programme only.

Everyone else gets 404, also for a mission they can see: runs and drafts are the
advisers' working material (published agendas are shown elsewhere).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sme2go.core.tenancy import access_for, can_change, get_scoped_or_404
from sme2go.core.views import form_page
from sme2go.missions.models import Mission
from sme2go.organisations.models import Organisation
from sme2go.planning import jobs, schedules
from sme2go.planning.models import MeetingRequest, Schedule, ScheduledMeeting, SolverRun, Venue
from sme2go.planning.problem import Grid, Note


def _operator_or_404(request: HttpRequest) -> None:
    access = access_for(request.user)
    if not (access.is_operator or access.is_superuser):
        raise Http404


def _mission(request: HttpRequest, mission_pk: int) -> Mission:
    _operator_or_404(request)
    return get_scoped_or_404(Mission, request.user, pk=mission_pk)


def _schedule(request: HttpRequest, schedule_pk: int) -> Schedule:
    _operator_or_404(request)
    return get_scoped_or_404(
        Schedule.objects.select_related("mission", "run"), request.user, pk=schedule_pk
    )


def _meeting(request: HttpRequest, scheduledmeeting_pk: int) -> ScheduledMeeting:
    _operator_or_404(request)
    return get_scoped_or_404(
        ScheduledMeeting.objects.select_related(
            "schedule__mission", "request__requester", "request__counterpart", "venue__city"
        ),
        request.user,
        pk=scheduledmeeting_pk,
    )


def _run(request: HttpRequest, solverrun_pk: int) -> SolverRun:
    _operator_or_404(request)
    return get_scoped_or_404(
        SolverRun.objects.select_related("mission"), request.user, pk=solverrun_pk
    )


def _back(schedule: Schedule) -> str:
    return reverse("planning:schedule_detail", kwargs={"schedule_pk": schedule.pk})


@login_required
@require_GET
def schedule_page(request: HttpRequest, mission_pk: int) -> HttpResponse:
    """The mission's scheduler: start a run, watch it, list the schedules."""
    mission = _mission(request, mission_pk)
    runs = list(SolverRun.objects.filter(mission=mission).order_by("-created_at", "-pk")[:5])
    active = next((r for r in runs if r.status in SolverRun.ACTIVE), None)
    return render(
        request,
        "planning/schedule_mission.html",
        {
            "mission": mission,
            "runs": runs,
            "active": active,
            "active_phase": phase_label(active.phase) if active else "",
            "latest": runs[0] if runs else None,
            "schedules": Schedule.objects.filter(mission=mission)
            .select_related("run")
            .order_by("-created_at", "-pk"),
            "can_change": can_change(request.user, mission),
        },
    )


@login_required
@require_POST
def run_start(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = _mission(request, mission_pk)
    try:
        run = jobs.start_solver_run(actor=request.user, mission=mission)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Run #%(run)d is queued.") % {"run": run.pk})
    return redirect("planning:schedule", mission_pk=mission.pk)


@login_required
@require_POST
def run_cancel(request: HttpRequest, solverrun_pk: int) -> HttpResponse:
    run = _run(request, solverrun_pk)
    try:
        jobs.cancel_solver_run(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Run #%(run)d is being cancelled.") % {"run": run.pk})
    return redirect("planning:schedule", mission_pk=run.mission_id)


PHASES = {
    "preparing": gettext_lazy("reading the mission"),
    "priority": gettext_lazy("choosing the meetings"),
    "breaks": gettext_lazy("reducing breaks"),
    "done": gettext_lazy("done"),
}


def phase_label(phase: str) -> str:
    return str(PHASES.get(phase, phase))


def progress_of(run: SolverRun) -> dict[str, Any]:
    """The run's state for the progress display (JSON)."""
    schedule = Schedule.objects.filter(run=run).values_list("pk", flat=True).first()
    return {
        "run": run.pk,
        "status": run.status,
        "status_label": str(run.get_status_display()),
        "active": run.status in SolverRun.ACTIVE,
        "elapsed_s": round(run.elapsed_s, 1),
        "time_limit_s": run.time_limit_s,
        "percent": min(100, round(100 * run.elapsed_s / run.time_limit_s))
        if run.time_limit_s
        else 0,
        "objective": None if run.objective is None else round(run.objective),
        "bound": None if run.bound is None else round(run.bound),
        "phase": phase_label(run.phase),
        "message": run.message,
        "schedule_url": reverse("planning:schedule_detail", kwargs={"schedule_pk": schedule})
        if schedule
        else None,
    }


@login_required
@require_GET
def run_progress(request: HttpRequest, solverrun_pk: int) -> JsonResponse:
    """The run's progress as JSON, polled once a second by planning/run_progress.js."""
    return JsonResponse(progress_of(_run(request, solverrun_pk)))


@login_required
@require_GET
def schedule_detail(request: HttpRequest, schedule_pk: int) -> HttpResponse:
    """A schedule's result: figures beside greedy, each day's meetings, who was left out
    and why, breaks per participant."""
    schedule = _schedule(request, schedule_pk)
    mission = schedule.mission
    grid = Grid(mission)
    meetings = list(
        schedule.meetings.select_related(
            "request__requester", "request__counterpart", "venue", "day__city"
        ).order_by("starts_at", "venue__name", "table")
    )
    by_day: dict[int, list[ScheduledMeeting]] = defaultdict(list)
    for meeting in meetings:
        by_day[meeting.day_id].append(meeting)
    days = [{"day": day, "meetings": by_day.get(day.pk, [])} for day in grid.days]
    details = schedule.details or {}
    left_out_reasons = details.get("left_out", {})
    requests = {
        r.pk: r
        for r in MeetingRequest.objects.filter(
            pk__in=[int(k) for k in left_out_reasons]
        ).select_related("requester", "counterpart")
    }
    left_out = [
        {"request": requests[int(pk)], "reason": str(Note.from_json(reason))}
        for pk, reason in left_out_reasons.items()
        if int(pk) in requests
    ]
    left_out.sort(key=lambda row: (row["request"].requester.name, row["request"].counterpart.name))
    greedy_breaks = details.get("greedy_breaks", {})
    solver_breaks = details.get("breaks", {})
    names = dict(
        Organisation.objects.filter(pk__in=[int(k) for k in solver_breaks]).values_list(
            "pk", "name"
        )
    )
    participants = sorted(
        (
            {"name": names.get(int(pk), pk), "breaks": n, "greedy": greedy_breaks.get(pk)}
            for pk, n in solver_breaks.items()
        ),
        key=lambda row: (-row["breaks"], str(row["name"])),
    )
    gap = None
    if schedule.breaks and schedule.bound is not None:
        gap = round(100 * (schedule.breaks - schedule.bound) / schedule.breaks)
    priority = schedule.details.get("priority") or {}
    priority_gap = None
    if priority.get("bound") and priority.get("placed") is not None:
        priority_gap = round(100 * (priority["bound"] - priority["placed"]) / priority["bound"])
    return render(
        request,
        "planning/schedule_detail.html",
        {
            "schedule": schedule,
            "mission": mission,
            "days": days,
            "zone": grid.zone.key,
            "placed": len(meetings),
            "left_out": left_out,
            "participants": participants,
            "gap": gap,
            "priority": priority if priority.get("bound") else None,
            "priority_gap": priority_gap,
            "warnings": [str(Note.from_json(note)) for note in details.get("warnings", [])],
            "editable": schedule.status == Schedule.Status.DRAFT,
        },
    )


@login_required
@require_POST
def schedule_publish(request: HttpRequest, schedule_pk: int) -> HttpResponse:
    schedule = _schedule(request, schedule_pk)
    try:
        schedules.publish_schedule(actor=request.user, schedule=schedule)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The schedule is published."))
    return redirect(_back(schedule))


def _lock_view(request: HttpRequest, scheduledmeeting_pk: int, lock: bool) -> HttpResponse:
    meeting = _meeting(request, scheduledmeeting_pk)
    function = schedules.lock_meeting if lock else schedules.unlock_meeting
    try:
        function(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            (_("%(meeting)s is locked.") if lock else _("%(meeting)s is unlocked."))
            % {"meeting": meeting.request},
        )
    return redirect(_back(meeting.schedule))


@login_required
@require_POST
def meeting_lock(request: HttpRequest, scheduledmeeting_pk: int) -> HttpResponse:
    return _lock_view(request, scheduledmeeting_pk, lock=True)


@login_required
@require_POST
def meeting_unlock(request: HttpRequest, scheduledmeeting_pk: int) -> HttpResponse:
    return _lock_view(request, scheduledmeeting_pk, lock=False)


def _slot_label(moment: Any, city: str) -> str:
    """``Wed 18 March 10:00 — Rizhao`` in the reader's language, as the pages name days."""
    day = f"{date_format(moment, 'D')} {date_format(moment, 'MONTH_DAY_FORMAT')}"
    return f"{day} {time_format(moment, 'TIME_FORMAT')} — {city}"


class MoveForm(forms.Form):
    """Where a meeting goes: a slot of the mission, a venue and a table."""

    slot = forms.ChoiceField(label=gettext_lazy("Time"))
    venue = forms.ModelChoiceField(label=gettext_lazy("Venue"), queryset=Venue.objects.none())
    table = forms.IntegerField(label=gettext_lazy("Table"), min_value=1)

    def __init__(self, *args: Any, grid: Grid, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grid = grid
        self.fields["slot"].choices = [
            (
                str(index),
                _slot_label(grid.local(slot.starts_at), slot.day.city.name),
            )
            for index, slot in sorted(grid.slots.items())
        ]
        self.fields["venue"].queryset = Venue.objects.filter(mission=grid.mission).select_related(
            "city"
        )


@login_required
def meeting_move(request: HttpRequest, scheduledmeeting_pk: int) -> HttpResponse:
    """Move a draft's meeting; a move that breaks a rule is refused with each rule."""
    meeting = _meeting(request, scheduledmeeting_pk)
    grid = Grid(meeting.schedule.mission)
    current = grid.slot_at(meeting.day_id, meeting.starts_at)
    initial = {
        "slot": str(current.index) if current else None,
        "venue": meeting.venue,
        "table": meeting.table,
    }
    form = MoveForm(request.POST or None, grid=grid, initial=initial)

    def save() -> ScheduledMeeting:
        slot = grid.slots[int(form.cleaned_data["slot"])]
        return schedules.move_meeting(
            actor=request.user,
            meeting=meeting,
            starts_at=slot.starts_at,
            venue=form.cleaned_data["venue"],
            table=form.cleaned_data["table"],
        )

    return form_page(
        request,
        form,
        save=save,
        success_message=_("%(meeting)s was moved.") % {"meeting": meeting.request},
        title=_("Move %(meeting)s") % {"meeting": meeting.request},
        back_url=_back(meeting.schedule),
        context={"submit_label": _("Move")},
    )
