"""Meeting requests, schedules and solver runs read through the API: exact payloads, and
each role seeing what its pages show it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from sme2go.planning.models import (
    MeetingRequest,
    MeetingSeat,
    Schedule,
    ScheduledMeeting,
    SolverRun,
)
from tests.api.test_read import org, region
from tests.factories import make_company

pytestmark = pytest.mark.django_db

API = "/api/v1"


def iso(moment: dt.datetime) -> str:
    """A time as the API writes it (milliseconds, if any; UTC as Z)."""
    return DjangoJSONEncoder().default(moment)


def request_payload(meeting_request, **overrides) -> dict:
    r = meeting_request
    r.refresh_from_db()
    payload = {
        "id": r.pk,
        "mission": {"id": r.mission_id, "title": r.mission.title},
        "requester": org(r.requester),
        "counterpart": org(r.counterpart),
        "need": None
        if r.need is None
        else {"id": r.need.pk, "title": r.need.title, "programme_id": r.need.programme_id},
        "proposal_id": r.proposal_id,
        "purpose": r.purpose,
        "priority": r.priority,
        "must_meet": r.must_meet,
        "language": r.language,
        "status": r.status,
        "answer_note": r.answer_note,
        "answered_at": iso(r.answered_at) if r.answered_at else None,
        "created_at": iso(r.created_at),
        "may_answer": False,
        "may_withdraw": False,
    }
    return payload | overrides


@pytest.fixture
def requests(programme_a):
    """The world's request (company → counterpart, about the need, from the match) and a
    second company's accepted request to the host."""
    world = programme_a
    first = world.meetingrequest
    first.need = world.need
    first.proposal = world.proposal
    first.purpose = "Sludge drying"
    first.priority = 3
    first.language = "zh"
    first.save()
    other = make_company("Other company", world.programme, world.operator).organisation
    world.mission.companies.add(other)
    second = MeetingRequest.objects.create(
        mission=world.mission,
        requester=other,
        counterpart=world.host,
        status="accepted",
        answer_note="Welcome.",
        answered_at=dt.datetime(2026, 2, 1, 8, tzinfo=dt.UTC),
    )
    return first, second


def test_meeting_requests_as_each_role(programme_a, programme_b, api_for, requests):
    world = programme_a
    first, second = requests
    programme_b.meetingrequest  # noqa: B018 - another programme's request, never listed
    expected_first = request_payload(first)
    assert expected_first["need"] == {
        "id": world.need.pk,
        "title": "Need a",
        "programme_id": world.programme.pk,
    }
    assert (expected_first["proposal_id"], expected_first["priority"]) == (world.proposal.pk, 3)

    def listed(user, **params):
        return api_for(user).get(f"{API}/meeting-requests", **params).json()

    # Operator staff: every request of the mission, may answer and withdraw both.
    operator = [
        request_payload(first, may_answer=True, may_withdraw=True),
        request_payload(second, may_answer=True, may_withdraw=True),
    ]
    assert listed(world.operator_user) == {"items": operator, "count": 2}
    # The company its own request, which it may withdraw; the counterpart the request it
    # received, which it may answer; the host the one it received.
    assert listed(world.company_user) == {
        "items": [request_payload(first, may_withdraw=True)],
        "count": 1,
    }
    assert listed(world.counterpart_user) == {
        "items": [request_payload(first, may_answer=True)],
        "count": 1,
    }
    assert listed(world.host_user) == {
        "items": [request_payload(second, may_answer=True)],
        "count": 1,
    }
    api = api_for(world.counterpart_user)
    assert api.get(f"{API}/meeting-requests/{first.pk}").json() == request_payload(
        first, may_answer=True
    )
    assert api.get(f"{API}/meeting-requests/{second.pk}").status_code == 404


def test_meeting_request_filters_and_ordering(programme_a, api_for, requests):
    world = programme_a
    first, second = requests
    api = api_for(world.operator_user)

    def ids(**params):
        return [r["id"] for r in api.get(f"{API}/meeting-requests", **params).json()["items"]]

    # By priority: the high-priority request first; must-meet before everything.
    assert ids() == [first.pk, second.pk]
    MeetingRequest.objects.filter(pk=second.pk).update(must_meet=True)
    assert ids() == [second.pk, first.pk]
    assert ids(ordering="-created_at") == [second.pk, first.pk]
    assert ids(ordering="requester") == [first.pk, second.pk]  # Company a, Other company
    assert ids(ordering="counterpart") == [first.pk, second.pk]  # Counterpart a, Host a
    assert ids(status="accepted") == [second.pk]
    assert ids(status="declined") == []
    assert ids(mission=world.mission.pk, company=world.company.pk) == [first.pk]
    assert ids(counterpart=world.host.pk) == [second.pk]
    assert ids(party=world.counterpart.pk) == [first.pk]
    assert ids(party=second.requester_id) == [second.pk]
    assert ids(must_meet=True) == [second.pk]
    assert ids(mission=999999) == []
    response = api.get(f"{API}/meeting-requests", status="lost")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "status"]


