"""The mission page connects visits, companies and needs: attending companies per visit,
the needs a visit addresses, the delegation and needs first, a summary per city, and names
linked only where the reader may go."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from sme2go.demo import data
from sme2go.demo.loader import load_demo
from sme2go.missions import domain
from sme2go.missions.models import Mission, Visit
from tests import factories
from tests.pagetext import page_text


def test_a_visit_names_the_companies_of_the_delegation_that_attend(programme_a):
    visit = domain.add_visit(
        actor=programme_a.operator_user,
        day=programme_a.day,
        organisation=programme_a.host,
        title="Plant tour",
        start_time=dt.time(14, 0),
        end_time=dt.time(15, 0),
        companies=[programme_a.company],
    )
    assert list(visit.companies.all()) == [programme_a.company]
    domain.update_visit(actor=programme_a.operator_user, visit=visit, companies=[])
    assert list(visit.companies.all()) == []


def test_a_company_outside_the_delegation_cannot_attend(programme_a):
    outsider = factories.make_company(
        "Outsider Oy", programme_a.programme, programme_a.operator
    ).organisation
    with pytest.raises(ValidationError) as error:
        domain.update_visit(
            actor=programme_a.operator_user, visit=programme_a.visit, companies=[outsider]
        )
    assert error.value.message_dict == {
        "companies": ["Only companies of the delegation attend its visits; not in it: Outsider Oy."]
    }
    assert list(Visit.objects.get(pk=programme_a.visit.pk).companies.all()) == []


def test_the_visit_form_offers_the_delegation_only(programme_a, client_for):
    factories.make_company("Outsider Oy", programme_a.programme, programme_a.operator)
    url = reverse("missions:visit_edit", kwargs={"visit_pk": programme_a.visit.pk})
    client = client_for(programme_a.operator_user)
    form = client.get(url).context["form"]
    assert list(form.fields["companies"].queryset) == [programme_a.company]
    response = client.post(
        url,
        {
            "organisation": programme_a.host.pk,
            "title": "Visit a",
            "start_time": "10:00",
            "end_time": "11:30",
            "place": "City hall",
            "notes": "",
            "companies": [programme_a.company.pk],
        },
    )
    assert response.status_code == 302
    assert list(programme_a.visit.companies.all()) == [programme_a.company]


@pytest.fixture
def demo(db):
    load_demo()
    mission = Mission.objects.get(title=data.MISSION_TITLE)
    users = get_user_model().objects
    return mission, {name: users.get(username=name) for name in ("posintra", "aqua", "rizhao")}


def url(mission: Mission) -> str:
    return reverse("missions:detail", kwargs={"mission_pk": mission.pk})


def rows(response) -> list[str]:
    html = response.content.decode()
    found = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S):
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
            text = re.sub(r"</?(span|a|strong)\b[^>]*>", "", row)
            found.append(" ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split()))
    return found


def test_operator_reads_delegation_and_needs_first_then_the_cities(demo, client_for):
    mission, users = demo
    response = client_for(users["posintra"]).get(url(mission))
    text = page_text(response)

    assert (
        "Delegation Companies Istuin Design Oy Kirkasvirta Water Oy Luftkoll Sensors AB "
        "Norrträ Byggsystem AB Viljava Food Technology Oy Värmeflöde Energy AB "
        "Operator staff Laura Kivelä — Posintra Oy Erik Lindqvist — Västerås Science Park "
        "Needs heard on this mission"
    ) in text
    assert (
        f"{data.FURNITURE} Answered Zhucheng Municipal People's Government (Zhucheng Bureau "
        "of Commerce) Answered by Istuin Design Oy."
    ) in text
    assert (
        f"{data.WASTE_WATER} Open Rizhao Municipal People's Government (Rizhao Housing and "
        "Urban-Rural Development Bureau) Approved companies: Kirkasvirta Water Oy"
    ) in text
    assert (
        "Itinerary "
        "Weifang 潍坊 15 Mar 2027 – 16 Mar 2027 · 4 visits Weifang Municipal People's "
        "Government, Weifang Food Valley Administration, Weifang Jinhe Foods Co., Ltd., "
        "Weifang High-Tech Zone Administrative Committee "
        "Zhucheng 诸城 17 Mar 2027 · 2 visits Zhucheng Municipal People's Government, "
        "Zhucheng Hengmu Seating Co., Ltd. "
        "Rizhao 日照 18 Mar 2027 – 19 Mar 2027 · 3 visits Rizhao Municipal People's "
        "Government, Rizhao Qingquan Water Group Co., Ltd., Rizhao Linhai Eco-Tourism "
        "Development Co., Ltd. "
        "Monday, 15 Mar 2027 — Weifang 潍坊"
    ) in text
    assert (
        "14:30–16:30 Rizhao Qingquan Water Group Co., Ltd. 日照清泉水务集团有限公司 Visit to the "
        "Rizhao water utility Kirkasvirta and Qingquan agree to continue talks on rural "
        "treatment plants. Attending: Kirkasvirta Water Oy Qingquan central waste-water "
        "treatment plant edit · remove"
    ) in rows(response)
    assert (
        "10:30–12:30 Rizhao Municipal People's Government 日照市人民政府 Meeting with Rizhao "
        "city leaders The city seeks shared development targets: Nordic waste-water "
        "treatment and wooden-house construction. Certificates of honour to Posintra and "
        "Västerås Science Park. Attending: the whole delegation "
        f"Needs: {data.TIMBER}; {data.WASTE_WATER} Rizhao Municipal Government edit · remove"
    ) in rows(response)


def test_names_link_only_where_the_reader_may_go(demo, client_for):
    mission, users = demo
    kirkasvirta = mission.companies.get(name="Kirkasvirta Water Oy")
    rizhao = users["rizhao"].membership.organisation
    href = f'href="/companies/{kirkasvirta.pk}/"'

    operator = client_for(users["posintra"]).get(url(mission)).content.decode()
    company = client_for(users["aqua"]).get(url(mission)).content.decode()
    host = client_for(users["rizhao"]).get(url(mission)).content.decode()

    assert href in operator and href in company and href not in host
    # The company sees no other company's page, and no host's.
    assert re.findall(r'href="/companies/(\d+)/"', company) == [str(kirkasvirta.pk)] * 3
    assert "/organisations/" not in company
    # The host opens its own organisation only, and the needs it stated.
    assert set(re.findall(r'href="/organisations/(\d+)/"', host)) == {str(rizhao.pk)}
    assert "/companies/" not in host
    assert re.findall(r'href="/needs/(\d+)/"', host)


def test_the_mission_page_query_count_does_not_grow_with_the_trip(
    demo, client_for, django_assert_max_num_queries
):
    mission, users = demo
    client = client_for(users["posintra"])
    client.get(url(mission))
    with django_assert_max_num_queries(30):
        client.get(url(mission))


def test_destinations_are_listed_in_the_order_of_the_trip(demo, client_for):
    mission, users = demo
    text = page_text(client_for(users["posintra"]).get(url(mission)))
    # Alphabetical would be Rizhao, Weifang, Zhucheng.
    assert "Destinations Weifang 潍坊, Zhucheng 诸城, Rizhao 日照" in text
