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


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


# Collectors ------------------------------------------------------------------------------


def _organisation_url(organisation_id: int, kind: str) -> str:
    if kind == "company":
        return reverse("companies:detail", kwargs={"organisation_pk": organisation_id})
    return reverse("organisations:detail", kwargs={"organisation_pk": organisation_id})


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
        entry[3].append(
            Link(str(title), reverse("missions:detail", kwargs={"mission_pk": mission_id}))
        )
    return [
        Record(
            key=f"organisation-{org}",
            label=name,
            on=start,
            url=_organisation_url(org, "company"),
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
    labels = dict(MeetingRequest.Status.choices)
    records = []
    for pk, mission_id, start, requester, requester_name, counterpart, status in rows:
        url = reverse("planning:requests", kwargs={"mission_pk": mission_id})
        records.append(
            Record(
                key=f"meetingrequest-{pk}",
                label=f"{requester_name} → {counterpart}",
                on=start,
                url=f"{url}#request-{pk}",
                organisation=requester_name,
                organisation_id=requester,
                operator=sources.operator(requester),
                country=sources.country(requester),
                detail=str(labels.get(status, status)),
                mission_id=mission_id,
            )
        )
    return records


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
    records = []
    for pk, mission_id, request_id, requester, requester_name, counterpart, starts in rows:
        url = reverse("planning:requests", kwargs={"mission_pk": mission_id})
        records.append(
            Record(
                key=f"meeting-{pk}",
                label=f"{requester_name} – {counterpart}",
                on=local_date(starts),
                url=f"{url}#request-{request_id}",
                organisation=requester_name,
                organisation_id=requester,
                operator=sources.operator(requester),
                country=sources.country(requester),
                mission_id=mission_id,
            )
        )
    return records


def _confirmed_agreements(sources: Sources) -> list[tuple]:
    """The confirmed agreements signed in the period with their parties and evidence
    (two queries, once per report)."""
    return sources.shared("agreements", _load_confirmed_agreements)


def _load_confirmed_agreements(sources: Sources) -> list[tuple]:
    from sme2go.followup.models import Agreement, AgreementEvidence

    agreements = list(
        sources.scoped(Agreement.objects.confirmed())
        .filter(
            programme=sources.programme,
            signed_on__gte=sources.period.start,
            signed_on__lte=sources.period.end,
        )
        .filter(Q(mission__isnull=True) | Q(mission__in=sources.missions()))
        .filter(**({"mission": sources.mission} if sources.mission is not None else {}))
        .select_related("company__region", "partner__region")
        .order_by("signed_on", "pk")
    )
    evidence: dict[int, list[Link]] = {}
    files = AgreementEvidence.objects.filter(agreement__in=[a.pk for a in agreements]).values_list(
        "agreement_id", "pk", "original_name"
    )
    for agreement_id, pk, name in files.order_by("uploaded_at", "pk"):
        evidence.setdefault(agreement_id, []).append(Link(name, evidence_url(pk)))
    return [(agreement, tuple(evidence.get(agreement.pk, ()))) for agreement in agreements]


def evidence_url(evidence_id: int) -> str:
    """Where an agreement's evidence file opens (follow-up's download page)."""
    return reverse("followup:evidence_file", kwargs={"agreementevidence_pk": evidence_id})


def agreement_url(agreement_id: int) -> str:
    return reverse("followup:agreement", kwargs={"agreement_pk": agreement_id})


def agreements_signed(sources: Sources) -> list[Record]:
    """Agreements signed in the period and confirmed by an adviser, dated by signing."""
    records = []
    for agreement, evidence in _confirmed_agreements(sources):
        company = agreement.company
        records.append(
            Record(
                key=f"agreement-{agreement.pk}",
                label=f"{agreement.get_kind_display()}: {company.name} – {agreement.partner.name}",
                on=agreement.signed_on,
                url=agreement_url(agreement.pk),
                organisation=company.name,
                organisation_id=company.pk,
                operator=sources.operator(company.pk),
                country=sources.country(company.pk, company.region_id),
                evidence=evidence,
                detail=agreement.get_category_display(),
                mission_id=agreement.mission_id,
            )
        )
    return records


def _party_countries(sources: Sources, agreement) -> tuple[str, str]:
    return (
        sources.country(agreement.company_id, agreement.company.region_id),
        sources.country(agreement.partner_id, agreement.partner.region_id),
    )


def organisations_cooperating(sources: Sources) -> list[Record]:
    """Organisations that are party to a confirmed agreement signed in the period whose
    two parties are in different countries; each organisation once, dated by its first
    such agreement, with those agreements as evidence."""
    found: dict[int, list] = {}
    for agreement, evidence in _confirmed_agreements(sources):
        countries = _party_countries(sources, agreement)
        if not all(countries) or countries[0] == countries[1]:
            continue
        link = Link(str(agreement), agreement_url(agreement.pk))
        for organisation, country in zip(
            (agreement.company, agreement.partner), countries, strict=True
        ):
            entry = found.setdefault(
                organisation.pk, [organisation, country, agreement.signed_on, [], agreement]
            )
            entry[3].append(link)
            entry[3].extend(evidence)
    return [
        Record(
            key=f"organisation-{pk}",
            label=organisation.name,
            on=on,
            url=_organisation_url(pk, organisation.kind),
            organisation=organisation.name,
            organisation_id=pk,
            operator=sources.operator(pk),
            country=country,
            evidence=tuple(links),
            detail=str(organisation.get_kind_display()),
            mission_id=first.mission_id,
        )
        for pk, (organisation, country, on, links, first) in sorted(
            found.items(), key=lambda item: (item[1][2], item[1][0].name)
        )
    ]


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
        .select_related("company__region", "mission")
        .order_by("answered_at", "pk")
    )
    partners: dict[tuple[int, int], list] = {}
    agreements = (
        sources.scoped(Agreement.objects.confirmed())
        .filter(
            mission__in=[c.mission_id for c in check_ins],
            company__in=[c.company_id for c in check_ins],
        )
        .select_related("partner__region", "company__region")
        .order_by("signed_on", "pk")
    )
    for agreement in agreements:
        partners.setdefault((agreement.mission_id, agreement.company_id), []).append(agreement)
    found: dict[int, Record] = {}
    for check_in in check_ins:
        answered = local_date(check_in.answered_at)
        company = check_in.company
        url = reverse("followup:check_in", kwargs={"checkin_pk": check_in.pk})
        link = Link(
            str(_("12-month check-in: %(mission)s") % {"mission": check_in.mission.title}), url
        )
        company_country = sources.country(company.pk, company.region_id)
        organisations = [(company, company_country)]
        for agreement in partners.get((check_in.mission_id, company.pk), ()):
            country = sources.country(agreement.partner_id, agreement.partner.region_id)
            if agreement.signed_on <= answered and country and country != company_country:
                organisations.append((agreement.partner, country))
        for organisation, country in organisations:
            found.setdefault(
                organisation.pk,
                Record(
                    key=f"organisation-{organisation.pk}",
                    label=organisation.name,
                    on=answered,
                    url=_organisation_url(organisation.pk, organisation.kind),
                    organisation=organisation.name,
                    organisation_id=organisation.pk,
                    operator=sources.operator(organisation.pk),
                    country=country,
                    evidence=(link,),
                    detail=str(organisation.get_kind_display()),
                    mission_id=check_in.mission_id,
                ),
            )
    return list(found.values())


def leads(sources: Sources) -> list:
    """The programme's leads recorded by the period's end (one query, once per report)."""
    return sources.shared("leads", _load_leads)


def _load_leads(sources: Sources) -> list:
    from sme2go.followup.models import Lead

    _start, end = _moments(sources.period)
    found = (
        sources.scoped(Lead)
        .filter(programme=sources.programme, created_at__lt=end)
        .select_related("company", "counterpart__region")
        .order_by("created_at", "pk")
    )
    if sources.mission is not None:
        found = found.filter(mission=sources.mission)
    return list(found)


def leads_recorded(sources: Sources) -> list[Record]:
    """Leads recorded in the period, with their stage now."""
    start = sources.period.start
    return [
        Record(
            key=f"lead-{lead.pk}",
            label=f"{lead.company.name} – {lead.counterpart.name}: {lead.title}",
            on=local_date(lead.created_at),
            url=lead_url(lead.pk),
            organisation=lead.company.name,
            organisation_id=lead.company_id,
            operator=sources.operator(lead.company_id),
            country=sources.country(lead.company_id),
            detail=str(lead.get_stage_display()),
            mission_id=lead.mission_id,
        )
        for lead in leads(sources)
        if local_date(lead.created_at) >= start
    ]


def lead_url(lead_id: int) -> str:
    return reverse("followup:lead", kwargs={"lead_pk": lead_id})


def counterparts_found(sources: Sources) -> list[Record]:
    """Organisations that became a lead's counterpart in the period (a company found
    them to work with), each once, dated by its first lead, not counting lost leads."""
    from sme2go.followup.models import Lead

    start = sources.period.start
    found: dict[int, list] = {}
    for lead in leads(sources):
        if local_date(lead.created_at) < start or lead.stage == Lead.Stage.LOST:
            continue
        entry = found.setdefault(lead.counterpart_id, [lead, []])
        entry[1].append(Link(f"{lead.company.name}: {lead.title}", lead_url(lead.pk)))
    return [
        Record(
            key=f"organisation-{pk}",
            label=lead.counterpart.name,
            on=local_date(lead.created_at),
            url=_organisation_url(pk, lead.counterpart.kind),
            organisation=lead.counterpart.name,
            organisation_id=pk,
            operator=sources.operator(pk),
            country=sources.country(pk, lead.counterpart.region_id),
            evidence=tuple(links),
            detail=str(lead.counterpart.get_kind_display()),
            mission_id=lead.mission_id,
        )
        for pk, (lead, links) in found.items()
    ]


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
