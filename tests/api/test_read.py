"""Every read endpoint, with the exact payload it answers."""

from __future__ import annotations

import datetime as dt

import pytest

from sme2go.companies.models import CompanyProfile
from sme2go.matches.models import MatchProposal
from sme2go.missions.models import ItineraryDay, Visit

pytestmark = pytest.mark.django_db

API = "/api/v1"


def org(o) -> dict:
    return {"id": o.pk, "name": o.name, "kind": o.kind}


def region(r) -> dict:
    return {"id": r.pk, "name": r.name, "name_zh": r.name_zh, "kind": r.kind}


def iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def test_programmes(programme_a, programme_b, api_for):
    api = api_for(programme_a.operator_user)
    expected = {
        "id": programme_a.programme.pk,
        "name": "Programme a",
        "funder": "Interreg",
        "description": "",
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
        "partners": [org(programme_a.operator)],
    }
    assert api.get(f"{API}/programmes").json() == {"items": [expected], "count": 1}
    assert api.get(f"{API}/programmes/{programme_a.programme.pk}").json() == expected


def company_payload(world) -> dict:
    return {
        "id": world.company.pk,
        "name": "Company a",
        "name_zh": "",
        "kind": "company",
        "host_type": "",
        "region": None,
        "sector": "",
        "description": "",
        "website": "",
        "contacts": [],
        "profile": {
            "offering": "Company a builds waste-water treatment plants.",
            "domains": ["water"],
            "cpv_codes": ["45252100"],
            "size_band": "small",
            "home_country": "FI",
            "languages": ["fi", "en"],
            "target_markets": ["CN"],
            "excluded_markets": [],
            "products": [
                {
                    "id": world.product.pk,
                    "kind": "product",
                    "name": "Product a",
                    "description": "",
                    "year": None,
                    "location": "",
                }
            ],
            "certifications": [
                {
                    "id": world.certification.pk,
                    "name": "ISO 9001 a",
                    "issuer": "",
                    "valid_until": None,
                }
            ],
        },
    }


def test_organisations(programme_a, programme_b, api_for):
    api = api_for(programme_a.operator_user)
    company = company_payload(programme_a)
    host = {
        "id": programme_a.host.pk,
        "name": "Host a",
        "name_zh": "",
        "kind": "host",
        "host_type": "city_government",
        "region": region(programme_a.city),
        "sector": "City government",
        "description": "",
        "website": "",
        "contacts": [
            {
                "id": programme_a.contactperson.pk,
                "name": "Contact a",
                "title": "",
                "email": "contact_a@example.org",
                "phone": "",
                "languages": "",
            }
        ],
        "profile": None,
    }
    listed = api.get(f"{API}/organisations").json()
    assert [o["name"] for o in listed["items"]] == [
        "Company a",
        "Counterpart a",
        "Host a",
        "Operator a",
    ]
    assert listed["count"] == 4
    assert listed["items"][0] == company
    assert listed["items"][2] == host
    assert api.get(f"{API}/organisations/{programme_a.company.pk}").json() == company
    assert api.get(f"{API}/organisations/{programme_a.host.pk}").json() == host
    assert (
        api.get(f"{API}/organisations/{programme_a.company.pk}/profile").json()
        == (company["profile"])
    )


def test_organisation_filters_and_ordering(programme_a, api_for):
    api = api_for(programme_a.operator_user)

    def names(**params):
        return [o["name"] for o in api.get(f"{API}/organisations", **params).json()["items"]]

    assert names(kind="host") == ["Host a"]
    assert names(kind="company", country="fi") == ["Company a"]
    assert names(kind="company", country="SE") == []
    assert names(q="count") == ["Counterpart a"]
    assert names(programme=programme_a.programme.pk, ordering="-name") == [
        "Operator a",
        "Host a",
        "Counterpart a",
        "Company a",
    ]
    page = api.get(f"{API}/organisations", page=2, page_size=3).json()
    assert page == {"items": [page["items"][0]], "count": 4}
    assert page["items"][0]["name"] == "Operator a"


def test_a_profile_only_for_companies(programme_a, api_for):
    api = api_for(programme_a.operator_user)
    response = api.get(f"{API}/organisations/{programme_a.host.pk}/profile")
    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})
    CompanyProfile.objects.filter(pk=programme_a.profile.pk).delete()
    response = api.get(f"{API}/organisations/{programme_a.company.pk}/profile")
    assert (response.status_code, response.json()) == (
        404,
        {"detail": "This company has no profile yet."},
    )


def need_payload(world) -> dict:
    need = world.need
    return {
        "id": need.pk,
        "programme": {"id": world.programme.pk, "name": "Programme a"},
        "host": org(world.host),
        "stated_by": "",
        "region": region(world.city),
        "heard_on": "2026-03-16",
        "mission_id": world.mission.pk,
        "title": "Need a",
        "description": "",
        "language": "en",
        "domains": ["water"],
        "cpv_codes": ["45252100"],
        "excluded_countries": [],
        "required_languages": [],
        "required_certification": "",
        "status": "open",
        "created_at": iso(need.created_at),
        "updated_at": iso(need.updated_at),
    }


def test_needs(programme_a, programme_b, api_for):
    expected = need_payload(programme_a)
    for user in (programme_a.operator_user, programme_a.host_user):
        api = api_for(user)
        assert api.get(f"{API}/needs").json() == {"items": [expected], "count": 1}
        assert api.get(f"{API}/needs/{programme_a.need.pk}").json() == expected
    # Companies and counterparts have no needs register.
    assert api_for(programme_a.company_user).get(f"{API}/needs").json() == {
        "items": [],
        "count": 0,
    }


