"""Scoring: exact scores for hand-made answer sets (worked by hand in the comments)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme2go.readiness.bank import BankError, load_bank
from sme2go.readiness.scoring import (
    Answer,
    AnswerError,
    Blocker,
    Profile,
    Wave,
    applies,
    back_plan,
    band_for,
    compare,
    score,
)

DATA = Path(__file__).with_name("banks")
V1 = load_bank("generic", "1.0", directory=DATA)
V2 = load_bank("generic", "2.0", directory=DATA)
SMALL = Profile(size_band="small")


def levels(**values: int) -> dict[str, Answer]:
    """``levels(D1_1=4)`` -> {"D1.1": Answer(level=4)}."""
    return {k.replace("_", "."): Answer(level=v) for k, v in values.items()}


# D1 = 25 × (4+3+2+1)/4 = 62.5; D2 = 25 × 2 = 50 (D2.2 is for medium and large companies);
# D3 = 25 × 7/2 = 87.5; D4 = 25 × 1/2 = 12.5.
BASE = levels(D1_1=4, D1_2=3, D1_3=2, D1_4=1, D2_1=2, D3_1=3, D3_2=4, D4_1=0, D4_2=1)


def test_full_answer_set():
    result = score(V1, BASE, profile=SMALL)
    assert [(d.id, d.score, d.answered, d.applicable, d.status) for d in result.dimensions] == [
        ("D1", 62.5, 4, 4, "scored"),
        ("D2", 50.0, 1, 1, "scored"),
        ("D3", 87.5, 2, 2, "scored"),
        ("D4", 12.5, 2, 2, "scored"),
    ]
    # Organisation (62.5 + 50) / 2 = 56.25, rounded half up; overall 212.5 / 4 = 53.125.
    assert [(a.id, a.score) for a in result.axes] == [("organisation", 56.3), ("offering", 50.0)]
    assert (result.overall, result.band, result.verdict) == (53.1, "developing", "developing")
    assert (result.quadrant, result.weakest, result.knock_outs) == ("not_ready", ("D4",), ())
    assert "D2.2" not in result.applicable and len(result.applicable) == 9
    # Everything is self-declared: no verified score.
    assert (result.verified, result.verified_band) == (None, None)
    assert result.dimension("D1").verified is None


def test_applicability_follows_the_profile():
    medium = score(V1, {**BASE, "D2.2": Answer(level=4)}, profile=Profile(size_band="medium"))
    assert medium.dimension("D2").score == 75.0  # 25 × (2 + 4) / 2
    # An answer to an item the profile rules out is ignored.
    assert score(V1, {**BASE, "D2.2": Answer(level=4)}, profile=SMALL).dimension("D2").score == 50
    # Unknown size: D2.2 applies and is unanswered, 1 of 2 < 75 %.
    unknown = score(V1, BASE, profile=None)
    assert unknown.dimension("D2").status == "insufficient"
    assert unknown.dimension("D2").score is None
    assert [a.score for a in unknown.axes] == [None, 50.0]
    assert (unknown.overall, unknown.band, unknown.verdict) == (None, None, "insufficient_data")
    assert unknown.insufficient_data and unknown.quadrant is None


def test_not_applicable_answers_leave_the_denominator():
    answers = {**BASE, "D1.4": Answer(na=True, na_reason="No board")}
    result = score(V1, answers, profile=SMALL)
    assert result.dimension("D1").score == 75.0  # 25 × (4+3+2) / 3
    assert result.dimension("D1").applicable == 3
    assert "D1.4" not in result.applicable
    # Every item of D2 N/A: the dimension drops out of the means.
    answers = {**BASE, "D2.1": Answer(na=True, na_reason="Start-up")}
    result = score(V1, answers, profile=SMALL)
    assert result.dimension("D2").status == "not_applicable"
    assert result.axes[0].score == 62.5
    assert result.overall == 54.2  # (62.5 + 87.5 + 12.5) / 3 = 54.1666…


def test_insufficient_data_threshold_is_three_quarters():
    three = {k: v for k, v in BASE.items() if k != "D1.4"}
    assert score(V1, three, profile=SMALL).dimension("D1").score == 75.0  # 3 of 4 is enough
    two = {k: v for k, v in three.items() if k != "D1.3"}
    result = score(V1, two, profile=SMALL)
    assert result.dimension("D1").status == "insufficient"
    assert result.dimension("D1").answered == 2
    assert result.verdict == "insufficient_data"
    assert result.weakest == ("D4",)


def test_knock_out_overrides_the_average():
    answers = {**BASE, "D1.1": Answer(level=0), "D4.1": Answer(level=4)}
    result = score(V1, answers, profile=SMALL)
    # D1 = 25 × 6/4 = 37.5, D4 = 62.5: overall (37.5 + 50 + 87.5 + 62.5) / 4 = 59.375.
    assert (result.overall, result.band) == (59.4, "developing")
    assert (result.verdict, result.knock_outs) == ("knock_out", ("D1.1",))


def test_verified_score_counts_only_adviser_or_document_answers():
    answers = {
        k: Answer(level=a.level, evidence="self" if k == "D1.4" else "adviser")
        for k, a in BASE.items()
    }
    answers["D1.2"] = Answer(level=3, evidence="document")
    result = score(V1, answers, profile=SMALL)
    assert result.overall == 53.1
    # D1 verified = 25 × (4+3+2)/3 = 75; (75 + 50 + 87.5 + 12.5) / 4 = 56.25.
    assert [d.verified for d in result.dimensions] == [75.0, 50.0, 87.5, 12.5]
    assert (result.verified, result.verified_band) == (56.3, "developing")
    assert [a.verified for a in result.axes] == [62.5, 50.0]


def test_bands_and_quadrants():
    assert [band_for(v) for v in (0, 39.9, 40, 59.9, 60, 79.9, 80, 100)] == [
        "not_yet_ready",
        "not_yet_ready",
        "developing",
        "developing",
        "ready_with_gaps",
        "ready_with_gaps",
        "ready",
        "ready",
    ]
    all_four = {i: Answer(level=4) for i in V1.item_ids}
    assert score(V1, all_four, profile=SMALL).quadrant == "ready"
    org_gap = {**all_four, **levels(D1_1=1, D1_2=1, D1_3=1, D1_4=1, D2_1=1)}
    assert score(V1, org_gap, profile=SMALL).quadrant == "organisation_gap"
    off_gap = {**all_four, **levels(D3_1=1, D3_2=1, D4_1=1, D4_2=1)}
    assert score(V1, off_gap, profile=SMALL).quadrant == "offering_gap"


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {"D1.2": Answer(level=5)},
            "item D1.2: field level: 5 is outside the scale 0-4",
        ),
        (
            {"D1.2": Answer(level=-1)},
            "item D1.2: field level: -1 is outside the scale 0-4",
        ),
        ({"D1.2": Answer(level=True)}, "item D1.2: field level: True is outside the scale"),
        ({"D1.5": Answer(level=2)}, "item D1.5: no such item in generic version 1.0"),
        (
            {"D1.1": Answer(na=True, na_reason="n/a")},
            "item D1.1: field na: this item cannot be N/A",
        ),
        ({"D1.2": Answer(na=True)}, "item D1.2: field na_reason: N/A needs a reason"),
        (
            {"D1.2": Answer(level=2, evidence="rumour")},
            "item D1.2: field evidence: unknown evidence level 'rumour' "
            "(allowed: self, adviser, document)",
        ),
        (
            {"D1.2": Answer(status="done")},
            "item D1.2: field status: a scale item takes a level, not a status",
        ),
    ],
)
def test_bad_answers_name_bank_item_and_field(answers, message):
    with pytest.raises(AnswerError) as raised:
        score(V1, answers)
    assert str(raised.value).startswith(f"{V1.path}: {message}")


def test_bad_answers_carry_a_code_and_plain_parameters():
    """The Django layer words them in the user's language from these."""
    with pytest.raises(AnswerError) as raised:
        score(V1, {"D1.2": Answer(level=7)})
    assert (raised.value.code, raised.value.params, raised.value.field) == (
        "outside_scale",
        {"value": "7", "low": 0, "high": 4},
        "level",
    )
    with pytest.raises(AnswerError) as raised:
        score(V1, {"D1.5": Answer(level=2)})
    assert (raised.value.code, raised.value.params) == (
        "no_such_item",
        {"bank": "generic", "version": "1.0"},
    )


