"""Scheduler runs as jobs: start, progress, result, cancel, lost workers, permissions.

The job runs here on django-tasks' immediate backend (in the test's own process, with
the real solver child process); ``test_worker.py`` runs it in a real ``db_worker``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from sme2go.planning import jobs
from sme2go.planning.models import Schedule, SolverRun
from sme2go.planning.problem import Note
from tests.planning.trip import make_trip

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def trip(programme_a):
    return make_trip(programme_a)


def start(trip, capture, user=None):
    with capture(execute=True):
        run = jobs.start_solver_run(
            actor=user or trip.world.operator_user, mission=trip.world.mission
        )
    run.refresh_from_db()
    return run


def test_a_run_solves_the_mission_into_a_draft_beside_greedy(
    trip, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    run = start(trip, django_capture_on_commit_callbacks)
    assert run.status == SolverRun.Status.DONE, run.message
    assert run.task_id
    assert run.started_by == trip.world.operator_user
    assert run.started_at <= run.heartbeat_at <= run.finished_at
    assert run.elapsed_s > 0
    assert run.phase == "done"
    assert run.message == ""
    schedule = Schedule.objects.get(run=run)
    assert schedule.status == Schedule.Status.DRAFT
    assert schedule.solver_status == "optimal"
    r = trip.requests
    placed = set(schedule.meetings.values_list("request_id", flat=True))
    assert placed == {r["k_rw"].pk, r["n_rw"].pk, r["k_wp"].pk, r["n_zf"].pk}
    assert schedule.left_out == 1  # the Qingdao brewery: never in the same city
    assert schedule.greedy_left_out == 1
    assert schedule.breaks == 0 and schedule.bound == 0
    assert schedule.greedy_breaks == 0
    assert {pk: str(Note.from_json(v)) for pk, v in schedule.details["left_out"].items()} == {
        str(r["k_zf"].pk): "not accepted (declined)",
        str(r["n_qb"].pk): "Nordic Health Oy and Qingdao Brewery are never in the same city "
        "on the same day",
    }
    seats = set(
        schedule.meetings.get(request=r["n_rw"]).seats.values_list("organisation", flat=True)
    )
    assert seats == {trip.nordic.pk, trip.rizhao_water.pk}
    assert schedule.meetings.get(request=r["n_rw"]).interpreter_language == "zh"


def test_only_operators_of_the_programme_start_and_cancel(trip, programme_b):
    mission = trip.world.mission
    for user in (trip.world.company_user, trip.world.host_user, programme_b.operator_user):
        with pytest.raises(PermissionDenied):
            jobs.start_solver_run(actor=user, mission=mission)
    run = SolverRun.objects.create(mission=mission)
    with pytest.raises(PermissionDenied):
        jobs.cancel_solver_run(actor=programme_b.operator_user, run=run)
    assert not SolverRun.objects.exclude(pk=run.pk).exists()


def test_one_run_per_mission_at_a_time(trip, settings, django_capture_on_commit_callbacks):
    settings.TASKS = DUMMY
    first = start(trip, django_capture_on_commit_callbacks)
    assert first.status == SolverRun.Status.QUEUED
    with pytest.raises(ValidationError) as refused:
        start(trip, django_capture_on_commit_callbacks)
    assert refused.value.messages == [
        f"Run #{first.pk} of this mission has not ended (status: Queued); wait for it or cancel it."
    ]
    assert SolverRun.objects.count() == 1


def test_a_queued_run_cancelled_before_a_worker_takes_it_does_nothing(
    trip, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY
    run = start(trip, django_capture_on_commit_callbacks)
    jobs.cancel_solver_run(actor=trip.world.operator_user, run=run)
    run.refresh_from_db()
    assert (run.status, run.message) == ("cancelled", "Cancelled before it started.")
    assert jobs.run_scheduler.call(run.pk) == "cancelled"
    assert not Schedule.objects.exists()
    with pytest.raises(ValidationError) as refused:
        jobs.cancel_solver_run(actor=trip.world.operator_user, run=run)
    assert refused.value.messages == [f"Run #{run.pk} has already ended (status: Cancelled)."]


def test_a_running_run_is_asked_to_stop(trip):
    run = SolverRun.objects.create(mission=trip.world.mission, status=SolverRun.Status.RUNNING)
    jobs.cancel_solver_run(actor=trip.world.operator_user, run=run)
    run.refresh_from_db()
    assert (run.status, run.cancel_requested) == ("running", True)


def test_a_run_lost_with_its_worker_is_failed_before_the_next_starts(
    trip, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY
    mission = trip.world.mission
    beat = timezone.now() - dt.timedelta(seconds=jobs.STALE_AFTER_S + 5)
    lost = SolverRun.objects.create(
        mission=mission, status=SolverRun.Status.RUNNING, started_at=beat, heartbeat_at=beat
    )
    fresh = start(trip, django_capture_on_commit_callbacks)
    lost.refresh_from_db()
    assert lost.status == SolverRun.Status.FAILED
    assert lost.finished_at is not None
    assert lost.message.startswith("The worker running this run stopped: no sign of life since")
    assert fresh.status == SolverRun.Status.QUEUED


def test_a_running_run_with_a_fresh_heartbeat_is_not_taken_for_lost(
    trip, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY
    now = timezone.now()
    alive = SolverRun.objects.create(
        mission=trip.world.mission, status="running", started_at=now, heartbeat_at=now
    )
    with pytest.raises(ValidationError):
        start(trip, django_capture_on_commit_callbacks)
    alive.refresh_from_db()
    assert alive.status == SolverRun.Status.RUNNING


def test_a_run_keeps_the_published_schedule_and_the_locks(
    trip, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    first = Schedule.objects.get(run=start(trip, django_capture_on_commit_callbacks))
    meeting = first.meetings.get(request=trip.requests["k_wp"])
    meeting.locked = True
    meeting.save()
    first.status = Schedule.Status.PUBLISHED
    first.save()
    second = Schedule.objects.get(run=start(trip, django_capture_on_commit_callbacks))
    first.refresh_from_db()
    assert first.status == Schedule.Status.PUBLISHED
    assert second.status == Schedule.Status.DRAFT
    kept = second.meetings.get(request=trip.requests["k_wp"])
    assert (kept.starts_at, kept.venue, kept.table, kept.locked) == (
        meeting.starts_at,
        meeting.venue,
        meeting.table,
        True,
    )


def test_a_run_says_before_solving_what_cannot_fit(trip, django_capture_on_commit_callbacks):
    for n in range(4):
        company = type(trip.rizhao_water).objects.create(name=f"Extra Oy {n}", kind="company")
        trip.world.mission.requests.create(
            requester=company, counterpart=trip.rizhao_water, status="accepted", must_meet=True
        )
    run = start(trip, django_capture_on_commit_callbacks)
    assert run.status == SolverRun.Status.DONE, run.message
    assert run.message.splitlines()[0] == (
        "Rizhao Water Group cannot fit its must-meet meetings: must-meet meetings: 5; free slots: 3."
    )
    schedule = Schedule.objects.get(run=run)
    # Priority mode: three slots go to must-meet meetings; two others and Nordic Health's
    # ordinary one find no slot.
    reasons = sorted(
        str(Note.from_json(reason))
        for reason in schedule.details["left_out"].values()
        if reason["text"].startswith("no slot left")
    )
    assert reasons == [
        "no slot left for both: they went to meetings of higher or equal priority",
        "no slot left for both: they went to other must-meet meetings",
        "no slot left for both: they went to other must-meet meetings",
    ]
    assert str(Note.from_json(schedule.details["warnings"][0])) == run.message.splitlines()[0]
    # The first phase's priority sum and its proven bound are kept for the result page.
    priority = schedule.details["priority"]
    assert isinstance(priority["placed"], int) and isinstance(priority["bound"], int)
    assert 0 < priority["placed"] <= priority["bound"]


def test_a_mission_with_nothing_to_schedule_says_so(trip, django_capture_on_commit_callbacks):
    trip.world.mission.requests.update(status="declined")
    run = start(trip, django_capture_on_commit_callbacks)
    assert (run.status, run.message) == ("done", "No accepted request can be scheduled.")
    assert Schedule.objects.get(run=run).meetings.count() == 0


def test_a_runs_message_is_shown_in_the_readers_language(
    trip, settings, django_capture_on_commit_callbacks, client_for
):
    settings.TASKS = DUMMY
    run = start(trip, django_capture_on_commit_callbacks)
    jobs.cancel_solver_run(actor=trip.world.operator_user, run=run)
    run.refresh_from_db()
    assert run.notes == [{"text": "Cancelled before it started.", "params": {}}]
    client = client_for(trip.world.operator_user)
    client.cookies["django_language"] = "fi"
    schedule_url = reverse("planning:schedule", kwargs={"mission_pk": trip.world.mission.pk})
    progress_url = reverse("planning:run_progress", kwargs={"solverrun_pk": run.pk})
    with translation.override("fi"):
        page = client.get(schedule_url).content.decode()
        progress = client.get(progress_url).json()
    assert '<div class="run-message"><p>Peruttu ennen alkamista.</p></div>' in page
    assert progress["message"] == "Peruttu ennen alkamista."
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        page = client.get(schedule_url).content.decode()
    assert '<div class="run-message"><p>Cancelled before it started.</p></div>' in page


def test_a_lost_runs_note_gives_the_time_in_the_readers_form(
    trip, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY
    beat = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=5)
    lost = SolverRun.objects.create(
        mission=trip.world.mission, status="running", started_at=beat, heartbeat_at=beat
    )
    start(trip, django_capture_on_commit_callbacks)
    lost.refresh_from_db()
    local = timezone.localtime(beat)
    with translation.override("fi"):
        assert lost.message == (
            "Ajoa suorittanut työprosessi pysähtyi: ei elonmerkkejä klo "
            f"{local.hour}.{local.minute:02d} jälkeen (yli 30 sekuntiin). Ajo keskeytettiin."
        )
    with translation.override("en"):
        assert f"since {local:%H:%M} (more" in lost.message


DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued_run(trip, capture, *, job_status: str, job_age_s: int):
    """A run queued on the database backend whose job has ``job_status``, taken
    ``job_age_s`` seconds ago (as a worker's claim writes it)."""
    run = start(trip, capture)
    assert run.status == SolverRun.Status.QUEUED and run.task_id
    claimed = timezone.now() - dt.timedelta(seconds=job_age_s)
    DBTaskResult.objects.filter(pk=run.task_id).update(
        status=job_status, started_at=None if job_status == "READY" else claimed
    )
    SolverRun.objects.filter(pk=run.pk).update(created_at=claimed - dt.timedelta(seconds=5))
    return run


def test_a_queued_run_whose_worker_died_after_taking_the_job_is_failed(
    trip, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE
    age = jobs.CLAIMED_LOST_AFTER_S + 10
    lost = queued_run(trip, django_capture_on_commit_callbacks, job_status="RUNNING", job_age_s=age)
    fresh = start(trip, django_capture_on_commit_callbacks)
    lost.refresh_from_db()
    assert (lost.status, lost.message) == (
        "failed",
        "A worker took the job of this run but stopped before starting it; the run was abandoned.",
    )
    assert lost.finished_at is not None
    assert fresh.status == SolverRun.Status.QUEUED
    assert DBTaskResult.objects.get(pk=fresh.task_id).status == "READY"


def test_a_queued_run_with_a_job_that_vanished_from_the_queue_is_failed(
    trip, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE
    age = jobs.CLAIMED_LOST_AFTER_S + 10
    lost = queued_run(trip, django_capture_on_commit_callbacks, job_status="READY", job_age_s=age)
    DBTaskResult.objects.filter(pk=lost.task_id).delete()
    start(trip, django_capture_on_commit_callbacks)
    lost.refresh_from_db()
    assert (lost.status, lost.message) == (
        "failed",
        "The queued job of this run is gone; the run was abandoned.",
    )


@pytest.mark.parametrize(
    ("job_status", "job_age_s"),
    [
        # Still waiting for a free worker, however long: not lost.
        ("READY", 3600),
        # Just taken: the worker is about to mark the run running.
        ("RUNNING", 5),
    ],
)
def test_a_queued_run_that_may_still_start_is_kept(
    trip, settings, django_capture_on_commit_callbacks, job_status, job_age_s
):
    settings.TASKS = DATABASE
    run = queued_run(
        trip, django_capture_on_commit_callbacks, job_status=job_status, job_age_s=job_age_s
    )
    with pytest.raises(ValidationError) as refused:
        jobs.start_solver_run(actor=trip.world.operator_user, mission=trip.world.mission)
    assert refused.value.messages == [
        f"Run #{run.pk} of this mission has not ended (status: Queued); wait for it or cancel it."
    ]
    run.refresh_from_db()
    assert (run.status, run.notes) == ("queued", [])
