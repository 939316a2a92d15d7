"""The programme report for a period and the mission report, read at the request.

Both are plain data (dataclasses) built from :mod:`sme2go.reporting.indicators` in a
fixed number of queries; the page, the PDF and the CSV/XLSX files render the same object.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sme2go.core.tenancy import Access, scoped
from sme2go.reporting import charts
from sme2go.reporting.indicators import (
    IndicatorValue,
    Period,
    Record,
    Sources,
    indicator_values,
    leads,
)
from sme2go.reporting.models import IndicatorDefinition


@dataclass(frozen=True)
class Chart:
    """A chart's SVG and the same figures as a table (heading row, then rows)."""

    title: str
    svg: Any
    table: list[list[Any]]


@dataclass
class ProgrammeReport:
    programme: Any
    period: Period
    indicators: list[IndicatorValue]
    charts: list[Chart] = field(default_factory=list)
    generated_at: dt.datetime = field(default_factory=timezone.now)


def _month_label(month: dt.date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def _per_month(records: list[Record], months: list[dt.date]) -> tuple[int, ...]:
    counts = Counter(record.on.replace(day=1) for record in records)
    return tuple(counts.get(month, 0) for month in months)


def _charts(sources: Sources) -> list[Chart]:
    from sme2go.followup.models import Lead

    months = sources.period.months
    labels = [_month_label(month) for month in months]
    requested = _per_month(sources.records("meetings_requested"), months)
    held = _per_month(sources.records("meetings_held"), months)
    meetings = charts.bar_chart(
        _("Meetings requested and held per month"),
        labels,
        [charts.Series(_("requested"), requested), charts.Series(_("held"), held)],
    )
    stages = Counter(lead.stage for lead in leads(sources))
    pipeline_rows = [(str(label), stages.get(stage, 0)) for stage, label in Lead.Stage.choices]
    pipeline = charts.horizontal_bars(_("Leads by stage at the end of the period"), pipeline_rows)
    signed = _per_month(sources.records("agreements_signed"), months)
    cumulative, total = [], 0
    for value in signed:
        total += value
        cumulative.append(total)
    agreements = charts.bar_chart(
        _("Confirmed agreements signed per month"),
        labels,
        [
            charts.Series(_("signed in the month"), signed),
            charts.Series(_("in the period so far"), tuple(cumulative)),
        ],
    )
    readiness_rows = _readiness_rows(sources)
    readiness = charts.horizontal_bars(
        _("Export readiness of the companies supported (latest assessment)"), readiness_rows
    )
    return [
        Chart(
            _("Meetings requested and held per month"),
            meetings,
            [
                [_("Month"), _("requested"), _("held")],
                *map(list, zip(labels, requested, held, strict=True)),
            ],
        ),
        Chart(
            _("Leads by stage at the end of the period"),
            pipeline,
            [[_("Stage"), _("Leads")], *map(list, pipeline_rows)],
        ),
        Chart(
            _("Confirmed agreements signed per month"),
            agreements,
            [
                [_("Month"), _("signed in the month"), _("in the period so far")],
                *map(list, zip(labels, signed, cumulative, strict=True)),
            ],
        ),
        Chart(
            _("Export readiness of the companies supported (latest assessment)"),
            readiness,
            [[_("Readiness band"), _("Companies")], *map(list, readiness_rows)],
        ),
    ]


def _readiness_rows(sources: Sources) -> list[tuple[str, int]]:
    """The companies supported in the period by the band of their latest readiness
    assessment (:func:`sme2go.readiness.summary.readiness_for`, one query), and those
    without a scored assessment."""
    from sme2go.readiness.summary import readiness_for

    companies = [record.organisation_id for record in sources.records("companies_supported")]
    summaries = readiness_for(companies, access=sources.access)
    bands = Counter(summary.band_label for summary in summaries.values())
    rows = sorted(bands.items())
    rows.append((_("not assessed"), len(companies) - len(summaries)))
    return rows


def programme_report(programme: Any, period: Period, access: Access) -> ProgrammeReport:
    """Every indicator of ``programme`` in ``period`` with the records behind it, and
    the charts, as ``access`` may read them (the views admit operator staff only)."""
    sources = Sources(programme, period, access)
    definitions = scoped(IndicatorDefinition, access).filter(programme=programme)
    return ProgrammeReport(
        programme=programme,
        period=period,
        indicators=indicator_values(definitions, sources),
        charts=_charts(sources),
    )


@dataclass
class MissionReport:
    """What came of one mission: its companies with their meetings held, leads and
    agreements, the counterparts found and the confirmed agreements."""

    mission: Any
    companies: list[dict[str, Any]]
    meetings_held: list[Record]
    counterparts: list[Record]
    agreements: list[Record]
    #: The last day counted: today, or the mission's last day while it is still ahead.
    until: dt.date | None = None
    generated_at: dt.datetime = field(default_factory=timezone.now)


def mission_report(mission: Any, access: Access) -> MissionReport:
    """The mission's outcomes from its first day until today (agreements and leads of
    the mission, whenever they were signed or recorded)."""
    from sme2go.missions.models import Mission

    period = Period(mission.start_date, max(timezone.localdate(), mission.end_date))
    sources = Sources(mission.programme, period, access, mission=mission)
    held = sources.records("meetings_held")
    agreements = sources.records("agreements_signed")
    counterparts = sources.records("counterparts_found")
    leads = sources.records("leads_recorded")
    companies = list(
        Mission.companies.through.objects.filter(mission=mission)
        .values_list("organisation_id", "organisation__name")
        .order_by("organisation__name")
    )
    per_company: dict[int, Counter] = {}
    for kind, records in (("meetings", held), ("leads", leads), ("agreements", agreements)):
        for record in records:
            per_company.setdefault(record.organisation_id, Counter())[kind] += 1
    return MissionReport(
        mission=mission,
        companies=[
            {
                "pk": pk,
                "name": name,
                "operator": sources.operator(pk),
                "country": sources.country(pk),
                **{
                    kind: per_company.get(pk, Counter())[kind]
                    for kind in ("meetings", "leads", "agreements")
                },
            }
            for pk, name in companies
        ],
        meetings_held=held,
        counterparts=counterparts,
        agreements=agreements,
        until=period.end,
    )
