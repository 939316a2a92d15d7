"""The iCalendar feed parsed back with icalendar, and the secret feed URLs."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from sme2go.agendas import domain
from sme2go.agendas.models import CalendarFeed
from sme2go.audit.models import AuditEntry
from sme2go.missions.models import ItineraryDay, Mission, Visit
from sme2go.organisations.models import Membership
from tests.agendas.test_views import add_meetings
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def calendar_url(mission, organisation) -> str:
    return reverse(
        "agendas:calendar", kwargs={"mission_pk": mission.pk, "organisation_pk": organisation.pk}
    )


def events(response) -> list[icalendar.Event]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_company_feed_has_exact_events_in_utc(trip):
    world = trip.world
    _feed, token = domain.create_calendar_feed(actor=world.company_user)
    response = Client().get(calendar_url(world.mission, world.company), {"token": token})
    found = events(response)
    meeting = trip.meetings["a_cp"]
    port = trip.meetings["a_port"]
    assert [
        (
            str(event["UID"]),
            str(event["SUMMARY"]),
            event.decoded("DTSTART"),
            event.decoded("DTEND"),
            str(event.get("LOCATION", "")),
        )
        for event in found
    ] == [
        (
            f"travel-{world.leg.pk}@sme2go",
            "Train: Qingdao (青岛) → Weifang (潍坊)",
            dt.date(2026, 3, 16),
            dt.date(2026, 3, 17),
            "",
        ),
        (
            f"visit-{world.visit.pk}@sme2go",
            "Visit: Visit a",
            utc(2026, 3, 16, 2, 0),  # 10:00 in Weifang (UTC+8)
            utc(2026, 3, 16, 3, 30),
            "",
        ),
        (
            f"meeting-{meeting.request_id}@sme2go",
            "Meeting: Company a — Counterpart a",
            utc(2026, 3, 16, 6, 0),
            utc(2026, 3, 16, 6, 30),
            "Fuhua Hotel, table 3",
        ),
        (
            f"travel-{trip.rizhao_leg.pk}@sme2go",
            "Coach: Weifang (潍坊) → Rizhao (日照)",
            utc(2026, 3, 16, 23, 0),  # 07:00 on the 17th in Rizhao
            utc(2026, 3, 17, 1, 0),
            "",
        ),
        (
            f"meeting-{port.request_id}@sme2go",
            "Meeting: Company a — Rizhao Port a",
            utc(2026, 3, 17, 1, 30),
            utc(2026, 3, 17, 2, 0),
            "Port Hall, table 1",
        ),
    ]
    assert str(found[2]["DESCRIPTION"]) == (
        "Attending: Company a; Counterpart a\n"
        "Interpreter: zh — Li Wei\n"
        "Purpose: Village waste-water plants"
    )
    assert str(found[1]["DESCRIPTION"]) == "Attending: Host a; the delegation"
    assert str(found[3]["DESCRIPTION"]) == "Attending: the delegation\nCoach leaves from the hotel"
    # Times are written in UTC ("Z"), so no VTIMEZONE is needed.
    assert b"DTSTART:20260316T060000Z" in response.content
    assert b"VTIMEZONE" not in response.content
    assert response["Cache-Control"] == "private, no-store"


def test_uids_are_stable_when_a_schedule_is_republished(trip):
    """A new schedule with the same meeting moved keeps the meeting's UID."""
    world = trip.world
    _feed, token = domain.create_calendar_feed(actor=world.company_user)
    url = calendar_url(world.mission, world.company)
    before = {str(e["UID"]) for e in events(Client().get(url, {"token": token}))}
    meeting = trip.meetings["a_cp"]
    meeting.starts_at += dt.timedelta(hours=1)
    meeting.ends_at += dt.timedelta(hours=1)
    meeting.save()
    after = {
        str(e["UID"]): e.decoded("DTSTART") for e in events(Client().get(url, {"token": token}))
    }
    assert set(after) == before
    assert after[f"meeting-{meeting.request_id}@sme2go"] == utc(2026, 3, 16, 7, 0)


def test_host_feed_has_only_meetings_with_it(trip):
    world = trip.world
    _feed, token = domain.create_calendar_feed(actor=world.host_user)
    found = events(Client().get(calendar_url(world.mission, world.host), {"token": token}))
    assert [str(e["SUMMARY"]) for e in found] == [
        "Train: Qingdao (青岛) → Weifang (潍坊)",
        "Visit: Visit a",
        "Meeting: Kirkasvirta a — Host a",
    ]


def test_logged_in_download_without_a_token(trip, client_for):
    world = trip.world
    found = events(client_for(world.company_user).get(calendar_url(world.mission, world.company)))
    assert len(found) == 5
    anonymous = Client().get(calendar_url(world.mission, world.company))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))


