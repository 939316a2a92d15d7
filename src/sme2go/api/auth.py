"""How the API knows who is calling: a personal token (Bearer) or the browser's session.

Both resolve to a Django user and the API acts with that user's rights, scoped by
``core.tenancy`` like every page. A token never adds rights: a read-only token is refused
on writes (403), a revoked or expired one answers 401. Session authentication (for the
interactive docs in the browser) keeps Django's CSRF check on writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from sme2go.api.models import ApiToken, token_digest

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LAST_USED_PRECISION = dt.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer sme2go_…``: one of the user's personal tokens."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        if found.revoked_at is not None:
            raise HttpError(401, "This token was revoked.")
        if found.is_expired:
            raise HttpError(401, "This token has expired.")
        if request.method not in SAFE_METHODS and not found.can_write:
            raise HttpError(403, "This token is read-only.")
        now = timezone.now()
        # A minute's precision is enough to tell a used token from an idle one, and saves
        # a write on nearly every request.
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.api_token = found
        return found.user


class BrowserSession(SessionAuth):
    """The logged-in browser session; writes need Django's CSRF token."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated and user.is_active else None


AUTH = [TokenAuth(), BrowserSession()]
