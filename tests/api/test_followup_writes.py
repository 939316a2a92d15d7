"""Follow-up writes through the API call the follow-up domain functions: the same rules
and refusals as the pages, as each role, with the database state checked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sme2go.followup.models import Agreement, Lead, LeadStageChange, NextStep
from sme2go.organisations.models import Membership
from tests.api.test_writes import field_errors
from tests.factories import make_user

pytestmark = pytest.mark.django_db

API = "/api/v1"


def lead_body(world, **extra) -> dict:
    return {
        "mission": world.mission.pk,
        "company": world.company.pk,
        "counterpart": world.counterpart.pk,
        "title": "Sludge dryer for Weifang",
        **extra,
    }


# Leads ------------------------------------------------------------------------------------


def test_an_operator_records_a_lead(programme_a, api_for):
    world = programme_a
    response = api_for(world.operator_user).post(
        f"{API}/leads", lead_body(world, stage="negotiation", note="Met at the fair.")
    )
    assert response.status_code == 201, response.content
    lead = Lead.objects.get(title="Sludge dryer for Weifang")
    assert (lead.programme, lead.mission, lead.stage, lead.owner, lead.created_by) == (
        world.programme,
        world.mission,
        "negotiation",
        world.operator_user,  # the caller, when no owner is named
        world.operator_user,
    )
    body = response.json()
    assert (body["id"], body["stage"], body["owner"]["username"], body["next_steps"]) == (
        lead.pk,
        "negotiation",
        "operator_a",
        [],
    )
    assert [(h["from_stage"], h["to_stage"], h["note"]) for h in body["history"]] == [
        ("", "negotiation", "Met at the fair.")
    ]


def test_lead_refusals_name_the_field(programme_a, programme_b, api_for):
    world = programme_a
    api = api_for(world.operator_user)
    assert field_errors(
        api.post(f"{API}/leads", lead_body(world, counterpart=world.company.pk))
    ) == {"counterpart": ["A lead is between two organisations."]}
    assert field_errors(api.post(f"{API}/leads", lead_body(world, company=world.host.pk))) == {
        "company": ["Host a is not a company (SME)."]
    }
    # Another programme's objects and users are reported like missing ones.
    assert field_errors(
        api.post(f"{API}/leads", lead_body(world, counterpart=programme_b.counterpart.pk))
    ) == {"counterpart": [f"No such object: {programme_b.counterpart.pk}."]}
    assert field_errors(
        api.post(f"{API}/leads", lead_body(world, owner=programme_b.operator_user.pk))
    ) == {"owner": [f"No such object: {programme_b.operator_user.pk}."]}
    # The owner follows it up for the programme: a company user cannot.
    assert field_errors(
        api.post(f"{API}/leads", lead_body(world, owner=world.company_user.pk))
    ) == {"owner": ["company_a is not operator staff of Programme a."]}
    body = lead_body(world)
    del body["mission"]
    assert field_errors(api.post(f"{API}/leads", body)) == {
        "mission": ["Name the mission (or the programme, or the source meeting)."]
    }
    assert field_errors(api.post(f"{API}/leads", {**body, "title": ""})).keys() == {"title"}
    assert not Lead.objects.filter(title="Sludge dryer for Weifang").exists()
    # Without a mission, in the programme.
    response = api.post(f"{API}/leads", {**body, "programme": world.programme.pk})
    assert response.status_code == 201, response.content
    assert Lead.objects.get(pk=response.json()["id"]).mission is None


def test_only_operator_staff_record_leads(programme_a, api_for):
    world = programme_a
    # As on the pages, other roles are refused before the body's organisations are looked
    # up (a company sees no other organisation).
    for who in (world.company_user, world.host_user):
        response = api_for(who).post(f"{API}/leads", lead_body(world))
        assert (response.status_code, response.json()) == (403, {"detail": "You may not do this."})
    # The counterpart does not see the mission (no visit, no published meeting).
    assert field_errors(api_for(world.counterpart_user).post(f"{API}/leads", lead_body(world))) == {
        "mission": [f"No such object: {world.mission.pk}."]
    }
    assert not Lead.objects.filter(title="Sludge dryer for Weifang").exists()


def test_move_a_lead(programme_a, programme_b, api_for):
    world = programme_a
    lead = world.lead
    url = f"{API}/leads/{lead.pk}/stage"
    api = api_for(world.operator_user)
    assert field_errors(api.post(url, {"stage": "lost"})) == {
        "reason": ["Say why the lead was lost."]
    }
    assert field_errors(api.post(url, {"stage": "first_contact"})) == {
        "stage": ["The lead is already at “First contact”."]
    }
    response = api.post(url, {"stage": "lost", "reason": "Budget went to a local firm."})
    assert response.status_code == 200, response.content
    lead.refresh_from_db()
    assert (lead.stage, lead.lost_reason) == ("lost", "Budget went to a local firm.")
    assert response.json()["history"][-1]["note"] == "Budget went to a local firm."
    assert list(lead.stage_changes.values_list("from_stage", "to_stage", "changed_by")) == [
        ("", "first_contact", None),
        ("first_contact", "lost", world.operator_user.pk),
    ]
    # The company sees its lead but may not move it; another programme does not see it.
    response = api_for(world.company_user).post(url, {"stage": "negotiation"})
    assert response.status_code == 403
    for who in (world.host_user, programme_b.operator_user):
        assert api_for(who).post(url, {"stage": "negotiation"}).status_code == 404
    assert Lead.objects.get(pk=lead.pk).stage == "lost"


# Next steps -------------------------------------------------------------------------------


def test_next_steps_added_and_done_by_their_owner(programme_a, api_for):
    world = programme_a
    lead = world.lead
    operator, company = api_for(world.operator_user), api_for(world.company_user)
    url = f"{API}/leads/{lead.pk}/next-steps"
    body = {"text": "Send the offer", "due_on": "2027-01-15", "owner": world.company_user.pk}
    response = company.post(url, body)
    assert (response.status_code, response.json()) == (403, {"detail": "You may not do this."})
    response = operator.post(url, body)
    assert response.status_code == 201, response.content
    step = NextStep.objects.get(text="Send the offer")
    assert response.json() == {
        "id": step.pk,
        "lead_id": lead.pk,
        "text": "Send the offer",
        "due_on": "2027-01-15",
        "owner": {"id": world.company_user.pk, "username": "company_a", "name": ""},
        "done": False,
        "done_at": None,
        "overdue": dt.date(2027, 1, 15) < timezone.localdate(),
    }
    assert (step.owner, step.created_by) == (world.company_user, world.operator_user)
    # The counterpart's user may not own a step of the company's lead.
    assert field_errors(operator.post(url, {**body, "owner": world.counterpart_user.pk})) == {
        "owner": ["counterpart_a is neither operator staff of Programme a nor a user of Company a."]
    }
    assert field_errors(operator.post(url, {**body, "due_on": "1900-01-01"})).keys() == {"due_on"}

    # The owner (a company user) marks it done, and open again.
    done = f"{API}/next-steps/{step.pk}/done"
    response = company.put(done, {"done": True})
    assert response.status_code == 200, response.content
    step.refresh_from_db()
    assert step.done and response.json()["done_at"] is not None
    assert company.put(done, {"done": False}).json()["done"] is False
    assert NextStep.objects.get(pk=step.pk).done_at is None


def test_a_company_user_who_does_not_own_a_step_may_not_complete_it(programme_a, api_for):
    world = programme_a
    step = world.nextstep  # owned by the operator user
    colleague = make_user("company_a2", world.company, role=Membership.Role.MANAGER)
    response = api_for(colleague).put(f"{API}/next-steps/{step.pk}/done", {"done": True})
    assert (response.status_code, response.json()) == (403, {"detail": "You may not do this."})
    assert api_for(world.host_user).put(f"{API}/next-steps/{step.pk}/done", {}).status_code == 404
    step.refresh_from_db()
    assert not step.done


# Agreements -------------------------------------------------------------------------------


def agreement_body(world, **extra) -> dict:
    return {
        "kind": "distribution",
        "company": world.company.pk,
        "partner": world.counterpart.pk,
        "signed_on": "2026-03-19",
        "description": "Distribution in Shandong",
        **extra,
    }


def test_an_agreement_from_a_lead_moves_the_lead(programme_a, api_for):
    world = programme_a
    lead = world.lead
    response = api_for(world.operator_user).post(
        f"{API}/agreements", agreement_body(world, lead=lead.pk)
    )
    assert response.status_code == 201, response.content
    agreement = Agreement.objects.get(description="Distribution in Shandong")
    assert (agreement.programme, agreement.mission, agreement.lead, agreement.created_by) == (
        world.programme,
        world.mission,
        lead,
        world.operator_user,
    )
    body = response.json()
    assert (body["id"], body["category"], body["evidence_status"], body["evidence"]) == (
        agreement.pk,
        "business",
        "missing",
        [],
    )
    lead.refresh_from_db()
    assert lead.stage == "agreement"
    change = lead.stage_changes.last()
    assert (change.event, change.event_params) == (
        LeadStageChange.Event.AGREEMENT_SIGNED,
        {"date": "2026-03-19"},
    )


def test_agreement_refusals(programme_a, programme_b, api_for):
    world = programme_a
    api = api_for(world.operator_user)
    url = f"{API}/agreements"
    mission = {"mission": world.mission.pk}
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = api.post(url, agreement_body(world, signed_on=tomorrow.isoformat(), **mission))
    assert field_errors(response).keys() == {"signed_on"}
    assert field_errors(
        api.post(url, agreement_body(world, lead=world.lead.pk, partner=world.host.pk))
    ) == {
        "partner": [
            "The lead is between Company a and Counterpart a; the agreement names other parties."
        ]
    }
    assert field_errors(
        api.post(url, agreement_body(world, kind="handshake", **mission))
    ).keys() == {"kind"}
    assert field_errors(api.post(url, agreement_body(world, lead=programme_b.lead.pk))) == {
        "lead": [f"No such object: {programme_b.lead.pk}."]
    }
    assert field_errors(api.post(url, agreement_body(world))) == {
        "mission": ["Name the mission (or the programme, the lead or the source meeting)."]
    }
    for who in (world.company_user, world.host_user):
        response = api_for(who).post(url, agreement_body(world, **mission))
        assert (response.status_code, response.json()) == (403, {"detail": "You may not do this."})
    assert not Agreement.objects.filter(description="Distribution in Shandong").exists()


def test_confirm_an_agreement(programme_a, programme_b, api_for):
    world = programme_a
    agreement = world.agreement
    url = f"{API}/agreements/{agreement.pk}/confirm"
    operator = api_for(world.operator_user)
    assert field_errors(operator.post(url)) == {
        "body": ["Add an evidence file before confirming the agreement."]
    }
    world.agreementevidence  # noqa: B018 - created on first use
    assert api_for(world.company_user).post(url).status_code == 403
    assert api_for(programme_b.operator_user).post(url).status_code == 404
    agreement.refresh_from_db()
    assert agreement.confirmed_at is None

    response = operator.post(url)
    assert response.status_code == 200, response.content
    agreement.refresh_from_db()
    assert (agreement.confirmed_by, agreement.is_confirmed) == (world.operator_user, True)
    body = response.json()
    assert (body["evidence_status"], body["confirmed_by"]) == ("confirmed", "operator_a")
    assert field_errors(operator.post(url))["body"][0].startswith(
        "The agreement was already confirmed on "
    )


def test_change_a_lead(programme_a, programme_b, api_for):
    world = programme_a
    lead = world.lead
    url = f"{API}/leads/{lead.pk}"
    api = api_for(world.operator_user)
    response = api.patch(url, {"title": "Dryer pilot", "counterpart": world.host.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["counterpart"]["id"], body["owner"]["id"]) == (
        "Dryer pilot",
        world.host.pk,
        world.operator_user.pk,  # not sent, not changed
    )
    assert field_errors(api.patch(url, {"owner": world.company_user.pk})) == {
        "owner": ["company_a is not operator staff of Programme a."]
    }
    assert field_errors(api.patch(url, {"counterpart": world.company.pk})) == {
        "counterpart": ["A lead is between two organisations."]
    }
    assert field_errors(api.patch(url, {"title": None})) == {
        "title": ["This field cannot be null."]
    }
    assert api.patch(url, {"owner": None}).json()["owner"] is None
    lead.refresh_from_db()
    assert (lead.title, lead.counterpart, lead.owner) == ("Dryer pilot", world.host, None)
    # The company sees its lead but may not change it; others do not see it.
    response = api_for(world.company_user).patch(url, {"counterpart": world.counterpart.pk})
    assert (response.status_code, response.json()) == (403, {"detail": "You may not do this."})
    for who in (world.host_user, programme_b.operator_user):
        assert api_for(who).patch(url, {"title": "X"}).status_code == 404
    assert Lead.objects.get(pk=lead.pk).title == "Dryer pilot"
