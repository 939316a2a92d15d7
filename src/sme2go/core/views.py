"""Shared view building blocks: every tenant list, detail and form view is built on these."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView
from django_filters import FilterSet

from sme2go.companies.models import CompanyProfile
from sme2go.core.content_language import lookup_in_every_language
from sme2go.core.tenancy import (
    COMPANY,
    HOST,
    Access,
    access_for,
    can_change,
    get_scoped_or_404,
    scoped,
)
from sme2go.followup.reminders import reminders_for
from sme2go.missions.models import ItineraryDay, Mission, Visit
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Enrolment, Programme


class SearchForm(forms.Form):
    """The ``q`` parameter of every list; a value that is not valid text is ignored."""

    q = forms.CharField(required=False, max_length=200)


class ScopedListView(LoginRequiredMixin, ListView):
    """A paginated list of the tenant objects the user may see, with search and filters.

    ``search_fields`` are matched case-insensitively by the ``q`` parameter. Filters are
    declared as a django-filter ``FilterSet`` in ``filterset_class``; it gets the request,
    so model choices can be scoped (``queryset=lambda request: scoped(..., request.user)``).
    A filter value its field does not accept (text for a key, an unknown choice, a number
    out of range) is ignored, and so is a page number that is not one: the list then shows
    as if that parameter were absent (the last page for a page past the end), never an error.
    """

    paginate_by = 25
    search_fields: tuple[str, ...] = ()
    filterset_class: type[FilterSet] | None = None

    def base_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def get_queryset(self) -> QuerySet:
        queryset = scoped(self.base_queryset(), self.request.user)
        search = SearchForm(self.request.GET)
        query = search.cleaned_data["q"].strip() if search.is_valid() else ""
        if query and self.search_fields:
            condition = Q()
            for field in self.search_fields:
                for key in lookup_in_every_language(queryset.model, field):
                    condition |= Q(**{f"{key}__icontains": query})
            queryset = queryset.filter(condition)
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(
                self.request.GET, queryset=queryset, request=self.request
            )
            queryset = self.filterset.qs
        return queryset.distinct() if query else queryset

    def paginate_queryset(self, queryset: QuerySet, page_size: int):
        """Like ``ListView``'s, but a bad ``page`` shows the nearest page instead of a 404."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.get("q", "")
        names = self.filterset.filters if self.filterset is not None else ()
        context["active_filters"] = {name: self.request.GET.get(name, "") for name in names}
        context["filterset"] = self.filterset
        return context


class ScopedDetailView(LoginRequiredMixin, DetailView):
    """One tenant object; 404 unless the user may see it. ``can_change`` in the context."""

    pk_url_kwarg: str = "pk"

    def base_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def get_object(self, queryset: QuerySet | None = None):
        return get_scoped_or_404(
            self.base_queryset(), self.request.user, pk=self.kwargs[self.pk_url_kwarg]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_change"] = can_change(self.request.user, self.object)
        return context


def get_changeable_or_404(model, request: HttpRequest, **lookup):
    """The object for an edit view: 404 if invisible to the user, 403 if only visible."""
    obj = get_scoped_or_404(model, request.user, **lookup)
    if not can_change(request.user, obj):
        raise PermissionDenied
    return obj


def apply_validation_error(form: BaseForm, error: ValidationError) -> None:
    """Show a domain function's ``ValidationError`` on the form.

    Errors keyed by a field of the form appear on that field; errors about fields the
    form does not have (or without a field) appear above the form.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    save: Callable[[], Any],
    success_message: str | Callable[[Any], str],
    title: str,
    back_url: str,
    success_url: str | Callable[[Any], str] | None = None,
    delete_url: str | None = None,
    template: str = "sme2go/form.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """A create or edit page: show ``form``; on a valid POST call ``save()`` (a domain call).

    A ``ValidationError`` from ``save`` is shown on the form (``apply_validation_error``);
    otherwise the user is sent to ``success_url`` (default ``back_url``) with
    ``success_message``. Both may instead be functions of what ``save`` returned, for pages
    that create something. The template gets ``form``, ``title``, ``back_url`` (also as
    ``cancel_url``, the name the missions and needs templates use), ``delete_url`` and the
    entries of ``context``.
    """
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            message = success_message(saved) if callable(success_message) else success_message
            url = success_url(saved) if callable(success_url) else success_url
            messages.success(request, message)
            return redirect(url or back_url)
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "cancel_url": back_url,
            "delete_url": delete_url,
            **(context or {}),
        },
    )


def _mission_days() -> Prefetch:
    return Prefetch("days", queryset=ItineraryDay.objects.select_related("city").order_by("date"))


def _operator_dashboard(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    active = Q(enrolments__status=Enrolment.Status.ACTIVE)
    programmes = (
        scoped(Programme, user)
        .annotate(
            company_count=Count(
                "enrolments",
                filter=active & Q(enrolments__organisation__kind=COMPANY),
                distinct=True,
            ),
            host_count=Count(
                "enrolments", filter=active & Q(enrolments__organisation__kind=HOST), distinct=True
            ),
            open_need_count=Count("needs", filter=Q(needs__status=Need.Status.OPEN), distinct=True),
        )
        .order_by("-start_date", "name")
    )
    missions = scoped(Mission, user).select_related("programme").prefetch_related(_mission_days())
    return {
        "programmes": programmes,
        "upcoming_missions": missions.filter(end_date__gte=today).order_by("start_date")[:5],
        "past_missions": missions.filter(end_date__lt=today).order_by("-start_date")[:3],
        "recent_needs": scoped(Need, user)
        .select_related("host", "programme")
        .order_by("-created_at")[:8],
    }


def _company_dashboard(request: HttpRequest, access: Access) -> dict[str, Any]:
    profile = (
        CompanyProfile.objects.filter(organisation=access.organisation_id)
        .select_related("organisation")
        .prefetch_related("domains")
        .annotate(product_count=Count("products", distinct=True))
        .first()
    )
    missions = (
        scoped(Mission, request.user)
        .select_related("programme")
        .prefetch_related(_mission_days())
        .order_by("start_date")
    )
    return {"profile": profile, "missions": missions}


def _host_dashboard(request: HttpRequest, access: Access) -> dict[str, Any]:
    visits = (
        scoped(Visit, request.user)
        .filter(organisation=access.organisation_id)
        .select_related("day__mission", "day__city")
        .order_by("day__mission__start_date", "day__mission_id", "day__date", "start_time")
    )
    needs = scoped(Need, request.user).select_related("mission").order_by("-heard_on")
    return {"needs": needs, "visits": visits}


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The start page: what the user's role works on, in a bounded number of queries."""
    access = access_for(request.user)
    context: dict[str, Any] = {"role": access.role_name}
    if access.is_operator or access.is_superuser:
        context.update(_operator_dashboard(request))
    elif access.is_company:
        context.update(_company_dashboard(request, access))
    elif access.is_host:
        context.update(_host_dashboard(request, access))
    if access.organisation_id:
        context["organisation"] = Organisation.objects.get(pk=access.organisation_id)
    context["follow_up"] = reminders_for(request.user)
    return render(request, "core/dashboard.html", context)


def locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """The page django-axes shows after too many failed log-ins (``AXES_LOCKOUT_CALLABLE``).

    It says how long to wait: a password reset does not lift the lock, so it is not offered
    as a way out."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes},
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )
