"""The readiness endpoints' reads, with the exact payloads they answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sme2go.readiness.models import Assessment, ScoreSnapshot

pytestmark = pytest.mark.django_db

API = "/api/v1"
MODULES = [{"bank": "generic", "version": "1.0"}, {"bank": "cn", "version": "1.0"}]


def iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def org(o) -> dict:
    return {"id": o.pk, "name": o.name, "kind": o.kind}


def summary(snapshot: ScoreSnapshot) -> dict:
    return {
        "kind": snapshot.kind,
        "taken_at": iso(snapshot.taken_at),
        "overall": snapshot.overall,
        "verified": snapshot.verified,
        "band": snapshot.band,
    }


def assessment_payload(world, assessment: Assessment, latest: ScoreSnapshot | None) -> dict:
    return {
        "id": assessment.pk,
        "programme": {"id": world.programme.pk, "name": world.programme.name},
        "company": org(world.company),
        "mission_id": assessment.mission_id,
        "wave": assessment.wave,
        "status": assessment.status,
        "modules": assessment.modules,
        "started_at": iso(assessment.started_at),
        "submitted_at": iso(assessment.submitted_at),
        "reviewed_at": iso(assessment.reviewed_at),
        "review_note": assessment.review_note,
        "latest_score": summary(latest) if latest else None,
    }


# A stored result written by hand: the API gives back what was scored, never rescores.
DIMENSION = {
    "id": "D1",
    "axis": "organisation",
    "score": 62.5,
    "verified": None,
    "answered": 4,
    "applicable": 5,
    "status": "scored",
}
GENERIC = {
    "bank_id": "generic",
    "bank_version": "1.0",
    "kind": "generic",
    "dimensions": [DIMENSION],
    "axes": [
        {"id": "organisation", "score": 62.5, "verified": None},
        {"id": "offering", "score": 55.0, "verified": None},
    ],
    "overall": 58.8,
    "verified": None,
    "band": "developing",
    "verified_band": None,
    "quadrant": "organisation_gap",
    "verdict": "knock_out",
    "knock_outs": ["D1.2"],
    "weakest": ["D1"],
    "applicable": ["D1.1", "D1.2"],
    "complete": None,
    "progress": [],
    "blockers": [],
}
GROUP = {
    "id": "A",
    "axis": "",
    "score": 50.0,
    "verified": 0.0,
    "answered": 1,
    "applicable": 2,
    "status": "scored",
}
PROGRESS = {
    "criticality": "critical",
    "applicable": 2,
    "done": 1,
    "verified_done": 0,
    "percent": 50.0,
}
BLOCKER = {
    "item_id": "CN-A2",
    "group": "A",
    "criticality": "critical",
    "status": "not_started",
    "lead_time_days": 180,
    "certain": True,
}
MARKET = {
    "bank_id": "cn",
    "bank_version": "1.0",
    "kind": "market",
    "dimensions": [GROUP],
    "axes": [],
    "overall": 50.0,
    "verified": 0.0,
    "band": None,
    "verified_band": None,
    "quadrant": None,
    "verdict": "blocked",
    "knock_outs": [],
    "weakest": [],
    "applicable": ["CN-A1", "CN-A2"],
    "complete": 50.0,
    "progress": [PROGRESS],
    "blockers": [BLOCKER],
}


@pytest.fixture
def scored(programme_a):
    """The world's assessment, reviewed, with a hand-written snapshot after the review."""
    world = programme_a
    assessment = world.assessment
    Assessment.objects.filter(pk=assessment.pk).update(
        status="reviewed",
        submitted_at=timezone.now(),
        reviewed_at=timezone.now(),
        review_note="Budget confirmed by the CFO.",
    )
    assessment.refresh_from_db()
    snapshot = ScoreSnapshot.objects.create(
        assessment=assessment,
        kind="reviewed",
        taken_by=world.operator_user,
        modules=MODULES,
        overall=58.8,
        verified=None,
        band="developing",
        open_critical_blockers=[{"bank": "cn", "version": "1.0", "item": "CN-A2", "market": "CN"}],
        result={"results": [GENERIC, MARKET]},
    )
    return assessment, snapshot


def test_the_list_shows_each_assessment_with_its_latest_score(
    programme_a, programme_b, api_for, scored
):
    world = programme_a
    assessment, snapshot = scored
    expected = assessment_payload(world, assessment, snapshot)
    for user in (world.operator_user, world.company_user):
        assert api_for(user).get(f"{API}/assessments").json() == {"items": [expected], "count": 1}


