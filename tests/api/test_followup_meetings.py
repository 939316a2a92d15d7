"""Meeting outcomes and feedback through the API: ``followup.domain.record_outcome`` and
``give_feedback``, as each role, with the database state checked."""

from __future__ import annotations

import pytest

from sme2go.followup.models import MeetingFeedback, MeetingOutcome
from sme2go.planning.models import Schedule
from tests.api.test_followup_read import iso, org
from tests.api.test_writes import field_errors

pytestmark = pytest.mark.django_db

API = "/api/v1"
NOT_PUBLISHED = (
    "The meeting Company a with Counterpart a on 16 Mar 2026 is not in the mission's "
    "published schedule."
)


@pytest.fixture
def meeting(programme_a):
    """The world's meeting (16 March 2026, long over) in its published schedule."""
    meeting = programme_a.scheduledmeeting
    Schedule.objects.filter(pk=meeting.schedule_id).update(status="published")
    return meeting


def test_an_adviser_records_the_exceptions(programme_a, api_for, meeting):
    world = programme_a
    url = f"{API}/scheduled-meetings/{meeting.pk}/outcome"
    response = api_for(world.operator_user).put(
        url, {"held": False, "note": "The counterpart did not come."}
    )
    assert response.status_code == 200, response.content
    outcome = MeetingOutcome.objects.get(meeting=meeting)
    assert response.json() == {
        "meeting_id": meeting.pk,
        "held": False,
        "note": "The counterpart did not come.",
        "recorded_by": "operator_a",
        "recorded_at": iso(outcome.recorded_at),
    }
    # Not held: no feedback on it.
    response = api_for(world.company_user).put(
        f"{API}/scheduled-meetings/{meeting.pk}/feedback",
        {"rating": 4, "wants_to_continue": True},
    )
    assert field_errors(response) == {
        "body": [
            "The meeting Company a with Counterpart a on 16 Mar 2026 was recorded as not "
            "held; feedback is for meetings that took place."
        ]
    }
    assert not MeetingFeedback.objects.exists()


def test_only_operator_staff_record_outcomes(programme_a, programme_b, api_for, meeting):
    world = programme_a
    url = f"{API}/scheduled-meetings/{meeting.pk}/outcome"
    for who in (world.company_user, world.counterpart_user):
        response = api_for(who).put(url, {"held": False})
        assert (response.status_code, response.json()) == (403, {"detail": "You may not do this."})
    # The host has no seat in the meeting; another programme does not see it.
    for who in (world.host_user, programme_b.operator_user):
        assert api_for(who).put(url, {"held": False}).status_code == 404
    assert not MeetingOutcome.objects.exists()


def test_no_outcome_in_a_draft_schedule(programme_a, api_for):
    meeting = programme_a.scheduledmeeting
    response = api_for(programme_a.operator_user).put(
        f"{API}/scheduled-meetings/{meeting.pk}/outcome", {"held": True}
    )
    assert field_errors(response) == {"body": [NOT_PUBLISHED]}
    assert not MeetingOutcome.objects.exists()


def test_each_side_gives_and_sees_its_own_feedback(programme_a, api_for, meeting):
    world = programme_a
    url = f"{API}/scheduled-meetings/{meeting.pk}/feedback"
    company, counterpart = api_for(world.company_user), api_for(world.counterpart_user)
    response = company.put(url, {"rating": 5, "wants_to_continue": True, "notes": "Pilot next."})
    assert response.status_code == 200, response.content
    mine = MeetingFeedback.objects.get(organisation=world.company)
    expected = {
        "id": mine.pk,
        "meeting_id": meeting.pk,
        "organisation": org(world.company),
        "rating": 5,
        "wants_to_continue": True,
        "notes": "Pilot next.",
        "author": "company_a",
        "created_at": iso(mine.created_at),
        "updated_at": iso(mine.updated_at),
    }
    assert response.json() == expected
    response = counterpart.put(url, {"rating": 2, "wants_to_continue": False})
    assert response.status_code == 200, response.content
    theirs = MeetingFeedback.objects.get(organisation=world.counterpart)
    assert (theirs.rating, theirs.author) == (2, world.counterpart_user)
    # Each side sees its own; the adviser both.
    assert company.get(url).json() == [expected]
    assert [f["organisation"]["id"] for f in counterpart.get(url).json()] == [world.counterpart.pk]
    assert [f["id"] for f in api_for(world.operator_user).get(url).json()] == [mine.pk, theirs.pk]
    # A second feedback replaces the first.
    company.put(url, {"rating": 3, "wants_to_continue": True})
    mine.refresh_from_db()
    assert (mine.rating, mine.notes) == (3, "")
    assert MeetingFeedback.objects.count() == 2


def test_feedback_refusals(programme_a, api_for, meeting):
    world = programme_a
    url = f"{API}/scheduled-meetings/{meeting.pk}/feedback"
    operator = api_for(world.operator_user)
    assert field_errors(operator.put(url, {"rating": 4, "wants_to_continue": True})) == {
        "organisation": ["Say which side this feedback is from."]
    }
    assert field_errors(
        operator.put(url, {"rating": 4, "wants_to_continue": True, "organisation": world.host.pk})
    ) == {
        "organisation": [
            "Host a is not a side of the meeting Company a with Counterpart a on 16 Mar 2026."
        ]
    }
    assert field_errors(operator.put(url, {"rating": 6, "wants_to_continue": True})).keys() == {
        "rating"
    }
    # A side cannot write the other side's feedback (it does not even see it).
    response = api_for(world.company_user).put(
        url, {"rating": 4, "wants_to_continue": True, "organisation": world.counterpart.pk}
    )
    assert field_errors(response) == {"organisation": [f"No such object: {world.counterpart.pk}."]}
    response = operator.put(
        url, {"rating": 4, "wants_to_continue": True, "organisation": world.counterpart.pk}
    )
    assert response.status_code == 200, response.content
    feedback = MeetingFeedback.objects.get()
    assert (feedback.organisation, feedback.author) == (world.counterpart, world.operator_user)
    assert api_for(world.host_user).get(url).status_code == 404
