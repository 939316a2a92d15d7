"""Helpers of the audit tests: the entries written since a mark, as comparable tuples."""

from __future__ import annotations

import pytest

from sme2go.audit.models import AuditEntry


class Log:
    """Entries recorded after the fixture was created (the test world's are older)."""

    def __init__(self) -> None:
        self.mark = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def entries(self):
        return AuditEntry.objects.filter(pk__gt=self.mark).order_by("pk")

    def rows(self) -> list[tuple]:
        return [
            (
                e.actor.username if e.actor else None,
                e.via,
                e.action,
                e.content_type.model,
                e.object_id,
                e.object_repr,
                e.changes,
            )
            for e in self.entries().select_related("actor", "content_type")
        ]


@pytest.fixture
def log(programme_a, programme_b) -> Log:
    return Log()
