"""An operator adds the ready-made Interreg indicators, opens the programme report for
the first half of 2026, follows an indicator to the agreement behind it, and opens the
mission report and the PDF: no Content-Security-Policy complaint on the way."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.factories import PASSWORD, make_world
from tests.reporting.conftest import build_known

pytestmark = pytest.mark.browser


@pytest.fixture
def known(transactional_db):
    return build_known(make_world("a"), make_world("b", city="Rizhao", city_zh="日照"))


def test_operator_reads_the_report_down_to_the_agreement(page, live_server, known):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill("operator_a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{live_server.url}/programmes/{known.world.programme.pk}/")
    page.get_by_role("link", name="Indicator definitions").click()
    page.get_by_role("button", name="Add the ready-made Interreg indicators").click()
    expect(page.locator(".messages")).to_contain_text("Added RCO01, RCO04, RCO87, RCR84")

    page.get_by_role("link", name="Programme report").click()
    page.get_by_role("link", name="01/01/2026 – 30/06/2026", exact=True).click()
    main = page.locator("main")
    expect(
        page.get_by_role("heading", name="Programme report 1 Jan 2026 – 30 Jun 2026")
    ).to_be_visible()
    expect(main).to_contain_text("RCO87 Organisations cooperating across borders: 3")
    expect(main).to_contain_text("P-AGREEMENTS Partnership agreements signed: 2")
    expect(page.locator("svg.chart").first).to_be_visible()

    agreements = page.locator("section", has_text="P-AGREEMENTS Partnership agreements signed")
    expect(agreements.get_by_role("link", name="signed-agreement.pdf")).to_be_visible()
    agreements.get_by_role(
        "link", name="Subcontracting agreement: Company a – Counterpart a"
    ).click()
    expect(page.locator("main")).to_contain_text("Counterpart a")
    assert f"/follow-up/agreements/{known.agreement.pk}/" in page.url

    page.goto(f"{live_server.url}/missions/{known.world.mission.pk}/")
    page.get_by_role("link", name="Mission report").click()
    expect(page.get_by_role("heading", name="Mission report: Mission a")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ruotsi AB")

    page.get_by_role("link", name="Programme report 01/01/2026 – 30/06/2026").click()
    href = page.get_by_role("link", name="PDF", exact=True).get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.body())).pages
    )
    assert "RCO87 Organisations cooperating across borders: 3" in text
    assert not [line for line in console if "Content Security Policy" in line], console
