"""A company completes its readiness assessment in the browser; an adviser confirms it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sme2go.readiness.models import Assessment
from tests.factories import PASSWORD, make_world
from tests.readiness.helpers import CHINA, GENERIC

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return make_world("a", city="Weifang", city_zh="潍坊")


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_company_completes_an_assessment_and_an_adviser_confirms_it(
    page, live_server, world, chromium_browser
):
    log_in(page, live_server, "company_a")
    page.get_by_role("link", name="Our profile", exact=True).click()
    page.get_by_role("link", name="Start an assessment").click()
    page.get_by_label("Wave").select_option("intake")
    page.locator("main form").get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", name="Readiness assessment of Company a")).to_be_visible()

    # Part of it, then save and continue later.
    page.locator("input[name='value:D1.1'][value='2']").check()
    page.get_by_role("button", name="Save and continue later").click()
    expect(page.locator(".messages")).to_contain_text("You can continue later")
    expect(page.locator("input[name='value:D1.1'][value='2']")).to_be_checked()
    expect(page.locator("main")).to_contain_text("1 of 76 answered")

    # The rest: every index item at 3, the China screening questions, two checklist items.
    for item in GENERIC.items:
        if item.id != "D1.1":
            page.locator(f"input[name='value:{item.id}'][value='3']").check()
    for fact in CHINA.facts:
        page.locator(f"input[name='fact:{fact.id}'][value='no']").check()
    page.locator("input[name='value:CN-D1'][value='done']").check()
    page.locator("input[name='value:CN-B1'][value='in_progress']").check()
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator(".messages")).to_contain_text("Submitted")
    main = page.locator("main")
    # D1: 2,3,3,3,3 -> 25 × 14/5 = 70; the other seven at 75: (70 + 525) / 8 = 74.4.
    expect(main).to_contain_text("74.4")
    expect(main).to_contain_text("Ready with gaps")
    expect(main.locator("svg.profile")).to_be_visible()
    expect(main.locator("svg.quadrant circle")).to_have_count(1)
    page.get_by_role("button", name="Log out").click()

    # The adviser confirms every answer; the verified score appears.
    log_in(page, live_server, "operator_a")
    assessment = Assessment.objects.get()
    page.goto(f"{live_server.url}/readiness/{assessment.pk}/")
    page.get_by_role("link", name="Review the answers").click()
    for select in page.locator("select[name^='evidence:']").all():
        select.select_option("adviser")
    page.get_by_label("Adviser's note").fill("Confirmed in the intake interview.")
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".messages")).to_contain_text("Review saved")
    expect(main.locator("dl.facts")).to_contain_text("74.4 (Ready with gaps)")
    expect(main).to_contain_text("Confirmed in the intake interview.")
    assessment.refresh_from_db()
    assert assessment.status == "reviewed"
    assert set(assessment.answers.values_list("evidence", flat=True)) == {"adviser"}
