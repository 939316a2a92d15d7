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
  per group; ``verified`` counts only done items at adviser/document level.
  Unanswered items are not started.
- Blockers: applicable critical and high items not done. Knock-outs: knock-out items
  that surely apply (their rule is true, not unknown) and are not started.
- :func:`back_plan` works the blockers back from the mission's start date.

:func:`compare` compares two waves on the items common to both bank versions.
All scores are floats rounded half-up to one decimal.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from math import lcm
from typing import Any, Literal

from .bank import CRITICALITIES, SCALE, Bank, BankError, Item, Rule

Evidence = Literal["self", "adviser", "document"]
Status = Literal["not_started", "in_progress", "done"]

EVIDENCE_LEVELS: tuple[str, ...] = ("self", "adviser", "document")
STATUSES: tuple[str, ...] = ("not_started", "in_progress", "done")
_VERIFIED = frozenset(("adviser", "document"))
_RANK = {level: rank for rank, level in enumerate(EVIDENCE_LEVELS)}

#: (band code, lowest overall score in the band), lowest band first.
BANDS: tuple[tuple[str, int], ...] = (
    ("not_yet_ready", 0),
    ("developing", 40),
    ("ready_with_gaps", 60),
    ("ready", 80),
)
#: Both axes at or above this are "ready" in the 2×2.
AXIS_CUT = 60
#: A dimension needs at least this share of its applicable items answered, as
#: (numerator, denominator): 3/4.
MIN_ANSWERED = (3, 4)
#: Provisional minimum detectable changes (docs/readiness.md).
MEANINGFUL_DIMENSION_CHANGE = 10


class AnswerError(BankError):
    """An answer that does not fit the bank version it is given against.

    ``code`` is one of :data:`ANSWER_ERRORS`, with ``params`` (plain values) for the
    message in the user's language (``readiness.domain`` words them)."""


#: The codes of :class:`AnswerError`, with the names of their ``params``.
ANSWER_ERRORS: Mapping[str, tuple[str, ...]] = {
    "no_such_item": ("bank", "version"),
    "unknown_evidence": ("value", "allowed"),
    "na_not_allowed": (),
    "na_needs_reason": (),
    "level_not_status": (),
    "outside_scale": ("value", "low", "high"),
    "status_not_level": (),
    "unknown_status": ("value", "allowed"),
}


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


_SCALE = frozenset(SCALE)
_STATUSES = frozenset(STATUSES)
_EVIDENCE = frozenset(EVIDENCE_LEVELS)
_BLOCKING = {"critical": 0, "high": 1}


# Results are immutable values, so equal ones are shared: a cohort repeats the same few
# dimension scores and blockers thousands of times, and building a frozen dataclass
# costs more than scoring the items behind it.
_dimension_score = functools.lru_cache(maxsize=16384, typed=True)(DimensionScore)
_blocker = functools.lru_cache(maxsize=4096, typed=True)(Blocker)
_progress = functools.lru_cache(maxsize=4096, typed=True)(Progress)


def _check(bank: Bank, answers: Mapping[str, Answer]) -> None:
    by_id = bank._by_id
    generic = bank.kind == "generic"
    unknown = answers.keys() - by_id.keys()
    if unknown:
        first = next(i for i in answers if i in unknown)
        _explain(bank, first, None, answers[first])
    # The common case (a plain answer) takes one test per field; _explain finds the fault.
    for item_id, answer in answers.items():
        level = answer.level
        if answer.na or answer.evidence not in _EVIDENCE:
            bad = True
        elif generic:
            bad = answer.status is not None or (
                level is not None and (type(level) is not int or level not in _SCALE)
            )
        else:
            bad = level is not None or (
                answer.status is not None and answer.status not in _STATUSES
            )
        if bad:
            _explain(bank, item_id, by_id[item_id], answer)


def _explain(bank: Bank, item_id: str, item: Item | None, answer: Answer) -> None:
    """Raise the :class:`AnswerError` for an answer the fast check refused."""

    def fail(message: str, field: str, code: str, **params: Any) -> AnswerError:
        return AnswerError(
            bank.path, message, item=str(item_id), field=field, code=code, params=params
        )

    if item is None:
        raise fail(
            f"no such item in {bank.id} version {bank.version}",
            "",
            "no_such_item",
            bank=bank.id,
            version=bank.version,
        )
    if answer.evidence not in _EVIDENCE:
        allowed = ", ".join(EVIDENCE_LEVELS)
        raise fail(
            f"unknown evidence level {answer.evidence!r} (allowed: {allowed})",
            "evidence",
            "unknown_evidence",
            value=str(answer.evidence),
            allowed=allowed,
        )
    if answer.na:
        if not item.allows_na:
            raise fail("this item cannot be N/A", "na", "na_not_allowed")
        if not answer.na_reason.strip():
            raise fail("N/A needs a reason", "na_reason", "na_needs_reason")
        return
    if bank.kind == "generic":
        if answer.status is not None:
            raise fail("a scale item takes a level, not a status", "status", "level_not_status")
        raise fail(
            f"{answer.level!r} is outside the scale {SCALE[0]}-{SCALE[-1]}",
            "level",
            "outside_scale",
            value=str(answer.level),
            low=SCALE[0],
            high=SCALE[-1],
        )
    if answer.level is not None:
        raise fail("a checklist item takes a status, not a level", "level", "status_not_level")
    allowed = ", ".join(STATUSES)
    raise fail(
        f"unknown status {answer.status!r} (allowed: {allowed})",
        "status",
        "unknown_status",
        value=str(answer.status),
        allowed=allowed,
    )


