"""The needs register: read, record and change needs."""

from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from sme2go.api import common
from sme2go.api.common import READ_ERRORS, WRITE_ERRORS, Pages, actor, get_changeable, get_visible
from sme2go.api.schemas import Filters, Id, NeedIn, NeedOut, NeedPatch
from sme2go.core.tenancy import access_for, scoped
from sme2go.missions.models import Mission
from sme2go.needs import domain
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme
from sme2go.regions.models import Region

router = Router(tags=["needs"])


class NeedFilters(Filters):
    programme: Id | None = None
    host: Id | None = None
    mission: Id | None = None
    status: Literal["open", "matching", "answered", "closed"] | None = None
    q: str | None = None
    ordering: Literal["heard_on", "-heard_on", "title", "-title", "created_at", "-created_at"] = (
        "-heard_on"
    )


def _needs(request: HttpRequest) -> QuerySet[Need]:
    return Need.objects.select_related("programme", "host", "region").prefetch_related("domains")


def _resolve(request: HttpRequest, fields: dict[str, Any]) -> dict[str, Any]:
    """Turn the ids of a body into objects the caller may use (422 on the field if not)."""
    if "host" in fields:
        fields["host"] = common.reference(Organisation, request, fields["host"], "host")
    if "mission" in fields:
        fields["mission"] = common.reference(Mission, request, fields["mission"], "mission")
    if "region" in fields:
        fields["region"] = common.reference(Region, None, fields["region"], "region")
    if "domains" in fields:
        fields["domains"] = common.domains(fields["domains"])
    return fields


def _fetch(request: HttpRequest, need: Need) -> Need:
    return get_visible(_needs(request), request, need.pk)


@router.get("/needs", response={200: list[NeedOut], **READ_ERRORS})
@paginate(Pages)
def list_needs(request: HttpRequest, filters: Query[NeedFilters]):
    """Needs of the caller's programmes (operators) or of the caller's organisation (hosts)."""
    needs = scoped(_needs(request), actor(request))
    for name in ("programme", "host", "mission", "status"):
        value = getattr(filters, name)
        if value is not None:
            needs = needs.filter(**{name: value})
    if filters.q:
        needs = needs.filter(
            Q(title__icontains=filters.q)
            | Q(description__icontains=filters.q)
            | Q(stated_by__icontains=filters.q)
        )
    return needs.order_by(filters.ordering, "pk")


@router.get("/needs/{need_pk}", response={200: NeedOut, **READ_ERRORS})
def get_need(request: HttpRequest, need_pk: Id):
    return get_visible(_needs(request), request, need_pk)


@router.post("/needs", response={201: NeedOut, **WRITE_ERRORS})
def create_need(request: HttpRequest, payload: NeedIn):
    """Record a need (``needs.domain.record_need``). Host users record their own needs."""
    fields = common.changes(payload, nullable=("host", "mission", "region", "domains"))
    programme = common.reference(Programme, request, fields.pop("programme"), "programme")
    access = access_for(actor(request))
    if access.is_host and fields.get("host") is None:
        fields["host"] = access.organisation_id
    fields = _resolve(request, {"host": None, **fields})
    if fields.get("domains") is None:
        fields.pop("domains", None)
    need = domain.record_need(actor=actor(request), programme=programme, **fields)
    return Status(201, _fetch(request, need))


@router.patch("/needs/{need_pk}", response={200: NeedOut, **WRITE_ERRORS})
def update_need(request: HttpRequest, need_pk: Id, payload: NeedPatch):
    """Change the fields sent (``needs.domain.update_need``)."""
    need = get_changeable(Need.objects.select_related("programme", "host"), request, need_pk)
    # A need always has a host, so ``host`` cannot be emptied (needs.domain.update_need
    # expects one).
    fields = _resolve(request, common.changes(payload, nullable=("mission", "region")))
    domain.update_need(actor=actor(request), need=need, **fields)
    return _fetch(request, need)
