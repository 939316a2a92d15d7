"""An operator imports companies: upload, preview with errors, fix, commit, see them listed;
and creates an API token that works once and is shown once."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from sme2go.demo.data import DEMO_PASSWORD
from sme2go.demo.loader import load_demo
from sme2go.organisations.models import Organisation
from tests.imports.conftest import ROW as EXAMPLE
from tests.imports.conftest import rows_to_csv

# Not a demo company's name, so the check that nothing was written means something.
ROW = {**EXAMPLE, "name": "Aurora Waters Oy"}

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    load_demo()


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_upload_preview_with_errors_fix_commit(page, live_server, demo, tmp_path):
    bad = tmp_path / "companies.csv"
    bad.write_bytes(rows_to_csv([ROW, {**ROW, "name": "Luftkoll Two"}]))
    log_in(page, live_server, "posintra")
    page.goto(f"{live_server.url}/companies/")
    page.get_by_role("link", name="Import companies").click()
    page.get_by_label("File").set_input_files(str(bad))
    page.get_by_role("button", name="Preview").click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("1 error: nothing can be imported until it is fixed.")
    expect(errors).to_contain_text(
        "companies.csv, row 3, column “key”: The key “CRM-1” is already used on row 2."
    )
    expect(page.get_by_role("button", name=re.compile("^Import:"))).to_have_count(0)
    assert not Organisation.objects.filter(name="Aurora Waters Oy").exists()

    good = tmp_path / "companies-fixed.csv"
    good.write_bytes(rows_to_csv([ROW, {**ROW, "key": "CRM-2", "name": "Luftkoll Two"}]))
    page.get_by_label("File").set_input_files(str(good))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#import-rows tbody tr")).to_have_count(2)
    expect(page.locator("#import-rows")).to_contain_text("new")
    page.get_by_role("button", name="Import: 2 new, 0 changed").click()
    expect(
        page.get_by_text("companies-fixed.csv imported: 2 new, 0 changed, 0 unchanged.")
    ).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/companies/")
    expect(page.get_by_role("link", name="Aurora Waters Oy")).to_be_visible()
    expect(page.get_by_role("link", name="Luftkoll Two")).to_be_visible()


def test_a_token_is_shown_once_and_works(page, live_server, demo):
    log_in(page, live_server, "posintra")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("CRM sync")
    page.get_by_role("button", name="Create token").click()
    value = page.locator("code.token-value").inner_text()
    assert value.startswith("sme2go_")
    response = Client().get("/api/v1/programmes", headers={"Authorization": f"Bearer {value}"})
    assert response.status_code == 200 and response.json()["count"] >= 1
    page.goto(f"{live_server.url}/accounts/tokens/")
    expect(page.locator("tbody")).to_contain_text("CRM sync")
    assert value not in page.content()
    page.get_by_role("link", name="API documentation").first.click()
    expect(page.locator(".swagger-ui .title")).to_contain_text("sme2go API")
