"""Each demo login walks the path the README gives it, in Chromium, and ends on a full page.

Every page of the path is checked for what the user must see there; then every link on
those pages is followed, and the walk fails on any answer of 400 or more and on any
console error (a broken script, a blocked resource, a Content-Security-Policy violation).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from sme2go.demo import data
from sme2go.demo.loader import load_demo
from sme2go.missions.models import Mission
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from tests.browser.test_roles import log_in

pytestmark = pytest.mark.browser

# Links that change state on GET-less forms, end the session or leave the app's pages.
SKIPPED = ("/accounts/logout", "/admin/", "/i18n/", "/static/", "/api/")
SKIPPED_WORDS = ("/delete/", "/remove/", "/erase/")


@pytest.fixture
def demo(transactional_db):
    load_demo()


class Walk:
    """A browser page that records console errors and bad answers while a role walks."""

    def __init__(self, page, live_server) -> None:
        self.page = page
        self.base = live_server.url
        self.visited: list[str] = []
        self.problems: list[str] = []
        page.on(
            "console",
            lambda m: (
                self.problems.append(f"{page.url}: console {m.type}: {m.text}")
                if m.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"{page.url}: script error {e}"))
        page.on(
            "response",
            lambda r: (
                self.problems.append(f"{r.url}: HTTP {r.status}") if r.status >= 400 else None
            ),
        )

    def here(self) -> None:
        """Remember the current page of the path, to follow its links at the end."""
        self.visited.append(self.page.url)

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.here()

    def click(self, name: str, within: str = "main") -> None:
        self.page.locator(within).get_by_role("link", name=name, exact=True).first.click()
        self.page.wait_for_load_state()
        self.here()

    def main(self):
        return expect(self.page.locator("main"))

    def _links(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        paths = []
        for href in hrefs:
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != self.base:
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(SKIPPED) or any(word in path for word in SKIPPED_WORDS):
                continue
            paths.append(path)
        return paths

    def follow_every_link(self) -> int:
        """Open every link of the pages walked; returns how many distinct pages that was."""
        targets: list[str] = []
        for url in dict.fromkeys(self.visited):
            self.page.goto(url)
            targets += [t for t in self._links() if t not in targets]
        for path in targets:
            # Files (CSV, XLSX, PDF, iCalendar) download instead of opening: check their
            # answer only; pages are opened, so their console is watched too.
            answer = self.page.request.get(self.base + path)
            if answer.status >= 400:
                self.problems.append(f"{path}: HTTP {answer.status}")
            elif answer.headers.get("content-type", "").startswith("text/html"):
                self.page.goto(self.base + path)
        assert self.problems == []
        return len(targets)


def test_posintra_reviews_the_rizhao_need_and_reads_the_mission(page, live_server, demo):
    walk = Walk(page, live_server)
    log_in(page, live_server, "posintra")
    walk.here()
    walk.click(data.MISSION_TITLE)
    expect(page.locator("#delegation li")).to_have_text(
        [
            "Istuin Design Oy",
            "Kirkasvirta Water Oy",
            "Luftkoll Sensors AB",
            "Norrträ Byggsystem AB",
            "Viljava Food Technology Oy",
            "Värmeflöde Energy AB",
            "Laura Kivelä — Posintra Oy",
            "Erik Lindqvist — Västerås Science Park",
        ]
    )
    needs = page.locator("#needs li")
    expect(needs.filter(has_text=data.WASTE_WATER)).to_contain_text(
        "Approved companies: Kirkasvirta Water Oy"
    )
    expect(needs.filter(has_text=data.FURNITURE)).to_contain_text("Answered by Istuin Design Oy.")
    expect(page.locator(".summary-cities > li")).to_have_count(3)
    expect(page.locator(".summary-cities > li").nth(2)).to_contain_text(
        "18 Mar 2027 – 19 Mar 2027 · 3 visits"
    )
    expect(page.locator("tr", has_text="Visit to the Rizhao water utility")).to_contain_text(
        "Attending: Kirkasvirta Water Oy"
    )

    walk.click("Needs", within="nav")
    walk.click(data.WASTE_WATER)
    walk.click("Review matching companies")
    strong = page.locator("main > article.proposal")
    expect(strong).to_have_count(1)
    expect(strong.first).to_contain_text("#1 Kirkasvirta Water Oy Approved Strong fit score 1.00")
    expect(strong.first).to_contain_text(
        "Decided by Laura Kivelä on 18 Mar 2027: Kirkasvirta's compact plants are built for "
        "villages of this size"
    )
    weaker = page.locator("details.weaker")
    expect(weaker.locator("> summary")).to_have_text("Show weaker fits (6)")
    expect(weaker.locator("article.proposal").first).not_to_be_visible()
    weaker.locator("> summary").click()
    expect(weaker).to_contain_text("Modevåg Consulting AB")

    assert walk.follow_every_link() > 20


def test_vasteras_sees_the_programme_and_who_may_change_a_profile(page, live_server, demo):
    walk = Walk(page, live_server)
    log_in(page, live_server, "vasteras")
    walk.here()
    walk.click(data.MISSION_TITLE)
    walk.main().to_contain_text("Needs heard on this mission")
    walk.click("Companies", within="nav")
    walk.click("Kirkasvirta Water Oy")
    walk.main().to_contain_text(
        "Recruited by Posintra Oy for SME2GO; only Posintra Oy can change this profile."
    )
    expect(page.get_by_role("link", name="Edit profile")).to_have_count(0)
    walk.click("Companies", within="nav")
    walk.click("Luftkoll Sensors AB")
    expect(page.get_by_role("link", name="Edit profile")).to_be_visible()
    walk.main().to_contain_text("Energy efficiency and emissions monitoring in food-industry parks")

    assert walk.follow_every_link() > 20


def test_aqua_sees_its_approved_opportunity_and_its_mission(page, live_server, demo):
    walk = Walk(page, live_server)
    log_in(page, live_server, "aqua")
    walk.here()
    company = Organisation.objects.get(name="Kirkasvirta Water Oy")
    walk.open(f"/companies/{company.pk}/")
    walk.main().to_contain_text("Kirkasvirta Water Oy")
    walk.open(f"/companies/{company.pk}/matches/")
    walk.main().to_contain_text("Opportunities approved for you")
    walk.main().to_contain_text(data.WASTE_WATER)
    walk.main().to_contain_text(
        "Stated by Rizhao Municipal People's Government, heard on 18 Mar 2027"
    )
    walk.main().to_contain_text(
        "Adviser’s note (Laura Kivelä): Kirkasvirta's compact plants are built for villages "
        "of this size; Qingquan wants to continue talks."
    )
    walk.main().not_to_contain_text(data.TIMBER)
    mission = Mission.objects.get(title=data.MISSION_TITLE)
    walk.open(f"/missions/{mission.pk}/")
    expect(page.locator("tr", has_text="Visit to the Rizhao water utility")).to_contain_text(
        "Attending: Kirkasvirta Water Oy"
    )

    assert walk.follow_every_link() > 5


def test_rizhao_sees_the_companies_approved_for_its_needs(page, live_server, demo):
    walk = Walk(page, live_server)
    log_in(page, live_server, "rizhao")
    walk.here()
    walk.open("/needs/")
    walk.main().to_contain_text(data.WASTE_WATER)
    walk.main().not_to_contain_text(data.FOOD)
    walk.click(data.WASTE_WATER)
    approved = page.locator("section", has_text="Companies approved for this need")
    expect(approved).to_contain_text("Kirkasvirta Water Oy Approved")
    expect(approved.get_by_role("link")).to_have_count(0)  # no company page for a host
    walk.main().not_to_contain_text("Norrträ Byggsystem AB")
    need = Need.objects.get(title=data.TIMBER)
    walk.open(f"/needs/{need.pk}/")
    expect(page.locator("section", has_text="Companies approved for this need")).to_contain_text(
        "Norrträ Byggsystem AB"
    )
    mission = Mission.objects.get(title=data.MISSION_TITLE)
    walk.open(f"/missions/{mission.pk}/")
    walk.main().to_contain_text(
        "Only the days on which the delegation visits your organisation are shown."
    )
    expect(page.locator("tr", has_text="Meeting with Rizhao city leaders")).to_contain_text(
        f"Needs: {data.TIMBER}; {data.WASTE_WATER}"
    )
    walk.main().not_to_contain_text("Zhucheng Bureau of Commerce")

    assert walk.follow_every_link() > 5
