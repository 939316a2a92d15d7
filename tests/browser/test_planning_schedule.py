"""An adviser runs the scheduler and watches it, locks a meeting, is refused a move that
breaks a rule, and publishes (Chromium, a real job-queue worker in a thread)."""

from __future__ import annotations

import re
import threading
import zoneinfo

import pytest
from django.db import connections
from django.db.backends.signals import connection_created
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from sme2go.planning.models import Schedule, ScheduledMeeting
from tests import factories
from tests.planning.trip import make_trip

pytestmark = pytest.mark.browser
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def trip(transactional_db):
    return make_trip(factories.make_world("a"))


def _readers_do_not_lock(sender, connection, **kwargs) -> None:
    # The test database is SQLite in memory with a shared cache, where a reader holds a
    # table lock that makes the worker thread's heartbeat fail ("table is locked") while
    # the page polls; a real deployment has a database file or PostgreSQL.
    if connection.vendor == "sqlite":
        connection.cursor().execute("PRAGMA read_uncommitted = 1")


@pytest.fixture
def run_one_job(settings, transactional_db):
    """``run_one_job()`` starts a db_worker in a thread that runs one job and stops, so
    the worker writes only while the page merely polls."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    connection_created.connect(_readers_do_not_lock)
    for connection in connections.all():
        if connection.connection is not None:
            _readers_do_not_lock(None, connection)
    threads = []

    def start() -> threading.Thread:
        worker = Worker(
            queue_names=["default"],
            interval=0.2,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=1,
            worker_id="browser-test",
            excluded_queue_names=[],
        )
        thread = threading.Thread(target=worker.run, daemon=True)
        thread.start()
        threads.append(thread)
        return thread

    yield start
    for thread in threads:
        thread.join(timeout=60)
    connection_created.disconnect(_readers_do_not_lock)


def test_solve_lock_refused_move_and_publish(page, live_server, trip, run_one_job):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill(trip.world.operator_user.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/$"))
    page.goto(f"{live_server.url}/missions/{trip.world.mission.pk}/")
    page.get_by_role("link", name="Schedule", exact=True).click()

    page.get_by_role("button", name="Run the scheduler").click()
    progress = page.locator("#run-progress")
    expect(progress).to_be_visible()
    worker = run_one_job()
    expect(progress.locator('[data-field="status_label"]')).to_have_text(
        re.compile("Queued|Running")
    )
    expect(page.get_by_role("button", name="Cancel the run")).to_be_visible()
    # The script reloads the page once the run has ended.
    expect(page.locator("#last-run")).to_contain_text("Done", timeout=60_000)
    worker.join(timeout=30)
    draft = Schedule.objects.get(mission=trip.world.mission)
    page.get_by_role("link", name=f"#{draft.pk}").click()
    expect(page.locator("#schedule-status")).to_have_text("Draft")
    expect(page.locator("#left-out")).to_contain_text("not accepted (declined)")

    held = draft.meetings.get(request=trip.requests["n_rw"])
    mover = draft.meetings.get(request=trip.requests["k_rw"])
    page.locator(f"#meeting-{held.pk}").get_by_role("button", name="lock").click()
    expect(page.locator(f"#meeting-{held.pk}")).to_contain_text("locked")
    assert ScheduledMeeting.objects.get(pk=held.pk).locked

    page.locator(f"#meeting-{mover.pk}").get_by_role("link", name="move").click()
    start = held.starts_at.astimezone(SHANGHAI)
    page.get_by_label("Time").select_option(
        label=f"{start:%a} {start.day} {start:%B %H:%M} — Rizhao"  # "Wed 18 March 10:00"
    )
    page.get_by_label("Venue").select_option(label="Rizhao Expo (Rizhao)")
    page.get_by_label("Table").fill(str(held.table))
    page.get_by_role("button", name="Move").click()
    expect(
        page.get_by_text("Locked meeting Nordic Health Oy – Rizhao Water Group holds that slot.")
    ).to_be_visible()
    page.get_by_role("link", name="Cancel").click()

    page.get_by_role("button", name="Publish this schedule").click()
    expect(page.locator("#schedule-status")).to_have_text("Published")
    draft.refresh_from_db()
    assert draft.status == "published"
