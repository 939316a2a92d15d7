"""Readiness writes through the API call the readiness domain functions: the same rules and
refusals as the pages, as each role, with the database state checked."""

from __future__ import annotations

import pytest

from sme2go.readiness.models import Answer, Assessment, ScoreSnapshot
from tests.api.test_writes import field_errors

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def draft(programme_a):
    """A draft intake assessment of the world's company on the generic and China banks."""
    return Assessment.objects.create(
        programme=programme_a.programme,
        company=programme_a.company,
        wave="pre_mission",
        mission=programme_a.mission,
        modules=[{"bank": "generic", "version": "1.0"}, {"bank": "cn", "version": "1.0"}],
    )


def locs(response) -> list[list]:
    assert response.status_code == 422, response.content
    return [error["loc"] for error in response.json()["detail"]]


# Start ------------------------------------------------------------------------------------


def test_the_company_starts_its_own_assessment(programme_a, api_for):
    world = programme_a
    response = api_for(world.company_user).post(
        f"{API}/assessments",
        {"company": world.company.pk, "programme": world.programme.pk, "wave": "intake"},
    )
    assert response.status_code == 201, response.content
    assessment = Assessment.objects.get(pk=response.json()["id"])
    assert (assessment.status, assessment.mission, assessment.started_by) == (
        "draft",
        None,
        world.company_user,
    )
    # The default modules: the latest index, and the module of the company's target market.
    assert assessment.modules == [
        {"bank": "generic", "version": "1.0"},
        {"bank": "cn", "version": "1.0"},
    ]
    body = response.json()
    assert (body["status"], body["wave"], body["modules"], body["score"]) == (
        "draft",
        "intake",
        assessment.modules,
        None,
    )


def test_an_operator_starts_one_on_a_mission_with_chosen_modules(programme_a, api_for):
    world = programme_a
    api = api_for(world.operator_user)
    body = {
        "company": world.company.pk,
        "programme": world.programme.pk,
        "mission": world.mission.pk,
        "wave": "pre_mission",
        "modules": [{"bank": "generic", "version": "1.0"}],
    }
    response = api.post(f"{API}/assessments", body)
    assert response.status_code == 201, response.content
    assessment = Assessment.objects.get(pk=response.json()["id"])
    assert (assessment.mission, assessment.modules, assessment.started_by) == (
        world.mission,
        [{"bank": "generic", "version": "1.0"}],
        world.operator_user,
    )
    assert field_errors(api.post(f"{API}/assessments", body)) == {
        "wave": ["Company a already has an assessment for this wave (Before the mission)."]
    }
    response = api.post(
        f"{API}/assessments",
        {**body, "wave": "post_mission", "modules": [{"bank": "generic", "version": "9.9"}]},
    )
    assert field_errors(response).keys() == {"modules"}
    assert Assessment.objects.filter(company=world.company).count() == 1


def test_others_cannot_start_one(programme_a, programme_b, api_for):
    world = programme_a
    body = {"company": world.company.pk, "programme": world.programme.pk, "wave": "intake"}
    # Hosts and counterparts see the programme, not the company: reported on the field.
    for user in (world.host_user, world.counterpart_user):
        assert field_errors(api_for(user).post(f"{API}/assessments", body)) == {
            "company": [f"No such object: {world.company.pk}."]
        }
    # Another programme's operator sees neither.
    assert field_errors(api_for(programme_b.operator_user).post(f"{API}/assessments", body)) == {
        "company": [f"No such object: {world.company.pk}."]
    }
    # A company for another company: it cannot see it either.
    response = api_for(programme_b.company_user).post(
        f"{API}/assessments", {**body, "company": programme_b.company.pk}
    )
    assert field_errors(response) == {"programme": [f"No such object: {world.programme.pk}."]}
    assert not Assessment.objects.exists()


# Answers ----------------------------------------------------------------------------------


