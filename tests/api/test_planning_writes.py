"""Writes of mission planning through the API, as each role: the planning domain functions
decide (the same answers as the pages), refusals leave the database as it was."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from sme2go.matches.models import MatchProposal
from sme2go.organisations.models import Organisation
from sme2go.planning.models import MeetingRequest, MeetingSeat, Schedule, SolverRun
from tests.api.test_writes import field_errors
from tests.factories import enrol, make_china_city, make_organisation

pytestmark = pytest.mark.django_db

API = "/api/v1"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def refused(response, status: int = 403) -> None:
    assert (response.status_code, response.json()) == (status, {"detail": "You may not do this."})


def messages(response) -> list[str]:
    """The messages of a 422 that names no field (a rule of the whole request)."""
    assert response.status_code == 422, response.content
    assert all(error["loc"] == ["body"] for error in response.json()["detail"])
    return [error["msg"] for error in response.json()["detail"]]


# Requesting -------------------------------------------------------------------------------


def test_a_company_requests_a_meeting_for_itself(programme_a, api_for):
    world = programme_a
    response = api_for(world.company_user).post(
        f"{API}/meeting-requests",
        {
            "mission": world.mission.pk,
            "counterpart": world.host.pk,
            "priority": 3,
            "purpose": " Sludge drying ",
            "language": "ZH",
        },
    )
    assert response.status_code == 201, response.content
    made = MeetingRequest.objects.get(requester=world.company, counterpart=world.host)
    body = response.json()
    assert (body["id"], body["status"], body["purpose"], body["language"]) == (
        made.pk,
        "requested",
        "Sludge drying",
        "zh",
    )
    assert (body["may_answer"], body["may_withdraw"]) == (False, True)
    assert (made.mission, made.priority, made.must_meet, made.requested_by) == (
        world.mission,
        3,
        False,
        world.company_user,
    )


def test_an_operator_requests_for_a_company_from_its_match(programme_a, api_for):
    world = programme_a
    MatchProposal.objects.filter(pk=world.proposal.pk).update(status="approved")
    response = api_for(world.operator_user).post(
        f"{API}/meeting-requests",
        {
            "mission": world.mission.pk,
            "requester": world.company.pk,
            "counterpart": world.host.pk,
            "proposal": world.proposal.pk,
            "must_meet": True,
        },
    )
    assert response.status_code == 201, response.content
    made = MeetingRequest.objects.get(requester=world.company, counterpart=world.host)
    # The request is about the match's need.
    assert (made.need, made.proposal, made.must_meet, made.requested_by) == (
        world.need,
        world.proposal,
        True,
        world.operator_user,
    )
    assert response.json()["need"]["id"] == world.need.pk


def test_who_may_not_request(programme_a, api_for):
    world = programme_a
    body = {"mission": world.mission.pk, "counterpart": world.host.pk}
    # Only operator staff set must-meet.
    refused(api_for(world.company_user).post(f"{API}/meeting-requests", body | {"must_meet": True}))
    # A host requests no meetings (its own organisation is no company of the mission).
    refused(
        api_for(world.host_user).post(
            f"{API}/meeting-requests",
            {"mission": world.mission.pk, "counterpart": world.counterpart.pk},
        )
    )
    # A company cannot name another company: it does not see it.
    other = world.mission.companies.create(name="Other company", kind="company")
    assert field_errors(
        api_for(world.company_user).post(f"{API}/meeting-requests", body | {"requester": other.pk})
    ) == {"requester": [f"No such object: {other.pk}."]}
    # Operator staff name the company.
    assert field_errors(api_for(world.operator_user).post(f"{API}/meeting-requests", body)) == {
        "requester": ["Name the requesting company."]
    }
    assert not MeetingRequest.objects.exists()


def test_request_errors_name_the_field(programme_a, programme_b, api_for):
    world = programme_a
    api = api_for(world.company_user)
    body = {"mission": world.mission.pk, "counterpart": world.host.pk}

    def errors(**changes):
        return field_errors(api.post(f"{API}/meeting-requests", body | changes))

    assert errors(mission=programme_b.mission.pk) == {
        "mission": [f"No such object: {programme_b.mission.pk}."]
    }
    # Another programme's host is unknown (its name is not given away).
    assert errors(counterpart=programme_b.host.pk) == {
        "counterpart": [f"No such object: {programme_b.host.pk}."]
    }
    assert errors(counterpart=world.company.pk) == {
        "counterpart": ["Company a cannot request a meeting with itself."]
    }
    far = make_organisation(
        "Qingdao Brewery", Organisation.Kind.COUNTERPART, region=make_china_city("Qingdao", "青岛")
    )
    enrol(world.programme, far)
    assert errors(counterpart=far.pk) == {
        "counterpart": [
            "Company a and Qingdao Brewery are never in the same city on the same day: "
            "Qingdao Brewery is in Qingdao, and the delegation is in Weifang (16 March)."
        ]
    }
    assert errors(language="z1") == {"language": ["Give an ISO 639 language code, e.g. zh."]}
    # The match is not approved yet: the company does not see it; the operator is told.
    assert errors(proposal=world.proposal.pk) == {
        "proposal": [f"No such object: {world.proposal.pk}."]
    }
    operator = api_for(world.operator_user)
    assert field_errors(
        operator.post(
            f"{API}/meeting-requests",
            body | {"requester": world.company.pk, "proposal": world.proposal.pk},
        )
    ) == {
        "proposal": [
            "The match of Company a for “Need a” is not an approved match of Company a in "
            "this programme."
        ]
    }
    assert not MeetingRequest.objects.exists()
    assert api.post(f"{API}/meeting-requests", body).status_code == 201
    assert errors() == {
        "counterpart": [
            "Company a already requested a meeting with Host a on this mission (status: Requested)."
        ]
    }
    assert MeetingRequest.objects.count() == 1


# Answering --------------------------------------------------------------------------------


def test_the_other_side_accepts_and_declines(programme_a, api_for):
    world = programme_a
    meeting_request = world.meetingrequest  # company → counterpart
    url = f"{API}/meeting-requests/{meeting_request.pk}"
    counterpart = api_for(world.counterpart_user)
    response = counterpart.post(f"{url}/accept", {"note": " See you. "})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["answer_note"]) == ("accepted", "See you.")
    meeting_request.refresh_from_db()
    assert (meeting_request.status, meeting_request.answered_by) == (
        "accepted",
        world.counterpart_user,
    )
    # The requester cannot answer its own request; the host is no party and sees nothing.
    refused(api_for(world.company_user).post(f"{url}/decline", {}))
    assert api_for(world.host_user).post(f"{url}/decline", {}).status_code == 404
    # Operator staff answer on the other side's behalf.
    response = api_for(world.operator_user).post(f"{url}/decline", {"note": "Clash."})
    assert response.status_code == 200, response.content
    meeting_request.refresh_from_db()
    assert (meeting_request.status, meeting_request.answer_note, meeting_request.answered_by) == (
        "declined",
        "Clash.",
        world.operator_user,
    )
    assert field_errors(counterpart.post(f"{url}/accept", {"note": "x" * 501})).keys() == {"note"}


def test_the_company_withdraws(programme_a, api_for):
    world = programme_a
    meeting_request = world.meetingrequest
    url = f"{API}/meeting-requests/{meeting_request.pk}"
    refused(api_for(world.counterpart_user).post(f"{url}/withdraw"))
    response = api_for(world.company_user).post(f"{url}/withdraw")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "withdrawn"
    meeting_request.refresh_from_db()
    assert meeting_request.status == "withdrawn"
    # A withdrawn request is answered no more: the counterpart has no button (403), and
    # operator staff are told why on the note.
    refused(api_for(world.counterpart_user).post(f"{url}/accept", {}))
    assert field_errors(api_for(world.operator_user).post(f"{url}/accept", {})) == {
        "note": ["Company a withdrew its request to meet Counterpart a; it cannot be answered."]
    }
    assert messages(api_for(world.company_user).post(f"{url}/withdraw")) == [
        "The request of Company a to meet Counterpart a cannot change any more (status: Withdrawn)."
    ]
    # The company may ask again: the same request, requested anew.
    again = api_for(world.company_user).post(
        f"{API}/meeting-requests",
        {"mission": world.mission.pk, "counterpart": world.counterpart.pk},
    )
    assert (again.status_code, again.json()["id"]) == (201, meeting_request.pk)
    meeting_request.refresh_from_db()
    assert meeting_request.status == "requested"


def test_only_operators_mark_must_meet(programme_a, api_for):
    world = programme_a
    meeting_request = world.meetingrequest
    url = f"{API}/meeting-requests/{meeting_request.pk}/must-meet"
    for user in (world.company_user, world.counterpart_user):
        refused(api_for(user).put(url, {"must_meet": True}))
    meeting_request.refresh_from_db()
    assert meeting_request.must_meet is False
    response = api_for(world.operator_user).put(url, {"must_meet": True})
    assert (response.status_code, response.json()["must_meet"]) == (200, True)
    meeting_request.refresh_from_db()
    assert meeting_request.must_meet is True
    assert field_errors(api_for(world.operator_user).put(url, {})) == {
        "must_meet": ["Field required"]
    }


# Schedules --------------------------------------------------------------------------------


def test_an_operator_publishes_a_draft(programme_a, api_for):
    world = programme_a
    draft = world.schedule
    url = f"{API}/schedules/{draft.pk}/publish"
    # The draft does not exist for the company and the host.
    for user in (world.company_user, world.host_user):
        assert api_for(user).post(url).status_code == 404
    response = api_for(world.operator_user).post(url)
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert (draft.status, draft.published_by) == ("published", world.operator_user)
    assert response.json()["status"] == "published"
    assert response.json()["published_at"] is not None
    # The published schedule is the company's to see, not to change.
    refused(api_for(world.company_user).post(url))
    assert messages(api_for(world.operator_user).post(url)) == [
        "Only a draft can be changed (this schedule's status: Published)."
    ]
    newer = Schedule.objects.create(mission=world.mission)
    assert (
        api_for(world.operator_user).post(f"{API}/schedules/{newer.pk}/publish").status_code == 200
    )
    draft.refresh_from_db()
    assert draft.status == "superseded"


def test_an_operator_locks_and_unlocks_a_meeting(programme_a, api_for):
    world = programme_a
    meeting = world.scheduledmeeting
    url = f"{API}/scheduled-meetings/{meeting.pk}"
    for user in (world.company_user, world.counterpart_user):
        assert api_for(user).post(f"{url}/lock").status_code == 404
    response = api_for(world.operator_user).post(f"{url}/lock")
    assert (response.status_code, response.json()["locked"]) == (200, True)
    meeting.refresh_from_db()
    assert meeting.locked is True
    response = api_for(world.operator_user).post(f"{url}/unlock")
    assert (response.status_code, response.json()["locked"]) == (200, False)
    meeting.refresh_from_db()
    assert meeting.locked is False
    Schedule.objects.filter(pk=world.schedule.pk).update(status="published")
    refused(api_for(world.company_user).post(f"{url}/lock"))
    assert messages(api_for(world.operator_user).post(f"{url}/lock")) == [
        "Only a draft can be changed (this schedule's status: Published)."
    ]
    meeting.refresh_from_db()
    assert meeting.locked is False


def test_an_operator_moves_a_meeting(programme_a, programme_b, api_for):
    world = programme_a
    meeting = world.scheduledmeeting  # 17:00 in Weifang, table 1
    url = f"{API}/scheduled-meetings/{meeting.pk}/move"
    api = api_for(world.operator_user)
    body = {"starts_at": "2026-03-16T14:00:00+08:00", "venue": world.venue.pk, "table": 2}
    assert api_for(world.company_user).post(url, body).status_code == 404
    response = api.post(url, body)
    assert response.status_code == 200, response.content
    assert (response.json()["starts_at"], response.json()["ends_at"], response.json()["table"]) == (
        "2026-03-16T14:00:00+08:00",
        "2026-03-16T14:30:00+08:00",
        2,
    )
    meeting.refresh_from_db()
    local = dt.datetime(2026, 3, 16, 14, tzinfo=SHANGHAI)
    assert (meeting.starts_at, meeting.table) == (local, 2)
    assert set(MeetingSeat.objects.filter(meeting=meeting).values_list("starts_at", flat=True)) == {
        local
    }
    # Without an offset the time is the trip's.
    response = api.post(url, body | {"starts_at": "2026-03-16T14:30:00"})
    assert response.json()["starts_at"] == "2026-03-16T14:30:00+08:00"

    def unmoved(response) -> list[str]:
        found = messages(response)
        meeting.refresh_from_db()
        assert meeting.starts_at == local + dt.timedelta(minutes=30)
        return found

    assert unmoved(api.post(url, body | {"starts_at": "2026-03-16T14:10:00+08:00"})) == [
        "No meeting slot starts at that time."
    ]
    assert unmoved(api.post(url, body | {"table": 3})) == ["Venue a has tables 1 to 2."]
    # At 10:00 the delegation is still on the train.
    assert unmoved(api.post(url, body | {"starts_at": "2026-03-16T10:00:00+08:00"})) == [
        "Company a travels from Qingdao to Weifang at 10:00.",
    ]
    assert field_errors(api.post(url, body | {"venue": programme_b.venue.pk})) == {
        "venue": [f"No such object: {programme_b.venue.pk}."]
    }
    assert field_errors(api.post(url, body | {"table": 0})).keys() == {"table"}


# Solver runs ------------------------------------------------------------------------------


def test_an_operator_starts_and_cancels_runs(programme_a, api_for):
    world = programme_a
    lost = world.solverrun  # running, no sign of life for an hour
    api = api_for(world.operator_user)
    start = f"{API}/missions/{world.mission.pk}/solver-runs"
    refused(api_for(world.company_user).post(start))
    assert SolverRun.objects.count() == 1
    response = api.post(start)
    assert response.status_code == 201, response.content
    run = SolverRun.objects.get(pk=response.json()["id"])
    assert (run.status, run.started_by, run.time_limit_s) == ("queued", world.operator_user, 60)
    assert response.json() | {"created_at": None} == {
        "id": run.pk,
        "mission": {"id": world.mission.pk, "title": "Mission a"},
        "status": "queued",
        "phase": "",
        "time_limit_s": 60,
        "elapsed_s": 0.0,
        "percent": 0,
        "objective": None,
        "bound": None,
        "cancel_requested": False,
        "message": "",
        "schedule_id": None,
        "created_at": None,
        "started_at": None,
        "finished_at": None,
    }
    lost.refresh_from_db()
    assert lost.status == "failed"
    assert lost.message.startswith("The worker running this run stopped: no sign of life since")
    assert messages(api.post(start)) == [
        f"Run #{run.pk} of this mission has not ended (status: Queued); wait for it or cancel it."
    ]

    cancel = f"{API}/solver-runs/{run.pk}/cancel"
    assert api_for(world.company_user).post(cancel).status_code == 404
    response = api.post(cancel)
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["message"]) == (
        "cancelled",
        "Cancelled before it started.",
    )
    run.refresh_from_db()
    assert run.status == "cancelled"
    assert messages(api.post(cancel)) == [f"Run #{run.pk} has already ended (status: Cancelled)."]


def test_cancelling_a_running_run_asks_the_worker(programme_a, api_for):
    world = programme_a
    run = world.solverrun
    SolverRun.objects.filter(pk=run.pk).update(heartbeat_at=dt.datetime.now(dt.UTC))
    response = api_for(world.operator_user).post(f"{API}/solver-runs/{run.pk}/cancel")
    assert (response.status_code, response.json()["cancel_requested"]) == (200, True)
    run.refresh_from_db()
    assert (run.status, run.cancel_requested) == ("running", True)
