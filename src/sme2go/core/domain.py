"""Shared steps of the domain apps' write paths (the ``domain.py`` module of each app)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models

from sme2go.core.tenancy import can_change

M = TypeVar("M", bound=models.Model)


def require_change(actor: Any, obj: models.Model) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` is ``None`` or may change ``obj``."""
    if actor is not None and not can_change(actor, obj):
        raise PermissionDenied


def check_fields(function: str, fields: Iterable[str], allowed: Collection[str]) -> None:
    """Raise ``TypeError`` on fields ``function`` does not change, so a caller's typo does
    not pass silently."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{function}() got unknown fields: {', '.join(sorted(unknown))}")


def apply_changes(
    obj: models.Model, changes: dict[str, Any], allowed: Collection[str], *, function: str
) -> None:
    """Set ``changes`` on ``obj`` (not saved); every field must be in ``allowed``."""
    check_fields(function, changes, allowed)
    for field, value in changes.items():
        setattr(obj, field, value)


def save_changes(obj: M, changes: dict[str, Any], allowed: Collection[str], *, function: str) -> M:
    """The plain update: :func:`apply_changes`, validate with ``full_clean()``, save."""
    apply_changes(obj, changes, allowed, function=function)
    obj.full_clean()
    obj.save()
    return obj
