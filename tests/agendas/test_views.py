"""Agenda pages: who sees which agenda, drafts, links, and a constant number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sme2go.organisations.models import Organisation
from sme2go.planning.models import MeetingRequest, MeetingSeat, ScheduledMeeting
from tests.agendas.conftest import add_meeting, build_trip, local
from tests.agendas.test_exports import local_time
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def agenda_url(mission, organisation, name="agendas:agenda"):
    return reverse(name, kwargs={"mission_pk": mission.pk, "organisation_pk": organisation.pk})


def test_company_user_sees_its_agenda_with_place_table_interpreter_and_travel(trip, client_for):
    world = trip.world
    response = client_for(world.company_user).get(agenda_url(world.mission, world.company))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Agenda of Company a" in html
    assert "Meeting: Company a — Counterpart a" in html
    assert "Fuhua Hotel, table 3" in html
    assert "Interpreter: zh — Li Wei" in html
    assert "Purpose: Village waste-water plants" in html
    assert "Coach: Weifang (潍坊) → Rizhao (日照)" in html
    assert "Company a; Rizhao Port a (日照港集团)" in html
    assert f"{local_time(14)}–{local_time(14, 30)}" in html
    assert "Local time (Asia/Shanghai)" in html
    # Another company's meetings and the draft are not on it.
    assert "Kirkasvirta a" not in html
    assert "Draft only" not in html and "Company a — Host a" not in html


def test_my_agenda_sends_a_participant_to_its_own_agenda(trip, client_for):
    world = trip.world
    url = reverse("agendas:mine", kwargs={"mission_pk": world.mission.pk})
    response = client_for(world.host_user).get(url)
    assert response.status_code == 302
    assert response["Location"] == agenda_url(world.mission, world.host)
    response = client_for(world.operator_user).get(url)
    assert response["Location"] == reverse(
        "agendas:participants", kwargs={"mission_pk": world.mission.pk}
    )


def test_a_company_cannot_open_another_participants_agenda(trip, client_for):
    world = trip.world
    client = client_for(world.company_user)
    for organisation in (trip.company2, world.host, world.counterpart):
        for name in ("agendas:agenda", "agendas:pdf", "agendas:calendar"):
            assert client.get(agenda_url(world.mission, organisation, name)).status_code == 404


def test_a_host_sees_only_meetings_with_it(trip, client_for):
    world = trip.world
    client = client_for(world.host_user)
    html = client.get(agenda_url(world.mission, world.host)).content.decode()
    assert "Meeting: Kirkasvirta a — Host a" in html
    assert "Counterpart a" not in html
    assert "Rizhao Port" not in html
    assert client.get(agenda_url(world.mission, world.company)).status_code == 404


def test_drafts_are_invisible_to_participants_and_a_preview_for_operators(trip, client_for):
    world = trip.world
    preview = agenda_url(world.mission, world.host) + f"?schedule={trip.draft.pk}"
    assert client_for(world.host_user).get(preview).status_code == 404
    assert (
        client_for(world.company_user)
        .get(agenda_url(world.mission, world.company) + f"?schedule={trip.draft.pk}")
        .status_code
        == 404
    )
    html = client_for(world.operator_user).get(preview).content.decode()
    assert "Preview of a draft schedule" in html
    assert "Meeting: Company a — Host a" in html
    assert "Kirkasvirta a — Host a" not in html


def test_without_a_published_schedule_participants_see_no_meetings(trip, client_for):
    world = trip.world
    trip.published.status = "superseded"
    trip.published.save()
    html = client_for(world.company_user).get(agenda_url(world.mission, world.company))
    html = html.content.decode()
    assert "No meeting schedule has been published yet" in html
    assert "Meeting:" not in html
    assert "Visit: Visit a" in html


def test_operator_lists_every_participants_agenda_and_the_grid(trip, client_for):
    world = trip.world
    url = reverse("agendas:participants", kwargs={"mission_pk": world.mission.pk})
    response = client_for(world.operator_user).get(url)
    html = response.content.decode()
    for organisation in (world.company, trip.company2, world.counterpart, trip.port, world.host):
        assert agenda_url(world.mission, organisation) in html
    assert reverse("agendas:grid", kwargs={"day_pk": trip.day2.pk}) in html
    for user in (world.company_user, world.host_user):
        assert client_for(user).get(url).status_code == 404


def test_another_programme_gets_404(trip, programme_b, client_for):
    world = trip.world
    for user in (programme_b.operator_user, programme_b.company_user, programme_b.host_user):
        client = client_for(user)
        for name in ("agendas:agenda", "agendas:pdf", "agendas:calendar"):
            assert client.get(agenda_url(world.mission, world.company, name)).status_code == 404
        mine = reverse("agendas:mine", kwargs={"mission_pk": world.mission.pk})
        assert client.get(mine).status_code == 404


def add_meetings(trip, count: int) -> None:
    """``count`` more published meetings of company a, each with a new counterpart."""
    world = trip.world
    for i in range(count):
        counterpart = make_organisation(f"Extra {i}", Organisation.Kind.COUNTERPART)
        request = MeetingRequest.objects.create(
            mission=world.mission,
            requester=world.company,
            counterpart=counterpart,
            status="accepted",
            language="zh",
        )
        add_meeting(
            trip.published,
            request,
            trip.day1,
            local(trip.day1.date, 15 + i // 2, 30 * (i % 2)),
            trip.weifang_venue,
            5,
            interpreter="zh",
        )


@pytest.mark.parametrize("name", ["agendas:agenda", "agendas:calendar"])
def test_agenda_queries_do_not_grow_with_meetings(
    trip, client_for, django_assert_max_num_queries, name
):
    world = trip.world
    client = client_for(world.company_user)
    url = agenda_url(world.mission, world.company, name)
    client.get(url)  # Warm the session and caches.
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    add_meetings(trip, 8)
    assert ScheduledMeeting.objects.filter(schedule=trip.published).count() == 12
    assert MeetingSeat.objects.filter(organisation=world.company).count() == 11
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "Company a — Extra 7" in response.content.decode()


def test_grid_queries_do_not_grow_with_meetings(trip, client_for, django_assert_max_num_queries):
    client = client_for(trip.world.operator_user)
    url = reverse("agendas:grid", kwargs={"day_pk": trip.day1.pk})
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    add_meetings(trip, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "Extra 7" in response.content.decode()


def test_participant_list_offers_draft_previews_in_constant_queries(
    trip, client_for, django_assert_max_num_queries
):
    world = trip.world
    client = client_for(world.operator_user)
    url = reverse("agendas:participants", kwargs={"mission_pk": world.mission.pk})
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        html = client.get(url).content.decode()
    assert f'href="?schedule={trip.draft.pk}">#{trip.draft.pk}</a>' in html
    assert f"Showing schedule #{trip.published.pk} (Published)." in html
    add_meetings(trip, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("Extra ") == 6
    preview = client.get(url, {"schedule": trip.draft.pk}).content.decode()
    assert f"Showing schedule #{trip.draft.pk} (Draft)." in preview
    assert agenda_url(world.mission, world.host) + f"?schedule={trip.draft.pk}" in preview


def test_a_bad_or_foreign_schedule_number_answers_404(trip, programme_b, client_for):
    world = trip.world
    foreign = build_trip(programme_b)
    client = client_for(world.operator_user)
    url = agenda_url(world.mission, world.company)
    for value in ("abc", "-1", str(foreign.published.pk), str(foreign.draft.pk)):
        assert client.get(url, {"schedule": value}).status_code == 404, value
        grid = reverse("agendas:grid", kwargs={"day_pk": trip.day1.pk})
        assert client.get(grid, {"schedule": value}).status_code == 404, value
