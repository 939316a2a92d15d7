"""Counting records for indicators: the fixed registry of countable record types.

A programme's :class:`~sme2go.reporting.models.IndicatorDefinition` names one of
:data:`RECORD_TYPES`; each type is a collector that reads the programme's records of one
kind in a reporting :class:`Period` and returns them as :class:`Record` rows (what the
record is, its date, its organisation, the operator that recruited it, its country, links
to its evidence). An indicator's value is the number of its type's records, so every
count is traceable to the rows behind it.

Rules every collector keeps:

* only the programme's own records (through its missions or its ``programme`` key), read
  through :func:`sme2go.core.tenancy.scoped` with the reader's access;
* only records dated inside the period (both ends included);
* agreements only once an adviser confirmed them;
* a fixed number of queries, whatever the number of records: a :class:`Sources` object
  loads the maps the collectors share (countries, recruiting operators) once, and
  memoises each type's records, so a report costs the same queries for 10 records or
  10,000.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import Access, scoped
from sme2go.organisations.models import Organisation

if TYPE_CHECKING:
    from sme2go.missions.models import Mission
    from sme2go.programmes.models import Programme


@dataclass(frozen=True)
class Period:
    """A reporting period: ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def months(self) -> list[dt.date]:
        """The first day of every month the period touches, in order."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return months


def six_month_periods(programme: Programme) -> list[Period]:
    """The programme's six-month reporting periods (January–June, July–December), the
    first and last cut to the programme's own dates."""
    periods = []
    year, half = programme.start_date.year, 0 if programme.start_date.month <= 6 else 1
    while True:
        start = dt.date(year, 1 + 6 * half, 1)
        end = dt.date(year, 6, 30) if half == 0 else dt.date(year, 12, 31)
        if start > programme.end_date:
            return periods
        periods.append(Period(max(start, programme.start_date), min(end, programme.end_date)))
        year, half = (year, 1) if half == 0 else (year + 1, 0)


def default_period(programme: Programme, today: dt.date | None = None) -> Period:
    """The six-month period containing ``today``, else the programme's last (or first)."""
    today = today or timezone.localdate()
    periods = six_month_periods(programme)
    for period in periods:
        if today in period:
            return period
    return periods[-1] if today > programme.end_date else periods[0]


@dataclass(frozen=True)
class Link:
    """A link to a record's page or an evidence file."""

    label: str
    url: str


@dataclass(frozen=True)
class Record:
    """One counted record.

    ``key`` identifies it within its type (e.g. ``agreement-12`` or, for a type that
    counts organisations, ``organisation-5``); ``organisation`` is whom it is about,
    ``operator`` the operator that recruited that organisation into the programme ("" if
    none did), ``country`` an ISO code ("" when unknown). ``evidence`` links what proves
    it (the agreement's files, the meeting's feedback, the check-in's answer).
    """

    key: str
    label: str
    on: dt.date
    url: str
    organisation: str
    organisation_id: int
    operator: str
    country: str
    evidence: tuple[Link, ...] = ()
    detail: str = ""
    mission_id: int | None = None


@dataclass(frozen=True)
class RecordType:
    """A kind of record an indicator can count; ``collect`` reads them from a
    :class:`Sources` in a fixed number of queries."""

    key: str
    label: Any
    unit: Any
    description: Any
    collect: Callable[[Sources], list[Record]]