def test_need_filters(programme_a, api_for):
    api = api_for(programme_a.operator_user)

    def titles(**params):
        return [n["title"] for n in api.get(f"{API}/needs", **params).json()["items"]]

    assert titles(status="open", host=programme_a.host.pk) == ["Need a"]
    assert titles(status="closed") == []
    assert titles(q="need A", mission=programme_a.mission.pk) == ["Need a"]
    assert titles(programme=programme_a.programme.pk + 1000) == []


def match_payload(world, proposal) -> dict:
    return {
        "id": proposal.pk,
        "need": {"id": world.need.pk, "title": "Need a", "programme_id": world.programme.pk},
        "company": org(world.company),
        "rank": 1,
        "score": 0.9,
        "fit": "strong",
        "reasons": {"summary": "Matched: water"},
        "status": proposal.status,
        "decision_reason": proposal.decision_reason,
        "decided_by": None,
        "decided_at": None,
        "computed_at": iso(proposal.computed_at),
    }


def test_matches(programme_a, programme_b, api_for):
    proposal = programme_a.proposal
    proposal.reasons = {"summary": "Matched: water"}
    proposal.fit = "strong"
    proposal.save()
    expected = match_payload(programme_a, proposal)
    api = api_for(programme_a.operator_user)
    assert api.get(f"{API}/matches").json() == {"items": [expected], "count": 1}
    assert api.get(f"{API}/matches/{proposal.pk}").json() == expected
    assert api.get(f"{API}/matches/{proposal.pk}/decision").json() == {
        "status": "proposed",
        "decision_reason": "",
        "decided_by": None,
        "decided_at": None,
    }
    assert api.get(f"{API}/matches", status="approved").json() == {"items": [], "count": 0}
    # The company sees a match only once an adviser approved it.
    company_api = api_for(programme_a.company_user)
    assert company_api.get(f"{API}/matches").json()["count"] == 0
    MatchProposal.objects.filter(pk=proposal.pk).update(status="approved")
    assert [m["id"] for m in company_api.get(f"{API}/matches").json()["items"]] == [proposal.pk]


def mission_payload(world, days) -> dict:
    return {
        "id": world.mission.pk,
        "programme": {"id": world.programme.pk, "name": "Programme a"},
        "title": "Mission a",
        "description": "",
        "start_date": "2026-03-16",
        "end_date": "2026-03-20",
        "status": "planning",
        "destinations": [region(world.city)],
        "companies": [org(world.company)],
        "days": days,
    }


def day_payload(world, visits) -> dict:
    qingdao = world.leg.origin
    return {
        "id": world.day.pk,
        "date": "2026-03-16",
        "city": region(world.city),
        "notes": "",
        "legs": [
            {
                "id": world.leg.pk,
                "origin": region(qingdao),
                "destination": region(world.city),
                "mode": "train",
                "departure": None,
                "duration_minutes": 120,
                "notes": "",
            }
        ],
        "visits": visits,
    }


def visit_payload(visit) -> dict:
    return {
        "id": visit.pk,
        "organisation": org(visit.organisation),
        "title": visit.title,
        "place": "",
        "start_time": visit.start_time.strftime("%H:%M"),
        "end_time": visit.end_time.strftime("%H:%M"),
        "notes": "",
    }


def test_missions(programme_a, programme_b, api_for):
    day = day_payload(programme_a, [visit_payload(programme_a.visit)])
    expected = mission_payload(programme_a, [day])
    for user in (programme_a.operator_user, programme_a.company_user):
        api = api_for(user)
        assert api.get(f"{API}/missions").json() == {"items": [expected], "count": 1}
        assert api.get(f"{API}/missions/{programme_a.mission.pk}").json() == expected
        assert api.get(f"{API}/missions/{programme_a.mission.pk}/days").json() == [day]
    assert api.get(f"{API}/missions", status="done").json() == {"items": [], "count": 0}


def test_a_host_sees_only_its_own_days_and_visits(programme_a, api_for):
    """As on the mission page: the days the delegation visits the host, its visits only."""
    world = programme_a
    other_day = ItineraryDay.objects.create(
        mission=world.mission, date=dt.date(2026, 3, 17), city=world.city
    )
    Visit.objects.create(
        day=world.day,
        organisation=world.counterpart,
        title="Counterpart visit",
        start_time=dt.time(14),
        end_time=dt.time(15),
    )
    counterpart_api = api_for(world.counterpart_user)
    # The counterpart is not visited on the mission's other day, so sees it not.
    assert other_day.pk not in [
        d["id"] for d in counterpart_api.get(f"{API}/missions/{world.mission.pk}/days").json()
    ]
    host_days = api_for(world.host_user).get(f"{API}/missions/{world.mission.pk}/days").json()
    assert host_days == [day_payload(world, [visit_payload(world.visit)])]
    operator_days = (
        api_for(world.operator_user).get(f"{API}/missions/{world.mission.pk}/days").json()
    )
    assert [d["id"] for d in operator_days] == [world.day.pk, other_day.pk]
    assert [v["title"] for v in operator_days[0]["visits"]] == ["Visit a", "Counterpart visit"]


def test_without_credentials_the_api_answers_401(programme_a, client):
    response = client.get(f"{API}/needs")
    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})


def test_the_schema_and_the_docs(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "sme2go API"
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "BrowserSession"}
    docs = client.get(f"{API}/docs").content.decode()
    # Swagger UI from the package's static files, nothing from a CDN.
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in docs
    assert "cdn" not in docs.lower()
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
