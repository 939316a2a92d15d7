"""Load the Shandong demo (:mod:`sme2go.demo.data`) into the configured database.

:func:`load_demo` is idempotent: every row is looked up by its natural key (a region's
parent and name, an organisation's name and kind, a user's username, a need's programme,
host and title, ...) and updated in place, so running it again restores the demo content,
the demo passwords and unlocks throttled demo logins, without duplicating anything. Every row is validated with ``full_clean()`` before it is
saved, and the whole load runs in one transaction: it either loads everything or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TextIO, TypeVar
from zoneinfo import ZoneInfo

from axes.utils import reset as reset_login_attempts
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from sme2go.companies.models import Certification, CompanyProfile, Product
from sme2go.demo import data
from sme2go.demo.dossiers import load_dossiers
from sme2go.demo.followup import load_followup
from sme2go.demo.planning import load_planning
from sme2go.demo.readiness import load_readiness
from sme2go.demo.reporting import load_reporting
from sme2go.matches.domain import decide_match
from sme2go.matches.models import MatchProposal
from sme2go.matches.signals import flush_rankings
from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
from sme2go.needs.domain import record_answer
from sme2go.needs.models import Need
from sme2go.organisations.models import ContactPerson, Membership, Organisation
from sme2go.programmes.models import Enrolment, Programme
from sme2go.regions.models import Region
from sme2go.taxonomy.models import DOMAIN_LABELS, Domain

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class DemoLogin:
    """One demo login as printed by ``sme2go demo``."""

    username: str
    password: str
    role: str
    organisation: str
    sees: str


@dataclass
class DemoSummary:
    """What :func:`load_demo` produced: rows per kind (created or updated) and the logins."""

    counts: Counter = field(default_factory=Counter)
    created: Counter = field(default_factory=Counter)
    logins: list[DemoLogin] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Human-readable summary lines, one per kind of record."""
        labels = (
            ("region", "regions"),
            ("programme", "programmes"),
            ("operator", "operators"),
            ("company", "companies (SMEs)"),
            ("host", "host organisations"),
            ("counterpart", "counterparts"),
            ("need", "needs"),
            ("mission", "missions"),
            ("day", "itinerary days"),
            ("leg", "travel legs"),
            ("visit", "visits"),
            ("user", "users"),
        )
        width = max(len(label) for _, label in labels)
        return [
            f"  {label + ':':<{width + 1}} {self.counts[key]:>3}  ({self.created[key]} new)"
            for key, label in labels
        ]


def _put(model: type[M], lookup: dict, values: dict) -> tuple[M, bool]:
    """Get the row matching ``lookup`` (or a new one), set ``values``, validate and save.

    Returns the row and whether it is new.
    """
    obj = model._default_manager.filter(**lookup).first()
    is_new = obj is None
    if is_new:
        obj = model(**lookup)
    # The original language first: a translated text set by its plain name (``title``)
    # is written in the record's original language (sme2go.core.content_language).
    for name, value in sorted(
        values.items(), key=lambda item: item[0] not in ("language", "original_language")
    ):
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj, is_new


def _upsert(summary: DemoSummary, key: str, model: type[M], lookup: dict, values: dict) -> M:
    """:func:`_put`, counted in ``summary`` under ``key``."""
    obj, is_new = _put(model, lookup, values)
    summary.counts[key] += 1
    summary.created[key] += int(is_new)
    return obj


def load_demo(*, stdout: TextIO | None = None) -> DemoSummary:
    """Create or refresh the whole Shandong demo and return what it contains.

    ``stdout``, when given, receives one progress line per section. The database must be
    migrated. Raises ``ValidationError`` (and loads nothing) if a demo row is invalid.
    """

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    summary = DemoSummary()
    with transaction.atomic():
        say("Regions…")
        _ensure_domains()
        regions = _load_regions(summary)
        say("Programmes and operators…")
        orgs = _load_operators(summary, regions)
        programmes = _load_programmes(summary, orgs)
        say("Companies…")
        _load_companies(summary, regions, orgs, programmes)
        say("Hosts and counterparts…")
        _load_hosts(summary, regions, orgs, programmes)
        say("Users…")
        users = _load_users(summary, orgs)
        say("Mission and itinerary…")
        mission = _load_mission(summary, regions, orgs, programmes, users)
        say("Readiness assessments…")
        load_readiness(mission, users)
        say("Needs…")
        needs = _load_needs(summary, regions, orgs, mission, users)
        say("Matches and decisions…")
        _review_matches(summary, orgs, users, needs)
        say("Meeting planning…")
        load_planning(summary, mission, users)
        say("Follow-up…")
        load_followup(summary, mission, users)
        say("Host dossiers…")
        load_dossiers(mission, users)
        say("Indicators…")
        load_reporting(summary, mission)
    return summary