def test_bank_version_change():
    # D1.5 exists only in 2.0; D1.4 only in 1.0.
    assert score(V2, levels(D1_5=2)).dimension("D1").answered == 1
    with pytest.raises(AnswerError, match=r"item D1\.4: no such item in generic version 2\.0"):
        score(V2, levels(D1_4=2))


def test_compare_waves_across_bank_versions():
    after = levels(D1_2=4, D1_3=3, D1_5=4, D2_1=3, D3_1=3, D3_2=4, D3_3=0, D4_1=2, D4_2=2)
    after["D1.1"] = Answer(level=4, evidence="adviser")
    comparison = compare(Wave(V1, BASE, SMALL), Wave(V2, after, SMALL))
    assert (comparison.before_version, comparison.after_version) == ("1.0", "2.0")
    assert comparison.common == (
        "D1.1",
        "D1.2",
        "D1.3",
        "D2.1",
        "D2.2",
        "D3.1",
        "D3.2",
        "D4.1",
        "D4.2",
    )
    assert (comparison.only_before, comparison.only_after) == (("D1.4",), ("D1.5", "D3.3"))
    # Before on common items: D1 = 25 × 9/3 = 75 (D1.4 left out); overall 225/4 = 56.25.
    # After: D1 = 25 × 11/3 = 91.67, D2 = 75, D3 = 87.5 (D3.3 = 0 left out), D4 = 50.
    assert [(d.id, d.before, d.after, d.change, d.meaningful) for d in comparison.dimensions] == [
        ("D1", 75.0, 91.7, 16.7, True),
        ("D2", 50.0, 75.0, 25.0, True),
        ("D3", 87.5, 87.5, 0.0, False),
        ("D4", 12.5, 50.0, 37.5, True),
    ]
    assert [(a.id, a.before, a.after, a.change) for a in comparison.axes] == [
        ("organisation", 62.5, 83.3, 20.8),
        ("offering", 50.0, 68.8, 18.8),
    ]
    overall = comparison.overall
    assert (overall.before, overall.after, overall.change) == (56.3, 76.0, 19.7)
    assert (comparison.before.band, comparison.after.band) == ("developing", "ready_with_gaps")
    assert [(i.item_id, i.before, i.after, i.change) for i in comparison.items] == [
        ("D1.1", 4, 4, 0),
        ("D1.2", 3, 4, 1),
        ("D1.3", 2, 3, 1),
        ("D2.1", 2, 3, 1),
        ("D2.2", None, None, None),
        ("D3.1", 3, 3, 0),
        ("D3.2", 4, 4, 0),
        ("D4.1", 0, 2, 2),
        ("D4.2", 1, 2, 1),
    ]
    assert [
        (i.item_id, i.evidence_before, i.evidence_after) for i in comparison.evidence_upgrades
    ] == [("D1.1", "self", "adviser")]
    assert comparison.knock_outs_cleared == ()


