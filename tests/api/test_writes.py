"""Writes through the API call the domain functions: same rules, same refusals as the UI."""

from __future__ import annotations

import pytest

from sme2go.missions.models import ItineraryDay
from sme2go.needs.models import Need
from sme2go.organisations.models import Membership
from tests.factories import enrol, make_company, make_organisation, make_user

pytestmark = pytest.mark.django_db

API = "/api/v1"


def field_errors(response) -> dict[str, list[str]]:
    """``{field: [messages]}`` of a 422 body."""
    assert response.status_code == 422, response.content
    errors: dict[str, list[str]] = {}
    for error in response.json()["detail"]:
        errors.setdefault(str(error["loc"][-1]), []).append(error["msg"])
    return errors


# Needs ------------------------------------------------------------------------------------


def test_an_operator_records_a_need(programme_a, api_for):
    world = programme_a
    response = api_for(world.operator_user).post(
        f"{API}/needs",
        {
            "programme": world.programme.pk,
            "host": world.host.pk,
            "title": "Sludge drying",
            "heard_on": "2026-03-17",
            "stated_by": "Deputy mayor's office",
            "mission": world.mission.pk,
            "domains": ["water", "energy"],
            "cpv_codes": ["45252100"],
            "required_languages": ["zh"],
        },
    )
    assert response.status_code == 201, response.content
    need = Need.objects.get(title="Sludge drying")
    body = response.json()
    assert body["id"] == need.pk
    assert (body["host"]["id"], body["mission_id"], body["domains"]) == (
        world.host.pk,
        world.mission.pk,
        ["water", "energy"],
    )
    assert (need.stated_by, need.created_by, need.required_languages) == (
        "Deputy mayor's office",
        world.operator_user,
        ["zh"],
    )
    assert sorted(need.domains.values_list("code", flat=True)) == ["energy", "water"]


def test_a_host_records_its_own_need_without_naming_itself(programme_a, api_for):
    world = programme_a
    response = api_for(world.host_user).post(
        f"{API}/needs",
        {"programme": world.programme.pk, "title": "Wooden houses", "heard_on": "2026-03-18"},
    )
    assert response.status_code == 201, response.content
    assert Need.objects.get(title="Wooden houses").host == world.host


def test_a_host_cannot_record_for_another_host(programme_a, api_for):
    world = programme_a
    other = make_organisation("Other host", "host")
    enrol(world.programme, other)
    response = api_for(world.host_user).post(
        f"{API}/needs",
        {
            "programme": world.programme.pk,
            "host": other.pk,
            "title": "Not ours",
            "heard_on": "2026-03-18",
        },
    )
    # The host user cannot see the other host at all: reported on the field.
    assert field_errors(response) == {"host": [f"No such object: {other.pk}."]}
    assert not Need.objects.filter(title="Not ours").exists()


def test_a_company_may_not_record_needs(programme_a, api_for):
    world = programme_a
    response = api_for(world.company_user).post(
        f"{API}/needs",
        {"programme": world.programme.pk, "title": "X", "heard_on": "2026-03-18"},
    )
    assert (response.status_code, response.json()) == (403, {"detail": "You may not do this."})
    assert not Need.objects.filter(title="X").exists()


def test_domain_errors_name_the_field(programme_a, programme_b, api_for):
    world = programme_a
    api = api_for(world.operator_user)
    base = {"programme": world.programme.pk, "host": world.host.pk, "heard_on": "2026-03-18"}
    assert field_errors(api.post(f"{API}/needs", {**base, "title": "A", "domains": ["moon"]})) == {
        "domains": ["Unknown domain: moon."]
    }
    assert field_errors(
        api.post(f"{API}/needs", {**base, "title": "A", "cpv_codes": ["123"]})
    ).keys() == {"cpv_codes"}
    # A mission of another programme is invisible: reported like one that does not exist.
    assert field_errors(
        api.post(f"{API}/needs", {**base, "title": "A", "mission": programme_b.mission.pk})
    ) == {"mission": [f"No such object: {programme_b.mission.pk}."]}
    # A programme the operator is not partner of.
    assert field_errors(
        api.post(f"{API}/needs", {**base, "programme": programme_b.programme.pk, "title": "A"})
    ) == {"programme": [f"No such object: {programme_b.programme.pk}."]}
    # The counterpart is enrolled, but is not a host.
    assert field_errors(
        api.post(f"{API}/needs", {**base, "host": world.counterpart.pk, "title": "A"})
    ) == {
        "host": [
            f"organisation instance with id {world.counterpart.pk} is not a valid choice.",
            "A need is stated by a host organisation.",
        ]
    }
    assert Need.objects.count() == 2


def test_update_a_need(programme_a, api_for):
    world = programme_a
    api = api_for(world.operator_user)
    response = api.patch(
        f"{API}/needs/{world.need.pk}",
        {"status": "matching", "description": "Plants for 200,000 people.", "region": None},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["region"]) == ("matching", None)
    world.need.refresh_from_db()
    assert (world.need.status, world.need.description, world.need.region) == (
        "matching",
        "Plants for 200,000 people.",
        None,
    )
    assert world.need.title == "Need a"  # not sent, not changed
    assert field_errors(api.patch(f"{API}/needs/{world.need.pk}", {"title": None})) == {
        "title": ["This field cannot be null."]
    }


def test_a_host_may_not_hand_its_need_to_another_host(programme_a, api_for):
    world = programme_a
    response = api_for(world.host_user).patch(f"{API}/needs/{world.need.pk}", {"host": None})
    assert field_errors(response) == {"host": ["This field cannot be null."]}
    programme_a.need.refresh_from_db()
    assert programme_a.need.host == programme_a.host