def test_a_revoked_unknown_or_someone_elses_token_answers_404(trip, programme_b):
    world = trip.world
    url = calendar_url(world.mission, world.company)
    feed, token = domain.create_calendar_feed(actor=world.company_user)
    assert Client().get(url, {"token": token}).status_code == 200
    domain.revoke_calendar_feed(actor=world.company_user, feed=feed)
    assert Client().get(url, {"token": token}).status_code == 404
    assert Client().get(url, {"token": "not-a-token"}).status_code == 404
    assert Client().get(url, {"token": ""}).status_code == 404
    # Another company's token and another programme's tokens do not open this agenda.
    for user in (
        trip.company2_user,
        world.host_user,
        programme_b.company_user,
        programme_b.operator_user,
    ):
        _other, other_token = domain.create_calendar_feed(actor=user)
        assert Client().get(url, {"token": other_token}).status_code == 404
    # An operator of the programme may subscribe to any participant's agenda.
    _feed, operator_token = domain.create_calendar_feed(actor=world.operator_user)
    assert Client().get(url, {"token": operator_token}).status_code == 200


def test_the_feed_rechecks_the_users_scope_at_each_fetch(trip):
    world = trip.world
    url = calendar_url(world.mission, world.company)
    _feed, token = domain.create_calendar_feed(actor=world.company_user)
    assert len(events(Client().get(url, {"token": token}))) == 5
    # Unpublishing hides the meetings at the next fetch ...
    trip.published.status = "superseded"
    trip.published.save()
    assert [
        str(e["SUMMARY"]).split(":")[0] for e in events(Client().get(url, {"token": token}))
    ] == [
        "Train",
        "Visit",
        "Coach",
    ]
    # ... and a user who leaves the company loses the feed.
    Membership.objects.filter(user=world.company_user).delete()
    assert Client().get(url, {"token": token}).status_code == 404
    world.company_user.is_active = False
    world.company_user.save()
    assert Client().get(url, {"token": token}).status_code == 404


def test_a_feed_ignores_draft_previews(trip):
    """A token never opens a draft, even an operator's (no ?schedule= on feeds)."""
    world = trip.world
    _feed, token = domain.create_calendar_feed(actor=world.operator_user)
    url = calendar_url(world.mission, world.host)
    response = Client().get(url, {"token": token, "schedule": trip.draft.pk})
    assert "Meeting: Company a — Host a" not in [str(e["SUMMARY"]) for e in events(response)]


def test_create_and_revoke_keep_only_a_hash_and_one_active_feed(trip):
    user = trip.world.company_user
    first, token = domain.create_calendar_feed(actor=user)
    assert first.digest == CalendarFeed.hash_token(token)
    assert token not in first.digest and len(first.digest) == 64
    second, second_token = domain.create_calendar_feed(actor=user)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None
    assert second_token != token
    assert list(CalendarFeed.objects.filter(user=user).active()) == [second]
    with pytest.raises(PermissionDenied):
        domain.revoke_calendar_feed(actor=trip.company2_user, feed=second)
    second.refresh_from_db()
    assert second.revoked_at is None
    domain.revoke_calendar_feed(actor=user, feed=second)
    revoked_at = CalendarFeed.objects.get(pk=second.pk).revoked_at
    domain.revoke_calendar_feed(actor=user, feed=second)
    assert CalendarFeed.objects.get(pk=second.pk).revoked_at == revoked_at


def test_a_user_without_an_organisation_gets_no_feed(db):
    user = make_user("loner")
    with pytest.raises(PermissionDenied):
        domain.create_calendar_feed(actor=user)
    assert not CalendarFeed.objects.exists()