def test_compare_refuses_different_banks():
    with pytest.raises(BankError, match="cannot compare bank 'generic' with bank 'cn'"):
        compare(Wave(V1, {}), Wave(load_bank("cn"), {}))


def test_compare_reports_knock_outs_cleared():
    before = {**BASE, "D1.1": Answer(level=0)}
    comparison = compare(Wave(V1, before, SMALL), Wave(V1, BASE, SMALL))
    assert comparison.knock_outs_cleared == ("D1.1",)
    assert (comparison.before.verdict, comparison.after.verdict) == ("knock_out", "developing")


# China module ---------------------------------------------------------------------------

CN = load_bank("cn")
FACTS = {
    "sells_goods": True,
    "ccc_listed": True,
    "has_radio": False,
    "public_network": False,
    "encryption": False,
    "china_data": True,
    "pi_export": False,
    "operates_in_china": False,
    "hosts_in_china": False,
    "public_customers": True,
    "surveillance": False,
    "dual_use_listed": False,
    "intermediary": True,
    "china_entity": False,
    "madrid": False,
    "recent_home_mark": False,
    "patentable": True,
    "exhibits": True,
    "shares_tech": True,
}
SENSORS = Profile(home_country="FI", domains=("mobility",), cpv_codes=(), facts=FACTS)
CN_ANSWERS = {
    "CN-A1": Answer(status="done", evidence="document"),
    "CN-A3": Answer(status="done"),
    "CN-A4": Answer(status="in_progress"),
    "CN-B1": Answer(status="done", evidence="adviser"),
    "CN-B3": Answer(status="done"),
    "CN-E2": Answer(status="done"),
    "CN-F1": Answer(status="done", evidence="adviser"),
    "CN-C4": Answer(na=True, na_reason="Customers are private developers"),
}


