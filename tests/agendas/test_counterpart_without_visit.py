"""A counterpart the delegation never visits still sees its B2B meetings once published."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sme2go.core.tenancy import scoped
from sme2go.missions.models import Mission
from sme2go.planning.models import Schedule
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_seated_counterpart_sees_the_mission_and_its_agenda(trip, client_for):
    port_user = make_user("port_user", trip.port)
    mission = trip.world.mission
    assert list(scoped(Mission, port_user)) == [mission]
    url = reverse("agendas:mine", kwargs={"mission_pk": mission.pk})
    response = client_for(port_user).get(url, follow=True)
    assert "Port water reuse" in response.content.decode()


def test_a_draft_seat_alone_shows_nothing(trip):
    port_user = make_user("port_user", trip.port)
    Schedule.objects.filter(pk=trip.published.pk).update(status=Schedule.Status.SUPERSEDED)
    assert list(scoped(Mission, port_user)) == []
