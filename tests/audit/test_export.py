"""A user downloads everything stored about them as JSON."""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from sme2go.audit.models import AuditEntry
from sme2go.matches.domain import comment_on_match, decide_match
from sme2go.organisations.models import ContactPerson

pytestmark = pytest.mark.django_db


def as_json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def test_the_download_holds_exactly_what_is_stored_about_the_user(programme_a, client_for):
    w = programme_a
    user = w.operator_user
    user.first_name, user.last_name = "Anna", "Virtanen"
    user.save()
    contact = ContactPerson.objects.create(
        organisation=w.operator,
        name="Anna Virtanen",
        email="OPERATOR_A@example.org",
        phone="+358 1",
    )
    ContactPerson.objects.create(organisation=w.host, name="Someone else", email="x@example.org")
    proposal = w.proposal
    comment = comment_on_match(proposal=proposal, text="Strong fit for Rizhao.", actor=user)
    decide_match(proposal=proposal, decision="approved", actor=user)
    proposal.refresh_from_db()
    user.refresh_from_db()
    acted = list(AuditEntry.objects.filter(actor=user).order_by("pk"))

    response = client_for(user).get("/accounts/my-data/export.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sme2go-my-data-')
    data = json.loads(response.content)
    assert list(data) == [
        "format",
        "exported_at",
        "account",
        "membership",
        "contact_persons",
        "match_comments",
        "match_decisions",
        "needs_recorded",
        "missions_as_staff",
        "meeting_requests",
        "solver_runs_started",
        "schedules_published",
        "api_tokens",
        "audit_entries_as_actor",
        "account_history",
    ]
    assert data["format"] == "sme2go-personal-data/1"
    assert data["account"] == as_json(
        {
            "id": user.pk,
            "username": "operator_a",
            "first_name": "Anna",
            "last_name": "Virtanen",
            "email": "operator_a@example.org",
            "is_active": True,
            "is_staff": False,
            "is_superuser": False,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        }
    )
    assert "password" not in json.dumps(data["account"])
    assert data["membership"] == {
        "organisation_id": w.operator.pk,
        "organisation": "Operator a",
        "role": "manager",
    }
    assert data["contact_persons"] == [
        {
            "id": contact.pk,
            "organisation_id": w.operator.pk,
            "organisation": "Operator a",
            "name": "Anna Virtanen",
            "title": "",
            "email": "OPERATOR_A@example.org",
            "phone": "+358 1",
            "languages": "",
        }
    ]
    assert data["match_comments"] == as_json(
        [
            {
                "id": comment.pk,
                "proposal_id": proposal.pk,
                "text": "Strong fit for Rizhao.",
                "created_at": comment.created_at,
            }
        ]
    )
    assert data["match_decisions"] == as_json(
        [
            {
                "proposal_id": proposal.pk,
                "need_id": w.need.pk,
                "company_id": w.company.pk,
                "status": "approved",
                "reason": "",
                "decided_at": proposal.decided_at,
            }
        ]
    )
    assert data["needs_recorded"] == []
    assert data["missions_as_staff"] == [
        {
            "id": w.mission.pk,
            "title": "Mission a",
            "start_date": "2026-03-16",
            "end_date": "2026-03-20",
        }
    ]
    assert data["meeting_requests"] == []
    assert data["solver_runs_started"] == data["schedules_published"] == data["api_tokens"] == []
    assert [
        (e["action"], e["object_type"], e["object_id"]) for e in data["audit_entries_as_actor"]
    ] == [
        ("create", "matchcomment", comment.pk),
        ("approve", "matchproposal", proposal.pk),
    ]
    assert data["audit_entries_as_actor"][0] == as_json(
        {
            "at": acted[0].at,
            "action": "create",
            "object_type": "matchcomment",
            "object_id": comment.pk,
            "object": "Strong fit for Rizhao.",
            "changes": {
                "proposal": [None, proposal.pk],
                "author": [None, user.pk],
                "text": [None, "Strong fit for Rizhao."],
            },
        }
    )
    created, renamed = data["account_history"]
    assert created["changes"] == as_json(
        {
            "password": [None, "[hidden]"],
            "is_superuser": [None, False],
            "username": [None, "operator_a"],
            "email": [None, "operator_a@example.org"],
            "is_staff": [None, False],
            "is_active": [None, True],
            "date_joined": [None, user.date_joined],
        }
    )
    assert renamed["changes"] == {"first_name": ["", "Anna"], "last_name": ["", "Virtanen"]}


def test_the_page_offers_the_download(programme_a, client_for):
    page = client_for(programme_a.company_user).get("/accounts/my-data/")
    content = page.content.decode()
    assert page.status_code == 200
    assert 'href="/accounts/my-data/export.json"' in content
    assert "company_a" in content
    assert 'href="/accounts/my-data/"' in content  # the account menu links here


def test_the_download_needs_a_login(client):
    response = client.get("/accounts/my-data/export.json")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
