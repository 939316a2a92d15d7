"""The readiness pages: answering, reviewing, the result, comparison, cohort, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sme2go.readiness import domain
from sme2go.readiness.models import Answer, Assessment
from tests.pagetext import page_text
from tests.readiness.helpers import GENERIC, levels, start, submitted

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"readiness:{name}", kwargs=kwargs)


def test_the_company_saves_part_of_its_answers_and_continues_later(programme_a, client_for):
    assessment = start(programme_a)
    client = client_for(programme_a.company_user)
    page = client.get(url("answer", assessment_pk=assessment.pk))
    text = page_text(page)
    assert "Commitment and international strategy" in text
    # The anchors of every level are shown beside the choice.
    assert "There is no plan for international business." in text
    assert "China market entry: about your offering" in text
    response = client.post(
        url("answer", assessment_pk=assessment.pk),
        {
            "value:D1.1": "2",
            "note:D1.1": "Draft exists",
            "fact:sells_goods": "yes",
            "action": "save",
        },
    )
    assert response.status_code == 302
    assert response.url == url("answer", assessment_pk=assessment.pk)
    row = Answer.objects.get(assessment=assessment)
    assert (row.item_id, row.level, row.note) == ("D1.1", 2, "Draft exists")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.facts) == ("draft", {"sells_goods": True})
    # The saved answer is there when the company comes back.
    page = client.get(url("answer", assessment_pk=assessment.pk))
    assert re.search(r'name="value:D1.1" value="2"[^>]*checked', page.content.decode())


def test_a_bad_answer_is_shown_at_its_item_and_nothing_is_saved(programme_a, client_for):
    assessment = start(programme_a)
    client = client_for(programme_a.company_user)
    response = client.post(
        url("answer", assessment_pk=assessment.pk),
        {"value:D1.1": "3", "value:D1.3": "", "na:D1.3": "on", "action": "save"},
    )
    assert response.status_code == 200
    assert "D1.3: N/A needs a reason" in page_text(response)
    assert not Answer.objects.exists()


def test_submitting_scores_and_shows_the_result(programme_a, client_for):
    assessment = start(programme_a)
    client = client_for(programme_a.company_user)
    data = {f"value:{item.id}": "3" for item in GENERIC.items}
    data.update({"value:D4.1": "0", "fact:sells_goods": "yes", "fact:has_radio": "yes"})
    data["action"] = "submit"
    response = client.post(url("answer", assessment_pk=assessment.pk), data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    page = client.get(url("detail", assessment_pk=assessment.pk))
    text = page_text(page)
    # D4 has one item at 0 and three at 3: 25 × 9/4 = 56.25 -> 56.3; the rest 75.
    assert "Finance and risk capacity" in text
    assert "56.3" in text
    assert "Knock-out" in text and "D4.1" in text
    assert "<svg" in page.content.decode()
    # The blockers are planned back from the mission (16 March 2026, before "today").
    assert "Blockers, planned back from Mission a" in text
    assert "CN-A5" in text  # SRRC radio approval: the company said it has a radio
    assert "Too late for this mission" in text


def test_the_adviser_confirms_the_answers(programme_a, client_for):
    assessment = submitted(programme_a, levels(3))
    client = client_for(programme_a.operator_user)
    page = client.get(url("review", assessment_pk=assessment.pk))
    assert "Evidence level" in page_text(page)
    data = {f"evidence:{item.id}": "adviser" for item in GENERIC.items}
    data["note"] = "Interview on 2 March"
    response = client.post(url("review", assessment_pk=assessment.pk), data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "reviewed"
    snapshot = assessment.snapshots.latest()
    assert (snapshot.kind, snapshot.verified) == ("reviewed", 75.0)
    # The company cannot review its own assessment.
    company = client_for(programme_a.company_user)
    assert company.post(url("review", assessment_pk=assessment.pk), data).status_code == 403


def test_company_sees_only_its_own_and_hosts_see_none(programme_a, programme_b, client_for):
    own = submitted(programme_a, levels(2))
    other = submitted(programme_b, levels(2))
    company = client_for(programme_a.company_user)
    assert company.get(url("detail", assessment_pk=own.pk)).status_code == 200
    assert company.get(url("detail", assessment_pk=other.pk)).status_code == 404
    listed = page_text(company.get(url("list")))
    assert "Company a" in listed and "Company b" not in listed
    host = client_for(programme_a.host_user)
    assert host.get(url("detail", assessment_pk=own.pk)).status_code == 404
    assert host.get(url("report_pdf", assessment_pk=own.pk)).status_code == 404
    assert "Company a" not in page_text(host.get(url("list")))
    operator_b = client_for(programme_b.operator_user)
    assert operator_b.get(url("detail", assessment_pk=own.pk)).status_code == 404


def test_the_pdf_report_holds_the_scores_and_the_plan(programme_a, client_for):
    assessment = submitted(programme_a, levels(lambda item: 1 if item.startswith("D1") else 3))
    response = client_for(programme_a.operator_user).get(
        url("report_pdf", assessment_pk=assessment.pk)
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Export readiness of Company a" in text
    # D1 at 25, the others at 75: overall (25 + 7 × 75) / 8 = 68.75 -> 68.8.
    assert "68.8" in text
    assert "Ready with gaps" in text
    assert "Weakest dimensions and next steps" in text
    assert "Commitment and international strategy" in text
    assert "CN-D1" in text


def test_the_comparison_shows_the_change_per_dimension_item_and_evidence(programme_a, client_for):
    before = submitted(programme_a, levels(2))
    after = submitted(
        programme_a,
        {**levels(2), "D1.1": {"level": 4}, "D1.2": {"level": 4}, "D1.4": {"level": 4}},
        wave=Assessment.Wave.PRE_MISSION,
        facts=None,
    )
    domain.review_assessment(
        assessment=after, evidence={"D1.1": "document"}, actor=programme_a.operator_user
    )
    page = client_for(programme_a.operator_user).get(
        url("progress", organisation_pk=programme_a.company.pk)
        + f"?before={before.pk}&after={after.pk}"
    )
    text = page_text(page)
    # D1: five items at 2 (50) -> three at 4 and two at 2 (25 × 16/5 = 80): +30.
    assert "Commitment and international strategy 50.0 80.0 +30.0 ✓" in text
    # Overall: 50 -> (80 + 7 × 50) / 8 = 53.75 -> 53.8: +3.8 (not meaningful).
    assert "Overall 50.0 53.8 +3.8" in text
    assert "Evidence upgrades (1)" in text
    assert "D1.1 Self-declared → Checked against documents" in text
    assert "36 common items" in text


def test_the_cohort_view_and_its_csv(programme_a, client_for, django_assert_max_num_queries):
    submitted(programme_a, levels(1))
    submitted(programme_a, levels(3), wave=Assessment.Wave.PRE_MISSION)
    client = client_for(programme_a.operator_user)
    cohort_url = url("programme_cohort", programme_pk=programme_a.programme.pk)
    with django_assert_max_num_queries(12):
        page = client.get(cohort_url)
    text = page_text(page)
    assert "Median change from the first to the latest wave: +50.0 points." in text
    assert "1 company with open critical blockers" in text
    # Each blocker with its title beside its code, in the reader's language.
    assert "Company a: CN-D1 Classify the offering against the EU dual-use list" in text
    chinese = page_text(client.get(cohort_url, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "Company a: CN-D1 对照欧盟两用物项清单进行出口管制分类" in chinese
    # "Change" of a score is not the language switcher's verb (切换, "switch").
    assert chinese.count("切换") == 1
    csv_url = url("programme_cohort_csv", programme_pk=programme_a.programme.pk)
    chinese_csv = client.get(csv_url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    chinese_rows = list(
        csv.reader(io.StringIO(b"".join(chinese_csv.streaming_content).decode("utf-8-sig")))
    )
    assert chinese_rows[1][8] == "CN-D1 对照欧盟两用物项清单进行出口管制分类"
    response = client.get(csv_url)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][8] == "CN-D1 Classify the offering against the EU dual-use list"
    assert rows[0][:7] == [
        "Company",
        "First wave",
        "First score",
        "Latest wave",
        "Latest score",
        "Change",
        "Band",
    ]
    assert rows[1][:7] == [
        "Company a",
        "Intake",
        "25.0",
        "Before the mission",
        "75.0",
        "50.0",
        "Ready with gaps",
    ]
    # A company user may not open the cohort.
    assert client_for(programme_a.company_user).get(cohort_url).status_code == 403


def test_list_and_cohort_queries_do_not_grow_with_the_companies(
    programme_a, client_for, django_assert_max_num_queries
):
    from tests.factories import make_company

    for n in range(6):
        profile = make_company(f"Extra {n}", programme_a.programme, programme_a.operator)
        domain.save_answers(
            assessment=domain.start_assessment(
                company=profile.organisation,
                programme=programme_a.programme,
                wave="intake",
                actor=None,
            ),
            answers=levels(2),
            actor=None,
        )
    for assessment in Assessment.objects.all():
        domain.submit_assessment(assessment=assessment, actor=None)
    client = client_for(programme_a.operator_user)
    with django_assert_max_num_queries(12):
        assert client.get(url("list")).status_code == 200
    with django_assert_max_num_queries(12):
        page = client.get(url("programme_cohort", programme_pk=programme_a.programme.pk))
    assert "Extra 5" in page_text(page)
    with django_assert_max_num_queries(12):
        assert (
            client.get(url("mission_cohort", mission_pk=programme_a.mission.pk)).status_code == 200
        )


def test_dates_of_the_plan(programme_a):
    """The plan counts from the mission's first day: CN-D1 (21 days) starts by 23 Feb."""
    from sme2go.readiness.report import build_report

    assessment = submitted(programme_a, levels(3))
    report = build_report(assessment.snapshots.get(), today=dt.date(2026, 2, 1))
    blockers = {b.item_id: b for b in report.markets[0].blockers}
    d1 = blockers["CN-D1"]
    assert (d1.latest_start, d1.days_left, d1.too_late) == (dt.date(2026, 2, 23), 22, False)
