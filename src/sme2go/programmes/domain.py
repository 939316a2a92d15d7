"""Write paths for programmes and enrolments.

Every function is keyword-only, runs in one transaction and validates with the models'
``full_clean()``, raising ``ValidationError`` (keyed by field) on bad input and
``PermissionDenied`` when ``actor`` may not do it. ``actor`` is the user acting, or
``None`` for trusted system work (demo loader, CLI batch jobs), which skips the check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from sme2go.core.domain import apply_changes, domain_write, require_change, save_changes
from sme2go.core.tenancy import access_for
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Enrolment, Programme

PROGRAMME_FIELDS = ("name", "funder", "description", "start_date", "end_date")
ENROLMENT_FIELDS = ("recruited_by", "status", "enrolled_on")


def require_operator_of(actor: Any, programme: Programme) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` is ``None``, a superuser or partner staff.

    Creating things inside a programme (companies, hosts, enrolments) is operator work.
    """
    if actor is None:
        return
    access = access_for(actor)
    if access.is_superuser:
        return
    if not access.is_operator or not programme.partners.filter(pk=access.organisation_id).exists():
        raise PermissionDenied


def _partners_error(partners: list[Organisation]) -> dict[str, list[str]]:
    if not partners:
        return {"partners": [_("A programme needs at least one partner operator.")]}
    if any(p.kind != Organisation.Kind.OPERATOR for p in partners):
        return {"partners": [_("Only operators can be programme partners.")]}
    return {}


@domain_write
def create_programme(
    *,
    name: str,
    start_date: dt.date,
    end_date: dt.date,
    partners: Iterable[Organisation],
    funder: str = "",
    description: str = "",
    actor: Any,
) -> Programme:
    """Create a programme run by ``partners``.

    An operator user creating a programme must be among its partners (otherwise they
    could not see what they created); superusers and system jobs may name any operators.
    """
    partners = list(partners)
    programme = Programme(
        name=name, funder=funder, description=description, start_date=start_date, end_date=end_date
    )
    errors = _partners_error(partners)
    if actor is not None:
        access = access_for(actor)
        if not access.is_superuser:
            if not access.is_operator:
                raise PermissionDenied
            if access.organisation_id not in {p.pk for p in partners}:
                errors.setdefault("partners", []).append(
                    _("Your own organisation must be one of the partners.")
                )
    try:
        programme.full_clean()
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    programme.save()
    programme.partners.set(partners)
    return programme


@domain_write
def update_programme(
    *,
    programme: Programme,
    actor: Any,
    partners: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Programme:
    """Change a programme's fields (any of ``PROGRAMME_FIELDS``) and, if given, partners.

    Partners that recruited companies of the programme cannot be removed: those
    enrolments would point at an operator outside the consortium.
    """
    require_change(actor, programme)
    apply_changes(programme, fields, PROGRAMME_FIELDS, function="update_programme")
    errors: dict[str, list[str]] = {}
    if partners is not None:
        partners = list(partners)
        errors = _partners_error(partners)
        recruiters = set(
            programme.enrolments.exclude(recruited_by=None).values_list("recruited_by", flat=True)
        )
        dropped = recruiters - {p.pk for p in partners}
        if dropped and not errors:
            names = ", ".join(
                Organisation.objects.filter(pk__in=dropped).values_list("name", flat=True)
            )
            errors["partners"] = [
                _("%(names)s recruited companies of this programme and must stay a partner.")
                % {"names": names}
            ]
    try:
        programme.full_clean()
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    programme.save()
    if partners is not None:
        programme.partners.set(partners)
    return programme


@domain_write
def enrol_organisation(
    *,
    programme: Programme,
    organisation: Organisation,
    recruited_by: Organisation | None,
    actor: Any,
    enrolled_on: dt.date | None = None,
) -> Enrolment:
    """Enrol a company, host or counterpart in ``programme``.

    A company must name the partner operator that recruited it (which then manages its
    profile); hosts and counterparts may leave ``recruited_by`` empty. Enrolling an
    organisation twice is a validation error on ``organisation``.
    """
    require_operator_of(actor, programme)
    enrolment = Enrolment(
        programme=programme,
        organisation=organisation,
        recruited_by=recruited_by,
        enrolled_on=enrolled_on or dt.date.today(),
    )
    enrolment.full_clean()
    enrolment.save()
    return enrolment


@domain_write
def update_enrolment(*, enrolment: Enrolment, actor: Any, **fields: Any) -> Enrolment:
    """Change an enrolment's recruiter, status (active/withdrawn) or enrolment date."""
    require_change(actor, enrolment)
    return save_changes(enrolment, fields, ENROLMENT_FIELDS, function="update_enrolment")
