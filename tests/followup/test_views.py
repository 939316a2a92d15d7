"""The follow-up pages: what each role sees and does, and what the database then holds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sme2go.followup import domain
from sme2go.followup.models import Agreement, CheckIn, Lead, MeetingFeedback, NextStep
from sme2go.organisations.models import Organisation
from tests.factories import enrol, make_organisation
from tests.followup.files import PDF_BYTES, PNG_BYTES
from tests.followup.world import add_meeting, publish
from tests.pagetext import page_text


@pytest.fixture
def world(programme_a):
    programme_a.meeting = publish(programme_a)
    return programme_a


def url(name: str, **kwargs) -> str:
    return reverse(f"followup:{name}", kwargs=kwargs)


def test_a_company_gives_feedback_from_its_mission_page(world, client_for):
    client = client_for(world.company_user)
    page = client.get(url("mission", mission_pk=world.mission.pk))
    text = page_text(page)
    assert "Your meetings: your feedback" in text
    # 09:00 UTC is 17:00 in Weifang, the day's city.
    assert "16/03/2026 17:00 Weifang 潍坊 Company a – Counterpart a" in text
    feedback_url = url("feedback", scheduledmeeting_pk=world.meeting.pk)
    assert feedback_url in page.content.decode()
    assert "Leads by stage" not in text  # the adviser's sections

    response = client.post(
        feedback_url, {"rating": "5", "wants_to_continue": "True", "notes": "Price list next."}
    )
    assert response.status_code == 302
    saved = MeetingFeedback.objects.get()
    assert (saved.organisation, saved.rating, saved.wants_to_continue, saved.notes) == (
        world.company,
        5,
        True,
        "Price list next.",
    )
    assert "5/5, you want to continue" in page_text(
        client.get(url("mission", mission_pk=world.mission.pk))
    )


def test_feedback_form_shows_what_is_missing(world, client_for):
    client = client_for(world.counterpart_user)
    response = client.post(url("feedback", scheduledmeeting_pk=world.meeting.pk), {"rating": "9"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Select a valid choice. 9 is not one of the available choices." in text
    assert not MeetingFeedback.objects.exists()


def test_the_host_may_not_give_feedback_on_a_meeting_it_was_not_in(world, client_for):
    meeting = add_meeting(world, world.host, 11)
    response = client_for(world.counterpart_user).get(
        url("feedback", scheduledmeeting_pk=meeting.pk)
    )
    assert response.status_code == 404


def test_the_adviser_page_lists_feedback_leads_steps_agreements(world, client_for):
    domain.give_feedback(
        actor=world.company_user, meeting=world.meeting, rating=4, wants_to_continue=True
    )
    lead = domain.record_lead(
        actor=world.operator_user,
        company=world.company,
        counterpart=world.counterpart,
        title="Seat shells",
        source_meeting=world.meeting,
        owner=world.operator_user,
    )
    domain.add_next_step(
        actor=world.operator_user,
        lead=lead,
        text="Send samples",
        due_on=dt.date(2026, 4, 1),
        owner=world.operator_user,
    )
    domain.record_agreement(
        actor=world.operator_user,
        kind="subcontracting",
        company=world.company,
        partner=world.counterpart,
        signed_on=dt.date(2026, 3, 18),
        description="Seat shells",
        lead=lead,
    )
    text = page_text(
        client_for(world.operator_user).get(url("mission", mission_pk=world.mission.pk))
    )
    assert "Meetings held 1" in text
    assert "Company a: 4/5, wants to continue" in text
    assert "Agreement (1) Seat shells" in text
    assert "1 Apr 2026 overdue Send samples Company a – Counterpart a" in text
    assert "Subcontracting agreement: Company a – Counterpart a · signed on 18 Mar 2026" in text


def test_lead_create_from_a_meeting_then_move_it(world, client_for):
    client = client_for(world.operator_user)
    form = client.get(
        url("lead_create", mission_pk=world.mission.pk) + f"?meeting={world.meeting.pk}"
    )
    assert form.status_code == 200
    response = client.post(
        url("lead_create", mission_pk=world.mission.pk),
        {
            "company": world.company.pk,
            "counterpart": world.counterpart.pk,
            "title": "Seat shells",
            "source_meeting": world.meeting.pk,
            "stage": "first_contact",
            "owner": world.operator_user.pk,
        },
    )
    lead = Lead.objects.get()
    assert response.url == url("lead", lead_pk=lead.pk)
    moved = client.post(url("lead_stage", lead_pk=lead.pk), {"stage": "lost"})
    assert moved.status_code == 200
    assert "Say why the lead was lost." in page_text(moved)
    client.post(url("lead_stage", lead_pk=lead.pk), {"stage": "lost", "reason": "No budget"})
    detail = page_text(client.get(url("lead", lead_pk=lead.pk)))
    assert "Why it was lost No budget" in detail
    assert "First contact → Lost" in detail


def test_the_lead_history_names_the_agreement_in_the_readers_language(world, client_for):
    client = client_for(world.operator_user)
    lead = domain.record_lead(
        actor=world.operator_user,
        company=world.company,
        counterpart=world.counterpart,
        title="Seat shells",
        source_meeting=world.meeting,
    )
    domain.record_agreement(
        actor=world.operator_user,
        kind=Agreement.Kind.SUBCONTRACTING,
        company=world.company,
        partner=world.counterpart,
        signed_on=dt.date(2026, 3, 18),
        description="Seat shells",
        lead=lead,
    )
    english = page_text(client.get(url("lead", lead_pk=lead.pk)))
    assert "First contact → Agreement · operator_a Agreement signed on 18 Mar 2026" in english
    # In the meeting's local time, as the mission's follow-up page shows the meeting.
    recorded = lead.stage_changes.last().changed_at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert "Times in the local time of the meeting (Weifang)." in english
    assert f"{recorded:%d/%m/%Y %H:%M} First contact → Agreement" in english
    finnish = page_text(client.get(url("lead", lead_pk=lead.pk), HTTP_ACCEPT_LANGUAGE="fi"))
    assert "Sopimus allekirjoitettu 18. maaliskuuta 2026" in finnish
    assert "Agreement signed" not in finnish


def test_agreement_with_evidence_upload_download_and_confirmation(world, client_for):
    client = client_for(world.operator_user)
    response = client.post(
        url("agreement_create", mission_pk=world.mission.pk),
        {
            "kind": "subcontracting",
            "company": world.company.pk,
            "partner": world.counterpart.pk,
            "signed_on": "2026-03-10",
            "description": "Seat shells",
            "source_meeting": world.meeting.pk,
            "file": SimpleUploadedFile("signed.pdf", PDF_BYTES, "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert (
        "The agreement is dated 10 Mar 2026, before the meeting it came from (Company a with "
        "Counterpart a on 16 Mar 2026)." in page_text(response)
    )
    assert not Agreement.objects.exists()
    response = client.post(
        url("agreement_create", mission_pk=world.mission.pk),
        {
            "kind": "subcontracting",
            "company": world.company.pk,
            "partner": world.counterpart.pk,
            "signed_on": "2026-03-18",
            "description": "Seat shells",
            "source_meeting": world.meeting.pk,
            "file": SimpleUploadedFile("signed.pdf", PDF_BYTES, "application/pdf"),
        },
    )
    agreement = Agreement.objects.get()
    assert response.url == url("agreement", agreement_pk=agreement.pk)
    bad = client.post(
        url("evidence_add", agreement_pk=agreement.pk),
        {"file": SimpleUploadedFile("photo.jpg", PNG_BYTES, "image/jpeg")},
    )
    assert "photo.jpg is named as a JPEG image but its content is a PNG image." in page_text(bad)
    evidence = agreement.evidence.get()
    download = client.get(url("evidence_file", agreementevidence_pk=evidence.pk))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF_BYTES
    # The company sees its agreement and the evidence, but does not confirm it.
    company = client_for(world.company_user)
    assert "Subcontracting agreement" in page_text(
        company.get(url("agreement", agreement_pk=agreement.pk))
    )
    assert company.post(url("agreement_confirm", agreement_pk=agreement.pk)).status_code == 403
    client.post(url("agreement_confirm", agreement_pk=agreement.pk))
    agreement.refresh_from_db()
    assert agreement.confirmed_by == world.operator_user


def test_a_company_answers_its_check_in(world, client_for):
    domain.schedule_check_ins(actor=None, mission=world.mission)
    three = CheckIn.objects.get(months=3)
    client = client_for(world.company_user)
    response = client.post(
        url("check_in", checkin_pk=three.pk), {"continues": "False", "notes": "They closed."}
    )
    assert response.status_code == 302
    three.refresh_from_db()
    assert (three.continues, three.notes, three.answered_by) == (
        False,
        "They closed.",
        world.company_user,
    )
    twelve = CheckIn.objects.get(months=12)
    page = page_text(client.get(url("check_in", checkin_pk=twelve.pk)))
    assert "This check-in opens on 20 Mar 2027" in page


def test_an_owner_marks_a_step_done_from_the_lead(world, client_for):
    step = world.nextstep
    step.owner = world.company_user
    step.save()
    response = client_for(world.company_user).post(url("step_done", nextstep_pk=step.pk))
    assert response.url == url("lead", lead_pk=step.lead_id)
    assert NextStep.objects.get(pk=step.pk).done


def test_lead_list_queries_do_not_grow(world, client_for, django_assert_max_num_queries):
    client = client_for(world.operator_user)
    assert world.nextstep.lead.stage == "first_contact"  # one lead with one step
    client.get(url("leads"))
    with django_assert_max_num_queries(12) as one:
        client.get(url("leads"))
    for n in range(15):
        Lead.objects.create(
            programme=world.programme,
            mission=world.mission,
            company=world.company,
            counterpart=world.counterpart,
            title=f"Lead {n}",
        )
    with django_assert_max_num_queries(len(one)):
        response = client.get(url("leads"))
    assert "Lead 14" in page_text(response)


def test_mission_page_queries_do_not_grow(world, client_for, django_assert_max_num_queries):
    client = client_for(world.operator_user)
    client.get(url("mission", mission_pk=world.mission.pk))
    with django_assert_max_num_queries(30) as one:
        client.get(url("mission", mission_pk=world.mission.pk))
    for hour in range(10, 16):
        other = make_organisation(f"Counterpart {hour}", Organisation.Kind.COUNTERPART)
        enrol(world.programme, other)
        meeting = add_meeting(world, other, hour)
        domain.give_feedback(
            actor=world.company_user, meeting=meeting, rating=3, wants_to_continue=False
        )
        lead = domain.record_lead(
            actor=None,
            company=world.company,
            counterpart=other,
            title=f"Lead {hour}",
            source_meeting=meeting,
        )
        domain.add_next_step(
            actor=None, lead=lead, text="x", due_on=dt.date(2026, 5, 1), owner=world.operator_user
        )
    with django_assert_max_num_queries(len(one)):
        response = client.get(url("mission", mission_pk=world.mission.pk))
    assert "Meetings held 7" in page_text(response)


def test_a_host_sees_its_meetings_but_no_check_ins(world, client_for):
    meeting = add_meeting(world, world.host, 11)
    domain.schedule_check_ins(actor=None, mission=world.mission)
    text = page_text(client_for(world.host_user).get(url("mission", mission_pk=world.mission.pk)))
    assert "Company a – Host a" in text
    assert "Company a – Counterpart a" not in text
    assert "Check-ins after the mission" not in text
    assert (
        url("feedback", scheduledmeeting_pk=meeting.pk)
        in client_for(world.host_user)
        .get(url("mission", mission_pk=world.mission.pk))
        .content.decode()
    )


def test_the_agenda_and_the_mission_page_link_the_feedback(world, client_for):
    client = client_for(world.company_user)
    follow_up = url("mission", mission_pk=world.mission.pk)
    agenda = client.get(
        reverse("agendas:mine", kwargs={"mission_pk": world.mission.pk}), follow=True
    )
    assert f'href="{follow_up}#meetings">Feedback on the meetings</a>' in agenda.content.decode()
    mission = client.get(reverse("missions:detail", kwargs={"mission_pk": world.mission.pk}))
    assert f'href="{follow_up}">Follow-up: feedback, leads, agreements</a>' in (
        mission.content.decode()
    )
