"""Dates and times on the planning and audit pages follow the reader's language
(Django's localized formats), not a pattern written into the template."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from sme2go.audit.models import AuditEntry
from sme2go.planning.problem import Note
from tests.planning.test_schedules import draft_of, trip  # noqa: F401 (the fixture)


def page_in(client, language: str, url: str) -> str:
    client.cookies["django_language"] = language
    # The locale middleware leaves the language active in this thread; restore it after.
    with translation.override(language):
        response = client.get(url)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize(
    ("language", "day", "hours"),
    [
        ("zh-hans", "星期一 3月16日 — Weifang", "09:00–12:00"),
        ("fi", "ma 16. maaliskuuta — Weifang", "9.00–12.00"),
        ("en", "Mon 16 March — Weifang", "09:00–12:00"),
    ],
)
def test_time_and_place_in_the_readers_language(trip, client_for, language, day, hours):  # noqa: F811
    client = client_for(trip.world.operator_user)
    url = reverse("planning:time_and_place", kwargs={"mission_pk": trip.world.mission.pk})
    page = page_in(client, language, url)
    assert f"<td>{day}</td>" in page
    assert f"<dd>{hours}</dd>" in page


@pytest.mark.parametrize(
    ("language", "day", "slot"),
    [
        ("zh-hans", "星期三 2026年3月18日 — Rizhao", "09:30–10:00"),
        ("fi", "ke 18. maaliskuuta 2026 — Rizhao", "9.30–10.00"),
    ],
)
def test_schedule_page_in_the_readers_language(trip, client_for, language, day, slot):  # noqa: F811
    draft = draft_of(trip)
    client = client_for(trip.world.operator_user)
    page = page_in(
        client, language, reverse("planning:schedule_detail", kwargs={"schedule_pk": draft.pk})
    )
    assert f"<h2>{day}</h2>" in page
    k_rw = draft.meetings.get(request=trip.requests["k_rw"])
    row = page.split(f'id="meeting-{k_rw.pk}"')[1].split("</tr>")[0]
    assert f"<td>{slot}" in row


def test_request_list_dates_in_chinese(trip, client_for):  # noqa: F811
    mission = trip.world.mission
    start, end = mission.start_date, mission.end_date
    client = client_for(trip.world.operator_user)
    page = page_in(
        client, "zh-hans", reverse("planning:requests", kwargs={"mission_pk": mission.pk})
    )
    assert (
        f"{start.year}年{start.month}月{start.day}日 – {end.year}年{end.month}月{end.day}日" in page
    )
    # The visit of the first day.
    assert "<td>星期一 3月16日 — Weifang</td>" in page
    assert "<td>10:00–11:00</td>" in page


def test_audit_entries_in_finnish(programme_a, client_for):
    AuditEntry.objects.filter(object_id=str(programme_a.need.pk)).update(
        at=dt.datetime(2027, 3, 15, 14, 5, tzinfo=dt.UTC)
    )
    client = client_for(programme_a.operator_user)
    page = page_in(client, "fi", f"/needs/{programme_a.need.pk}/history/")
    local = timezone.localtime(dt.datetime(2027, 3, 15, 14, 5, tzinfo=dt.UTC))
    assert f"<td>15.3.2027 {local.hour}.{local.minute:02d}</td>" in page
    assert "2027-03-15" not in page


def test_a_note_names_its_date_in_the_readers_language():
    # A text no catalogue translates, so only the date's form changes.
    note = Note("Seen on %(date)s", {"date": "2027-03-15"})
    with translation.override("zh-hans"):
        assert str(note) == "Seen on 3月15日"
    with translation.override("fi"):
        assert str(note) == "Seen on 15. maaliskuuta"
    with translation.override("en"):
        assert str(note) == "Seen on 15 March"
