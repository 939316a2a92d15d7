"""What each demo login sees, through the one scoping mechanism (``core.tenancy.scoped``)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from sme2go.core.tenancy import scoped
from sme2go.demo import data
from sme2go.demo.loader import load_demo
from sme2go.missions.models import Mission, Visit
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme

RIZHAO = "Rizhao Municipal People's Government"


@pytest.fixture
def demo(db):
    load_demo()
    users = get_user_model().objects.in_bulk(field_name="username")
    return users


def names(queryset, field="name") -> set[str]:
    return set(queryset.values_list(field, flat=True))


def test_every_demo_login_has_the_demo_password(demo):
    for username, *_ in data.USERS:
        assert demo[username].check_password(data.DEMO_PASSWORD), username


def test_reloading_unlocks_a_throttled_demo_login(demo, client):
    def log_in(password: str) -> int:
        response = client.post(reverse("login"), {"username": "rizhao", "password": password})
        return response.status_code

    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in("wrong")
    assert log_in(data.DEMO_PASSWORD) != 302

    load_demo()

    assert log_in(data.DEMO_PASSWORD) == 302


def test_operators_see_all_of_sme2go_and_nothing_of_nordic_health(demo):
    for username in ("posintra", "vasteras"):
        user = demo[username]
        assert names(scoped(Programme, user)) == {"SME2GO"}
        assert scoped(Need, user).count() == 7
        assert names(scoped(Mission, user), "title") == {data.MISSION_TITLE}
        assert "Pulsiva OÜ" not in names(scoped(Organisation, user))
        assert "Kirkasvirta Water Oy" in names(scoped(Organisation, user))


def test_operators_change_only_the_companies_they_recruited(demo):
    posintra = names(scoped(Organisation, demo["posintra"], "change").filter(kind="company"))
    vasteras = names(scoped(Organisation, demo["vasteras"], "change").filter(kind="company"))

    assert posintra == {
        "Kirkasvirta Water Oy",
        "Viljava Food Technology Oy",
        "Istuin Design Oy",
        "Pixelpuffin Games Oy",
        "Hammasrata Software Oy",
    }
    assert vasteras == {
        "Norrträ Byggsystem AB",
        "Luftkoll Sensors AB",
        "Värmeflöde Energy AB",
        "Modevåg Consulting AB",
    }


def test_company_user_sees_its_company_and_the_mission_but_no_needs(demo):
    user = demo["aqua"]

    assert names(scoped(Organisation, user)) == {"Kirkasvirta Water Oy"}
    assert names(scoped(Mission, user), "title") == {data.MISSION_TITLE}
    assert not scoped(Need, user).exists()


def test_rizhao_host_sees_only_rizhao_needs_and_the_mission_visiting_it(demo):
    user = demo["rizhao"]
    needs = scoped(Need, user)

    assert names(needs, "host__name") == {RIZHAO}
    assert names(needs, "title") == {n["title"] for n in data.NEEDS if n["host"] == RIZHAO}
    assert names(scoped(Organisation, user)) == {RIZHAO}
    assert names(scoped(Mission, user), "title") == {data.MISSION_TITLE}
    assert Visit.objects.filter(organisation__name=RIZHAO).exists()


def test_nordic_health_operator_sees_no_sme2go_object(demo):
    user = demo["nordichealth"]

    assert names(scoped(Programme, user)) == {"Nordic Health Export"}
    assert names(scoped(Organisation, user)) == {"Tartu Health Export Centre", "Pulsiva OÜ"}
    assert not scoped(Need, user).exists()
    assert not scoped(Mission, user).exists()
    assert not scoped(Visit, user).exists()


def test_admin_sees_everything(demo):
    user = demo["admin"]

    assert user.is_superuser and user.is_staff
    assert scoped(Programme, user).count() == 2
    assert scoped(Need, user).count() == Need.objects.count()
