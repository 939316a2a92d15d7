"""Write paths of the needs register: record a need, change it, move it through its statuses.

Every function is keyword-only, runs in one transaction, validates with ``full_clean()``
and raises :class:`~django.core.exceptions.ValidationError` (keyed by field) on bad input
and :class:`~django.core.exceptions.PermissionDenied` when ``actor`` may not write.
``actor=None`` means the system itself (demo loader, CLI batch jobs) and skips the
permission check; views always pass the requesting user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from sme2go.core.content_language import original_columns, translation_columns
from sme2go.core.domain import check_fields, domain_write, require_change
from sme2go.core.tenancy import access_for, scoped
from sme2go.missions.models import Mission
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Enrolment, Programme
from sme2go.regions.models import Region
from sme2go.taxonomy.models import Domain

# Fields update_need() may change. The programme is fixed once a need is recorded: moving
# a need to another programme would hand it to other operators.
EDITABLE_FIELDS = frozenset(
    {
        "host",
        "stated_by",
        "region",
        "heard_on",
        "mission",
        "title",
        "description",
        "language",
        "domains",
        "cpv_codes",
        "excluded_countries",
        "required_languages",
        "required_certification",
        "status",
        "answered_by",
        "answer",
    }
    # Translations people entered (title_fi, description_zh_hans…).
    | translation_columns(Need)
)


def _check_may_record(actor: Any, programme: Programme, host: Organisation | None) -> None:
    """Operators of the programme record needs of any host; host users only their own."""
    if actor is None:
        return
    access = access_for(actor)
    if access.is_superuser:
        return
    if access.is_operator and scoped(Programme, access, "change").filter(pk=programme.pk).exists():
        return
    if (
        access.is_host
        and programme.pk in access.programme_ids
        and host is not None
        and host.pk == access.organisation_id
    ):
        return
    raise PermissionDenied


def _save(need: Need, domains: Iterable[Domain | str] | None) -> Need:
    """Validate the need with the model and its programme context, then save it.

    All errors are collected first so a form shows every problem at once.
    """
    errors: dict[str, list] = {}
    try:
        need.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if need.host_id is None:
        # Replaces Django's generic "cannot be null": say what is missing.
        errors["host"] = [_("Name the host organisation that stated this need.")]
    elif not Enrolment.objects.filter(
        programme_id=need.programme_id, organisation_id=need.host_id
    ).exists():
        errors.setdefault("host", []).append(
            _("This host organisation is not enrolled in the programme.")
        )
    if (
        need.answered_by_id is not None
        and "answered_by" not in errors
        and not Enrolment.objects.filter(
            programme_id=need.programme_id, organisation_id=need.answered_by_id
        ).exists()
    ):
        errors["answered_by"] = [_("This company is not enrolled in the programme.")]
    if errors:
        raise ValidationError(errors)
    need.save()
    if domains is not None:
        need.domains.set(list(domains))
    return need


@domain_write
def record_need(
    *,
    actor: Any,
    programme: Programme,
    host: Organisation | None,
    title: str,
    heard_on: dt.date,
    stated_by: str = "",
    mission: Mission | None = None,
    region: Region | None = None,
    description: str = "",
    language: str = "en",
    domains: Iterable[Domain | str] = (),
    cpv_codes: Iterable[str] = (),
    excluded_countries: Iterable[str] = (),
    required_languages: Iterable[str] = (),
    required_certification: str = "",
    status: str = Need.Status.OPEN,
    **translations: str,
) -> Need:
    """Record what ``host`` said it needs, who said it (``stated_by``), when and where.

    The host must be a host organisation enrolled in ``programme``; ``mission`` (where the
    need was heard) must belong to the same programme. ``title`` and ``description`` are
    the original, in ``language``; ``translations`` are other languages' columns
    (``title_zh_hans=…``) with texts people translated. Returns the saved need.
    """
    _check_may_record(actor, programme, host)
    check_fields("record_need", translations, translation_columns(Need))
    texts = {**translations, "title": title, "description": description}
    need = Need(
        programme=programme,
        host=host,
        heard_on=heard_on,
        stated_by=stated_by,
        mission=mission,
        region=region,
        **original_columns(Need, texts, language),
        language=language,
        cpv_codes=list(cpv_codes),
        excluded_countries=list(excluded_countries),
        required_languages=list(required_languages),
        required_certification=required_certification,
        status=status,
        created_by=actor,
    )
    return _save(need, domains)


@domain_write
def update_need(*, actor: Any, need: Need, **changes: Any) -> Need:
    """Change the fields named in ``changes`` (a subset of :data:`EDITABLE_FIELDS`).

    A host user cannot hand the need to another host. Raises ``TypeError`` on a field that
    cannot be changed here, so a caller's typo does not pass silently.
    """
    check_fields("update_need", changes, EDITABLE_FIELDS)
    require_change(actor, need)
    domains = changes.pop("domains", None)
    changes = original_columns(Need, changes, changes.get("language", need.language))
    for field, value in changes.items():
        if field in {"cpv_codes", "excluded_countries", "required_languages"}:
            value = list(value)
        setattr(need, field, value)
    _check_may_record(actor, need.programme, need.host)
    return _save(need, domains)


@domain_write
def set_need_status(*, actor: Any, need: Need, status: str) -> Need:
    """Move ``need`` to ``status`` (one of :class:`Need.Status`); any transition is allowed,
    since a closed need can be reopened when the host restates it."""
    require_change(actor, need)
    if status not in Need.Status.values:
        raise ValidationError({"status": _("Unknown status: %(status)s.") % {"status": status}})
    need.status = status
    need.full_clean()
    need.save(update_fields=["status", "updated_at"])
    return need


@domain_write
def record_answer(*, actor: Any, need: Need, company: Organisation, outcome: str) -> Need:
    """Mark ``need`` answered by ``company`` (enrolled in the need's programme) with
    ``outcome``, a sentence saying what was agreed or delivered (required)."""
    require_change(actor, need)
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"answer": _("Say what the company's answer achieved.")})
    need.status = Need.Status.ANSWERED
    need.answered_by = company
    need.answer = outcome
    return _save(need, None)
