"""Reporting pages: the programme report (page, PDF, CSV, XLSX), the records behind one
indicator, the mission report, and the programme's indicator definitions.

Only operator staff of the programme (and superusers) use them: a company or host user
of the programme gets 404, as for another programme's pages. Thin: counting is in
:mod:`~sme2go.reporting.indicators`, reports in :mod:`~.reports`, files in
:mod:`~.exports`, writes in :mod:`~.domain`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sme2go.core.tenancy import access_for, get_scoped_or_404, scoped
from sme2go.core.views import form_page
from sme2go.missions.models import Mission
from sme2go.programmes.models import Programme
from sme2go.reporting import domain, exports
from sme2go.reporting.forms import IndicatorForm, PeriodForm
from sme2go.reporting.indicators import (
    RECORD_TYPES,
    IndicatorValue,
    Period,
    Sources,
    default_period,
    six_month_periods,
)
from sme2go.reporting.models import IndicatorDefinition
from sme2go.reporting.reports import mission_report, programme_report

# Records listed under each indicator on the report page and in the PDF; every record
# is on the indicator's own records page and in the CSV/XLSX files.
PAGE_RECORDS = 20
PDF_RECORDS = 20
RECORDS_PER_PAGE = 100
# A report asked for without a period that counts nothing tries at most this many
# mission periods (each is a whole report's queries).
MAX_FALLBACKS = 3


def _require_reporter(request: HttpRequest) -> None:
    """Reports are for operator staff: anyone else gets 404, as for a foreign page."""
    access = access_for(request.user)
    if not (access.is_operator or access.is_superuser):
        raise Http404


def _programme(request: HttpRequest, programme_pk: int) -> Programme:
    _require_reporter(request)
    return get_scoped_or_404(Programme, request.user, pk=programme_pk)


def _period(request: HttpRequest, programme: Programme) -> tuple[PeriodForm, Period, bool]:
    """The period asked for (``?start=&end=``), else the current six-month period; and
    whether the request named a bad period (the form then carries the errors)."""
    if "start" not in request.GET and "end" not in request.GET:
        period = default_period(programme)
        return PeriodForm(initial={"start": period.start, "end": period.end}), period, False
    form = PeriodForm(request.GET)
    if form.is_valid():
        return form, form.period, False
    return form, default_period(programme), True


def _query(period: Period) -> str:
    return "?" + urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})


def _filename(programme: Programme, period: Period, extension: str) -> str:
    return f"report-{slugify(programme.name)}-{period.start}-{period.end}.{extension}"


def _download(content: bytes, content_type: str, filename: str, *, inline=False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _mission_periods(request: HttpRequest, programme: Programme) -> list[tuple[Mission, Period]]:
    """The programme's missions, each with the reporting period it started in: the way
    to the period that holds a trip's records when the current one counts nothing yet."""
    missions = scoped(Mission.objects.filter(programme=programme), request.user)
    return [
        (mission, default_period(programme, mission.start_date))
        for mission in missions.order_by("start_date", "pk")
    ]


def _counts_something(report: Any) -> bool:
    return any(item.value for item in report.indicators)


def _nearest_first(periods: set[Period], today: dt.date) -> list[Period]:
    """``periods`` by their distance from ``today`` (past ones by their end, future ones
    by their start), the earlier of two equally near first."""

    def distance(period: Period) -> int:
        if period.end < today:
            return (today - period.end).days
        return max((period.start - today).days, 0)

    return sorted(periods, key=lambda period: (distance(period), period.start))


def _report_context(request: HttpRequest, programme: Programme) -> dict[str, Any]:
    """The report of the period asked for. Asked for none, the current period; when that
    counts nothing (the programme's trip is in another half-year), the nearest period of
    one of its missions that counts something, with ``empty_period`` saying which
    period was passed over, so the page opens on the records and says so."""
    form, period, bad = _period(request, programme)
    access = access_for(request.user)
    report = programme_report(programme, period, access)
    mission_periods = _mission_periods(request, programme)
    empty_period = None
    asked = "start" in request.GET or "end" in request.GET
    if not asked and report.indicators and not _counts_something(report):
        candidates = {p for _mission, p in mission_periods} - {period}
        for candidate in _nearest_first(candidates, timezone.localdate())[:MAX_FALLBACKS]:
            other = programme_report(programme, candidate, access)
            if _counts_something(other):
                empty_period, period, report = period, candidate, other
                form = PeriodForm(initial={"start": period.start, "end": period.end})
                break
    query = _query(period)
    return {
        "programme": programme,
        "report": report,
        "form": form,
        "bad_period": bad,
        "empty_period": empty_period,
        "periods": six_month_periods(programme),
        "mission_periods": mission_periods,
        "query": query,
        "page_records": PAGE_RECORDS,
        "can_change": scoped(Programme, request.user, "change").filter(pk=programme.pk).exists(),
    }


