"""Host and counterpart pages, organisation details and contact persons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sme2go.core.tenancy import access_for, scoped
from sme2go.core.views import (
    ScopedDetailView,
    ScopedListView,
    form_page,
    get_changeable_or_404,
)
from sme2go.missions.models import Visit
from sme2go.needs.models import Need
from sme2go.organisations import domain
from sme2go.organisations.filters import CounterpartFilterSet, HostFilterSet
from sme2go.organisations.forms import ContactPersonForm, NewOrganisationForm, OrganisationForm
from sme2go.organisations.models import ContactPerson, Organisation
from sme2go.programmes.models import Enrolment, Programme
from sme2go.regions.forms import region_label
from sme2go.regions.models import Region

CREATABLE_KINDS = {
    "host": Organisation.Kind.HOST,
    "counterpart": Organisation.Kind.COUNTERPART,
}


def organisation_url(organisation: Organisation) -> str:
    """The page of an organisation: companies have their profile page."""
    if organisation.kind == Organisation.Kind.COMPANY:
        return reverse("companies:detail", kwargs={"organisation_pk": organisation.pk})
    return reverse("organisations:detail", kwargs={"organisation_pk": organisation.pk})


class HostListView(ScopedListView):
    """Hosts (or, in the subclass, counterparts) with search and region/programme filters."""

    model = Organisation
    kind = Organisation.Kind.HOST
    title = gettext_lazy("Host organisations")
    template_name = "organisations/organisation_list.html"
    search_fields = ("name", "sector", "description")
    filterset_class = HostFilterSet

    def base_queryset(self) -> QuerySet:
        access = access_for(self.request.user)
        open_needs = Q(needs__status=Need.Status.OPEN)
        if not access.is_superuser:
            open_needs &= Q(needs__programme__in=access.programme_ids)
        return (
            Organisation.objects.filter(kind=self.kind)
            .select_related("region__parent__parent__parent")
            .annotate(open_needs=Count("needs", filter=open_needs, distinct=True))
            .order_by("name")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["kind"] = self.kind
        context["region"] = self.request.GET.get("region", "")
        regions = Region.objects.select_related("parent__parent__parent").exclude(
            kind=Region.Kind.ZONE
        )
        context["regions"] = sorted(
            ((str(r.pk), region_label(r)) for r in regions), key=lambda item: item[1]
        )
        context["programmes"] = scoped(Programme, self.request.user)
        context["host_types"] = Organisation.HostType.choices
        context["can_create"] = scoped(Programme, self.request.user, "change").exists()
        return context


class CounterpartListView(HostListView):
    kind = Organisation.Kind.COUNTERPART
    title = gettext_lazy("Counterparts")
    filterset_class = CounterpartFilterSet


class OrganisationDetailView(ScopedDetailView):
    """A host, counterpart or operator; a company's page is its profile."""

    model = Organisation
    pk_url_kwarg = "organisation_pk"
    template_name = "organisations/organisation_detail.html"

    def base_queryset(self) -> QuerySet:
        return Organisation.objects.select_related("region__parent__parent__parent")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if self.object.kind == Organisation.Kind.COMPANY:
            return redirect(organisation_url(self.object))
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        org = self.object
        user = self.request.user
        context["region_chain"] = (
            [*reversed(org.region.ancestors()), org.region] if org.region_id else []
        )
        context["contacts"] = scoped(ContactPerson, user).filter(organisation=org)
        context["needs"] = (
            scoped(Need, user).filter(host=org).select_related("programme", "mission")
        )
        context["visits"] = (
            scoped(Visit, user)
            .filter(organisation=org)
            .select_related("day__mission", "day__city")
            .order_by("day__date", "start_time")
        )
        context["enrolments"] = (
            scoped(Enrolment, user).filter(organisation=org).select_related("programme")
        )
        if org.kind == Organisation.Kind.OPERATOR:
            context["partner_of"] = scoped(Programme, user).filter(partners=org)
        return context


