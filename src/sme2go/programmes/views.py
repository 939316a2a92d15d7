"""Programme pages: list, detail, create/edit, and enrolling organisations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from sme2go.core.tenancy import access_for, scoped
from sme2go.core.views import (
    ScopedDetailView,
    ScopedListView,
    form_page,
    get_changeable_or_404,
)
from sme2go.missions.models import Mission
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.programmes import domain
from sme2go.programmes.forms import EnrolmentEditForm, EnrolmentForm, ProgrammeForm
from sme2go.programmes.models import Enrolment, Programme


def _count(kind: str) -> Count:
    return Count(
        "enrolments",
        filter=Q(enrolments__organisation__kind=kind, enrolments__status=Enrolment.Status.ACTIVE),
        distinct=True,
    )


class ProgrammeListView(ScopedListView):
    model = Programme
    template_name = "programmes/programme_list.html"
    search_fields = ("name", "funder", "description")

    def base_queryset(self) -> QuerySet:
        return (
            Programme.objects.annotate(
                company_count=_count(Organisation.Kind.COMPANY),
                host_count=_count(Organisation.Kind.HOST),
            )
            .prefetch_related("partners")
            .order_by("-start_date", "name")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        access = access_for(self.request.user)
        context["can_create"] = access.is_operator or access.is_superuser
        return context


class ProgrammeDetailView(ScopedDetailView):
    model = Programme
    pk_url_kwarg = "programme_pk"
    template_name = "programmes/programme_detail.html"

    def base_queryset(self) -> QuerySet:
        return Programme.objects.prefetch_related("partners")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        enrolments = list(
            scoped(Enrolment, self.request.user)
            .filter(programme=self.object)
            .select_related("organisation__region", "recruited_by")
            .order_by("organisation__name")
        )
        context["enrolments_by_kind"] = [
            (label, [e for e in enrolments if e.organisation.kind == kind])
            for kind, label in Organisation.Kind.choices
            if kind != Organisation.Kind.OPERATOR
        ]
        context["missions"] = (
            scoped(Mission, self.request.user).filter(programme=self.object).order_by("start_date")
        )
        context["open_needs"] = (
            scoped(Need, self.request.user)
            .filter(programme=self.object, status=Need.Status.OPEN)
            .count()
        )
        return context


def programme_url(programme_pk: int) -> str:
    return reverse("programmes:detail", kwargs={"programme_pk": programme_pk})


def _require_programme_creator(request: HttpRequest) -> None:
    access = access_for(request.user)
    if not (access.is_operator or access.is_superuser):
        raise PermissionDenied


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    _require_programme_creator(request)
    access = access_for(request.user)
    initial = {"partners": [access.organisation_id]} if access.organisation_id else {}
    form = ProgrammeForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: domain.create_programme(**form.cleaned_data, actor=request.user),
        success_message=_("Programme created."),
        success_url=lambda programme: programme_url(programme.pk),
        title=_("New programme"),
        back_url=reverse("programmes:list"),
    )


@login_required
def programme_edit(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = get_changeable_or_404(Programme, request, pk=programme_pk)
    form = ProgrammeForm(request.POST or None, instance=programme)
    return form_page(
        request,
        form,
        save=lambda: domain.update_programme(
            programme=programme, actor=request.user, **form.cleaned_data
        ),
        success_message=_("Programme saved."),
        title=_("Edit %(name)s") % {"name": programme},
        back_url=programme_url(programme.pk),
    )


@login_required
def enrolment_create(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = get_changeable_or_404(Programme, request, pk=programme_pk)
    form = EnrolmentForm(request.POST or None, programme=programme, user=request.user)
    return form_page(
        request,
        form,
        save=lambda: domain.enrol_organisation(
            programme=programme, actor=request.user, **form.cleaned_data
        ),
        success_message=lambda enrolment: (
            _("%(organisation)s enrolled.") % {"organisation": enrolment.organisation}
        ),
        title=_("Enrol an organisation in %(programme)s") % {"programme": programme},
        back_url=programme_url(programme.pk),
        context={
            "intro": _(
                "Companies, hosts and counterparts you can see in your other programmes. "
                "New companies and hosts are added from the company and host lists."
            )
        },
    )


@login_required
def enrolment_edit(request: HttpRequest, enrolment_pk: int) -> HttpResponse:
    queryset = Enrolment.objects.select_related("programme", "organisation")
    enrolment = get_changeable_or_404(queryset, request, pk=enrolment_pk)
    form = EnrolmentEditForm(request.POST or None, instance=enrolment)
    return form_page(
        request,
        form,
        save=lambda: domain.update_enrolment(
            enrolment=enrolment, actor=request.user, **form.cleaned_data
        ),
        success_message=_("Enrolment saved."),
        title=str(enrolment),
        back_url=programme_url(enrolment.programme_id),
    )
