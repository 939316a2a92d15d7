"""A company user opens its agenda, downloads the PDF and creates a calendar feed URL."""

from __future__ import annotations

import io

import icalendar
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.agendas.conftest import build_trip
from tests.factories import PASSWORD, make_world

pytestmark = pytest.mark.browser


@pytest.fixture
def trip(transactional_db):
    return build_trip(make_world("a", city="Weifang", city_zh="潍坊"))


def test_company_opens_its_agenda_downloads_the_pdf_and_subscribes(
    page, live_server, trip, chromium_browser
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill("company_a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="My agenda").first.click()
    expect(page.get_by_role("heading", name="Agenda of Company a")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Meeting: Company a — Counterpart a")
    expect(main).to_contain_text("Fuhua Hotel, table 3")
    expect(main).to_contain_text("Interpreter: zh — Li Wei")
    expect(main).to_contain_text("Coach: Weifang (潍坊) → Rizhao (日照)")

    # The PDF link, fetched with the browser's session.
    href = page.get_by_role("link", name="Printable PDF").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(
        "".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.body())).pages
    )
    assert "Meeting:Companya—Counterparta" in text
    assert "日照港集团" in text

    # Create the feed URL: shown once on the agenda page, it works without a login.
    page.get_by_role("button", name="Create a feed URL").click()
    expect(page.locator(".messages")).to_contain_text("shown only once")
    feed_url = page.get_by_label("Calendar feed URL").input_value()
    assert feed_url.startswith(f"{live_server.url}/agendas/calendar.ics?token=")
    anonymous = chromium_browser.new_context()
    try:
        feed = anonymous.request.get(feed_url)
        assert feed.status == 200
        calendar = icalendar.Calendar.from_ical(feed.body())
        summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
        assert "Meeting: Company a — Counterpart a" in summaries

        # Revoking it: the same URL answers 404.
        page.get_by_role("button", name="Revoke the feed URL").click()
        expect(page.locator(".messages")).to_contain_text("no longer works")
        assert anonymous.request.get(feed_url).status == 404
    finally:
        anonymous.close()
