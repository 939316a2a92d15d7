"""The reminders job (django-tasks, the same database queue as the scheduler runs).

``sme2go send_reminders`` enqueues :func:`send_reminders_job`; a worker runs it. Run it
daily (e.g. from cron): it sends only what is due and not yet sent, so running it more
often sends nothing twice (:mod:`sme2go.followup.reminders`).
"""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from sme2go.followup.reminders import send_reminders


@task()
def send_reminders_job(base_url: str = "") -> dict[str, int]:
    """Send the due check-in and overdue next-step reminders; returns the counts."""
    return asdict(send_reminders(base_url=base_url or None))
