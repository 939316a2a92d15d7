"""Readiness scoring: pure, deterministic functions of a bank, the answers and a profile.

Nothing here touches Django or a database, so the same answers always give the same
:class:`Result`, and a stored snapshot can be re-scored explicitly (docs/readiness.md has
the model and its sources).

Generic bank (the readiness index):

- Dimension score = 25 × mean of the answered applicable items (0-100). An item is
  applicable when its rule does not rule it out and it is not answered N/A. Fewer than
  75 % of the applicable items answered: the dimension has *insufficient data* (score
  None). No applicable item at all: the dimension is *not applicable* and left out.
- Axis score = mean of its dimensions; overall = mean of all dimensions (equal weights).
  Either is None (insufficient data) when any dimension it covers has insufficient data.
- Band of the overall score, rounded to one decimal: 0-39.9 not yet ready, 40-59.9
  developing, 60-79.9 ready with gaps, 80-100 ready (:data:`BANDS`).
- Knock-out: a knock-out item answered 0 sets ``verdict = "knock_out"`` whatever the
  band; ``verdict`` is otherwise the band, or ``"insufficient_data"``.
- Quadrant (2×2 of the two axes, cut at 60): ready / organisation_gap / offering_gap /
  not_ready.
- Verified view: the same computation counting only answers at evidence level
  ``adviser`` or ``document``; other answers count as unanswered.

Market module:

- ``complete`` = 100 × done / applicable items, also per criticality (``progress``) and
  per group; ``verified_complete`` counts only done items at adviser/document level.
  Unanswered items are not started.
- Blockers: applicable critical and high items not done. Knock-outs: knock-out items
  that surely apply (their rule is true, not unknown) and are not started.
- :func:`back_plan` works the blockers back from the mission's start date.

:func:`compare` compares two waves on the items common to both bank versions.
All scores are floats rounded half-up to one decimal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

from .bank import SCALE, Bank, BankError, Item, Rule

Evidence = Literal["self", "adviser", "document"]
Status = Literal["not_started", "in_progress", "done"]

EVIDENCE_LEVELS: tuple[str, ...] = ("self", "adviser", "document")
STATUSES: tuple[str, ...] = ("not_started", "in_progress", "done")
_VERIFIED = frozenset(("adviser", "document"))

#: (band code, lowest overall score in the band), lowest band first.
BANDS: tuple[tuple[str, int], ...] = (
    ("not_yet_ready", 0),
    ("developing", 40),
    ("ready_with_gaps", 60),
    ("ready", 80),
)
#: Both axes at or above this are "ready" in the 2×2.
AXIS_CUT = 60
#: A dimension needs at least this share of its applicable items answered.
MIN_ANSWERED = Fraction(3, 4)
#: Provisional minimum detectable changes (docs/readiness.md).
MEANINGFUL_DIMENSION_CHANGE = 10


class AnswerError(BankError):
    """An answer that does not fit the bank version it is given against."""


@dataclass(frozen=True)
class Answer:
    """One answer. Generic items take ``level`` (0-4), market items ``status``.

    ``na`` marks the item not applicable to this company; it needs ``na_reason`` and is
    refused on items whose ``allows_na`` is false. ``evidence`` says how the answer was
    established: self-declared, confirmed by an adviser, or checked against documents.
    """

    level: int | None = None
    status: Status | None = None
    na: bool = False
    na_reason: str = ""
    evidence: Evidence = "self"


@dataclass(frozen=True)
class Profile:
    """What rules can know about the company; None (or a missing fact) means unknown.

    Field names are those of ``companies.models.CompanyProfile`` (see
    ``bank.PROFILE_FIELDS``); ``facts`` holds the answers to a market module's screening
    questions (fact id -> yes/no).
    """

    size_band: str | None = None
    home_country: str | None = None
    languages: tuple[str, ...] | None = None
    target_markets: tuple[str, ...] | None = None
    excluded_markets: tuple[str, ...] | None = None
    cpv_codes: tuple[str, ...] | None = None
    domains: tuple[str, ...] | None = None
    certifications: tuple[str, ...] | None = None
    facts: Mapping[str, bool] = field(default_factory=dict)


UNKNOWN_PROFILE = Profile()


@dataclass(frozen=True)
class DimensionScore:
    """One dimension (generic) or group (market).

    ``status`` is ``scored``, ``insufficient`` or ``not_applicable``. Generic: ``score``
    0-100 or None, ``answered`` of ``applicable`` items. Market: ``score`` is % done.
    """

    id: str
    axis: str
    score: float | None
    verified: float | None
    answered: int
    applicable: int
    status: str


@dataclass(frozen=True)
class AxisScore:
    id: str
    score: float | None
    verified: float | None


@dataclass(frozen=True)
class Progress:
    """Market module: done of applicable items at one criticality."""

    criticality: str
    applicable: int
    done: int
    verified_done: int
    percent: float | None


@dataclass(frozen=True)
class Blocker:
    """An applicable critical or high item not done. ``certain``: its rule is known true."""

    item_id: str
    group: str
    criticality: str
    status: str
    lead_time_days: int
    certain: bool


@dataclass(frozen=True)
class Result:
    """The score of one set of answers against one bank version.

    Generic banks fill ``dimensions``, ``axes``, ``overall``, ``verified``, ``band``,
    ``verified_band``, ``quadrant`` and ``weakest``; market modules fill ``complete``
    (also in ``overall``), ``verified`` (% done counting verified items only),
    ``progress``, ``dimensions`` (% done per group) and ``blockers``. Both fill ``knock_outs`` (item ids), ``verdict`` (a band
    code, ``knock_out`` or ``insufficient_data``; market: ``knock_out``, ``blocked``
    (open critical items) or ``clear``) and ``applicable`` (item ids).
    """

    bank_id: str
    bank_version: str
    kind: str
    dimensions: tuple[DimensionScore, ...]
    axes: tuple[AxisScore, ...]
    overall: float | None
    verified: float | None
    band: str | None
    verified_band: str | None
    quadrant: str | None
    verdict: str
    knock_outs: tuple[str, ...]
    weakest: tuple[str, ...]
    applicable: tuple[str, ...]
    complete: float | None = None
    progress: tuple[Progress, ...] = ()
    blockers: tuple[Blocker, ...] = ()

    @property
    def insufficient_data(self) -> bool:
        return self.verdict == "insufficient_data"

    def dimension(self, dimension_id: str) -> DimensionScore:
        return next(d for d in self.dimensions if d.id == dimension_id)


def band_for(score: float | None) -> str | None:
    """The band code of an overall score (already rounded), None for None."""
    if score is None:
        return None
    code = BANDS[0][0]
    for name, lowest in BANDS:
        if score >= lowest:
            code = name
    return code


def applies(rule: Rule | None, profile: Profile) -> bool | None:
    """Evaluate an applicability rule: True, False, or None when the profile cannot tell.

    Kleene logic: ``all`` is False if any part is False, ``any`` True if any part is
    True, ``not`` of unknown is unknown. An item applies unless its rule is False.
    """
    if rule is None:
        return True
    op = rule.op
    if op == "all":
        results = [applies(c, profile) for c in rule.children]
        if False in results:
            return False
        return None if None in results else True
    if op == "any":
        results = [applies(c, profile) for c in rule.children]
        if True in results:
            return True
        return None if None in results else False
    if op == "not":
        inner = applies(rule.children[0], profile)
        return None if inner is None else not inner
    if op == "fact":
        return profile.facts.get(rule.name)
    value = getattr(profile, rule.name)
    if value is None:
        return None
    if op == "in":
        return value in rule.values
    if op == "has_any":
        return any(v in rule.values for v in value)
    if op == "prefix_any":
        return any(v.startswith(p) for v in value for p in rule.values)
    if op == "empty":
        return not value
    raise ValueError(f"unknown rule operator {op!r}")


def _check(bank: Bank, answers: Mapping[str, Answer]) -> None:
    for item_id, answer in answers.items():
        item = bank.item(item_id) if item_id in bank else None
        if item is None:
            raise AnswerError(
                bank.path, f"no such item in {bank.id} version {bank.version}", item=str(item_id)
            )
        if answer.evidence not in EVIDENCE_LEVELS:
            raise AnswerError(
                bank.path,
                f"unknown evidence level {answer.evidence!r} (allowed: {', '.join(EVIDENCE_LEVELS)})",
                item=item_id,
                field="evidence",
            )
        if answer.na:
            if not item.allows_na:
                raise AnswerError(bank.path, "this item cannot be N/A", item=item_id, field="na")
            if not answer.na_reason.strip():
                raise AnswerError(bank.path, "N/A needs a reason", item=item_id, field="na_reason")
            continue
        if bank.kind == "generic":
            if answer.status is not None:
                raise AnswerError(
                    bank.path,
                    "a scale item takes a level, not a status",
                    item=item_id,
                    field="status",
                )
            level = answer.level
            if level is not None and (
                isinstance(level, bool) or not isinstance(level, int) or level not in SCALE
            ):
                raise AnswerError(
                    bank.path,
                    f"{level!r} is outside the scale {SCALE[0]}-{SCALE[-1]}",
                    item=item_id,
                    field="level",
                )
        else:
            if answer.level is not None:
                raise AnswerError(
                    bank.path,
                    "a checklist item takes a status, not a level",
                    item=item_id,
                    field="level",
                )
            if answer.status is not None and answer.status not in STATUSES:
                raise AnswerError(
                    bank.path,
                    f"unknown status {answer.status!r} (allowed: {', '.join(STATUSES)})",
                    item=item_id,
                    field="status",
                )


def _round(value: Fraction | None) -> float | None:
    if value is None:
        return None
    quantum = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return float(quantum)


def _mean(values: list[Fraction | None]) -> Fraction | None:
    if not values or any(v is None for v in values):
        return None
    return sum(values, Fraction(0)) / len(values)  # type: ignore[arg-type]


def score(bank: Bank, answers: Mapping[str, Answer], *, profile: Profile | None = None) -> Result:
    """Score ``answers`` (item id -> :class:`Answer`) against ``bank``.

    ``profile`` feeds the applicability rules (None: everything unknown, so every item
    with a rule applies). Answers to items the profile rules out are ignored. Raises
    :class:`AnswerError` (naming the bank file, item and field) for an item id not in
    this bank version, a level outside the scale, an unknown status or evidence level,
    or an N/A without a reason or on an item that cannot be N/A.
    """
    _check(bank, answers)
    profile = profile or UNKNOWN_PROFILE
    applicability = {item.id: applies(item.applies_if, profile) for item in bank.items}
    if bank.kind == "generic":
        return _score_generic(bank, answers, applicability)
    return _score_market(bank, answers, applicability)


def _applicable(
    items: Iterable[Item], answers: Mapping[str, Answer], applicability: Mapping[str, bool | None]
) -> list[Item]:
    return [
        i
        for i in items
        if applicability[i.id] is not False and not (i.id in answers and answers[i.id].na)
    ]


def _dimension(
    group_id: str, axis: str, items: list[Item], answers: Mapping[str, Answer]
) -> tuple[DimensionScore, Fraction | None, Fraction | None]:
    levels, verified = [], []
    for item in items:
        answer = answers.get(item.id)
        if answer is not None and answer.level is not None:
            levels.append(answer.level)
            if answer.evidence in _VERIFIED:
                verified.append(answer.level)
    n = len(items)

    def value(found: list[int]) -> Fraction | None:
        if not found or Fraction(len(found), n) < MIN_ANSWERED:
            return None
        return Fraction(25 * sum(found), len(found))

    exact, exact_verified = (value(levels), value(verified)) if n else (None, None)
    status = "not_applicable" if not n else ("scored" if exact is not None else "insufficient")
    return (
        DimensionScore(
            group_id, axis, _round(exact), _round(exact_verified), len(levels), n, status
        ),
        exact,
        exact_verified,
    )


def _quadrant(organisation: float | None, offering: float | None) -> str | None:
    if organisation is None or offering is None:
        return None
    org_ok, off_ok = organisation >= AXIS_CUT, offering >= AXIS_CUT
    if org_ok and off_ok:
        return "ready"
    if off_ok:
        return "organisation_gap"
    if org_ok:
        return "offering_gap"
    return "not_ready"


def _score_generic(
    bank: Bank, answers: Mapping[str, Answer], applicability: Mapping[str, bool | None]
) -> Result:
    dims: list[DimensionScore] = []
    exact: dict[str, tuple[Fraction | None, Fraction | None]] = {}
    applicable_ids: list[str] = []
    for group in bank.groups:
        items = _applicable(bank.items_of(group.id), answers, applicability)
        applicable_ids.extend(i.id for i in items)
        dim, value, verified = _dimension(group.id, group.axis, items, answers)
        dims.append(dim)
        if dim.status != "not_applicable":
            exact[group.id] = (value, verified)
    axes = []
    for axis in bank.axes:
        parts = [exact[g] for g in axis.group_ids if g in exact]
        axes.append(
            AxisScore(
                axis.id,
                _round(_mean([p[0] for p in parts])),
                _round(_mean([p[1] for p in parts])),
            )
        )
    overall = _round(_mean([v for v, _ in exact.values()]))
    verified = _round(_mean([v for _, v in exact.values()]))
    knock_outs = tuple(
        item_id
        for item_id in applicable_ids
        if bank.item(item_id).knock_out and item_id in answers and answers[item_id].level == 0
    )
    band = band_for(overall)
    if knock_outs:
        verdict = "knock_out"
    elif band is None:
        verdict = "insufficient_data"
    else:
        verdict = band
    scored = [d for d in dims if d.score is not None]
    low = min((d.score for d in scored), default=None)
    quadrant = _quadrant(axes[0].score, axes[1].score) if len(axes) == 2 else None
    return Result(
        bank_id=bank.id,
        bank_version=bank.version,
        kind=bank.kind,
        dimensions=tuple(dims),
        axes=tuple(axes),
        overall=overall,
        verified=verified,
        band=band,
        verified_band=band_for(verified),
        quadrant=quadrant,
        verdict=verdict,
        knock_outs=knock_outs,
        weakest=tuple(d.id for d in scored if d.score == low),
        applicable=tuple(applicable_ids),
    )


def _percent(part: int, whole: int) -> float | None:
    return _round(Fraction(100 * part, whole)) if whole else None


def _score_market(
    bank: Bank, answers: Mapping[str, Answer], applicability: Mapping[str, bool | None]
) -> Result:
    items = _applicable(bank.items, answers, applicability)
    status = {
        i.id: (answers[i.id].status if i.id in answers else None) or "not_started" for i in items
    }
    done = {i.id for i in items if status[i.id] == "done"}
    verified = {i for i in done if answers[i].evidence in _VERIFIED}
    groups = []
    for group in bank.groups:
        members = [i for i in items if i.group == group.id]
        n = len(members)
        groups.append(
            DimensionScore(
                group.id,
                "",
                _percent(sum(i.id in done for i in members), n),
                _percent(sum(i.id in verified for i in members), n),
                sum(status[i.id] != "not_started" for i in members),
                n,
                "scored" if n else "not_applicable",
            )
        )
    progress = []
    for level in ("critical", "high", "normal"):
        members = [i for i in items if i.criticality == level]
        progress.append(
            Progress(
                level,
                len(members),
                sum(i.id in done for i in members),
                sum(i.id in verified for i in members),
                _percent(sum(i.id in done for i in members), len(members)),
            )
        )
    order = {"critical": 0, "high": 1}
    blockers = sorted(
        (
            Blocker(
                i.id,
                i.group,
                i.criticality,
                status[i.id],
                i.lead_time_days,
                applicability[i.id] is True,
            )
            for i in items
            if i.criticality in order and i.id not in done
        ),
        key=lambda b: (order[b.criticality], -b.lead_time_days),
    )
    knock_outs = tuple(
        i.id
        for i in items
        if i.knock_out and applicability[i.id] is True and status[i.id] == "not_started"
    )
    if knock_outs:
        verdict = "knock_out"
    elif any(b.criticality == "critical" for b in blockers):
        verdict = "blocked"
    else:
        verdict = "clear"
    complete = _percent(len(done), len(items))
    return Result(
        bank_id=bank.id,
        bank_version=bank.version,
        kind=bank.kind,
        dimensions=tuple(groups),
        axes=(),
        overall=complete,
        verified=_percent(len(verified), len(items)),
        band=None,
        verified_band=None,
        quadrant=None,
        verdict=verdict,
        knock_outs=knock_outs,
        weakest=(),
        applicable=tuple(i.id for i in items),
        complete=complete,
        progress=tuple(progress),
        blockers=tuple(blockers),
    )


@dataclass(frozen=True)
class PlanStep:
    """One blocker placed on the calendar before a mission.

    ``latest_start`` = mission start − lead time. ``too_late``: not started and the latest
    start is before today, so it cannot be done in time for this mission.
    ``days_left`` = latest start − today (negative when past).
    """

    blocker: Blocker
    latest_start: dt.date
    days_left: int
    too_late: bool


def back_plan(
    blockers: Iterable[Blocker], *, mission_start: dt.date, today: dt.date
) -> tuple[PlanStep, ...]:
    """The blockers as a plan worked back from ``mission_start``, earliest start first.

    Ties keep the order of ``blockers`` (critical before high, longest lead time first).
    """
    steps = []
    for blocker in blockers:
        latest = mission_start - dt.timedelta(days=blocker.lead_time_days)
        steps.append(
            PlanStep(
                blocker,
                latest,
                (latest - today).days,
                blocker.status == "not_started" and latest < today,
            )
        )
    return tuple(sorted(steps, key=lambda s: s.latest_start))


@dataclass(frozen=True)
class Wave:
    """One assessment wave: the bank version it was answered on, the answers, the profile."""

    bank: Bank
    answers: Mapping[str, Answer]
    profile: Profile | None = None


@dataclass(frozen=True)
class ItemChange:
    """One common item in two waves: level (generic) or status (market) and evidence.

    ``change`` is the level difference (generic, both answered) or None.
    """

    item_id: str
    before: int | str | None
    after: int | str | None
    change: int | None
    evidence_before: str | None
    evidence_after: str | None

    @property
    def evidence_upgraded(self) -> bool:
        if self.evidence_before is None or self.evidence_after is None:
            return False
        rank = EVIDENCE_LEVELS.index
        return rank(self.evidence_after) > rank(self.evidence_before)


@dataclass(frozen=True)
class ScoreChange:
    """A dimension, axis or the overall score in two waves (None: not comparable)."""

    id: str
    before: float | None
    after: float | None
    change: float | None
    meaningful: bool


@dataclass(frozen=True)
class Comparison:
    """Two waves of one bank compared on the items common to both versions.

    ``before``/``after`` are the two waves scored on the common items only, so a
    question added or dropped between versions moves no number. ``items`` lists every
    common item; ``evidence_upgrades`` those whose evidence level rose.
    """

    bank_id: str
    before_version: str
    after_version: str
    common: tuple[str, ...]
    only_before: tuple[str, ...]
    only_after: tuple[str, ...]
    before: Result
    after: Result
    overall: ScoreChange
    dimensions: tuple[ScoreChange, ...]
    axes: tuple[ScoreChange, ...]
    items: tuple[ItemChange, ...]
    evidence_upgrades: tuple[ItemChange, ...]
    knock_outs_cleared: tuple[str, ...]
    blockers_cleared: tuple[str, ...]
    new_blockers: tuple[str, ...]


def _change(name: str, before: float | None, after: float | None, threshold: float) -> ScoreChange:
    if before is None or after is None:
        return ScoreChange(name, before, after, None, False)
    delta = _round(Fraction(str(after)) - Fraction(str(before)))
    return ScoreChange(name, before, after, delta, abs(delta) >= threshold)  # type: ignore[arg-type]


def compare(before: Wave, after: Wave) -> Comparison:
    """Compare two waves of the same bank (versions may differ) on their common items.

    Items are matched by id. Dimension and axis changes are given for the ids present
    in both versions; a change of at least :data:`MEANINGFUL_DIMENSION_CHANGE` points is
    marked meaningful. Raises :class:`AnswerError` for invalid answers and
    :class:`BankError` when the waves use different banks.
    """
    if before.bank.id != after.bank.id:
        raise BankError(
            after.bank.path,
            f"cannot compare bank {before.bank.id!r} with bank {after.bank.id!r}",
        )
    _check(before.bank, before.answers)
    _check(after.bank, after.answers)
    common_set = set(before.bank.item_ids) & set(after.bank.item_ids)
    common = tuple(i for i in after.bank.item_ids if i in common_set)
    old = score(
        before.bank.restricted_to(common_set),
        {k: v for k, v in before.answers.items() if k in common_set},
        profile=before.profile,
    )
    new = score(
        after.bank.restricted_to(common_set),
        {k: v for k, v in after.answers.items() if k in common_set},
        profile=after.profile,
    )
    generic = after.bank.kind == "generic"
    threshold = MEANINGFUL_DIMENSION_CHANGE if generic else 0.1
    old_dims = {d.id: d for d in old.dimensions}
    dimensions = tuple(
        _change(d.id, old_dims[d.id].score, d.score, threshold)
        for d in new.dimensions
        if d.id in old_dims
    )
    old_axes = {a.id: a for a in old.axes}
    axes = tuple(
        _change(a.id, old_axes[a.id].score, a.score, threshold)
        for a in new.axes
        if a.id in old_axes
    )
    items = []
    for item_id in common:
        a, b = before.answers.get(item_id), after.answers.get(item_id)

        def value(answer: Answer | None) -> int | str | None:
            if answer is None:
                return None
            if answer.na:
                return "na"
            return answer.level if generic else answer.status

        va, vb = value(a), value(b)
        delta = vb - va if isinstance(va, int) and isinstance(vb, int) else None
        items.append(
            ItemChange(
                item_id,
                va,
                vb,
                delta,
                a.evidence if a else None,
                b.evidence if b else None,
            )
        )
    old_blockers = {b.item_id for b in old.blockers}
    new_blockers = {b.item_id for b in new.blockers}
    return Comparison(
        bank_id=after.bank.id,
        before_version=before.bank.version,
        after_version=after.bank.version,
        common=common,
        only_before=tuple(i for i in before.bank.item_ids if i not in common_set),
        only_after=tuple(i for i in after.bank.item_ids if i not in common_set),
        before=old,
        after=new,
        overall=_change("overall", old.overall, new.overall, threshold),
        dimensions=dimensions,
        axes=axes,
        items=tuple(items),
        evidence_upgrades=tuple(i for i in items if i.evidence_upgraded),
        knock_outs_cleared=tuple(k for k in old.knock_outs if k not in new.knock_outs),
        blockers_cleared=tuple(b.item_id for b in old.blockers if b.item_id not in new_blockers),
        new_blockers=tuple(b.item_id for b in new.blockers if b.item_id not in old_blockers),
    )
