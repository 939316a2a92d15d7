"""The pages of meeting requests and of a mission's time and place: who sees and answers
what, the rendered content, bad input shown on the form, and the list's query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sme2go.matches.models import MatchProposal
from sme2go.planning.models import MeetingRequest, SlotSettings, Venue
from tests import factories

Status = MeetingRequest.Status


def requests_url(world) -> str:
    return reverse("planning:requests", kwargs={"mission_pk": world.mission.pk})


def make_request(world, requester=None, counterpart=None, **extra) -> MeetingRequest:
    return MeetingRequest.objects.create(
        mission=world.mission,
        requester=requester or world.company,
        counterpart=counterpart or world.host,
        **extra,
    )


def rows(response) -> list[tuple[str, str]]:
    return [(r.requester.name, r.counterpart.name) for r in response.context["object_list"]]


@pytest.fixture
def three_requests(programme_a):
    """Company a → host (accepted), company a → counterpart, company a2 → host."""
    other = factories.make_company("Company a2", programme_a.programme, programme_a.operator)
    programme_a.mission.companies.add(other.organisation)
    make_request(programme_a, status=Status.ACCEPTED, priority=3)
    make_request(programme_a, counterpart=programme_a.counterpart)
    make_request(programme_a, requester=other.organisation)
    return other.organisation


# The list ----------------------------------------------------------------------------------


def test_operators_see_every_request_and_filter_them(programme_a, three_requests, client_for):
    client = client_for(programme_a.operator_user)
    response = client.get(requests_url(programme_a))
    assert rows(response) == [
        ("Company a", "Host a"),
        ("Company a", "Counterpart a"),
        ("Company a2", "Host a"),
    ]
    page = response.content.decode()
    assert "Visit a" in page  # the group visit, beside the requests
    assert "the whole delegation" in page
    assert "Time and place" in page
    assert rows(client.get(requests_url(programme_a), {"status": "accepted"})) == [
        ("Company a", "Host a")
    ]
    assert rows(client.get(requests_url(programme_a), {"company": three_requests.pk})) == [
        ("Company a2", "Host a")
    ]
    by_counterpart = {"counterpart": programme_a.counterpart.pk}
    assert rows(client.get(requests_url(programme_a), by_counterpart)) == [
        ("Company a", "Counterpart a")
    ]
    # A value that is not one of the choices is ignored, never an error.
    assert len(rows(client.get(requests_url(programme_a), {"company": "abc"}))) == 3


def test_a_visit_of_named_companies_says_who_attends(programme_a, three_requests, client_for):
    programme_a.visit.companies.set([three_requests])
    page = client_for(programme_a.operator_user).get(requests_url(programme_a)).content.decode()
    assert "<td>Visit a</td>\n    <td>Company a2</td>" in page
    assert "the whole delegation" not in page


def test_a_company_sees_only_its_own_requests(programme_a, three_requests, client_for):
    response = client_for(programme_a.company_user).get(requests_url(programme_a))
    assert rows(response) == [("Company a", "Host a"), ("Company a", "Counterpart a")]
    assert response.context["filter_form"] is None
    assert "Company a2" not in response.content.decode()


def test_a_host_sees_only_the_requests_with_it(programme_a, three_requests, client_for):
    response = client_for(programme_a.host_user).get(requests_url(programme_a))
    assert rows(response) == [("Company a", "Host a"), ("Company a2", "Host a")]
    page = response.content.decode()
    assert "Accept or decline" in page  # the request still waiting for its answer
    assert "Request a meeting" not in page


def test_a_counterpart_the_delegation_does_not_visit_sees_its_requests(programme_a, client_for):
    client = client_for(programme_a.counterpart_user)
    assert client.get(requests_url(programme_a)).status_code == 404
    make_request(programme_a, counterpart=programme_a.counterpart)
    response = client.get(requests_url(programme_a))
    assert rows(response) == [("Company a", "Counterpart a")]
    # Visits to other organisations are their business, as on the mission page.
    assert "Visit a" not in response.content.decode()


def test_a_company_is_offered_its_approved_matches(programme_a, client_for):
    MatchProposal.objects.filter(pk=programme_a.proposal.pk).update(status="approved")
    client = client_for(programme_a.company_user)
    page = client.get(requests_url(programme_a)).content.decode()
    create = reverse("planning:request_create", kwargs={"mission_pk": programme_a.mission.pk})
    assert f"{create}?proposal={programme_a.proposal.pk}" in page
    assert "Request a meeting with Host a" in page
    make_request(programme_a)
    page = client.get(requests_url(programme_a)).content.decode()
    assert "Request a meeting with Host a" not in page


def test_the_list_costs_the_same_queries_for_one_request_as_for_ten(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    make_request(programme_a)
    with CaptureQueriesContext(connection) as one:
        assert client.get(requests_url(programme_a)).status_code == 200
    for i in range(9):
        counterpart = factories.make_organisation(
            f"Counterpart {i}", "counterpart", region=programme_a.city
        )
        make_request(programme_a, counterpart=counterpart, need=programme_a.need)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(requests_url(programme_a))
    assert len(rows(response)) == 10
    assert len(ten) == len(one)


def test_the_company_list_costs_a_bounded_number_of_queries(
    programme_a, client_for, django_assert_max_num_queries
):
    MatchProposal.objects.filter(pk=programme_a.proposal.pk).update(status="approved")
    for i in range(10):
        counterpart = factories.make_organisation(
            f"Counterpart {i}", "counterpart", region=programme_a.city
        )
        make_request(programme_a, counterpart=counterpart)
    client = client_for(programme_a.company_user)
    with django_assert_max_num_queries(16):
        assert len(rows(client.get(requests_url(programme_a)))) == 10


# Requesting --------------------------------------------------------------------------------


def test_a_company_requests_from_an_approved_match(programme_a, client_for):
    proposal = programme_a.proposal
    MatchProposal.objects.filter(pk=proposal.pk).update(status="approved")
    client = client_for(programme_a.company_user)
    url = reverse("planning:request_create", kwargs={"mission_pk": programme_a.mission.pk})
    form = client.get(url, {"proposal": proposal.pk}).context["form"]
    assert "requester" not in form.fields and "must_meet" not in form.fields
    assert (form["counterpart"].value(), form["purpose"].value()) == (
        programme_a.host.pk,
        "Need a",
    )
    response = client.post(
        url,
        {
            "counterpart": programme_a.host.pk,
            "priority": 3,
            "purpose": "Need a",
            "language": "",
            "proposal": proposal.pk,
        },
    )
    assert response.status_code == 302
    made = MeetingRequest.objects.get()
    assert (made.requester, made.counterpart, made.proposal, made.need, made.status) == (
        programme_a.company,
        programme_a.host,
        proposal,
        programme_a.need,
        Status.REQUESTED,
    )


def test_an_operator_requests_from_a_need_for_a_company(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    url = reverse("planning:request_create", kwargs={"mission_pk": programme_a.mission.pk})
    form = client.get(url, {"need": programme_a.need.pk}).context["form"]
    assert (form["need"].value(), form["counterpart"].value(), form["purpose"].value()) == (
        programme_a.need.pk,
        programme_a.host.pk,
        "Need a",
    )
    response = client.post(
        url,
        {
            "requester": programme_a.company.pk,
            "counterpart": programme_a.host.pk,
            "need": programme_a.need.pk,
            "priority": 2,
            "must_meet": "on",
        },
    )
    assert response.status_code == 302
    made = MeetingRequest.objects.get()
    assert (made.requester, made.need, made.must_meet, made.requested_by) == (
        programme_a.company,
        programme_a.need,
        True,
        programme_a.operator_user,
    )


def test_a_request_to_a_counterpart_elsewhere_is_refused_on_the_form(programme_a, client_for):
    rizhao = factories.make_china_city("Rizhao", "日照")
    far = factories.make_organisation("Rizhao Water", "counterpart", region=rizhao)
    factories.enrol(programme_a.programme, far)
    url = reverse("planning:request_create", kwargs={"mission_pk": programme_a.mission.pk})
    response = client_for(programme_a.company_user).post(
        url, {"counterpart": far.pk, "priority": 2}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "counterpart": [
            "Company a and Rizhao Water are never in the same city on the same day: Rizhao "
            "Water is in Rizhao, and the delegation is in Weifang (16 March)."
        ]
    }
    assert not MeetingRequest.objects.exists()


def test_an_operator_requests_to_oneself_and_is_told(programme_a, client_for):
    url = reverse("planning:request_create", kwargs={"mission_pk": programme_a.mission.pk})
    response = client_for(programme_a.operator_user).post(
        url,
        {"requester": programme_a.company.pk, "counterpart": programme_a.company.pk, "priority": 2},
    )
    assert response.context["form"].errors == {
        "counterpart": ["Company a cannot request a meeting with itself."]
    }
    assert not MeetingRequest.objects.exists()


def test_hosts_may_not_request(programme_a, client_for):
    url = reverse("planning:request_create", kwargs={"mission_pk": programme_a.mission.pk})
    assert client_for(programme_a.host_user).get(url).status_code == 403


# Answering, withdrawing, must-meet ---------------------------------------------------------


def answer_url(meeting_request) -> str:
    return reverse("planning:request_answer", kwargs={"meetingrequest_pk": meeting_request.pk})


def test_the_host_accepts_with_a_note(programme_a, client_for):
    made = make_request(programme_a, purpose="Plants")
    client = client_for(programme_a.host_user)
    page = client.get(answer_url(made)).content.decode()
    assert "Company a asks to meet" in page and "Plants" in page
    response = client.post(answer_url(made), {"decision": "accept", "note": "Welcome"})
    assert response.status_code == 302 and response.url == requests_url(programme_a)
    made.refresh_from_db()
    assert (made.status, made.answer_note, made.answered_by) == (
        Status.ACCEPTED,
        "Welcome",
        programme_a.host_user,
    )


def test_an_operator_declines_for_the_counterpart(programme_a, client_for):
    made = make_request(programme_a, counterpart=programme_a.counterpart)
    client = client_for(programme_a.operator_user)
    client.post(answer_url(made), {"decision": "decline", "note": "Away that week"})
    made.refresh_from_db()
    assert (made.status, made.answered_by) == (Status.DECLINED, programme_a.operator_user)


def test_an_answer_without_a_decision_is_asked_again(programme_a, client_for):
    made = make_request(programme_a)
    response = client_for(programme_a.host_user).post(answer_url(made), {"note": "hm"})
    assert response.context["form"].non_field_errors() == ["Choose to accept or to decline."]
    made.refresh_from_db()
    assert made.status == Status.REQUESTED


def test_the_requester_may_not_answer_its_own_request(programme_a, client_for):
    made = make_request(programme_a)
    client = client_for(programme_a.company_user)
    assert client.post(answer_url(made), {"decision": "accept"}).status_code == 403
    made.refresh_from_db()
    assert made.status == Status.REQUESTED


def test_the_requester_withdraws(programme_a, client_for):
    made = make_request(programme_a)
    url = reverse("planning:request_withdraw", kwargs={"meetingrequest_pk": made.pk})
    response = client_for(programme_a.company_user).post(url)
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == Status.WITHDRAWN
    response = client_for(programme_a.company_user).post(url, follow=True)
    assert (
        "The request of Company a to meet Host a cannot change any more (status: Withdrawn)."
        in (response.content.decode())
    )


def test_an_operator_marks_must_meet(programme_a, client_for):
    made = make_request(programme_a)
    url = reverse("planning:request_must_meet", kwargs={"meetingrequest_pk": made.pk})
    client_for(programme_a.operator_user).post(url, {"must_meet": "1"})
    made.refresh_from_db()
    assert made.must_meet is True
    assert client_for(programme_a.company_user).post(url, {"must_meet": "0"}).status_code == 403
    made.refresh_from_db()
    assert made.must_meet is True


# Time and place ----------------------------------------------------------------------------


def test_the_time_and_place_page(programme_a, client_for):
    programme_a.venue  # noqa: B018 - created on first use
    programme_a.interpreter  # noqa: B018
    programme_a.unavailability  # noqa: B018
    url = reverse("planning:time_and_place", kwargs={"mission_pk": programme_a.mission.pk})
    page = client_for(programme_a.operator_user).get(url).content.decode()
    for text in ("30 min", "09:00–17:00", "16 slots of 30 min", "Venue a", "zh", "Counterpart a"):
        assert text in page, text
    assert client_for(programme_a.company_user).get(url).status_code == 403


def test_the_slot_form_names_the_day_that_does_not_divide(programme_a, client_for):
    url = reverse("planning:slot_settings", kwargs={"mission_pk": programme_a.mission.pk})
    data = {
        "slot_minutes": 45,
        "day_start": "09:00",
        "day_end": "17:00",
        "fairness": 2,
        "time_limit_s": 60,
    }
    response = client_for(programme_a.operator_user).post(url, data)
    assert response.context["form"].errors == {
        "slot_minutes": [
            "On Mon 16 Mar 2026 (Weifang) the meeting time 09:00–17:00 (480 min) is not a "
            "whole number of 45-minute slots."
        ]
    }
    assert not SlotSettings.objects.exists()
    response = client_for(programme_a.operator_user).post(url, {**data, "slot_minutes": 40})
    assert response.status_code == 302
    assert SlotSettings.objects.get().slot_minutes == 40


def test_the_venue_form_refuses_zero_tables_by_name(programme_a, client_for):
    url = reverse("planning:venue_create", kwargs={"mission_pk": programme_a.mission.pk})
    response = client_for(programme_a.operator_user).post(
        url, {"city": programme_a.city.pk, "name": "Fuyuan Hotel", "tables": 0}
    )
    assert response.context["form"].errors == {
        "tables": ["A venue needs at least one table; Fuyuan Hotel has 0."]
    }
    assert not Venue.objects.exists()


def test_the_unavailability_form(programme_a, client_for):
    url = reverse("planning:unavailability_create", kwargs={"mission_pk": programme_a.mission.pk})
    response = client_for(programme_a.operator_user).post(
        url,
        {
            "day": programme_a.day.pk,
            "organisation": programme_a.host.pk,
            "start_time": "13:00",
            "end_time": "14:00",
            "reason": "Council",
        },
    )
    assert response.status_code == 302
    entry = programme_a.host.unavailabilities.get()
    assert (entry.day, entry.start_time, entry.end_time) == (
        programme_a.day,
        dt.time(13, 0),
        dt.time(14, 0),
    )


def test_the_mission_page_links_the_meetings(programme_a, client_for):
    url = reverse("missions:detail", kwargs={"mission_pk": programme_a.mission.pk})
    page = client_for(programme_a.operator_user).get(url).content.decode()
    assert requests_url(programme_a) in page
    assert reverse("planning:time_and_place", kwargs={"mission_pk": programme_a.mission.pk}) in (
        page
    )
    page = client_for(programme_a.company_user).get(url).content.decode()
    assert requests_url(programme_a) in page
    assert "time-and-place" not in page


# Across missions ---------------------------------------------------------------------------


def test_a_counterpart_finds_its_requests_from_the_menu(programme_a, programme_b, client_for):
    make_request(programme_a, counterpart=programme_a.counterpart, purpose="Plants")
    make_request(programme_a)  # with the host: not the counterpart's business
    make_request(programme_b, counterpart=programme_b.counterpart)
    client = client_for(programme_a.counterpart_user)
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    url = reverse("planning:my_requests")
    assert f'href="{url}"' in dashboard
    response = client.get(url)
    assert rows(response) == [("Company a", "Counterpart a")]
    page = response.content.decode()
    assert "Mission a" in page and "Accept or decline" in page
    assert "request_withdraw" not in page and "/withdraw/" not in page


def test_the_requests_across_missions_cost_a_bounded_number_of_queries(
    programme_a, client_for, django_assert_max_num_queries
):
    for i in range(10):
        counterpart = factories.make_organisation(
            f"Counterpart {i}", "counterpart", region=programme_a.city
        )
        make_request(programme_a, counterpart=counterpart, need=programme_a.need)
    client = client_for(programme_a.operator_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("planning:my_requests"), {"status": "bogus"})
    assert len(rows(response)) == 10
