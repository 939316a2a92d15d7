"""Mission pages per role: list, trip plan, forms for the mission and its itinerary."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
from tests import factories

LIST = reverse("missions:list")
CREATE = reverse("missions:create")
D = dt.date


def text(response) -> str:
    """The page as text with tags removed and whitespace collapsed, for exact phrases."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # Inline tags do not separate words; block tags do.
    html = re.sub(r"</?(span|a|strong|em)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def rows(response) -> list[str]:
    """The body rows of the page's tables, each as collapsed text."""
    html = response.content.decode()
    found = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S):
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
            found.append(" ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split()))
    return found


def url(name: str, **kwargs) -> str:
    return reverse(f"missions:{name}", kwargs=kwargs)


def detail(world) -> str:
    return url("detail", mission_pk=world.mission.pk)


# List ---------------------------------------------------------------------------------------


def test_operator_list(programme_a, programme_b, client_for):
    response = client_for(programme_a.operator_user).get(LIST)
    assert rows(response) == ["Mission a 16/03/2026 – 20/03/2026 Weifang 1 Planning"]
    assert 'href="/missions/new/"' in response.content.decode()


def test_list_search_and_status_filter(programme_a, client_for):
    Mission.objects.create(
        programme=programme_a.programme,
        title="Autumn trip",
        start_date=D(2026, 10, 5),
        end_date=D(2026, 10, 9),
        status=Mission.Status.CONFIRMED,
    )
    client = client_for(programme_a.operator_user)
    assert rows(client.get(LIST, {"q": "autumn"})) == [
        "Autumn trip 05/10/2026 – 09/10/2026 — 0 Confirmed"
    ]
    assert rows(client.get(LIST, {"status": "planning"})) == [
        "Mission a 16/03/2026 – 20/03/2026 Weifang 1 Planning"
    ]
    response = client.get(LIST, {"q": "nowhere"})
    assert "No mission matches this search or status. Show all missions" in text(response)


def test_company_user_lists_the_missions_its_company_takes_part_in(programme_a, client_for):
    Mission.objects.create(
        programme=programme_a.programme,
        title="Without us",
        start_date=D(2026, 10, 5),
        end_date=D(2026, 10, 9),
    )
    response = client_for(programme_a.company_user).get(LIST)
    assert rows(response) == ["Mission a 16/03/2026 – 20/03/2026 Weifang 1 Planning"]
    assert 'href="/missions/new/"' not in response.content.decode()
    assert client_for(programme_a.company_user).get(CREATE).status_code == 403


def test_host_lists_missions_visiting_it_counterpart_without_visit_sees_none(
    programme_a, client_for
):
    assert rows(client_for(programme_a.host_user).get(LIST)) == [
        "Mission a 16/03/2026 – 20/03/2026 Weifang 1 Planning"
    ]
    response = client_for(programme_a.counterpart_user).get(LIST)
    assert rows(response) == []
    assert (
        "No mission visits your organisation yet. You will see a delegation's days with you "
        "here as soon as a visit is planned."
    ) in text(response)


def test_list_query_count_does_not_grow_with_rows(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        assert len(rows(client.get(LIST))) == 1
    for n in range(9):
        mission = Mission.objects.create(
            programme=programme_a.programme,
            title=f"Extra {n}",
            start_date=D(2027, 1, 1 + n),
            end_date=D(2027, 1, 2 + n),
        )
        mission.companies.add(programme_a.company)
        ItineraryDay.objects.create(mission=mission, date=mission.start_date, city=programme_a.city)
    with CaptureQueriesContext(connection) as ten:
        assert len(rows(client.get(LIST))) == 10
    assert len(one) == len(ten)
    assert len(ten) <= 12


# Trip plan ----------------------------------------------------------------------------------


@pytest.fixture
def trip(programme_a):
    """Mission a with Chinese names, a visit place, a departure time and a second day that
    visits only the counterpart."""
    world = programme_a
    world.host.name_zh = "潍坊市人民政府"
    world.host.save()
    world.operator_user.first_name, world.operator_user.last_name = "Liisa", "Virtanen"
    world.operator_user.save()
    world.leg.departure = dt.time(7, 30)
    world.leg.save()
    world.visit.place = "City hall, room 3"
    world.visit.save()
    zhucheng = factories.make_china_city("Zhucheng", "诸城")
    day2 = ItineraryDay.objects.create(mission=world.mission, date=D(2026, 3, 17), city=zhucheng)
    Visit.objects.create(
        day=day2,
        organisation=world.counterpart,
        title="Chair factory tour",
        start_time=dt.time(9, 0),
        end_time=dt.time(11, 0),
    )
    return world


def test_operator_sees_the_whole_trip_plan(trip, client_for):
    response = client_for(trip.operator_user).get(detail(trip))
    page = text(response)
    assert "Dates 16 Mar 2026 – 20 Mar 2026 (5 days)" in page
    assert "Destinations Weifang 潍坊" in page
    # The delegation and the needs come before the itinerary, which opens with its cities.
    assert (
        "Delegation Companies Company a Operator staff Liisa Virtanen — Operator a "
        "Needs heard on this mission Need a Open Host a "
        "Itinerary Weifang 潍坊 16 Mar 2026 · 1 visit Host a "
        "Zhucheng 诸城 17 Mar 2026 · 1 visit Counterpart a "
        "Monday, 16 Mar 2026 — Weifang 潍坊"
    ) in page
    assert "07:30 Train: Qingdao 青岛 → Weifang 潍坊, 120 min" in page
    assert "Tuesday, 17 Mar 2026 — Zhucheng 诸城" in page
    assert rows(response) == [
        "10:00–11:30 Host a 潍坊市人民政府 Visit a Attending: the whole delegation Needs: Need a "
        "City hall, room 3 edit · remove",
        "09:00–11:00 Counterpart a Chair factory tour Attending: the whole delegation — "
        "edit · remove",
    ]
    html = response.content.decode()
    assert f'href="/needs/{trip.need.pk}/"' in html
    assert f'href="/missions/{trip.mission.pk}/edit/"' in html
    assert f'href="/missions/days/{trip.day.pk}/visits/new/"' in html


def test_company_user_sees_the_whole_plan_read_only(trip, client_for):
    response = client_for(trip.company_user).get(detail(trip))
    page = text(response)
    assert rows(response) == [
        "10:00–11:30 Host a 潍坊市人民政府 Visit a Attending: the whole delegation City hall, room 3",
        "09:00–11:00 Counterpart a Chair factory tour Attending: the whole delegation —",
    ]
    assert "Delegation Companies Company a Operator staff Liisa Virtanen — Operator a" in page
    assert "Needs heard on this mission" not in page
    assert "/edit/" not in response.content.decode()


def test_host_user_sees_only_its_days_and_visits(trip, client_for):
    response = client_for(trip.host_user).get(detail(trip))
    page = text(response)
    assert "Only the days on which the delegation visits your organisation are shown." in page
    assert "Monday, 16 Mar 2026 — Weifang 潍坊" in page
    assert "07:30 Train: Qingdao 青岛 → Weifang 潍坊, 120 min" in page
    assert "Zhucheng" not in page
    assert rows(response) == [
        "10:00–11:30 Host a 潍坊市人民政府 Visit a Attending: the whole delegation Needs: Need a "
        "City hall, room 3"
    ]
    assert "Delegation Companies Company a" in page
    # Its own needs heard on the mission, nobody else's.
    assert "Needs heard on this mission Need a Open Host a Itinerary" in page
    assert "/edit/" not in response.content.decode()


def test_counterpart_sees_only_its_day(trip, client_for):
    response = client_for(trip.counterpart_user).get(detail(trip))
    assert rows(response) == [
        "09:00–11:00 Counterpart a Chair factory tour Attending: the whole delegation —"
    ]
    assert "Weifang 潍坊" not in text(response).split("Itinerary")[1]


def test_trip_plan_of_another_programme_is_404(programme_a, programme_b, client_for):
    for role in ("operator_user", "company_user", "host_user", "counterpart_user"):
        client = client_for(getattr(programme_a, role))
        assert client.get(detail(programme_b)).status_code == 404


def test_trip_plan_query_count_does_not_grow_with_days(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    client.get(detail(programme_a))
    with CaptureQueriesContext(connection) as one:
        assert len(rows(client.get(detail(programme_a)))) == 1
    mission = programme_a.mission
    mission.end_date = D(2026, 3, 25)
    mission.save()
    for n in range(1, 10):
        day = ItineraryDay.objects.create(
            mission=mission, date=D(2026, 3, 16 + n), city=programme_a.city
        )
        TravelLeg.objects.create(
            day=day,
            origin=programme_a.leg.origin,
            destination=programme_a.city,
            mode="car",
            duration_minutes=30,
        )
        Visit.objects.create(
            day=day,
            organisation=programme_a.host,
            title=f"Visit {n}",
            start_time=dt.time(10),
            end_time=dt.time(11),
        )
        mission.companies.add(
            factories.make_company(
                f"Extra {n}", programme_a.programme, programme_a.operator
            ).organisation
        )
    with CaptureQueriesContext(connection) as ten:
        assert len(rows(client.get(detail(programme_a)))) == 10
    assert len(one) == len(ten)
    assert len(ten) <= 16


# Mission forms ------------------------------------------------------------------------------


def test_operator_creates_a_mission(programme_a, client_for):
    response = client_for(programme_a.operator_user).post(
        CREATE,
        {
            "programme": programme_a.programme.pk,
            "title": "Autumn in Shandong",
            "start_date": "2026-10-05",
            "end_date": "2026-10-09",
            "status": "planning",
            "destinations": [programme_a.city.pk],
            "description": "",
        },
    )
    mission = Mission.objects.get(title="Autumn in Shandong")
    assert response["Location"] == url("detail", mission_pk=mission.pk)
    assert (mission.programme, mission.start_date, mission.end_date) == (
        programme_a.programme,
        D(2026, 10, 5),
        D(2026, 10, 9),
    )
    assert list(mission.destinations.all()) == [programme_a.city]


def test_mission_form_rejects_end_before_start_on_the_field(programme_a, client_for):
    response = client_for(programme_a.operator_user).post(
        CREATE,
        {
            "programme": programme_a.programme.pk,
            "title": "Backwards",
            "start_date": "2026-10-09",
            "end_date": "2026-10-05",
            "status": "planning",
        },
    )
    assert response.context["form"].errors == {
        "end_date": ["The last day cannot be before the first day."]
    }
    assert not Mission.objects.filter(title="Backwards").exists()


def test_shrinking_dates_past_the_itinerary_is_shown_on_the_form(programme_a, client_for):
    response = client_for(programme_a.operator_user).post(
        url("edit", mission_pk=programme_a.mission.pk),
        {
            "title": "Mission a",
            "start_date": "2026-03-17",
            "end_date": "2026-03-20",
            "status": "planning",
        },
    )
    assert response.context["form"].errors == {
        "start_date": [
            "The itinerary has days outside these dates: 2026-03-16. Move or remove them first."
        ]
    }
    assert Mission.objects.get(pk=programme_a.mission.pk).start_date == D(2026, 3, 16)


@pytest.mark.parametrize("role", ["company_user", "host_user"])
def test_visible_mission_is_not_changeable_by_company_or_host(programme_a, client_for, role):
    client = client_for(getattr(programme_a, role))
    for name, kwargs in [
        ("edit", {"mission_pk": programme_a.mission.pk}),
        ("participants", {"mission_pk": programme_a.mission.pk}),
        ("day_create", {"mission_pk": programme_a.mission.pk}),
        ("day_edit", {"day_pk": programme_a.day.pk}),
        ("day_delete", {"day_pk": programme_a.day.pk}),
        ("leg_create", {"day_pk": programme_a.day.pk}),
        ("leg_edit", {"leg_pk": programme_a.leg.pk}),
        ("leg_delete", {"leg_pk": programme_a.leg.pk}),
        ("visit_create", {"day_pk": programme_a.day.pk}),
        ("visit_edit", {"visit_pk": programme_a.visit.pk}),
        ("visit_delete", {"visit_pk": programme_a.visit.pk}),
    ]:
        assert client.get(url(name, **kwargs)).status_code == 403, name
        assert client.post(url(name, **kwargs), {}).status_code == 403, name
    assert ItineraryDay.objects.filter(pk=programme_a.day.pk).exists()
    assert Visit.objects.filter(pk=programme_a.visit.pk).exists()


def test_other_programme_itinerary_is_404_for_operator(programme_a, programme_b, client_for):
    client = client_for(programme_a.operator_user)
    assert client.post(url("day_delete", day_pk=programme_b.day.pk)).status_code == 404
    assert client.post(url("edit", mission_pk=programme_b.mission.pk), {}).status_code == 404
    assert ItineraryDay.objects.filter(pk=programme_b.day.pk).exists()


def test_participants(programme_a, programme_b, client_for):
    second = factories.make_company("Second Oy", programme_a.programme, programme_a.operator)
    colleague = factories.make_user("colleague_a", programme_a.operator, first_name="Erik")
    client = client_for(programme_a.operator_user)
    page = client.get(url("participants", mission_pk=programme_a.mission.pk))
    labels = re.findall(r"<label[^>]*><input[^>]*>\s*([^<]*)</label>", page.content.decode())
    assert [label.strip() for label in labels] == [
        "Company a",
        "Second Oy",
        "operator_a — Operator a",
        "Erik — Operator a",
    ]
    response = client.post(
        url("participants", mission_pk=programme_a.mission.pk),
        {"companies": [second.organisation.pk], "staff": [colleague.pk]},
    )
    assert response["Location"] == detail(programme_a)
    assert list(programme_a.mission.companies.all()) == [second.organisation]
    assert list(programme_a.mission.staff.all()) == [colleague]
    # A company of another programme is not a choice.
    response = client.post(
        url("participants", mission_pk=programme_a.mission.pk),
        {"companies": [programme_b.company.pk]},
    )
    assert list(response.context["form"].errors) == ["companies"]
    assert list(programme_a.mission.companies.all()) == [second.organisation]


# Itinerary forms ----------------------------------------------------------------------------


def test_day_create_suggests_the_next_free_day_and_saves(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    create = url("day_create", mission_pk=programme_a.mission.pk)
    form = client.get(create).context["form"]
    assert (form.initial["date"], form.initial["city"]) == (D(2026, 3, 17), programme_a.city.pk)
    response = client.post(create, {"date": "2026-03-18", "city": programme_a.city.pk})
    day = ItineraryDay.objects.get(mission=programme_a.mission, date=D(2026, 3, 18))
    assert response["Location"] == f"{detail(programme_a)}#day-{day.pk}"
    assert day.city == programme_a.city


def test_day_outside_the_mission_is_rejected_on_the_date_field(programme_a, client_for):
    response = client_for(programme_a.operator_user).post(
        url("day_create", mission_pk=programme_a.mission.pk),
        {"date": "2026-03-25", "city": programme_a.city.pk},
    )
    assert response.context["form"].errors == {
        "date": ["The day must fall within the mission (2026-03-16 – 2026-03-20)."]
    }
    assert "The day must fall within the mission (2026-03-16 – 2026-03-20)." in text(response)
    assert programme_a.mission.days.count() == 1


def test_duplicate_day_is_rejected_on_the_date_field(programme_a, client_for):
    response = client_for(programme_a.operator_user).post(
        url("day_create", mission_pk=programme_a.mission.pk),
        {"date": "2026-03-16", "city": programme_a.city.pk},
    )
    assert response.context["form"].errors == {"date": ["The itinerary already has this day."]}


def test_day_edit_and_delete(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    response = client.post(
        url("day_edit", day_pk=programme_a.day.pk),
        {"date": "2026-03-17", "city": programme_a.city.pk, "notes": "Arrival"},
    )
    assert response.status_code == 302
    day = ItineraryDay.objects.get(pk=programme_a.day.pk)
    assert (day.date, day.notes) == (D(2026, 3, 17), "Arrival")
    confirm = client.get(url("day_delete", day_pk=day.pk))
    assert "Its travel legs and visits are removed too." in text(confirm)
    assert ItineraryDay.objects.filter(pk=day.pk).exists()
    response = client.post(url("day_delete", day_pk=day.pk))
    assert response["Location"] == detail(programme_a)
    assert not ItineraryDay.objects.filter(pk=day.pk).exists()
    assert not Visit.objects.filter(pk=programme_a.visit.pk).exists()


def test_leg_create_edit_delete(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    rizhao = factories.make_china_city("Rizhao", "日照")
    response = client.post(
        url("leg_create", day_pk=programme_a.day.pk),
        {
            "origin": programme_a.city.pk,
            "destination": rizhao.pk,
            "mode": "coach",
            "departure": "16:30",
            "duration_minutes": "150",
        },
    )
    assert response["Location"] == f"{detail(programme_a)}#day-{programme_a.day.pk}"
    leg = TravelLeg.objects.get(destination=rizhao)
    assert (leg.mode, leg.departure, leg.duration_minutes) == ("coach", dt.time(16, 30), 150)
    response = client.post(
        url("leg_edit", leg_pk=leg.pk),
        {
            "origin": programme_a.city.pk,
            "destination": programme_a.city.pk,
            "mode": "coach",
            "duration_minutes": "150",
        },
    )
    assert response.context["form"].errors == {"destination": ["A travel leg goes somewhere else."]}
    assert TravelLeg.objects.get(pk=leg.pk).destination == rizhao
    client.post(url("leg_delete", leg_pk=leg.pk))
    assert not TravelLeg.objects.filter(pk=leg.pk).exists()


def test_visit_create_limits_organisations_and_checks_times(programme_a, programme_b, client_for):
    client = client_for(programme_a.operator_user)
    create = url("visit_create", day_pk=programme_a.day.pk)
    form = client.get(create).context["form"]
    assert list(form.fields["organisation"].queryset) == [programme_a.counterpart, programme_a.host]
    data = {
        "organisation": programme_a.counterpart.pk,
        "title": "Factory tour",
        "start_time": "14:00",
        "end_time": "13:00",
        "place": "Plant 2",
    }
    response = client.post(create, data)
    assert response.context["form"].errors == {"end_time": ["The visit must end after it starts."]}
    response = client.post(create, {**data, "organisation": programme_b.host.pk})
    assert list(response.context["form"].errors) == ["organisation", "end_time"]
    assert not Visit.objects.filter(title="Factory tour").exists()
    response = client.post(create, {**data, "end_time": "15:30"})
    visit = Visit.objects.get(title="Factory tour")
    assert response["Location"] == f"{detail(programme_a)}#day-{programme_a.day.pk}"
    assert (visit.organisation, visit.start_time, visit.end_time, visit.place) == (
        programme_a.counterpart,
        dt.time(14),
        dt.time(15, 30),
        "Plant 2",
    )


def test_visit_edit_and_delete(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    edit = url("visit_edit", visit_pk=programme_a.visit.pk)
    assert 'value="10:00"' in client.get(edit).content.decode()
    client.post(
        edit,
        {
            "organisation": programme_a.host.pk,
            "title": "Welcome meeting",
            "start_time": "09:30",
            "end_time": "11:00",
        },
    )
    visit = Visit.objects.get(pk=programme_a.visit.pk)
    assert (visit.title, visit.start_time) == ("Welcome meeting", dt.time(9, 30))
    client.post(url("visit_delete", visit_pk=visit.pk))
    assert not Visit.objects.filter(pk=visit.pk).exists()
