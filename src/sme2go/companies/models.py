"""Company profiles: what an SME offers, where it comes from and where it wants to go."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sme2go.core.content_language import original_language_field
from sme2go.core.tenancy import Access, TenantQuerySet
from sme2go.core.validators import FIRST_REFERENCE_YEAR, dates_out_of_range, texts_too_long
from sme2go.organisations.models import Organisation
from sme2go.taxonomy.models import validate_cpv_codes

ISO_CODE = re.compile(r"^[A-Z]{2}$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def validate_country_codes(value: list[str]) -> None:
    bad = [c for c in value if not isinstance(c, str) or not ISO_CODE.match(c)]
    if bad:
        raise ValidationError(
            _("Not an ISO country code: %(codes)s (expected two capitals, e.g. CN)."),
            params={"codes": ", ".join(map(str, bad))},
        )


def validate_language_codes(value: list[str]) -> None:
    bad = [c for c in value if not isinstance(c, str) or not LANGUAGE_CODE.match(c)]
    if bad:
        raise ValidationError(
            _("Not a language code: %(codes)s (expected e.g. en, fi, zh)."),
            params={"codes": ", ".join(map(str, bad))},
        )


def validate_language_tag(value: str) -> None:
    """One language tag such as ``en`` or ``zh-hans``."""
    validate_language_codes([value.split("-")[0]])


class ProfileScopedQuerySet(TenantQuerySet):
    """Profile data follows the visibility of the organisation it describes."""

    organisation_path = "organisation"

    def visible_to(self, access: Access) -> models.QuerySet:
        return self.filter(
            **{f"{self.organisation_path}__in": Organisation.objects.visible_to(access)}
        )

    def editable_by(self, access: Access) -> models.QuerySet:
        return self.filter(
            **{f"{self.organisation_path}__in": Organisation.objects.editable_by(access)}
        )


class CompanyProfile(models.Model):
    """The export profile of an SME (an organisation of kind company)."""

    class SizeBand(models.TextChoices):
        MICRO = "micro", _("Micro (< 10 employees)")
        SMALL = "small", _("Small (10–49)")
        MEDIUM = "medium", _("Medium (50–249)")
        LARGE = "large", _("Large (250+)")

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="profile",
        limit_choices_to={"kind": Organisation.Kind.COMPANY},
    )
    offering = models.TextField(
        _("offering"), help_text=_("What the company sells, to whom, and what makes it good.")
    )
    original_language = original_language_field()
    domains = models.ManyToManyField(
        "taxonomy.Domain", verbose_name=_("smart-city domains"), blank=True
    )
    cpv_codes = models.JSONField(
        _("CPV codes"), default=list, blank=True, validators=[validate_cpv_codes]
    )
    size_band = models.CharField(
        _("size"), max_length=8, choices=SizeBand.choices, default=SizeBand.SMALL
    )
    home_country = models.CharField(_("home country"), max_length=2, default="FI")
    languages = models.JSONField(
        _("working languages"), default=list, blank=True, validators=[validate_language_codes]
    )
    target_markets = models.JSONField(
        _("target markets"), default=list, blank=True, validators=[validate_country_codes]
    )
    excluded_markets = models.JSONField(
        _("markets it will not enter"),
        default=list,
        blank=True,
        validators=[validate_country_codes],
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("company profile")
        verbose_name_plural = _("company profiles")

    def __str__(self) -> str:
        return str(self.organisation)

    def clean(self) -> None:
        if not ISO_CODE.match(self.home_country or ""):
            raise ValidationError({"home_country": _("Enter a two-letter ISO code, e.g. FI.")})
        errors = texts_too_long(self, "offering")
        if errors:
            raise ValidationError(errors)
        org = getattr(self, "organisation", None)
        if org is not None and org.kind != Organisation.Kind.COMPANY:
            raise ValidationError({"organisation": _("Only companies have a company profile.")})


class ProfileItemQuerySet(ProfileScopedQuerySet):
    organisation_path = "profile__organisation"


class Product(models.Model):
    """A product, service or reference project of a company."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("Product or service")
        REFERENCE = "reference", _("Reference project")

    profile = models.ForeignKey(CompanyProfile, on_delete=models.CASCADE, related_name="products")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PRODUCT)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)

    objects = ProfileItemQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("product or reference")
        verbose_name_plural = _("products and references")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = dates_out_of_range(self, "year", first=FIRST_REFERENCE_YEAR)
        errors.update(texts_too_long(self, "description"))
        if errors:
            raise ValidationError(errors)


class Certification(models.Model):
    """A certification a company holds (ISO 9001, CE marking, China Compulsory Certificate…)."""

    profile = models.ForeignKey(
        CompanyProfile, on_delete=models.CASCADE, related_name="certifications"
    )
    name = models.CharField(_("name"), max_length=200)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = ProfileItemQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = dates_out_of_range(self, "valid_until")
        if errors:
            raise ValidationError(errors)
