"""Re-ranking after a change is a background job, not work in the saving request."""

from __future__ import annotations

import datetime as dt

import pytest
from django_tasks import default_task_backend
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from sme2go.companies.models import Product
from sme2go.matches import signals
from sme2go.matches.models import MatchProposal
from sme2go.matches.signals import rerank_programme
from sme2go.needs.models import Need

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_saving_a_need_enqueues_one_job_and_ranks_nothing_itself(
    programme_a, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY
    world = programme_a
    # Changes made by fixtures (here and in earlier tests) wait for a commit that a test
    # transaction never makes; start from none.
    signals._state().clear()
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        need = Need.objects.create(
            programme=world.programme,
            host=world.host,
            title="Waste-water plant",
            description="Waste water treatment plants.",
            heard_on=dt.date(2026, 3, 18),
        )
        need.domains.set(["water"])
    assert not MatchProposal.objects.filter(need=need).exists()
    jobs = [(r.task.name, r.args) for r in default_task_backend.results]
    assert jobs == [("rerank_programme", [world.programme.pk, [need.pk]])]
    assert rerank_programme.call(world.programme.pk, [need.pk]) == 1
    assert list(MatchProposal.objects.filter(need=need).values_list("company", flat=True)) == [
        world.company.pk
    ]


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def enqueued():
    """The (programme id, need ids) of every re-ranking job enqueued from now on."""
    signals._state().clear()
    jobs: list[tuple] = []

    def record(sender, task_result, **kwargs):
        if task_result.task.name == "rerank_programme":
            jobs.append(tuple(task_result.args))

    task_enqueued.connect(record)
    yield jobs
    task_enqueued.disconnect(record)


def saved(instance, **kwargs):
    instance.save(**kwargs)
    return instance


@pytest.mark.parametrize("backend", [IMMEDIATE, DATABASE], ids=["immediate", "database"])
def test_saves_that_change_nothing_ranked_enqueue_nothing(
    programme_a, settings, django_capture_on_commit_callbacks, enqueued, backend
):
    settings.TASKS = backend
    w = programme_a
    with django_capture_on_commit_callbacks(execute=True):
        # Sent back unchanged, as a form does (fresh copies, as a view loads them).
        for row in (w.need, w.profile, w.product, w.certification, w.enrolment):
            saved(type(row).objects.get(pk=row.pk))
        # A field the ranking does not read.
        need = Need.objects.get(pk=w.need.pk)
        need.answer = "We will send a quote."
        need.save()
        need.save(update_fields=["answer"])
    assert enqueued == []
    with django_capture_on_commit_callbacks(execute=True):
        need.title = "Sludge drying"
        need.save()
    assert enqueued == [(w.programme.pk, [w.need.pk])]
    if backend is DATABASE:
        # Let a worker take the job, so the next change needs one of its own.
        DBTaskResult.objects.update(status="SUCCESSFUL")
    with django_capture_on_commit_callbacks(execute=True):
        product = Product.objects.get(pk=w.product.pk)
        product.description = "Dries sludge with waste heat."
        product.save()
    assert enqueued[1:] == [(w.programme.pk, None)]


@pytest.mark.parametrize("backend", [IMMEDIATE, DATABASE], ids=["immediate", "database"])
def test_one_waiting_job_per_programme(
    programme_a, programme_b, settings, django_capture_on_commit_callbacks, enqueued, backend
):
    settings.TASKS = backend
    a, b = programme_a, programme_b
    second = Need.objects.create(
        programme=a.programme, host=a.host, title="Second", heard_on=dt.date(2026, 3, 18)
    )
    signals._state().clear()

    def change(need, title):
        with django_capture_on_commit_callbacks(execute=True):
            need.title = title
            need.save()

    change(a.need, "First, changed")
    change(second, "Second, changed")
    change(b.need, "Other programme")
    if backend is IMMEDIATE:
        # No queue: each job ran at once.
        assert enqueued == [
            (a.programme.pk, [a.need.pk]),
            (a.programme.pk, [second.pk]),
            (b.programme.pk, [b.need.pk]),
        ]
        assert MatchProposal.objects.filter(need=a.need).exists()
        return
    waiting = lambda: sorted(  # noqa: E731
        r.args_kwargs["args"]
        for r in DBTaskResult.objects.filter(status="READY", task_path=rerank_programme.module_path)
    )
    assert waiting() == [
        [a.programme.pk, sorted([a.need.pk, second.pk])],
        [b.programme.pk, [b.need.pk]],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        a.profile.offering = "Sludge dryers."
        a.profile.save()
    assert waiting() == [[a.programme.pk, None], [b.programme.pk, [b.need.pk]]]
    # Once a worker has claimed the job, a new change needs a job of its own.
    DBTaskResult.objects.filter(args_kwargs__args__0=a.programme.pk).update(status="RUNNING")
    change(a.need, "First, again")
    assert waiting() == [[a.programme.pk, [a.need.pk]], [b.programme.pk, [b.need.pk]]]
    # Four changes in programme A, one in B: three jobs enqueued, two folded in.
    assert enqueued == [
        (a.programme.pk, [a.need.pk]),
        (b.programme.pk, [b.need.pk]),
        (a.programme.pk, [a.need.pk]),
    ]
    # The widened job ranks what both asked for.
    job = DBTaskResult.objects.get(status="READY", args_kwargs__args__0=b.programme.pk)
    assert (
        job.task.call(*job.args_kwargs["args"]) == MatchProposal.objects.filter(need=b.need).count()
    )
