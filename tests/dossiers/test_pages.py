"""Preparing dossiers from the mission's page, and the links on other pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sme2go.dossiers.models import Dossier
from sme2go.organisations.models import Organisation
from tests.factories import enrol, make_organisation

pytestmark = pytest.mark.django_db


def test_an_operator_prepares_the_hosts_mission_dossier_once(dw, client_for):
    w = dw.world
    client = client_for(w.operator_user)
    mission_url = reverse("dossiers:mission", kwargs={"mission_pk": w.mission.pk})
    page = client.get(mission_url).content.decode()
    assert "Host a" in page and "2 approved companies" in page
    prepare = reverse("dossiers:prepare_mission", kwargs={"mission_pk": w.mission.pk})
    first = client.post(prepare, {"host": w.host.pk})
    dossier = Dossier.objects.get(mission=w.mission)
    assert (dossier.host, dossier.need, dossier.programme) == (w.host, None, w.programme)
    assert first.url == reverse("dossiers:detail", kwargs={"dossier_pk": dossier.pk})
    assert client.post(prepare, {"host": w.host.pk}).url == first.url
    assert Dossier.objects.filter(mission=w.mission).count() == 1
    # It covers the host's needs heard on the mission: the world's need.
    html = client.get(first.url).content.decode()
    assert "For every need the host stated on Mission a." in html
    assert "Company a" in html


def test_a_host_without_needs_on_the_mission_is_refused_with_a_message(dw, client_for):
    w = dw.world
    quiet = make_organisation("Quiet host", Organisation.Kind.HOST)
    enrol(w.programme, quiet)
    client = client_for(w.operator_user)
    prepare = reverse("dossiers:prepare_mission", kwargs={"mission_pk": w.mission.pk})
    response = client.post(prepare, {"host": quiet.pk}, follow=True)
    assert "Quiet host stated no need on Mission a." in response.content.decode()
    response = client.post(prepare, {"host": "x"}, follow=True)
    assert "Choose a host that stated needs on this mission." in response.content.decode()
    assert not Dossier.objects.filter(mission=w.mission).exists()


def test_the_mission_and_company_pages_link_the_dossiers(dw, client_for):
    w = dw.world
    mission = client_for(w.operator_user).get(
        reverse("missions:detail", kwargs={"mission_pk": w.mission.pk})
    )
    assert reverse("dossiers:mission", kwargs={"mission_pk": w.mission.pk}) in (
        mission.content.decode()
    )
    sharing = reverse("dossiers:company", kwargs={"organisation_pk": w.company.pk})
    company_page = client_for(w.company_user).get(
        reverse("companies:detail", kwargs={"organisation_pk": w.company.pk})
    )
    html = company_page.content.decode()
    assert sharing in html
    assert "Consents to sharing its profile with 1 host." in html
    assert (
        sharing
        not in client_for(w.host_user)
        .get(reverse("missions:detail", kwargs={"mission_pk": w.mission.pk}))
        .content.decode()
    )
