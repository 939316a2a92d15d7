"""The per-role dashboard."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sme2go.missions.models import ItineraryDay, Mission
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def move_mission(world, start: dt.date) -> None:
    """Put the world's mission (and its first day) at ``start`` … ``start + 4``."""
    Mission.objects.filter(pk=world.mission.pk).update(
        start_date=start, end_date=start + dt.timedelta(days=4)
    )
    ItineraryDay.objects.filter(pk=world.day.pk).update(date=start)


def dashboard(client):
    return client.get(reverse("core:dashboard")).content.decode()


def test_operator_dashboard(programme_a, programme_b, client_for):
    start = timezone.localdate() + dt.timedelta(days=30)
    move_mission(programme_a, start)
    past = Mission.objects.create(
        programme=programme_a.programme,
        title="Scouting trip",
        start_date=dt.date(2025, 5, 5),
        end_date=dt.date(2025, 5, 9),
    )
    html = dashboard(client_for(programme_a.operator_user))
    assert "<h1>Operator a</h1>" in html
    assert f'<h3><a href="/programmes/{programme_a.programme.pk}/">Programme a</a></h3>' in html
    pk = programme_a.programme.pk
    assert f'<dd><a href="/companies/?programme={pk}">1</a></dd>' in html
    assert f'<dd><a href="/hosts/?programme={pk}">1</a></dd>' in html
    assert '<dd><a href="/needs/?status=open">1</a></dd>' in html
    upcoming = html.split("Upcoming missions")[1].split("Recent missions")[0]
    assert f'<a href="/missions/{programme_a.mission.pk}/">Mission a</a>' in upcoming
    end = start + dt.timedelta(days=4)
    assert f"{start:%-d %b %Y} – {end:%-d %b %Y}" in upcoming
    assert '<span class="tag">Weifang 潍坊</span>' in upcoming
    recent = html.split("Recent missions")[1].split("Recently recorded needs")[0]
    assert f'<a href="/missions/{past.pk}/">Scouting trip</a>' in recent
    assert f'<a href="/needs/{programme_a.need.pk}/">Need a</a>' in html
    assert "Programme b" not in html and "Need b" not in html and "Mission b" not in html


def test_company_dashboard(programme_a, programme_b, client_for):
    html = dashboard(client_for(programme_a.company_user))
    assert "<h1>Company a</h1>" in html
    assert "<p>Company a builds waste-water treatment plants.</p>" in html
    assert '<span class="tag">Water and waste water</span>' in html
    assert "<dt>Products and references</dt><dd>1</dd>" in html
    assert f'href="/companies/{programme_a.company.pk}/">View and edit your profile</a>' in html
    assert f'<a href="/missions/{programme_a.mission.pk}/">Mission a</a>' in html
    assert "Mission b" not in html and "Need a" not in html


def test_host_dashboard(programme_a, programme_b, client_for):
    html = dashboard(client_for(programme_a.host_user))
    assert "<h1>Host a</h1>" in html
    assert f'<a href="/needs/{programme_a.need.pk}/">Need a</a>' in html
    assert f'<h3><a href="/missions/{programme_a.mission.pk}/">Mission a</a>' in html
    assert "<strong>Mon 16 March 10:00–11:30</strong> Visit a" in html
    assert "Need b" not in html and "Visit b" not in html


def test_counterpart_dashboard_has_visits_but_no_needs(programme_a, client_for):
    html = dashboard(client_for(programme_a.counterpart_user))
    assert "<h1>Counterpart a</h1>" in html
    assert "Needs you stated" not in html
    assert "No visits planned." in html


def test_user_without_organisation(db, client_for):
    html = dashboard(client_for(make_user("loner")))
    assert "Your account is not linked to an organisation yet." in html


def test_dashboard_needs_login(client):
    response = client.get(reverse("core:dashboard"))
    assert response["Location"] == "/accounts/login/?next=/"
