"""The latest readiness of many companies at once, for pages and reports of other apps.

:func:`readiness_for` reads each company's most recent :class:`ScoreSnapshot` (the scores
as they were when the assessment was submitted or reviewed; nothing is rescored) in one
query, whatever the number of companies. The dossiers (F2) and the indicator reports (F3)
use it, and so do the company page and the match lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import get_language

from sme2go.core.tenancy import scoped
from sme2go.organisations.models import Organisation
from sme2go.readiness.bank import BankError, load_bank
from sme2go.readiness.models import Assessment, ScoreSnapshot


@dataclass(frozen=True)
class Summary:
    """One company's latest scored readiness.

    ``band`` is the band code of :mod:`sme2go.readiness.scoring` (``band_label`` in the
    reader's language); ``overall`` and ``verified`` are 0-100 or ``None`` when there was
    too little data. ``open_critical_blockers`` lists ``(item id, title)`` of every
    critical market-module item not started; ``blockers_by_market`` the same per market
    code (``"CN"``), for a need in that market.
    """

    company_id: int
    assessment_id: int
    wave: str
    band: str
    overall: float | None
    verified: float | None
    assessed_on: dt.date
    open_critical_blockers: tuple[tuple[str, str], ...]
    blockers_by_market: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @property
    def band_label(self) -> str:
        from sme2go.readiness.presentation import band_label

        return band_label(self.band)

    @property
    def wave_label(self) -> str:
        return str(Assessment.Wave(self.wave).label)

    def blockers_for(self, market: str | None) -> tuple[tuple[str, str], ...]:
        """The open critical blockers of the market module for ``market`` (none if the
        company was not assessed for that market)."""
        return self.blockers_by_market.get((market or "").upper(), ())


def blocker_title(bank_id: str, version: str, item_id: str, language: str | None = None) -> str:
    """An item's text in ``language`` (default: the active one) from the bank version the
    snapshot used; the id itself if that version is no longer shipped."""
    try:
        return load_bank(bank_id, version).item(item_id).text.get(language or get_language())
    except BankError:
        return item_id


def company_ids(companies: Iterable[Any] | QuerySet) -> list[int] | QuerySet:
    """Ids of ``companies`` (organisations or ids); a queryset (of organisations, or
    ``values("company")`` of ids) is kept as a subquery."""
    if isinstance(companies, QuerySet):
        return companies
    return [c if isinstance(c, int) else c.pk for c in companies]


def latest_snapshots(companies: Iterable[Any], *, access: Any = None):
    """The most recent snapshot per company (a queryset of one query), as far as
    ``access`` (an ``Access`` or a user; ``None`` = the system) may see the assessments."""
    assessments = Assessment.objects.filter(company__in=company_ids(companies))
    if access is not None:
        assessments = scoped(assessments, access)
    return (
        ScoreSnapshot.objects.filter(assessment__in=assessments)
        .annotate(
            latest=Window(
                RowNumber(),
                partition_by=[F("assessment__company")],
                order_by=[F("taken_at").desc(), F("pk").desc()],
            )
        )
        .filter(latest=1)
        .select_related("assessment")
    )


def summary_of(snapshot: ScoreSnapshot, language: str | None = None) -> Summary:
    by_market: dict[str, list[tuple[str, str]]] = {}
    for blocker in snapshot.open_critical_blockers:
        title = blocker_title(blocker["bank"], blocker["version"], blocker["item"], language)
        by_market.setdefault(blocker["market"], []).append((blocker["item"], title))
    return Summary(
        company_id=snapshot.assessment.company_id,
        assessment_id=snapshot.assessment_id,
        wave=snapshot.assessment.wave,
        band=snapshot.band,
        overall=snapshot.overall,
        verified=snapshot.verified,
        assessed_on=timezone.localdate(snapshot.taken_at),
        open_critical_blockers=tuple(b for blockers in by_market.values() for b in blockers),
        blockers_by_market={market: tuple(b) for market, b in by_market.items()},
    )


def readiness_for(
    companies: Iterable[Organisation | int] | QuerySet, *, access: Any = None
) -> dict[int, Summary]:
    """``{company id: Summary}`` for the ``companies`` (organisations, ids, or a queryset
    of either) that have a scored assessment ``access`` may see (``None``: every
    assessment, for system work).

    One query for any number of companies; titles are in the active language.
    """
    ids = company_ids(companies)
    if isinstance(ids, list) and not ids:
        return {}
    language = get_language()
    return {
        snapshot.assessment.company_id: summary_of(snapshot, language)
        for snapshot in latest_snapshots(ids, access=access)
    }