class Sources:
    """The data the collectors of one report share: the programme, period, reader, and
    the maps every collector needs, each loaded once (one query each).

    ``mission`` narrows every collector to one mission (the mission report).
    """

    def __init__(
        self,
        programme: Programme,
        period: Period,
        access: Access,
        *,
        mission: Mission | None = None,
    ) -> None:
        self.programme = programme
        self.period = period
        self.access = access
        self.mission = mission
        self._records: dict[str, list[Record]] = {}
        self._shared: dict[str, Any] = {}
        self._urls: dict[str, tuple[str, str]] = {}
        self.zone = timezone.get_current_timezone()

    def records(self, key: str) -> list[Record]:
        """The records of type ``key``, collected on first use."""
        if key not in self._records:
            self._records[key] = RECORD_TYPES[key].collect(self)
        return self._records[key]

    def shared(self, key: str, load: Callable[[Sources], Any]) -> Any:
        """``load(self)``, once per report: data several record types read."""
        if key not in self._shared:
            self._shared[key] = load(self)
        return self._shared[key]

    def url(self, name: str, keyword: str, pk: int) -> str:
        """``reverse(name, kwargs={keyword: pk})``, from a template reversed once per name."""
        if name not in self._urls:
            marker = "987654321"
            self._urls[name] = tuple(reverse(name, kwargs={keyword: marker}).split(marker, 1))
        prefix, suffix = self._urls[name]
        return f"{prefix}{pk}{suffix}"

    def local_date(self, moment: dt.datetime) -> dt.date:
        """The day of an aware ``moment`` in the server's time zone."""
        return moment.astimezone(self.zone).date()

    def scoped(self, model) -> Any:
        return scoped(model, self.access)

    def missions(self):
        """The programme's missions (or the one mission) as a queryset, for subqueries."""
        from sme2go.missions.models import Mission

        missions = self.scoped(Mission).filter(programme=self.programme)
        if self.mission is not None:
            missions = missions.filter(pk=self.mission.pk)
        return missions

    @cached_property
    def _region_countries(self) -> dict[int, str]:
        """Region id -> ISO code of the country it lies in (reference data, one query)."""
        from sme2go.regions.models import Region

        rows = {
            pk: (parent, code)
            for pk, parent, code in Region.objects.values_list("pk", "parent_id", "country_code")
        }
        countries: dict[int, str] = {}
        for pk in rows:
            node, seen = pk, set()
            while node is not None and node not in seen:
                seen.add(node)
                parent, code = rows[node]
                if code:
                    countries[pk] = code
                    break
                node = parent
        return countries

    @cached_property
    def _organisations(self) -> dict[int, tuple[str, str]]:
        """Organisation id -> (country code, recruiting operator's name) for the
        organisations enrolled in the programme (one query). A company's country is its
        home country; anyone else's is the country of its region."""
        from sme2go.programmes.models import Enrolment

        rows = Enrolment.objects.filter(programme=self.programme).values_list(
            "organisation_id",
            "organisation__region_id",
            "organisation__profile__home_country",
            "recruited_by__name",
        )
        return {
            org: (home or self._region_countries.get(region, ""), operator or "")
            for org, region, home, operator in rows
        }

    def country(self, organisation_id: int, region_id: int | None = None) -> str:
        known = self._organisations.get(organisation_id)
        if known is not None:
            return known[0]
        return self._region_countries.get(region_id, "") if region_id else ""

    def operator(self, organisation_id: int) -> str:
        known = self._organisations.get(organisation_id)
        return known[1] if known else ""


# Collectors ------------------------------------------------------------------------------
#
# They read value rows, not model instances, and make links from URL templates
# (Sources.url): a report over thousands of records spent most of its time building
# instances and in reverse().


def _labels(choices) -> dict[str, str]:
    """A choices list as ``{value: label}`` in the active language (translated once)."""
    return {value: str(label) for value, label in choices}


def _organisation_link(sources: Sources, organisation_id: int, kind: str) -> str:
    if kind == "company":
        return sources.url("companies:detail", "organisation_pk", organisation_id)
    return sources.url("organisations:detail", "organisation_pk", organisation_id)


def companies_supported(sources: Sources) -> list[Record]:
    """Companies in the delegation of a mission of the programme that started in the
    period (not cancelled), each once, dated by its first such mission."""
    from sme2go.missions.models import Mission

    through = Mission.companies.through
    rows = (
        through.objects.filter(
            mission__in=sources.missions()
            .exclude(status=Mission.Status.CANCELLED)
            .filter(start_date__gte=sources.period.start, start_date__lte=sources.period.end)
        )
        .values_list(
            "organisation_id",
            "organisation__name",
            "mission_id",
            "mission__title",
            "mission__start_date",
        )
        .order_by("mission__start_date", "organisation__name", "mission_id")
    )
    seen: dict[int, list] = {}
    for org, name, mission_id, title, start in rows:
        entry = seen.setdefault(org, [name, start, mission_id, []])
        entry[3].append(Link(title, sources.url("missions:detail", "mission_pk", mission_id)))
    return [
        Record(
            key=f"organisation-{org}",
            label=name,
            on=start,
            url=_organisation_link(sources, org, "company"),
            organisation=name,
            organisation_id=org,
            operator=sources.operator(org),
            country=sources.country(org),
            evidence=tuple(links),
            detail=", ".join(link.label for link in links),
            mission_id=mission_id,
        )
        for org, (name, start, mission_id, links) in sorted(
            seen.items(), key=lambda item: (item[1][1], item[1][0])
        )
    ]


