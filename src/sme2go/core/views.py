"""Shared view building blocks: every tenant list, detail and form view is built on these."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.generic import DetailView, ListView

from sme2go.core.tenancy import access_for, can_change, get_scoped_or_404, scoped


class ScopedListView(LoginRequiredMixin, ListView):
    """A paginated list of the tenant objects the user may see, with search and filters.

    ``search_fields`` are matched case-insensitively by the ``q`` parameter; each entry of
    ``filters`` maps a GET parameter to a lookup (``{"status": "status"}``).
    """

    paginate_by = 25
    search_fields: tuple[str, ...] = ()
    filters: dict[str, str] = {}

    def base_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def get_queryset(self) -> QuerySet:
        queryset = scoped(self.base_queryset(), self.request.user)
        query = self.request.GET.get("q", "").strip()
        if query and self.search_fields:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            queryset = queryset.filter(condition)
        for param, lookup in self.filters.items():
            value = self.request.GET.get(param, "").strip()
            if value:
                queryset = queryset.filter(**{lookup: value})
        return queryset.distinct() if query else queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.get("q", "")
        context["active_filters"] = {p: self.request.GET.get(p, "") for p in self.filters}
        return context


class ScopedDetailView(LoginRequiredMixin, DetailView):
    """One tenant object; 404 unless the user may see it. ``can_change`` in the context."""

    pk_url_kwarg: str = "pk"

    def base_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def get_object(self, queryset: QuerySet | None = None):
        return get_scoped_or_404(self.base_queryset(), self.request.user, pk=self.kwargs[self.pk_url_kwarg])

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


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", {"role": access_for(request.user).role_name})
