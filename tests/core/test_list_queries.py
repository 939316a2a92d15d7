"""Lists and dashboards cost the same number of queries for 1 row as for 10 (no N+1)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sme2go.companies.models import Product
from sme2go.missions.models import ItineraryDay, Mission, Visit
from sme2go.needs.models import Need
from sme2go.organisations.models import ContactPerson
from tests.factories import (
    enrol,
    make_china_city,
    make_company,
    make_organisation,
    make_programme,
)

pytestmark = pytest.mark.django_db


def add_companies(world, n: int) -> list[str]:
    names = []
    for i in range(n):
        profile = make_company(
            f"Extra company {i}", world.programme, world.operator, domains=("water", "energy")
        )
        Product.objects.create(profile=profile, name=f"Product {i}")
        names.append(profile.organisation.name)
    return names


def add_hosts(world, n: int, kind: str = "host") -> list[str]:
    city = make_china_city("Zhucheng", "诸城")
    names = []
    for i in range(n):
        host = make_organisation(f"Extra {kind} {i}", kind, region=city)
        enrol(world.programme, host)
        ContactPerson.objects.create(organisation=host, name=f"Contact {i}")
        if kind == "host":
            Need.objects.create(
                programme=world.programme, host=host, title=f"Need {i}", heard_on=dt.date.today()
            )
        names.append(host.name)
    return names


def add_programmes(world, n: int) -> list[str]:
    names = []
    for i in range(n):
        programme = make_programme(f"Extra programme {i}", [world.operator])
        make_company(f"Company of programme {i}", programme, world.operator)
        names.append(programme.name)
    return names


def add_missions(world, n: int) -> list[str]:
    """Upcoming missions with days and visits to the host, each with a need heard on it."""
    today = dt.date.today()
    names = []
    already = Mission.objects.filter(programme=world.programme).count()
    for i in range(already, already + n):
        start = today + dt.timedelta(days=10 + i * 7)
        mission = Mission.objects.create(
            programme=world.programme,
            title=f"Extra mission {i}",
            start_date=start,
            end_date=start + dt.timedelta(days=2),
        )
        mission.companies.add(world.company)
        for offset in range(2):
            day = ItineraryDay.objects.create(
                mission=mission, date=start + dt.timedelta(days=offset), city=world.city
            )
            Visit.objects.create(
                day=day,
                organisation=world.host,
                title=f"Visit {i}/{offset}",
                start_time=dt.time(9),
                end_time=dt.time(10),
            )
        Need.objects.create(
            programme=world.programme,
            host=world.host,
            title=f"Heard on {i}",
            heard_on=start,
            mission=mission,
        )
        names.append(mission.title)
    return names


CASES = [
    ("programmes:list", "operator_user", add_programmes),
    ("companies:list", "operator_user", add_companies),
    ("organisations:hosts", "operator_user", add_hosts),
    ("organisations:counterparts", "operator_user", lambda w, n: add_hosts(w, n, "counterpart")),
    ("core:dashboard", "operator_user", add_missions),
    ("core:dashboard", "company_user", add_missions),
    ("core:dashboard", "host_user", add_missions),
]


@pytest.mark.parametrize(("url_name", "user", "add_rows"), CASES)
def test_query_count_does_not_grow_with_rows(
    programme_a, client_for, django_assert_max_num_queries, url_name, user, add_rows
):
    client = client_for(getattr(programme_a, user))
    url = reverse(url_name)
    # One row of every kind: the world's own, or (its mission being past) one added.
    first = add_rows(programme_a, 1) if add_rows is add_missions else []
    client.get(url)  # warm per-process caches so both counts measure the same work
    with CaptureQueriesContext(connection) as one_row:
        assert client.get(url).status_code == 200
    names = first + add_rows(programme_a, 9)
    with django_assert_max_num_queries(len(one_row)):
        response = client.get(url)
    html = response.content.decode()
    if (url_name, user) == ("core:dashboard", "operator_user"):
        names = names[:5]  # the operator's dashboard shows the five next missions
    assert [name for name in names if name not in html] == []
