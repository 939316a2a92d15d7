"""Scheduler runs as background jobs (django-tasks, database backend).

:func:`start_solver_run` records a queued :class:`SolverRun` and, once the transaction
commits, enqueues :func:`run_scheduler`. A worker (``sme2go worker``) picks it up: it
builds the problem from the mission's records, computes the greedy baseline, and solves
in a child process (:mod:`sme2go.planning.solver_child`, "spawn" start method) that it
supervises. About once a second the job writes the child's progress (elapsed, best
breaks so far, bound, phase) and a heartbeat to the run, and reads ``cancel_requested``.
It ends the child and the engine's processes on cancel and when the child overruns the
time limit by :data:`GRACE_S`. The outcome is a new draft schedule; the published one is
not touched.

A worker that dies mid-run leaves its run "running" with a heartbeat that stops; the
next :func:`start_solver_run` for the mission marks such a run failed once its heartbeat
is older than :data:`STALE_AFTER_S`, then starts cleanly. One that dies after taking the
job but before marking the run running leaves it "queued" with a job no longer waiting
in the queue; after :data:`CLAIMED_LOST_AFTER_S` that run is failed the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import queue as queue_module
import signal
import time
from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from sme2go.core.domain import domain_write, require_change
from sme2go.core.tenancy import access_for
from sme2go.missions.models import Mission
from sme2go.planning.models import SlotSettings, SolverRun
from sme2go.planning.problem import Note

logger = logging.getLogger(__name__)

# A running run whose heartbeat is older than this was lost with its worker. The job
# beats about once a second; the longest step without a beat (building the problem of
# a large mission, starting the child) takes a few seconds.
STALE_AFTER_S = 30
# A queued run whose job a worker took (or that left the queue otherwise) this long ago
# and that is still not running was lost: the job's first step, in the same second,
# marks the run running; a worker that dies in between leaves it queued for good.
CLAIMED_LOST_AFTER_S = 30
# How long past its time limit the solver may take to stop before it is killed.
GRACE_S = 15
HEARTBEAT_S = 1.0


def _require_operator(actor: Any, mission: Mission) -> None:
    if actor is None:
        return
    access = access_for(actor)
    if not (access.is_operator or access.is_superuser):
        raise PermissionDenied
    require_change(actor, mission)


def _fail_stale_runs(mission: Mission, now: dt.datetime) -> None:
    limit = now - dt.timedelta(seconds=STALE_AFTER_S)
    for run in SolverRun.objects.select_for_update().filter(
        mission=mission, status__in=SolverRun.ACTIVE
    ):
        beat = run.heartbeat_at or run.started_at
        lost_running = run.status == SolverRun.Status.RUNNING and (beat is None or beat < limit)
        lost_queued = run.status == SolverRun.Status.QUEUED and _queued_run_is_lost(run, now)
        if lost_running or lost_queued:
            if not lost_running:
                note = Note(lost_queued)
            elif beat is None:
                note = Note(
                    gettext_noop(
                        "The worker running this run stopped before its first sign of life. "
                        "The run was abandoned."
                    )
                )
            else:
                note = Note(
                    gettext_noop(
                        "The worker running this run stopped: no sign of life since %(time)s "
                        "(more than %(limit)d seconds). The run was abandoned."
                    ),
                    {
                        "time": timezone.localtime(beat).time().isoformat("minutes"),
                        "limit": STALE_AFTER_S,
                    },
                )
            run.status = SolverRun.Status.FAILED
            run.finished_at = now
            run.notes = [note.to_json()]
            run.save(update_fields=["status", "finished_at", "notes"])


def _queued_run_is_lost(run: SolverRun, now: dt.datetime) -> str:
    """Why a queued run can no longer start ("" while it may): its job finished (or
    failed) without taking the run; or the job is no longer waiting in the queue (a
    worker took it, or its row is gone) since more than :data:`CLAIMED_LOST_AFTER_S`
    and the run never started; or it was never enqueued. Backends that keep no results
    (immediate, dummy) cannot tell: their runs are never taken for lost here."""
    limit = now - dt.timedelta(seconds=CLAIMED_LOST_AFTER_S)
    gone = gettext_noop("The queued job of this run is gone; the run was abandoned.")
    if not run.task_id:
        return gone if run.created_at < limit else ""
    try:
        result = run_scheduler.get_result(run.task_id)
    except NotImplementedError:
        return ""
    except TaskResultDoesNotExist:
        return gone if run.created_at < limit else ""
    if result.is_finished:
        return gone
    if result.status != TaskResultStatus.READY and (result.started_at or run.created_at) < limit:
        return gettext_noop(
            "A worker took the job of this run but stopped before starting it; the run was "
            "abandoned."
        )
    return ""


@domain_write
def start_solver_run(*, actor: Any, mission: Mission) -> SolverRun:
    """Queue a scheduler run for ``mission`` (operators of its programme only).

    Raises ``ValidationError`` while another run of the mission is queued or running;
    first marks runs lost with their worker as failed. The job is enqueued when the
    transaction commits."""
    _require_operator(actor, mission)
    now = timezone.now()
    _fail_stale_runs(mission, now)
    active = SolverRun.objects.filter(mission=mission, status__in=SolverRun.ACTIVE).first()
    if active is not None:
        raise ValidationError(
            _(
                "Run #%(run)d of this mission has not ended (status: %(status)s); wait for it "
                "or cancel it."
            )
            % {"run": active.pk, "status": active.get_status_display()}
        )
    limit = (
        SlotSettings.objects.filter(mission=mission).values_list("time_limit_s", flat=True).first()
    )
    try:
        with transaction.atomic():
            run = SolverRun.objects.create(
                mission=mission,
                started_by=actor if actor is not None and actor.pk else None,
                time_limit_s=limit or SlotSettings._meta.get_field("time_limit_s").default,
            )
    except IntegrityError:
        # Another request started a run in the meantime (one active run per mission).
        raise ValidationError(_("Another run of this mission was just started.")) from None

    def enqueue() -> None:
        result = run_scheduler.enqueue(run.pk)
        SolverRun.objects.filter(pk=run.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return run


@domain_write
def cancel_solver_run(*, actor: Any, run: SolverRun) -> SolverRun:
    """Cancel a queued run at once, or ask the worker to stop a running one (it stops
    within about a second). Raises ``ValidationError`` for a finished run."""
    run = SolverRun.objects.select_for_update().get(pk=run.pk)
    _require_operator(actor, run.mission)
    if run.status == SolverRun.Status.QUEUED:
        run.status = SolverRun.Status.CANCELLED
        run.finished_at = timezone.now()
        run.notes = [Note(gettext_noop("Cancelled before it started.")).to_json()]
        run.save(update_fields=["status", "finished_at", "notes"])
    elif run.status == SolverRun.Status.RUNNING:
        run.cancel_requested = True
        run.save(update_fields=["cancel_requested"])
    else:
        raise ValidationError(
            _("Run #%(run)d has already ended (status: %(status)s).")
            % {"run": run.pk, "status": run.get_status_display()}
        )
    return run


# -- the job ---------------------------------------------------------------------------
@task()
def run_scheduler(run_id: int) -> str:
    """The job: solve the run's mission and store the draft. Returns the run's status."""
    with transaction.atomic():
        run = SolverRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != SolverRun.Status.QUEUED:
            # Cancelled (or abandoned) before a worker took it.
            return run.status if run else "missing"
        now = timezone.now()
        run.status = SolverRun.Status.RUNNING
        run.started_at = run.heartbeat_at = now
        run.phase = "preparing"
        run.save(update_fields=["status", "started_at", "heartbeat_at", "phase"])
    try:
        return _solve(run)
    except BaseException as exc:
        _finish(run, SolverRun.Status.FAILED, _failed(exc))
        raise


def _failed(error: object) -> Note:
    return Note(gettext_noop("The run failed: %(error)s"), {"error": str(error)})


def _finish(run: SolverRun, status: str, *notes: Note, **fields: Any) -> None:
    SolverRun.objects.filter(pk=run.pk).update(
        status=status,
        notes=[note.to_json() for note in notes],
        finished_at=timezone.now(),
        **fields,
    )


def _solve(run: SolverRun) -> str:
    from sme2go.planning import schedules
    from sme2go.planning.problem import build_problem, fill_in
    from sme2go.scheduling import greedy

    mission = Mission.objects.get(pk=run.mission_id)
    problem = build_problem(mission)
    baseline = greedy(problem.instance, fairness=problem.fairness)
    if not problem.instance.meetings:
        schedules.save_draft(run=run, problem=problem, result=baseline, greedy=baseline)
        nothing = Note(gettext_noop("No accepted request can be scheduled."))
        _finish(run, SolverRun.Status.DONE, nothing, *problem.warnings)
        return SolverRun.Status.DONE

    options = {
        "fairness": problem.fairness,
        "time_limit": float(run.time_limit_s),
        "workers": 2,
    }
    # When the greedy baseline already places every meeting fairly, no meeting needs to
    # be traded: the engine's required mode minimises breaks with all of them placed,
    # from greedy's schedule as its first one, so the draft is never worse on either
    # count. Otherwise the priority mode decides what to leave out.
    complete = not baseline.unscheduled and baseline.status == "feasible"
    instance = replace(problem.instance, require_all=True) if complete else problem.instance
    outcome = _supervise(run, instance, options)
    if isinstance(outcome, str):
        return outcome
    result = outcome
    notes: list[Note] = []
    if not result.assignments and complete:
        result = baseline
        notes.append(
            Note(
                gettext_noop(
                    "The solver found no schedule in time; this draft is the quick first schedule."
                )
            )
        )
    elif not result.assignments:
        reason = Note(
            gettext_noop("No schedule exists for the locked meetings and the records.")
            if result.status == "infeasible"
            else gettext_noop("The solver found no schedule within the time limit.")
        )
        _finish(run, SolverRun.Status.FAILED, reason, *problem.warnings)
        return SolverRun.Status.FAILED
    result, added = fill_in(problem.instance, result)
    if added:
        notes.append(
            Note(
                gettext_noop(
                    "Meetings the solver left out, added where the quick first schedule puts "
                    "them: %(count)d."
                ),
                {"count": added},
            )
        )
    problem.warnings.extend(notes)
    schedules.save_draft(run=run, problem=problem, result=result, greedy=baseline)
    _finish(
        run,
        SolverRun.Status.DONE,
        *problem.warnings,
        elapsed_s=result.time_s,
        objective=result.objective,
        bound=result.bound,
        phase="done",
    )
    return SolverRun.Status.DONE


def _kill(process: multiprocessing.process.BaseProcess) -> None:
    """End the child and the engine's processes in its group."""
    if process.pid is None or not process.is_alive():
        return
    try:
        if os.getpgid(process.pid) == process.pid:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            # The child has not made its group yet: it has no children either.
            process.kill()
    except ProcessLookupError:
        pass
    process.join(timeout=5)