def _ensure_domains() -> None:
    """The smart-city domains, as their migration creates them: a database emptied after
    migrating (a transactional test's flush) would otherwise load profiles and needs
    without domains, and rank them differently."""
    Domain.objects.bulk_create(
        [Domain(code=code, position=i) for i, code in enumerate(DOMAIN_LABELS)],
        ignore_conflicts=True,
    )


def _load_regions(summary: DemoSummary) -> dict[str, Region]:
    regions: dict[str, Region] = {}
    for path, name_zh, kind, country_code in data.REGIONS:
        parent_path, _, name = path.rpartition("/")
        regions[path] = _upsert(
            summary,
            "region",
            Region,
            {"parent": regions[parent_path] if parent_path else None, "name": name},
            {"name_zh": name_zh, "kind": kind, "country_code": country_code},
        )
    return regions


def _contacts(org: Organisation, contacts: tuple) -> None:
    for name, title, email, *languages in contacts:
        _put(
            ContactPerson,
            {"organisation": org, "name": name},
            {"title": title, "email": email, "languages": languages[0] if languages else ""},
        )


def _organisation(summary: DemoSummary, key: str, kind: str, spec: dict, regions) -> Organisation:
    org = _upsert(
        summary,
        key,
        Organisation,
        {"name": spec["name"], "kind": kind},
        {
            "name_zh": spec.get("name_zh", ""),
            "host_type": spec.get("host_type", ""),
            "region": regions[spec["region"]],
            "sector": spec.get("sector", ""),
            "description": spec.get("description", ""),
            "website": spec.get("website", ""),
        },
    )
    _contacts(org, spec.get("contacts", ()))
    return org


def _load_operators(summary: DemoSummary, regions) -> dict[str, Organisation]:
    return {
        spec["name"]: _organisation(summary, "operator", Organisation.Kind.OPERATOR, spec, regions)
        for spec in data.OPERATORS
    }


def _load_programmes(summary: DemoSummary, orgs) -> dict[str, Programme]:
    programmes = {}
    for spec in data.PROGRAMMES:
        programme = _upsert(
            summary,
            "programme",
            Programme,
            {"name": spec["name"]},
            {
                "funder": spec["funder"],
                "description": spec["description"],
                "start_date": spec["start_date"],
                "end_date": spec["end_date"],
            },
        )
        programme.partners.set([orgs[name] for name in spec["partners"]])
        programmes[spec["name"]] = programme
    return programmes


def _enrol(programme: Programme, org: Organisation, recruited_by: Organisation | None) -> None:
    _put(
        Enrolment,
        {"programme": programme, "organisation": org},
        {
            "recruited_by": recruited_by,
            "status": Enrolment.Status.ACTIVE,
            "enrolled_on": programme.start_date,
        },
    )


def _load_companies(summary: DemoSummary, regions, orgs, programmes) -> None:
    for spec in data.COMPANIES:
        org = _organisation(summary, "company", Organisation.Kind.COMPANY, spec, regions)
        orgs[spec["name"]] = org
        _enrol(programmes[spec["programme"]], org, orgs[spec["recruited_by"]])
        profile, _ = _put(
            CompanyProfile,
            {"organisation": org},
            {
                "offering": spec["offering"],
                "cpv_codes": list(spec["cpv_codes"]),
                "size_band": spec["size_band"],
                "home_country": spec["home_country"],
                "languages": list(spec["languages"]),
                "target_markets": list(spec["target_markets"]),
            },
        )
        profile.domains.set(Domain.objects.filter(code__in=spec["domains"]))
        for kind, name, description, year, location in spec["products"]:
            _put(
                Product,
                {"profile": profile, "name": name},
                {"kind": kind, "description": description, "year": year, "location": location},
            )
        for name, issuer, valid_until in spec["certifications"]:
            _put(
                Certification,
                {"profile": profile, "name": name},
                {"issuer": issuer, "valid_until": valid_until},
            )


def _load_hosts(summary: DemoSummary, regions, orgs, programmes) -> None:
    for spec in data.HOSTS:
        org = _organisation(summary, spec["kind"], spec["kind"], spec, regions)
        orgs[spec["name"]] = org
        _enrol(programmes[data.SME2GO], org, None)


def _load_users(summary: DemoSummary, orgs) -> dict[str, Any]:
    User = get_user_model()
    # One hash for the shared demo password: hashing is deliberately slow (about a second
    # per call on a small machine), and the password is printed for everyone anyway.
    password_hash = make_password(data.DEMO_PASSWORD)
    users = {}
    for username, first, last, org_name, role, sees in data.USERS:
        is_superuser = org_name is None
        user = _upsert(
            summary,
            "user",
            User,
            {"username": username},
            {
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.example.org",
                "is_active": True,
                "is_staff": is_superuser,
                "is_superuser": is_superuser,
                "password": password_hash,
            },
        )
        if is_superuser:
            Membership.objects.filter(user=user).delete()
        else:
            _put(Membership, {"user": user}, {"organisation": orgs[org_name], "role": role})
        # A demo login locked out by mistyped passwords would end the walkthrough.
        reset_login_attempts(username=username)
        users[username] = user
        summary.logins.append(
            DemoLogin(username, data.DEMO_PASSWORD, role, org_name or "(all)", sees)
        )
    return users