def test_hosts_and_counterparts_see_no_assessment(programme_a, api_for):
    world = programme_a
    for user in (world.host_user, world.counterpart_user):
        api = api_for(user)
        assert api.get(f"{API}/assessments").json() == {"items": [], "count": 0}
        for path in ("", "/answers"):
            response = api.get(f"{API}/assessments/{world.assessment.pk}{path}")
            assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})


def test_the_detail_gives_back_the_stored_score(programme_a, api_for, scored):
    world = programme_a
    assessment, snapshot = scored
    today = timezone.localdate()
    # Planned back from the mission's first day (16 March 2026) by the 180 days' lead time.
    latest_start = dt.date(2025, 9, 17)
    expected = {
        **assessment_payload(world, assessment, snapshot),
        "facts": {},
        "score": {
            **summary(snapshot),
            "taken_by": "operator_a",
            "modules": MODULES,
            "index": {
                "bank": "generic",
                "version": "1.0",
                "overall": 58.8,
                "verified": None,
                "band": "developing",
                "verified_band": None,
                "quadrant": "organisation_gap",
                "verdict": "knock_out",
                "knock_outs": ["D1.2"],
                "weakest": ["D1"],
                "axes": GENERIC["axes"],
                "dimensions": [DIMENSION],
            },
            "markets": [
                {
                    "bank": "cn",
                    "version": "1.0",
                    "market": "CN",
                    "complete": 50.0,
                    "verified": 0.0,
                    "verdict": "blocked",
                    "knock_outs": [],
                    "progress": [PROGRESS],
                    "groups": [GROUP],
                    "blockers": [
                        {
                            **BLOCKER,
                            "latest_start": latest_start.isoformat(),
                            "days_left": (latest_start - today).days,
                            "too_late": latest_start < today,
                        }
                    ],
                }
            ],
            "plan_mission_id": world.mission.pk,
        },
    }
    for user in (world.operator_user, world.company_user):
        response = api_for(user).get(f"{API}/assessments/{assessment.pk}")
        assert response.json() == expected


def test_the_detail_of_an_unscored_draft(programme_a, api_for):
    world = programme_a
    draft = Assessment.objects.create(
        programme=world.programme, company=world.company, wave="pre_mission", modules=MODULES[:1]
    )
    body = api_for(world.company_user).get(f"{API}/assessments/{draft.pk}").json()
    assert body == {
        **assessment_payload(world, draft, None),
        "mission_id": None,
        "facts": {},
        "score": None,
    }


def test_the_answers(programme_a, api_for):
    world = programme_a
    assessment = world.assessment
    Assessment.objects.filter(pk=assessment.pk).update(facts={"sells_goods": True})
    answer = assessment.answers.get()
    expected = {
        "status": "submitted",
        "facts": {"sells_goods": True},
        "answers": [
            {
                "bank": "generic",
                "item_id": "D1.1",
                "level": 2,
                "status": "",
                "not_applicable": False,
                "na_reason": "",
                "evidence": "self",
                "note": "",
                "updated_at": iso(answer.updated_at),
            }
        ],
    }
    for user in (world.operator_user, world.company_user):
        assert api_for(user).get(f"{API}/assessments/{assessment.pk}/answers").json() == expected


def test_filters_and_ordering(programme_a, api_for):
    world = programme_a
    world.assessment  # noqa: B018 - created on first use
    later = Assessment.objects.create(
        programme=world.programme,
        company=world.company,
        wave="post_mission",
        modules=MODULES[:1],
    )
    api = api_for(world.operator_user)

    def ids(**params):
        response = api.get(f"{API}/assessments", **params)
        assert response.status_code == 200, response.content
        return [a["id"] for a in response.json()["items"]]

    first = world.assessment.pk
    Assessment.objects.filter(pk=first).update(submitted_at=timezone.now())
    assert ids() == [first, later.pk]
    assert ids(ordering="-started_at") == [later.pk, first]
    # Not submitted yet: last either way.
    assert ids(ordering="submitted_at") == ids(ordering="-submitted_at") == [first, later.pk]
    assert ids(status="draft") == [later.pk]
    assert ids(wave="intake", mission=world.mission.pk) == [first]
    assert ids(company=world.company.pk, programme=world.programme.pk) == [first, later.pk]
    assert ids(company=world.host.pk) == []
    assert ids(page_size=1, page=2) == [later.pk]
    response = api.get(f"{API}/assessments", status="finished")
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["query", "status"]]
