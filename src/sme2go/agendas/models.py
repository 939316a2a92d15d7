"""Agendas: the calendar feeds users subscribe to, and the trip's time zones.

Agendas themselves are not stored: they are read from the published schedule
(:mod:`sme2go.planning`) and the itinerary (:mod:`sme2go.missions`) at each request, so
they never go stale (:mod:`sme2go.agendas.agenda`).
"""

from __future__ import annotations

import hashlib
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import Access, TenantQuerySet


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a time zone of the tz database (e.g. Asia/Shanghai)."),
            params={"value": value},
        )


class RegionTimeZone(models.Model):
    """The time zone of a region and of every region inside it.

    Needed only where the country does not say it: a country with a single zone in the
    tz database (China: Asia/Shanghai) needs no row (:mod:`sme2go.agendas.timezones`).
    Shared reference data, like the regions themselves.
    """

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("A name of the tz database, e.g. America/Chicago."),
    )

    class Meta:
        ordering = ["region__name"]
        verbose_name = _("region time zone")
        verbose_name_plural = _("region time zones")

    def __str__(self) -> str:
        return f"{self.region.name}: {self.time_zone}"


class CalendarFeedQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        # A feed is its user's own credential: nobody else sees or revokes it.
        return self.filter(user=access.user_id)

    def editable_by(self, access: Access) -> models.QuerySet:
        return self.visible_to(access)

    def active(self) -> models.QuerySet:
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """A secret token with which calendar apps fetch one user's agendas without a login.

    Only the SHA-256 of the token is stored (``digest``, a name the audit log records
    without its value): the token itself is shown once, when it is created. Each fetch acts with the user's access *at that moment*, so a user who
    leaves an organisation or programme stops seeing its agendas through old feeds.
    A user has at most one active feed (database constraint); revoking sets
    ``revoked_at`` and the token answers 404 from then on.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_calendar_feed_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