def _load_mission(summary: DemoSummary, regions, orgs, programmes, users) -> Mission:
    spec = data.MISSION
    mission = _upsert(
        summary,
        "mission",
        Mission,
        {"programme": programmes[spec["programme"]], "title": spec["title"]},
        {
            "description": spec["description"],
            "start_date": spec["start_date"],
            "end_date": spec["end_date"],
            "status": spec["status"],
        },
    )
    mission.destinations.set([regions[path] for path in spec["destinations"]])
    mission.companies.set(
        [
            orgs[c["name"]]
            for c in data.COMPANIES
            if c["fits"] and c["programme"] == spec["programme"]
        ]
    )
    mission.staff.set([users[name] for name in spec["staff"]])
    for day_spec in data.ITINERARY:
        day = _upsert(
            summary,
            "day",
            ItineraryDay,
            {"mission": mission, "date": day_spec["date"]},
            {"city": regions[day_spec["city"]], "notes": day_spec["notes"]},
        )
        for origin, destination, mode, departure, minutes, notes in day_spec["legs"]:
            _upsert(
                summary,
                "leg",
                TravelLeg,
                {"day": day, "origin": regions[origin], "destination": regions[destination]},
                {
                    "mode": mode,
                    "departure": departure,
                    "duration_minutes": minutes,
                    "notes": notes,
                },
            )
        for org_name, title, place, start, end, notes, *attending in day_spec["visits"]:
            visit = _upsert(
                summary,
                "visit",
                Visit,
                {"day": day, "title": title},
                {
                    "organisation": orgs[org_name],
                    "place": place,
                    "start_time": start,
                    "end_time": end,
                    "notes": notes,
                    **data.VISIT_TITLE_TRANSLATIONS.get(title, {}),
                },
            )
            visit.companies.set([orgs[name] for name in (attending[0] if attending else ())])
    return mission


def _trip_time(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=ZoneInfo(data.TRIP_TIME_ZONE))


def _load_needs(summary: DemoSummary, regions, orgs, mission: Mission, users) -> dict[str, Need]:
    """The needs as they were heard; an answered need is loaded as being matched, and
    :func:`_review_matches` records its answer once its match is approved."""
    needs = {}
    for spec in data.NEEDS:
        status = Need.Status.MATCHING if spec.get("answered_by") else spec["status"]
        need = _upsert(
            summary,
            "need",
            Need,
            {
                "programme": mission.programme,
                "host": orgs[spec["host"]],
                "title": spec["title"],
            },
            {
                "stated_by": spec["stated_by"],
                "region": regions[spec["region"]],
                "heard_on": spec["heard_on"],
                "mission": mission,
                "description": spec["description"],
                "language": spec["language"],
                "cpv_codes": list(spec["cpv_codes"]),
                "required_languages": list(spec["required_languages"]),
                "status": status,
                **spec.get("translations", {}),
            },
        )
        need.domains.set(Domain.objects.filter(code__in=spec["domains"]))
        # Recorded by the adviser on the evening of the day it was heard, as in the story,
        # not on the day the demo happens to be loaded (auto_now_add would say so).
        recorded = _trip_time(dt.datetime.combine(spec["heard_on"], dt.time(19, 0)))
        need.created_at, need.created_by = recorded, users[spec["recorded_by"]]
        Need.objects.filter(pk=need.pk).update(
            created_at=need.created_at, created_by=need.created_by
        )
        needs[spec["title"]] = need
    return needs


def _review_matches(summary: DemoSummary, orgs, users, needs: dict[str, Need]) -> None:
    """Rank now (not after the commit, as the signals would), decide as the advisers did
    through the matches domain, and record the answers of answered needs."""
    flush_rankings()
    for title, company, decision, reason, username, when in data.MATCH_DECISIONS:
        proposal = MatchProposal.objects.get(need=needs[title], company=orgs[company])
        decide_match(proposal=proposal, decision=decision, reason=reason, actor=users[username])
        MatchProposal.objects.filter(pk=proposal.pk).update(decided_at=_trip_time(when))
        summary.counts[decision] += 1
    for spec in data.NEEDS:
        if spec.get("answered_by"):
            record_answer(
                actor=users[spec["recorded_by"]],
                need=needs[spec["title"]],
                company=orgs[spec["answered_by"]],
                outcome=spec["answer"],
            )
