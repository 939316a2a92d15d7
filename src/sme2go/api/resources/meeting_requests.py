"""Meeting requests of missions: read them, request, answer, withdraw, mark must-meet.

Each write calls the ``planning.domain`` function the pages call, which decides who may:
a company user requests for its own company and withdraws; the other side (or operator
staff on its behalf) accepts or declines; only operator staff set must-meet. Everyone
sees what the requests pages show them: operator staff the requests of their programmes'
missions, everyone else the requests their organisation is party to.
"""

from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from sme2go.api import common
from sme2go.api.common import READ_ERRORS, WRITE_ERRORS, Pages, actor, get_visible
from sme2go.api.schemas import Filters, Id
from sme2go.api.schemas_planning import (
    AnswerIn,
    MeetingRequestIn,
    MeetingRequestOut,
    MustMeetIn,
    RequestStatus,
)
from sme2go.core.tenancy import access_for, scoped
from sme2go.matches.models import MatchProposal
from sme2go.missions.models import Mission
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.planning import domain
from sme2go.planning.models import MeetingRequest

router = Router(tags=["meeting requests"])

ORDERINGS = {
    # The requests page's order: must-meet first, then by priority.
    "priority": ("-must_meet", "-priority", "requester__name", "counterpart__name"),
    "created_at": ("created_at",),
    "-created_at": ("-created_at",),
    "requester": ("requester__name", "counterpart__name"),
    "counterpart": ("counterpart__name", "requester__name"),
}


class RequestFilters(Filters):
    mission: Id | None = None
    status: RequestStatus | None = None
    company: Id | None = None
    counterpart: Id | None = None
    party: Id | None = None
    must_meet: bool | None = None
    ordering: Literal["priority", "created_at", "-created_at", "requester", "counterpart"] = (
        "priority"
    )


def _requests(request: HttpRequest) -> QuerySet[MeetingRequest]:
    return scoped(
        MeetingRequest.objects.select_related("mission", "requester", "counterpart", "need"),
        actor(request),
    )


def _parties(request: HttpRequest, mission: Mission) -> QuerySet[Organisation]:
    """Whom a request may name: the organisations the request form offers on ``mission``,
    and those the caller sees anyway. Any other id is reported like a missing one."""
    visible = scoped(Organisation, actor(request)).values("pk")
    offered = domain.meeting_party_choices(mission).values("pk")
    return Organisation.objects.filter(Q(pk__in=visible) | Q(pk__in=offered))


@router.get("/meeting-requests", response={200: list[MeetingRequestOut], **READ_ERRORS})
@paginate(Pages)
def list_meeting_requests(request: HttpRequest, filters: Query[RequestFilters]):
    """Requests of the caller's programmes (operators) or that the caller's organisation
    made or received (everyone else). ``company`` is the requester, ``party`` either side."""
    found = _requests(request)
    if filters.mission is not None:
        found = found.filter(mission=filters.mission)
    if filters.status is not None:
        found = found.filter(status=filters.status)
    if filters.company is not None:
        found = found.filter(requester=filters.company)
    if filters.counterpart is not None:
        found = found.filter(counterpart=filters.counterpart)
    if filters.party is not None:
        found = found.filter(Q(requester=filters.party) | Q(counterpart=filters.party))
    if filters.must_meet is not None:
        found = found.filter(must_meet=filters.must_meet)
    return found.order_by(*ORDERINGS[filters.ordering], "pk")


@router.get(
    "/meeting-requests/{meetingrequest_pk}", response={200: MeetingRequestOut, **READ_ERRORS}
)
def get_meeting_request(request: HttpRequest, meetingrequest_pk: Id):
    return get_visible(_requests(request), request, meetingrequest_pk)


