"""What was imported (the import log) and the keys that tie a file's rows to records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import Access, TenantQuerySet


class ProgrammeScopedQuerySet(TenantQuerySet):
    """Imports are operators' work: the operators of the programme see and use them."""

    def visible_to(self, access: Access) -> models.QuerySet:
        if not access.is_operator:
            return self.none()
        return self.filter(programme__in=access.programme_ids)


class ExternalKey(models.Model):
    """The key a spreadsheet uses for a record (e.g. a CRM id), per programme, so a second
    import of the same file updates the record instead of duplicating it.

    Organisations (companies, hosts, counterparts) share one key space per programme, so a
    needs file can name its host by the key of the hosts file; needs have their own.
    """

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        NEED = "need", _("Need")

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.ORGANISATION
    )
    key = models.CharField(_("external key"), max_length=100)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="external_keys",
    )
    need = models.ForeignKey(
        "needs.Need", null=True, blank=True, on_delete=models.CASCADE, related_name="external_keys"
    )

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("external key")
        verbose_name_plural = _("external keys")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "key"], name="one_key_per_programme_and_kind"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="organisation", organisation__isnull=False, need__isnull=True)
                    | models.Q(kind="need", need__isnull=False, organisation__isnull=True)
                ),
                name="external_key_names_one_record",
            ),
        ]

    def __str__(self) -> str:
        return self.key


class ImportLog(models.Model):
    """One import: who imported which file into which programme, when, and what changed.

    A preview in the browser is kept as an uncommitted log with the file's bytes, so the
    commit that follows imports exactly the file that was previewed; the committed log
    keeps the changes, not the bytes.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        COMMITTED = "committed", _("Committed")

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=32, default="companies")
    file_name = models.CharField(_("file"), max_length=255)
    data = models.BinaryField(editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PREVIEWED
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    committed_at = models.DateTimeField(_("committed"), null=True, blank=True)
    # One entry per row: {"row", "key", "name", "status", "changes": {field: [old, new]}}.
    changes = models.JSONField(_("changes"), default=list)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
