"""Programmes (e.g. an Interreg project) and the organisations enrolled in them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import Access, TenantQuerySet
from sme2go.core.validators import dates_out_of_range


class ProgrammeQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        return self.filter(pk__in=access.programme_ids)

    def editable_by(self, access: Access) -> models.QuerySet:
        if not access.is_operator:
            return self.none()
        return self.filter(pk__in=access.programme_ids)

    def ids_for_organisation(self, organisation) -> frozenset[int]:
        """Programmes an organisation takes part in: as partner operator or enrolled."""
        return frozenset(
            self.filter(
                Q(partners=organisation) | Q(enrolments__organisation=organisation)
            ).values_list("pk", flat=True)
        )


class Programme(models.Model):
    """An internationalisation programme run by a consortium of partner operators."""

    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(
        _("funder"), max_length=200, blank=True, help_text=_("e.g. Interreg Central Baltic")
    )
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    partners = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("partner operators"),
        related_name="partner_of",
        limit_choices_to={"kind": "operator"},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = dates_out_of_range(self, "start_date", "end_date")
        if not errors and self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The programme cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class EnrolmentQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(programme__in=access.programme_ids)
        return self.filter(organisation=access.organisation_id)


class Enrolment(models.Model):
    """An organisation's participation in a programme.

    A company is enrolled by the operator that recruited it (``recruited_by``), which then
    manages its profile; hosts and counterparts are enrolled by any partner.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="enrolments"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    recruited_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("recruited by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recruitments",
        limit_choices_to={"kind": "operator"},
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"], name="enrolment_once_per_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.programme}"

    def clean(self) -> None:
        from sme2go.organisations.models import Organisation

        errors = dates_out_of_range(self, "enrolled_on")
        if errors:
            raise ValidationError(errors)
        org = getattr(self, "organisation", None)
        if org is None:
            return
        if org.kind == Organisation.Kind.OPERATOR:
            raise ValidationError(
                {"organisation": _("Operators take part as programme partners, not enrolments.")}
            )
        if org.kind == Organisation.Kind.COMPANY and self.recruited_by_id is None:
            raise ValidationError(
                {"recruited_by": _("Name the operator that recruited this company.")}
            )
        if (
            self.recruited_by_id
            and self.programme_id
            and not self.programme.partners.filter(pk=self.recruited_by_id).exists()
        ):
            raise ValidationError(
                {"recruited_by": _("The recruiting operator must be a partner of the programme.")}
            )