def test_china_module_applicability():
    result = score(CN, {}, profile=SENSORS)
    assert result.applicable == (
        *("CN-A1", "CN-A2", "CN-A3", "CN-A4", "CN-A8"),
        *("CN-B1", "CN-B3", "CN-B4", "CN-B6", "CN-B7", "CN-B8"),
        *("CN-C1", "CN-C4", "CN-C5", "CN-D1"),
        *("CN-E1", "CN-E2", "CN-E3", "CN-E4", "CN-E5", "CN-E6"),
        *("CN-F1", "CN-F2", "CN-F3", "CN-G1", "CN-G2", "CN-G3", "CN-H1", "CN-H3"),
    )
    # A Swedish company without smart-city domains: visa instead of visa-free, no pilot item.
    other = Profile(home_country="DE", domains=(), facts=FACTS)
    applicable = score(CN, {}, profile=other).applicable
    assert "CN-H2" in applicable and "CN-H1" not in applicable
    assert "CN-E5" not in applicable and "CN-G2" not in applicable
    # A surveillance CPV code brings in the end-use check even when the fact says no.
    cctv = Profile(cpv_codes=("35125100",), facts={"surveillance": False})
    assert "CN-D2" in score(CN, {}, profile=cctv).applicable


def test_china_module_progress_blockers_and_knock_outs():
    result = score(CN, CN_ANSWERS, profile=SENSORS)
    # 29 applicable, C4 marked N/A: 28. Done 6 -> 600/28 = 21.43; verified 3 -> 10.71.
    assert (result.complete, result.overall, result.verified) == (21.4, 21.4, 10.7)
    assert [
        (p.criticality, p.applicable, p.done, p.verified_done, p.percent) for p in result.progress
    ] == [
        ("critical", 5, 2, 1, 40.0),
        ("high", 19, 4, 2, 21.1),
        ("normal", 4, 0, 0, 0.0),
    ]
    group_a = result.dimension("A")
    assert (group_a.score, group_a.verified, group_a.answered, group_a.applicable) == (
        40.0,
        20.0,
        3,
        5,
    )
    assert result.dimension("D").score == 0.0
    assert (result.verdict, result.knock_outs) == ("knock_out", ("CN-A2",))
    assert [(b.item_id, b.criticality, b.status, b.lead_time_days) for b in result.blockers] == [
        ("CN-A2", "critical", "not_started", 180),
        ("CN-A4", "critical", "in_progress", 30),
        ("CN-D1", "critical", "not_started", 21),
        ("CN-B6", "high", "not_started", 60),
        ("CN-B7", "high", "not_started", 60),
        ("CN-C5", "high", "not_started", 60),
        ("CN-E3", "high", "not_started", 60),
        ("CN-G1", "high", "not_started", 45),
        ("CN-C1", "high", "not_started", 30),
        ("CN-E1", "high", "not_started", 30),
        ("CN-E4", "high", "not_started", 30),
        ("CN-G2", "high", "not_started", 21),
        ("CN-B4", "high", "not_started", 14),
        ("CN-B8", "high", "not_started", 14),
        ("CN-F2", "high", "not_started", 14),
        ("CN-F3", "high", "not_started", 14),
        ("CN-H1", "high", "not_started", 7),
        ("CN-H3", "high", "not_started", 7),
    ]
    assert all(b.certain for b in result.blockers)


