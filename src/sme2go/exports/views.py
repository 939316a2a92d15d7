"""Export views: each runs its list page's own view to get the rows the page shows.

The list view is set up with the same request, so its scoping, search and filters (however
the view implements them) decide the rows; only the pagination is left out, so the export
holds every row of the filtered list, not only the current page.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from sme2go.companies.views import CompanyListView
from sme2go.core.tenancy import access_for, get_scoped_or_404, scoped
from sme2go.exports.tabular import Column, export_response
from sme2go.matches.models import MatchProposal
from sme2go.missions.views import MissionListView
from sme2go.needs.models import Need
from sme2go.needs.views import NeedListView


def listed(view_class, request: HttpRequest) -> QuerySet:
    """The filtered, scoped queryset that ``view_class`` shows for ``request``."""
    view = view_class()
    view.setup(request)
    return view.get_queryset()


def _filename(name: str) -> str:
    return f"{name}-{timezone.localdate().isoformat()}"


def _profile(company, field: str, default=""):
    profile = getattr(company, "profile", None)
    return getattr(profile, field) if profile is not None else default


COMPANY_COLUMNS: Sequence[Column] = (
    Column(_("ID"), lambda c: c.pk),
    Column(_("Company"), lambda c: c.name),
    Column(_("Name (Chinese)"), lambda c: c.name_zh),
    Column(_("Home country"), lambda c: _profile(c, "home_country")),
    Column(_("Size"), lambda c: c.profile.get_size_band_display() if _profile(c, "pk") else ""),
    Column(
        _("Domains"),
        lambda c: [d.code for d in c.profile.domains.all()] if _profile(c, "pk") else [],
    ),
    Column(_("CPV codes"), lambda c: _profile(c, "cpv_codes", [])),
    Column(_("Working languages"), lambda c: _profile(c, "languages", [])),
    Column(_("Target markets"), lambda c: _profile(c, "target_markets", [])),
    Column(_("Offering"), lambda c: _profile(c, "offering")),
    Column(_("Website"), lambda c: c.website),
    Column(
        _("Products and references"),
        lambda c: [p.name for p in c.profile.products.all()] if _profile(c, "pk") else [],
    ),
    Column(
        _("Recruited by"),
        lambda c: [
            f"{e.recruited_by.name if e.recruited_by else ''} ({e.programme.name})"
            for e in c.visible_enrolments
        ],
    ),
)

NEED_COLUMNS: Sequence[Column] = (
    Column(_("ID"), lambda n: n.pk),
    Column(_("Need"), lambda n: n.title),
    Column(_("Host organisation"), lambda n: n.host.name),
    Column(_("Programme"), lambda n: n.programme.name),
    Column(_("Status"), lambda n: n.get_status_display()),
    Column(_("Heard on"), lambda n: n.heard_on),
    Column(_("Stated by"), lambda n: n.stated_by),
    Column(_("Heard on mission"), lambda n: n.mission.title if n.mission else ""),
    Column(_("Region"), lambda n: n.region.name if n.region else ""),
    Column(_("Domains"), lambda n: [d.code for d in n.domains.all()]),
    Column(_("CPV codes"), lambda n: n.cpv_codes),
    Column(_("Required languages"), lambda n: n.required_languages),
    Column(_("Required certification"), lambda n: n.required_certification),
    Column(_("Description"), lambda n: n.description),
)

MATCH_COLUMNS: Sequence[Column] = (
    Column(_("Rank"), lambda p: p.rank),
    Column(_("Company"), lambda p: p.company.name),
    Column(_("Score"), lambda p: p.score),
    Column(_("Decision"), lambda p: p.get_status_display()),
    Column(_("Reason for the decision"), lambda p: p.decision_reason),
    Column(_("Decided by"), lambda p: p.decided_by.get_username() if p.decided_by else ""),
    Column(_("Decided at"), lambda p: p.decided_at),
    Column(_("Why it matches"), lambda p: p.reasons.get("summary", "")),
    Column(_("Matched terms"), lambda p: p.reasons.get("terms", [])),
    Column(
        _("Matched codes"),
        lambda p: [f"{c['code']} {c['name']}".strip() for c in p.reasons.get("codes", [])],
    ),
    Column(
        _("Constraints"),
        lambda p: [f"{c['name']}: {c['status']}" for c in p.reasons.get("constraints", [])],
    ),
)

MISSION_COLUMNS: Sequence[Column] = (
    Column(_("ID"), lambda m: m.pk),
    Column(_("Mission"), lambda m: m.title),
    Column(_("Programme"), lambda m: m.programme.name),
    Column(_("First day"), lambda m: m.start_date),
    Column(_("Last day"), lambda m: m.end_date),
    Column(_("Status"), lambda m: m.get_status_display()),
    Column(_("Companies"), lambda m: m.company_count),
    Column(_("Itinerary"), lambda m: [f"{d.date.isoformat()} {d.city.name}" for d in m.days.all()]),
)


@login_required
@require_safe
def companies(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = listed(CompanyListView, request).prefetch_related("profile__products")
    return export_response(fmt, _filename("companies"), str(_("Companies")), COMPANY_COLUMNS, rows)


@login_required
@require_safe
def needs(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = listed(NeedListView, request).select_related("programme")
    return export_response(fmt, _filename("needs"), str(_("Needs")), NEED_COLUMNS, rows)


@login_required
@require_safe
def missions(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = listed(MissionListView, request).select_related("programme")
    return export_response(fmt, _filename("missions"), str(_("Missions")), MISSION_COLUMNS, rows)


@login_required
@require_safe
def need_matches(request: HttpRequest, need_pk: int, fmt: str) -> HttpResponse:
    """The companies ranked for one need, as its matches page lists them (advisers only)."""
    need = get_scoped_or_404(Need, request.user, pk=need_pk)
    if not access_for(request.user).is_operator and not request.user.is_superuser:
        raise PermissionDenied
    rows = (
        scoped(MatchProposal.objects.filter(need=need), request.user)
        .select_related("company", "decided_by")
        .ranked()
    )
    return export_response(
        fmt, _filename(f"matches-need-{need.pk}"), str(_("Matches")), MATCH_COLUMNS, rows
    )
