"""Views of the needs register: thin wrappers around scoping, forms and needs.domain."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sme2go.core.tenancy import access_for, scoped
from sme2go.core.views import (
    ScopedDetailView,
    ScopedListView,
    apply_validation_error,
    get_changeable_or_404,
)
from sme2go.needs import domain
from sme2go.needs.forms import NeedFilterForm, NeedForm, NeedStatusForm
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme


class NeedListView(ScopedListView):
    """The register: operators see their programmes' needs, host users their own."""

    model = Need
    template_name = "needs/need_list.html"
    search_fields = ("title", "description", "stated_by", "host__name", "host__name_zh")

    def base_queryset(self) -> QuerySet[Need]:
        return Need.objects.select_related("host", "mission", "region").prefetch_related("domains")

    def get_queryset(self) -> QuerySet[Need]:
        self.filter_form = NeedFilterForm(self.request.GET, user=self.request.user)
        return self.filter_form.apply(super().get_queryset())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["can_create"] = _may_create(self.request.user)
        return context


class NeedDetailView(ScopedDetailView):
    model = Need
    template_name = "needs/need_detail.html"
    pk_url_kwarg = "need_pk"

    def base_queryset(self) -> QuerySet[Need]:
        return Need.objects.select_related(
            "programme", "host", "region__parent", "mission", "created_by"
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
    if request.method == "POST" and form.is_valid():
        kwargs = form.domain_kwargs()
        if access.is_host:
            kwargs["host"] = instance.host
        try:
            need = domain.record_need(
                actor=request.user, programme=form.cleaned_data["programme"], **kwargs
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The need “%(title)s” was recorded.") % {"title": need})
            return redirect("needs:detail", need_pk=need.pk)
    return render(
        request,
        "needs/need_form.html",
        {
            "form": form,
            "title": _("Record a need"),
            "cancel_url": reverse("needs:list"),
            "fixed_host": instance.host if access.is_host else None,
        },
    )


@login_required
def need_edit(request: HttpRequest, need_pk: int) -> HttpResponse:
    need = get_changeable_or_404(Need.objects.select_related("programme"), request, pk=need_pk)
    form = NeedForm(request.POST or None, instance=need, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_need(actor=request.user, need=need, **form.domain_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The need was saved."))
            return redirect("needs:detail", need_pk=need.pk)
    return render(
        request,
        "needs/need_form.html",
        {
            "form": form,
            "need": need,
            "title": _("Edit need"),
            "fixed_host": need.host if "host" not in form.fields else None,
            "cancel_url": reverse("needs:detail", kwargs={"need_pk": need.pk}),
        },
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