# Scores are exact rationals (numerator, denominator) of plain ints until they are
# rounded once for display, so 56.25 rounds to 56.3 and never to 56.2 by float error.
_Q = tuple[int, int]


def _round(value: _Q | None) -> float | None:
    """Round half up to one decimal (values are never negative)."""
    if value is None:
        return None
    p, q = value
    return ((20 * p + q) // (2 * q)) / 10


def _mean(values: list[_Q | None]) -> _Q | None:
    if not values or None in values:
        return None
    den = lcm(*(q for _, q in values))  # type: ignore[misc]
    return sum(p * (den // q) for p, q in values), den * len(values)  # type: ignore[misc]


def _percent(part: int, whole: int) -> float | None:
    return _round((100 * part, whole)) if whole else None


def score(bank: Bank, answers: Mapping[str, Answer], *, profile: Profile | None = None) -> Result:
    """Score ``answers`` (item id -> :class:`Answer`) against ``bank``.

    ``profile`` feeds the applicability rules (None: everything unknown, so every item
    with a rule applies). Answers to items the profile rules out are ignored. Raises
    :class:`AnswerError` (naming the bank file, item and field) for an item id not in
    this bank version, a level outside the scale, an unknown status or evidence level,
    or an N/A without a reason or on an item that cannot be N/A.
    """
    _check(bank, answers)
    return _score(bank, answers, profile)


def _score(bank: Bank, answers: Mapping[str, Answer], profile: Profile | None) -> Result:
    profile = profile or UNKNOWN_PROFILE
    # Only items with a rule are looked up; every other item applies for certain.
    applicability = {item_id: applies(rule, profile) for item_id, rule in bank._rules}
    if bank.kind == "generic":
        return _score_generic(bank, answers, applicability)
    return _score_market(bank, answers, applicability)


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


def _dimension_value(total: int, found: int, applicable: int) -> _Q | None:
    num, den = MIN_ANSWERED
    if not found or den * found < num * applicable:
        return None
    return 25 * total, found


def _score_generic(
    bank: Bank, answers: Mapping[str, Answer], applicability: Mapping[str, bool | None]
) -> Result:
    dims: list[DimensionScore] = []
    exact: dict[str, tuple[_Q | None, _Q | None]] = {}
    applicable_ids: list[str] = []
    knock_outs: list[str] = []
    for group in bank.groups:
        n = total = found = v_total = v_found = 0
        for item in bank._members[group.id]:
            item_id = item.id
            if applicability and applicability.get(item_id, True) is False:
                continue
            answer = answers.get(item_id)
            if answer is None:
                n += 1
                applicable_ids.append(item_id)
                continue
            if answer.na:
                continue
            n += 1
            applicable_ids.append(item_id)
            level = answer.level
            if level is None:
                continue
            total += level
            found += 1
            if answer.evidence in _VERIFIED:
                v_total += level
                v_found += 1
            if level == 0 and item.knock_out:
                knock_outs.append(item_id)
        if n:
            value = _dimension_value(total, found, n)
            verified_value = _dimension_value(v_total, v_found, n)
            exact[group.id] = (value, verified_value)
            status = "scored" if value is not None else "insufficient"
        else:
            value = verified_value = None
            status = "not_applicable"
        dims.append(
            _dimension_score(
                group.id, group.axis, _round(value), _round(verified_value), found, n, status
            )
        )
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
        knock_outs=tuple(knock_outs),
        weakest=tuple(d.id for d in scored if d.score == low),
        applicable=tuple(applicable_ids),
    )


def _score_market(
    bank: Bank, answers: Mapping[str, Answer], applicability: Mapping[str, bool | None]
) -> Result:
    applicable_ids: list[str] = []
    knock_outs: list[str] = []
    blockers: list[tuple[tuple[int, int, int], Blocker]] = []
    # Per criticality and per group: [applicable, done, verified done, started].
    by_level = {level: [0, 0, 0, 0] for level in CRITICALITIES}
    groups = []
    all_done = all_verified = 0
    for group in bank.groups:
        counts = [0, 0, 0, 0]
        for item in bank._members[group.id]:
            applicable = applicability.get(item.id, True)
            if applicable is False:
                continue
            answer = answers.get(item.id)
            if answer is not None and answer.na:
                continue
            applicable_ids.append(item.id)
            status = (answer.status if answer is not None else None) or "not_started"
            level = by_level[item.criticality]
            counts[0] += 1
            level[0] += 1
            if status == "done":
                verified = answer.evidence in _VERIFIED  # type: ignore[union-attr]
                counts[1] += 1
                level[1] += 1
                all_done += 1
                if verified:
                    counts[2] += 1
                    level[2] += 1
                    all_verified += 1
            else:
                if item.criticality in _BLOCKING:
                    # Sort key: critical first, longest lead time first, then bank order.
                    key = (_BLOCKING[item.criticality], -item.lead_time_days, len(blockers))
                    blocker = _blocker(
                        item.id,
                        item.group,
                        item.criticality,
                        status,
                        item.lead_time_days,
                        applicable is True,
                    )
                    blockers.append((key, blocker))
                if status == "not_started" and item.knock_out and applicable is True:
                    knock_outs.append(item.id)
            if status != "not_started":
                counts[3] += 1
        n = counts[0]
        groups.append(
            _dimension_score(
                group.id,
                "",
                _percent(counts[1], n),
                _percent(counts[2], n),
                counts[3],
                n,
                "scored" if n else "not_applicable",
            )
        )
    progress = tuple(
        _progress(level, c[0], c[1], c[2], _percent(c[1], c[0])) for level, c in by_level.items()
    )
    blockers.sort()
    ordered = tuple(b for _, b in blockers)
    if knock_outs:
        verdict = "knock_out"
    elif any(b.criticality == "critical" for b in ordered):
        verdict = "blocked"
    else:
        verdict = "clear"
    n = len(applicable_ids)
    complete = _percent(all_done, n)
    return Result(
        bank_id=bank.id,
        bank_version=bank.version,
        kind=bank.kind,
        dimensions=tuple(groups),
        axes=(),
        overall=complete,
        verified=_percent(all_verified, n),
        band=None,
        verified_band=None,
        quadrant=None,
        verdict=verdict,
        knock_outs=tuple(knock_outs),
        weakest=(),
        applicable=tuple(applicable_ids),
        complete=complete,
        progress=progress,
        blockers=ordered,
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
        return _RANK[self.evidence_after] > _RANK[self.evidence_before]


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


_item_change = functools.lru_cache(maxsize=16384, typed=True)(ItemChange)


def _value(answer: Answer | None, generic: bool) -> int | str | None:
    """What an item change shows: the level or status, "na", or None (unanswered)."""
    if answer is None:
        return None
    if answer.na:
        return "na"
    return answer.level if generic else answer.status


@functools.lru_cache(maxsize=16384, typed=True)
def _change(name: str, before: float | None, after: float | None, threshold: float) -> ScoreChange:
    if before is None or after is None:
        return ScoreChange(name, before, after, None, False)
    # Both are rounded to tenths: subtract in whole tenths so 91.7 - 75.0 is exactly 16.7.
    delta = (round(after * 10) - round(before * 10)) / 10
    return ScoreChange(name, before, after, delta, abs(delta) >= threshold)


def compare(before: Wave, after: Wave) -> Comparison:
    """Compare two waves of the same bank (versions may differ) on their common items.

    Items are matched by id. Dimension and axis changes are given for the ids present
    in both versions; a change of at least :data:`MEANINGFUL_DIMENSION_CHANGE` points is
    marked meaningful (market modules: any change, since each step is a task done or
    undone). Raises :class:`AnswerError` for invalid answers and
    :class:`BankError` when the waves use different banks.
    """
    if before.bank.id != after.bank.id:
        raise BankError(
            after.bank.path,
            f"cannot compare bank {before.bank.id!r} with bank {after.bank.id!r}",
            code="different_banks",
            params={"before": before.bank.id, "after": after.bank.id},
        )
    _check(before.bank, before.answers)
    _check(after.bank, after.answers)
    common_set = frozenset(before.bank._by_id).intersection(after.bank._by_id)
    common = tuple(i for i in after.bank.item_ids if i in common_set)
    old = _score(before.bank.restricted_to(common_set), before.answers, before.profile)
    new = _score(after.bank.restricted_to(common_set), after.answers, after.profile)
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
        va, vb = _value(a, generic), _value(b, generic)
        delta = vb - va if type(va) is int and type(vb) is int else None
        items.append(
            _item_change(
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
        evidence_upgrades=tuple(
            i
            for i in items
            if i.evidence_before is not None
            and i.evidence_after is not None
            and _RANK[i.evidence_after] > _RANK[i.evidence_before]
        ),
        knock_outs_cleared=tuple(k for k in old.knock_outs if k not in new.knock_outs),
        blockers_cleared=tuple(b.item_id for b in old.blockers if b.item_id not in new_blockers),
        new_blockers=tuple(b.item_id for b in new.blockers if b.item_id not in old_blockers),
    )
