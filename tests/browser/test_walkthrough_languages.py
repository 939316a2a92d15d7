"""The demo walkthroughs in the reader's language: content people translated (need titles,
visit titles) shows in the UI language, the rest in its original marked with its language.

Only UI strings already translated in the catalogues are asserted; the content texts come
from the demo (``sme2go.demo.data``).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sme2go.demo import data
from sme2go.demo.data import DEMO_PASSWORD
from sme2go.demo.loader import load_demo
from sme2go.organisations.models import Organisation
from tests.browser.test_walkthroughs import Walk

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    load_demo()


def page_in(chromium_browser, locale: str, accept_language: str):
    context = chromium_browser.new_context(
        locale=locale, extra_http_headers={"Accept-Language": accept_language}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def log_in(page, live_server, username: str) -> None:
    """Log in by the form's field names (the labels are in the UI language)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state()


def test_rizhao_reads_its_need_titles_in_chinese(chromium_browser, live_server, demo):
    context, page = page_in(chromium_browser, "zh-CN", "zh-hans")
    try:
        walk = Walk(page, live_server)
        log_in(page, live_server, "rizhao")
        walk.here()
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        walk.main().to_contain_text("农村及小城镇污水处理")
        walk.main().to_contain_text("日照国家森林公园周边低层木结构建筑")
        walk.main().not_to_contain_text(data.WASTE_WATER)

        walk.open("/needs/")
        # Both heard on 18 March; the list orders them by the reader's-language title.
        titles = page.locator("main table tbody tr td:first-child")
        expect(titles).to_have_text(["农村及小城镇污水处理", "日照国家森林公园周边低层木结构建筑"])

        walk.click("农村及小城镇污水处理")
        expect(page.locator("h1")).to_contain_text("农村及小城镇污水处理")
        walk.main().to_contain_text("日照希望引进北欧分散式污水处理技术")

        assert walk.follow_every_link() > 3
    finally:
        context.close()


def test_aqua_reads_its_opportunity_page_in_finnish(chromium_browser, live_server, demo):
    context, page = page_in(chromium_browser, "fi-FI", "fi")
    try:
        walk = Walk(page, live_server)
        log_in(page, live_server, "aqua")
        walk.here()
        company = Organisation.objects.get(name_en="Kirkasvirta Water Oy")
        walk.open(f"/companies/{company.pk}/matches/")
        main = walk.main()
        main.to_contain_text("Sinulle hyväksytyt mahdollisuudet")  # catalogue string
        main.to_contain_text("Jätevedenpuhdistus maaseutukyliin ja pikkukaupunkeihin")
        main.not_to_contain_text(data.WASTE_WATER)
        # The host has no Finnish name: its English one in a lang="en" span (a name gets
        # no "(englanti)" note), the Chinese one beside it for the trip.
        host = page.locator("main [lang=en]", has_text="Rizhao Municipal People's Government")
        expect(host.first).to_be_visible()
        main.not_to_contain_text("(englanti)")
        expect(page.locator("main [lang=zh-hans]").first).to_have_text("日照市人民政府")

        assert walk.follow_every_link() > 3
    finally:
        context.close()
