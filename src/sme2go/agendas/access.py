"""Who may open which agenda, decided from the user's access at each request.

- a company, host or counterpart user: its own organisation's agenda, of a mission it
  may see, from the published schedule only;
- an operator: any participant's agenda of its programmes' missions, from the published
  schedule or (a preview) any draft of it;
- a superuser: everything.

Anything else answers 404, so another programme's missions, participants and schedules
do not exist for the user. A calendar feed acts with its user's access, computed anew
at each fetch.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from sme2go.agendas.agenda import participants
from sme2go.agendas.models import CalendarFeed
from sme2go.core.tenancy import Access, access_for, get_scoped_or_404, scoped
from sme2go.missions.models import ItineraryDay, Mission
from sme2go.organisations.models import Organisation
from sme2go.planning.models import Schedule


def is_adviser(access: Access) -> bool:
    return access.is_operator or access.is_superuser


def chosen_schedule(user: Any, mission: Mission, schedule_pk: str | None) -> Schedule | None:
    """The published schedule, or the one ``?schedule=`` names if the user may see it
    (non-operators see only published schedules, so a draft's number answers 404)."""
    schedules = scoped(Schedule.objects.filter(mission=mission), user)
    if schedule_pk:
        return get_scoped_or_404(schedules, user, pk=schedule_pk)
    return schedules.filter(status=Schedule.Status.PUBLISHED).first()


def agenda_scope(
    user: Any, mission_pk: int, organisation_pk: int, schedule_pk: str | None = None
) -> tuple[Mission, Organisation, Schedule | None]:
    """The mission, participant and schedule of an agenda ``user`` may open; else 404."""
    access = access_for(user)
    if not is_adviser(access) and organisation_pk != access.organisation_id:
        raise Http404
    mission = get_scoped_or_404(Mission.objects.select_related("programme"), user, pk=mission_pk)
    schedule = chosen_schedule(user, mission, schedule_pk)
    organisation = participants(mission, schedule).filter(pk=organisation_pk).first()
    if organisation is None:
        raise Http404
    return mission, organisation, schedule


def adviser_mission(user: Any, mission_pk: int) -> Mission:
    """A mission whose grid and participant agendas ``user`` may open (operators)."""
    if not is_adviser(access_for(user)):
        raise Http404
    return get_scoped_or_404(Mission.objects.select_related("programme"), user, pk=mission_pk)


def adviser_day(user: Any, day_pk: int) -> ItineraryDay:
    """An itinerary day whose grid ``user`` may open (operators)."""
    if not is_adviser(access_for(user)):
        raise Http404
    return get_scoped_or_404(
        ItineraryDay.objects.select_related("mission__programme", "city__parent__parent"),
        user,
        pk=day_pk,
    )


def feed_user(token: str) -> Any | None:
    """The active user whose unrevoked feed has ``token``, else ``None``."""
    if not token:
        return None
    feed = (
        CalendarFeed.objects.active()
        .select_related("user")
        .filter(digest=CalendarFeed.hash_token(token), user__is_active=True)
        .first()
    )
    return feed.user if feed is not None else None


def own_agendas(user: Any) -> list[tuple[Mission, Organisation, Schedule | None]]:
    """The agendas of ``user``'s organisation on every mission it takes part in that the
    user may see, from the published schedules (none for operators, who take part in no
    meeting: they subscribe to participants' agendas one by one)."""
    access = access_for(user)
    if access.organisation_id is None or access.is_operator:
        return []
    found = []
    for mission in scoped(Mission, user).order_by("start_date", "pk"):
        schedule = chosen_schedule(user, mission, None)
        organisation = participants(mission, schedule).filter(pk=access.organisation_id).first()
        if organisation is not None:
            found.append((mission, organisation, schedule))
    return found
