"""Write paths of imports: preview a company file, and commit it (all rows or none).

``actor`` is the operator importing (``None`` for the CLI's system work, which must then
name ``recruited_by``). Rows are written through the companies' and organisations' own
domain functions, so an import obeys the same rules as the forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from sme2go.companies import domain as companies
from sme2go.companies.models import CompanyProfile
from sme2go.core.domain import domain_write
from sme2go.core.tenancy import access_for
from sme2go.imports import companies as spec
from sme2go.imports.models import ExternalKey, ImportLog
from sme2go.imports.reading import FileProblem, Problem, read
from sme2go.organisations import domain as organisations
from sme2go.organisations.models import Organisation
from sme2go.programmes.domain import require_operator_of
from sme2go.programmes.models import Programme
from sme2go.taxonomy.models import Domain


@dataclass
class Preview:
    """What importing a file would do: its rows (each new/changed/unchanged/error) and
    the problems that stop it (file-level ones first, then row by row)."""

    file_name: str
    rows: list[spec.Row]
    problems: list[Problem]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def count_new(self) -> int:
        return self.count("new")

    @property
    def count_changed(self) -> int:
        return self.count("changed")

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportRejected(Exception):
    """The file has errors; nothing was written. ``preview`` says which and where."""

    def __init__(self, preview: Preview):
        super().__init__("; ".join(str(p) for p in preview.problems))
        self.preview = preview


def preview_company_import(
    *, actor: Any, programme: Programme, file_name: str, data: bytes
) -> Preview:
    """Read and check ``data`` against the programme without writing anything."""
    require_operator_of(actor, programme)
    try:
        sheet = read(file_name, data)
    except FileProblem as error:
        return Preview(file_name, [], [error.problem])
    problems = spec.check_columns(file_name, sheet)
    if problems:
        return Preview(file_name, [], problems)
    rows = spec.parse_rows(file_name, sheet, programme=programme, actor=actor)
    return Preview(file_name, rows, [p for row in rows for p in row.problems])


def _recruiter(actor: Any, programme: Programme, recruited_by: Organisation | None):
    if recruited_by is not None:
        return recruited_by
    access = access_for(actor)
    if access.is_operator:
        return Organisation.objects.get(pk=access.organisation_id)
    partners = list(programme.partners.all())
    if len(partners) == 1:
        return partners[0]
    raise PermissionDenied(_("Name the operator that recruited the imported companies."))


def _write_row(row: spec.Row, *, actor, programme, recruiter) -> None:
    values = row.values
    domains = list(Domain.objects.filter(code__in=values["domains"]))
    profile_fields = {n: values[n] for n in spec.PROFILE_FIELDS + spec.LIST_FIELDS[1:]}
    organisation_fields = {n: values[n] for n in spec.ORGANISATION_FIELDS}
    if row.organisation is None:
        profile = companies.create_company(
            actor=actor,
            programme=programme,
            recruited_by=recruiter,
            domains=domains,
            **organisation_fields,
            **profile_fields,
        )
        ExternalKey.objects.create(
            programme=programme, key=row.key, organisation=profile.organisation
        )
    else:
        organisation = row.organisation
        profile = getattr(organisation, "profile", None) or CompanyProfile(
            organisation=organisation
        )
        profile = companies.update_company_profile(
            profile=profile,
            actor=actor,
            domains=domains,
            **organisation_fields,
            **profile_fields,
        )
    have = set(profile.products.values_list("name", flat=True))
    for name in values["products"]:
        if name not in have:
            companies.add_product(profile=profile, name=name, actor=actor)
    have = set(profile.certifications.values_list("name", flat=True))
    for name in values["certifications"]:
        if name not in have:
            companies.add_certification(profile=profile, name=name, actor=actor)
    if values["contact_name"]:
        contact = {n.removeprefix("contact_"): values[n] for n in spec.CONTACT_FIELDS}
        existing = profile.organisation.contacts.order_by("pk").first()
        if existing is None:
            organisations.add_contact(organisation=profile.organisation, actor=actor, **contact)
        elif any(getattr(existing, k) != v for k, v in contact.items()):
            organisations.update_contact(contact=existing, actor=actor, **contact)


def _log_entry(row: spec.Row) -> dict[str, Any]:
    return {
        "row": row.number,
        "key": row.key,
        "name": row.values.get("name", ""),
        "status": row.status,
        "changes": {name: list(change) for name, change in row.changes.items()},
    }


@domain_write(action="import")
def commit_company_import(
    *,
    actor: Any,
    programme: Programme,
    file_name: str,
    data: bytes,
    recruited_by: Organisation | None = None,
    dry_run: bool = False,
) -> tuple[Preview, ImportLog | None]:
    """Import every row of the file, or none: any error raises :class:`ImportRejected`
    before anything is written. Returns the preview and the import log (``None`` for a
    dry run, which checks and reports without writing)."""
    preview = preview_company_import(
        actor=actor, programme=programme, file_name=file_name, data=data
    )
    if not preview.ok:
        raise ImportRejected(preview)
    if dry_run:
        return preview, None
    recruiter = _recruiter(actor, programme, recruited_by)
    for row in preview.rows:
        if row.status in ("new", "changed"):
            _write_row(row, actor=actor, programme=programme, recruiter=recruiter)
    log = ImportLog.objects.create(
        programme=programme,
        kind="companies",
        file_name=file_name,
        # The log keeps what changed, not the file (which may hold personal data).
        data=b"",
        status=ImportLog.Status.COMMITTED,
        user=actor,
        committed_at=timezone.now(),
        changes=[_log_entry(row) for row in preview.rows],
        created=preview.count("new"),
        updated=preview.count("changed"),
        unchanged=preview.count("unchanged"),
    )
    return preview, log


@domain_write
def keep_preview(*, actor: Any, programme: Programme, file_name: str, data: bytes) -> ImportLog:
    """Keep a previewed file (without errors) so that its commit imports exactly it."""
    require_operator_of(actor, programme)
    return ImportLog.objects.create(programme=programme, file_name=file_name, data=data, user=actor)


@domain_write(action="import")
def commit_previewed_import(*, actor: Any, log: ImportLog) -> tuple[Preview, ImportLog]:
    """Commit the file ``actor`` previewed (all rows or none, as
    :func:`commit_company_import`); the kept preview gives way to the import's log entry."""
    if log.status != ImportLog.Status.PREVIEWED or log.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    preview, committed = commit_company_import(
        actor=actor, programme=log.programme, file_name=log.file_name, data=bytes(log.data)
    )
    log.delete()
    return preview, committed
