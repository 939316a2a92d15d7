"""The admin of needs and missions: scoped lists and choices, errors on the field."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from sme2go.missions.models import ItineraryDay
from sme2go.needs.models import Need


@pytest.fixture
def staff_client(programme_a, client_for):
    user = programme_a.operator_user
    user.is_staff = True
    user.save()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["needs", "missions"])
    )
    return client_for(user)


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, flags=re.S).group(0)
    return [label for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def test_changelists_show_only_the_programme(programme_a, programme_b, staff_client):
    needs = staff_client.get(reverse("admin:needs_need_changelist")).content.decode()
    assert "Need a" in needs and "Need b" not in needs
    missions = staff_client.get(reverse("admin:missions_mission_changelist")).content.decode()
    assert "Mission a" in missions and "Mission b" not in missions


def test_need_add_form_offers_only_visible_hosts_and_missions(
    programme_a, programme_b, staff_client
):
    html = staff_client.get(reverse("admin:needs_need_add")).content.decode()
    assert options(html, "host") == ["---------", "Host a"]
    assert options(html, "mission") == ["---------", "Mission a"]


def test_admin_rejects_a_need_without_host_on_the_field(programme_a, staff_client):
    response = staff_client.post(
        reverse("admin:needs_need_add"),
        {
            "programme": programme_a.programme.pk,
            "host": "",
            "heard_on": "2026-03-16",
            "title": "Hostless",
            "language": "en",
            "cpv_codes": "[]",
            "excluded_countries": "[]",
            "required_languages": "[]",
            "status": "open",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["host"] == [
        "Name the host organisation that stated this need."
    ]
    assert not Need.objects.filter(title="Hostless").exists()


def test_admin_rejects_a_day_outside_the_mission_on_the_field(programme_a, staff_client):
    inline = {}
    for prefix in ("legs", "visits"):
        inline.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    response = staff_client.post(
        reverse("admin:missions_itineraryday_change", args=[programme_a.day.pk]),
        {
            "mission": programme_a.mission.pk,
            "date": "2026-04-01",
            "city": programme_a.city.pk,
            "notes": "",
            **inline,
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["date"] == [
        "The day must fall within the mission (2026-03-16 – 2026-03-20)."
    ]
    assert ItineraryDay.objects.get(pk=programme_a.day.pk).date.isoformat() == "2026-03-16"
