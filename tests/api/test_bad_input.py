"""Bad requests answer 4xx with a JSON body naming what is wrong, never 5xx, and write
nothing."""

from __future__ import annotations

import pytest

from sme2go.needs.models import Need

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def api(programme_a, api_for):
    return api_for(programme_a.operator_user)


def body(response, status: int):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def test_malformed_json(programme_a, api):
    response = api.post(f"{API}/needs", raw='{"title": "Broken",')
    assert body(response, 400) == {"detail": "Cannot parse request body"}
    response = api.patch(f"{API}/needs/{programme_a.need.pk}", raw="not json at all")
    assert body(response, 400) == {"detail": "Cannot parse request body"}


def test_a_body_that_is_not_an_object(programme_a, api):
    for raw in ("[]", '"text"', "42", "null"):
        detail = body(api.patch(f"{API}/needs/{programme_a.need.pk}", raw=raw), 422)["detail"]
        assert detail[0]["loc"][:2] == ["body", "payload"], (raw, detail)


def test_wrong_types_name_the_field(programme_a, api):
    detail = body(
        api.post(
            f"{API}/needs",
            {
                "programme": "first",
                "host": programme_a.host.pk,
                "title": "T",
                "heard_on": "yesterday",
                "domains": "water",
            },
        ),
        422,
    )["detail"]
    assert sorted((e["loc"][-1], e["type"]) for e in detail) == [
        ("domains", "list_type"),
        ("heard_on", "date_from_datetime_parsing"),
        ("programme", "int_parsing"),
    ]


def test_unknown_fields_are_refused(programme_a, api):
    detail = body(
        api.patch(f"{API}/needs/{programme_a.need.pk}", {"status": "closed", "programme": 2}),
        422,
    )["detail"]
    assert [(e["loc"], e["type"]) for e in detail] == [
        (["body", "payload", "programme"], "extra_forbidden")
    ]
    programme_a.need.refresh_from_db()
    assert programme_a.need.status == "open"


def test_missing_fields(programme_a, api):
    detail = body(api.post(f"{API}/needs", {"programme": programme_a.programme.pk}), 422)["detail"]
    assert sorted((e["loc"][-1], e["type"]) for e in detail) == [
        ("heard_on", "missing"),
        ("title", "missing"),
    ]
    assert Need.objects.count() == 1


def test_values_outside_what_the_database_can_hold(programme_a, api):
    huge = 2**70
    assert body(api.get(f"{API}/needs/{huge}"), 422)["detail"][0]["loc"] == ["path", "need_pk"]
    assert body(api.get(f"{API}/needs", programme=huge), 422)["detail"][0]["loc"] == [
        "query",
        "programme",
    ]
    assert body(api.get(f"{API}/needs", page=10**9), 422)["detail"][0]["loc"] == ["query", "page"]
    assert body(api.get(f"{API}/needs", page_size=1000), 422)["detail"][0]["loc"] == [
        "query",
        "page_size",
    ]
    detail = body(api.get(f"{API}/needs", q="nul\x00byte"), 422)["detail"]
    assert (detail[0]["loc"], detail[0]["msg"]) == (
        ["query", "q"],
        "Value error, Text may not contain NUL characters.",
    )
    detail = body(api.patch(f"{API}/needs/{programme_a.need.pk}", {"title": "a\x00b"}), 422)[
        "detail"
    ]
    assert detail[0]["loc"] == ["body", "payload", "title"]


def test_unknown_filter_values(api):
    detail = body(api.get(f"{API}/needs", status="lost", ordering="random"), 422)["detail"]
    assert [e["loc"] for e in detail] == [["query", "status"], ["query", "ordering"]]


def test_unknown_objects_and_paths_answer_json(api):
    assert body(api.get(f"{API}/needs/0"), 422)["detail"][0]["loc"] == ["path", "need_pk"]
    assert body(api.get(f"{API}/needs/first"), 422)["detail"][0]["loc"] == ["path", "need_pk"]
    assert body(api.get(f"{API}/needs/987654"), 404) == {"detail": "Not Found"}
    assert body(api.get(f"{API}/no/such/thing"), 404) == {"detail": "Not Found"}


def test_a_method_the_endpoint_does_not_have(programme_a, api):
    response = api.request("DELETE", f"{API}/needs/{programme_a.need.pk}")
    assert response.status_code == 405
    assert Need.objects.filter(pk=programme_a.need.pk).exists()