@require_safe
@login_required
def programme_report_page(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    context = _report_context(request, programme)
    return render(
        request, "reporting/report.html", context, status=400 if context["bad_period"] else 200
    )


def _report_file(request: HttpRequest, programme_pk: int, extension: str) -> HttpResponse:
    programme = _programme(request, programme_pk)
    context = _report_context(request, programme)
    if context["bad_period"]:
        return render(request, "reporting/report.html", context, status=400)
    report = context["report"]
    filename = _filename(programme, report.period, extension)
    if extension == "pdf":
        pdf = exports.report_pdf(
            report, base_url=request.build_absolute_uri("/"), limit=PDF_RECORDS
        )
        return _download(pdf, "application/pdf", filename, inline=True)
    if extension == "csv":
        return _download(exports.report_csv(report), "text/csv; charset=utf-8", filename)
    return _download(exports.report_xlsx(report), exports.XLSX, filename)


@require_safe
@login_required
def programme_report_pdf(request: HttpRequest, programme_pk: int) -> HttpResponse:
    return _report_file(request, programme_pk, "pdf")


@require_safe
@login_required
def programme_report_csv(request: HttpRequest, programme_pk: int) -> HttpResponse:
    return _report_file(request, programme_pk, "csv")


@require_safe
@login_required
def programme_report_xlsx(request: HttpRequest, programme_pk: int) -> HttpResponse:
    return _report_file(request, programme_pk, "xlsx")


@require_safe
@login_required
def indicator_records(request: HttpRequest, indicatordefinition_pk: int) -> HttpResponse:
    """Every record behind one indicator in the period, a page at a time."""
    _require_reporter(request)
    definition = get_scoped_or_404(
        IndicatorDefinition.objects.select_related("programme"),
        request.user,
        pk=indicatordefinition_pk,
    )
    programme = definition.programme
    form, period, bad = _period(request, programme)
    sources = Sources(programme, period, access_for(request.user))
    value = IndicatorValue(
        definition,
        sources.records(definition.record_type) if definition.record_type in RECORD_TYPES else [],
    )
    page = Paginator(value.records, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/indicator_records.html",
        {
            "programme": programme,
            "indicator": value,
            "period": period,
            "form": form,
            "page_obj": page,
            "query": _query(period),
        },
        status=400 if bad else 200,
    )


# Mission report --------------------------------------------------------------------------


def _mission(request: HttpRequest, mission_pk: int) -> Mission:
    _require_reporter(request)
    return get_scoped_or_404(
        Mission.objects.select_related("programme"), request.user, pk=mission_pk
    )


@require_safe
@login_required
def mission_report_page(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = _mission(request, mission_pk)
    report = mission_report(mission, access_for(request.user))
    # The programme's reporting period in which the mission took place.
    period = default_period(mission.programme, mission.start_date)
    return render(
        request,
        "reporting/mission_report.html",
        {"mission": mission, "report": report, "period": period, "query": _query(period)},
    )


@require_safe
@login_required
def mission_report_pdf(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = _mission(request, mission_pk)
    report = mission_report(mission, access_for(request.user))
    pdf = exports.mission_pdf(report, base_url=request.build_absolute_uri("/"))
    return _download(
        pdf, "application/pdf", f"mission-report-{slugify(mission.title)}.pdf", inline=True
    )


# Indicator definitions -------------------------------------------------------------------


def _indicators_url(programme: Programme) -> str:
    return reverse("reporting:indicators", kwargs={"programme_pk": programme.pk})


@require_safe
@login_required
def indicator_list(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    definitions = scoped(IndicatorDefinition, request.user).filter(programme=programme)
    return render(
        request,
        "reporting/indicator_list.html",
        {
            "programme": programme,
            "definitions": definitions,
            "record_types": RECORD_TYPES.values(),
            "can_change": scoped(Programme, request.user, "change")
            .filter(pk=programme.pk)
            .exists(),
        },
    )


@login_required
def indicator_create(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    form = IndicatorForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: domain.create_indicator(
            actor=request.user, programme=programme, **form.indicator_fields()
        ),
        success_message=lambda made: _("Indicator %(code)s added.") % {"code": made.code},
        title=_("New indicator of %(programme)s") % {"programme": programme.name},
        back_url=_indicators_url(programme),
    )


@require_POST
@login_required
def indicator_add_ready_made(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme(request, programme_pk)
    added = domain.add_ready_made_indicators(actor=request.user, programme=programme)
    if added:
        messages.success(
            request,
            _("Added %(codes)s.") % {"codes": ", ".join(definition.code for definition in added)},
        )
    else:
        messages.info(request, _("The programme already has every ready-made indicator."))
    return redirect(_indicators_url(programme))


def _definition(request: HttpRequest, indicatordefinition_pk: int) -> IndicatorDefinition:
    _require_reporter(request)
    return get_scoped_or_404(
        IndicatorDefinition.objects.select_related("programme"),
        request.user,
        pk=indicatordefinition_pk,
    )


@login_required
def indicator_edit(request: HttpRequest, indicatordefinition_pk: int) -> HttpResponse:
    definition = _definition(request, indicatordefinition_pk)
    form = IndicatorForm(request.POST or None, instance=definition)
    return form_page(
        request,
        form,
        save=lambda: domain.update_indicator(
            actor=request.user, indicator=definition, **form.indicator_fields()
        ),
        success_message=_("Indicator saved."),
        title=_("Edit indicator %(code)s") % {"code": definition.code},
        back_url=_indicators_url(definition.programme),
        delete_url=reverse(
            "reporting:indicator_delete", kwargs={"indicatordefinition_pk": definition.pk}
        ),
    )


@require_POST
@login_required
def indicator_delete(request: HttpRequest, indicatordefinition_pk: int) -> HttpResponse:
    definition = _definition(request, indicatordefinition_pk)
    programme = definition.programme
    code = definition.code
    domain.delete_indicator(actor=request.user, indicator=definition)
    messages.success(request, _("Indicator %(code)s deleted.") % {"code": code})
    return redirect(_indicators_url(programme))
