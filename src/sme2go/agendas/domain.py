"""Write paths of the agendas app: creating and revoking calendar feeds."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sme2go.agendas.models import CalendarFeed
from sme2go.core.domain import domain_write, require_change
from sme2go.core.tenancy import access_for


@domain_write
def create_calendar_feed(*, actor: Any) -> tuple[CalendarFeed, str]:
    """Give ``actor`` a new calendar feed; return it with its token.

    The token is returned once and never stored (only its SHA-256 is): the caller shows
    it to the user straight away. The user's previous active feed is revoked, so a user
    has one working feed URL at a time. Only users of an organisation (or superusers)
    have agendas to subscribe to.
    """
    access = access_for(actor)
    if access.user_id is None or not (access.is_superuser or access.organisation_id):
        raise PermissionDenied
    CalendarFeed.objects.filter(user=actor).active().update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=actor, digest=CalendarFeed.hash_token(token))
    return feed, token


@domain_write
def revoke_calendar_feed(*, actor: Any, feed: CalendarFeed) -> CalendarFeed:
    """Revoke ``feed``: its token answers 404 from now on. Only its user (or the system,
    ``actor=None``) may; revoking twice keeps the first time."""
    require_change(actor, feed)
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed
