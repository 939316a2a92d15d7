"""Audit log pages (per object, per programme), personal-data export and erasure."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sme2go.audit.domain import erase_person, is_erased
from sme2go.audit.export import personal_data
from sme2go.audit.filters import AuditEntryFilterSet
from sme2go.audit.models import AuditEntry
from sme2go.core.tenancy import access_for, get_scoped_or_404, scoped
from sme2go.core.views import ScopedListView
from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
from sme2go.needs.models import Need
from sme2go.organisations.models import ContactPerson, Membership, Organisation
from sme2go.programmes.models import Programme


def require_operator(request: HttpRequest) -> None:
    """The log is operator work: others get 403 for objects they can otherwise see."""
    access = access_for(request.user)
    if not (access.is_operator or access.is_superuser):
        raise PermissionDenied


def may_erase(user: Any) -> bool:
    access = access_for(user)
    return access.is_superuser or (access.is_operator and access.role == Membership.Role.MANAGER)


class HistoryView(ScopedListView):
    """The entries about one object, newest first. Subclasses say which object
    (``subject_model``, ``subject_kwarg``) and which entries are about it."""

    model = AuditEntry
    template_name = "audit/entry_list.html"
    filterset_class = AuditEntryFilterSet
    paginate_by = 50
    subject_model: type
    subject_kwarg: str

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.subject = get_scoped_or_404(
            self.subject_model, request.user, pk=kwargs[self.subject_kwarg]
        )
        require_operator(request)
        return super().get(request, *args, **kwargs)

    def entries(self) -> QuerySet[AuditEntry]:
        return AuditEntry.objects.about(self.subject)

    def base_queryset(self) -> QuerySet[AuditEntry]:
        return self.entries().select_related("actor", "content_type")

    def back_url(self) -> str:
        return self.subject_url

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            subject=self.subject,
            title=_("History of %(object)s") % {"object": self.subject},
            back_url=self.back_url(),
            show_object=self.show_object,
        )
        return context

    show_object = False


class NeedHistoryView(HistoryView):
    subject_model = Need
    subject_kwarg = "need_pk"

    def back_url(self) -> str:
        return reverse("needs:detail", kwargs={"need_pk": self.subject.pk})


class MissionHistoryView(HistoryView):
    """The mission's entries and those of its days, travel legs and visits (the ones that
    still exist: the entry of a deleted day is in the programme's history)."""

    subject_model = Mission
    subject_kwarg = "mission_pk"
    show_object = True

    def entries(self) -> QuerySet[AuditEntry]:
        kind = ContentType.objects.get_for_model
        pk = self.subject.pk
        return AuditEntry.objects.filter(
            Q(content_type=kind(Mission), object_id=pk)
            | Q(
                content_type=kind(ItineraryDay),
                object_id__in=ItineraryDay.objects.filter(mission=pk).values("pk"),
            )
            | Q(
                content_type=kind(TravelLeg),
                object_id__in=TravelLeg.objects.filter(day__mission=pk).values("pk"),
            )
            | Q(
                content_type=kind(Visit),
                object_id__in=Visit.objects.filter(day__mission=pk).values("pk"),
            )
        )

    def back_url(self) -> str:
        return reverse("missions:detail", kwargs={"mission_pk": self.subject.pk})


class OrganisationHistoryView(HistoryView):
    """An organisation's entries and those of its profile, products, certifications,
    contacts, accounts, needs and visits (whatever belongs to it)."""

    subject_model = Organisation
    subject_kwarg = "organisation_pk"
    show_object = True

    def entries(self) -> QuerySet[AuditEntry]:
        # The organisation's own entries carry it as their organisation too.
        return AuditEntry.objects.filter(organisation=self.subject.pk)

    def back_url(self) -> str:
        if self.subject.kind == Organisation.Kind.COMPANY:
            return reverse("companies:detail", kwargs={"organisation_pk": self.subject.pk})
        return reverse("organisations:detail", kwargs={"organisation_pk": self.subject.pk})


class ProgrammeHistoryView(HistoryView):
    """Everything recorded in a programme, and the organisation-level changes (profiles,
    contacts, accounts) of the organisations that take part in it."""

    subject_model = Programme
    subject_kwarg = "programme_pk"
    show_object = True

    def entries(self) -> QuerySet[AuditEntry]:
        members = Organisation.objects.filter(
            Q(enrolments__programme=self.subject.pk) | Q(partner_of=self.subject.pk)
        ).values("pk")
        return AuditEntry.objects.filter(
            Q(programme=self.subject.pk) | Q(programme__isnull=True, organisation__in=members)
        )

    def back_url(self) -> str:
        return reverse("programmes:detail", kwargs={"programme_pk": self.subject.pk})


@require_safe
@login_required
def people(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    """The personal data an organisation's page leads to: its contact persons and user
    accounts, each with an "Erase" button for managers."""
    organisation = get_scoped_or_404(Organisation, request.user, pk=organisation_pk)
    require_operator(request)
    contacts = scoped(ContactPerson, request.user).filter(organisation=organisation)
    accounts = (
        scoped(Membership, request.user)
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__username")
    )
    return render(
        request,
        "audit/people.html",
        {
            "organisation": organisation,
            "contacts": [(c, is_erased(c)) for c in contacts],
            "accounts": [(m, is_erased(m.user)) for m in accounts],
            "may_erase": may_erase(request.user),
            "back_url": reverse("audit:organisation", kwargs={"organisation_pk": organisation.pk}),
        },
    )


def _confirm_erase(request: HttpRequest, *, person: Any, kind: str, organisation_id: int | None):
    """The confirmation page and its POST: erase, then back to the organisation's people."""
    if not may_erase(request.user):
        raise PermissionDenied
    back_url = (
        reverse("audit:people", kwargs={"organisation_pk": organisation_id})
        if organisation_id
        else reverse("core:dashboard")
    )
    error = None
    if request.method == "POST":
        try:
            erase_person(actor=request.user, **{kind: person})
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The person's personal data was erased."))
            return redirect(back_url)
    label = person.name if kind == "contact" else (person.get_full_name() or person.username)
    return render(
        request,
        "audit/confirm_erase.html",
        {
            "title": _("Erase %(person)s") % {"person": label},
            "person": label,
            "error": error,
            "cancel_url": back_url,
        },
        status=400 if error else 200,
    )


@login_required
def erase_contact(request: HttpRequest, contactperson_pk: int) -> HttpResponse:
    contact = get_scoped_or_404(ContactPerson, request.user, pk=contactperson_pk)
    return _confirm_erase(
        request, person=contact, kind="contact", organisation_id=contact.organisation_id
    )


@login_required
def erase_user(request: HttpRequest, user_pk: int) -> HttpResponse:
    membership = get_scoped_or_404(
        Membership.objects.select_related("user"), request.user, user_id=user_pk
    )
    return _confirm_erase(
        request, person=membership.user, kind="user", organisation_id=membership.organisation_id
    )


@require_safe
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What is stored about the user, and the download of all of it."""
    return render(request, "audit/my_data.html", {"data": personal_data(request.user)})


@require_safe
@login_required
def my_data_export(request: HttpRequest) -> HttpResponse:
    """Everything stored about the logged-in user, as one JSON file."""
    body = json.dumps(
        personal_data(request.user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sme2go-my-data-{stamp}.json"'
    return response
