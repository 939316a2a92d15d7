"""A manager erases a host's contact person through the pages; a user downloads their data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sme2go.audit.models import AuditEntry
from sme2go.demo.data import DEMO_PASSWORD
from sme2go.demo.loader import load_demo
from sme2go.organisations.models import ContactPerson

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    load_demo()


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_manager_erases_a_contact_from_the_host_page(page, live_server, demo):
    contact = ContactPerson.objects.get(name="Sun Hong")
    log_in(page, live_server, "posintra")
    page.goto(f"{live_server.url}/organisations/{contact.organisation_id}/")
    page.get_by_role("link", name="Personal data").click()
    page.get_by_role("listitem").filter(has_text="Sun Hong").get_by_role(
        "link", name="Erase"
    ).click()
    expect(page.get_by_role("heading", name="Erase Sun Hong")).to_be_visible()
    page.get_by_role("button", name="Erase").click()
    expect(page.get_by_text("The person's personal data was erased.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Erased person")).to_contain_text("erased")
    contact.refresh_from_db()
    assert (contact.name, contact.email, contact.phone) == ("Erased person", "", "")
    entry = AuditEntry.objects.about(contact).latest("pk")
    assert (entry.actor.username, entry.action) == ("posintra", "erase")

    page.get_by_role("link", name="Back").click()
    expect(page).to_have_url(re.compile(rf"/organisations/{contact.organisation_id}/history/$"))
    expect(page.locator("tbody tr").first).to_contain_text("erased")
    assert "Sun Hong" not in page.content()


def test_a_user_downloads_their_data(page, live_server, demo):
    log_in(page, live_server, "aqua")
    page.get_by_role("link", name="My data").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["username"] == "aqua"
    assert data["membership"]["organisation"] == "Kirkasvirta Water Oy"
    assert download.value.suggested_filename.startswith("sme2go-my-data-")