def programme_initial(request: HttpRequest) -> dict[str, str]:
    """Preselect the programme a "new …" link came from (``?programme=<pk>``)."""
    programme = request.GET.get("programme", "")
    return {"programme": programme} if programme.isdigit() else {}


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    """New host or counterpart; ``?kind=host|counterpart`` (a query parameter, not a URL
    keyword, because only tenant object keys are URL keywords)."""
    kind = CREATABLE_KINDS.get(request.GET.get("kind", ""))
    if kind is None:
        raise Http404
    if not scoped(Programme, request.user, "change").exists():
        raise PermissionDenied
    form = NewOrganisationForm(
        request.POST or None,
        kind=kind,
        user=request.user,
        initial=programme_initial(request),
    )
    list_url = (
        "organisations:hosts" if kind == Organisation.Kind.HOST else "organisations:counterparts"
    )
    title = _("New host organisation") if kind == Organisation.Kind.HOST else _("New counterpart")
    return form_page(
        request,
        form,
        save=lambda: domain.create_host_or_counterpart(
            kind=kind, actor=request.user, **form.cleaned_data
        ),
        success_message=lambda organisation: _("%(name)s added.") % {"name": organisation.name},
        success_url=organisation_url,
        title=title,
        back_url=reverse(list_url),
    )


@login_required
def organisation_edit(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = get_changeable_or_404(Organisation, request, pk=organisation_pk)
    if organisation.kind == Organisation.Kind.COMPANY:
        return redirect("companies:edit", organisation_pk=organisation.pk)
    form = OrganisationForm(request.POST or None, instance=organisation, kind=organisation.kind)
    return form_page(
        request,
        form,
        save=lambda: domain.update_organisation(
            organisation=organisation, actor=request.user, **form.cleaned_data
        ),
        success_message=_("Saved."),
        title=_("Edit %(name)s") % {"name": organisation.name},
        back_url=organisation_url(organisation),
    )


@login_required
def contact_create(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = get_changeable_or_404(Organisation, request, pk=organisation_pk)
    form = ContactPersonForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: domain.add_contact(
            organisation=organisation, actor=request.user, **form.cleaned_data
        ),
        success_message=_("Contact person added."),
        title=_("New contact person at %(name)s") % {"name": organisation.name},
        back_url=organisation_url(organisation),
        context={"intro": _("Personal data: record only what the programme needs.")},
    )


def _changeable_contact(
    request: HttpRequest, organisation_pk: int, contactperson_pk: int
) -> ContactPerson:
    """The contact of the organisation in the URL; 404 if it belongs to another one."""
    queryset = ContactPerson.objects.select_related("organisation").filter(
        organisation=organisation_pk
    )
    return get_changeable_or_404(queryset, request, pk=contactperson_pk)


@login_required
def contact_edit(request: HttpRequest, organisation_pk: int, contactperson_pk: int) -> HttpResponse:
    contact = _changeable_contact(request, organisation_pk, contactperson_pk)
    form = ContactPersonForm(request.POST or None, instance=contact)
    return form_page(
        request,
        form,
        save=lambda: domain.update_contact(
            contact=contact, actor=request.user, **form.cleaned_data
        ),
        success_message=_("Contact person saved."),
        title=_("Edit contact person"),
        back_url=organisation_url(contact.organisation),
        delete_url=reverse(
            "organisations:contact_delete",
            kwargs={"organisation_pk": contact.organisation_id, "contactperson_pk": contact.pk},
        ),
    )


@require_POST
@login_required
def contact_delete(
    request: HttpRequest, organisation_pk: int, contactperson_pk: int
) -> HttpResponse:
    contact = _changeable_contact(request, organisation_pk, contactperson_pk)
    domain.delete_contact(contact=contact, actor=request.user)
    messages.success(request, _("Contact person deleted."))
    return redirect(organisation_url(contact.organisation))
