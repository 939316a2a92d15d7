"""The needs register: what host organisations said they need, who said it and when."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sme2go.companies.models import (
    validate_country_codes,
    validate_language_codes,
    validate_language_tag,
)
from sme2go.core.tenancy import Access, TenantQuerySet
from sme2go.core.validators import dates_out_of_range, texts_too_long
from sme2go.organisations.models import Organisation
from sme2go.taxonomy.models import validate_cpv_codes


class NeedQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(programme__in=access.programme_ids)
        if access.is_host:
            return self.filter(host=access.organisation_id)
        return self.none()

    def editable_by(self, access: Access) -> models.QuerySet:
        return self.visible_to(access)


class Need(models.Model):
    """A need stated by a host organisation, heard on a date (often on a mission).

    Needs heard on one mission feed company selection for the next: ``mission`` records
    where it was heard, not where it will be answered. An answered need names the company
    that answered it (``answered_by``) and the outcome (``answer``).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHING = "matching", _("Being matched")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="needs",
    )
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="needs",
        limit_choices_to={"kind": Organisation.Kind.HOST},
    )
    stated_by = models.CharField(
        _("stated by"),
        max_length=200,
        blank=True,
        help_text=_("The person or office that said it, e.g. 'Deputy mayor's office'."),
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    heard_on = models.DateField(_("heard on"))
    mission = models.ForeignKey(
        "missions.Mission",
        verbose_name=_("heard on mission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs_heard",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The language title and description were first written in (their translations are
    # the other language columns, sme2go.core.content_language).
    language = models.CharField(
        _("language of the description"),
        max_length=8,
        default="en",
        validators=[validate_language_tag],
    )
    domains = models.ManyToManyField(
        "taxonomy.Domain", verbose_name=_("smart-city domains"), blank=True
    )
    cpv_codes = models.JSONField(
        _("CPV codes"), default=list, blank=True, validators=[validate_cpv_codes]
    )
    excluded_countries = models.JSONField(
        _("companies from these countries do not qualify"),
        default=list,
        blank=True,
        validators=[validate_country_codes],
    )
    required_languages = models.JSONField(
        _("required languages"), default=list, blank=True, validators=[validate_language_codes]
    )
    required_certification = models.CharField(
        _("required certification"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    answered_by = models.ForeignKey(
        Organisation,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs_answered",
        help_text=_("The company whose offer answered the need."),
    )
    answer = models.TextField(
        _("outcome"),
        blank=True,
        help_text=_("What was agreed or delivered, e.g. 'Cooperation agreement signed'."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-heard_on", "title"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = dates_out_of_range(self, "heard_on")
        errors.update(texts_too_long(self, "description"))
        host = getattr(self, "host", None) if self.host_id else None
        if host is not None and host.kind != Organisation.Kind.HOST:
            errors["host"] = _("A need is stated by a host organisation.")
        answered_by = self.answered_by if self.answered_by_id else None
        if answered_by is not None and answered_by.kind != Organisation.Kind.COMPANY:
            errors["answered_by"] = _("A need is answered by a company.")
        if self.answer.strip() and answered_by is None:
            errors["answered_by"] = _("Name the company whose offer answered the need.")
        mission = self.mission if self.mission_id else None
        if mission is not None and self.programme_id and mission.programme_id != self.programme_id:
            errors["mission"] = _("The mission belongs to another programme.")
        if errors:
            raise ValidationError(errors)
