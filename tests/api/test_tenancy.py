"""The URL walk, extended to the API: every operation of every router, as every role of
another programme, answers 404 on another programme's objects, and lists show none.

The operations are read from the ninja routers, so a new endpoint is walked without anyone
remembering to add it; a write operation needs a valid example body in :data:`BODIES`
(the walk fails until it has one), so that the 404 is tenancy's and not the body's 422.
"""

from __future__ import annotations

import json
import re

import pytest
from django.apps import apps
from django.db import transaction

from sme2go.api.api import api
from tests.api.conftest import api_client_for

pytestmark = pytest.mark.django_db

ROLES = ("operator", "company", "host", "counterpart")
PARAM = re.compile(r"\{(?:\w+:)?(\w+)\}")


def operations() -> list[tuple[str, str, str]]:
    """(method, path template, view name) of every API operation, from the routers."""
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    found.append((method, "/api/v1" + prefix + path, operation.view_func.__name__))
    return found


# A valid body for each write operation, given the world whose objects the URL names.
BODIES = {
    "create_need": lambda w: {
        "programme": w.programme.pk,
        "host": w.host.pk,
        "title": "Walk",
        "heard_on": "2026-03-17",
    },
    "update_need": lambda w: {"status": "closed"},
    "update_company_profile": lambda w: {"offering": "Walked."},
    "decide_match": lambda w: {"decision": "rejected", "reason": "Walk."},
    "add_day": lambda w: {"date": "2026-03-18", "city": w.city.pk},
    "accept_meeting_request": lambda w: {"note": "Walk."},
    "decline_meeting_request": lambda w: {"note": "Walk."},
    "withdraw_meeting_request": lambda w: None,
    "set_must_meet": lambda w: {"must_meet": True},
    "publish_schedule": lambda w: None,
    "lock_scheduled_meeting": lambda w: None,
    "unlock_scheduled_meeting": lambda w: None,
    # 14:00 in the trip's time: the company's travel and the group visit are over.
    "move_scheduled_meeting": lambda w: {
        "starts_at": "2026-03-16T14:00:00+08:00",
        "venue": w.venue.pk,
        "table": 2,
    },
    "start_solver_run": lambda w: None,
    "cancel_solver_run": lambda w: None,
    "save_answers": lambda w: {"answers": {"D1.1": {"level": 3}}},
    "submit_assessment": lambda w: None,
    "review_assessment": lambda w: {"evidence": {"D1.1": "adviser"}, "note": "Walk."},
    "update_lead": lambda w: {"title": "Walked."},
    "move_lead": lambda w: {"stage": "negotiation"},
    "add_next_step": lambda w: {"text": "Walk.", "due_on": "2026-04-02"},
    "complete_next_step": lambda w: {"done": True},
    "confirm_agreement": lambda w: None,
    "record_outcome": lambda w: {"held": True},
    "give_feedback": lambda w: {
        "rating": 4,
        "wants_to_continue": True,
        "organisation": w.company.pk,
    },
}

# Operations that the world's objects refuse for their state, past tenancy (the 422 of
# the domain function, not a 404): the world's assessment is submitted, so its answers
# are closed and it cannot be submitted again; its meeting is in the draft schedule, so
# no outcome or feedback is recorded on it.
NOT_PUBLISHED = (
    "The meeting Company b with Counterpart b on 16 Mar 2026 is not in the mission's "
    "published schedule."
)
REFUSED_IN_STATE = {
    "save_answers": "This assessment was submitted; its answers can no longer be changed.",
    "submit_assessment": "This assessment has already been submitted.",
    "record_outcome": NOT_PUBLISHED,
    "give_feedback": NOT_PUBLISHED,
}


def fill(path: str, world) -> str:
    kwargs = world.url_kwargs()
    unknown = set(PARAM.findall(path)) - kwargs.keys()
    assert not unknown, f"{path}: path keywords the walk does not know: {sorted(unknown)}"
    return PARAM.sub(lambda m: str(kwargs[m.group(1)]), path)


def object_operations():
    return [op for op in operations() if PARAM.search(op[1])]


def snapshot() -> dict[str, list]:
    """Every row of every sme2go table, but tokens (their ``last_used_at`` moves)."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model.__module__.startswith("sme2go.") and model._meta.label != "api.ApiToken"
    }


def call(client, method: str, url: str, world, view: str):
    if method == "GET":
        return client.get(url)
    assert view in BODIES, f"{method} {url}: give the walk a valid body in BODIES[{view!r}]"
    return client.request(method, url, BODIES[view](world))


@pytest.fixture
def outsiders(programme_a):
    return {role: api_client_for(getattr(programme_a, f"{role}_user")) for role in ROLES}


def test_the_walk_covers_every_kind_of_object():
    paths = {path for _, path, _ in object_operations()}
    assert len(object_operations()) >= 12, paths
    assert {PARAM.search(p).group(1) for p in paths} == {
        "programme_pk",
        "organisation_pk",
        "need_pk",
        "proposal_pk",
        "mission_pk",
        "meetingrequest_pk",
        "schedule_pk",
        "scheduledmeeting_pk",
        "solverrun_pk",
        "assessment_pk",
        "lead_pk",
        "nextstep_pk",
        "agreement_pk",
    }


def test_every_object_operation_answers_404_to_another_programme(
    programme_a, programme_b, outsiders
):
    failures = []
    for method, path, view in object_operations():
        url = fill(path, programme_b)
        for role, client in outsiders.items():
            before = snapshot()
            response = call(client, method, url, programme_b, view)
            if response.status_code != 404 or response.json() != {"detail": "Not Found"}:
                failures.append(f"{role} {method} {url} -> {response.status_code}")
            if snapshot() != before:
                failures.append(f"{role} {method} {url} changed the database")
    assert not failures, "\n".join(failures)


def test_the_walk_reaches_real_objects(programme_a, programme_b):
    """Programme B's own operator gets no 404 with the same URLs and bodies, so the 404s
    above come from scoping, not from broken URLs or bodies."""
    client = api_client_for(programme_b.operator_user)
    failures = []
    for method, path, view in object_operations():
        url = fill(path, programme_b)
        with transaction.atomic():
            response = call(client, method, url, programme_b, view)
            transaction.set_rollback(True)
        if view in REFUSED_IN_STATE:
            refused = {"loc": ["body"], "msg": REFUSED_IN_STATE[view], "type": "invalid"}
            if response.status_code != 422 or response.json() != {"detail": [refused]}:
                failures.append(f"{method} {url} -> {response.status_code} {response.content}")
        elif response.status_code not in (200, 201):
            failures.append(f"{method} {url} -> {response.status_code} {response.content[:200]}")
    assert not failures, "\n".join(failures)


def test_lists_show_nothing_of_another_programme(programme_a, programme_b, outsiders):
    names = [
        "Programme b",
        "Operator b",
        "Company b",
        "Host b",
        "Counterpart b",
        "Need b",
        "Mission b",
        "Visit b",
        "Product b",
        "Contact b",
        "Lead b",
        "Call back b",
        "Agreement b",
        "agreement-b.pdf",
    ]
    programme_b.proposal  # noqa: B018 - created on first use
    programme_b.url_kwargs()  # the assessment, lead, next step and agreement with evidence
    failures = []
    for method, path, _ in operations():
        if method != "GET" or PARAM.search(path):
            continue
        for role, client in outsiders.items():
            text = json.dumps(client.get(path).json(), ensure_ascii=False)
            leaked = [name for name in names if name in text]
            if leaked:
                failures.append(f"{role} {path}: {leaked}")
    assert not failures, "\n".join(failures)
