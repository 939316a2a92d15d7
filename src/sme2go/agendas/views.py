"""Agenda pages and downloads, the adviser's grid, and the calendar-feed buttons.

Thin: :mod:`sme2go.agendas.access` decides who may open what, :mod:`~.agenda` reads the
data, :mod:`~.exports` renders the files, :mod:`~.domain` writes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sme2go.agendas import domain, exports
from sme2go.agendas.access import (
    adviser_day,
    adviser_mission,
    agenda_scope,
    chosen_schedule,
    feed_user,
    is_adviser,
    own_agendas,
)
from sme2go.agendas.agenda import build_agenda, build_grid, participants
from sme2go.agendas.models import CalendarFeed
from sme2go.core.tenancy import access_for, get_scoped_or_404, scoped
from sme2go.missions.models import ItineraryDay, Mission
from sme2go.planning.models import Schedule

NEW_TOKEN_SESSION_KEY = "agendas_new_feed_token"


def _agenda_kwargs(mission_pk: int, organisation_pk: int) -> dict[str, int]:
    return {"mission_pk": mission_pk, "organisation_pk": organisation_pk}


def _with_schedule(url: str, request: HttpRequest) -> str:
    schedule = request.GET.get("schedule")
    return f"{url}?schedule={schedule}" if schedule else url


def _download(content: bytes, content_type: str, filename: str, *, inline=False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _agenda_filename(agenda, extension: str) -> str:
    return f"agenda-{slugify(agenda.mission.title)}-{slugify(agenda.organisation.name)}.{extension}"


@require_safe
@login_required
def my_agenda(request: HttpRequest, mission_pk: int) -> HttpResponse:
    """ "My agenda": a participant's own agenda; an operator gets the participant list."""
    access = access_for(request.user)
    mission = get_scoped_or_404(Mission, request.user, pk=mission_pk)
    if is_adviser(access):
        return redirect("agendas:participants", mission_pk=mission.pk)
    if access.organisation_id is None:
        raise Http404
    return redirect("agendas:agenda", **_agenda_kwargs(mission.pk, access.organisation_id))


@require_safe
@login_required
def participant_list(request: HttpRequest, mission_pk: int) -> HttpResponse:
    """For operators: every participant's agenda and the grid of every day."""
    mission = adviser_mission(request.user, mission_pk)
    schedule = chosen_schedule(request.user, mission, request.GET.get("schedule"))
    drafts = scoped(Schedule.objects.filter(mission=mission), request.user).filter(
        status=Schedule.Status.DRAFT
    )
    return render(
        request,
        "agendas/participant_list.html",
        {
            "mission": mission,
            "schedule": schedule,
            "drafts": drafts,
            "participants": participants(mission, schedule),
            "days": ItineraryDay.objects.filter(mission=mission).select_related("city"),
            "query": f"?schedule={schedule.pk}" if schedule and request.GET.get("schedule") else "",
        },
    )


@require_safe
@login_required
def agenda_page(request: HttpRequest, mission_pk: int, organisation_pk: int) -> HttpResponse:
    mission, organisation, schedule = agenda_scope(
        request.user, mission_pk, organisation_pk, request.GET.get("schedule")
    )
    agenda = build_agenda(mission, organisation, schedule)
    calendar_url = reverse("agendas:calendar", kwargs=_agenda_kwargs(mission_pk, organisation_pk))
    is_own = organisation.pk == access_for(request.user).organisation_id
    # A participant subscribes once to all its missions; an adviser to this participant.
    feed_base = reverse("agendas:my_calendar") if is_own else calendar_url
    token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    feed = CalendarFeed.objects.filter(user=request.user).active().first()
    return render(
        request,
        "agendas/agenda.html",
        {
            "agenda": agenda,
            "mission": mission,
            "is_preview": schedule is not None and schedule.status != Schedule.Status.PUBLISHED,
            "is_adviser": is_adviser(access_for(request.user)),
            "pdf_url": _with_schedule(
                reverse("agendas:pdf", kwargs=_agenda_kwargs(mission_pk, organisation_pk)),
                request,
            ),
            "calendar_download_url": _with_schedule(calendar_url, request),
            "feed": feed,
            "feed_covers_all_missions": is_own,
            "feed_url": (
                request.build_absolute_uri(f"{feed_base}?token={token}") if token else None
            ),
        },
    )


@require_safe
@login_required
def agenda_pdf(request: HttpRequest, mission_pk: int, organisation_pk: int) -> HttpResponse:
    mission, organisation, schedule = agenda_scope(
        request.user, mission_pk, organisation_pk, request.GET.get("schedule")
    )
    agenda = build_agenda(mission, organisation, schedule)
    pdf = exports.agenda_pdf(agenda, base_url=request.build_absolute_uri("/"))
    return _download(pdf, "application/pdf", _agenda_filename(agenda, "pdf"), inline=True)


