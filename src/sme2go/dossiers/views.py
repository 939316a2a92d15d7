"""Pages of host dossiers: the operators' dossier pages, the versions hosts receive (web
page and PDF), and a company's consents with the log of who received its profile."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sme2go.core.tenancy import Access, access_for, can_change, get_scoped_or_404, scoped
from sme2go.core.views import (
    ScopedListView,
    apply_validation_error,
    form_page,
    get_changeable_or_404,
)
from sme2go.dossiers import content, domain
from sme2go.dossiers.forms import ConsentForm, ShareForm, WithdrawForm
from sme2go.dossiers.models import (
    Dossier,
    DossierShare,
    DossierVersion,
    RefusedShare,
    SharingConsent,
)
from sme2go.matches.models import MatchProposal
from sme2go.missions.models import Mission
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation


def _is_operator(access: Access) -> bool:
    return access.is_operator or access.is_superuser


def dossier_url(dossier: Dossier) -> str:
    return reverse("dossiers:detail", kwargs={"dossier_pk": dossier.pk})


def company_url(organisation_pk: int) -> str:
    return reverse("dossiers:company", kwargs={"organisation_pk": organisation_pk})


# Lists ----------------------------------------------------------------------------------


class DossierListView(ScopedListView):
    """Operators: the dossiers of their programmes. Hosts: the dossiers sent to them."""

    model = Dossier
    template_name = "dossiers/dossier_list.html"
    search_fields = ("host__name", "need__title", "mission__title")

    def base_queryset(self) -> QuerySet:
        access = access_for(self.request.user)
        shares = DossierShare.objects.all()
        if not _is_operator(access):
            shares = shares.filter(recipient=access.organisation_id)
        return (
            Dossier.objects.select_related("host", "need", "mission", "programme")
            .annotate(
                version_count=Count("versions", distinct=True),
                last_sent=Max(
                    "versions__shares__sent_at",
                    filter=Q(versions__shares__in=shares.values("pk")),
                ),
            )
            .order_by("-last_sent", "-created_at")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["is_operator"] = _is_operator(access_for(self.request.user))
        return context


@require_safe
@login_required
def mission_dossiers(request: HttpRequest, mission_pk: int) -> HttpResponse:
    """The hosts that stated needs on a mission, each with its dossier (operators)."""
    mission = get_scoped_or_404(
        Mission.objects.select_related("programme"), request.user, pk=mission_pk
    )
    if not _is_operator(access_for(request.user)):
        raise PermissionDenied
    needs = (
        Need.objects.filter(mission=mission)
        .select_related("host", "dossier")
        .annotate(
            approved=Count("proposals", filter=Q(proposals__status=MatchProposal.Status.APPROVED))
        )
        .order_by("host__name", "heard_on", "pk")
    )
    dossiers = {
        d.host_id: d
        for d in Dossier.objects.filter(mission=mission).annotate(version_count=Count("versions"))
    }
    hosts: dict[int, dict[str, Any]] = {}
    for need in needs:
        entry = hosts.setdefault(
            need.host_id, {"host": need.host, "needs": [], "dossier": dossiers.get(need.host_id)}
        )
        entry["needs"].append(need)
    return render(
        request,
        "dossiers/mission_dossiers.html",
        {"mission": mission, "hosts": list(hosts.values())},
    )


# Preparing and sending -------------------------------------------------------------------


def _prepared(request: HttpRequest, **target) -> HttpResponse | None:
    """The dossier's page once prepared; ``None`` (with the message) when refused."""
    try:
        dossier = domain.prepare_dossier(actor=request.user, **target)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    return redirect(dossier_url(dossier))


@login_required
@require_POST
def prepare_for_need(request: HttpRequest, need_pk: int) -> HttpResponse:
    need = get_scoped_or_404(Need, request.user, pk=need_pk)
    return _prepared(request, need=need) or redirect("needs:detail", need_pk=need.pk)