def _supervise(run: SolverRun, instance, options: dict[str, Any]):
    """Run the child; return its Result, or the run's final status when it did not end
    with one (cancelled, overran, crashed)."""
    from sme2go.planning import solver_child

    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    process = context.Process(
        target=solver_child.run,
        args=(instance, options, messages, os.getpid()),
        name=f"sme2go-solver-run-{run.pk}",
        daemon=True,
    )
    started = time.monotonic()
    process.start()
    deadline = started + options["time_limit"] + GRACE_S
    progress: dict[str, Any] = {}
    last_beat = 0.0
    try:
        while True:
            try:
                message = messages.get(timeout=0.2)
            except queue_module.Empty:
                message = None
            if message is not None and message[0] == "result":
                process.join(timeout=5)
                return message[1]
            if message is not None and message[0] == "error":
                _finish(run, SolverRun.Status.FAILED, _failed(message[1]))
                return SolverRun.Status.FAILED
            if message is not None:
                _kind, _time, objective, bound, phase = message
                progress["phase"] = phase
                if phase != "priority":
                    # The priority phase reports placed weight, not breaks.
                    progress.update(objective=objective, bound=bound)
            now = time.monotonic()
            if now - last_beat < HEARTBEAT_S:
                continue
            last_beat = now
            cancel = (
                SolverRun.objects.filter(pk=run.pk)
                .values_list("cancel_requested", flat=True)
                .first()
            )
            SolverRun.objects.filter(pk=run.pk).update(
                heartbeat_at=timezone.now(), elapsed_s=round(now - started, 1), **progress
            )
            if cancel:
                _kill(process)
                _finish(
                    run, SolverRun.Status.CANCELLED, Note(gettext_noop("Cancelled while solving."))
                )
                return SolverRun.Status.CANCELLED
            if now > deadline:
                _kill(process)
                _finish(
                    run,
                    SolverRun.Status.FAILED,
                    Note(
                        gettext_noop(
                            "The solver did not stop %(grace)d seconds after its time limit."
                        ),
                        {"grace": GRACE_S},
                    ),
                )
                return SolverRun.Status.FAILED
            if not process.is_alive() and messages.empty():
                _finish(
                    run,
                    SolverRun.Status.FAILED,
                    Note(
                        gettext_noop("The solver process ended unexpectedly (exit code %(code)s)."),
                        {"code": process.exitcode},
                    ),
                )
                return SolverRun.Status.FAILED
    finally:
        _kill(process)
        messages.close()
