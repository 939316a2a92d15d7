"""``sme2go apply_retention [--dry-run]``: erase personal data past SME2GO_RETENTION_DAYS."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from sme2go.audit.domain import apply_retention, retention_candidates


class Command(BaseCommand):
    help = (
        "Erase the personal data of people inactive for SME2GO_RETENTION_DAYS days in "
        "organisations whose programmes all ended as long ago (users not logged in, "
        "contact persons not changed). --dry-run lists them and changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list, do not erase")

    def handle(self, *args, dry_run: bool, **options) -> None:
        days = settings.SME2GO_RETENTION_DAYS
        if days == 0:
            self.stdout.write("Retention is off (SME2GO_RETENTION_DAYS=0): nothing erased.")
            return
        candidates = retention_candidates(days) if dry_run else apply_retention(days)
        verb = "Would erase" if dry_run else "Erased"
        # Ids and organisations only: the output may end up in logs.
        for user in candidates.users:
            organisation = user.membership.organisation.name
            self.stdout.write(f"{verb} user #{user.pk} of {organisation}")
        for contact in candidates.contacts:
            self.stdout.write(f"{verb} contact person #{contact.pk} of {contact.organisation.name}")
        self.stdout.write(
            f"{verb} {len(candidates.users)} user(s) and {len(candidates.contacts)} contact "
            f"person(s) inactive for {days} days."
        )
