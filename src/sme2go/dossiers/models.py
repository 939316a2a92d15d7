"""Host dossiers: a company's consent to share its profile with a host, the dossiers of
approved companies for a host's needs, the versions sent and the log of who sent what.

Who may do what (the contract of :mod:`sme2go.dossiers.domain`):

* **Consent** is the company's. Its own users give and withdraw it. The operator that
  recruited the company into the programme (and so manages its profile) may record it, or
  its withdrawal, only on the company's documented instruction: the ``instruction`` text
  says what the company said, when, and who said it (a signed form, an e-mail). Other
  operators, hosts and counterparts may not.
* **Dossiers** are operator work: partners of the programme prepare them and send a
  version to the host. A host sees only the versions sent to it; companies see the log
  entries of the versions that contain them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import Access, TenantQuerySet


class SharingConsentQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(programme__in=access.programme_ids)
        if access.is_company:
            return self.filter(company=access.organisation_id)
        return self.none()

    def editable_by(self, access: Access) -> models.QuerySet:
        """The company's users; the recruiting operator (on the company's instruction)."""
        if access.is_company:
            return self.filter(company=access.organisation_id)
        if access.is_operator:
            from sme2go.programmes.models import Enrolment

            recruited = Enrolment.objects.filter(
                programme=models.OuterRef("programme"),
                organisation=models.OuterRef("company"),
                recruited_by=access.organisation_id,
            )
            return self.filter(programme__in=access.programme_ids).filter(models.Exists(recruited))
        return self.none()

    def active(self) -> models.QuerySet:
        return self.filter(withdrawn_at__isnull=True)


class SharingConsent(models.Model):
    """A company's consent to share its profile with one host in one programme.

    Withdrawing keeps the row (``withdrawn_at``), so the record of what was allowed when
    stays; consenting again makes a new row. At most one consent per company, host and
    programme is active at a time.
    """

    class Basis(models.TextChoices):
        COMPANY = "company", _("Given by the company's own user")
        INSTRUCTION = "instruction", _("Recorded by its adviser on the company's instruction")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="sharing_consents",
    )
    company = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="sharing_consents",
    )
    host = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("host organisation"),
        on_delete=models.CASCADE,
        related_name="sharing_consents_received",
    )
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices)
    instruction = models.TextField(
        _("the company's instruction"),
        blank=True,
        help_text=_("What the company said, when and who said it (a signed form, an e-mail)."),
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_instruction = models.TextField(
        _("the company's instruction to withdraw"), blank=True
    )

    objects = SharingConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("consent to share with a host")
        verbose_name_plural = _("consents to share with hosts")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "company", "host"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_host",
            ),
            models.CheckConstraint(
                condition=~Q(basis="instruction") | ~Q(instruction=""),
                name="instruction_basis_has_instruction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.host}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


def _shared_with(access: Access) -> models.QuerySet:
    """Ids of the dossier versions sent to the user's organisation."""
    return DossierShare.objects.filter(recipient=access.organisation_id).values("version")


class DossierQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(programme__in=access.programme_ids)
        if access.is_host:
            return self.filter(versions__in=_shared_with(access)).distinct()
        return self.none()


class Dossier(models.Model):
    """The dossier for one host: of one need (``need``) or of all the host's needs heard
    on one mission (``mission``). Its content is read from the approved matches when a
    version is made; the dossier itself only says what it is about."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="dossiers",
    )
    host = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("host organisation"),
        on_delete=models.CASCADE,
        related_name="dossiers",
    )
    need = models.OneToOneField(
        "needs.Need",
        verbose_name=_("need"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dossier",
    )
    mission = models.ForeignKey(
        "missions.Mission",
        verbose_name=_("mission"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dossiers",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("host dossier")
        verbose_name_plural = _("host dossiers")
        constraints = [
            models.CheckConstraint(
                condition=Q(need__isnull=True, mission__isnull=False)
                | Q(need__isnull=False, mission__isnull=True),
                name="dossier_of_a_need_or_a_mission",
            ),
            models.UniqueConstraint(
                fields=["host", "mission"], name="one_dossier_per_host_and_mission"
            ),
        ]

    def __str__(self) -> str:
        about = self.need if self.need_id else self.mission
        return f"{self.host} — {about}"


class DossierVersionQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(dossier__programme__in=access.programme_ids)
        if access.is_host:
            return self.filter(pk__in=_shared_with(access))
        return self.none()


class DossierVersion(models.Model):
    """One version of a dossier as it was sent: the content frozen as JSON
    (:mod:`sme2go.dossiers.content`) and its SHA-256, numbered 1, 2, … per dossier.

    A version is made when a dossier is first sent with this content; sending the same
    content again reuses it, so the number changes only when the content does.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    digest = models.CharField(_("SHA-256 of the content"), max_length=64)
    companies = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("companies in this version"),
        related_name="dossier_versions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("made at"))

    objects = DossierVersionQuerySet.as_manager()

    class Meta:
        ordering = ["dossier", "-number"]
        verbose_name = _("dossier version")
        verbose_name_plural = _("dossier versions")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="version_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} v{self.number}"


class DossierShareQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(programme__in=access.programme_ids)
        if access.is_host:
            return self.filter(recipient=access.organisation_id)
        if access.is_company:
            # The company sees who received a version that contains it.
            return self.filter(version__companies=access.organisation_id)
        return self.none()

    def editable_by(self, access: Access) -> models.QuerySet:
        """The log is written by sending, never changed."""
        return self.none()


class DossierShare(models.Model):
    """The share log: who sent which version to which recipient, when, on which basis."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="dossier_shares",
    )
    version = models.ForeignKey(
        DossierVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="shares",
    )
    recipient = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("recipient organisation"),
        on_delete=models.CASCADE,
        related_name="dossiers_received",
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: sent to the organisation as a whole."),
    )
    basis = models.TextField(
        _("basis"),
        help_text=_("Why the host receives it, e.g. 'Promised at the meeting of 18 March'."),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"))

    objects = DossierShareQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("dossier sent")
        verbose_name_plural = _("dossiers sent")

    def __str__(self) -> str:
        return f"{self.version} → {self.recipient}"


class RefusedShareQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(programme__in=access.programme_ids)
        if access.is_company:
            return self.filter(company=access.organisation_id)
        return self.none()

    def editable_by(self, access: Access) -> models.QuerySet:
        return self.none()


class RefusedShare(models.Model):
    """An attempt to send a dossier naming a company without consent for that host:
    refused (nothing was sent) and kept here, so the attempt is visible to the operators
    and to the company."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="refusals")
    company = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="refused_shares",
    )
    attempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attempted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attempted_at = models.DateTimeField(_("attempted at"))

    objects = RefusedShareQuerySet.as_manager()

    class Meta:
        ordering = ["-attempted_at", "-pk"]
        verbose_name = _("refused dossier attempt")
        verbose_name_plural = _("refused dossier attempts")

    def __str__(self) -> str:
        return f"{self.company} not in {self.dossier}"
