"""``sme2go import companies|hosts|needs FILE --programme P [--dry-run]``: the imports from
the command line, with the same checks and messages as the web pages; exit 1 on errors."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from sme2go.imports.domain import KINDS, ImportRejected, commit_import
from sme2go.programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Import companies (with products, certifications and a contact), hosts and "
        "counterparts, or needs from CSV or XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[spec.SLUG for spec in KINDS.values()])
        parser.add_argument("file", type=Path)
        parser.add_argument("--programme", required=True, help="Programme id or exact name.")
        parser.add_argument(
            "--recruited-by",
            help="Operator (id or exact name) that recruited new companies; "
            "needed when the programme has several partners.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")

    def handle(self, *args, **options):
        programme = _one(Programme, options["programme"], "programme")
        recruited_by = None
        if options["recruited_by"]:
            recruited_by = _one(
                programme.partners.all(), options["recruited_by"], "partner operator"
            )
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            kind = next(kind for kind, spec in KINDS.items() if options["kind"] == spec.SLUG)
            preview, log = commit_import(
                kind=kind,
                actor=None,
                programme=programme,
                file_name=path.name,
                data=data,
                recruited_by=recruited_by,
                dry_run=options["dry_run"],
            )
        except ImportRejected as rejected:
            for problem in rejected.preview.problems:
                self.stderr.write(str(problem))
            self.stderr.write(f"{len(rejected.preview.problems)} error(s); nothing was imported.")
            raise SystemExit(1) from None
        for row in preview.rows:
            if row.status == "changed":
                fields = ", ".join(
                    f"{name}: {old!r} → {new!r}" for name, (old, new) in row.changes.items()
                )
                self.stdout.write(f"row {row.number} ({row.key}) changed: {fields}")
            elif row.status == "new":
                self.stdout.write(f"row {row.number} ({row.key}) new: {row.label}")
        verb = "would import" if log is None else "imported"
        self.stdout.write(
            f"{path.name}: {verb} {preview.count('new')} new, {preview.count('changed')} "
            f"changed, {preview.count('unchanged')} unchanged."
        )


def _one(queryset, text: str, what: str):
    queryset = queryset.all() if hasattr(queryset, "all") else queryset._default_manager.all()
    condition = Q(name__iexact=text)
    if text.isdigit():
        condition |= Q(pk=int(text))
    found = list(queryset.filter(condition)[:2])
    if len(found) != 1:
        raise CommandError(f"No single {what} is called {text!r}.")
    return found[0]