# Schedules --------------------------------------------------------------------------------


@pytest.fixture
def schedule(programme_a, requests):
    """The world's draft with two meetings at 17:00 in Weifang (09:00 UTC): the company
    with the counterpart at table 1 (locked, with an interpreter), the other company with
    the host at table 2. The run was lost with its worker (tests/api/conftest.py)."""
    world = programme_a
    first, second = requests
    meeting = world.scheduledmeeting
    ScheduledMeeting.objects.filter(pk=meeting.pk).update(locked=True, interpreter_language="zh")
    other = ScheduledMeeting.objects.create(
        schedule=world.schedule,
        request=second,
        day=world.day,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        venue=world.venue,
        table=2,
    )
    for organisation in (second.requester, second.counterpart):
        MeetingSeat.objects.create(
            meeting=other,
            schedule=world.schedule,
            organisation=organisation,
            starts_at=other.starts_at,
        )
    Schedule.objects.filter(pk=world.schedule.pk).update(
        solver_status="optimal",
        breaks=0,
        bound=0,
        left_out=0,
        greedy_breaks=1,
        greedy_left_out=1,
        details={
            "left_out": {
                str(first.pk): {"text": "Nobody answered.", "params": {}},
            },
            "warnings": [{"text": "%(name)s has no region.", "params": {"name": "Host a"}}],
        },
    )
    world.schedule.refresh_from_db()
    return world.schedule, meeting, other


def schedule_summary(schedule, *, adviser: bool) -> dict:
    schedule.refresh_from_db()
    return {
        "id": schedule.pk,
        "mission": {"id": schedule.mission_id, "title": "Mission a"},
        "status": schedule.status,
        "created_at": iso(schedule.created_at),
        "published_at": iso(schedule.published_at) if schedule.published_at else None,
        "solver": {
            "run_id": schedule.run_id,
            "solver_status": "optimal",
            "breaks": 0,
            "bound": 0,
            "left_out": 0,
            "greedy_breaks": 1,
            "greedy_left_out": 1,
        }
        if adviser
        else None,
    }


def meeting_payload(world, meeting, requester, counterpart, **overrides) -> dict:
    return {
        "id": meeting.pk,
        "schedule_id": meeting.schedule_id,
        "request_id": meeting.request_id,
        "date": "2026-03-16",
        "city": region(world.city),
        "starts_at": "2026-03-16T17:00:00+08:00",
        "ends_at": "2026-03-16T17:30:00+08:00",
        "venue": {
            "id": world.venue.pk,
            "name": "Venue a",
            "address": "",
            "city": region(world.city),
        },
        "table": meeting.table,
        "requester": org(requester),
        "counterpart": org(counterpart),
        "purpose": meeting.request.purpose,
        "interpreter_language": "",
        "locked": False,
    } | overrides


def test_an_operator_sees_drafts_with_the_solvers_figures(programme_a, api_for, schedule):
    world = programme_a
    draft, meeting, other = schedule
    api = api_for(world.operator_user)
    summary = schedule_summary(draft, adviser=True)
    assert api.get(f"{API}/schedules").json() == {"items": [summary], "count": 1}
    first = meeting_payload(
        world,
        meeting,
        world.company,
        world.counterpart,
        interpreter_language="zh",
        locked=True,
    )
    second = meeting_payload(world, other, other.request.requester, world.host)
    assert first["purpose"] == "Sludge drying"
    assert api.get(f"{API}/schedules/{draft.pk}").json() == {
        **summary,
        "solver": {
            **summary["solver"],
            "left_out_requests": [
                {"request_id": world.meetingrequest.pk, "reason": "Nobody answered."}
            ],
            "warnings": ["Host a has no region."],
        },
        "time_zone": "Asia/Shanghai",
        "meetings": [first, second],
    }
    assert api.get(f"{API}/scheduled-meetings/{meeting.pk}").json() == first


