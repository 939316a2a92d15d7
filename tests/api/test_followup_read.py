"""The follow-up endpoints' reads (leads, agreements), with the exact payloads they answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sme2go.followup.models import Agreement, Lead, LeadStageChange, NextStep

pytestmark = pytest.mark.django_db

API = "/api/v1"


def iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def org(o) -> dict:
    return {"id": o.pk, "name": o.name, "kind": o.kind}


def user(u) -> dict:
    return {"id": u.pk, "username": u.get_username(), "name": u.get_full_name()}


def step_payload(step: NextStep) -> dict:
    return {
        "id": step.pk,
        "lead_id": step.lead_id,
        "text": step.text,
        "due_on": step.due_on.isoformat(),
        "owner": user(step.owner),
        "done": step.done,
        "done_at": iso(step.done_at),
        "overdue": step.is_overdue(),
    }


def lead_payload(world, lead: Lead, steps: list[NextStep]) -> dict:
    return {
        "id": lead.pk,
        "programme": {"id": world.programme.pk, "name": world.programme.name},
        "mission_id": world.mission.pk,
        "company": org(world.company),
        "counterpart": org(world.counterpart),
        "source_meeting_id": None,
        "title": lead.title,
        "stage": lead.stage,
        "lost_reason": lead.lost_reason,
        "owner": user(world.operator_user),
        "created_at": iso(lead.created_at),
        "stage_changed_at": iso(lead.stage_changed_at),
        "history": [
            {
                "from_stage": change.from_stage,
                "to_stage": change.to_stage,
                "note": change.note,
                "event": change.event,
                "event_params": change.event_params,
                "event_text": change.event_text,
                "changed_by": change.changed_by.get_username() if change.changed_by else None,
                "changed_at": iso(change.changed_at),
            }
            for change in lead.stage_changes.order_by("changed_at", "pk")
        ],
        "next_steps": [step_payload(step) for step in steps],
    }


@pytest.fixture
def moved(programme_a):
    """The world's lead moved to "agreement" by the signing of its agreement (a system
    step, an event), with its next step."""
    world = programme_a
    lead = world.lead
    world.nextstep  # noqa: B018 - created on first use
    LeadStageChange.objects.create(
        programme=world.programme,
        lead=lead,
        from_stage="first_contact",
        to_stage="agreement",
        event=LeadStageChange.Event.AGREEMENT_SIGNED,
        event_params={"date": "2026-03-20"},
        changed_by=world.operator_user,
    )
    Lead.objects.filter(pk=lead.pk).update(stage="agreement")
    lead.refresh_from_db()
    return lead


def test_leads(programme_a, programme_b, api_for, moved):
    world = programme_a
    expected = lead_payload(world, moved, [world.nextstep])
    assert expected["history"][1] == {
        "from_stage": "first_contact",
        "to_stage": "agreement",
        "note": "",
        "event": "agreement_signed",
        "event_params": {"date": "2026-03-20"},
        "event_text": "Agreement signed on 20 Mar 2026",
        "changed_by": "operator_a",
        "changed_at": expected["history"][1]["changed_at"],
    }
    # The company sees its own lead, with the next steps of it.
    for who in (world.operator_user, world.company_user):
        api = api_for(who)
        assert api.get(f"{API}/leads").json() == {"items": [expected], "count": 1}
        assert api.get(f"{API}/leads/{moved.pk}").json() == expected


def test_the_event_in_the_language_of_the_request(programme_a, api_for, moved):
    api = api_for(programme_a.operator_user)
    api.headers["Accept-Language"] = "fi"
    history = api.get(f"{API}/leads/{moved.pk}").json()["history"]
    assert history[1]["event_text"] == "Sopimus allekirjoitettu 20. maaliskuuta 2026"


def test_hosts_and_counterparts_see_no_follow_up(programme_a, api_for):
    world = programme_a
    world.agreement  # noqa: B018 - created on first use
    for who in (world.host_user, world.counterpart_user):
        api = api_for(who)
        for path in ("leads", "agreements"):
            assert api.get(f"{API}/{path}").json() == {"items": [], "count": 0}
        for path in (f"leads/{world.lead.pk}", f"agreements/{world.agreement.pk}"):
            response = api.get(f"{API}/{path}")
            assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})


def test_a_company_sees_only_the_next_steps_of_its_leads_and_its_own(programme_a, api_for, moved):
    world = programme_a
    other = Lead.objects.create(
        programme=world.programme,
        company=world.company,
        counterpart=world.host,
        title="Host lead",
        owner=world.operator_user,
    )
    # The company's own step and the adviser's step on the same lead.
    own = NextStep.objects.create(
        programme=world.programme,
        lead=other,
        text="Send the offer",
        due_on=dt.date(2027, 1, 15),
        owner=world.company_user,
    )
    body = api_for(world.company_user).get(f"{API}/leads/{other.pk}").json()
    assert body["next_steps"] == [step_payload(own)]
    assert body["next_steps"][0]["overdue"] is (own.due_on < timezone.localdate())


def test_lead_filters_and_ordering(programme_a, api_for, moved):
    world = programme_a
    second = Lead.objects.create(
        programme=world.programme,
        company=world.company,
        counterpart=world.host,
        title="Wastewater pilot",
        owner=None,
    )
    api = api_for(world.operator_user)

    def ids(**params):
        response = api.get(f"{API}/leads", **params)
        assert response.status_code == 200, response.content
        return [lead["id"] for lead in response.json()["items"]]

    assert ids() == [second.pk, moved.pk]
    assert ids(ordering="title") == [moved.pk, second.pk]
    assert ids(stage="agreement") == [moved.pk]
    assert ids(counterpart=world.host.pk) == [second.pk]
    assert ids(owner=world.operator_user.pk, mission=world.mission.pk) == [moved.pk]
    assert ids(q="pilot", company=world.company.pk, programme=world.programme.pk) == [second.pk]
    assert ids(q="counterpart a") == [moved.pk]


def agreement_payload(world, agreement: Agreement, evidence: list, status: str) -> dict:
    return {
        "id": agreement.pk,
        "programme": {"id": world.programme.pk, "name": world.programme.name},
        "mission_id": world.mission.pk,
        "lead_id": world.lead.pk,
        "source_meeting_id": None,
        "kind": "subcontracting",
        "category": "business",
        "company": org(world.company),
        "partner": org(world.counterpart),
        "signed_on": "2026-03-20",
        "description": "Agreement a",
        "evidence_status": status,
        "evidence": [
            {
                "id": e.pk,
                "original_name": e.original_name,
                "content_type": "application/pdf",
                "size": e.size,
                "sha256": "0" * 64,
                "description": "",
                "uploaded_at": iso(e.uploaded_at),
            }
            for e in evidence
        ],
        "confirmed_by": "operator_a" if agreement.confirmed_at else None,
        "confirmed_at": iso(agreement.confirmed_at),
        "created_at": iso(agreement.created_at),
    }


def test_agreements_with_their_evidence_status(programme_a, programme_b, api_for):
    world = programme_a
    agreement = world.agreement
    operator, company = api_for(world.operator_user), api_for(world.company_user)
    missing = agreement_payload(world, agreement, [], "missing")
    for api in (operator, company):
        assert api.get(f"{API}/agreements").json() == {"items": [missing], "count": 1}
        assert api.get(f"{API}/agreements/{agreement.pk}").json() == missing

    evidence = world.agreementevidence
    to_confirm = agreement_payload(world, agreement, [evidence], "to_confirm")
    assert company.get(f"{API}/agreements/{agreement.pk}").json() == to_confirm

    Agreement.objects.filter(pk=agreement.pk).update(
        confirmed_at=timezone.now(), confirmed_by=world.operator_user
    )
    agreement.refresh_from_db()
    confirmed = agreement_payload(world, agreement, [evidence], "confirmed")
    assert operator.get(f"{API}/agreements/{agreement.pk}").json() == confirmed


def test_agreement_filters(programme_a, api_for):
    world = programme_a
    agreement = world.agreement
    licence = Agreement.objects.create(
        programme=world.programme,
        kind=Agreement.Kind.LICENCE,
        company=world.company,
        partner=world.host,
        signed_on=dt.date(2026, 3, 18),
        description="Licence",
        confirmed_at=timezone.now(),
    )
    api = api_for(world.operator_user)

    def ids(**params):
        response = api.get(f"{API}/agreements", **params)
        assert response.status_code == 200, response.content
        return [a["id"] for a in response.json()["items"]]

    assert ids() == [agreement.pk, licence.pk]
    assert ids(ordering="signed_on") == [licence.pk, agreement.pk]
    assert ids(category="technology") == ids(kind="licence") == [licence.pk]
    assert ids(confirmed="true") == [licence.pk]
    assert ids(confirmed="false") == [agreement.pk]
    assert ids(lead=world.lead.pk, mission=world.mission.pk) == [agreement.pk]
    assert ids(partner=world.host.pk, company=world.company.pk) == [licence.pk]
    assert ids(programme=world.programme.pk + 1000) == []
