"""Match proposals with the engine's reasons, and the adviser's decisions on them."""

from typing import Literal

from django.db.models import F, QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from sme2go.api.common import READ_ERRORS, WRITE_ERRORS, Pages, actor, get_changeable, get_visible
from sme2go.api.schemas import DecisionIn, DecisionOut, Filters, Id, MatchOut
from sme2go.core.tenancy import scoped
from sme2go.matches import domain
from sme2go.matches.models import MatchProposal

router = Router(tags=["matches"])

ORDERINGS = {
    "rank": (F("rank").asc(nulls_last=True), "-score"),
    "-score": ("-score",),
    "decided_at": (F("decided_at").asc(nulls_last=True),),
    "-decided_at": (F("decided_at").desc(nulls_last=True),),
}


class MatchFilters(Filters):
    need: Id | None = None
    company: Id | None = None
    status: Literal["proposed", "approved", "rejected"] | None = None
    ordering: Literal["rank", "-score", "decided_at", "-decided_at"] = "rank"


def _matches(request: HttpRequest) -> QuerySet[MatchProposal]:
    return scoped(
        MatchProposal.objects.select_related("need", "company", "decided_by"), actor(request)
    )


@router.get("/matches", response={200: list[MatchOut], **READ_ERRORS})
@paginate(Pages)
def list_matches(request: HttpRequest, filters: Query[MatchFilters]):
    """Proposals of the caller's programmes (operators) or approved ones (companies)."""
    matches = _matches(request)
    for name in ("need", "company", "status"):
        value = getattr(filters, name)
        if value is not None:
            matches = matches.filter(**{name: value})
    return matches.order_by(*ORDERINGS[filters.ordering], "pk")


@router.get("/matches/{proposal_pk}", response={200: MatchOut, **READ_ERRORS})
def get_match(request: HttpRequest, proposal_pk: Id):
    return get_visible(_matches(request), request, proposal_pk)


@router.get("/matches/{proposal_pk}/decision", response={200: DecisionOut, **READ_ERRORS})
def get_decision(request: HttpRequest, proposal_pk: Id):
    return get_visible(_matches(request), request, proposal_pk)


@router.put("/matches/{proposal_pk}/decision", response={200: DecisionOut, **WRITE_ERRORS})
def decide_match(request: HttpRequest, proposal_pk: Id, payload: DecisionIn):
    """Approve, reject (with a reason) or reopen (``matches.domain.decide_match``)."""
    proposal = get_changeable(_matches(request), request, proposal_pk)
    return domain.decide_match(
        proposal=proposal, decision=payload.decision, reason=payload.reason, actor=actor(request)
    )
