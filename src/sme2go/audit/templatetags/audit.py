"""``{{ entry|change_rows }}``: an entry's changes as (field label, old, new) rows."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

from sme2go.audit.models import AuditEntry

register = template.Library()
# Structured values (a schedule's details) are shown cut; the entry keeps them whole.
MAX_SHOWN = 300


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, dict):
        shown = json.dumps(value, ensure_ascii=False)
        return shown if len(shown) <= MAX_SHOWN else shown[:MAX_SHOWN] + "…"
    return str(value)


@register.filter
def change_rows(entry: AuditEntry) -> list[tuple[str, str, str]]:
    model = entry.content_type.model_class()
    # In the model's field order: PostgreSQL's jsonb does not keep the keys' order.
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
    rows = []
    for name, (old, new) in sorted(entry.changes.items(), key=lambda kv: order.get(kv[0], 1e9)):
        try:
            label = capfirst(model._meta.get_field(name).verbose_name) if model else name
        except FieldDoesNotExist:
            label = name
        rows.append((label, _shown(old), _shown(new)))
    return rows


@register.filter
def object_type(entry: AuditEntry) -> str:
    model = entry.content_type.model_class()
    return str(model._meta.verbose_name).capitalize() if model else entry.content_type.model
