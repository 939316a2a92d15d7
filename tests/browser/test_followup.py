"""Follow-up in Chromium: the company gives feedback on its meeting, the adviser records a
lead from it, then the agreement with its evidence file, confirms it, and the mission
report counts it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sme2go.followup.models import Agreement, Lead, MeetingFeedback
from sme2go.taxonomy.models import DOMAIN_LABELS, Domain
from tests import factories
from tests.followup.files import PDF_BYTES
from tests.followup.world import publish

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    # A transactional test before this one may have flushed the migration-made domains.
    Domain.objects.bulk_create(
        [Domain(code=code, position=i) for i, code in enumerate(DOMAIN_LABELS)],
        ignore_conflicts=True,
    )
    world = factories.make_world("a")
    world.meeting = publish(world)
    return world


def log_in(browser, live_server, username: str):
    page = browser.new_context(locale="en-GB").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/$"))
    return page


def test_feedback_lead_agreement_with_evidence(chromium_browser, live_server, world, tmp_path):
    company = log_in(chromium_browser, live_server, world.company_user.username)
    company.get_by_role("link", name=world.mission.title).first.click()
    company.get_by_role("link", name="Follow-up: feedback, leads, agreements").click()
    company.get_by_role("link", name="Give feedback").click()
    company.get_by_label("5").check()
    company.locator("input[name=wants_to_continue][value=True]").check()
    company.get_by_label("Notes").fill("They want samples of the seat shells.")
    company.get_by_role("button", name="Save").click()
    expect(company.locator("main")).to_contain_text("the feedback of Company a is saved")
    expect(company.locator(f"#meeting-{world.meeting.pk}")).to_contain_text(
        "5/5, you want to continue"
    )
    assert MeetingFeedback.objects.get().notes == "They want samples of the seat shells."

    adviser = log_in(chromium_browser, live_server, world.operator_user.username)
    adviser.goto(f"{live_server.url}/follow-up/missions/{world.mission.pk}/")
    row = adviser.locator(f"#meeting-{world.meeting.pk}")
    expect(row).to_contain_text("Company a: 5/5, wants to continue")
    row.get_by_role("link", name="lead").click()
    expect(adviser.get_by_label("Company")).to_have_value(str(world.company.pk))
    expect(adviser.get_by_label("Counterpart organisation")).to_have_value(
        str(world.counterpart.pk)
    )
    adviser.get_by_label("What it is about").fill("Seat shells")
    adviser.get_by_role("button", name="Save").click()
    expect(adviser.locator("h1")).to_contain_text("Seat shells")
    lead = Lead.objects.get()

    adviser.get_by_role("link", name="Record an agreement").click()
    adviser.get_by_label("Type of agreement").select_option(label="Subcontracting agreement")
    adviser.get_by_label("Signed on").fill("2026-03-10")
    empty = tmp_path / "signed.pdf"
    empty.write_bytes(b"")
    adviser.get_by_label("Evidence file").set_input_files(str(empty))
    adviser.get_by_role("button", name="Save").click()
    main = adviser.locator("main")
    expect(main).to_contain_text("before the meeting it came from")
    assert not Agreement.objects.exists()

    adviser.get_by_label("Signed on").fill("2026-03-18")
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(PDF_BYTES)
    adviser.get_by_label("Evidence file").set_input_files(str(signed))
    adviser.get_by_role("button", name="Save").click()
    expect(main).to_contain_text("The agreement is recorded")
    expect(main.locator("#evidence")).to_contain_text("signed.pdf")
    adviser.get_by_role("button", name="Confirm the agreement").click()
    expect(main).to_contain_text("The agreement is confirmed")
    agreement = Agreement.objects.get()
    assert (agreement.lead, agreement.kind, agreement.confirmed_by) == (
        lead,
        "subcontracting",
        world.operator_user,
    )
    assert Lead.objects.get(pk=lead.pk).stage == "agreement"
    assert agreement.evidence.get().file.read() == PDF_BYTES

    adviser.goto(f"{live_server.url}/reports/missions/{world.mission.pk}/")
    expect(adviser.locator("main")).to_contain_text("Subcontracting agreement")
