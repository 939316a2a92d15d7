"""A company requests a meeting from an approved match; the host accepts it (Chromium)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sme2go.matches.models import MatchProposal
from sme2go.planning.models import MeetingRequest
from sme2go.taxonomy.models import DOMAIN_LABELS, Domain
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    # A transactional test before this one may have flushed the migration-made domains.
    Domain.objects.bulk_create(
        [Domain(code=code, position=i) for i, code in enumerate(DOMAIN_LABELS)],
        ignore_conflicts=True,
    )
    world = factories.make_world("a")
    MatchProposal.objects.filter(pk=world.proposal.pk).update(status="approved")
    return world


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/$"))


def test_a_company_requests_from_a_match_and_the_host_accepts(chromium_browser, live_server, world):
    company = chromium_browser.new_context(locale="en-GB").new_page()
    log_in(company, live_server, world.company_user.username)
    company.get_by_role("link", name=world.mission.title).first.click()
    company.locator("#meetings").get_by_role("link", name="Meeting requests").click()
    company.get_by_role("link", name="Request a meeting with Host a").click()
    expect(company.get_by_label("Meet with")).to_have_value(str(world.host.pk))
    expect(company.get_by_label("Purpose")).to_have_value("Need a")
    company.get_by_label("Priority").select_option(label="High")
    company.get_by_role("button", name="Save").click()
    main = company.locator("main")
    expect(main).to_contain_text("The meeting with Host a was requested")
    expect(company.locator("tr[id^=request-]", has_text="Host a").first).to_contain_text(
        "Requested"
    )

    host = chromium_browser.new_context(locale="en-GB").new_page()
    log_in(host, live_server, world.host_user.username)
    host.get_by_role("navigation", name="Main").get_by_role("link", name="Meeting requests").click()
    host.get_by_role("link", name="Accept or decline").click()
    expect(host.locator("main")).to_contain_text("Company a asks to meet")
    host.get_by_label("Note to the requester").fill("Welcome to Weifang")
    host.get_by_role("button", name="Accept").click()
    expect(host.locator("main")).to_contain_text("You accepted the meeting with Company a.")
    row = host.locator("tr[id^=request-]", has_text="Company a").first
    expect(row).to_contain_text("Accepted")
    expect(row).to_contain_text("Welcome to Weifang")

    made = MeetingRequest.objects.get()
    assert (made.status, made.priority, made.proposal_id, made.answered_by) == (
        MeetingRequest.Status.ACCEPTED,
        MeetingRequest.Priority.HIGH,
        world.proposal.pk,
        world.host_user,
    )
    company.reload()
    expect(company.locator("tr[id^=request-]", has_text="Host a").first).to_contain_text("Accepted")
