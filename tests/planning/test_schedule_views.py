"""The scheduler's pages: start, progress, cancel, result, publish, lock and move."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sme2go.planning.models import ScheduledMeeting, SolverRun
from tests.planning.test_jobs import DUMMY
from tests.planning.test_schedules import (
    at,
    draft_of,
    trip,  # the fixture
)

__all__ = ["trip"]


@pytest.fixture
def operator(trip, client_for):
    return client_for(trip.world.operator_user)


def test_the_schedule_page_starts_a_run_and_shows_its_progress(
    trip, operator, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY
    mission = trip.world.mission
    url = reverse("planning:schedule", kwargs={"mission_pk": mission.pk})
    page = operator.get(url).content.decode()
    assert "Run the scheduler" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(reverse("planning:run_start", kwargs={"mission_pk": mission.pk}))
    assert response.status_code == 302
    run = SolverRun.objects.get(mission=mission)
    page = operator.get(url).content.decode()
    progress_url = reverse("planning:run_progress", kwargs={"solverrun_pk": run.pk})
    assert f'data-progress-url="{progress_url}"' in page
    assert "planning/run_progress.js" in page
    assert "<script>" not in page
    assert "Run the scheduler" not in page
    SolverRun.objects.filter(pk=run.pk).update(
        status="running", elapsed_s=2.5, objective=7, bound=3, phase="breaks"
    )
    assert operator.get(progress_url).json() == {
        "run": run.pk,
        "status": "running",
        "status_label": "Running",
        "active": True,
        "elapsed_s": 2.5,
        "time_limit_s": 5,
        "percent": 50,
        "objective": 7,
        "bound": 3,
        "phase": "reducing breaks",
        "message": "",
        "schedule_url": None,
    }
    operator.post(reverse("planning:run_cancel", kwargs={"solverrun_pk": run.pk}))
    run.refresh_from_db()
    assert run.cancel_requested is True


def test_the_result_page_shows_each_day_the_left_out_and_the_breaks(
    trip, operator, django_assert_max_num_queries
):
    draft = draft_of(trip)
    url = reverse("planning:schedule_detail", kwargs={"schedule_pk": draft.pk})
    with django_assert_max_num_queries(20):
        page = operator.get(url).content.decode()
    assert "Asia/Shanghai" in page
    assert "Wed 18 Mar 2026 — Rizhao" in page
    k_rw = draft.meetings.get(request=trip.requests["k_rw"])
    row = page.split(f'id="meeting-{k_rw.pk}"')[1].split("</tr>")[0]
    assert "09:30–10:00" in row and "Rizhao Expo" in row
    assert "Kirkasvirta Water Oy – Rizhao Water Group" in row
    assert "not accepted (declined)" in page
    assert "Nordic Health Oy and Qingdao Brewery are never in the same city on the same day" in page
    assert "Publish this schedule" in page
    assert "Priority placed" not in page  # no must-meet or priority: no first phase

    draft.details["priority"] = {"placed": 10, "bound": 12}
    draft.save(update_fields=["details"])
    page = operator.get(url).content.decode()
    assert (
        "<dt>Priority placed (must-meet and wished meetings)</dt><dd>10 of at most 12 "
        "(gap 17 %)</dd>"
    ) in page


def test_lock_publish_and_a_refused_move_from_the_pages(trip, operator):
    draft = draft_of(trip)
    k_rw = draft.meetings.get(request=trip.requests["k_rw"])
    n_rw = draft.meetings.get(request=trip.requests["n_rw"])
    operator.post(reverse("planning:meeting_lock", kwargs={"scheduledmeeting_pk": n_rw.pk}))
    assert ScheduledMeeting.objects.get(pk=n_rw.pk).locked is True
    move_url = reverse("planning:meeting_move", kwargs={"scheduledmeeting_pk": k_rw.pk})
    form = operator.get(move_url).content.decode()
    assert "Wed 18 March 10:00 — Rizhao" in form
    slot = next(t for t, s in draft_grid_slots(trip).items() if s.starts_at == at(2, 10))
    response = operator.post(move_url, {"slot": slot, "venue": trip.expo.pk, "table": 2})
    assert response.status_code == 200
    assert (
        "Locked meeting Nordic Health Oy – Rizhao Water Group holds that slot."
        in response.content.decode()
    )
    k_rw.refresh_from_db()
    assert k_rw.starts_at == at(2, 9, 30)
    operator.post(reverse("planning:schedule_publish", kwargs={"schedule_pk": draft.pk}))
    draft.refresh_from_db()
    assert draft.status == "published"


def draft_grid_slots(trip):
    from sme2go.planning.problem import Grid

    return Grid(trip.world.mission).slots


def test_companies_hosts_and_counterparts_get_404(trip, client_for):
    draft = draft_of(trip)
    run = SolverRun.objects.create(mission=trip.world.mission)
    one = draft.meetings.first()
    world = trip.world
    gets = [
        reverse("planning:schedule", kwargs={"mission_pk": world.mission.pk}),
        reverse("planning:run_progress", kwargs={"solverrun_pk": run.pk}),
        reverse("planning:schedule_detail", kwargs={"schedule_pk": draft.pk}),
        reverse("planning:meeting_move", kwargs={"scheduledmeeting_pk": one.pk}),
    ]
    posts = [
        reverse("planning:run_start", kwargs={"mission_pk": world.mission.pk}),
        reverse("planning:run_cancel", kwargs={"solverrun_pk": run.pk}),
        reverse("planning:schedule_publish", kwargs={"schedule_pk": draft.pk}),
        reverse("planning:meeting_lock", kwargs={"scheduledmeeting_pk": one.pk}),
        reverse("planning:meeting_unlock", kwargs={"scheduledmeeting_pk": one.pk}),
        reverse("planning:meeting_move", kwargs={"scheduledmeeting_pk": one.pk}),
    ]
    draft.status = "published"
    draft.save()
    for user in (world.company_user, world.host_user, world.counterpart_user):
        client = client_for(user)
        answers = [client.get(url).status_code for url in gets]
        answers += [client.post(url, {}).status_code for url in posts]
        assert answers == [404] * 10, user
    draft.refresh_from_db()
    assert draft.status == "published"
    assert SolverRun.objects.count() == 1


def test_the_schedule_page_costs_a_fixed_number_of_queries(
    trip, operator, django_assert_max_num_queries
):
    for _n in range(3):
        draft_of(trip)
    url = reverse("planning:schedule", kwargs={"mission_pk": trip.world.mission.pk})
    with django_assert_max_num_queries(12):
        page = operator.get(url).content.decode()
    assert page.count('<span class="status">Draft</span>') == 3