@router.post("/meeting-requests", response={201: MeetingRequestOut, **WRITE_ERRORS})
def create_meeting_request(request: HttpRequest, payload: MeetingRequestIn):
    """Request a meeting (``planning.domain.request_meeting``). A company user requests
    for its own company and may leave out ``requester``; operator staff name the company
    and alone may set ``must_meet``. From an approved match (``proposal``) the request is
    about the match's need. A request the company withdrew earlier is asked again."""
    mission = common.reference(
        Mission.objects.select_related("programme"), request, payload.mission, "mission"
    )
    access = access_for(actor(request))
    requester_pk = payload.requester
    if requester_pk is None and not access.is_operator:
        # For everyone but operator staff the requester is their own organisation (the
        # domain refuses any that is not a company of the mission).
        requester_pk = access.organisation_id
    if requester_pk is None:
        raise ValidationError({"requester": _("Name the requesting company.")})
    requester = common.reference(Organisation, request, requester_pk, "requester")
    counterpart = common.reference(
        _parties(request, mission), None, payload.counterpart, "counterpart"
    )
    need = common.reference(Need, request, payload.need, "need")
    proposal = common.reference(
        MatchProposal.objects.select_related("need", "company"),
        request,
        payload.proposal,
        "proposal",
    )
    made = domain.request_meeting(
        actor=actor(request),
        mission=mission,
        requester=requester,
        counterpart=counterpart,
        priority=payload.priority,
        purpose=payload.purpose,
        language=payload.language,
        need=need,
        proposal=proposal,
        must_meet=payload.must_meet,
    )
    return Status(201, _requests(request).get(pk=made.pk))


def _answered(request: HttpRequest, meeting_request: MeetingRequest) -> MeetingRequest:
    """The request as the caller sees it after the write (the domain re-read it)."""
    return _requests(request).get(pk=meeting_request.pk)


@router.post(
    "/meeting-requests/{meetingrequest_pk}/accept",
    response={200: MeetingRequestOut, **WRITE_ERRORS},
)
def accept_meeting_request(request: HttpRequest, meetingrequest_pk: Id, payload: AnswerIn):
    """The other side (or operator staff on its behalf) accepts a request that is
    requested or was declined (``planning.domain.accept_request``)."""
    found = get_visible(_requests(request), request, meetingrequest_pk)
    domain.accept_request(actor=actor(request), meeting_request=found, note=payload.note)
    return _answered(request, found)


@router.post(
    "/meeting-requests/{meetingrequest_pk}/decline",
    response={200: MeetingRequestOut, **WRITE_ERRORS},
)
def decline_meeting_request(request: HttpRequest, meetingrequest_pk: Id, payload: AnswerIn):
    """The other side (or operator staff on its behalf) declines a request that is
    requested or was accepted, with an optional note (``planning.domain.decline_request``)."""
    found = get_visible(_requests(request), request, meetingrequest_pk)
    domain.decline_request(actor=actor(request), meeting_request=found, note=payload.note)
    return _answered(request, found)


@router.post(
    "/meeting-requests/{meetingrequest_pk}/withdraw",
    response={200: MeetingRequestOut, **WRITE_ERRORS},
)
def withdraw_meeting_request(request: HttpRequest, meetingrequest_pk: Id):
    """The requesting company (or operator staff) withdraws a request that is requested or
    accepted (``planning.domain.withdraw_request``)."""
    found = get_visible(_requests(request), request, meetingrequest_pk)
    domain.withdraw_request(actor=actor(request), meeting_request=found)
    return _answered(request, found)


@router.put(
    "/meeting-requests/{meetingrequest_pk}/must-meet",
    response={200: MeetingRequestOut, **WRITE_ERRORS},
)
def set_must_meet(request: HttpRequest, meetingrequest_pk: Id, payload: MustMeetIn):
    """Operator staff mark (or unmark) a pair the scheduler must place
    (``planning.domain.set_must_meet``)."""
    found = get_visible(_requests(request), request, meetingrequest_pk)
    domain.set_must_meet(actor=actor(request), meeting_request=found, must_meet=payload.must_meet)
    return _answered(request, found)
