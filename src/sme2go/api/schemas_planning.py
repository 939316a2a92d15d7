"""Request and response bodies of mission planning: meeting requests, solver runs and
schedules (see :mod:`sme2go.api.schemas` for the conventions).

What a reader may see is decided from the request in the resolvers (``context``): the
permissions on a meeting request are the page's buttons, computed by the same
``planning.domain.may_answer`` / ``may_withdraw``; a schedule's solver figures are the
advisers' working material and are ``null`` for everyone but operator staff, as the
schedule pages answer 404 to them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Schema
from pydantic import Field

from sme2go.api.schemas import Id, In, NeedRef, OrganisationRef, RegionRef
from sme2go.core.tenancy import access_for, scoped
from sme2go.missions.models import Mission
from sme2go.planning import domain
from sme2go.planning.models import SolverRun
from sme2go.planning.problem import Note

RequestStatus = Literal["requested", "accepted", "declined", "withdrawn"]
Priority = Literal[1, 2, 3]


def _request_of(context: Any) -> HttpRequest:
    return context["request"]


def is_adviser(request: HttpRequest) -> bool:
    """Operator staff (or a superuser): who sees runs, drafts and the solver's figures."""
    access = access_for(request.auth)
    return access.is_operator or access.is_superuser


def planned_missions(request: HttpRequest) -> frozenset[int]:
    """The missions the caller may change (plans as an adviser), once per request."""
    cached = getattr(request, "_sme2go_planned_missions", None)
    if cached is None:
        cached = frozenset(scoped(Mission, request.auth, "change").values_list("pk", flat=True))
        request._sme2go_planned_missions = cached
    return cached


class MissionRef(Schema):
    id: int
    title: str


# Meeting requests -------------------------------------------------------------------------


class MeetingRequestOut(Schema):
    id: int
    mission: MissionRef
    requester: OrganisationRef = Field(description="The requesting company.")
    counterpart: OrganisationRef = Field(description="Whom the company asks to meet.")
    need: NeedRef | None
    proposal_id: int | None = Field(description="The approved match it was requested from.")
    purpose: str
    priority: Priority = Field(description="3 high, 2 normal, 1 low.")
    must_meet: bool = Field(description="Set by an adviser: the scheduler must place it.")
    language: str = Field(description="Interpreter needed for this language (ISO code).")
    status: RequestStatus
    answer_note: str
    answered_at: dt.datetime | None
    created_at: dt.datetime
    may_answer: bool = Field(description="Whether the caller may accept or decline it now.")
    may_withdraw: bool = Field(description="Whether the caller may withdraw it now.")

    @staticmethod
    def resolve_may_answer(obj, context) -> bool:
        request = _request_of(context)
        return domain.may_answer(
            access_for(request.auth), obj, is_operator=obj.mission_id in planned_missions(request)
        )

    @staticmethod
    def resolve_may_withdraw(obj, context) -> bool:
        request = _request_of(context)
        return domain.may_withdraw(
            access_for(request.auth), obj, is_operator=obj.mission_id in planned_missions(request)
        )


class MeetingRequestIn(In):
    """A new meeting request; company users may leave out ``requester`` (their own)."""

    mission: Id = Field(description="Mission id.")
    requester: Id | None = Field(None, description="Id of the requesting company.")
    counterpart: Id = Field(description="Id of the host, counterpart or company to meet.")
    priority: Priority = 2
    purpose: str = ""
    language: str = Field("", max_length=3, examples=["zh"])
    need: Id | None = Field(None, description="Need id.")
    proposal: Id | None = Field(None, description="Id of an approved match of the company.")
    must_meet: bool = Field(False, description="Operator staff only.")


class AnswerIn(In):
    note: str = Field("", max_length=500, description="A note to the requester.")


class MustMeetIn(In):
    must_meet: bool


# Solver runs ------------------------------------------------------------------------------


class SolverRunOut(Schema):
    id: int
    mission: MissionRef
    status: Literal["queued", "running", "done", "failed", "cancelled"]
    phase: str = Field(description="preparing, priority, breaks or done; empty while queued.")
    time_limit_s: int
    elapsed_s: float
    percent: int = Field(description="Elapsed share of the time limit, 0 to 100.")
    objective: float | None = Field(description="Best number of breaks so far.")
    bound: float | None = Field(description="Proven lower bound on the breaks.")
    cancel_requested: bool
    message: str = Field(description="How the run ended, one note a line.")
    schedule_id: int | None = Field(description="The draft the run produced.")
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_percent(obj) -> int:
        if not obj.time_limit_s:
            return 0
        return min(100, round(100 * obj.elapsed_s / obj.time_limit_s))

    @staticmethod
    def resolve_schedule_id(obj) -> int | None:
        try:
            return obj.schedule.pk
        except SolverRun.schedule.RelatedObjectDoesNotExist:
            return None


