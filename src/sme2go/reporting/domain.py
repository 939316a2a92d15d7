"""Write paths of reporting: a programme's indicator definitions.

Operator staff of the programme (``actor``) create, change and delete them; ``actor=None``
is the system (the demo). A definition naming a record type outside the registry is
refused with a ``ValidationError`` on ``record_type``, and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from sme2go.core.domain import domain_write, require_change, save_changes
from sme2go.programmes.models import Programme
from sme2go.reporting.catalogue import READY_MADE
from sme2go.reporting.models import IndicatorDefinition

FIELDS = ("code", "name", "definition", "counts", "record_type", "position")


def _require_operator(actor: Any, programme: Programme) -> None:
    """Only the programme's operator staff (and superusers) write its definitions."""
    from sme2go.core.tenancy import access_for

    if actor is None:
        return
    access = access_for(actor)
    if not access.is_superuser and not access.is_operator:
        raise PermissionDenied
    require_change(actor, programme)


def _check_code_free(programme: Programme, code: str, exclude: int | None = None) -> None:
    taken = IndicatorDefinition.objects.filter(programme=programme, code__iexact=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(
            {"code": _("The programme already has an indicator %(code)s.") % {"code": code}}
        )


@domain_write
def create_indicator(*, actor: Any, programme: Programme, **fields: Any) -> IndicatorDefinition:
    """A new indicator definition of ``programme`` (fields: :data:`FIELDS`)."""
    _require_operator(actor, programme)
    _check_code_free(programme, fields.get("code", ""))
    if "position" not in fields:
        last = IndicatorDefinition.objects.filter(programme=programme).order_by("-position")
        fields["position"] = (last.values_list("position", flat=True).first() or 0) + 1
    return save_changes(
        IndicatorDefinition(programme=programme), fields, FIELDS, function="create_indicator"
    )


@domain_write
def update_indicator(
    *, actor: Any, indicator: IndicatorDefinition, **changes: Any
) -> IndicatorDefinition:
    """Change an indicator definition (fields: :data:`FIELDS`)."""
    _require_operator(actor, indicator.programme)
    require_change(actor, indicator)
    if "code" in changes:
        _check_code_free(indicator.programme, changes["code"], exclude=indicator.pk)
    return save_changes(indicator, changes, FIELDS, function="update_indicator")


@domain_write(action="delete")
def delete_indicator(*, actor: Any, indicator: IndicatorDefinition) -> None:
    _require_operator(actor, indicator.programme)
    require_change(actor, indicator)
    indicator.delete()


@domain_write(action="add_ready_made")
def add_ready_made_indicators(*, actor: Any, programme: Programme) -> list[IndicatorDefinition]:
    """Add the ready-made definitions (:data:`~sme2go.reporting.catalogue.READY_MADE`) the
    programme lacks (by code); definitions it has, edited or not, are left as they are.
    Returns the ones added."""
    _require_operator(actor, programme)
    have = {
        code.upper()
        for code in IndicatorDefinition.objects.filter(programme=programme).values_list(
            "code", flat=True
        )
    }
    position = (
        IndicatorDefinition.objects.filter(programme=programme)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    )
    added = []
    for ready in READY_MADE:
        if ready.code.upper() in have:
            continue
        position += 1
        added.append(
            save_changes(
                IndicatorDefinition(programme=programme),
                {
                    "code": ready.code,
                    "name": str(ready.name),
                    "definition": str(ready.definition),
                    "counts": str(ready.counts),
                    "record_type": ready.record_type,
                    "position": position,
                },
                FIELDS,
                function="add_ready_made_indicators",
            )
        )
    return added