@login_required
@require_POST
def prepare_for_mission(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = get_scoped_or_404(Mission, request.user, pk=mission_pk)
    if not _is_operator(access_for(request.user)):
        raise PermissionDenied
    host_pk = request.POST.get("host", "")
    hosts = scoped(Organisation, request.user).filter(kind=Organisation.Kind.HOST)
    host = hosts.filter(pk=host_pk).first() if host_pk.isdigit() else None
    if host is None:
        messages.error(request, _("Choose a host that stated needs on this mission."))
        return redirect("dossiers:mission", mission_pk=mission.pk)
    response = _prepared(request, mission=mission, host=host)
    return response or redirect("dossiers:mission", mission_pk=mission.pk)


def _dossiers() -> QuerySet:
    return Dossier.objects.select_related("host", "need", "mission", "programme")


def _versions_with_shares() -> Prefetch:
    shares = DossierShare.objects.select_related("recipient", "recipient_user", "sent_by")
    return Prefetch(
        "versions",
        queryset=DossierVersion.objects.order_by("-number").prefetch_related(
            Prefetch("shares", queryset=shares)
        ),
    )


def _approved_companies(dossier: Dossier) -> list[Organisation]:
    ids = MatchProposal.objects.filter(
        need__in=content.dossier_needs(dossier), status=MatchProposal.Status.APPROVED
    ).values("company")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def _operator_page(
    request: HttpRequest, dossier: Dossier, form: ShareForm | None = None
) -> HttpResponse:
    draft = content.build(dossier)
    approved = _approved_companies(dossier)
    if form is None:
        form = ShareForm(
            host=dossier.host, approved=approved, initial={"companies": draft.company_ids}
        )
    dossier = Dossier.objects.prefetch_related(_versions_with_shares()).get(pk=dossier.pk)
    refusals = RefusedShare.objects.filter(dossier=dossier).select_related(
        "company", "attempted_by"
    )
    return render(
        request,
        "dossiers/dossier_detail.html",
        {
            "dossier": dossier,
            "preview": content.present(draft.content),
            "draft": draft,
            "included": [c for c in approved if c.pk in set(draft.company_ids)],
            "form": form,
            "refusals": refusals,
        },
    )


@require_safe
@login_required
def dossier_detail(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    """Operators: the dossier as it would be sent now, who is left out and why, its
    versions and who received them. Hosts: the latest version sent to them."""
    dossier = get_scoped_or_404(_dossiers(), request.user, pk=dossier_pk)
    if _is_operator(access_for(request.user)):
        return _operator_page(request, dossier)
    version = (
        scoped(DossierVersion.objects.filter(dossier=dossier), request.user)
        .order_by("-number")
        .first()
    )
    return redirect("dossiers:version", dossierversion_pk=version.pk)


@login_required
@require_POST
def share(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    dossier = get_scoped_or_404(_dossiers(), request.user, pk=dossier_pk)
    if not _is_operator(access_for(request.user)):
        raise PermissionDenied
    form = ShareForm(request.POST, host=dossier.host, approved=_approved_companies(dossier))
    if form.is_valid():
        try:
            sent = domain.share_dossier(
                dossier=dossier,
                companies=form.cleaned_data["companies"],
                basis=form.cleaned_data["basis"],
                recipient_user=form.cleaned_data["recipient_user"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            recipient = sent.recipient_user or sent.recipient
            messages.success(
                request,
                _("Version %(number)s sent to %(recipient)s.")
                % {"number": sent.version.number, "recipient": recipient},
            )
            return redirect(dossier_url(dossier))
    return _operator_page(request, dossier, form)


# Versions: the host's page and the PDF -----------------------------------------------------


def _version(request: HttpRequest, dossierversion_pk: int) -> DossierVersion:
    return get_scoped_or_404(
        DossierVersion.objects.select_related("dossier__host", "dossier__programme"),
        request.user,
        pk=dossierversion_pk,
    )


def _withdrawn(version: DossierVersion) -> set[int]:
    """Companies of ``version`` whose consent for its host is no longer active."""
    dossier = version.dossier
    ids = [int(pk) for pk in version.content["companies"]]
    return set(ids) - content.consenting(dossier.programme_id, dossier.host_id, ids)


def _version_context(request: HttpRequest, version: DossierVersion) -> dict[str, Any]:
    access = access_for(request.user)
    operator = _is_operator(access)
    withdrawn = _withdrawn(version)
    shares = scoped(DossierShare.objects.filter(version=version), request.user).select_related(
        "recipient", "recipient_user", "sent_by"
    )
    return {
        "version": version,
        "dossier": version.dossier,
        # Hosts no longer see a company that withdrew its consent; operators see what
        # was sent, marked.
        "doc": content.present(version.content, hide=() if operator else withdrawn),
        "withdrawn": withdrawn if operator else set(),
        "shares": list(shares),
        "is_operator": operator,
    }


@require_safe
@login_required
def version_detail(request: HttpRequest, dossierversion_pk: int) -> HttpResponse:
    version = _version(request, dossierversion_pk)
    return render(request, "dossiers/version_detail.html", _version_context(request, version))


@require_safe
@login_required
def version_pdf(request: HttpRequest, dossierversion_pk: int) -> HttpResponse:
    from weasyprint import HTML  # Loads Pango and fonts: only when a PDF is asked for.

    version = _version(request, dossierversion_pk)
    html = render_to_string(
        "dossiers/dossier_print.html", _version_context(request, version), request=request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"dossier-{version.dossier.host.name}-v{version.number}")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


# Consent and the company's sharing log ----------------------------------------------------


def _company(request: HttpRequest, organisation_pk: int) -> Organisation:
    company = get_scoped_or_404(
        Organisation.objects.filter(kind=Organisation.Kind.COMPANY),
        request.user,
        pk=organisation_pk,
    )
    access = access_for(request.user)
    if not (_is_operator(access) or access.organisation_id == company.pk):
        raise PermissionDenied
    return company


@require_safe
@login_required
def company_sharing(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    """A company's consents to hosts, who received dossiers with its profile, and the
    refused attempts to send it without consent."""
    company = _company(request, organisation_pk)
    user = request.user
    consents = (
        scoped(SharingConsent.objects.filter(company=company), user)
        .select_related("host", "programme", "given_by", "withdrawn_by")
        .order_by("withdrawn_at", "host__name", "-given_at")
    )
    shares = (
        scoped(DossierShare.objects.filter(version__companies=company), user)
        .select_related(
            "recipient",
            "recipient_user",
            "sent_by",
            "version__dossier__need",
            "version__dossier__mission",
        )
        .order_by("-sent_at")
    )
    refusals = scoped(RefusedShare.objects.filter(company=company), user).select_related(
        "dossier__host", "attempted_by"
    )
    consents = list(consents)
    return render(
        request,
        "dossiers/company_sharing.html",
        {
            "company": company,
            "active": [c for c in consents if c.is_active],
            "withdrawn": [c for c in consents if not c.is_active],
            "shares": shares,
            "refusals": refusals,
            "can_consent": can_change(user, company),
        },
    )


@login_required
def consent_give(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    company = _company(request, organisation_pk)
    if not can_change(request.user, company):
        raise PermissionDenied
    access = access_for(request.user)
    form = ConsentForm(request.POST or None, company=company, access=access)
    return form_page(
        request,
        form,
        save=lambda: domain.give_consent(
            company=company,
            host=form.cleaned_data["host"].organisation,
            programme=form.cleaned_data["host"].programme,
            instruction=form.cleaned_data.get("instruction", ""),
            actor=request.user,
        ),
        success_message=lambda consent: (
            _("%(company)s consents to sharing its profile with %(host)s.")
            % {"company": company, "host": consent.host}
        ),
        title=_("Consent to share %(company)s's profile with a host") % {"company": company},
        back_url=company_url(company.pk),
        context={
            "intro": _(
                "The host receives the company's summary, why it fits the host's needs, its "
                "references and readiness band, and how to reach it through its operator."
            ),
            "submit_label": _("Give consent"),
        },
    )


@login_required
def consent_withdraw(request: HttpRequest, sharingconsent_pk: int) -> HttpResponse:
    consent = get_changeable_or_404(
        SharingConsent.objects.select_related("company", "host", "programme"),
        request,
        pk=sharingconsent_pk,
    )
    access = access_for(request.user)
    # Bound on any POST: a company's withdrawal posts no field at all.
    form = WithdrawForm(request.POST if request.method == "POST" else None, access=access)
    return form_page(
        request,
        form,
        save=lambda: domain.withdraw_consent(
            consent=consent,
            instruction=form.cleaned_data.get("instruction", ""),
            actor=request.user,
        ),
        success_message=_("Consent withdrawn: %(host)s no longer sees %(company)s.")
        % {"host": consent.host, "company": consent.company},
        title=_("Withdraw the consent to share with %(host)s") % {"host": consent.host},
        back_url=company_url(consent.company_id),
        context={
            "intro": _(
                "Dossiers already sent stay in the log; the host's pages stop showing the "
                "company from now on."
            ),
            "submit_label": _("Withdraw consent"),
        },
    )
