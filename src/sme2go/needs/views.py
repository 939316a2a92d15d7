"""Views of the needs register: thin wrappers around scoping, forms and needs.domain."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from sme2go.core.tenancy import access_for, scoped
from sme2go.core.views import (
    ScopedDetailView,
    ScopedListView,
    form_page,
    get_changeable_or_404,
)
from sme2go.needs import domain
from sme2go.needs.filters import NeedFilterSet
from sme2go.needs.forms import NeedForm, NeedStatusForm
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme


class NeedListView(ScopedListView):
    """The register: operators see their programmes' needs, host users their own."""

    model = Need
    template_name = "needs/need_list.html"
    search_fields = ("title", "description", "stated_by", "host__name")
    filterset_class = NeedFilterSet

    def base_queryset(self) -> QuerySet[Need]:
        return Need.objects.select_related("host", "mission", "region").prefetch_related("domains")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filterset.form
        context["can_create"] = _may_create(self.request.user)
        context["can_import"] = context["can_create"] and access_for(self.request.user).is_operator
        return context


class NeedDetailView(ScopedDetailView):
    model = Need
    template_name = "needs/need_detail.html"
    pk_url_kwarg = "need_pk"

    def base_queryset(self) -> QuerySet[Need]:
        return Need.objects.select_related(
            "programme", "host", "region__parent", "mission", "created_by", "answered_by"
        ).prefetch_related("domains")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["status_form"] = NeedStatusForm(initial={"status": self.object.status})
        return context


def _may_create(user: Any) -> bool:
    """Operators who change a programme, and host users enrolled in one, record needs."""
    access = access_for(user)
    if access.is_superuser or access.is_operator:
        return scoped(Programme, user, "change").exists()
    return (
        access.is_host
        and access.organisation_kind == Organisation.Kind.HOST
        and bool(access.programme_ids)
    )


def _need_url(need: Need) -> str:
    return reverse("needs:detail", kwargs={"need_pk": need.pk})


@login_required
def need_create(request: HttpRequest) -> HttpResponse:
    """Record a need. Host users record needs of their own organisation."""
    if not _may_create(request.user):
        raise PermissionDenied
    access = access_for(request.user)
    instance = Need()
    if access.is_host:
        instance.host_id = access.organisation_id
    form = NeedForm(request.POST or None, instance=instance, user=request.user)

    def save() -> Need:
        kwargs = form.domain_kwargs()
        if access.is_host:
            kwargs["host"] = instance.host
        return domain.record_need(
            actor=request.user, programme=form.cleaned_data["programme"], **kwargs
        )

    return form_page(
        request,
        form,
        save=save,
        success_message=lambda need: _("The need “%(title)s” was recorded.") % {"title": need},
        success_url=_need_url,
        title=_("Record a need"),
        back_url=reverse("needs:list"),
        template="needs/need_form.html",
        context={"fixed_host": instance.host if access.is_host else None},
    )


@login_required
def need_edit(request: HttpRequest, need_pk: int) -> HttpResponse:
    need = get_changeable_or_404(Need.objects.select_related("programme"), request, pk=need_pk)
    form = NeedForm(request.POST or None, instance=need, user=request.user)
    return form_page(
        request,
        form,
        save=lambda: domain.update_need(actor=request.user, need=need, **form.domain_kwargs()),
        success_message=_("The need was saved."),
        title=_("Edit need"),
        back_url=_need_url(need),
        template="needs/need_form.html",
        context={"need": need, "fixed_host": need.host if "host" not in form.fields else None},
    )


@login_required
def need_status(request: HttpRequest, need_pk: int) -> HttpResponse:
    """Change the status (POST only). The need is looked up first, so a need of another
    programme answers 404 whatever the method."""
    need = get_changeable_or_404(Need, request, pk=need_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = NeedStatusForm(request.POST)
    if form.is_valid():
        domain.set_need_status(actor=request.user, need=need, status=form.cleaned_data["status"])
        messages.success(
            request,
            _("Status changed to “%(status)s”.") % {"status": need.get_status_display()},
        )
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("needs:detail", need_pk=need.pk)
