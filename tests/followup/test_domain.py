"""Follow-up write paths: who may write, what is refused, and that nothing is half-saved."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sme2go.followup import domain
from sme2go.followup.models import (
    Agreement,
    AgreementEvidence,
    CheckIn,
    FollowUpMeeting,
    Lead,
    LeadStageChange,
    MeetingFeedback,
    MeetingOutcome,
)
from tests.factories import make_user
from tests.followup.files import JPEG_BYTES, PDF_BYTES, PNG_BYTES
from tests.followup.world import publish


@pytest.fixture
def world(programme_a):
    programme_a.meeting = publish(programme_a)
    return programme_a


def feedback(world, actor, **extra):
    values = {"rating": 4, "wants_to_continue": True, "notes": "Good talk."} | extra
    return domain.give_feedback(actor=actor, meeting=world.meeting, **values)


def test_each_side_gives_its_own_feedback(world):
    mine = feedback(world, world.company_user)
    theirs = feedback(world, world.counterpart_user, rating=2, wants_to_continue=False)
    assert (mine.organisation, mine.rating, mine.wants_to_continue, mine.author) == (
        world.company,
        4,
        True,
        world.company_user,
    )
    assert (theirs.organisation, theirs.rating) == (world.counterpart, 2)
    # A second answer replaces the first.
    again = feedback(world, world.company_user, rating=5)
    assert again.pk == mine.pk
    assert MeetingFeedback.objects.get(pk=mine.pk).rating == 5
    assert MeetingFeedback.objects.count() == 2


def test_a_company_gives_feedback_on_its_own_meetings_only(world):
    with pytest.raises(PermissionDenied):
        feedback(world, world.host_user)
    other = make_user(
        "company_other",
        world.counterpart.__class__.objects.create(name="Other SME", kind="company"),
    )
    with pytest.raises(PermissionDenied):
        feedback(world, other)
    with pytest.raises(PermissionDenied):
        feedback(world, world.company_user, organisation=world.counterpart)
    assert not MeetingFeedback.objects.exists()


def test_an_adviser_names_the_side(world):
    with pytest.raises(ValidationError) as error:
        feedback(world, world.operator_user)
    assert error.value.message_dict == {"organisation": ["Say which side this feedback is from."]}
    with pytest.raises(ValidationError) as error:
        feedback(world, world.operator_user, organisation=world.host)
    assert error.value.message_dict["organisation"] == [
        "Host a is not a side of the meeting Company a with Counterpart a on 16 Mar 2026."
    ]
    made = feedback(world, world.operator_user, organisation=world.counterpart)
    assert (made.organisation, made.author) == (world.counterpart, world.operator_user)


def test_no_feedback_on_a_meeting_not_held_or_not_yet_started(world):
    domain.record_outcome(
        actor=world.operator_user, meeting=world.meeting, held=False, note="No-show"
    )
    with pytest.raises(ValidationError) as error:
        feedback(world, world.company_user)
    assert "was recorded as not held" in error.value.messages[0]
    future = world.meeting
    MeetingOutcome.objects.all().delete()
    type(future).objects.filter(pk=future.pk).update(
        starts_at=dt.datetime(2099, 1, 1, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2099, 1, 1, 10, tzinfo=dt.UTC),
    )
    future.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        feedback(world, world.company_user)
    assert "has not started yet" in error.value.messages[0]
    assert not MeetingFeedback.objects.exists()


def test_not_held_is_refused_once_a_side_gave_feedback(world):
    feedback(world, world.company_user)
    with pytest.raises(ValidationError) as error:
        domain.record_outcome(actor=world.operator_user, meeting=world.meeting, held=False)
    assert error.value.message_dict["held"] == [
        "Company a gave feedback on the meeting Company a with Counterpart a on 16 Mar 2026, "
        "so it took place."
    ]
    assert not MeetingOutcome.objects.exists()


def test_only_operators_record_outcomes(world):
    with pytest.raises(PermissionDenied):
        domain.record_outcome(actor=world.company_user, meeting=world.meeting, held=False)
    domain.record_outcome(actor=world.operator_user, meeting=world.meeting, held=False, note="x")
    assert not FollowUpMeeting.objects.held().exists()
    domain.record_outcome(actor=world.operator_user, meeting=world.meeting, held=True)
    assert list(FollowUpMeeting.objects.held()) == [world.meeting]


def test_a_draft_meeting_has_no_outcome_or_feedback(programme_a):
    meeting = programme_a.scheduledmeeting
    with pytest.raises(ValidationError):
        domain.record_outcome(actor=programme_a.operator_user, meeting=meeting, held=True)
    with pytest.raises(ValidationError):
        domain.give_feedback(
            actor=programme_a.company_user, meeting=meeting, rating=3, wants_to_continue=True
        )


def lead_of(world, **extra) -> Lead:
    values = {
        "company": world.company,
        "counterpart": world.counterpart,
        "title": "Seat shells",
        "source_meeting": world.meeting,
        "owner": world.operator_user,
    } | extra
    return domain.record_lead(actor=world.operator_user, **values)


def test_a_lead_moves_through_its_stages_with_history(world):
    lead = lead_of(world)
    assert (lead.programme, lead.mission, lead.stage) == (
        world.programme,
        world.mission,
        Lead.Stage.FIRST_CONTACT,
    )
    domain.move_lead(actor=world.operator_user, lead=lead, stage="negotiation", note="Prices")
    with pytest.raises(ValidationError) as error:
        domain.move_lead(actor=world.operator_user, lead=lead, stage="lost")
    assert error.value.message_dict == {"reason": ["Say why the lead was lost."]}
    lead = domain.move_lead(
        actor=world.operator_user, lead=lead, stage="lost", reason="Too expensive"
    )
    assert (lead.stage, lead.lost_reason) == ("lost", "Too expensive")
    history = list(
        LeadStageChange.objects.filter(lead=lead).values_list("from_stage", "to_stage", "note")
    )
    assert history == [
        ("", "first_contact", ""),
        ("first_contact", "negotiation", "Prices"),
        ("negotiation", "lost", "Too expensive"),
    ]
    with pytest.raises(ValidationError) as error:
        domain.move_lead(actor=world.operator_user, lead=lead, stage="lost", reason="again")
    assert error.value.message_dict == {"stage": ["The lead is already at “Lost”."]}
    lead = domain.move_lead(actor=world.operator_user, lead=lead, stage="negotiation")
    assert lead.lost_reason == ""


def test_leads_are_operators_work(world):
    with pytest.raises(PermissionDenied):
        lead_of(world, owner=None) if False else domain.record_lead(
            actor=world.company_user,
            company=world.company,
            counterpart=world.counterpart,
            title="x",
            mission=world.mission,
        )
    lead = lead_of(world)
    with pytest.raises(PermissionDenied):
        domain.move_lead(actor=world.company_user, lead=lead, stage="negotiation")


def test_a_lead_from_a_meeting_names_a_side_of_it(world):
    with pytest.raises(ValidationError) as error:
        lead_of(world, company=world.company, counterpart=world.company)
    assert error.value.message_dict == {"counterpart": ["A lead is between two organisations."]}
    with pytest.raises(ValidationError) as error:
        lead_of(world, owner=world.company_user)
    assert error.value.message_dict == {
        "owner": ["company_a is not operator staff of Programme a."]
    }
    assert not Lead.objects.exists()


def test_next_steps_owned_and_done(world):
    lead = lead_of(world)
    step = domain.add_next_step(
        actor=world.operator_user,
        lead=lead,
        text="Send the price list",
        due_on=dt.date(2026, 4, 1),
        owner=world.company_user,
    )
    with pytest.raises(ValidationError) as error:
        domain.add_next_step(
            actor=world.operator_user,
            lead=lead,
            text="x",
            due_on=dt.date(2026, 4, 1),
            owner=world.host_user,
        )
    assert error.value.message_dict == {
        "owner": ["host_a is neither operator staff of Programme a nor a user of Company a."]
    }
    with pytest.raises(PermissionDenied):
        domain.complete_next_step(actor=world.host_user, step=step)
    step = domain.complete_next_step(actor=world.company_user, step=step)
    assert step.done and step.done_at is not None


def agreement_of(world, **extra) -> Agreement:
    values = {
        "kind": Agreement.Kind.SUBCONTRACTING,
        "company": world.company,
        "partner": world.counterpart,
        "signed_on": dt.date(2026, 3, 20),
        "description": "Seat shells made in Weifang",
        "source_meeting": world.meeting,
    } | extra
    return domain.record_agreement(actor=world.operator_user, **values)


def test_an_agreement_is_not_dated_before_its_meeting(world):
    with pytest.raises(ValidationError) as error:
        agreement_of(world, signed_on=dt.date(2026, 3, 15))
    assert error.value.message_dict == {
        "signed_on": [
            "The agreement is dated 15 Mar 2026, before the meeting it came from "
            "(Company a with Counterpart a on 16 Mar 2026)."
        ]
    }
    with pytest.raises(ValidationError) as error:
        agreement_of(world, signed_on=dt.date(2099, 3, 15))
    assert "is in the future" in error.value.message_dict["signed_on"][0]
    assert not Agreement.objects.exists()


def test_an_agreement_with_evidence_moves_its_lead_and_is_confirmed(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lead = lead_of(world)
    agreement = agreement_of(
        world, lead=lead, source_meeting=None, files=[(io.BytesIO(PDF_BYTES), "signed.pdf")]
    )
    assert (agreement.mission, agreement.source_meeting, agreement.category) == (
        world.mission,
        world.meeting,
        "business",
    )
    evidence = agreement.evidence.get()
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "signed.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    assert evidence.file.read() == PDF_BYTES
    assert Lead.objects.get(pk=lead.pk).stage == "agreement"
    # The history keeps what happened as data, not a sentence in the adviser's language.
    step = LeadStageChange.objects.filter(lead=lead).last()
    assert (step.to_stage, step.note, step.event, step.event_params) == (
        "agreement",
        "",
        "agreement_signed",
        {"date": "2026-03-20"},
    )
    assert not Agreement.objects.confirmed().exists()
    with pytest.raises(PermissionDenied):
        domain.confirm_agreement(actor=world.company_user, agreement=agreement)
    confirmed = domain.confirm_agreement(actor=world.operator_user, agreement=agreement)
    assert confirmed.confirmed_by == world.operator_user
    assert list(Agreement.objects.confirmed()) == [agreement]
    with pytest.raises(ValidationError) as error:
        domain.confirm_agreement(actor=world.operator_user, agreement=agreement)
    assert "already confirmed" in error.value.messages[0]


def test_confirming_needs_evidence(world):
    agreement = agreement_of(world)
    with pytest.raises(ValidationError) as error:
        domain.confirm_agreement(actor=world.operator_user, agreement=agreement)
    assert error.value.messages == ["Add an evidence file before confirming the agreement."]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.pdf", "empty.pdf is empty."),
        (
            PNG_BYTES,
            "scan.pdf",
            "scan.pdf is named as a PDF document but its content is a PNG image.",
        ),
        (
            b"MZ\x90\x00 not a document",
            "agreement.pdf",
            "agreement.pdf is not a PDF, PNG or JPEG file: its content is none of these types.",
        ),
        (
            PDF_BYTES[:40],
            "cut.pdf",
            "cut.pdf starts as a PDF but is incomplete (no end-of-file marker).",
        ),
        (
            JPEG_BYTES[:30],
            "photo.jpg",
            "photo.jpg starts as a JPEG image but cannot be read as one.",
        ),
        (
            PDF_BYTES,
            "agreement.docx",
            "agreement.docx has no .pdf, .png, .jpg or .jpeg extension (its content is a PDF "
            "document).",
        ),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_saved(
    world, settings, tmp_path, data, name, message
):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as error:
        agreement_of(world, files=[(io.BytesIO(PDF_BYTES), "ok.pdf"), (io.BytesIO(data), name)])
    assert error.value.message_dict == {"file": [message]}
    assert not Agreement.objects.exists()
    assert not AgreementEvidence.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_oversized_evidence_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = agreement_of(world)
    big = PDF_BYTES[:-6] + b" " * (10 * 1024 * 1024) + b"%%EOF\n"
    with pytest.raises(ValidationError) as error:
        domain.add_evidence(
            actor=world.operator_user, agreement=agreement, file=io.BytesIO(big), name="big.pdf"
        )
    assert error.value.message_dict == {
        "file": ["big.pdf is larger than 10.0\xa0MB; evidence files may be at most 10.0\xa0MB."]
    }
    assert not AgreementEvidence.objects.exists()
    made = domain.add_evidence(
        actor=world.operator_user, agreement=agreement, file=io.BytesIO(PNG_BYTES), name="a.PNG"
    )
    assert made.content_type == "image/png"


def test_check_ins_at_3_6_and_12_months(world):
    made = domain.schedule_check_ins(actor=world.operator_user, mission=world.mission)
    assert [(c.company, c.months, c.due_on) for c in made] == [
        (world.company, 3, dt.date(2026, 6, 20)),
        (world.company, 6, dt.date(2026, 9, 20)),
        (world.company, 12, dt.date(2027, 3, 20)),
    ]
    assert domain.schedule_check_ins(actor=None, mission=world.mission) == []
    three, six, twelve = made
    with pytest.raises(PermissionDenied):
        domain.answer_check_in(actor=world.host_user, check_in=three, continues=True)
    answered = domain.answer_check_in(
        actor=world.company_user,
        check_in=three,
        continues=True,
        notes="Second order placed",
        today=dt.date(2026, 7, 1),
    )
    assert (answered.continues, answered.answered_by) == (True, world.company_user)
    with pytest.raises(ValidationError) as error:
        domain.answer_check_in(
            actor=world.company_user, check_in=twelve, continues=False, today=dt.date(2026, 7, 1)
        )
    assert error.value.messages == ["This check-in opens on 20 Mar 2027."]
    assert list(CheckIn.objects.due(dt.date(2026, 10, 1))) == [six]


def test_add_months_keeps_the_day_or_takes_the_last():
    assert domain.add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)
    assert domain.add_months(dt.date(2027, 3, 19), 12) == dt.date(2028, 3, 19)


def test_a_system_step_of_the_history_reads_in_the_readers_language(world):
    lead = lead_of(world)
    agreement_of(world, lead=lead, source_meeting=None)
    step = LeadStageChange.objects.filter(lead=lead).last()
    texts = {}
    for language in ("en", "fi", "sv", "et", "zh-hans"):
        with translation.override(language):
            texts[language] = step.event_text
    assert texts == {
        "en": "Agreement signed on 20 Mar 2026",
        "fi": "Sopimus allekirjoitettu 20. maaliskuuta 2026",
        "sv": "Avtal undertecknat 20 mars 2026",
        "et": "Leping allkirjastatud 20. märts 2026",
        "zh-hans": "协议签署于 2026年3月20日",
    }


def test_history_sentences_written_before_become_events(world):
    """The migration that introduced events converts the sentences the old code wrote in
    the recorder's language; a person's own note stays."""
    migration = importlib.import_module("sme2go.followup.migrations.0002_lead_stage_change_event")
    lead = lead_of(world)
    agreement_of(world, lead=lead, source_meeting=None)
    written = LeadStageChange.objects.filter(lead=lead).last()
    LeadStageChange.objects.filter(pk=written.pk).update(
        event="", event_params={}, note="Sopimus allekirjoitettu 20. maaliskuuta 2026"
    )
    other = lead_of(world, title="Second lead")
    agreement_of(world, lead=other, source_meeting=None, signed_on=dt.date(2026, 3, 21))
    kept = LeadStageChange.objects.filter(lead=other).last()
    LeadStageChange.objects.filter(pk=kept.pk).update(
        event="", event_params={}, note="Signed after a second visit"
    )
    migration.sentences_to_events(django_apps, None)
    assert list(
        LeadStageChange.objects.filter(pk__in=[written.pk, kept.pk])
        .order_by("pk")
        .values_list("note", "event", "event_params")
    ) == [
        ("", "agreement_signed", {"date": "2026-03-20"}),
        ("Signed after a second visit", "", {}),
    ]
