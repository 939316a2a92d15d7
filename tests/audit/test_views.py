"""History pages: per object and per programme, operators only, scoped, bounded queries."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType

from sme2go.needs.domain import update_need
from sme2go.organisations.domain import add_contact, update_contact
from sme2go.organisations.models import ContactPerson

pytestmark = pytest.mark.django_db


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def text(response) -> str:
    return plain(response.content.decode())


def rows(response) -> list[str]:
    """The history table's rows as text, without the time stamp."""
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    found = []
    for row in body.split("</tr>")[:-1]:
        stamp, rest = plain(row)[:16], plain(row)[17:]
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", stamp) or not rest, row
        found.append(rest)
    return found


def test_need_history_shows_who_changed_what(programme_a, client_for):
    w = programme_a
    update_need(actor=w.operator_user, need=w.need, title="Sludge drying")
    response = client_for(w.operator_user).get(f"/needs/{w.need.pk}/history/")
    assert response.status_code == 200
    assert "History of Sludge drying" in text(response)
    assert rows(response) == [
        "operator_a changed Title : Need a → Sludge drying",
        "system changed Smart-city domains : — → water",
        f"system created Programme : — → {w.programme.pk} Host organisation : — → {w.host.pk} "
        f"Region : — → {w.city.pk} Heard on : — → 2026-03-16 "
        f"Heard on mission : — → {w.mission.pk} Title : — → Need a "
        "Language of the description : — → en CPV codes : — → 45252100 Status : — → open",
    ]


def test_detail_pages_link_to_the_history_for_operators_only(programme_a, client_for):
    w = programme_a
    link = f'href="/needs/{w.need.pk}/history/"'
    assert link in client_for(w.operator_user).get(f"/needs/{w.need.pk}/").content.decode()
    assert link not in client_for(w.host_user).get(f"/needs/{w.need.pk}/").content.decode()
    company_page = client_for(w.operator_user).get(f"/companies/{w.company.pk}/").content.decode()
    assert f'href="/organisations/{w.company.pk}/history/"' in company_page
    assert f'href="/organisations/{w.company.pk}/people/"' in company_page


def test_another_programmes_history_answers_404_and_non_operators_403(
    programme_a, programme_b, client_for
):
    a, b = programme_a, programme_b
    operator = client_for(a.operator_user)
    for url in (
        f"/needs/{b.need.pk}/history/",
        f"/missions/{b.mission.pk}/history/",
        f"/organisations/{b.host.pk}/history/",
        f"/programmes/{b.programme.pk}/history/",
    ):
        assert operator.get(url).status_code == 404, url
    assert client_for(a.host_user).get(f"/needs/{a.need.pk}/history/").status_code == 403
    assert client_for(a.host_user).get(f"/organisations/{a.host.pk}/history/").status_code == 403


def test_organisation_history_includes_its_contacts(programme_a, client_for):
    w = programme_a
    update_contact(contact=w.contactperson, actor=w.operator_user, title="Director")
    response = client_for(w.operator_user).get(f"/organisations/{w.host.pk}/history/")
    assert rows(response)[0] == "operator_a changed Contact person: Contact a Title : — → Director"


def test_programme_history_lists_its_entries_and_filters_them(programme_a, programme_b, client_for):
    a, b = programme_a, programme_b
    update_need(actor=a.operator_user, need=a.need, title="Sludge drying")
    add_contact(organisation=a.host, name="Li Wei", actor=a.operator_user)
    update_need(actor=b.operator_user, need=b.need, title="Not for A")
    client = client_for(a.operator_user)
    url = f"/programmes/{a.programme.pk}/history/"

    mine = rows(client.get(url, {"actor": a.operator_user.pk}))
    assert mine == [
        "operator_a created Contact person: Li Wei Organisation : — → "
        f"{a.host.pk} Name : — → Li Wei",
        "operator_a changed Need: Sludge drying Title : Need a → Sludge drying",
    ]
    need_type = ContentType.objects.get(app_label="needs", model="need").pk
    only_needs = rows(client.get(url, {"content_type": need_type}))
    assert all(" Need: " in r for r in only_needs)
    assert not any("Not for A" in r for r in rows(client.get(url)))
    # A value that is not a choice is ignored, never an error.
    assert rows(client.get(url, {"actor": "abc", "content_type": "9" * 30})) == rows(
        client.get(url)
    )


def test_programme_history_query_count_does_not_grow(
    programme_a, client_for, django_assert_max_num_queries
):
    w = programme_a
    client = client_for(w.operator_user)
    url = f"/programmes/{w.programme.pk}/history/"
    for n in range(5):
        update_contact(contact=w.contactperson, actor=w.operator_user, title=f"T{n}")
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    for n in range(60):
        ContactPerson.objects.create(organisation=w.host, name=f"Person {n}")
        update_need(actor=w.operator_user, need=w.need, title=f"Need {n}")
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert len(rows(response)) == 50
    assert "Page 1 of" in text(response)


def test_values_are_shown_readably():
    from sme2go.audit.templatetags.audit import _shown

    assert [_shown(v) for v in (None, "", [], ["fi", "sv"], True, False, 3)] == [
        "—",
        "—",
        "—",
        "fi, sv",
        "✓",
        "✗",
        "3",
    ]
    assert _shown({"breaks": 1, "城市": "日照"}) == '{"breaks": 1, "城市": "日照"}'
    assert _shown({"text": "x" * 400}) == '{"text": "' + "x" * 290 + "…"


def test_mission_history_includes_its_days_legs_and_visits(programme_a, client_for):
    from sme2go.missions.domain import update_travel_leg, update_visit

    w = programme_a
    update_travel_leg(actor=w.operator_user, leg=w.leg, duration_minutes=95)
    update_visit(actor=w.operator_user, visit=w.visit, place="City hall")
    response = client_for(w.operator_user).get(f"/missions/{w.mission.pk}/history/")
    found = rows(response)
    assert found[:2] == [
        "operator_a changed Visit: Visit a Place : — → City hall",
        f"operator_a changed Travel leg: {w.leg} Duration (minutes) : 120 → 95",
    ]
    assert any(r.startswith("system created Itinerary day: ") for r in found)
    assert any(r.startswith("system created Mission: Mission a ") for r in found)


@pytest.mark.parametrize("kind", ["need", "mission", "organisation", "people"])
def test_object_pages_query_count_does_not_grow(
    programme_a, client_for, django_assert_max_num_queries, kind
):
    from sme2go.missions.domain import update_travel_leg
    from tests.factories import make_user

    w = programme_a
    url = {
        "need": f"/needs/{w.need.pk}/history/",
        "mission": f"/missions/{w.mission.pk}/history/",
        "organisation": f"/organisations/{w.host.pk}/history/",
        "people": f"/organisations/{w.host.pk}/people/",
    }[kind]
    client = client_for(w.operator_user)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    for n in range(30):
        update_need(actor=w.operator_user, need=w.need, title=f"Need {n}")
        update_contact(contact=w.contactperson, actor=w.operator_user, title=f"T{n}")
        ContactPerson.objects.create(organisation=w.host, name=f"Person {n}", email=f"p{n}@x.org")
        make_user(f"host_user_{n}", w.host)
        update_travel_leg(actor=w.operator_user, leg=w.leg, duration_minutes=60 + n)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