@require_safe
def agenda_calendar(request: HttpRequest, mission_pk: int, organisation_pk: int) -> HttpResponse:
    """The agenda as iCalendar: with ``?token=`` for calendar apps (no login; a revoked,
    unknown or unfit token answers 404), else for the logged-in user (a download)."""
    token = request.GET.get("token")
    if token is not None:
        user = feed_user(token)
        if user is None:
            raise Http404
    elif request.user.is_authenticated:
        user = request.user
    else:
        return redirect_to_login(request.get_full_path())
    mission, organisation, schedule = agenda_scope(
        user, mission_pk, organisation_pk, None if token else request.GET.get("schedule")
    )
    agenda = build_agenda(mission, organisation, schedule)
    response = _download(
        exports.agenda_calendar(agenda),
        "text/calendar; charset=utf-8",
        _agenda_filename(agenda, "ics"),
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The per-user feed: the agendas of the user's organisation on all its missions.
    ``?token=`` for calendar apps (a revoked or unknown token answers 404), else the
    logged-in user."""
    token = request.GET.get("token")
    if token is not None:
        user = feed_user(token)
        if user is None:
            raise Http404
    elif request.user.is_authenticated:
        user = request.user
    else:
        return redirect_to_login(request.get_full_path())
    agendas = [build_agenda(*found) for found in own_agendas(user)]
    name = _("Agenda of %(name)s") % {"name": user.get_full_name() or user.get_username()}
    response = _download(
        exports.agendas_calendar(agendas, name=name), "text/calendar; charset=utf-8", "agenda.ics"
    )
    response["Cache-Control"] = "private, no-store"
    return response


# The adviser's grid ----------------------------------------------------------------------


@require_safe
@login_required
def mission_grid(request: HttpRequest, mission_pk: int) -> HttpResponse:
    """The grid of the mission's first day."""
    mission = adviser_mission(request.user, mission_pk)
    day = ItineraryDay.objects.filter(mission=mission).order_by("date").first()
    if day is None:
        messages.info(request, _("The mission has no itinerary days yet."))
        return redirect("missions:detail", mission_pk=mission.pk)
    return redirect(_with_schedule(reverse("agendas:grid", kwargs={"day_pk": day.pk}), request))


def _grid(request: HttpRequest, day_pk: int):
    day = adviser_day(request.user, day_pk)
    schedule = chosen_schedule(request.user, day.mission, request.GET.get("schedule"))
    return build_grid(day, schedule), schedule


def _grid_filename(grid, extension: str) -> str:
    return f"grid-{slugify(grid.day.mission.title)}-{grid.day.date.isoformat()}.{extension}"


@require_safe
@login_required
def grid_page(request: HttpRequest, day_pk: int) -> HttpResponse:
    grid, schedule = _grid(request, day_pk)
    query = f"?schedule={schedule.pk}" if schedule and request.GET.get("schedule") else ""
    return render(
        request,
        "agendas/grid.html",
        {
            "grid": grid,
            "mission": grid.day.mission,
            "schedule": schedule,
            "days": ItineraryDay.objects.filter(mission=grid.day.mission).select_related("city"),
            "query": query,
        },
    )


@require_safe
@login_required
def grid_csv(request: HttpRequest, day_pk: int) -> HttpResponse:
    grid, _schedule = _grid(request, day_pk)
    return _download(exports.grid_csv(grid), "text/csv; charset=utf-8", _grid_filename(grid, "csv"))


@require_safe
@login_required
def grid_xlsx(request: HttpRequest, day_pk: int) -> HttpResponse:
    grid, _schedule = _grid(request, day_pk)
    return _download(
        exports.grid_xlsx(grid),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _grid_filename(grid, "xlsx"),
    )


# Calendar feeds --------------------------------------------------------------------------


def _back(request: HttpRequest) -> str:
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("core:dashboard")


@require_POST
@login_required
def feed_create(request: HttpRequest) -> HttpResponse:
    _feed, token = domain.create_calendar_feed(actor=request.user)
    # Shown once, on the next page: the token is not stored anywhere but the session.
    request.session[NEW_TOKEN_SESSION_KEY] = token
    messages.success(
        request, _("Your calendar feed URL was created. Copy it now: it is shown only once.")
    )
    return redirect(_back(request))


@require_POST
@login_required
def feed_revoke(request: HttpRequest, calendarfeed_pk: int) -> HttpResponse:
    feed = get_scoped_or_404(CalendarFeed, request.user, pk=calendarfeed_pk)
    domain.revoke_calendar_feed(actor=request.user, feed=feed)
    messages.success(request, _("Your calendar feed URL was revoked: it no longer works."))
    return redirect(_back(request))
