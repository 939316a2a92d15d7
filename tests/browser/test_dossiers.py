"""An operator sends a host dossier from the need's page; the host reads it and its PDF."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.dossiers.conftest import dossier_world
from tests.factories import PASSWORD, make_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    dw = dossier_world(make_world("a", city="Weifang", city_zh="潍坊"))
    dw.dossier.delete()  # the operator prepares it from the need's page
    return dw


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_operator_sends_a_dossier_and_the_host_reads_it(page, live_server, world, chromium_browser):
    log_in(page, live_server, "operator_a")
    page.get_by_role("link", name="Needs", exact=True).click()
    page.get_by_role("link", name="Need a").click()
    page.get_by_role("button", name="Prepare a dossier for this need").click()
    expect(page.get_by_role("heading", name="Host dossier: Host a")).to_be_visible()
    left_out = page.locator(".left-out")
    expect(left_out).to_contain_text("Refusing a — Need a: not included: no consent")
    expect(page.get_by_label("Company a")).to_be_checked()
    page.get_by_label("Recipient").select_option(label="host_a")
    page.get_by_label("Basis").fill("Promised at the meeting of 16 March.")
    page.get_by_role("button", name="Send this dossier").click()
    expect(page.locator(".messages")).to_contain_text("Version 1 sent to host_a.")
    expect(page.locator("main")).to_contain_text("Promised at the meeting of 16 March.")

    host = chromium_browser.new_context(locale="en-GB")
    try:
        host_page = host.new_page()
        log_in(host_page, live_server, "host_a")
        host_page.get_by_role("link", name="Need a").last.click()
        main = host_page.locator("main")
        expect(main).to_contain_text("Company a")
        expect(main).to_contain_text("我们为村庄建造污水处理厂。")
        expect(main).to_contain_text("Builds exactly these plants.")
        expect(main).not_to_contain_text("Refusing a")
        href = host_page.get_by_role("link", name="Printable PDF").get_attribute("href")
        response = host_page.request.get(f"{live_server.url}{href}")
        assert response.headers["content-type"] == "application/pdf"
        text = "".join(
            "".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.body())).pages
        )
        assert "测试接待单位" in text and "Companya" in text and "Refusinga" not in text
    finally:
        host.close()
