"""The trip's local time zone: an override for the region, else the country's main zone."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sme2go.agendas.agenda import build_agenda
from sme2go.agendas.models import RegionTimeZone
from sme2go.agendas.timezones import country_time_zone, zones_for
from sme2go.regions.models import Region
from tests.factories import make_region

pytestmark = pytest.mark.django_db


def test_country_main_zones_come_from_the_tz_database():
    assert country_time_zone("CN") == "Asia/Shanghai"
    assert country_time_zone("fi") == "Europe/Helsinki"
    assert country_time_zone("US") == "America/New_York"
    assert country_time_zone("XX") is None


def test_a_region_override_wins_for_the_regions_inside_it(settings):
    usa = make_region("United States", Region.Kind.COUNTRY, country_code="US")
    illinois = make_region("Illinois", Region.Kind.PROVINCE, usa)
    chicago = make_region("Chicago", Region.Kind.CITY, illinois)
    boston = make_region("Boston", Region.Kind.CITY, make_region("Massachusetts", "province", usa))
    nowhere = make_region("Atlantis", Region.Kind.COUNTRY)
    cities = Region.objects.select_related("parent__parent").filter(
        pk__in=[chicago.pk, boston.pk, nowhere.pk]
    )
    assert {pk: z.key for pk, z in zones_for(cities).items()} == {
        chicago.pk: "America/New_York",
        boston.pk: "America/New_York",
        nowhere.pk: settings.TIME_ZONE,
    }
    RegionTimeZone.objects.create(region=illinois, time_zone="America/Chicago")
    assert zones_for(cities)[chicago.pk].key == "America/Chicago"
    assert zones_for(cities)[boston.pk].key == "America/New_York"


def test_an_unknown_zone_name_is_refused():
    region = make_region("Atlantis", Region.Kind.COUNTRY)
    with pytest.raises(ValidationError) as error:
        RegionTimeZone(region=region, time_zone="Asia/Atlantis").full_clean()
    assert error.value.message_dict == {
        "time_zone": ["Asia/Atlantis is not a time zone of the tz database (e.g. Asia/Shanghai)."]
    }


def test_agenda_times_follow_the_override(trip):
    """Overriding China's zone (a made-up case) moves the local times of the agenda."""
    china = Region.objects.get(name="China")
    RegionTimeZone.objects.create(region=china, time_zone="Asia/Tokyo")
    agenda = build_agenda(trip.world.mission, trip.world.company, trip.published)
    meeting = next(e for e in agenda.entries if e.uid.startswith("meeting-"))
    assert agenda.days[0].zone.key == "Asia/Tokyo"
    assert meeting.starts_at.strftime("%H:%M %Z") == "15:00 JST"
