"""Write paths for hosts, counterparts, organisation details and contact persons.

Keyword-only, one transaction each, validated with ``full_clean()`` (``ValidationError``
keyed by field); ``actor`` is the acting user (``PermissionDenied`` if not allowed) or
``None`` for trusted system work such as the demo loader.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sme2go.core.content_language import original_columns, translation_columns
from sme2go.core.domain import check_fields, domain_write, require_change, save_changes
from sme2go.core.tenancy import access_for
from sme2go.organisations.models import ContactPerson, Organisation
from sme2go.programmes.domain import require_operator_of
from sme2go.programmes.models import Enrolment, Programme
from sme2go.regions.models import Region

ORGANISATION_FIELDS = (
    "name",
    "name_zh",
    "original_language",
    *sorted(translation_columns(Organisation)),
    "host_type",
    "region",
    "sector",
    "description",
    "website",
)
CONTACT_FIELDS = ("name", "title", "email", "phone", "languages")


@domain_write
def create_host_or_counterpart(
    *,
    programme: Programme,
    kind: str,
    name: str,
    actor: Any,
    name_zh: str = "",
    host_type: str = "",
    region: Region | None = None,
    sector: str = "",
    description: str = "",
    website: str = "",
    original_language: str = "en",
    **translations: str,
) -> Organisation:
    """Create a host organisation or counterpart company and enrol it in ``programme``.

    ``name`` is in ``original_language``; ``translations`` are other languages' columns
    (``name_zh_hans=…``; ``name_zh`` is the same column).

    The enrolment records the acting partner operator as ``recruited_by`` (``None`` for
    superusers and system jobs). Organisation and enrolment are created together or not
    at all.
    """
    if kind not in (Organisation.Kind.HOST, Organisation.Kind.COUNTERPART):
        raise ValidationError({"kind": _("Only hosts and counterparts are created here.")})
    require_operator_of(actor, programme)
    check_fields("create_host_or_counterpart", translations, translation_columns(Organisation))
    if name_zh:
        translations.setdefault("name_zh_hans", name_zh)
    organisation = Organisation(
        kind=kind,
        **original_columns(Organisation, {**translations, "name": name}, original_language),
        original_language=original_language,
        host_type=host_type,
        region=region,
        sector=sector,
        description=description,
        website=website,
    )
    organisation.full_clean()
    organisation.save()
    access = access_for(actor)
    recruiter = access.organisation_id if access.is_operator else None
    enrolment = Enrolment(programme=programme, organisation=organisation, recruited_by_id=recruiter)
    enrolment.full_clean()
    enrolment.save()
    return organisation


@domain_write
def update_organisation(*, organisation: Organisation, actor: Any, **fields: Any) -> Organisation:
    """Change an organisation's own fields (``ORGANISATION_FIELDS``; not its kind)."""
    require_change(actor, organisation)
    check_fields("update_organisation", fields, ORGANISATION_FIELDS)
    language = fields.get("original_language", organisation.original_language)
    fields = original_columns(Organisation, fields, language)
    return save_changes(organisation, fields, ORGANISATION_FIELDS, function="update_organisation")


@domain_write
def add_contact(
    *,
    organisation: Organisation,
    name: str,
    actor: Any,
    title: str = "",
    email: str = "",
    phone: str = "",
    languages: str = "",
) -> ContactPerson:
    """Add a contact person to an organisation the actor may change."""
    require_change(actor, organisation)
    contact = ContactPerson(
        organisation=organisation,
        name=name,
        title=title,
        email=email,
        phone=phone,
        languages=languages,
    )
    contact.full_clean()
    contact.save()
    return contact


@domain_write
def update_contact(*, contact: ContactPerson, actor: Any, **fields: Any) -> ContactPerson:
    """Change a contact person's details (``CONTACT_FIELDS``)."""
    require_change(actor, contact)
    return save_changes(contact, fields, CONTACT_FIELDS, function="update_contact")


@domain_write
def delete_contact(*, contact: ContactPerson, actor: Any) -> None:
    """Remove a contact person (personal data is deleted, not archived)."""
    require_change(actor, contact)
    contact.delete()
