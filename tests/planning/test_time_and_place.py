"""planning.domain, time and place: slot settings per mission and day, venues,
interpreters and unavailability, with exact states and the refusals that name the day,
venue or pool concerned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sme2go.missions.models import ItineraryDay
from sme2go.planning import domain
from sme2go.planning.models import (
    DaySlotSettings,
    Interpreter,
    SlotSettings,
    Unavailability,
    Venue,
)
from tests import factories

T = dt.time


def second_day(world, city=None) -> ItineraryDay:
    return ItineraryDay.objects.create(
        mission=world.mission, date=dt.date(2026, 3, 17), city=city or world.city
    )


# Slot settings -----------------------------------------------------------------------------


def test_slot_settings_are_created_then_updated(programme_a):
    settings = domain.save_slot_settings(
        actor=programme_a.operator_user,
        mission=programme_a.mission,
        slot_minutes=30,
        day_start=T(9, 0),
        day_end=T(17, 0),
        break_start=T(12, 0),
        break_end=T(13, 30),
        time_zone="Asia/Shanghai",
    )
    again = domain.save_slot_settings(
        actor=programme_a.operator_user, mission=programme_a.mission, slot_minutes=15
    )
    assert again.pk == settings.pk
    stored = SlotSettings.objects.get(mission=programme_a.mission)
    assert (
        stored.slot_minutes,
        stored.day_start,
        stored.day_end,
        stored.break_start,
        stored.break_end,
        stored.time_zone,
    ) == (15, T(9, 0), T(17, 0), T(12, 0), T(13, 30), "Asia/Shanghai")


def test_a_slot_length_that_does_not_divide_the_day_names_it(programme_a):
    with pytest.raises(ValidationError) as error:
        domain.save_slot_settings(
            actor=programme_a.operator_user,
            mission=programme_a.mission,
            slot_minutes=60,
            break_start=T(12, 10),
            break_end=T(13, 10),
        )
    assert error.value.message_dict == {
        "slot_minutes": [
            "On Mon 16 Mar 2026 (Weifang) the meeting time 09:00–12:10 (190 min) is not a "
            "whole number of 60-minute slots."
        ]
    }
    assert not SlotSettings.objects.exists()


def test_without_days_the_defaults_are_checked(programme_a):
    programme_a.mission.days.all().delete()
    with pytest.raises(ValidationError) as error:
        domain.save_slot_settings(
            actor=programme_a.operator_user, mission=programme_a.mission, slot_minutes=45
        )
    assert error.value.message_dict == {
        "slot_minutes": [
            "The meeting time 09:00–17:00 (480 min) is not a whole number of 45-minute slots."
        ]
    }


def test_a_day_with_its_own_times_is_checked_with_them(programme_a):
    day = second_day(programme_a)
    DaySlotSettings.objects.create(day=day, day_end=T(16, 45))
    with pytest.raises(ValidationError) as error:
        domain.save_slot_settings(
            actor=programme_a.operator_user, mission=programme_a.mission, slot_minutes=30
        )
    assert error.value.message_dict == {
        "slot_minutes": [
            "On Tue 17 Mar 2026 (Weifang) the meeting time 09:00–16:45 (465 min) is not a "
            "whole number of 30-minute slots."
        ]
    }
    # A day without meetings is not checked.
    DaySlotSettings.objects.filter(day=day).update(no_meetings=True)
    domain.save_slot_settings(
        actor=programme_a.operator_user, mission=programme_a.mission, slot_minutes=30
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"day_start": T(17, 0), "day_end": T(9, 0)},
            {
                "day_end": [
                    "On Mon 16 Mar 2026 (Weifang) the meetings end (09:00) before they start "
                    "(17:00)."
                ]
            },
        ),
        ({"break_start": T(12, 0)}, {"break_end": ["Give both ends of the break, or neither."]}),
        (
            {"break_start": T(8, 0), "break_end": T(9, 30)},
            {
                "break_start": [
                    "On Mon 16 Mar 2026 (Weifang) the break 08:00–09:30 does not lie within "
                    "the meeting time 09:00–17:00."
                ]
            },
        ),
    ],
)
def test_bad_day_times_are_refused(programme_a, changes, expected):
    with pytest.raises(ValidationError) as error:
        domain.save_slot_settings(
            actor=programme_a.operator_user, mission=programme_a.mission, **changes
        )
    assert error.value.message_dict == expected
    assert not SlotSettings.objects.exists()


def test_only_operators_change_slot_settings(programme_a):
    for user in (programme_a.company_user, programme_a.host_user):
        with pytest.raises(PermissionDenied):
            domain.save_slot_settings(actor=user, mission=programme_a.mission, slot_minutes=20)
    assert not SlotSettings.objects.exists()


def test_a_day_override_and_the_resolved_slots(programme_a):
    SlotSettings.objects.create(
        mission=programme_a.mission, break_start=T(12, 0), break_end=T(13, 0)
    )
    day = second_day(programme_a)
    own = domain.save_day_slot_settings(
        actor=programme_a.operator_user, day=day, day_start=T(10, 0), day_end=T(12, 0)
    )
    assert DaySlotSettings.objects.get(day=day).pk == own.pk
    with pytest.raises(ValidationError) as error:
        domain.save_day_slot_settings(
            actor=programme_a.operator_user, day=day, day_start=T(12, 30), day_end=T(17, 0)
        )
    assert error.value.message_dict == {
        "break_start": [
            "On Tue 17 Mar 2026 (Weifang) the break 12:00–13:00 does not lie within the "
            "meeting time 12:30–17:00."
        ]
    }
    first, second = domain.day_slots(programme_a.mission)
    assert first.slot_starts[:2] == [T(9, 0), T(9, 30)]
    assert len(first.slot_starts) == 14  # 09:00-12:00 and 13:00-17:00 in 30-minute slots
    # The mission's lunch lies outside this day's meetings: it does not apply.
    assert second.slot_starts == [T(10, 0), T(10, 30), T(11, 0), T(11, 30)]


def test_a_days_own_break_must_divide_too(programme_a):
    with pytest.raises(ValidationError) as error:
        domain.save_day_slot_settings(
            actor=programme_a.operator_user,
            day=programme_a.day,
            break_start=T(12, 0),
            break_end=T(12, 45),
        )
    assert error.value.message_dict == {
        "slot_minutes": [
            "On Mon 16 Mar 2026 (Weifang) the meeting time 12:45–17:00 (255 min) is not a "
            "whole number of 30-minute slots."
        ]
    }
    assert not DaySlotSettings.objects.exists()


def test_a_day_without_meetings_has_no_slots(programme_a):
    domain.save_day_slot_settings(
        actor=programme_a.operator_user, day=programme_a.day, no_meetings=True
    )
    (only,) = domain.day_slots(programme_a.mission)
    assert (only.no_meetings, only.slot_starts) == (True, [])


# Venues ------------------------------------------------------------------------------------


def test_a_venue_in_a_city_of_the_itinerary(programme_a):
    venue = domain.add_venue(
        actor=programme_a.operator_user,
        mission=programme_a.mission,
        city=programme_a.city,
        name=" Hotel ",
        tables=4,
    )
    stored = Venue.objects.get(pk=venue.pk)
    assert (stored.mission, stored.city, stored.name, stored.tables) == (
        programme_a.mission,
        programme_a.city,
        "Hotel",
        4,
    )
    domain.update_venue(actor=programme_a.operator_user, venue=venue, tables=6)
    assert Venue.objects.get(pk=venue.pk).tables == 6


def test_a_venue_with_zero_tables_is_refused(programme_a):
    with pytest.raises(ValidationError) as error:
        domain.add_venue(
            actor=programme_a.operator_user,
            mission=programme_a.mission,
            city=programme_a.city,
            name="Hotel",
            tables=0,
        )
    assert error.value.message_dict == {
        "tables": ["A venue needs at least one table; Hotel has 0."]
    }
    assert not Venue.objects.exists()


def test_a_venue_outside_the_itinerary_is_refused(programme_a):
    rizhao = factories.make_china_city("Rizhao", "日照")
    with pytest.raises(ValidationError) as error:
        domain.add_venue(
            actor=programme_a.operator_user,
            mission=programme_a.mission,
            city=rizhao,
            name="Hotel",
            tables=2,
        )
    assert error.value.message_dict == {
        "city": ["The delegation never spends a day in Rizhao; the itinerary has Weifang."]
    }


def test_two_venues_of_one_name_in_a_city_are_refused(programme_a):
    kwargs = {
        "actor": programme_a.operator_user,
        "mission": programme_a.mission,
        "city": programme_a.city,
        "name": "Hotel",
        "tables": 2,
    }
    domain.add_venue(**kwargs)
    with pytest.raises(ValidationError) as error:
        domain.add_venue(**kwargs)
    assert error.value.message_dict == {"name": ["Weifang already has a venue called Hotel."]}
    assert Venue.objects.count() == 1


def test_venues_are_the_operators_business(programme_a):
    with pytest.raises(PermissionDenied):
        domain.add_venue(
            actor=programme_a.company_user,
            mission=programme_a.mission,
            city=programme_a.city,
            name="Hotel",
            tables=2,
        )
    domain.remove_venue(actor=programme_a.operator_user, venue=programme_a.venue)
    assert not Venue.objects.exists()


# Interpreters ------------------------------------------------------------------------------


def test_one_interpreter_pool_per_language(programme_a):
    pool = domain.add_interpreter(
        actor=programme_a.operator_user,
        mission=programme_a.mission,
        language="ZH",
        name="Qilu",
        capacity=2,
    )
    assert (pool.language, pool.capacity) == ("zh", 2)
    with pytest.raises(ValidationError) as error:
        domain.add_interpreter(
            actor=programme_a.operator_user, mission=programme_a.mission, language="zh"
        )
    assert error.value.message_dict == {
        "language": [
            "The mission already has an interpreter pool for zh (Qilu); change its capacity "
            "instead."
        ]
    }
    domain.update_interpreter(actor=programme_a.operator_user, interpreter=pool, capacity=3)
    assert Interpreter.objects.get().capacity == 3
    with pytest.raises(ValidationError) as error:
        domain.add_interpreter(
            actor=programme_a.operator_user, mission=programme_a.mission, language="Chinese"
        )
    assert error.value.message_dict["language"][0] == "Give an ISO 639 language code, e.g. zh."


# Unavailability ----------------------------------------------------------------------------


def test_an_unavailable_time_of_a_party(programme_a):
    entry = domain.add_unavailability(
        actor=programme_a.operator_user,
        day=programme_a.day,
        organisation=programme_a.host,
        start_time=T(14, 0),
        end_time=T(15, 0),
        reason="Council meeting",
    )
    stored = Unavailability.objects.get(pk=entry.pk)
    assert (stored.organisation, stored.start_time, stored.end_time, stored.reason) == (
        programme_a.host,
        T(14, 0),
        T(15, 0),
        "Council meeting",
    )
    day = second_day(programme_a)
    domain.update_unavailability(actor=programme_a.operator_user, unavailability=entry, day=day)
    assert Unavailability.objects.get(pk=entry.pk).day == day


def test_bad_unavailability_is_refused(programme_a, programme_b):
    kwargs = {
        "actor": programme_a.operator_user,
        "day": programme_a.day,
        "organisation": programme_a.host,
        "start_time": T(14, 0),
        "end_time": T(13, 0),
    }
    with pytest.raises(ValidationError) as error:
        domain.add_unavailability(**kwargs)
    assert error.value.message_dict == {"end_time": ["The time must end after it starts."]}
    with pytest.raises(ValidationError) as error:
        domain.add_unavailability(
            **{**kwargs, "end_time": T(15, 0), "organisation": programme_b.host}
        )
    assert error.value.message_dict == {
        "organisation": ["Host b takes no part in the meetings of Mission a."]
    }
    entry = domain.add_unavailability(**{**kwargs, "end_time": T(15, 0)})
    with pytest.raises(ValidationError) as error:
        domain.update_unavailability(
            actor=programme_a.operator_user, unavailability=entry, day=programme_b.day
        )
    assert list(error.value.message_dict) == ["day"]
    assert Unavailability.objects.get().day == programme_a.day
