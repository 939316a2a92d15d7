"""The Shandong demo: exact contents, idempotence, all-or-nothing loading, valid codes."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from sme2go.companies.models import Certification, CompanyProfile, Product
from sme2go.demo import data
from sme2go.demo.loader import load_demo
from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
from sme2go.needs.models import Need
from sme2go.organisations.models import ContactPerson, Membership, Organisation
from sme2go.programmes.models import Enrolment, Programme
from sme2go.regions.models import Region
from sme2go.taxonomy.models import DOMAIN_LABELS

CPV_FILE = Path(__file__).parents[2] / "src/sme2go/matching/data/cpv.json.gz"

EXPECTED = {
    "regions": 25,
    "programmes": 2,
    "operators": 3,
    "companies": 10,
    "hosts": 5,
    "counterparts": 4,
    "profiles": 10,
    "enrolments": 19,
    "needs": 7,
    "missions": 1,
    "days": 5,
    "legs": 8,
    "visits": 9,
    "users": 6,
    "memberships": 5,
}


def counts() -> dict[str, int]:
    kinds = Organisation.objects.values_list("kind", flat=True)
    return {
        "regions": Region.objects.count(),
        "programmes": Programme.objects.count(),
        "operators": sum(k == "operator" for k in kinds),
        "companies": sum(k == "company" for k in kinds),
        "hosts": sum(k == "host" for k in kinds),
        "counterparts": sum(k == "counterpart" for k in kinds),
        "profiles": CompanyProfile.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "needs": Need.objects.count(),
        "missions": Mission.objects.count(),
        "days": ItineraryDay.objects.count(),
        "legs": TravelLeg.objects.count(),
        "visits": Visit.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
    }


def detail_counts() -> tuple[int, int, int]:
    return Product.objects.count(), Certification.objects.count(), ContactPerson.objects.count()


@pytest.mark.django_db
def test_load_demo_creates_the_expected_records():
    summary = load_demo()

    assert counts() == EXPECTED
    assert summary.counts["need"] == 7
    assert summary.created["company"] == 10
    assert [login.username for login in summary.logins] == [
        "posintra",
        "vasteras",
        "aqua",
        "rizhao",
        "nordichealth",
        "admin",
    ]


@pytest.mark.django_db
def test_second_run_changes_no_counts_and_restores_edits():
    load_demo()
    before, details = counts(), detail_counts()
    Need.objects.filter(title__startswith="Waste-water").update(status="closed")

    summary = load_demo()

    assert counts() == before
    assert detail_counts() == details
    assert sum(summary.created.values()) == 0
    assert Need.objects.get(title__startswith="Waste-water").status == "open"


@pytest.mark.django_db
def test_the_mission_follows_the_seed_story():
    load_demo()
    mission = Mission.objects.get(title=data.MISSION_TITLE)

    assert mission.programme.name == "SME2GO"
    assert (mission.start_date.isoformat(), mission.end_date.isoformat()) == (
        "2027-03-15",
        "2027-03-19",
    )
    assert mission.status == Mission.Status.CONFIRMED
    assert {r.name for r in mission.destinations.all()} == {"Weifang", "Zhucheng", "Rizhao"}
    assert set(mission.companies.values_list("name", flat=True)) == {
        "Kirkasvirta Water Oy",
        "Norrträ Byggsystem AB",
        "Viljava Food Technology Oy",
        "Luftkoll Sensors AB",
        "Istuin Design Oy",
        "Värmeflöde Energy AB",
    }
    assert set(mission.staff.values_list("username", flat=True)) == {"posintra", "vasteras"}
    assert [d.city.name for d in mission.days.all()] == [
        "Weifang",
        "Weifang",
        "Zhucheng",
        "Rizhao",
        "Rizhao",
    ]
    zhucheng_visit = Visit.objects.get(organisation__name="Zhucheng Hengmu Seating Co., Ltd.")
    assert "Cooperation agreement signed" in zhucheng_visit.notes
    recruiters = Counter(
        Enrolment.objects.filter(
            programme__name="SME2GO", organisation__kind="company"
        ).values_list("recruited_by__name", flat=True)
    )
    assert recruiters == {"Posintra Oy": 5, "Västerås Science Park": 4}


@pytest.mark.django_db
def test_needs_are_complete_and_one_is_in_chinese():
    load_demo()
    needs = Need.objects.select_related("host", "mission").prefetch_related("domains")

    assert all(n.domains.exists() and n.cpv_codes and n.stated_by for n in needs)
    assert all(n.mission.start_date <= n.heard_on <= n.mission.end_date for n in needs)
    chinese = [n for n in needs if n.language == "zh-hans"]
    assert len(chinese) == 1
    assert chinese[0].title.isascii() and not chinese[0].description.isascii()
    assert set(needs.values_list("host__name", flat=True)) == {
        h["name"] for h in data.HOSTS if h["kind"] == "host"
    }


def test_demo_codes_are_real_cpv_codes_and_known_domains():
    with gzip.open(CPV_FILE, "rt", encoding="utf-8") as fh:
        known = {row[0] for row in json.load(fh)}
    records = [*data.COMPANIES, *data.NEEDS]

    unknown = {code for r in records for code in r["cpv_codes"] if code not in known}
    bad_domains = {d for r in records for d in r["domains"] if d not in DOMAIN_LABELS}

    assert unknown == set()
    assert bad_domains == set()


@pytest.mark.django_db
def test_an_invalid_record_loads_nothing(monkeypatch):
    broken = {**data.NEEDS[0], "cpv_codes": ("not-a-code",)}
    monkeypatch.setattr(data, "NEEDS", (*data.NEEDS[1:], broken))

    with pytest.raises(ValidationError):
        load_demo()

    assert Programme.objects.count() == 0
    assert Organisation.objects.count() == 0
