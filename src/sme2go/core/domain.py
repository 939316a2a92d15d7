"""Shared steps of the domain apps' write paths (the ``domain.py`` module of each app)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable
from typing import Any, ParamSpec, TypeVar, overload

from django.core.exceptions import PermissionDenied
from django.db import models

from sme2go.audit.context import name_action
from sme2go.core.tenancy import can_change

M = TypeVar("M", bound=models.Model)
P = ParamSpec("P")
R = TypeVar("R")

__all__ = [
    "apply_changes",
    "check_fields",
    "domain_write",
    "name_action",
    "require_change",
    "save_changes",
]


@overload
def domain_write(function: Callable[P, R]) -> Callable[P, R]: ...
@overload
def domain_write(*, action: str) -> Callable[[Callable[P, R]], Callable[P, R]]: ...
def domain_write(function=None, *, action=None):
    """Mark a domain function: one transaction, and every write in it audited.

    Use instead of ``@transaction.atomic`` on each write path of a ``domain.py``. The call's
    ``actor`` keyword (a user, or ``None`` for the system) becomes the actor of the audit
    entries that the model signals record during the call (:mod:`sme2go.audit.recorder`);
    they are written in the same transaction, so a failed call leaves none.
    ``@domain_write(action="approve")`` (or :func:`name_action` inside the call) names
    the changes' action instead of "change".
    """

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        via = f"{fn.__module__}.{fn.__qualname__}"

        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            from sme2go.audit.recorder import recording

            with recording(kwargs.get("actor"), via=via, action=action):
                return fn(*args, **kwargs)

        return wrapper

    return decorate if function is None else decorate(function)


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
