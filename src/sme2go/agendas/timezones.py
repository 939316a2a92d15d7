"""The local time zone of a mission's day: the zone of the city the day is spent in.

Regions carry no time zone, and the missions and regions apps are not ours to change, so
the zone is derived here, nearest rule first:

1. a :class:`~sme2go.agendas.models.RegionTimeZone` row for the city or a region it is
   part of (where the country's main zone is wrong, e.g. a US state outside New York's zone);
2. the country's main zone: the first that the tz database's ``zone.tab`` (in the
   ``tzdata`` package) lists for its ISO code, which it orders most populous first
   (CN → Asia/Shanghai, FI → Europe/Helsinki, US → America/New_York);
3. the site's ``TIME_ZONE`` (``SME2GO_TIME_ZONE``).
"""

from __future__ import annotations

import functools
import importlib.resources
import zoneinfo
from collections.abc import Iterable

from django.conf import settings

from sme2go.agendas.models import RegionTimeZone
from sme2go.regions.models import Region


@functools.cache
def _main_zones() -> dict[str, str]:
    """ISO country code → the first zone ``zone.tab`` lists for it."""
    text = importlib.resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text()
    zones: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, name, *_comment = line.split("\t")
            zones.setdefault(code, name)
    return zones


def country_time_zone(country_code: str) -> str | None:
    """The main zone of a country, ``None`` for an unknown code."""
    return _main_zones().get(country_code.upper())


def _chain(region: Region) -> list[Region]:
    return [region, *region.ancestors()]


def zones_for(cities: Iterable[Region]) -> dict[int, zoneinfo.ZoneInfo]:
    """City pk → its zone, with one query for the overrides.

    Select the cities with ``select_related("city__parent__parent")`` so walking up to
    the country costs no query.
    """
    cities = {city.pk: city for city in cities}
    chains = {pk: _chain(city) for pk, city in cities.items()}
    region_ids = {region.pk for chain in chains.values() for region in chain}
    overrides = dict(
        RegionTimeZone.objects.filter(region__in=region_ids).values_list("region", "time_zone")
    )
    zones = {}
    for pk, chain in chains.items():
        name = next((overrides[r.pk] for r in chain if r.pk in overrides), None)
        if name is None:
            name = next(
                (
                    zone
                    for r in chain
                    if r.country_code and (zone := country_time_zone(r.country_code))
                ),
                settings.TIME_ZONE,
            )
        zones[pk] = zoneinfo.ZoneInfo(name)
    return zones
