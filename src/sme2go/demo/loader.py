"""Load the Shandong demo (:mod:`sme2go.demo.data`) into the configured database.

:func:`load_demo` is idempotent: every row is looked up by its natural key (a region's
parent and name, an organisation's name and kind, a user's username, a need's programme,
host and title, ...) and updated in place, so running it again restores the demo content,
the demo passwords and unlocks throttled demo logins, without duplicating anything.

The records users make (companies with their profiles, hosts, counterparts, contacts, the
mission and its itinerary, needs, match decisions, meeting planning, follow-up, dossiers,
indicators) are written through the same domain functions as the forms, with their
validation and audit entries; a re-run updates only what differs. What an administrator
sets up in the admin (regions, operators, programmes, user accounts) is written directly
and validated with ``full_clean()``. The whole load runs in one transaction: it either
loads everything or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TextIO, TypeVar
from zoneinfo import ZoneInfo

from axes.utils import reset as reset_login_attempts
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Q
from modeltranslation.utils import build_localized_fieldname

from sme2go.companies import domain as companies
from sme2go.core.content_language import ui_language
from sme2go.demo import data
from sme2go.demo.dossiers import load_dossiers
from sme2go.demo.followup import load_followup
from sme2go.demo.planning import load_planning
from sme2go.demo.readiness import load_readiness
from sme2go.demo.reporting import load_reporting
from sme2go.matches.domain import decide_match
from sme2go.matches.models import MatchProposal
from sme2go.matches.signals import flush_rankings
from sme2go.missions import domain as missions
from sme2go.missions.models import Mission
from sme2go.needs import domain as needs_domain
from sme2go.needs.domain import record_answer
from sme2go.needs.models import Need
from sme2go.organisations import domain as organisations
from sme2go.organisations.models import Membership, Organisation
from sme2go.programmes.models import Programme
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


def _count(summary: DemoSummary, key: str, is_new: bool) -> None:
    summary.counts[key] += 1
    summary.created[key] += int(is_new)


def _by_text(queryset: models.QuerySet[M], field: str, text: str) -> M | None:
    """The record whose translated ``field`` reads ``text`` in any language (its original
    may be the Chinese column, whatever language this process is in)."""
    columns = [build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES]
    condition = Q()
    for column in columns:
        condition |= Q(**{column: text})
    return queryset.filter(condition).first()


def _changes(obj: models.Model, values: dict[str, Any]) -> dict[str, Any]:
    """The ``values`` that differ from ``obj``'s: what a re-run of the demo must update.
    A many-to-many value (``companies``) compares as a set."""
    changed = {}
    for name, value in values.items():
        current = getattr(obj, name)
        if hasattr(current, "all"):
            if set(current.all()) != set(value):
                changed[name] = value
        elif current != value:
            changed[name] = value
    return changed


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
        _dated_as_in_the_story(programmes, mission)
    return summary


def _dated_as_in_the_story(programmes: dict[str, Programme], mission: Mission) -> None:
    """Creation dates where the story puts them, not on the day the demo is loaded (which
    may be before the trip, or long after it): each programme a month before it starts,
    its organisations with it, the mission when planning began (before the intake
    assessments of September 2026), and each need last changed when it was recorded or,
    answered, when its answer came."""
    for programme in programmes.values():
        created = data.at_office(programme.start_date - dt.timedelta(days=30), dt.time(9, 0))
        Programme.objects.filter(pk=programme.pk).update(created_at=created)
        members = Organisation.objects.filter(
            Q(enrolments__programme=programme) | Q(partner_of=programme)
        ).values("pk")
        Organisation.objects.filter(pk__in=members, created_at__gt=created).update(
            created_at=created
        )
    Mission.objects.filter(pk=mission.pk).update(
        created_at=data.at_office(data.MISSION_PLANNED_ON, dt.time(9, 0))
    )
    for need in Need.objects.filter(mission=mission):
        changed = need.created_at
        if need.answered_by_id is not None:
            changed = data.AGREEMENT_RECORDED_AT + dt.timedelta(minutes=15)
        Need.objects.filter(pk=need.pk).update(updated_at=changed)


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
        values = {"title": title, "email": email, "languages": languages[0] if languages else ""}
        contact = org.contacts.filter(name=name).first()
        if contact is None:
            organisations.add_contact(organisation=org, name=name, actor=None, **values)
        elif changes := _changes(contact, values):
            organisations.update_contact(contact=contact, actor=None, **changes)


def _organisation(summary: DemoSummary, key: str, kind: str, spec: dict, regions) -> Organisation:
    """An operator: set up by an administrator (in the admin), so written directly."""
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


def _load_companies(summary: DemoSummary, regions, orgs, programmes) -> None:
    """Each company as an operator enters it: created with its profile and enrolment, then
    its region, contacts, products and certifications (a re-run updates what changed)."""
    for spec in data.COMPANIES:
        programme = programmes[spec["programme"]]
        details = {
            "name_zh": spec.get("name_zh", ""),
            "website": spec.get("website", ""),
            "description": spec.get("description", ""),
        }
        profile_values = {
            "offering": spec["offering"],
            "cpv_codes": list(spec["cpv_codes"]),
            "size_band": spec["size_band"],
            "home_country": spec["home_country"],
            "languages": list(spec["languages"]),
            "target_markets": list(spec["target_markets"]),
        }
        domains = list(Domain.objects.filter(code__in=spec["domains"]))
        org = Organisation.objects.filter(name=spec["name"], kind=Organisation.Kind.COMPANY).first()
        _count(summary, "company", org is None)
        if org is None:
            profile = companies.create_company(
                actor=None,
                programme=programme,
                recruited_by=orgs[spec["recruited_by"]],
                name=spec["name"],
                domains=domains,
                enrolled_on=programme.start_date,
                **details,
                **profile_values,
            )
            org = profile.organisation
        else:
            profile = org.profile
            changes = _changes(org, details) | _changes(profile, profile_values)
            if changes or set(profile.domains.all()) != set(domains):
                companies.update_company_profile(
                    profile=profile, actor=None, domains=domains, **changes
                )
        if org.region != regions[spec["region"]]:
            organisations.update_organisation(
                organisation=org, actor=None, region=regions[spec["region"]]
            )
        orgs[spec["name"]] = org
        _contacts(org, spec.get("contacts", ()))
        for kind, name, description, year, location in spec["products"]:
            values = {"kind": kind, "description": description, "year": year, "location": location}
            product = profile.products.filter(name=name).first()
            if product is None:
                companies.add_product(profile=profile, name=name, actor=None, **values)
            elif changes := _changes(product, values):
                companies.update_product(product=product, actor=None, **changes)
        for name, issuer, valid_until in spec["certifications"]:
            values = {"issuer": issuer, "valid_until": valid_until}
            certification = profile.certifications.filter(name=name).first()
            if certification is None:
                companies.add_certification(profile=profile, name=name, actor=None, **values)
            elif changes := _changes(certification, values):
                companies.update_certification(certification=certification, actor=None, **changes)


def _load_hosts(summary: DemoSummary, regions, orgs, programmes) -> None:
    """Hosts and counterparts as an operator enters them (enrolled in the programme)."""
    for spec in data.HOSTS:
        values = {
            "name_zh": spec.get("name_zh", ""),
            "host_type": spec.get("host_type", ""),
            "region": regions[spec["region"]],
            "sector": spec.get("sector", ""),
            "description": spec.get("description", ""),
            "website": spec.get("website", ""),
        }
        org = Organisation.objects.filter(name=spec["name"], kind=spec["kind"]).first()
        _count(summary, spec["kind"], org is None)
        if org is None:
            org = organisations.create_host_or_counterpart(
                programme=programmes[data.SME2GO],
                kind=spec["kind"],
                name=spec["name"],
                actor=None,
                **values,
            )
        elif changes := _changes(org, values):
            organisations.update_organisation(organisation=org, actor=None, **changes)
        orgs[spec["name"]] = org
        _contacts(org, spec.get("contacts", ()))


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
    """The mission as its adviser plans it: the mission, its delegation, then each day with
    its travel and visits."""
    spec = data.MISSION
    programme = programmes[spec["programme"]]
    values = {
        "description": spec["description"],
        "start_date": spec["start_date"],
        "end_date": spec["end_date"],
        "status": spec["status"],
    }
    destinations = [regions[path] for path in spec["destinations"]]
    mission = Mission.objects.filter(programme=programme, title=spec["title"]).first()
    _count(summary, "mission", mission is None)
    if mission is None:
        mission = missions.create_mission(
            actor=None,
            programme=programme,
            title=spec["title"],
            destinations=destinations,
            **values,
        )
    else:
        missions.update_mission(
            actor=None, mission=mission, destinations=destinations, **_changes(mission, values)
        )
    missions.set_mission_participants(
        actor=None,
        mission=mission,
        companies=[
            orgs[c["name"]]
            for c in data.COMPANIES
            if c["fits"] and c["programme"] == spec["programme"]
        ],
        staff=[users[name] for name in spec["staff"]],
    )
    for day_spec in data.ITINERARY:
        day_values = {"city": regions[day_spec["city"]], "notes": day_spec["notes"]}
        day = mission.days.filter(date=day_spec["date"]).first()
        _count(summary, "day", day is None)
        if day is None:
            day = missions.add_itinerary_day(
                actor=None, mission=mission, date=day_spec["date"], **day_values
            )
        elif changes := _changes(day, day_values):
            missions.update_itinerary_day(actor=None, day=day, **changes)
        for origin, destination, mode, departure, minutes, notes in day_spec["legs"]:
            leg_values = {
                "mode": mode,
                "departure": departure,
                "duration_minutes": minutes,
                "notes": notes,
            }
            leg = day.legs.filter(origin=regions[origin], destination=regions[destination]).first()
            _count(summary, "leg", leg is None)
            if leg is None:
                missions.add_travel_leg(
                    actor=None,
                    day=day,
                    origin=regions[origin],
                    destination=regions[destination],
                    **leg_values,
                )
            elif changes := _changes(leg, leg_values):
                missions.update_travel_leg(actor=None, leg=leg, **changes)
        for org_name, title, place, start, end, notes, *attending in day_spec["visits"]:
            visit_values = {
                "organisation": orgs[org_name],
                "place": place,
                "start_time": start,
                "end_time": end,
                "notes": notes,
                "companies": [orgs[name] for name in (attending[0] if attending else ())],
                **data.VISIT_TITLE_TRANSLATIONS.get(title, {}),
            }
            visit = _by_text(day.visits.all(), "title", title)
            _count(summary, "visit", visit is None)
            if visit is None:
                missions.add_visit(actor=None, day=day, title=title, **visit_values)
            elif changes := _changes(visit, visit_values):
                missions.update_visit(actor=None, visit=visit, **changes)
    return mission


def _trip_time(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=ZoneInfo(data.TRIP_TIME_ZONE))


def _load_needs(summary: DemoSummary, regions, orgs, mission: Mission, users) -> dict[str, Need]:
    """The needs as the advisers recorded them; an answered need is loaded as being
    matched, and :func:`_review_matches` records its answer once its match is approved."""
    needs = {}
    for spec in data.NEEDS:
        status = Need.Status.MATCHING if spec.get("answered_by") else spec["status"]
        host = orgs[spec["host"]]
        # The demo gives every need's title in English and its description in the need's
        # language; texts go to their language's columns, the original through ``title``.
        texts = {"title_en": spec["title"], **spec.get("translations", {})}
        language = ui_language(spec["language"])
        title_column = build_localized_fieldname("title", language)
        description_column = build_localized_fieldname("description", language)
        texts[description_column] = spec["description"]
        values = {
            "stated_by": spec["stated_by"],
            "region": regions[spec["region"]],
            "heard_on": spec["heard_on"],
            "mission": mission,
            "language": spec["language"],
            "cpv_codes": list(spec["cpv_codes"]),
            "required_languages": list(spec["required_languages"]),
        }
        domains = list(Domain.objects.filter(code__in=spec["domains"]))
        need = _by_text(
            Need.objects.filter(programme=mission.programme, host=host), "title", spec["title"]
        )
        _count(summary, "need", need is None)
        recorder = users[spec["recorded_by"]]
        if need is None:
            translations = dict(texts)
            need = needs_domain.record_need(
                actor=recorder,
                programme=mission.programme,
                host=host,
                title=translations.pop(title_column, ""),
                description=translations.pop(description_column),
                domains=domains,
                status=status,
                **values,
                **translations,
            )
        else:
            changes = _changes(need, {**values, **texts, "status": status})
            if changes or set(need.domains.all()) != set(domains):
                needs_domain.update_need(actor=recorder, need=need, domains=domains, **changes)
        # Recorded by the adviser on the evening of the day it was heard, as in the story,
        # not on the day the demo happens to be loaded (auto_now_add would say so).
        recorded = _trip_time(dt.datetime.combine(spec["heard_on"], dt.time(19, 0)))
        need.created_at, need.created_by = recorded, recorder
        Need.objects.filter(pk=need.pk).update(created_at=recorded, created_by=recorder)
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
