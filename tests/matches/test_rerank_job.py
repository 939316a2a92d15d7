"""Re-ranking after a change is a background job, not work in the saving request."""

from __future__ import annotations

import datetime as dt

from django_tasks import default_task_backend

from sme2go.matches.models import MatchProposal
from sme2go.matches.signals import rerank_programme
from sme2go.needs.models import Need

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_saving_a_need_enqueues_one_job_and_ranks_nothing_itself(
    programme_a, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY
    world = programme_a
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
    # All open needs: building the world changed profiles of the programme too.
    assert jobs == [("rerank_programme", [world.programme.pk, None])]
    assert rerank_programme.call(*jobs[0][1]) == 2
    assert list(MatchProposal.objects.filter(need=need).values_list("company", flat=True)) == [
        world.company.pk
    ]