def meetings_requested(sources: Sources) -> list[Record]:
    """Meeting requests on the programme's missions that started in the period, except
    withdrawn ones, dated by their mission's first day: a request belongs to the
    mission it asks a meeting on, whenever it was made (often weeks before the trip)."""
    from sme2go.planning.models import MeetingRequest

    rows = (
        sources.scoped(MeetingRequest)
        .filter(
            mission__in=sources.missions(),
            mission__start_date__gte=sources.period.start,
            mission__start_date__lte=sources.period.end,
        )
        .exclude(status=MeetingRequest.Status.WITHDRAWN)
        .values_list(
            "pk",
            "mission_id",
            "mission__start_date",
            "requester_id",
            "requester__name",
            "counterpart__name",
            "status",
        )
        .order_by("mission__start_date", "created_at", "pk")
    )
    labels = _labels(MeetingRequest.Status.choices)
    return [
        Record(
            key=f"meetingrequest-{pk}",
            label=f"{requester_name} → {counterpart}",
            on=start,
            url=sources.url("planning:requests", "mission_pk", mission_id) + f"#request-{pk}",
            organisation=requester_name,
            organisation_id=requester,
            operator=sources.operator(requester),
            country=sources.country(requester),
            detail=labels.get(status, status),
            mission_id=mission_id,
        )
        for pk, mission_id, start, requester, requester_name, counterpart, status in rows
    ]


