"""Write paths of imports: preview a file of companies, hosts and counterparts, or needs,
and commit it (all rows or none).

``actor`` is the operator importing (``None`` for the CLI's system work, which must then
name ``recruited_by`` for new companies). Rows are written through the records' own domain
functions, so an import obeys the same rules as the forms; new companies through the batch
one (``companies.domain.create_companies``, see ``imports.companies.write_rows``).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from sme2go.core.domain import domain_write
from sme2go.core.tenancy import access_for
from sme2go.imports import companies, needs, organisations
from sme2go.imports.models import ImportLog
from sme2go.imports.reading import FileProblem, Problem, read
from sme2go.imports.rows import Row
from sme2go.organisations.models import Organisation
from sme2go.programmes.domain import require_operator_of
from sme2go.programmes.models import Programme

# Each kind's module gives its COLUMNS, REQUIRED, EXAMPLE_ROWS, columns_problems(),
# parse_rows() and write_row(), and the texts of its page (TITLE, RECORD, INTRO, LIST_URL).
KINDS: dict[str, ModuleType] = {module.KIND: module for module in (companies, organisations, needs)}


def kind_spec(kind: str) -> ModuleType:
    """The module of ``kind`` (``companies``, ``organisations`` or ``needs``)."""
    try:
        return KINDS[kind]
    except KeyError:
        known = ", ".join(KINDS)
        raise ValueError(f"Unknown import kind {kind!r}; the kinds are {known}.") from None


@dataclass
class Preview:
    """What importing a file would do: its rows (each new/changed/unchanged/error) and
    the problems that stop it (file-level ones first, then row by row)."""

    file_name: str
    rows: list[Row]
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


def preview_import(
    *, kind: str, actor: Any, programme: Programme, file_name: str, data: bytes
) -> Preview:
    """Read and check ``data`` as a file of ``kind`` against the programme without writing
    anything."""
    spec = kind_spec(kind)
    require_operator_of(actor, programme)
    try:
        sheet = read(file_name, data)
    except FileProblem as error:
        return Preview(file_name, [], [error.problem])
    problems = spec.columns_problems(file_name, sheet)
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


def _log_entry(row: Row) -> dict[str, Any]:
    return {
        "row": row.number,
        "key": row.key,
        "name": row.label,
        "status": row.status,
        "changes": {
            name: [_plain(value) for value in change] for name, change in row.changes.items()
        },
    }


def _plain(value: Any) -> Any:
    """A value as the JSON log keeps it: regions, hosts and dates by their text."""
    if value is None or isinstance(value, (str, int, float, bool, list)):
        return value
    return str(value)


@domain_write(action="import")
def commit_import(
    *,
    kind: str,
    actor: Any,
    programme: Programme,
    file_name: str,
    data: bytes,
    recruited_by: Organisation | None = None,
    dry_run: bool = False,
) -> tuple[Preview, ImportLog | None]:
    """Import every row of the file of ``kind``, or none: any error raises
    :class:`ImportRejected` before anything is written. Returns the preview and the import
    log (``None`` for a dry run, which checks and reports without writing)."""
    spec = kind_spec(kind)
    preview = preview_import(
        kind=kind, actor=actor, programme=programme, file_name=file_name, data=data
    )
    if not preview.ok:
        raise ImportRejected(preview)
    if dry_run:
        return preview, None
    writes = [row for row in preview.rows if row.status in ("new", "changed")]
    recruiter = _recruiter(actor, programme, recruited_by) if kind == "companies" else None
    if kind == "companies":
        companies.write_rows(writes, actor=actor, programme=programme, recruiter=recruiter)
    else:
        for row in writes:
            spec.write_row(row, actor=actor, programme=programme, recruiter=recruiter)
    log = ImportLog.objects.create(
        programme=programme,
        kind=kind,
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
def keep_preview(
    *, kind: str, actor: Any, programme: Programme, file_name: str, data: bytes
) -> ImportLog:
    """Keep a previewed file (without errors) so that its commit imports exactly it."""
    kind_spec(kind)
    require_operator_of(actor, programme)
    return ImportLog.objects.create(
        programme=programme, kind=kind, file_name=file_name, data=data, user=actor
    )


@domain_write(action="import")
def commit_previewed_import(*, actor: Any, log: ImportLog) -> tuple[Preview, ImportLog]:
    """Commit the file ``actor`` previewed (all rows or none, as
    :func:`commit_import`); the kept preview gives way to the import's log entry."""
    if log.status != ImportLog.Status.PREVIEWED or log.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    preview, committed = commit_import(
        kind=log.kind,
        actor=actor,
        programme=log.programme,
        file_name=log.file_name,
        data=bytes(log.data),
    )
    log.delete()
    return preview, committed
