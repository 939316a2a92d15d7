"""Write paths of host dossiers: consent, preparing a dossier, sending a version.

Keyword-only; ``actor`` is the acting user (``PermissionDenied`` when not allowed) or
``None`` for the system (demo loader). Who may do what is in :mod:`sme2go.dossiers.models`:
consent is the company's (its own users, or the recruiting operator on the company's
documented instruction); dossiers are the programme's operators' work.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sme2go.core.domain import domain_write
from sme2go.core.tenancy import access_for
from sme2go.dossiers import content
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
from sme2go.programmes.models import Enrolment, Programme


def _recruited_by_actor(actor: Any, programme: Programme, company: Organisation) -> bool:
    access = access_for(actor)
    return (
        access.is_operator
        and programme.pk in access.programme_ids
        and Enrolment.objects.filter(
            programme=programme, organisation=company, recruited_by=access.organisation_id
        ).exists()
    )


def _consent_basis(actor: Any, programme: Programme, company: Organisation, instruction: str):
    """The basis on which ``actor`` acts for the company; ``PermissionDenied`` if none."""
    if actor is None or access_for(actor).is_superuser:
        return SharingConsent.Basis.INSTRUCTION if instruction else SharingConsent.Basis.COMPANY
    access = access_for(actor)
    if access.is_company and access.organisation_id == company.pk:
        return SharingConsent.Basis.COMPANY
    if _recruited_by_actor(actor, programme, company):
        if not instruction:
            raise ValidationError(
                {
                    "instruction": _(
                        "Say what the company instructed, when and who said it: an adviser "
                        "records consent only on the company's documented instruction."
                    )
                }
            )
        return SharingConsent.Basis.INSTRUCTION
    raise PermissionDenied


def _require_operator(actor: Any, programme_id: int) -> None:
    if actor is None:
        return
    access = access_for(actor)
    if not access.is_superuser and not (
        access.is_operator and programme_id in access.programme_ids
    ):
        raise PermissionDenied


@domain_write
def give_consent(
    *,
    company: Organisation,
    host: Organisation,
    programme: Programme,
    actor: Any,
    instruction: str = "",
) -> SharingConsent:
    """Record the company's consent to share its profile with ``host`` in ``programme``.

    The company's own users give it (basis "company"); the operator that recruited the
    company records it only with the company's ``instruction`` (basis "instruction").
    Both organisations must take part in the programme; an active consent for the same
    host is not given twice (``ValidationError``).
    """
    instruction = instruction.strip()
    basis = _consent_basis(actor, programme, company, instruction)
    errors: dict[str, str] = {}
    enrolled = set(
        Enrolment.objects.filter(
            programme=programme,
            organisation__in=[company, host],
            status=Enrolment.Status.ACTIVE,
        ).values_list("organisation_id", flat=True)
    )
    if company.kind != Organisation.Kind.COMPANY or company.pk not in enrolled:
        errors["company"] = _("%(company)s is not a company of %(programme)s.") % {
            "company": company,
            "programme": programme,
        }
    if host.kind != Organisation.Kind.HOST or host.pk not in enrolled:
        errors["host"] = _("%(host)s is not a host organisation of %(programme)s.") % {
            "host": host,
            "programme": programme,
        }
    if (
        not errors
        and SharingConsent.objects.active()
        .filter(programme=programme, company=company, host=host)
        .exists()
    ):
        errors["host"] = _("%(company)s already consents to sharing with %(host)s.") % {
            "company": company,
            "host": host,
        }
    if errors:
        raise ValidationError(errors)
    return SharingConsent.objects.create(
        programme=programme,
        company=company,
        host=host,
        basis=basis,
        instruction=instruction,
        given_by=actor,
        given_at=timezone.now(),
    )


@domain_write
def withdraw_consent(
    *, consent: SharingConsent, actor: Any, instruction: str = ""
) -> SharingConsent:
    """Withdraw a consent: the company's users may at any time; the recruiting operator
    with the company's ``instruction``. Versions already sent stay in the log; the host's
    pages stop showing the company from now on."""
    instruction = instruction.strip()
    _consent_basis(actor, consent.programme, consent.company, instruction)
    if not consent.is_active:
        raise ValidationError(_("This consent was already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.withdrawal_instruction = instruction
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_instruction"])
    return consent


@domain_write
def prepare_dossier(
    *,
    actor: Any,
    need: Need | None = None,
    mission: Mission | None = None,
    host: Organisation | None = None,
) -> Dossier:
    """The dossier of ``need``, or of all of ``host``'s needs heard on ``mission``
    (created on first use). Operators of the programme only."""
    if need is not None:
        _require_operator(actor, need.programme_id)
        dossier, _created = Dossier.objects.get_or_create(
            need=need,
            defaults={
                "programme_id": need.programme_id,
                "host_id": need.host_id,
                "created_by": actor,
            },
        )
        return dossier
    if mission is None or host is None:
        raise ValidationError(_("Name a need, or a mission and a host."))
    _require_operator(actor, mission.programme_id)
    if not Need.objects.filter(mission=mission, host=host).exists():
        raise ValidationError(
            {
                "host": _("%(host)s stated no need on %(mission)s.")
                % {"host": host, "mission": mission}
            }
        )
    dossier, _created = Dossier.objects.get_or_create(
        host=host,
        mission=mission,
        defaults={"programme_id": mission.programme_id, "created_by": actor},
    )
    return dossier


class NoConsent(ValidationError):
    """A dossier was to name companies that have not consented to sharing with its host."""

    def __init__(self, dossier: Dossier, companies: list[Organisation]):
        self.dossier = dossier
        self.companies = companies
        names = ", ".join(c.name for c in companies)
        super().__init__(
            {
                "companies": _(
                    "Not sent: %(companies)s has not consented to sharing its profile with "
                    "%(host)s. Nothing was sent, and the attempt is logged."
                )
                % {"companies": names, "host": dossier.host}
            }
        )


def share_dossier(
    *,
    dossier: Dossier,
    companies: Collection[int],
    basis: str,
    actor: Any,
    recipient_user: Any = None,
) -> DossierShare:
    """Send the dossier as it stands now, with the approved ``companies`` (ids), to its
    host (``recipient_user``: one of the host's users; ``None``: the organisation).

    All or nothing: a new version when the content differs from the latest one (else the
    latest is sent again), and a share-log entry. When a company named has no active
    consent for the host, nothing is sent (:class:`NoConsent`, a ``ValidationError``);
    the refused attempt is then recorded (:class:`RefusedShare`) in a transaction of its
    own, after the share's has been rolled back, so it stays visible.
    """
    try:
        return _send(
            dossier=dossier,
            companies=companies,
            basis=basis,
            actor=actor,
            recipient_user=recipient_user,
        )
    except NoConsent as refusal:
        _record_refusal(dossier=dossier, companies=refusal.companies, actor=actor)
        raise


@domain_write
def _send(
    *,
    dossier: Dossier,
    companies: Collection[int],
    basis: str,
    actor: Any,
    recipient_user: Any,
) -> DossierShare:
    _require_operator(actor, dossier.programme_id)
    chosen = {int(pk) for pk in companies}
    basis = basis.strip()
    errors: dict[str, str] = {}
    if not basis:
        errors["basis"] = _("Say on which basis the host receives the dossier.")
    if not chosen:
        errors["companies"] = _("Choose at least one company to send.")
    if (
        recipient_user is not None
        and not get_user_model()
        .objects.filter(pk=recipient_user.pk, membership__organisation=dossier.host_id)
        .exists()
    ):
        errors["recipient_user"] = _("%(user)s is not a user of %(host)s.") % {
            "user": recipient_user,
            "host": dossier.host,
        }
    approved = set(
        MatchProposal.objects.filter(
            need__in=content.dossier_needs(dossier), status=MatchProposal.Status.APPROVED
        ).values_list("company_id", flat=True)
    )
    if chosen - approved:
        names = ", ".join(
            Organisation.objects.filter(pk__in=chosen - approved).values_list("name", flat=True)
        )
        errors["companies"] = _(
            "Not approved for this dossier's needs: %(companies)s. An adviser approves a "
            "match before it reaches a host."
        ) % {"companies": names}
    if errors:
        raise ValidationError(errors)
    missing = chosen - content.consenting(dossier.programme_id, dossier.host_id, chosen)
    if missing:
        raise NoConsent(dossier, list(Organisation.objects.filter(pk__in=missing)))
    draft = content.build(dossier, only=chosen)
    latest = dossier.versions.order_by("-number").first()
    if latest is not None and latest.digest == draft.digest:
        version = latest
    else:
        number = (dossier.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = DossierVersion.objects.create(
            dossier=dossier,
            number=number,
            content=draft.content,
            digest=draft.digest,
            created_by=actor,
            created_at=timezone.now(),
        )
        version.companies.set(draft.company_ids)
    return DossierShare.objects.create(
        programme_id=dossier.programme_id,
        version=version,
        recipient_id=dossier.host_id,
        recipient_user=recipient_user,
        basis=basis,
        sent_by=actor,
        sent_at=timezone.now(),
    )


@domain_write
def _record_refusal(
    *, dossier: Dossier, companies: list[Organisation], actor: Any
) -> list[RefusedShare]:
    now = timezone.now()
    return [
        RefusedShare.objects.create(
            programme_id=dossier.programme_id,
            dossier=dossier,
            company=company,
            attempted_by=actor,
            attempted_at=now,
        )
        for company in companies
    ]
