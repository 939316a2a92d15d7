"""missions.domain: every write path, with good and bad input, against the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sme2go.missions import domain
from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Enrolment
from tests import factories

D = dt.date


def test_create_mission(programme_a):
    mission = domain.create_mission(
        actor=programme_a.operator_user,
        programme=programme_a.programme,
        title="Shandong, autumn",
        start_date=D(2026, 10, 5),
        end_date=D(2026, 10, 9),
        destinations=[programme_a.city],
    )
    mission = Mission.objects.get(pk=mission.pk)
    assert (mission.programme, mission.title, mission.start_date, mission.end_date) == (
        programme_a.programme,
        "Shandong, autumn",
        D(2026, 10, 5),
        D(2026, 10, 9),
    )
    assert mission.status == Mission.Status.PLANNING
    assert list(mission.destinations.all()) == [programme_a.city]


def test_create_mission_rejects_end_before_start(programme_a):
    with pytest.raises(ValidationError) as error:
        domain.create_mission(
            actor=programme_a.operator_user,
            programme=programme_a.programme,
            title="Backwards",
            start_date=D(2026, 10, 9),
            end_date=D(2026, 10, 5),
        )
    assert error.value.message_dict == {
        "end_date": ["The last day cannot be before the first day."]
    }
    assert not Mission.objects.filter(title="Backwards").exists()


@pytest.mark.parametrize("role", ["company_user", "host_user"])
def test_only_operators_create_missions(programme_a, role):
    with pytest.raises(PermissionDenied):
        domain.create_mission(
            actor=getattr(programme_a, role),
            programme=programme_a.programme,
            title="Not mine",
            start_date=D(2026, 10, 5),
            end_date=D(2026, 10, 9),
        )


def test_operator_of_another_programme_cannot_create_or_update(programme_a, programme_b):
    with pytest.raises(PermissionDenied):
        domain.create_mission(
            actor=programme_b.operator_user,
            programme=programme_a.programme,
            title="Intruder",
            start_date=D(2026, 10, 5),
            end_date=D(2026, 10, 9),
        )
    with pytest.raises(PermissionDenied):
        domain.update_mission(
            actor=programme_b.operator_user, mission=programme_a.mission, title="Intruder"
        )


def test_update_mission(programme_a):
    domain.update_mission(
        actor=programme_a.operator_user,
        mission=programme_a.mission,
        title="Shandong delegation",
        status=Mission.Status.CONFIRMED,
        end_date=D(2026, 3, 21),
        destinations=[],
    )
    mission = Mission.objects.get(pk=programme_a.mission.pk)
    assert (mission.title, mission.status, mission.end_date) == (
        "Shandong delegation",
        "confirmed",
        D(2026, 3, 21),
    )
    assert list(mission.destinations.all()) == []


def test_update_mission_cannot_strand_itinerary_days(programme_a):
    with pytest.raises(ValidationError) as error:
        domain.update_mission(
            actor=programme_a.operator_user, mission=programme_a.mission, start_date=D(2026, 3, 17)
        )
    assert error.value.message_dict == {
        "start_date": [
            "The itinerary has days outside these dates: 2026-03-16. Move or remove them first."
        ]
    }
    assert Mission.objects.get(pk=programme_a.mission.pk).start_date == D(2026, 3, 16)


def test_update_mission_rejects_unknown_fields(programme_a):
    with pytest.raises(TypeError, match="programme"):
        domain.update_mission(actor=None, mission=programme_a.mission, programme=None)


# Participants -------------------------------------------------------------------------------


def test_set_participants(programme_a):
    second = factories.make_company("Second Oy", programme_a.programme, programme_a.operator)
    colleague = factories.make_user("colleague_a", programme_a.operator)
    domain.set_mission_participants(
        actor=programme_a.operator_user,
        mission=programme_a.mission,
        companies=[second.organisation],
        staff=[colleague, programme_a.operator_user],
    )
    mission = Mission.objects.get(pk=programme_a.mission.pk)
    assert list(mission.companies.all()) == [second.organisation]
    assert set(mission.staff.all()) == {colleague, programme_a.operator_user}


def test_set_participants_rejects_outsiders(programme_a, programme_b):
    withdrawn = factories.make_company("Withdrawn AB", programme_a.programme, programme_a.operator)
    Enrolment.objects.filter(organisation=withdrawn.organisation).update(
        status=Enrolment.Status.WITHDRAWN
    )
    with pytest.raises(ValidationError) as error:
        domain.set_mission_participants(
            actor=programme_a.operator_user,
            mission=programme_a.mission,
            companies=[programme_b.company, withdrawn.organisation, programme_a.host],
            staff=[programme_b.operator_user, programme_a.company_user],
        )
    assert error.value.message_dict == {
        "companies": ["Not enrolled in the programme: Company b, Withdrawn AB, Host a."],
        "staff": ["Not staff of a partner operator: operator_b, company_a."],
    }
    mission = Mission.objects.get(pk=programme_a.mission.pk)
    assert list(mission.companies.all()) == [programme_a.company]
    assert list(mission.staff.all()) == [programme_a.operator_user]


def test_company_user_cannot_set_participants(programme_a):
    with pytest.raises(PermissionDenied):
        domain.set_mission_participants(
            actor=programme_a.company_user, mission=programme_a.mission, companies=[], staff=[]
        )
    assert programme_a.mission.companies.count() == 1


# Itinerary days -----------------------------------------------------------------------------


def test_add_update_and_remove_a_day(programme_a):
    zhucheng = factories.make_china_city("Zhucheng", "诸城")
    day = domain.add_itinerary_day(
        actor=programme_a.operator_user,
        mission=programme_a.mission,
        date=D(2026, 3, 18),
        city=zhucheng,
        notes="Chair factory",
    )
    assert ItineraryDay.objects.filter(mission=programme_a.mission).count() == 2
    domain.update_itinerary_day(actor=programme_a.operator_user, day=day, date=D(2026, 3, 19))
    assert ItineraryDay.objects.get(pk=day.pk).date == D(2026, 3, 19)
    domain.remove_itinerary_day(actor=programme_a.operator_user, day=programme_a.day)
    assert list(programme_a.mission.days.values_list("date", flat=True)) == [D(2026, 3, 19)]
    # Its legs and visits go with it.
    assert not TravelLeg.objects.filter(pk=programme_a.leg.pk).exists()
    assert not Visit.objects.filter(pk=programme_a.visit.pk).exists()


@pytest.mark.parametrize("date", [D(2026, 3, 15), D(2026, 3, 21)])
def test_day_outside_the_mission_is_rejected_on_date(programme_a, date):
    with pytest.raises(ValidationError) as error:
        domain.add_itinerary_day(
            actor=programme_a.operator_user,
            mission=programme_a.mission,
            date=date,
            city=programme_a.city,
        )
    assert error.value.message_dict == {
        "date": ["The day must fall within the mission (2026-03-16 – 2026-03-20)."]
    }
    assert programme_a.mission.days.count() == 1


def test_moving_a_day_outside_the_mission_is_rejected(programme_a):
    with pytest.raises(ValidationError) as error:
        domain.update_itinerary_day(
            actor=programme_a.operator_user, day=programme_a.day, date=D(2026, 4, 1)
        )
    assert list(error.value.message_dict) == ["date"]
    assert ItineraryDay.objects.get(pk=programme_a.day.pk).date == D(2026, 3, 16)


def test_a_date_is_planned_once(programme_a):
    with pytest.raises(ValidationError) as error:
        domain.add_itinerary_day(
            actor=programme_a.operator_user,
            mission=programme_a.mission,
            date=D(2026, 3, 16),
            city=programme_a.city,
        )
    assert error.value.message_dict == {"date": ["The itinerary already has this day."]}


def test_company_user_cannot_change_the_itinerary(programme_a):
    with pytest.raises(PermissionDenied):
        domain.add_itinerary_day(
            actor=programme_a.company_user,
            mission=programme_a.mission,
            date=D(2026, 3, 17),
            city=programme_a.city,
        )
    with pytest.raises(PermissionDenied):
        domain.remove_itinerary_day(actor=programme_a.host_user, day=programme_a.day)
    assert programme_a.mission.days.count() == 1


# Travel legs --------------------------------------------------------------------------------


def test_add_update_and_remove_a_leg(programme_a):
    rizhao = factories.make_china_city("Rizhao", "日照")
    leg = domain.add_travel_leg(
        actor=programme_a.operator_user,
        day=programme_a.day,
        origin=programme_a.city,
        destination=rizhao,
        mode="coach",
        duration_minutes=150,
        departure=dt.time(16, 30),
    )
    leg = TravelLeg.objects.get(pk=leg.pk)
    assert (leg.origin, leg.destination, leg.mode, leg.duration_minutes, leg.departure) == (
        programme_a.city,
        rizhao,
        "coach",
        150,
        dt.time(16, 30),
    )
    domain.update_travel_leg(actor=programme_a.operator_user, leg=leg, duration_minutes=170)
    assert TravelLeg.objects.get(pk=leg.pk).duration_minutes == 170
    domain.remove_travel_leg(actor=programme_a.operator_user, leg=leg)
    assert not TravelLeg.objects.filter(pk=leg.pk).exists()


def test_leg_to_the_same_city_or_without_time_is_rejected(programme_a):
    with pytest.raises(ValidationError) as error:
        domain.add_travel_leg(
            actor=programme_a.operator_user,
            day=programme_a.day,
            origin=programme_a.city,
            destination=programme_a.city,
            mode="car",
            duration_minutes=30,
        )
    assert error.value.message_dict == {"destination": ["A travel leg goes somewhere else."]}
    with pytest.raises(ValidationError) as error:
        domain.update_travel_leg(
            actor=programme_a.operator_user, leg=programme_a.leg, duration_minutes=0
        )
    assert error.value.message_dict == {"duration_minutes": ["A travel leg takes some time."]}
    assert TravelLeg.objects.get(pk=programme_a.leg.pk).duration_minutes == 120


# Visits -------------------------------------------------------------------------------------


def test_add_update_and_remove_a_visit(programme_a):
    visit = domain.add_visit(
        actor=programme_a.operator_user,
        day=programme_a.day,
        organisation=programme_a.counterpart,
        title="Factory tour",
        start_time=dt.time(14, 0),
        end_time=dt.time(15, 30),
        place="Plant 2",
    )
    visit = Visit.objects.get(pk=visit.pk)
    assert (visit.organisation, visit.title, visit.place) == (
        programme_a.counterpart,
        "Factory tour",
        "Plant 2",
    )
    domain.update_visit(actor=programme_a.operator_user, visit=visit, place="Plant 3")
    assert Visit.objects.get(pk=visit.pk).place == "Plant 3"
    domain.remove_visit(actor=programme_a.operator_user, visit=visit)
    assert not Visit.objects.filter(pk=visit.pk).exists()


@pytest.mark.parametrize("end", [dt.time(9, 0), dt.time(10, 0)])
def test_visit_must_end_after_it_starts(programme_a, end):
    with pytest.raises(ValidationError) as error:
        domain.add_visit(
            actor=programme_a.operator_user,
            day=programme_a.day,
            organisation=programme_a.host,
            title="Backwards",
            start_time=dt.time(10, 0),
            end_time=end,
        )
    assert error.value.message_dict == {"end_time": ["The visit must end after it starts."]}
    assert not Visit.objects.filter(title="Backwards").exists()


def test_visit_to_an_organisation_outside_the_programme_is_rejected(programme_a, programme_b):
    with pytest.raises(ValidationError) as error:
        domain.add_visit(
            actor=programme_a.operator_user,
            day=programme_a.day,
            organisation=programme_b.host,
            title="Wrong host",
            start_time=dt.time(14, 0),
            end_time=dt.time(15, 0),
        )
    assert error.value.message_dict == {
        "organisation": ["Visits are to hosts and counterparts enrolled in the programme."]
    }


def test_visit_to_a_company_is_rejected(programme_a):
    with pytest.raises(ValidationError) as error:
        domain.update_visit(
            actor=programme_a.operator_user,
            visit=programme_a.visit,
            organisation=programme_a.company,
        )
    # Django's limit_choices_to check speaks first, then the model's own rule.
    assert error.value.message_dict == {
        "organisation": [
            f"organisation instance with id {programme_a.company.pk} is not a valid choice.",
            "Visits are to hosts or counterparts.",
        ]
    }
    assert Visit.objects.get(pk=programme_a.visit.pk).organisation == programme_a.host


def test_host_user_cannot_change_a_visit_to_it(programme_a):
    with pytest.raises(PermissionDenied):
        domain.update_visit(actor=programme_a.host_user, visit=programme_a.visit, place="Here")
    assert Visit.objects.get(pk=programme_a.visit.pk).place == ""


def test_choices_helpers(programme_a, programme_b):
    assert list(domain.participating_company_choices(programme_a.programme)) == [
        programme_a.company
    ]
    assert list(domain.staff_choices(programme_a.programme)) == [programme_a.operator_user]
    assert list(domain.visit_organisation_choices(programme_a.programme)) == [
        programme_a.counterpart,
        programme_a.host,
    ]
    assert Organisation.objects.filter(kind="host").count() == 2
