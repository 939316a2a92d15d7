"""``sme2go send_reminders``: e-mail due check-ins and overdue next steps."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from sme2go.followup.jobs import send_reminders_job
from sme2go.followup.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the due follow-up check-ins to the companies and the overdue next steps "
        "to their owners, each once. By default the job is put in the queue for a worker "
        "('sme2go worker', or the one 'sme2go serve' starts); --now sends in this "
        "process. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="send here and now instead of queueing the job"
        )
        parser.add_argument(
            "--site-url",
            default="",
            help="address the links in the mails start with, e.g. https://sme2go.example.org "
            "(default: SME2GO_SITE_URL, else the first allowed host)",
        )

    def handle(self, *args, now: bool, site_url: str, **options) -> None:
        if now:
            sent = send_reminders(base_url=site_url or None)
            self.stdout.write(
                f"Check-ins scheduled: {sent.scheduled}; reminders sent: "
                f"{sent.check_ins} check-ins, {sent.next_steps} next steps; failed: {sent.failed}"
            )
            return
        result = send_reminders_job.enqueue(site_url)
        self.stdout.write(f"Reminders job queued ({result.id}).")
