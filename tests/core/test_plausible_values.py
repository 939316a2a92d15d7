"""Absurd numbers and dates are refused with a message on their field (issue 13, defect 8).

A travel leg of 9,223,372,036,854,775,807 minutes and a mission from 1900 to 2100 were
accepted: the bounds of ``core.validators`` and the models' ``clean()`` now refuse them,
through the forms (the message on the field, nothing saved) and the domain functions.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sme2go.companies import domain as companies_domain
from sme2go.companies.models import Certification, Product
from sme2go.missions import domain as missions_domain
from sme2go.missions.models import Mission, TravelLeg
from sme2go.needs.models import Need
from sme2go.programmes.models import Programme

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775807"


def field_errors(response) -> dict[str, list[str]]:
    """The error messages shown on each field of the rendered form."""
    form = response.context["form"]
    return {name: list(errors) for name, errors in form.errors.items()}


def leg_data(world, minutes: str) -> dict[str, str]:
    return {
        "origin": world.leg.origin_id,
        "destination": world.city.pk,
        "mode": TravelLeg.Mode.TRAIN,
        "duration_minutes": minutes,
        "departure": "",
        "notes": "",
    }


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (HUGE, "A travel leg takes at most 48 hours."),
        ("2881", "A travel leg takes at most 48 hours."),
        ("0", "A travel leg takes some time."),
    ],
)
def test_absurd_travel_leg_is_refused_on_its_field(programme_a, client_for, minutes, message):
    url = reverse("missions:leg_create", kwargs={"day_pk": programme_a.day.pk})
    client = client_for(programme_a.operator_user)
    response = client.post(url, leg_data(programme_a, minutes))
    assert response.status_code == 200
    # (PostgreSQL's integer range adds its own message for HUGE; ours is there too.)
    assert message in field_errors(response)["duration_minutes"]
    assert TravelLeg.objects.filter(day=programme_a.day).count() == 1


def test_a_two_day_leg_is_accepted(programme_a, client_for):
    url = reverse("missions:leg_create", kwargs={"day_pk": programme_a.day.pk})
    response = client_for(programme_a.operator_user).post(url, leg_data(programme_a, "2880"))
    assert response.status_code == 302
    assert TravelLeg.objects.filter(day=programme_a.day, duration_minutes=2880).exists()


def mission_data(world, start: str, end: str) -> dict[str, str]:
    return {
        "programme": world.programme.pk,
        "title": "Long trip",
        "start_date": start,
        "end_date": end,
        "status": Mission.Status.PLANNING,
        "description": "",
    }


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        (
            "1900-01-01",
            "2100-12-31",
            {"start_date": ["Enter a year between 2000 and 2100."]},
        ),
        (
            "2026-05-01",
            "2101-01-01",
            {"end_date": ["Enter a year between 2000 and 2100."]},
        ),
        ("2026-05-01", "2026-06-30", {"end_date": ["A mission lasts at most 60 days."]}),
    ],
)
def test_absurd_mission_dates_are_refused_on_their_fields(
    programme_a, client_for, start, end, errors
):
    before = Mission.objects.count()
    response = client_for(programme_a.operator_user).post(
        reverse("missions:create"), mission_data(programme_a, start, end)
    )
    assert response.status_code == 200
    shown = field_errors(response)
    assert {name: shown[name] for name in errors} == errors
    assert Mission.objects.count() == before


def test_a_sixty_day_mission_is_accepted(programme_a):
    mission = missions_domain.create_mission(
        actor=programme_a.operator_user,
        programme=programme_a.programme,
        title="Long trip",
        start_date=dt.date(2026, 5, 1),
        end_date=dt.date(2026, 6, 29),
    )
    assert mission.duration_days == 60


def test_domain_functions_refuse_the_same_values(programme_a):
    with pytest.raises(ValidationError) as error:
        missions_domain.add_travel_leg(
            actor=programme_a.operator_user,
            day=programme_a.day,
            origin=programme_a.leg.origin,
            destination=programme_a.city,
            mode=TravelLeg.Mode.TRAIN,
            duration_minutes=int(HUGE),
        )
    # (On PostgreSQL the integer range adds its own message.)
    assert "A travel leg takes at most 48 hours." in error.value.message_dict["duration_minutes"]
    with pytest.raises(ValidationError) as error:
        companies_domain.add_product(
            profile=programme_a.profile, actor=programme_a.operator_user, name="Old", year=1066
        )
    assert error.value.message_dict == {"year": ["Enter a year between 1900 and 2100."]}
    assert not Product.objects.filter(name="Old").exists()


def test_programme_need_and_certification_dates(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    response = client.post(
        reverse("programmes:edit", kwargs={"programme_pk": programme_a.programme.pk}),
        {
            "name": "Programme a",
            "funder": "",
            "description": "",
            "start_date": "2026-01-01",
            "end_date": "9999-12-31",
            "partners": [programme_a.operator.pk],
        },
    )
    assert field_errors(response)["end_date"] == ["Enter a year between 2000 and 2100."]
    programme_a.programme.refresh_from_db()
    assert programme_a.programme.end_date == dt.date(2027, 12, 31)

    response = client.post(
        reverse("needs:edit", kwargs={"need_pk": programme_a.need.pk}),
        {"host": programme_a.host.pk, "title": "Need a", "heard_on": "1899-03-16"},
    )
    assert field_errors(response)["heard_on"] == ["Enter a year between 2000 and 2100."]
    assert Need.objects.get(pk=programme_a.need.pk).heard_on == dt.date(2026, 3, 16)

    response = client.post(
        reverse(
            "companies:certification_create", kwargs={"organisation_pk": programme_a.company.pk}
        ),
        {"name": "CCC", "issuer": "", "valid_until": "3026-01-01"},
    )
    assert field_errors(response)["valid_until"] == ["Enter a year between 2000 and 2100."]
    assert not Certification.objects.filter(name="CCC").exists()
    assert re.search(r"Enter a year between 2000 and 2100", response.content.decode())


def test_programme_dates_on_create(programme_a):
    with pytest.raises(ValidationError) as error:
        Programme(
            name="P", start_date=dt.date(1900, 1, 1), end_date=dt.date(2026, 1, 1)
        ).full_clean()
    assert error.value.message_dict["start_date"] == ["Enter a year between 2000 and 2100."]


def test_a_pasted_novel_is_refused_on_its_field(programme_a, client_for):
    """Free text typed into a form is bounded (the engine re-reads it on every ranking)."""
    client = client_for(programme_a.operator_user)
    response = client.post(
        reverse("needs:edit", kwargs={"need_pk": programme_a.need.pk}),
        {
            "host": programme_a.host.pk,
            "title": "Need a",
            "heard_on": "2026-03-16",
            "description": "water " * 4000,
        },
    )
    assert field_errors(response)["description"] == [
        "Ensure this value has at most 20000 characters (it has 23999)."
    ]
    assert 'maxlength="20000"' in response.content.decode()
    assert Need.objects.get(pk=programme_a.need.pk).description == ""
    url = reverse("companies:product_create", kwargs={"organisation_pk": programme_a.company.pk})
    response = client.post(url, {"kind": "product", "name": "Pump", "description": "x" * 20_001})
    assert "description" in field_errors(response)
    assert not Product.objects.filter(name="Pump").exists()


def test_long_text_is_refused_by_the_models_too(programme_a):
    """Writes that do not come through a form (the API, imports) meet the same bound."""
    from sme2go.needs import domain as needs_domain

    with pytest.raises(ValidationError) as error:
        needs_domain.update_need(
            actor=programme_a.operator_user, need=programme_a.need, description="x" * 20_001
        )
    assert error.value.message_dict == {
        "description": ["Enter at most 20000 characters (this text has 20001)."]
    }
    assert Need.objects.get(pk=programme_a.need.pk).description == ""
    with pytest.raises(ValidationError) as error:
        companies_domain.update_company_profile(
            profile=programme_a.profile, actor=programme_a.operator_user, offering="y" * 30_000
        )
    assert error.value.message_dict["offering"] == [
        "Enter at most 20000 characters (this text has 30000)."
    ]