# Schedules --------------------------------------------------------------------------------


class SolverFiguresOut(Schema):
    """The solver's figures beside the greedy baseline's (advisers only)."""

    run_id: int | None
    solver_status: str
    breaks: int | None
    bound: int | None
    left_out: int
    greedy_breaks: int | None
    greedy_left_out: int | None


class LeftOutOut(Schema):
    request_id: int
    reason: str


class SolverDetailOut(SolverFiguresOut):
    left_out_requests: list[LeftOutOut] = Field(
        description="Every request without a place, with the reason."
    )
    warnings: list[str]

    @staticmethod
    def resolve_left_out_requests(obj) -> list[dict[str, Any]]:
        reasons = (obj.details or {}).get("left_out", {})
        return [
            {"request_id": int(pk), "reason": str(Note.from_json(reason))}
            for pk, reason in sorted(reasons.items(), key=lambda item: int(item[0]))
        ]

    @staticmethod
    def resolve_warnings(obj) -> list[str]:
        return [str(Note.from_json(note)) for note in (obj.details or {}).get("warnings", [])]


def _solver(obj, context) -> Any:
    return obj if is_adviser(_request_of(context)) else None


class ScheduleOut(Schema):
    id: int
    mission: MissionRef
    status: Literal["draft", "published", "superseded"]
    created_at: dt.datetime
    published_at: dt.datetime | None
    solver: SolverFiguresOut | None = Field(description="For operator staff only; else null.")

    @staticmethod
    def resolve_solver(obj, context) -> Any:
        return _solver(obj, context)


class VenueRef(Schema):
    id: int
    name: str
    address: str
    city: RegionRef


class ScheduledMeetingOut(Schema):
    """A meeting, its times in the trip's local time (ISO 8601 with the offset)."""

    id: int
    schedule_id: int
    request_id: int
    date: dt.date = Field(description="The local date of the meeting day.")
    city: RegionRef = Field(description="The city the delegation is in that day.")
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: VenueRef
    table: int
    requester: OrganisationRef
    counterpart: OrganisationRef
    purpose: str
    interpreter_language: str = Field(description="Empty without an interpreter.")
    locked: bool = Field(description="Fixed by an adviser; re-solving keeps it.")

    @staticmethod
    def resolve_date(obj) -> dt.date:
        return obj.day.date

    @staticmethod
    def resolve_city(obj) -> Any:
        return obj.day.city

    @staticmethod
    def resolve_starts_at(obj) -> dt.datetime:
        return obj.starts_at.astimezone(obj.trip_zone)

    @staticmethod
    def resolve_ends_at(obj) -> dt.datetime:
        return obj.ends_at.astimezone(obj.trip_zone)

    @staticmethod
    def resolve_requester(obj) -> Any:
        return obj.request.requester

    @staticmethod
    def resolve_counterpart(obj) -> Any:
        return obj.request.counterpart

    @staticmethod
    def resolve_purpose(obj) -> str:
        return obj.request.purpose


class ScheduleDetailOut(ScheduleOut):
    time_zone: str = Field(description="The trip's time zone (IANA), e.g. Asia/Shanghai.")
    solver: SolverDetailOut | None = Field(description="For operator staff only; else null.")
    meetings: list[ScheduledMeetingOut] = Field(
        description="All meetings for operator staff; the caller's own for everyone else."
    )

    @staticmethod
    def resolve_solver(obj, context) -> Any:
        return _solver(obj, context)

    @staticmethod
    def resolve_time_zone(obj) -> str:
        return obj.trip_zone.key

    @staticmethod
    def resolve_meetings(obj) -> list:
        return obj.visible_meetings


class MoveIn(In):
    starts_at: dt.datetime = Field(
        description="Start of the new slot; without an offset, in the trip's local time.",
        examples=["2026-03-16T14:00:00+08:00"],
    )
    venue: Id = Field(description="Venue id.")
    table: int = Field(ge=1, le=32767)
