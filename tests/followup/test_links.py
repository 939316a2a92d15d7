"""Organisation names on the follow-up pages link where the reader may go, and nowhere
else: operators open the company and the counterpart, a company only its own profile."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sme2go.followup import domain
from tests.followup.world import publish


@pytest.fixture
def world(programme_a):
    programme_a.meeting = publish(programme_a)
    programme_a.lead = domain.record_lead(
        actor=programme_a.operator_user,
        company=programme_a.company,
        counterpart=programme_a.counterpart,
        title="Seat shells",
        mission=programme_a.mission,
        source_meeting=programme_a.meeting,
        owner=programme_a.operator_user,
    )
    programme_a.agreement = domain.record_agreement(
        actor=programme_a.operator_user,
        kind="subcontracting",
        company=programme_a.company,
        partner=programme_a.counterpart,
        signed_on=dt.date(2026, 3, 18),
        description="Seat shells",
        mission=programme_a.mission,
        lead=programme_a.lead,
    )
    return programme_a


def links(world) -> tuple[str, str]:
    company = reverse("companies:detail", kwargs={"organisation_pk": world.company.pk})
    counterpart = reverse("organisations:detail", kwargs={"organisation_pk": world.counterpart.pk})
    return (
        f'<a href="{company}">Company a</a>',
        f'<a href="{counterpart}">Counterpart a</a>',
    )


def html(client, name: str, **kwargs) -> str:
    response = client.get(reverse(f"followup:{name}", kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("name", "key", "times"),
    [
        ("mission", "mission", 3),
        ("lead", "lead", 1),
        ("leads", None, 1),
        ("agreement", "agreement", 1),
    ],
)
def test_operator_pages_link_the_company_and_the_counterpart(world, client_for, name, key, times):
    kwargs = {f"{key}_pk": getattr(world, key).pk} if key else {}
    content = html(client_for(world.operator_user), name, **kwargs)
    company, counterpart = links(world)
    # The mission page names the pair in its meeting, lead and agreement rows.
    assert content.count(company) == content.count(counterpart) == times


def test_a_company_sees_its_own_name_linked_and_the_counterpart_as_text(world, client_for):
    content = html(client_for(world.company_user), "mission", mission_pk=world.mission.pk)
    company, counterpart = links(world)
    assert company in content
    assert counterpart not in content
    assert f"{company} – Counterpart a</td>" in content


def test_the_feedback_form_links_only_the_readers_own_organisation(world, client_for):
    content = html(
        client_for(world.counterpart_user), "feedback", scheduledmeeting_pk=world.meeting.pk
    )
    company, counterpart = links(world)
    assert counterpart in content
    assert company not in content


@pytest.mark.parametrize(
    ("role", "anchor"),
    [("operator_user", ""), ("company_user", "#meetings"), ("host_user", "#meetings")],
)
def test_the_dashboard_leads_to_the_missions_follow_up(world, client_for, role, anchor):
    """The morning after the trip, each side's way to its feedback (and the adviser's to
    leads and agreements) starts on the dashboard."""
    response = client_for(getattr(world, role)).get(reverse("core:dashboard"))
    follow_up = reverse("followup:mission", kwargs={"mission_pk": world.mission.pk})
    label = "Follow-up: feedback, leads, agreements" if not anchor else "Feedback on the meetings"
    assert f'<a href="{follow_up}{anchor}">{label}</a>' in response.content.decode()


def test_the_meetings_city_carries_its_chinese_name(world, client_for):
    """As on the mission page and the dashboard: the traveller reads the city's name as
    signs and hosts write it."""
    client = client_for(world.company_user)
    city = 'Weifang <span lang="zh-Hans">潍坊</span>'
    assert city in html(client, "mission", mission_pk=world.mission.pk)
    assert city in html(client, "feedback", scheduledmeeting_pk=world.meeting.pk)