def meetings_held(sources: Sources) -> list[Record]:
    """B2B meetings of the missions' published schedules held in the period: by the rule
    of :meth:`sme2go.followup.models.FollowUpMeetingQuerySet.held` (ended with no
    outcome recorded, or recorded as held), dated by their start."""
    from sme2go.followup.models import FollowUpMeeting

    start, end = _moments(sources.period)
    rows = (
        sources.scoped(FollowUpMeeting.objects.held())
        .filter(
            schedule__mission__in=sources.missions(),
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .values_list(
            "pk",
            "schedule__mission_id",
            "request_id",
            "request__requester_id",
            "request__requester__name",
            "request__counterpart__name",
            "starts_at",
        )
        .order_by("starts_at", "pk")
    )
    return [
        Record(
            key=f"meeting-{pk}",
            label=f"{requester_name} – {counterpart}",
            on=sources.local_date(starts),
            url=sources.url("planning:requests", "mission_pk", mission_id)
            + f"#request-{request_id}",
            organisation=requester_name,
            organisation_id=requester,
            operator=sources.operator(requester),
            country=sources.country(requester),
            mission_id=mission_id,
        )
        for pk, mission_id, request_id, requester, requester_name, counterpart, starts in rows
    ]


@dataclass(frozen=True)
class _Party:
    pk: int
    name: str
    kind: str
    country: str


@dataclass(frozen=True)
class _Agreement:
    pk: int
    label: str
    signed_on: dt.date
    category: str
    mission_id: int | None
    company: _Party
    partner: _Party
    evidence: tuple[Link, ...]


def _confirmed_agreements(sources: Sources) -> list[_Agreement]:
    """The confirmed agreements signed in the period with their parties and evidence
    (two queries, once per report)."""
    return sources.shared("agreements", _load_confirmed_agreements)


def _load_confirmed_agreements(sources: Sources) -> list[_Agreement]:
    from sme2go.followup.models import Agreement, AgreementEvidence

    agreements = (
        sources.scoped(Agreement.objects.confirmed())
        .filter(
            programme=sources.programme,
            signed_on__gte=sources.period.start,
            signed_on__lte=sources.period.end,
        )
        .filter(Q(mission__isnull=True) | Q(mission__in=sources.missions()))
        .filter(**({"mission": sources.mission} if sources.mission is not None else {}))
    )
    rows = agreements.values_list(
        "pk",
        "kind",
        "signed_on",
        "mission_id",
        "company_id",
        "company__name",
        "company__kind",
        "company__region_id",
        "partner_id",
        "partner__name",
        "partner__kind",
        "partner__region_id",
    ).order_by("signed_on", "pk")
    evidence: dict[int, list[Link]] = {}
    files = AgreementEvidence.objects.filter(agreement__in=agreements.values("pk"))
    for agreement_id, pk, name in files.values_list("agreement_id", "pk", "original_name").order_by(
        "uploaded_at", "pk"
    ):
        evidence.setdefault(agreement_id, []).append(
            Link(name, sources.url("followup:evidence_file", "agreementevidence_pk", pk))
        )
    kinds = _labels(Agreement.Kind.choices)
    categories = _labels(Agreement.Category.choices)
    found = []
    for pk, kind, signed_on, mission_id, *parties in rows:
        company, partner = (
            _Party(org, name, org_kind, sources.country(org, region))
            for org, name, org_kind, region in (parties[:4], parties[4:])
        )
        found.append(
            _Agreement(
                pk=pk,
                label=f"{kinds.get(kind, kind)}: {company.name} – {partner.name}",
                signed_on=signed_on,
                category=categories.get(Agreement.CATEGORY_OF.get(kind, ""), ""),
                mission_id=mission_id,
                company=company,
                partner=partner,
                evidence=tuple(evidence.get(pk, ())),
            )
        )
    return found


def agreements_signed(sources: Sources) -> list[Record]:
    """Agreements signed in the period and confirmed by an adviser, dated by signing."""
    return [
        Record(
            key=f"agreement-{agreement.pk}",
            label=agreement.label,
            on=agreement.signed_on,
            url=sources.url("followup:agreement", "agreement_pk", agreement.pk),
            organisation=agreement.company.name,
            organisation_id=agreement.company.pk,
            operator=sources.operator(agreement.company.pk),
            country=agreement.company.country,
            evidence=agreement.evidence,
            detail=agreement.category,
            mission_id=agreement.mission_id,
        )
        for agreement in _confirmed_agreements(sources)
    ]


def _organisation_records(
    sources: Sources, found: dict[int, tuple[_Party, dt.date, list[Link], int | None]]
) -> list[Record]:
    kinds = _labels(Organisation.Kind.choices)
    return [
        Record(
            key=f"organisation-{pk}",
            label=party.name,
            on=on,
            url=_organisation_link(sources, pk, party.kind),
            organisation=party.name,
            organisation_id=pk,
            operator=sources.operator(pk),
            country=party.country,
            evidence=tuple(links),
            detail=kinds.get(party.kind, party.kind),
            mission_id=mission_id,
        )
        for pk, (party, on, links, mission_id) in sorted(
            found.items(), key=lambda item: (item[1][1], item[1][0].name)
        )
    ]


def organisations_cooperating(sources: Sources) -> list[Record]:
    """Organisations that are party to a confirmed agreement signed in the period whose
    two parties are in different countries; each organisation once, dated by its first
    such agreement, with those agreements and their files as evidence."""
    found: dict[int, tuple] = {}
    for agreement in _confirmed_agreements(sources):
        company, partner = agreement.company, agreement.partner
        if not company.country or not partner.country or company.country == partner.country:
            continue
        link = Link(
            agreement.label, sources.url("followup:agreement", "agreement_pk", agreement.pk)
        )
        for party in (company, partner):
            entry = found.setdefault(
                party.pk, (party, agreement.signed_on, [], agreement.mission_id)
            )
            entry[2].append(link)
            entry[2].extend(agreement.evidence)
    return _organisation_records(sources, found)


def organisations_still_cooperating(sources: Sources) -> list[Record]:
    """Organisations still cooperating across borders 12 months after a mission: each
    company whose 12-month check-in, answered in the period, says the cooperation
    continues, and the partners in other countries of its confirmed agreements from that
    mission (signed by the answer). Each organisation once, the check-in as evidence."""
    from sme2go.followup.models import Agreement, CheckIn

    start, end = _moments(sources.period)
    check_ins = list(
        sources.scoped(CheckIn)
        .filter(
            mission__in=sources.missions(),
            months=CheckIn.Months.TWELVE,
            continues=True,
            answered_at__gte=start,
            answered_at__lt=end,
        )
        .values_list(
            "pk",
            "mission_id",
            "mission__title",
            "answered_at",
            "company_id",
            "company__name",
            "company__kind",
            "company__region_id",
        )
        .order_by("answered_at", "pk")
    )
    partners: dict[tuple[int, int], list] = {}
    agreements = (
        sources.scoped(Agreement.objects.confirmed())
        .filter(
            mission__in={row[1] for row in check_ins},
            company__in={row[4] for row in check_ins},
        )
        .values_list(
            "mission_id",
            "company_id",
            "signed_on",
            "partner_id",
            "partner__name",
            "partner__kind",
            "partner__region_id",
        )
        .order_by("signed_on", "pk")
    )
    for mission_id, company_id, signed_on, *partner in agreements:
        partners.setdefault((mission_id, company_id), []).append((signed_on, partner))
    found: dict[int, tuple] = {}
    for pk, mission_id, title, answered_at, *company_row in check_ins:
        answered = sources.local_date(answered_at)
        org, name, kind, region = company_row
        company = _Party(org, name, kind, sources.country(org, region))
        link = Link(
            str(_("12-month check-in: %(mission)s") % {"mission": title}),
            sources.url("followup:check_in", "checkin_pk", pk),
        )
        parties = [company]
        for signed_on, (p_org, p_name, p_kind, p_region) in partners.get((mission_id, org), ()):
            country = sources.country(p_org, p_region)
            if signed_on <= answered and country and country != company.country:
                parties.append(_Party(p_org, p_name, p_kind, country))
        for party in parties:
            found.setdefault(party.pk, (party, answered, [link], mission_id))
    return _organisation_records(sources, found)


@dataclass(frozen=True)
class LeadRow:
    """A lead as the reports read it."""

    pk: int
    title: str
    stage: str
    stage_label: str
    recorded_on: dt.date
    mission_id: int | None
    company: _Party
    counterpart: _Party


def leads(sources: Sources) -> list[LeadRow]:
    """The programme's leads recorded by the period's end (one query, once per report)."""
    return sources.shared("leads", _load_leads)


def _load_leads(sources: Sources) -> list[LeadRow]:
    from sme2go.followup.models import Lead

    _start, end = _moments(sources.period)
    found = sources.scoped(Lead).filter(programme=sources.programme, created_at__lt=end)
    if sources.mission is not None:
        found = found.filter(mission=sources.mission)
    stages = _labels(Lead.Stage.choices)
    return [
        LeadRow(
            pk=pk,
            title=title,
            stage=stage,
            stage_label=stages.get(stage, stage),
            recorded_on=sources.local_date(created_at),
            mission_id=mission_id,
            company=_Party(company, company_name, "company", sources.country(company)),
            counterpart=_Party(
                counterpart, counterpart_name, kind, sources.country(counterpart, region)
            ),
        )
        for (
            pk,
            title,
            stage,
            created_at,
            mission_id,
            company,
            company_name,
            counterpart,
            counterpart_name,
            kind,
            region,
        ) in found.values_list(
            "pk",
            "title",
            "stage",
            "created_at",
            "mission_id",
            "company_id",
            "company__name",
            "counterpart_id",
            "counterpart__name",
            "counterpart__kind",
            "counterpart__region_id",
        ).order_by("created_at", "pk")
    ]


def leads_recorded(sources: Sources) -> list[Record]:
    """Leads recorded in the period, with their stage now."""
    start = sources.period.start
    return [
        Record(
            key=f"lead-{lead.pk}",
            label=f"{lead.company.name} – {lead.counterpart.name}: {lead.title}",
            on=lead.recorded_on,
            url=sources.url("followup:lead", "lead_pk", lead.pk),
            organisation=lead.company.name,
            organisation_id=lead.company.pk,
            operator=sources.operator(lead.company.pk),
            country=lead.company.country,
            detail=lead.stage_label,
            mission_id=lead.mission_id,
        )
        for lead in leads(sources)
        if lead.recorded_on >= start
    ]


def counterparts_found(sources: Sources) -> list[Record]:
    """Organisations that became a lead's counterpart in the period (a company found
    them to work with), each once, dated by its first lead, not counting lost leads."""
    from sme2go.followup.models import Lead

    start = sources.period.start
    found: dict[int, tuple] = {}
    for lead in leads(sources):
        if lead.recorded_on < start or lead.stage == Lead.Stage.LOST:
            continue
        entry = found.setdefault(
            lead.counterpart.pk, (lead.counterpart, lead.recorded_on, [], lead.mission_id)
        )
        entry[2].append(
            Link(
                f"{lead.company.name}: {lead.title}",
                sources.url("followup:lead", "lead_pk", lead.pk),
            )
        )
    return _organisation_records(sources, found)


def _moments(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period as aware datetimes [start, end) in the server's time zone."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def _count_by(records: Iterable[Record], attribute: str) -> list[tuple[str, int]]:
    counts = Counter(getattr(record, attribute) for record in records)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


RECORD_TYPES: dict[str, RecordType] = {
    record_type.key: record_type
    for record_type in (
        RecordType(
            "companies_supported",
            _("Companies supported"),
            _("companies"),
            _(
                "Companies in the delegation of a mission of the programme that started in "
                "the period; each company once."
            ),
            companies_supported,
        ),
        RecordType(
            "meetings_requested",
            _("B2B meetings requested"),
            _("meeting requests"),
            _(
                "Meeting requests on the programme's missions that started in the period, "
                "not withdrawn."
            ),
            meetings_requested,
        ),
        RecordType(
            "meetings_held",
            _("B2B meetings held"),
            _("meetings"),
            _(
                "Meetings of published schedules that started in the period and took place "
                "(ended without being recorded as not held, or recorded as held)."
            ),
            meetings_held,
        ),
        RecordType(
            "agreements_signed",
            _("Agreements signed (confirmed)"),
            _("agreements"),
            _("Agreements signed in the period that an adviser confirmed from the evidence."),
            agreements_signed,
        ),
        RecordType(
            "organisations_cooperating",
            _("Organisations cooperating across borders"),
            _("organisations"),
            _(
                "Both parties of each confirmed agreement signed in the period whose parties "
                "are in different countries; each organisation once."
            ),
            organisations_cooperating,
        ),
        RecordType(
            "organisations_still_cooperating",
            _("Organisations still cooperating after 12 months"),
            _("organisations"),
            _(
                "Companies whose 12-month check-in, answered in the period, says the "
                "cooperation continues, and their confirmed agreement partners in other "
                "countries from that mission; each organisation once."
            ),
            organisations_still_cooperating,
        ),
        RecordType(
            "leads_recorded",
            _("Leads recorded"),
            _("leads"),
            _("Business leads recorded in the period, whatever their stage now."),
            leads_recorded,
        ),
        RecordType(
            "counterparts_found",
            _("Counterparts found"),
            _("organisations"),
            _(
                "Organisations that became the counterpart of a lead recorded in the period "
                "(lost leads not counted); each organisation once."
            ),
            counterparts_found,
        ),
    )
}


@dataclass
class IndicatorValue:
    """An indicator's value in a period and the records behind it."""

    definition: Any
    records: list[Record] = field(default_factory=list)

    @property
    def value(self) -> int:
        return len(self.records)

    @property
    def by_operator(self) -> list[tuple[str, int]]:
        return _count_by(self.records, "operator")

    @property
    def by_country(self) -> list[tuple[str, int]]:
        return _count_by(self.records, "country")


def indicator_values(definitions: Iterable[Any], sources: Sources) -> list[IndicatorValue]:
    """Each definition's value from ``sources``; definitions sharing a record type share
    one collection. A definition whose type left the registry counts nothing."""
    return [
        IndicatorValue(
            definition,
            sources.records(definition.record_type)
            if definition.record_type in RECORD_TYPES
            else [],
        )
        for definition in definitions
    ]


__all__ = [
    "RECORD_TYPES",
    "IndicatorValue",
    "Link",
    "Period",
    "Record",
    "RecordType",
    "Sources",
    "default_period",
    "indicator_values",
    "six_month_periods",
]
