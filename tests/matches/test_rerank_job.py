"""Re-ranking after a change is a background job, not work in the saving request."""

from __future__ import annotations

import datetime as dt

from django_tasks import default_task_backend

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