def test_the_agenda_page_shows_a_new_feed_url_once_and_revokes_it(trip, client_for):
    world = trip.world
    client = client_for(world.company_user)
    agenda = reverse(
        "agendas:agenda",
        kwargs={"mission_pk": world.mission.pk, "organisation_pk": world.company.pk},
    )
    response = client.post(reverse("agendas:feed_create"), {"next": agenda}, follow=True)
    html = response.content.decode()
    feed = CalendarFeed.objects.get(user=world.company_user)
    prefix = f"http://testserver{reverse('agendas:my_calendar')}?token="
    start = html.index(prefix) + len(prefix)
    token = html[start : html.index('"', start)]
    assert CalendarFeed.hash_token(token) == feed.digest
    assert "shown only once" in html
    # Shown once: the next visit does not show it again.
    assert token not in client.get(agenda).content.decode()
    assert (
        len(events(Client().get(calendar_url(world.mission, world.company), {"token": token}))) == 5
    )
    # Another user's revoke URL answers 404 and changes nothing.
    revoke = reverse("agendas:feed_revoke", kwargs={"calendarfeed_pk": feed.pk})
    assert client_for(trip.company2_user).post(revoke, {"next": agenda}).status_code == 404
    assert CalendarFeed.objects.get(pk=feed.pk).revoked_at is None
    response = client.post(revoke, {"next": agenda})
    assert response.status_code == 302 and response["Location"] == agenda
    assert CalendarFeed.objects.get(pk=feed.pk).revoked_at is not None
    assert (
        Client().get(calendar_url(world.mission, world.company), {"token": token}).status_code
        == 404
    )
    # An outside "next" is not followed.
    response = client.post(reverse("agendas:feed_create"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("core:dashboard")
    assert client.get(reverse("agendas:feed_create")).status_code == 405


def test_the_audit_log_records_feeds_without_their_digest(trip):
    user = trip.world.company_user
    feed, _token = domain.create_calendar_feed(actor=user)
    domain.revoke_calendar_feed(actor=user, feed=feed)
    entries = AuditEntry.objects.filter(via__startswith="sme2go.agendas.domain.").order_by("pk")
    assert [(e.via, e.action, e.actor_id) for e in entries] == [
        ("sme2go.agendas.domain.create_calendar_feed", "create", user.pk),
        ("sme2go.agendas.domain.revoke_calendar_feed", "change", user.pk),
    ]
    assert feed.digest not in str(entries[0].changes)
    assert "digest" in entries[0].changes


def test_the_per_user_feed_has_the_users_agendas_of_all_its_missions(trip):
    world = trip.world
    second = Mission.objects.create(
        programme=world.programme,
        title="Second mission",
        start_date=dt.date(2026, 9, 7),
        end_date=dt.date(2026, 9, 7),
    )
    second.companies.add(world.company)
    day = ItineraryDay.objects.create(mission=second, date=second.start_date, city=world.city)
    visit = Visit.objects.create(
        day=day,
        organisation=world.host,
        title="Autumn visit",
        start_time=dt.time(9, 0),
        end_time=dt.time(10, 0),
    )
    url = reverse("agendas:my_calendar")
    _feed, token = domain.create_calendar_feed(actor=world.company_user)
    response = Client().get(url, {"token": token})
    assert response["Cache-Control"] == "private, no-store"
    found = events(response)
    assert [str(e["UID"]) for e in found][-1] == f"visit-{visit.pk}@sme2go"
    assert [str(e["SUMMARY"]) for e in found] == [
        "Train: Qingdao (青岛) → Weifang (潍坊)",
        "Visit: Visit a",
        "Meeting: Company a — Counterpart a",
        "Coach: Weifang (潍坊) → Rizhao (日照)",
        "Meeting: Company a — Rizhao Port a",
        "Visit: Autumn visit",
    ]
    assert icalendar.Calendar.from_ical(response.content)["X-WR-CALNAME"] == "Agenda of company_a"
    # The host's feed: its own meetings and visits only; drafts never.
    _feed, host_token = domain.create_calendar_feed(actor=world.host_user)
    assert [str(e["SUMMARY"]) for e in events(Client().get(url, {"token": host_token}))] == [
        "Train: Qingdao (青岛) → Weifang (潍坊)",
        "Visit: Visit a",
        "Meeting: Kirkasvirta a — Host a",
        "Visit: Autumn visit",
    ]
    # Operators take part in no meeting: their own feed is empty.
    _feed, operator_token = domain.create_calendar_feed(actor=world.operator_user)
    assert events(Client().get(url, {"token": operator_token})) == []
    # Revoked, unknown, no token.
    feed, token = domain.create_calendar_feed(actor=world.company_user)
    domain.revoke_calendar_feed(actor=world.company_user, feed=feed)
    assert Client().get(url, {"token": token}).status_code == 404
    assert Client().get(url, {"token": "nope"}).status_code == 404
    assert Client().get(url)["Location"].startswith(reverse("login"))


def test_the_per_user_feed_queries_do_not_grow_with_meetings(trip, django_assert_max_num_queries):
    _feed, token = domain.create_calendar_feed(actor=trip.world.company_user)
    url = reverse("agendas:my_calendar")
    with django_assert_max_num_queries(20) as few:
        Client().get(url, {"token": token})
    add_meetings(trip, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = Client().get(url, {"token": token})
    assert len(events(response)) == 13


def test_an_adviser_gets_the_participants_feed_url(trip, client_for):
    world = trip.world
    client = client_for(world.operator_user)
    agenda = reverse(
        "agendas:agenda", kwargs={"mission_pk": world.mission.pk, "organisation_pk": world.host.pk}
    )
    html = client.post(reverse("agendas:feed_create"), {"next": agenda}, follow=True)
    html = html.content.decode()
    prefix = f"http://testserver{calendar_url(world.mission, world.host)}?token="
    start = html.index(prefix) + len(prefix)
    token = html[start : html.index('"', start)]
    found = events(Client().get(calendar_url(world.mission, world.host), {"token": token}))
    assert [str(e["SUMMARY"]) for e in found][-1] == "Meeting: Kirkasvirta a — Host a"
