"""Reasons: terms, codes with names, sentence pair, constraints, summary, codes-only."""

from __future__ import annotations

from sme2go.matching import CompanyDoc, MatchIndex, NeedDoc


def test_reason_fields_for_a_text_and_code_match(companies):
    need = NeedDoc(
        "n",
        "Sewage works",
        {"description": "Upgrade of the waste water treatment plant. Sludge handling is included."},
        domains=("water",),
        cpv=("90480000",),
        language="en",
    )
    (top, *_) = MatchIndex.build(companies).rank_companies(need)
    r = top.reasons
    assert top.id == "aqua" and top.rank == 1
    assert r.terms[0] == "waste water treatment" and "sludge" in r.terms
    assert [(c.kind, c.code, c.relation) for c in r.codes] == [
        ("domain", "water", "exact"),
        ("cpv", "90481000", "narrower"),
    ]
    assert r.codes[1].name == "Operation of a sewage plant"
    assert r.sentence_pair == (
        "Upgrade of the waste water treatment plant.",
        "We build waste-water treatment plants.",
    )
    assert [(c.name, c.status) for c in r.constraints] == [("language", "passed")]
    assert r.summary.startswith("Kirkasvesi Oy shares the need's wording on ")
    assert "CPV 90481000 Operation of a sewage plant (narrower than 90480000)" in r.summary
    assert not r.codes_only


def test_chinese_only_need_against_english_profiles_rests_on_codes(companies):
    # No word of the need translates to one of the profiles (translated matches: see
    # test_crosslingual.py).
    need = NeedDoc("n", "北欧技术", {"description": "日照市希望引进北欧技术。"}, cpv=("90481000",))
    matches = MatchIndex.build(companies).rank_companies(need)
    assert [m.id for m in matches] == ["aqua"]
    r = matches[0].reasons
    assert r.codes_only and r.terms == () and r.sentence_pair is None
    assert "written only in Chinese" in r.summary and "codes only" in r.summary


def test_empty_need_text_is_answered_from_codes_and_says_so(companies):
    need = NeedDoc("n", "", {"description": ""}, domains=("buildings",))
    matches = MatchIndex.build(companies).rank_companies(need)
    assert [m.id for m in matches] == ["wood"]
    assert matches[0].reasons.codes_only
    assert matches[0].reasons.summary.startswith(
        "The need has no text, so this match rests on its codes alone"
    )


def test_unverified_constraint_is_named_in_summary(companies):
    need = NeedDoc("n", "air quality sensors", language="zh")
    (m,) = [m for m in MatchIndex.build(companies).rank_companies(need) if m.id == "air"]
    assert "check language (zh required; languages not stated)" in m.reasons.summary


def test_match_through_feedback_wording_only_says_so():
    companies = [
        CompanyDoc("a", "Alpha", {"description": "sludge dewatering presses"}),
        CompanyDoc("b", "Beta", {"description": "dewatering presses for mines"}),
        CompanyDoc("c", "Gamma", {"description": "mobile games"}),
    ]
    matches = MatchIndex.build(companies).rank_companies(NeedDoc("n", "sludge"))
    assert [m.id for m in matches] == ["a", "b"]
    r = matches[1].reasons
    assert r.terms == () and not r.codes_only
    assert (
        r.summary == "Beta shares no words with the need but resembles the best-matching profiles."
    )


def test_a_company_code_related_to_several_need_codes_is_named_once():
    company = CompanyDoc(
        "wood",
        "Puutalo Oy",
        {"offering": "Prefabricated timber houses."},
        cpv=("45223810",),
    )
    need = NeedDoc("n", "Treatment plants", cpv=("45252100", "45252127"))
    (m,) = MatchIndex.build([company]).rank_companies(need)
    assert [(c.code, c.need_code, c.relation) for c in m.reasons.codes] == [
        ("45223810", "45252100", "related")
    ]
    assert m.reasons.summary.count("CPV 45223810") == 1


def test_the_company_name_alone_is_never_the_quoted_evidence():
    company = CompanyDoc("chairs", "Istuin Design Oy", {"offering": "Contract chairs for offices."})
    need = NeedDoc("n", "Furniture design partners", {"description": "Design partners wanted."})
    (m,) = MatchIndex.build([company]).rank_companies(need)
    assert m.reasons.sentence_pair is None
