"""planning.domain, meeting requests: every write path with exact states, every refusal
(naming the records, writing nothing) and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sme2go.matches.models import MatchProposal
from sme2go.missions.models import ItineraryDay
from sme2go.organisations.models import Organisation
from sme2go.planning import domain
from sme2go.planning.models import DaySlotSettings, MeetingRequest
from sme2go.regions.models import Region
from tests import factories

Status = MeetingRequest.Status


def request(world, **kwargs) -> MeetingRequest:
    values = {
        "actor": world.company_user,
        "mission": world.mission,
        "requester": world.company,
        "counterpart": world.host,
    }
    return domain.request_meeting(**{**values, **kwargs})


def messages(error: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return error.value.message_dict


def approved_proposal(world) -> MatchProposal:
    proposal = world.proposal
    proposal.status = MatchProposal.Status.APPROVED
    proposal.save()
    return proposal


# Requesting --------------------------------------------------------------------------------


def test_a_company_requests_a_meeting_with_a_host(programme_a):
    made = request(programme_a, priority=3, purpose=" Treatment plants ", language="ZH")
    made = MeetingRequest.objects.get(pk=made.pk)
    assert (made.mission, made.requester, made.counterpart) == (
        programme_a.mission,
        programme_a.company,
        programme_a.host,
    )
    assert (made.status, made.priority, made.purpose, made.language, made.must_meet) == (
        Status.REQUESTED,
        3,
        "Treatment plants",
        "zh",
        False,
    )
    assert (made.requested_by, made.answered_by, made.answered_at) == (
        programme_a.company_user,
        None,
        None,
    )


def test_from_an_approved_match_the_request_is_about_its_need(programme_a):
    proposal = approved_proposal(programme_a)
    made = request(programme_a, proposal=proposal)
    assert (made.proposal, made.need) == (proposal, programme_a.need)


def test_a_match_not_yet_approved_is_refused(programme_a):
    with pytest.raises(ValidationError) as error:
        request(programme_a, proposal=programme_a.proposal)
    assert messages(error) == {
        "proposal": [
            "The match of Company a for “Need a” is not an approved match of Company a in "
            "this programme."
        ]
    }
    assert not MeetingRequest.objects.exists()


def test_an_operator_requests_for_any_company_of_the_mission_and_sets_must_meet(programme_a):
    made = request(
        programme_a,
        actor=programme_a.operator_user,
        counterpart=programme_a.counterpart,
        need=programme_a.need,
        must_meet=True,
    )
    assert (made.requested_by, made.must_meet, made.need, made.status) == (
        programme_a.operator_user,
        True,
        programme_a.need,
        Status.REQUESTED,
    )


def test_a_company_may_meet_another_company_of_the_mission(programme_a):
    other = factories.make_company("Company a2", programme_a.programme, programme_a.operator)
    programme_a.mission.companies.add(other.organisation)
    made = request(programme_a, counterpart=other.organisation)
    assert made.counterpart == other.organisation


def test_a_counterpart_in_a_zone_below_the_city_meets_there(programme_a):
    zone = factories.make_region("High-Tech Zone", Region.Kind.ZONE, programme_a.city)
    counterpart = factories.make_organisation("Zone firm", "counterpart", region=zone)
    factories.enrol(programme_a.programme, counterpart)
    assert request(programme_a, counterpart=counterpart).counterpart == counterpart


def test_a_withdrawn_request_is_asked_again_on_the_same_row(programme_a):
    first = request(programme_a)
    domain.withdraw_request(actor=programme_a.company_user, meeting_request=first)
    again = request(programme_a, priority=1)
    assert (again.pk, again.status, again.priority) == (first.pk, Status.REQUESTED, 1)


@pytest.mark.parametrize("role", ["host_user", "counterpart_user"])
def test_only_companies_and_operators_request(programme_a, role):
    with pytest.raises(PermissionDenied):
        request(programme_a, actor=getattr(programme_a, role))
    assert not MeetingRequest.objects.exists()


def test_a_company_requests_only_for_itself(programme_a):
    other = factories.make_company("Company a2", programme_a.programme, programme_a.operator)
    programme_a.mission.companies.add(other.organisation)
    with pytest.raises(PermissionDenied):
        request(programme_a, requester=other.organisation)
    with pytest.raises(PermissionDenied):
        request(programme_a, must_meet=True)
    assert not MeetingRequest.objects.exists()


def test_another_programmes_operator_may_not_request(programme_a, programme_b):
    with pytest.raises(PermissionDenied):
        request(programme_a, actor=programme_b.operator_user)


# Bad input ---------------------------------------------------------------------------------


def test_a_request_to_oneself_is_refused(programme_a):
    with pytest.raises(ValidationError) as error:
        request(programme_a, counterpart=programme_a.company)
    assert messages(error) == {"counterpart": ["Company a cannot request a meeting with itself."]}
    assert not MeetingRequest.objects.exists()


def test_a_company_not_in_the_mission_is_refused(programme_a):
    outsider = factories.make_company(
        "Stay-at-home Oy", programme_a.programme, programme_a.operator
    )
    with pytest.raises(ValidationError) as error:
        request(programme_a, actor=programme_a.operator_user, requester=outsider.organisation)
    assert messages(error) == {"requester": ["Stay-at-home Oy does not take part in Mission a."]}
    with pytest.raises(ValidationError) as error:
        request(programme_a, counterpart=outsider.organisation)
    assert messages(error) == {"counterpart": ["Stay-at-home Oy does not take part in Mission a."]}
    assert not MeetingRequest.objects.exists()


def test_a_counterpart_of_another_programme_is_refused(programme_a, programme_b):
    with pytest.raises(ValidationError) as error:
        request(programme_a, counterpart=programme_b.counterpart)
    assert messages(error) == {
        "counterpart": ["Counterpart b is not a host or counterpart of the programme of Mission a."]
    }


def test_a_duplicate_request_is_refused_either_way_round(programme_a):
    other = factories.make_company("Company a2", programme_a.programme, programme_a.operator)
    programme_a.mission.companies.add(other.organisation)
    first = request(programme_a, counterpart=other.organisation)
    with pytest.raises(ValidationError) as error:
        request(programme_a, counterpart=other.organisation)
    assert messages(error) == {
        "counterpart": [
            "Company a already requested a meeting with Company a2 on this mission (status: Requested)."
        ]
    }
    with pytest.raises(ValidationError) as error:
        request(
            programme_a,
            actor=programme_a.operator_user,
            requester=other.organisation,
            counterpart=programme_a.company,
        )
    assert (
        "Company a already requested a meeting with Company a2" in messages(error)["counterpart"][0]
    )
    assert list(MeetingRequest.objects.all()) == [first]


def test_parties_never_in_the_same_city_are_refused(programme_a):
    rizhao = factories.make_china_city("Rizhao", "日照")
    far_away = factories.make_organisation("Rizhao Water", "counterpart", region=rizhao)
    factories.enrol(programme_a.programme, far_away)
    ItineraryDay.objects.create(
        mission=programme_a.mission, date=dt.date(2026, 3, 17), city=programme_a.city
    )
    with pytest.raises(ValidationError) as error:
        request(programme_a, counterpart=far_away)
    assert messages(error) == {
        "counterpart": [
            "Company a and Rizhao Water are never in the same city on the same day: Rizhao "
            "Water is in Rizhao, and the delegation is in Weifang (16 March, 17 March)."
        ]
    }
    assert not MeetingRequest.objects.exists()


def test_a_day_without_meetings_does_not_count_as_meeting_there(programme_a):
    rizhao = factories.make_china_city("Rizhao", "日照")
    day = ItineraryDay.objects.create(
        mission=programme_a.mission, date=dt.date(2026, 3, 17), city=rizhao
    )
    DaySlotSettings.objects.create(day=day, no_meetings=True)
    far_away = factories.make_organisation("Rizhao Water", "counterpart", region=rizhao)
    factories.enrol(programme_a.programme, far_away)
    with pytest.raises(ValidationError) as error:
        request(programme_a, counterpart=far_away)
    assert "the delegation is in Weifang (16 March)" in messages(error)["counterpart"][0]


def test_a_counterpart_without_a_region_is_refused(programme_a):
    nowhere = factories.make_organisation("Nowhere Ltd", "counterpart")
    factories.enrol(programme_a.programme, nowhere)
    with pytest.raises(ValidationError) as error:
        request(programme_a, counterpart=nowhere)
    assert messages(error) == {
        "counterpart": [
            "Nowhere Ltd has no region, so it is not known where it can meet. Set its region first."
        ]
    }


def test_a_mission_without_days_is_refused(programme_a):
    programme_a.mission.days.all().delete()
    with pytest.raises(ValidationError) as error:
        request(programme_a)
    assert messages(error) == {
        "counterpart": [
            "Mission a has no itinerary days with meetings yet, so no meeting can take place."
        ]
    }


# Answering ---------------------------------------------------------------------------------


def test_the_counterpart_accepts_with_a_note(programme_a):
    made = request(programme_a, counterpart=programme_a.counterpart)
    answered = domain.accept_request(
        actor=programme_a.counterpart_user, meeting_request=made, note=" See you there "
    )
    answered = MeetingRequest.objects.get(pk=made.pk)
    assert (answered.status, answered.answer_note, answered.answered_by) == (
        Status.ACCEPTED,
        "See you there",
        programme_a.counterpart_user,
    )
    assert answered.answered_at is not None


def test_an_operator_declines_on_behalf_of_a_counterpart_without_a_login(programme_a):
    made = request(programme_a)
    domain.decline_request(
        actor=programme_a.operator_user, meeting_request=made, note="Host is away."
    )
    made.refresh_from_db()
    assert (made.status, made.answer_note, made.answered_by) == (
        Status.DECLINED,
        "Host is away.",
        programme_a.operator_user,
    )


def test_a_declined_request_can_still_be_accepted_and_an_accepted_one_declined(programme_a):
    made = request(programme_a)
    domain.decline_request(actor=programme_a.host_user, meeting_request=made)
    assert domain.accept_request(actor=programme_a.host_user, meeting_request=made).status == (
        Status.ACCEPTED
    )
    assert domain.decline_request(actor=programme_a.host_user, meeting_request=made).status == (
        Status.DECLINED
    )


def test_accepting_twice_is_refused(programme_a):
    made = request(programme_a)
    domain.accept_request(actor=programme_a.host_user, meeting_request=made)
    with pytest.raises(ValidationError) as error:
        domain.accept_request(actor=programme_a.host_user, meeting_request=made)
    assert error.value.messages == [
        "The request of Company a to meet Host a cannot change any more (status: Accepted)."
    ]


def test_a_withdrawn_request_cannot_be_answered(programme_a):
    made = request(programme_a)
    domain.withdraw_request(actor=programme_a.company_user, meeting_request=made)
    with pytest.raises(ValidationError) as error:
        domain.accept_request(actor=programme_a.operator_user, meeting_request=made)
    assert error.value.messages == [
        "Company a withdrew its request to meet Host a; it cannot be answered."
    ]
    made.refresh_from_db()
    assert (made.status, made.answered_by) == (Status.WITHDRAWN, None)


@pytest.mark.parametrize("role", ["company_user", "counterpart_user"])
def test_only_the_other_side_or_an_operator_answers(programme_a, role):
    made = request(programme_a)  # to the host
    with pytest.raises(PermissionDenied):
        domain.accept_request(actor=getattr(programme_a, role), meeting_request=made)
    with pytest.raises(PermissionDenied):
        domain.decline_request(actor=getattr(programme_a, role), meeting_request=made)
    made.refresh_from_db()
    assert made.status == Status.REQUESTED


def test_another_programmes_users_may_not_answer(programme_a, programme_b):
    made = request(programme_a)
    for user in (programme_b.operator_user, programme_b.host_user):
        with pytest.raises(PermissionDenied):
            domain.accept_request(actor=user, meeting_request=made)


# Withdrawing and must-meet -----------------------------------------------------------------


def test_the_requester_withdraws_an_accepted_request(programme_a):
    made = request(programme_a)
    domain.accept_request(actor=programme_a.host_user, meeting_request=made)
    withdrawn = domain.withdraw_request(actor=programme_a.company_user, meeting_request=made)
    assert MeetingRequest.objects.get(pk=made.pk).status == withdrawn.status == Status.WITHDRAWN
    with pytest.raises(ValidationError) as error:
        domain.withdraw_request(actor=programme_a.company_user, meeting_request=made)
    assert error.value.messages == [
        "The request of Company a to meet Host a cannot change any more (status: Withdrawn)."
    ]


def test_the_other_side_may_not_withdraw(programme_a):
    made = request(programme_a)
    with pytest.raises(PermissionDenied):
        domain.withdraw_request(actor=programme_a.host_user, meeting_request=made)
    assert MeetingRequest.objects.get(pk=made.pk).status == Status.REQUESTED


def test_only_operators_set_must_meet(programme_a):
    made = request(programme_a)
    domain.set_must_meet(actor=programme_a.operator_user, meeting_request=made, must_meet=True)
    assert MeetingRequest.objects.get(pk=made.pk).must_meet is True
    for user in (programme_a.company_user, programme_a.host_user):
        with pytest.raises(PermissionDenied):
            domain.set_must_meet(actor=user, meeting_request=made, must_meet=False)
    domain.set_must_meet(actor=programme_a.operator_user, meeting_request=made, must_meet=False)
    assert MeetingRequest.objects.get(pk=made.pk).must_meet is False


def test_meeting_parties_are_the_programmes_hosts_and_counterparts_and_the_delegation(
    programme_a, programme_b
):
    outsider = factories.make_company(
        "Stay-at-home Oy", programme_a.programme, programme_a.operator
    )
    names = set(domain.meeting_party_choices(programme_a.mission).values_list("name", flat=True))
    assert names == {"Company a", "Host a", "Counterpart a"}
    assert outsider.organisation.name not in names
    assert Organisation.objects.count() > len(names)
