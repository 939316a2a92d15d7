"""Who is writing right now: the acting user of the current domain call, in a contextvar.

Plain Python (no model imports), so :mod:`sme2go.core.domain` can set it without an
import cycle. :func:`acting` opens a *write*; the signal receivers of
:mod:`sme2go.audit.recorder` collect the changes of every model saved or deleted during it
into the write and turn them into audit entries when it closes. Outside any write (demo
loader, shell, data migrations) the recorder writes each entry at once, as the system.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Write:
    """One domain call (or admin request) in progress.

    ``actor_id`` is the acting user's id (``None``: the system); ``via`` names the code
    path (``sme2go.needs.domain.update_need``, ``admin``); ``action`` replaces "change" as
    the action of the changes recorded during the write (``approve``, ``erase``), set with
    :func:`name_action`. ``pending`` maps (model label, pk) to the draft entry the
    recorder merges changes into.
    """

    actor_id: int | None
    via: str
    action: str | None = None
    pending: dict[tuple[str, Any], Any] = field(default_factory=dict)


_current: ContextVar[Write | None] = ContextVar("sme2go_audit_write", default=None)


def actor_id_of(actor: Any) -> int | None:
    """The user id behind ``actor``: a user, a :class:`~sme2go.core.tenancy.Access`, or None."""
    if actor is None:
        return None
    if hasattr(actor, "user_id") and not hasattr(actor, "_meta"):
        return actor.user_id
    return getattr(actor, "pk", None)


def current_write() -> Write | None:
    """The write in progress in this thread/task, if any."""
    return _current.get()


@contextmanager
def acting(actor: Any, *, via: str, action: str | None = None) -> Iterator[Write]:
    """Record the changes made inside the block as done by ``actor`` through ``via``.

    A nested write with ``actor=None`` keeps the outer write's actor: a domain function
    that calls another as the system still acts for the user who started it. The caller
    (``domain_write``, the admin) flushes the write with
    :func:`sme2go.audit.recorder.flush` inside its transaction before the block ends.
    """
    outer = _current.get()
    actor_id = actor_id_of(actor)
    if actor_id is None and outer is not None:
        actor_id = outer.actor_id
    write = Write(actor_id=actor_id, via=via, action=action)
    token = _current.set(write)
    try:
        yield write
    finally:
        _current.reset(token)


def name_action(action: str) -> None:
    """Call inside a domain function: record its changes as ``action`` (e.g. ``approve``)
    instead of "change". Creations and deletions keep their own action."""
    write = _current.get()
    if write is None:
        raise RuntimeError("name_action() is only meaningful inside a domain write")
    write.action = action
