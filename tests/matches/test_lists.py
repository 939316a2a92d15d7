"""Match lists on the demo: strong and possible fits by default, weak ones behind "show
weaker fits",
reasons as sentences with each code named once, one-click decisions, and what companies
and hosts see."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from sme2go.demo import data
from sme2go.demo.loader import load_demo
from sme2go.matches.models import SHOWN_FITS, MatchProposal
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from tests.pagetext import page_text


@pytest.fixture
def demo(db):
    load_demo()
    users = get_user_model().objects
    return {name: users.get(username=name) for name in ("posintra", "vasteras", "aqua", "rizhao")}


def need(title: str) -> Need:
    return Need.objects.get(title=title)


def company(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def proposal(title: str, name: str) -> MatchProposal:
    return MatchProposal.objects.get(need__title=title, company__name=name)


def headings(html: str, section: str) -> list[str]:
    """The company headings of the proposals in ``section`` ("strong" or "weaker"), without
    the readiness badge (its own tests are in tests/readiness)."""
    main, _, weaker = html.partition('<details class="weaker"')
    part = main if section == "strong" else weaker
    return [
        " ".join(
            re.sub(r"<[^>]+>", " ", re.sub(r'<span class="band[^"]*".*?</span>', "", h)).split()
        )
        for h in re.findall(r'<article class="card proposal"[^>]*>\s*<h2>(.*?)</h2>', part, re.S)
    ]


def test_strong_and_possible_fits_are_listed_by_default():
    assert SHOWN_FITS == ("strong", "possible")


def test_waste_water_shows_kirkasvirta_and_hides_the_junk_behind_weaker_fits(demo, client_for):
    url = reverse("matches:need", kwargs={"need_pk": need(data.WASTE_WATER).pk})
    html = client_for(demo["posintra"]).get(url).content.decode()

    assert headings(html, "strong") == ["#1 Kirkasvirta Water Oy Approved Strong fit score 1.00"]
    assert headings(html, "weaker") == [
        "#2 Norrträ Byggsystem AB Rejected Weak fit score 0.16",
        "#3 Luftkoll Sensors AB Proposed Weak fit score 0.15",
        "#4 Värmeflöde Energy AB Proposed Weak fit score 0.13",
        "#5 Viljava Food Technology Oy Rejected Weak fit score 0.13",
        "#6 Modevåg Consulting AB Proposed Weak fit score 0.03",
        "#7 Pixelpuffin Games Oy Proposed Weak fit score 0.02",
    ]
    assert "<summary>Show weaker fits (6)</summary>" in html


def test_reasons_are_sentences_with_each_code_named_once(demo, client_for):
    url = reverse("matches:need", kwargs={"need_pk": need(data.WASTE_WATER).pk})
    text = page_text(client_for(demo["posintra"]).get(url))

    assert (
        "Kirkasvirta Water Oy’s profile uses the need’s own words: “waste water treatment”, "
        "“villages and small towns”, “plants must remove nitrogen”, “phosphorus run”, "
        "“monitored remotely”. "
        "Same fields as the need: Water and waste water, Environment and cleantech. "
        "Same procurement codes as the need: CPV 45252100 Sewage-treatment plant construction "
        "work; CPV 45252127 Wastewater treatment plant construction work; CPV 42996000 "
        "Machinery for the treatment of sewage; CPV 90713100 Consulting services for "
        "water-supply and waste-water other than for construction. "
        "The need says: “Rizhao wants Nordic technology for decentralised waste-water "
        "treatment in rural villages and small towns of 500–20 000 inhabitants, where sewer "
        "connections to the central plant are too costly.” "
        "Kirkasvirta Water Oy says: “Kirkasvirta designs and delivers compact biological "
        "waste-water treatment plants for villages, small towns, holiday resorts and "
        "industrial sites of 50 to 20 000 population equivalents.” "
        "Decided by Laura Kivelä on 18 Mar 2027: Kirkasvirta's compact plants are built for "
        "villages of this size; Qingquan wants to continue talks."
    ) in text
    # Norrträ's one code relates to two of the need's codes: one sentence, not two.
    assert text.count("CPV 45223810") == 1
    assert (
        "Offers CPV 45223810 Prefabricated constructions, in the same family as the need’s "
        "CPV 45252100 Sewage-treatment plant construction work."
    ) in text
    # Viljava's quoted evidence is a sentence of its profile, never only its name.
    assert "Viljava Food Technology Oy says: “Viljava Food Technology Oy”" not in text
    # The engine's English summary is not shown.
    assert "shares the need's wording on" not in text


def test_approve_is_one_post_and_reject_needs_a_reason(demo, client_for):
    client = client_for(demo["posintra"])
    target = proposal(data.FOOD_ENERGY, "Viljava Food Technology Oy")
    url = reverse("matches:decide", kwargs={"proposal_pk": target.pk})

    response = client.post(url, {"decision": "rejected", "reason": "  "}, follow=True)
    assert "Viljava Food Technology Oy: Say why the match is rejected." in page_text(response)
    target.refresh_from_db()
    assert (target.status, target.decision_reason) == ("proposed", "")

    client.post(url, {"decision": "approved"})
    target.refresh_from_db()
    assert (target.status, target.decided_by) == ("approved", demo["posintra"])

    client.post(url, {"decision": "rejected", "reason": "Sells lines, not audits."})
    target.refresh_from_db()
    assert (target.status, target.decision_reason) == ("rejected", "Sells lines, not audits.")


def test_decision_controls_are_buttons_not_a_form_of_fields(demo, client_for):
    url = reverse("matches:need", kwargs={"need_pk": need(data.FOOD_ENERGY).pk})
    html = client_for(demo["posintra"]).get(url).content.decode()
    viljava = proposal(data.FOOD_ENERGY, "Viljava Food Technology Oy")
    article = html.split(f'id="proposal-{viljava.pk}"')[1].split("</article>")[0]

    assert re.findall(r'<button type="submit" name="decision" value="(\w+)"', article) == [
        "approved",
        "rejected",
    ]
    assert "<select" not in article


def test_company_page_and_opportunities_list_the_same_strong_fits(demo, client_for):
    luftkoll = company("Luftkoll Sensors AB")
    client = client_for(demo["vasteras"])
    detail = page_text(
        client.get(reverse("companies:detail", kwargs={"organisation_pk": luftkoll.pk}))
    )
    listing = client.get(reverse("matches:company", kwargs={"organisation_pk": luftkoll.pk}))
    titles = re.findall(
        r'<h2><a href="/needs/\d+/matches/#proposal-\d+">(.*?)</a>', listing.content.decode()
    )

    assert titles == [data.FOOD_ENERGY, data.SENSORS]
    for title in titles:
        assert title in detail
    # Weak fits stay on the need pages: waste water (0.15 of the best) and heating (0.44
    # of the best, but little of the need's wording: an estimated precision of 2 %).
    assert data.WASTE_WATER not in detail
    assert data.HEATING not in detail


def test_aqua_sees_only_its_approved_opportunity_with_the_advisers_note(demo, client_for):
    kirkasvirta = company("Kirkasvirta Water Oy")
    url = reverse("matches:company", kwargs={"organisation_pk": kirkasvirta.pk})
    text = page_text(client_for(demo["aqua"]).get(url))

    assert (
        "Opportunities approved for you An adviser of your programme reviewed these needs and "
        "found that your company fits them. Talk to your adviser before contacting the host. "
        f"{data.WASTE_WATER} Stated by Rizhao Municipal People's Government, heard on "
        "18 Mar 2027 · 日照市人民政府"
    ) in text
    assert (
        "Adviser’s note (Laura Kivelä): Kirkasvirta's compact plants are built for villages of "
        "this size; Qingquan wants to continue talks."
    ) in text
    assert data.FOOD_ENERGY not in text  # proposed, not approved
    assert "score" not in text


def test_rizhao_sees_the_approved_company_on_its_need_without_a_link(demo, client_for):
    url = reverse("needs:detail", kwargs={"need_pk": need(data.WASTE_WATER).pk})
    response = client_for(demo["rizhao"]).get(url)
    text = page_text(response)

    assert (
        "Companies approved for this need Advisers of SME2GO reviewed the companies of the "
        "programme and approved these for your need; they can arrange a meeting. "
        "Kirkasvirta Water Oy Approved Shared wording:"
    ) in text
    assert "Norrträ" not in text and "Modevåg" not in text
    assert "/companies/" not in response.content.decode()


def test_company_opportunities_query_count_does_not_grow(
    demo, client_for, django_assert_max_num_queries
):
    luftkoll = company("Luftkoll Sensors AB")
    url = reverse("matches:company", kwargs={"organisation_pk": luftkoll.pk})
    client = client_for(demo["vasteras"])
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
