"""Organisations (operators, companies, hosts, counterparts), their users and contacts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sme2go.core.content_language import original_language_field
from sme2go.core.tenancy import Access, TenantQuerySet


class OrganisationQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if access.organisation_id is None:
            return self.none()
        own = Q(pk=access.organisation_id)
        if access.is_operator:
            # Id subqueries, not joins: joining enrolments and partnerships multiplies the
            # rows and needs DISTINCT, which made a page of 10,000 companies cost ~300 ms.
            from sme2go.programmes.models import Enrolment, Programme

            programmes = access.programme_ids
            enrolled = Enrolment.objects.filter(programme__in=programmes).values("organisation")
            partners = Programme.partners.through.objects.filter(programme__in=programmes).values(
                "organisation"
            )
            return self.filter(own | Q(pk__in=enrolled) | Q(pk__in=partners))
        return self.filter(own)

    def editable_by(self, access: Access) -> models.QuerySet:
        """Operators change the organisations they recruited or enrolled; members their own."""
        if access.organisation_id is None:
            return self.none()
        own = Q(pk=access.organisation_id)
        if access.is_operator:
            from sme2go.programmes.models import Enrolment

            enrolled = Enrolment.objects.filter(programme__in=access.programme_ids)
            recruited = enrolled.filter(recruited_by=access.organisation_id).values("organisation")
            return self.filter(
                own
                | Q(pk__in=recruited)
                | Q(
                    pk__in=enrolled.values("organisation"),
                    kind__in=[Organisation.Kind.HOST, Organisation.Kind.COUNTERPART],
                )
            )
        return self.filter(own)


class Organisation(models.Model):
    """An operator, SME, host organisation or local counterpart company.

    Company-specific profile data lives in ``companies.CompanyProfile``; hosts and
    counterparts are described by their region, sector and description here.
    """

    class Kind(models.TextChoices):
        OPERATOR = "operator", _("Operator")
        COMPANY = "company", _("Company (SME)")
        HOST = "host", _("Host organisation")
        COUNTERPART = "counterpart", _("Counterpart (local company)")

    class HostType(models.TextChoices):
        CITY = "city_government", _("City government")
        ZONE = "development_zone", _("Development zone")
        AGENCY = "agency", _("Agency")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    original_language = original_language_field()
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    host_type = models.CharField(
        _("host type"), max_length=24, choices=HostType.choices, blank=True
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def name_zh(self) -> str:
        """The Chinese name: the ``zh-hans`` column of the translated name."""
        return self.name_zh_hans or ""

    @name_zh.setter
    def name_zh(self, value: str) -> None:
        self.name_zh_hans = value

    def clean(self) -> None:
        if self.host_type and self.kind != self.Kind.HOST:
            raise ValidationError({"host_type": _("Only host organisations have a host type.")})


class MembershipQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        return self.filter(organisation__in=Organisation.objects.visible_to(access))

    def editable_by(self, access: Access) -> models.QuerySet:
        if access.role != Membership.Role.MANAGER:
            return self.none()
        return self.filter(organisation=access.organisation_id)


class Membership(models.Model):
    """A user's place in one organisation, with a role. A user belongs to one organisation."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager")
        ADVISER = "adviser", _("Adviser")
        MEMBER = "member", _("Member")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class ContactPersonQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        return self.filter(organisation__in=Organisation.objects.visible_to(access))

    def editable_by(self, access: Access) -> models.QuerySet:
        return self.filter(organisation__in=Organisation.objects.editable_by(access))


class ContactPerson(models.Model):
    """A contact at an organisation. Personal data: only what a mission needs."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(
        _("languages"), max_length=100, blank=True, help_text=_("e.g. fi, en, sv")
    )

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name
