"""Write paths of API tokens: create one (shown once) and revoke one.

Keyword-only, one audited transaction each (``@domain_write``); ``actor`` is the user
acting. A user manages only their own tokens, so another user's token is refused with
``PermissionDenied`` (views look tokens up among the user's own first, so in practice they
answer 404).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sme2go.api.models import TOKEN_PREFIX, ApiToken, token_digest
from sme2go.core.domain import domain_write


@domain_write
def create_api_token(
    *,
    actor: Any,
    name: str,
    scope: str = ApiToken.Scope.READ,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for ``actor``; returns the saved token and its secret value.

    The value is not stored (only its digest), so the caller must show it now or never.
    ``expires_at`` must lie in the future (error on ``expires_at``).
    """
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    value = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=actor,
        name=name.strip(),
        scope=scope,
        expires_at=expires_at,
        prefix=value[: len(TOKEN_PREFIX) + 4],
        digest=token_digest(value),
    )
    token.full_clean()
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must lie in the future.")})
    token.save()
    return token, value


@domain_write
def revoke_api_token(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke ``token`` for good (a revoked token is kept so its owner sees its history)."""
    if actor is None or token.user_id != actor.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
