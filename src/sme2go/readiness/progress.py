"""Progress between waves: one company's comparison and a programme's or mission's cohort.

Both read stored data only. The comparison scores the two waves' stored answers on the
items common to both bank versions (``scoring.compare``), so an item added or dropped
between versions moves no number; the cohort reads the snapshots' headline columns
(never their JSON), in two queries for any number of companies.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import get_language

from sme2go.organisations.models import Organisation
from sme2go.readiness import scoring
from sme2go.readiness.bank import load_bank
from sme2go.readiness.models import Assessment, ScoreSnapshot
from sme2go.readiness.presentation import band_label
from sme2go.readiness.results import answers_by_bank, scoring_profile
from sme2go.readiness.summary import blocker_title

WAVE_ORDER = {wave: n for n, wave in enumerate(Assessment.Wave.values)}


@dataclass(frozen=True)
class ModuleComparison:
    """One bank's comparison with the names the page shows."""

    title: str
    kind: str
    comparison: scoring.Comparison
    dimension_titles: dict[str, str]
    item_texts: dict[str, str]


def compare_assessments(before: Assessment, after: Assessment) -> list[ModuleComparison]:
    """Every bank the two assessments share, compared on its common items."""
    language = get_language() or "en"
    before_answers = answers_by_bank(before.answers.all())
    after_answers = answers_by_bank(after.answers.all())
    before_versions = before.bank_versions
    compared = []
    for module in after.modules:
        bank_id = module["bank"]
        if bank_id not in before_versions:
            continue
        old = load_bank(bank_id, before_versions[bank_id])
        new = load_bank(bank_id, module["version"])
        comparison = scoring.compare(
            scoring.Wave(old, before_answers.get(bank_id, {}), scoring_profile(before)),
            scoring.Wave(new, after_answers.get(bank_id, {}), scoring_profile(after)),
        )
        compared.append(
            ModuleComparison(
                title=new.title.get(language),
                kind=new.kind,
                comparison=comparison,
                dimension_titles={g.id: g.title.get(language) for g in new.groups}
                | {a.id: a.title.get(language) for a in new.axes},
                item_texts={i.id: i.text.get(language) for i in new.items},
            )
        )
    return compared


@dataclass(frozen=True)
class CohortRow:
    company: Organisation
    first_wave: str
    first_overall: float | None
    latest_assessment_id: int
    latest_wave: str
    latest_overall: float | None
    latest_verified: float | None
    band: str
    change: float | None
    blockers: list[tuple[str, str]]

    @property
    def band_label(self) -> str:
        return band_label(self.band)

    @property
    def first_wave_label(self) -> str:
        return str(Assessment.Wave(self.first_wave).label)

    @property
    def latest_wave_label(self) -> str:
        return str(Assessment.Wave(self.latest_wave).label)


@dataclass(frozen=True)
class Cohort:
    rows: list[CohortRow]
    band_counts: list[tuple[str, str, int]]
    histogram: list[tuple[int, int]]
    median_change: float | None
    with_blockers: list[CohortRow]

    @property
    def histogram_bars(self) -> list[dict[str, float]]:
        """The histogram as SVG bars: 30 units per bin, 100 units for the highest."""
        highest = max((count for _, count in self.histogram), default=0) or 1
        bars = []
        for n, (low, count) in enumerate(self.histogram):
            height = round(100 * count / highest, 1)
            bars.append(
                {
                    "low": low,
                    "count": count,
                    "x": 10 + 30 * n,
                    "middle": 23 + 30 * n,
                    "y": round(120 - height, 1),
                    "height": height,
                    "label_y": round(117 - height, 1),
                }
            )
        return bars


def _latest_per_assessment(snapshots: Iterable[ScoreSnapshot]) -> dict[int, ScoreSnapshot]:
    latest: dict[int, ScoreSnapshot] = {}
    for snapshot in snapshots:  # ordered by taken_at, so the last one wins
        latest[snapshot.assessment_id] = snapshot
    return latest


def build_cohort(assessments: QuerySet[Assessment]) -> Cohort:
    """The cohort of the companies with a scored assessment among ``assessments``.

    Per company: its first wave's score (intake, then before and after the mission) and
    its latest, the change between them, the latest band, verified score and open
    critical blockers. ``histogram`` counts the latest scores in ten-point bins.
    """
    language = get_language() or "en"
    snapshots = (
        ScoreSnapshot.objects.filter(assessment__in=assessments)
        .select_related("assessment__company")
        .defer("result", "modules")
        .order_by("taken_at", "pk")
    )
    titles: dict[tuple[str, str, str], str] = {}

    def title(blocker: dict) -> str:
        # Many companies share the same few blockers: look each title up once.
        key = (blocker["bank"], blocker["version"], blocker["item"])
        if key not in titles:
            titles[key] = blocker_title(*key, language)
        return titles[key]

    per_company: dict[int, list[ScoreSnapshot]] = {}
    for snapshot in _latest_per_assessment(snapshots).values():
        per_company.setdefault(snapshot.assessment.company_id, []).append(snapshot)
    rows = []
    for waves in per_company.values():
        waves.sort(key=lambda s: (WAVE_ORDER[s.assessment.wave], s.taken_at))
        first, latest = waves[0], waves[-1]
        change = (
            round(latest.overall - first.overall, 1)
            if len(waves) > 1 and latest.overall is not None and first.overall is not None
            else None
        )
        rows.append(
            CohortRow(
                company=latest.assessment.company,
                first_wave=first.assessment.wave,
                first_overall=first.overall,
                latest_assessment_id=latest.assessment_id,
                latest_wave=latest.assessment.wave,
                latest_overall=latest.overall,
                latest_verified=latest.verified,
                band=latest.band,
                change=change,
                blockers=[(b["item"], title(b)) for b in latest.open_critical_blockers],
            )
        )
    rows.sort(key=lambda r: r.company.name)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.band] = counts.get(row.band, 0) + 1
    bins = [0] * 10
    for row in rows:
        if row.latest_overall is not None:
            bins[min(int(row.latest_overall // 10), 9)] += 1
    changes = [r.change for r in rows if r.change is not None]
    return Cohort(
        rows=rows,
        band_counts=[(code, band_label(code), counts.get(code, 0)) for code, _ in scoring.BANDS]
        + ([("", band_label(""), counts[""])] if counts.get("") else []),
        histogram=[(n * 10, count) for n, count in enumerate(bins)],
        median_change=round(statistics.median(changes), 1) if changes else None,
        with_blockers=[r for r in rows if r.blockers],
    )