def test_unknown_applicability_lists_blockers_but_no_knock_outs():
    result = score(CN, {}, profile=None)
    assert len(result.applicable) == 40  # nothing is ruled out
    assert result.knock_outs == ()
    assert result.verdict == "blocked"
    certain = {b.item_id: b.certain for b in result.blockers}
    assert certain["CN-D1"] is True and certain["CN-A2"] is False
    # Once the CCC check says the product is listed, it becomes a knock-out.
    listed = Profile(facts={"sells_goods": True, "ccc_listed": True})
    assert score(CN, {}, profile=listed).knock_outs == ("CN-A2",)


def test_all_done_is_clear():
    done = {i: Answer(status="done") for i in CN.item_ids}
    result = score(CN, done, profile=SENSORS)
    assert (result.complete, result.verdict, result.blockers) == (100.0, "clear", ())


def test_back_plan_from_the_mission_date():
    result = score(CN, CN_ANSWERS, profile=SENSORS)
    plan = back_plan(
        result.blockers, mission_start=dt.date(2027, 3, 15), today=dt.date(2026, 12, 1)
    )
    rows = [(s.blocker.item_id, s.latest_start, s.days_left, s.too_late) for s in plan]
    assert rows[:4] == [
        ("CN-A2", dt.date(2026, 9, 16), -76, True),  # 180 days: too late for this mission
        ("CN-B6", dt.date(2027, 1, 14), 44, False),
        ("CN-B7", dt.date(2027, 1, 14), 44, False),
        ("CN-C5", dt.date(2027, 1, 14), 44, False),
    ]
    assert ("CN-A4", dt.date(2027, 2, 13), 74, False) in rows  # in progress, not "too late"
    assert rows[-1] == ("CN-H3", dt.date(2027, 3, 8), 97, False)
    assert [r[0] for r in rows if r[3]] == ["CN-A2"]
    # Started but its latest start has passed: still not "too late" (work is under way).
    late = Blocker("X", "A", "critical", "in_progress", 400, True)
    (step,) = back_plan([late], mission_start=dt.date(2027, 1, 1), today=dt.date(2026, 12, 1))
    assert (step.latest_start, step.days_left, step.too_late) == (
        dt.date(2025, 11, 27),
        -369,
        False,
    )


def test_compare_market_waves():
    after = {
        **CN_ANSWERS,
        "CN-A2": Answer(status="done", evidence="document"),
        "CN-A4": Answer(status="done"),
        "CN-D1": Answer(status="done"),
        "CN-B6": Answer(status="done"),
        "CN-B3": Answer(status="done", evidence="adviser"),
    }
    comparison = compare(Wave(CN, CN_ANSWERS, SENSORS), Wave(CN, after, SENSORS))
    assert comparison.blockers_cleared == ("CN-A2", "CN-A4", "CN-D1", "CN-B6")
    assert comparison.new_blockers == ()
    assert comparison.knock_outs_cleared == ("CN-A2",)
    assert [i.item_id for i in comparison.evidence_upgrades] == ["CN-B3"]
    overall = comparison.overall
    assert (overall.before, overall.after, overall.change) == (21.4, 35.7, 14.3)
    assert [(d.id, d.change) for d in comparison.dimensions if d.change] == [
        ("A", 40.0),
        ("B", 16.7),
        ("D", 100.0),
    ]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            Answer(status="finished"),
            "field status: unknown status 'finished' (allowed: not_started, in_progress, done)",
        ),
        (Answer(level=3), "field level: a checklist item takes a status, not a level"),
    ],
)
def test_bad_market_answers(answer, message):
    with pytest.raises(AnswerError, match=re.escape(f"{CN.path}: item CN-A1: {message}")):
        score(CN, {"CN-A1": answer})


