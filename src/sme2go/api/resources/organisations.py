"""Organisations (companies, hosts, counterparts, operators) with contacts and, for
companies, the export profile with products and certifications."""

from typing import Literal

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from sme2go.api import common
from sme2go.api.common import READ_ERRORS, WRITE_ERRORS, Pages, actor, get_visible
from sme2go.api.schemas import Filters, Id, OrganisationOut, ProfileIn, ProfileOut
from sme2go.companies import domain as companies
from sme2go.companies.models import CompanyProfile
from sme2go.core.tenancy import scoped
from sme2go.organisations.models import ContactPerson, Organisation

router = Router(tags=["organisations"])

Kind = Literal["operator", "company", "host", "counterpart"]


class OrganisationFilters(Filters):
    kind: Kind | None = None
    programme: Id | None = None
    country: str | None = None
    q: str | None = None
    ordering: Literal["name", "-name", "created_at", "-created_at"] = "name"


def _organisations(request: HttpRequest) -> QuerySet[Organisation]:
    user = actor(request)
    return (
        scoped(Organisation, user)
        .select_related("region", "profile")
        .prefetch_related(
            # Contacts, products and certifications are visible exactly when their
            # organisation is (ContactPersonQuerySet, companies.models.ProfileItemQuerySet),
            # and the organisations are scoped above; scoping them again would repeat that
            # subquery for every page.
            Prefetch("contacts", queryset=ContactPerson.objects.all(), to_attr="visible_contacts"),
            "profile__domains",
            "profile__products",
            "profile__certifications",
        )
    )


def _company(request: HttpRequest, organisation_pk: Id) -> Organisation:
    return get_visible(
        _organisations(request).filter(kind=Organisation.Kind.COMPANY), request, organisation_pk
    )


@router.get("/organisations", response={200: list[OrganisationOut], **READ_ERRORS})
@paginate(Pages)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]):
    """Organisations the caller may see; ``country`` is a company's home country."""
    organisations = _organisations(request)
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.programme is not None:
        organisations = organisations.filter(
            Q(enrolments__programme=filters.programme) | Q(partner_of=filters.programme)
        ).distinct()
    if filters.country:
        organisations = organisations.filter(profile__home_country=filters.country.upper())
    if filters.q:
        organisations = organisations.filter(
            Q(name__icontains=filters.q) | Q(name_zh_hans__icontains=filters.q)
        )
    return organisations.order_by(filters.ordering, "pk")


@router.get("/organisations/{organisation_pk}", response={200: OrganisationOut, **READ_ERRORS})
def get_organisation(request: HttpRequest, organisation_pk: Id):
    return get_visible(_organisations(request), request, organisation_pk)


@router.get("/organisations/{organisation_pk}/profile", response={200: ProfileOut, **READ_ERRORS})
def get_company_profile(request: HttpRequest, organisation_pk: Id):
    """A company's export profile (404 for other kinds and companies without one)."""
    company = _company(request, organisation_pk)
    profile = getattr(company, "profile", None)
    if profile is None:
        return Status(404, {"detail": "This company has no profile yet."})
    return profile


@router.patch(
    "/organisations/{organisation_pk}/profile", response={200: ProfileOut, **WRITE_ERRORS}
)
def update_company_profile(request: HttpRequest, organisation_pk: Id, payload: ProfileIn):
    """Change a company and its profile (the same rules as the profile form)."""
    company = _company(request, organisation_pk)
    fields = common.changes(payload, nullable=("domains",))
    domains = common.domains(fields.pop("domains", None))
    profile = getattr(company, "profile", None) or CompanyProfile(organisation=company)
    companies.update_company_profile(
        profile=profile, actor=actor(request), domains=domains, **fields
    )
    return get_company_profile(request, organisation_pk)