def test_the_company_saves_answers_and_continues_later(programme_a, api_for, draft):
    world = programme_a
    api = api_for(world.company_user)
    url = f"{API}/assessments/{draft.pk}/answers"
    response = api.patch(
        url,
        {
            "answers": {
                "D1.1": {"level": 3, "note": "Plan of May 2026."},
                "D1.3": {"not_applicable": True, "na_reason": "A reseller brings us abroad."},
                "CN-A1": {"status": "in_progress"},
            },
            "facts": {"sells_goods": True},
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["facts"]) == ("draft", {"sells_goods": True})
    assert [
        (a["bank"], a["item_id"], a["level"], a["status"], a["not_applicable"], a["na_reason"])
        for a in body["answers"]
    ] == [
        ("cn", "CN-A1", None, "in_progress", False, ""),
        ("generic", "D1.1", 3, "", False, ""),
        ("generic", "D1.3", None, "", True, "A reseller brings us abroad."),
    ]
    assert Answer.objects.get(assessment=draft, item_id="D1.1").note == "Plan of May 2026."
    # A second save changes what it sends: D1.1 cleared, the screening answer cleared.
    response = api.patch(url, {"answers": {"D1.1": {}}, "facts": {"sells_goods": None}})
    assert response.status_code == 200, response.content
    assert sorted(Answer.objects.filter(assessment=draft).values_list("item_id", flat=True)) == [
        "CN-A1",
        "D1.3",
    ]
    draft.refresh_from_db()
    assert draft.facts == {}


def test_refused_answers_name_the_item_and_save_nothing(programme_a, api_for, draft):
    api = api_for(programme_a.company_user)
    url = f"{API}/assessments/{draft.pk}/answers"
    response = api.patch(
        url,
        {
            "answers": {
                "D1.1": {"level": 3},
                "X9.9": {"level": 1},
                "D1.2": {"not_applicable": True, "na_reason": "No."},
                "D1.4": {"not_applicable": True},
            },
            "facts": {"moon_base": True},
        },
    )
    assert field_errors(response) == {
        "X9.9": ["X9.9: no such item in this assessment's banks (generic 1.0, cn 1.0)."],
        "D1.2": ["D1.2: this item cannot be N/A"],
        "D1.4": ["D1.4: N/A needs a reason"],
        "moon_base": ["moon_base: no such screening question in this assessment."],
    }
    assert locs(response) == [
        ["body", "answers", "X9.9"],
        ["body", "answers", "D1.2"],
        ["body", "answers", "D1.4"],
        ["body", "moon_base"],
    ]
    # The body's types are checked before the domain: a level off the 0-4 scale.
    assert locs(api.patch(url, {"answers": {"D1.1": {"level": 5}}})) == [
        ["body", "payload", "answers", "D1.1", "level"]
    ]
    assert not Answer.objects.filter(assessment=draft).exists()


def test_who_may_save_answers(programme_a, programme_b, api_for, draft):
    world = programme_a
    url = f"{API}/assessments/{draft.pk}/answers"
    body = {"answers": {"D1.1": {"level": 2}}}
    for user in (world.host_user, world.counterpart_user, programme_b.company_user):
        response = api_for(user).patch(url, body)
        assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})
    assert not Answer.objects.filter(assessment=draft).exists()
    # The programme's operator may fill it in with the company (as on the pages).
    assert api_for(world.operator_user).patch(url, body).status_code == 200
    assert Answer.objects.get(assessment=draft).level == 2


# Submit and review ------------------------------------------------------------------------


def test_submit_then_review(programme_a, api_for, draft):
    world = programme_a
    company = api_for(world.company_user)
    submit = f"{API}/assessments/{draft.pk}/submit"
    response = company.post(submit)
    assert field_errors(response) == {"body": ["Answer at least one question before submitting."]}
    company.patch(f"{API}/assessments/{draft.pk}/answers", {"answers": {"D1.1": {"level": 3}}})

    response = company.post(submit)
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    snapshot = draft.snapshots.get()
    assert (draft.status, draft.submitted_by, snapshot.kind, snapshot.taken_by) == (
        "submitted",
        world.company_user,
        "submitted",
        world.company_user,
    )
    body = response.json()
    assert (body["status"], body["score"]["kind"], body["score"]["taken_by"]) == (
        "submitted",
        "submitted",
        "company_a",
    )
    assert body["score"]["index"]["dimensions"][0] == {
        "id": "D1",
        "axis": "organisation",
        "score": None,
        "verified": None,
        "answered": 1,
        "applicable": 5,
        "status": "insufficient",
    }
    # Submitted: no more answers, no second submission.
    assert field_errors(company.post(submit)) == {
        "body": ["This assessment has already been submitted."]
    }
    response = company.patch(
        f"{API}/assessments/{draft.pk}/answers", {"answers": {"D1.1": {"level": 4}}}
    )
    assert field_errors(response) == {
        "body": ["This assessment was submitted; its answers can no longer be changed."]
    }

    # The company may not review its own answers.
    review = f"{API}/assessments/{draft.pk}/review"
    response = company.post(review, {"evidence": {"D1.1": "document"}})
    assert (response.status_code, response.json()) == (403, {"detail": "You may not do this."})
    adviser = api_for(world.operator_user)
    response = adviser.post(review, {"evidence": {"D1.1": "document", "D2.1": "adviser"}})
    assert field_errors(response) == {"D2.1": ["D2.1: this item has no answer to confirm."]}
    assert locs(response) == [["body", "evidence", "D2.1"]]
    response = adviser.post(review, {"evidence": {"D1.1": "document"}, "note": "Plan seen."})
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert (draft.status, draft.reviewed_by, draft.review_note) == (
        "reviewed",
        world.operator_user,
        "Plan seen.",
    )
    assert Answer.objects.get(assessment=draft).evidence == "document"
    assert list(draft.snapshots.values_list("kind", flat=True)) == ["submitted", "reviewed"]
    assert response.json()["score"]["kind"] == "reviewed"
    assert response.json()["latest_score"]["kind"] == "reviewed"


def test_review_refusals(programme_a, programme_b, api_for, draft):
    world = programme_a
    url = f"{API}/assessments/{draft.pk}/review"
    # A draft cannot be reviewed yet.
    assert field_errors(api_for(world.operator_user).post(url, {})) == {
        "body": ["The company has not submitted this assessment yet."]
    }
    for user in (world.host_user, programme_b.operator_user):
        assert api_for(user).post(url, {}).status_code == 404
    # A read-only token of the adviser may not write.
    response = api_for(world.operator_user, scope="read").post(url, {})
    assert response.status_code == 403
    assert not ScoreSnapshot.objects.filter(assessment=draft).exists()
    draft.refresh_from_db()
    assert draft.status == "draft"