def test_second_market_module_scores_as_data():
    de = load_bank("de", directory=DATA)
    result = score(de, {}, profile=Profile(size_band="micro"))
    assert (result.applicable, result.knock_outs, result.complete) == (("DE-1",), ("DE-1",), 0.0)


# Properties -----------------------------------------------------------------------------

LEVEL = st.one_of(st.none(), st.integers(0, 4))
# The machine is shared: no deadline and no "too slow" check, which only measure load.
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANSWER_SETS = st.fixed_dictionaries({i: LEVEL for i in V1.item_ids}).map(
    lambda d: {k: Answer(level=v) for k, v in d.items() if v is not None}
)


@PROPERTY
@given(ANSWER_SETS, st.sampled_from(["micro", "small", "medium", "large"]))
def test_scores_stay_in_range_and_overall_between_dimensions(answers, size):
    result = score(V1, answers, profile=Profile(size_band=size))
    scored = [d.score for d in result.dimensions if d.score is not None]
    assert all(0 <= s <= 100 for s in scored)
    if result.overall is not None:
        assert min(scored) - 0.05 <= result.overall <= max(scored) + 0.05
        assert result.band == band_for(result.overall)
    assert result.verdict in ("knock_out", "insufficient_data") or result.verdict == result.band


@PROPERTY
@given(ANSWER_SETS, st.sampled_from(V1.item_ids))
def test_raising_an_answer_never_lowers_its_dimension(answers, item_id):
    current = answers.get(item_id)
    if current is None or current.level == 4:
        return
    raised = {**answers, item_id: Answer(level=current.level + 1)}
    group = V1.item(item_id).group
    before = score(V1, answers, profile=SMALL).dimension(group).score
    after = score(V1, raised, profile=SMALL).dimension(group).score
    assert before is None or after is None or after >= before


@PROPERTY
@given(ANSWER_SETS)
def test_comparing_a_wave_with_itself_changes_nothing(answers):
    comparison = compare(Wave(V1, answers, SMALL), Wave(V1, answers, SMALL))
    assert comparison.before == comparison.after
    assert all(d.change in (None, 0.0) for d in comparison.dimensions)


def test_applies_is_three_valued():
    rule = CN.item("CN-A2").applies_if
    assert applies(rule, Profile(facts={"sells_goods": False})) is False
    assert applies(rule, Profile(facts={"sells_goods": True})) is None
    assert applies(rule, Profile(facts={"sells_goods": True, "ccc_listed": True})) is True
    negated = CN.item("CN-B4").applies_if
    assert applies(negated, Profile()) is None
    assert applies(negated, Profile(facts={"china_entity": True})) is False


STATUS = st.sampled_from([None, "not_started", "in_progress", "done"])
MARKET_ANSWERS = st.fixed_dictionaries(
    {i: st.tuples(STATUS, st.sampled_from(["self", "adviser", "document"])) for i in CN.item_ids}
).map(lambda d: {k: Answer(status=s, evidence=e) for k, (s, e) in d.items() if s is not None})
FACT_SETS = st.fixed_dictionaries({f.id: st.sampled_from([True, False, None]) for f in CN.facts})


@PROPERTY
@given(MARKET_ANSWERS, FACT_SETS)
def test_market_figures_are_consistent(answers, facts):
    profile = Profile(facts={k: v for k, v in facts.items() if v is not None})
    result = score(CN, answers, profile=profile)
    done = [i for i in result.applicable if i in answers and answers[i].status == "done"]
    assert result.complete == (round(100 * len(done) / len(result.applicable) + 1e-9, 1))
    assert result.verified <= result.complete
    assert sum(p.applicable for p in result.progress) == len(result.applicable)
    assert {b.item_id for b in result.blockers} == {
        i
        for i in result.applicable
        if i not in done and CN.item(i).criticality in ("critical", "high")
    }
    assert set(result.knock_outs) <= {b.item_id for b in result.blockers}
    if result.knock_outs:
        assert result.verdict == "knock_out"
