"""The dashboard and the mission page lead to the agendas."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_company_and_host_users_find_my_agenda(trip, client_for):
    world = trip.world
    mine = reverse("agendas:mine", kwargs={"mission_pk": world.mission.pk})
    mission = reverse("missions:detail", kwargs={"mission_pk": world.mission.pk})
    for user in (world.company_user, world.host_user):
        client = client_for(user)
        for page in (reverse("core:dashboard"), mission):
            html = client.get(page).content.decode()
            assert f'href="{mine}">My agenda</a>' in html, (user, page)
            assert (
                reverse("agendas:participants", kwargs={"mission_pk": world.mission.pk}) not in html
            )


def test_operators_find_the_agendas_and_the_grid(trip, client_for):
    world = trip.world
    client = client_for(world.operator_user)
    agendas = reverse("agendas:participants", kwargs={"mission_pk": world.mission.pk})
    grid = reverse("agendas:mission_grid", kwargs={"mission_pk": world.mission.pk})
    for page in (
        reverse("core:dashboard"),
        reverse("missions:detail", kwargs={"mission_pk": world.mission.pk}),
    ):
        html = client.get(page).content.decode()
        assert f'href="{agendas}">Agendas</a>' in html
        assert f'href="{grid}">Adviser\'s grid</a>' in html
