"""Regions: country → province → city → zone, named in English and Chinese."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A place in the hierarchy. Shared reference data, not tenant data.

    A region's parent must be of a broader kind (a city's parent is a province or a
    country), which also rules out cycles.
    """

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        PROVINCE = "province", _("Province / state")
        CITY = "city", _("City")
        ZONE = "zone", _("Zone / district")

    DEPTH = {Kind.COUNTRY: 0, Kind.PROVINCE: 1, Kind.CITY: 2, Kind.ZONE: 3}

    name = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    country_code = models.CharField(
        _("ISO country code"), max_length=2, blank=True, help_text=_("Countries only, e.g. CN.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.name_zh})" if self.name_zh else self.name

    def ancestors(self) -> list[Region]:
        """Broader regions, nearest first. Stops at a cycle rather than looping."""
        chain: list[Region] = []
        seen = {self.pk}
        node = self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    @property
    def path(self) -> str:
        return " › ".join(r.name for r in [*reversed(self.ancestors()), self])

    def clean(self) -> None:
        if self.parent_id is None:
            if self.kind != self.Kind.COUNTRY:
                raise ValidationError({"parent": _("Only a country has no broader region.")})
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A region cannot be part of itself.")})
        if self.pk is not None and any(r.pk == self.pk for r in self.parent.ancestors()):
            raise ValidationError(
                {
                    "parent": _("This would make a cycle: %(parent)s is inside this region.")
                    % {"parent": self.parent}
                }
            )
        if self.DEPTH[self.Kind(self.parent.kind)] >= self.DEPTH[self.Kind(self.kind)]:
            raise ValidationError(
                {
                    "parent": _(
                        "A region of the kind “%(kind)s” cannot be part of one of the kind "
                        "“%(parent_kind)s”."
                    )
                    % {
                        "kind": self.get_kind_display(),
                        "parent_kind": self.parent.get_kind_display(),
                    }
                }
            )

    @property
    def country(self) -> Region | None:
        for region in [self, *self.ancestors()]:
            if region.kind == self.Kind.COUNTRY:
                return region
        return None
