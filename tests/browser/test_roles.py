"""Each demo role logs in through a real browser and reaches the Shandong mission."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sme2go.demo.data import DEMO_PASSWORD, MISSION_TITLE
from sme2go.demo.loader import load_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    load_demo()


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize(
    ("username", "day_text"),
    [
        ("posintra", "Zhucheng"),
        ("vasteras", "Zhucheng"),
        ("aqua", "Zhucheng"),
        ("rizhao", "Rizhao"),
    ],
)
def test_role_reaches_the_mission_page(page, live_server, demo, username, day_text):
    log_in(page, live_server, username)
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/$"))
    mission_link = page.get_by_role("link", name=MISSION_TITLE, exact=True).first
    expect(mission_link).to_be_visible()
    mission_link.click()
    expect(page.get_by_role("heading", name=MISSION_TITLE)).to_be_visible()
    expect(page.locator("main")).to_contain_text(day_text)
    expect(page.locator("main")).to_contain_text("2027")


def test_other_programme_operator_does_not_see_the_mission(page, live_server, demo):
    log_in(page, live_server, "nordichealth")
    expect(page.locator("main")).to_contain_text("Nordic Health Export")
    expect(page.locator("main")).not_to_contain_text(MISSION_TITLE)


def test_adviser_approves_a_match_and_the_company_sees_it(page, live_server, demo):
    log_in(page, live_server, "posintra")
    page.goto(f"{live_server.url}/needs/")
    page.get_by_role(
        "link", name="Energy efficiency and emissions monitoring in food-industry parks"
    ).click()
    page.get_by_role("link", name="Review matching companies").first.click()
    expect(page.locator("details.weaker > summary")).to_have_text("Show weaker fits (3)")

    def show_weaker_fits() -> None:
        """The calibrated levels rate these two companies weak fits for this need."""
        weaker = page.locator("details.weaker")
        if weaker.get_attribute("open") is None:
            weaker.locator("> summary").click()

    show_weaker_fits()
    kirkasvirta = page.locator("article.proposal", has_text="Kirkasvirta Water Oy")
    expect(kirkasvirta).to_contain_text("Proposed")
    kirkasvirta.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text("Kirkasvirta Water Oy: Approved.")

    if page.locator("details.weaker").count():
        show_weaker_fits()
    viljava = page.locator("article.proposal", has_text="Viljava Food Technology Oy")
    viljava.locator("summary", has_text="Reject…").click()
    viljava.get_by_label("Why is it rejected?").fill("Viljava sells processing lines, not audits.")
    viljava.get_by_role("button", name="Reject", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Viljava Food Technology Oy: Rejected.")
    viljava = page.locator("article.proposal", has_text="Viljava Food Technology Oy")
    expect(viljava).to_contain_text("Viljava sells processing lines, not audits.")

    page.context.clear_cookies()
    log_in(page, live_server, "aqua")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Opportunities approved for you").first.click()
    expect(page.locator("main")).to_contain_text(
        "Energy efficiency and emissions monitoring in food-industry parks"
    )
