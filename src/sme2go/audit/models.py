"""The audit log: one row per recorded write of one object."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import Access, TenantQuerySet


class AuditEntryQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        """Operator staff see the entries of their programmes, and the entries about
        organisation-level data (profiles, contacts, accounts: no programme) of the
        organisations they see. Companies and hosts see none: the log is staff work."""
        from sme2go.organisations.models import Organisation

        if not access.is_operator:
            return self.none()
        return self.filter(
            Q(programme__in=access.programme_ids)
            | Q(
                programme__isnull=True,
                organisation__in=Organisation.objects.visible_to(access).values("pk"),
            )
        )

    def editable_by(self, access: Access) -> models.QuerySet:
        """Nobody changes the log; entries are only written by the recorder."""
        return self.none()

    def about(self, obj: models.Model) -> models.QuerySet:
        """Entries about ``obj`` itself."""
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class AuditEntry(models.Model):
    """Who did what to which object, when, and which fields changed.

    ``changes`` maps a field name to ``[old, new]`` (JSON values; foreign keys as ids;
    ``None`` for "no value"). ``object_repr`` is the object's label at the time, kept as
    text so the entry stays readable after the object is gone. ``programme`` and
    ``organisation`` are what the object belongs to (either may be empty); they scope the
    entry. ``actor`` empty means the system (demo loader, jobs, migrations).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        DELETE = "delete", _("deleted")
        ERASE = "erase", _("erased")
        APPROVE = "approve", _("approved")
        REJECT = "reject", _("rejected")
        REOPEN = "reopen", _("reopened")

    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    via = models.CharField(_("through"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=32, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.BigIntegerField(_("object id"))
    object_repr = models.CharField(_("object"), max_length=255)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
            models.Index(fields=["programme", "-at"], name="audit_programme"),
            models.Index(fields=["organisation", "-at"], name="audit_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        """The action's label; an action without one (named by newer code) shows as is."""
        return str(dict(self.Action.choices).get(self.action, self.action))
