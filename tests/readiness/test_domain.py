"""The readiness write paths: who may do what, what bad input is told, what is stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sme2go.readiness import domain
from sme2go.readiness.models import Answer, Assessment, EvidenceFile, ScoreSnapshot
from sme2go.readiness.summary import readiness_for
from tests.readiness.helpers import MODULES, levels, start, submitted

pytestmark = pytest.mark.django_db


def test_a_company_user_starts_its_own_assessment_with_the_latest_banks(programme_a):
    assessment = domain.start_assessment(
        company=programme_a.company,
        programme=programme_a.programme,
        wave="intake",
        actor=programme_a.company_user,
    )
    # The company's target market is CN, so the China module is added to the index.
    assert assessment.modules == MODULES
    assert assessment.status == "draft"
    assert assessment.profile["target_markets"] == ["CN"]
    assert assessment.profile["certifications"] == ["ISO 9001 a"]
    assert assessment.profile["domains"] == ["water"]


def test_hosts_and_other_programmes_cannot_start_one(programme_a, programme_b):
    for actor in (programme_a.host_user, programme_b.operator_user, programme_b.company_user):
        with pytest.raises(PermissionDenied):
            domain.start_assessment(
                company=programme_a.company,
                programme=programme_a.programme,
                wave="intake",
                actor=actor,
            )
    assert not Assessment.objects.exists()


def test_one_assessment_per_wave(programme_a):
    start(programme_a)
    with pytest.raises(ValidationError) as error:
        start(programme_a)
    assert error.value.message_dict == {
        "wave": ["Company a already has an assessment for this wave (Intake)."]
    }


def test_save_and_continue_later(programme_a):
    assessment = start(programme_a)
    domain.save_answers(
        assessment=assessment,
        answers={"D1.1": {"level": 2, "note": "Draft plan"}, "CN-A1": {"status": "in_progress"}},
        facts={"sells_goods": True},
        actor=programme_a.company_user,
    )
    domain.save_answers(
        assessment=assessment,
        answers={"D1.1": {"level": 3}, "D1.3": {"not_applicable": True, "na_reason": "Unclear"}},
        actor=programme_a.company_user,
    )
    rows = {
        a.item_id: (a.bank, a.level, a.status, a.not_applicable, a.na_reason, a.note)
        for a in assessment.answers.all()
    }
    assert rows == {
        "D1.1": ("generic", 3, "", False, "", ""),
        "D1.3": ("generic", None, "", True, "Unclear", ""),
        "CN-A1": ("cn", None, "in_progress", False, "", ""),
    }
    assessment.refresh_from_db()
    assert assessment.facts == {"sells_goods": True}
    # An item given without a value or N/A is cleared.
    domain.save_answers(assessment=assessment, answers={"D1.3": {}}, actor=None)
    assert set(assessment.answers.values_list("item_id", flat=True)) == {"D1.1", "CN-A1"}


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"D1.1": {"level": 5}}, {"D1.1": ["D1.1: 5 is outside the scale 0-4"]}),
        ({"D1.1": {"level": "x"}}, {"D1.1": ["D1.1: “x” is not a level of the scale 0–4."]}),
        (
            {"D9.9": {"level": 1}},
            {"D9.9": ["D9.9: no such item in this assessment's banks (generic 1.0, cn 1.0)."]},
        ),
        (
            {"CN-A1": {"level": 2}},
            {"CN-A1": ["CN-A1: a checklist item takes a status, not a level"]},
        ),
        (
            {"CN-A1": {"status": "finished"}},
            {"CN-A1": ["CN-A1: “finished” is not a status (not started, in progress, done)"]},
        ),
        (
            {"D1.3": {"not_applicable": True}},
            {"D1.3": ["D1.3: N/A needs a reason"]},
        ),
        (
            {"D1.2": {"not_applicable": True, "na_reason": "x"}},
            {"D1.2": ["D1.2: this item cannot be N/A"]},
        ),
    ],
)
def test_bad_answers_are_refused_naming_the_item_and_nothing_is_saved(
    programme_a, answers, expected
):
    assessment = start(programme_a)
    with pytest.raises(ValidationError) as error:
        domain.save_answers(
            assessment=assessment, answers={"D1.1": {"level": 1}, **answers}, actor=None
        )
    assert error.value.message_dict == expected
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("modules", "message"),
    [
        (
            [{"bank": "fr", "version": "1.0"}],
            "There is no item bank “fr” (there are: cn, generic).",
        ),
        (
            [{"bank": "generic", "version": "9.0"}],
            "There is no version 9.0 of the item bank “generic” (there are: 1.0).",
        ),
        ([{"bank": "generic"}], "Name each module as its bank and version."),
    ],
)
def test_unknown_modules_are_named_to_the_user(programme_a, modules, message):
    with pytest.raises(ValidationError) as error:
        domain.start_assessment(
            company=programme_a.company,
            programme=programme_a.programme,
            wave="intake",
            actor=programme_a.company_user,
            modules=modules,
        )
    assert error.value.message_dict == {"modules": [message]}
    assert not Assessment.objects.exists()


def test_submit_stores_a_snapshot_and_freezes_the_answers(programme_a):
    assessment = submitted(programme_a, levels(3))
    snapshot = assessment.snapshots.get()
    assert (snapshot.kind, snapshot.overall, snapshot.verified, snapshot.band) == (
        "submitted",
        75.0,
        None,
        "ready_with_gaps",
    )
    assert snapshot.modules == MODULES
    # The China module: nothing done, so CN-D1 (applies to every technology export) is an
    # open critical blocker; items behind unanswered screening questions also count.
    blockers = {b["item"] for b in snapshot.open_critical_blockers}
    assert "CN-D1" in blockers
    assert assessment.status == "submitted"
    with pytest.raises(ValidationError):
        domain.save_answers(assessment=assessment, answers={"D1.1": {"level": 1}}, actor=None)


def test_the_adviser_review_raises_evidence_and_adds_a_verified_score(programme_a):
    assessment = submitted(programme_a, levels(3))
    with pytest.raises(PermissionDenied):
        domain.review_assessment(
            assessment=assessment, evidence={"D1.1": "adviser"}, actor=programme_a.company_user
        )
    evidence = {item: "adviser" for item in levels(3)}
    evidence["D1.1"] = "document"
    snapshot = domain.review_assessment(
        assessment=assessment, evidence=evidence, note="Checked", actor=programme_a.operator_user
    )
    assert (snapshot.kind, snapshot.overall, snapshot.verified) == ("reviewed", 75.0, 75.0)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.review_note) == ("reviewed", "Checked")
    assert assessment.answers.get(item_id="D1.1").evidence == "document"
    assert ScoreSnapshot.objects.filter(assessment=assessment).count() == 2


def test_review_refuses_unknown_levels_and_unanswered_items(programme_a):
    assessment = submitted(programme_a, {"D1.1": {"level": 1}})
    with pytest.raises(ValidationError) as error:
        domain.review_assessment(
            assessment=assessment,
            evidence={"D1.1": "rumour", "D2.1": "adviser"},
            actor=programme_a.operator_user,
        )
    assert error.value.message_dict == {
        "D1.1": ["D1.1: unknown evidence level “rumour”."],
        "D2.1": ["D2.1: this item has no answer to confirm."],
    }


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_evidence_is_checked_and_attached_to_the_answer(programme_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assessment = start(programme_a)
    domain.save_answers(assessment=assessment, answers={"D8.2": {"level": 2}}, actor=None)
    evidence = domain.attach_evidence(
        assessment=assessment,
        upload=SimpleUploadedFile("filing.pdf", PDF),
        item_id="D8.2",
        actor=programme_a.company_user,
    )
    assert (evidence.name, evidence.content_type, evidence.size) == (
        "filing.pdf",
        "application/pdf",
        len(PDF),
    )
    assert evidence.answer.item_id == "D8.2"
    assert evidence.file.read() == PDF
    with pytest.raises(ValidationError) as error:
        domain.attach_evidence(
            assessment=assessment,
            upload=SimpleUploadedFile("filing.pdf", b"MZ\x90\x00 not a pdf"),
            actor=programme_a.company_user,
        )
    assert error.value.message_dict["file"] == [
        "filing.pdf is not a PDF, PNG or JPEG file: its content is none of these types."
    ]
    assert EvidenceFile.objects.count() == 1


def test_readiness_for_reads_the_latest_snapshot_of_each_company(
    programme_a, programme_b, django_assert_num_queries
):
    submitted(programme_a, levels(2))
    later = submitted(programme_a, levels(4), wave="pre_mission")
    submitted(programme_b, levels(1))
    with django_assert_num_queries(1):
        summaries = readiness_for([programme_a.company, programme_b.company.pk])
    a = summaries[programme_a.company.pk]
    assert (a.assessment_id, a.wave, a.overall, a.band) == (later.pk, "pre_mission", 100.0, "ready")
    assert str(a.band_label) == "Ready"
    assert ("CN-D1", "CN-D1") not in a.open_critical_blockers
    assert [item for item, _title in a.blockers_for("CN")] == [
        item for item, _title in a.open_critical_blockers
    ]
    assert a.blockers_for("DE") == ()
    assert summaries[programme_b.company.pk].overall == 25.0
    # Scoped: programme A's operator sees only its own programme's company.
    assert set(
        readiness_for([programme_a.company, programme_b.company], access=programme_a.operator_user)
    ) == {programme_a.company.pk}
    assert readiness_for([programme_a.company], access=programme_a.host_user) == {}
