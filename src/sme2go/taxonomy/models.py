"""Smart-city domains: the fixed, translatable taxonomy profiles and needs are tagged with."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Keys are shared with the matching engine (sme2go.matching.taxonomy.DOMAINS); labels
# here are the translatable ones shown in the UI.
DOMAIN_LABELS: dict[str, str] = {
    "water": _("Water and waste water"),
    "waste": _("Waste and circular economy"),
    "energy": _("Energy"),
    "mobility": _("Mobility and transport"),
    "buildings": _("Buildings and wooden construction"),
    "food": _("Food and agritech"),
    "ict": _("ICT and data"),
    "environment": _("Environment and cleantech"),
    "health": _("Health and wellbeing"),
    "safety": _("Safety and security"),
    "governance": _("Governance and citizen services"),
    "education": _("Education and skills"),
}

CPV_PATTERN = re.compile(r"^\d{8}(-\d)?$")


class Domain(models.Model):
    """One smart-city domain. Rows are created by a migration from ``DOMAIN_LABELS``."""

    code = models.SlugField(primary_key=True, max_length=32)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("smart-city domain")
        verbose_name_plural = _("smart-city domains")

    def __str__(self) -> str:
        return str(DOMAIN_LABELS.get(self.code, self.code))

    @property
    def label(self) -> str:
        return str(self)


def validate_cpv_codes(value: list[str]) -> None:
    """CPV codes are 8 digits with an optional check digit (``45211340-4``)."""
    if not isinstance(value, list):
        raise ValidationError(_("Enter a list of CPV codes."))
    bad = [code for code in value if not isinstance(code, str) or not CPV_PATTERN.match(code)]
    if bad:
        raise ValidationError(
            _("Not a CPV code: %(codes)s (expected 8 digits, e.g. 90481000)."),
            params={"codes": ", ".join(map(str, bad))},
        )