def test_others_see_only_the_published_schedule_and_their_own_meetings(
    programme_a, api_for, schedule
):
    world = programme_a
    draft, meeting, other = schedule
    for user in (world.company_user, world.host_user, world.counterpart_user):
        api = api_for(user)
        assert api.get(f"{API}/schedules").json() == {"items": [], "count": 0}
        assert api.get(f"{API}/schedules/{draft.pk}").status_code == 404
        assert api.get(f"{API}/scheduled-meetings/{meeting.pk}").status_code == 404

    Schedule.objects.filter(pk=draft.pk).update(
        status="published", published_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    )
    summary = schedule_summary(draft, adviser=False)
    company_meeting = meeting_payload(
        world, meeting, world.company, world.counterpart, interpreter_language="zh", locked=True
    )
    host_meeting = meeting_payload(world, other, other.request.requester, world.host)
    for user, own in (
        (world.company_user, company_meeting),
        (world.counterpart_user, company_meeting),
        (world.host_user, host_meeting),
    ):
        api = api_for(user)
        assert api.get(f"{API}/schedules").json() == {"items": [summary], "count": 1}
        assert api.get(f"{API}/schedules/{draft.pk}").json() == {
            **summary,
            "time_zone": "Asia/Shanghai",
            "meetings": [own],
        }
        assert api.get(f"{API}/scheduled-meetings/{own['id']}").json() == own
    not_own = api_for(world.company_user).get(f"{API}/scheduled-meetings/{other.pk}")
    assert not_own.status_code == 404

    # A superseded schedule is the advisers' history only.
    Schedule.objects.filter(pk=draft.pk).update(status="superseded")
    assert api_for(world.company_user).get(f"{API}/schedules").json()["count"] == 0
    assert (
        api_for(world.operator_user).get(f"{API}/schedules", status="superseded").json()["count"]
        == 1
    )


def test_schedule_filters(programme_a, programme_b, api_for, schedule):
    world = programme_a
    draft, _, _ = schedule
    newer = Schedule.objects.create(mission=world.mission, status="published")
    api = api_for(world.operator_user)

    def ids(**params):
        return [s["id"] for s in api.get(f"{API}/schedules", **params).json()["items"]]

    assert ids() == [newer.pk, draft.pk]
    assert ids(ordering="created_at") == [draft.pk, newer.pk]
    assert ids(status="draft") == [draft.pk]
    assert ids(mission=world.mission.pk, status="published") == [newer.pk]
    assert ids(mission=programme_b.mission.pk) == []


# Solver runs ------------------------------------------------------------------------------


def test_solver_runs_for_operators_only(programme_a, programme_b, api_for, schedule):
    world = programme_a
    draft, _, _ = schedule
    run = world.solverrun
    SolverRun.objects.filter(pk=run.pk).update(
        elapsed_s=15.0,
        time_limit_s=60,
        phase="breaks",
        objective=4.0,
        bound=2.0,
    )
    run.refresh_from_db()
    foreign = programme_b.solverrun
    expected = {
        "id": run.pk,
        "mission": {"id": world.mission.pk, "title": "Mission a"},
        "status": "running",
        "phase": "breaks",
        "time_limit_s": 60,
        "elapsed_s": 15.0,
        "percent": 25,
        "objective": 4.0,
        "bound": 2.0,
        "cancel_requested": False,
        "message": "",
        "schedule_id": draft.pk,
        "created_at": iso(run.created_at),
        "started_at": iso(run.started_at),
        "finished_at": None,
    }
    api = api_for(world.operator_user)
    assert api.get(f"{API}/solver-runs").json() == {"items": [expected], "count": 1}
    assert api.get(f"{API}/solver-runs/{run.pk}").json() == expected
    assert api.get(f"{API}/solver-runs/{foreign.pk}").status_code == 404
    assert api.get(f"{API}/solver-runs", status="done").json() == {"items": [], "count": 0}
    assert api.get(f"{API}/solver-runs", mission=world.mission.pk).json()["count"] == 1

    SolverRun.objects.filter(pk=run.pk).update(
        status="failed",
        notes=[{"text": "The run failed: %(error)s", "params": {"error": "boom"}}],
    )
    failed = api.get(f"{API}/solver-runs/{run.pk}").json()
    assert (failed["status"], failed["message"]) == ("failed", "The run failed: boom")

    for user in (world.company_user, world.host_user, world.counterpart_user):
        api = api_for(user)
        assert api.get(f"{API}/solver-runs").json() == {"items": [], "count": 0}
        assert api.get(f"{API}/solver-runs/{run.pk}").status_code == 404
