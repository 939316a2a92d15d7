"""Pages where advisers review proposed matches and companies see approved ones."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sme2go.core.tenancy import access_for, can_change, get_scoped_or_404, scoped
from sme2go.core.views import get_changeable_or_404
from sme2go.matches import domain
from sme2go.matches.documents import need_doc
from sme2go.matches.forms import CommentForm, DecisionForm
from sme2go.matches.models import MatchComment, MatchProposal
from sme2go.matching import cannot_match
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@require_safe
@login_required
def need_matches(request: HttpRequest, need_pk: int) -> HttpResponse:
    """The companies ranked for one need, with reasons and the adviser's decisions: the
    strong and possible fits first, the weak and rejected ones behind "show weaker fits",
    or why the need cannot be matched when it has no proposal at all."""
    need = get_scoped_or_404(
        Need.objects.select_related("host", "programme", "region"), request.user, pk=need_pk
    )
    if not access_for(request.user).is_operator and not request.user.is_superuser:
        raise PermissionDenied
    proposals = (
        scoped(MatchProposal.objects.filter(need=need), request.user)
        .select_related("company__profile", "decided_by")
        .prefetch_related(
            Prefetch("comments", queryset=MatchComment.objects.select_related("author"))
        )
        .with_shown()
        .ranked()
    )
    for proposal in proposals:
        proposal.need = need  # the reasons read the need's conditions; no query per row
    return render(
        request,
        "matches/need_matches.html",
        {
            "need": need,
            "shown": [p for p in proposals if p.shown],
            "weaker": [p for p in proposals if not p.shown],
            # Only when nothing is listed: it builds the need's document (a query).
            "cannot_match": (cannot_match(need_doc(need)) is not None if not proposals else False),
            "can_decide": can_change(request.user, need),
        },
    )


@login_required
@require_POST
def refresh_need(request: HttpRequest, need_pk: int) -> HttpResponse:
    need = get_scoped_or_404(Need, request.user, pk=need_pk)
    count = domain.refresh_matches(
        actor=request.user, programme_id=need.programme_id, need_ids=[need.pk]
    )
    messages.success(request, _("Ranking recomputed: %(count)d companies.") % {"count": count})
    return redirect("matches:need", need_pk=need.pk)


@require_safe
@login_required
def company_matches(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    """A company's best-fitting open needs (advisers) or approved opportunities (company)."""
    company = get_scoped_or_404(
        Organisation.objects.filter(kind=Organisation.Kind.COMPANY),
        request.user,
        pk=organisation_pk,
    )
    proposals = scoped(domain.proposals_for_company(company), request.user).shown()
    return render(
        request,
        "matches/company_matches.html",
        {
            "company": company,
            "proposals": proposals,
            "is_adviser": access_for(request.user).is_operator or request.user.is_superuser,
        },
    )


def _proposal_for_change(request: HttpRequest, proposal_pk: int) -> MatchProposal:
    return get_changeable_or_404(
        MatchProposal.objects.select_related("need", "company"), request, pk=proposal_pk
    )


@login_required
@require_POST
def decide(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = _proposal_for_change(request, proposal_pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            domain.decide_match(
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, f"{proposal.company}: {message}")
        else:
            messages.success(
                request,
                _("%(company)s: %(decision)s.")
                % {"company": proposal.company, "decision": proposal.get_status_display()},
            )
    else:
        messages.error(request, _("Choose a decision."))
    return _back(request, reverse("matches:need", kwargs={"need_pk": proposal.need_id}))


@login_required
@require_POST
def comment(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = _proposal_for_change(request, proposal_pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        domain.comment_on_match(
            proposal=proposal, text=form.cleaned_data["text"], actor=request.user
        )
        messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("Write a comment."))
    return _back(request, reverse("matches:need", kwargs={"need_pk": proposal.need_id}))