def test_the_company_cannot_change_a_need_it_cannot_see(programme_a, api_for):
    response = api_for(programme_a.company_user).patch(
        f"{API}/needs/{programme_a.need.pk}", {"status": "closed"}
    )
    assert response.status_code == 404
    programme_a.need.refresh_from_db()
    assert programme_a.need.status == "open"


# Matches ----------------------------------------------------------------------------------


def test_decide_a_match(programme_a, api_for):
    world = programme_a
    proposal = world.proposal
    api = api_for(world.operator_user)
    url = f"{API}/matches/{proposal.pk}/decision"
    assert field_errors(api.put(url, {"decision": "rejected"})) == {
        "reason": ["Say why the match is rejected."]
    }
    response = api.put(url, {"decision": "approved", "reason": "Fits the Rizhao plant."})
    assert response.status_code == 200, response.content
    proposal.refresh_from_db()
    assert response.json() == {
        "status": "approved",
        "decision_reason": "Fits the Rizhao plant.",
        "decided_by": "operator_a",
        "decided_at": proposal.decided_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }
    assert (proposal.status, proposal.decided_by) == ("approved", world.operator_user)


def test_a_company_sees_its_approved_match_but_may_not_decide(programme_a, api_for):
    world = programme_a
    proposal = world.proposal
    proposal.status = "approved"
    proposal.save()
    response = api_for(world.company_user).put(
        f"{API}/matches/{proposal.pk}/decision", {"decision": "proposed"}
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "approved"


# Company profiles -------------------------------------------------------------------------


def test_a_company_updates_its_profile(programme_a, api_for):
    world = programme_a
    response = api_for(world.company_user).patch(
        f"{API}/organisations/{world.company.pk}/profile",
        {
            "name": "Kirkasvirta Water Oy",
            "offering": "Membrane bioreactors.",
            "domains": ["water", "energy"],
            "target_markets": ["CN", "VN"],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["offering"], body["domains"], body["target_markets"]) == (
        "Membrane bioreactors.",
        ["water", "energy"],
        ["CN", "VN"],
    )
    world.company.refresh_from_db()
    world.profile.refresh_from_db()
    assert world.company.name == "Kirkasvirta Water Oy"
    assert world.profile.target_markets == ["CN", "VN"]
    assert world.profile.languages == ["fi", "en"]  # not sent, not changed


def test_profile_errors_name_the_field(programme_a, api_for):
    world = programme_a
    response = api_for(world.operator_user).patch(
        f"{API}/organisations/{world.company.pk}/profile",
        {"home_country": "Finland", "target_markets": ["china"], "size_band": "huge"},
    )
    # pydantic rejects the size band before the domain function runs.
    assert field_errors(response).keys() == {"size_band"}
    response = api_for(world.operator_user).patch(
        f"{API}/organisations/{world.company.pk}/profile",
        {"home_country": "Finland", "target_markets": ["china"]},
    )
    assert field_errors(response) == {
        "home_country": [
            "Ensure this value has at most 2 characters (it has 7).",
            "Enter a two-letter ISO code, e.g. FI.",
        ],
        "target_markets": ["Not an ISO country code: china (expected two capitals, e.g. CN)."],
    }
    world.profile.refresh_from_db()
    assert world.profile.home_country == "FI"


def test_an_operator_changes_only_the_companies_it_recruited(programme_a, api_for):
    world = programme_a
    partner = make_organisation("Västerås Science Park", "operator")
    world.programme.partners.add(partner)
    other = make_company("Other recruit", world.programme, partner)
    adviser = make_user("vasteras", world.operator, role=Membership.Role.ADVISER)
    response = api_for(adviser).patch(
        f"{API}/organisations/{other.organisation.pk}/profile", {"offering": "Changed."}
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.offering == "Other recruit builds waste-water treatment plants."


# Missions ---------------------------------------------------------------------------------


def test_an_operator_adds_a_mission_day(programme_a, api_for):
    world = programme_a
    api = api_for(world.operator_user)
    url = f"{API}/missions/{world.mission.pk}/days"
    response = api.post(url, {"date": "2026-03-18", "city": world.city.pk, "notes": "Food Valley"})
    assert response.status_code == 201, response.content
    day = ItineraryDay.objects.get(mission=world.mission, date="2026-03-18")
    assert response.json() == {
        "id": day.pk,
        "date": "2026-03-18",
        "city": {
            "id": world.city.pk,
            "name": "Weifang",
            "name_zh": "潍坊",
            "kind": "city",
        },
        "notes": "Food Valley",
        "legs": [],
        "visits": [],
    }
    assert field_errors(api.post(url, {"date": "2026-03-18", "city": world.city.pk})) == {
        "date": ["The itinerary already has this day."]
    }
    assert field_errors(api.post(url, {"date": "2026-04-01", "city": world.city.pk})) == {
        "date": ["The day must fall within the mission (2026-03-16 – 2026-03-20)."]
    }
    assert field_errors(api.post(url, {"date": "2026-03-19", "city": 999999})) == {
        "city": ["No such object: 999999."]
    }


def test_a_participating_company_may_not_plan_the_trip(programme_a, api_for):
    world = programme_a
    response = api_for(world.company_user).post(
        f"{API}/missions/{world.mission.pk}/days", {"date": "2026-03-18", "city": world.city.pk}
    )
    assert response.status_code == 403
    assert world.mission.days.count() == 1
