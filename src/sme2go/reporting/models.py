"""Indicator definitions: what a programme reports to its funder, as data.

An :class:`IndicatorDefinition` names a funder's indicator (code, name, definition text,
what counts) and the record type that feeds it, one of the countable record types in
code (:data:`sme2go.reporting.indicators.RECORD_TYPES`). The counting itself lives in
:mod:`sme2go.reporting.indicators`; reports are computed at the request, never stored.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import Access, TenantQuerySet
from sme2go.core.validators import texts_too_long
from sme2go.reporting.catalogue import in_active_language

indicator_code = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Use letters, digits, dots, hyphens and underscores, e.g. RCO87."),
)


class IndicatorDefinitionQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        """Operator staff of the programme; companies and hosts never see reporting."""
        if not access.is_operator:
            return self.none()
        return self.filter(programme__in=access.programme_ids)


class IndicatorDefinition(models.Model):
    """One indicator a programme reports: e.g. RCO87 "Organisations cooperating across
    borders", fed by the confirmed agreements' parties.

    ``record_type`` is a key of :data:`~sme2go.reporting.indicators.RECORD_TYPES`;
    :meth:`clean` refuses any other value, naming the known ones.
    """

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="indicator_definitions",
    )
    code = models.CharField(_("code"), max_length=32, validators=[indicator_code])
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    counts = models.TextField(
        _("what counts"), blank=True, help_text=_("Which records count, in the funder's words.")
    )
    record_type = models.CharField(_("counted records"), max_length=48)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndicatorDefinitionQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "position", "code"]
        verbose_name = _("indicator definition")
        verbose_name_plural = _("indicator definitions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"], name="indicator_code_once_per_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    # The ready-made definitions are stored in the language of whoever added them; these
    # show them in the reader's language (an edited text stays as the operator wrote it).
    @property
    def display_name(self) -> str:
        return in_active_language(self.code, "name", self.name)

    @property
    def display_definition(self) -> str:
        return in_active_language(self.code, "definition", self.definition)

    @property
    def display_counts(self) -> str:
        return in_active_language(self.code, "counts", self.counts)

    @property
    def record_type_label(self) -> str:
        from sme2go.reporting.indicators import RECORD_TYPES

        record_type = RECORD_TYPES.get(self.record_type)
        return str(record_type.label) if record_type else self.record_type

    def clean(self) -> None:
        from sme2go.reporting.indicators import RECORD_TYPES

        errors = texts_too_long(self, "definition", "counts", limit=5_000)
        if errors:
            raise ValidationError(errors)
        if self.record_type not in RECORD_TYPES:
            raise ValidationError(
                {
                    "record_type": _(
                        "“%(value)s” is not a countable record type. Known types: %(known)s."
                    )
                    % {"value": self.record_type, "known": ", ".join(RECORD_TYPES)}
                }
            )
