"""Hard constraints: checked per pair and enforced by both indexes."""

from __future__ import annotations

from sme2go.matching import CompanyDoc, MatchIndex, NeedDoc, NeedIndex
from sme2go.matching.constraints import admissible, check


def _need(**kw) -> NeedDoc:
    return NeedDoc("n", "houses and water treatment and air sensors", **kw)


def test_excluded_home_country(companies):
    need = _need(exclude_countries=("se",))
    wood = companies[1]
    assert not admissible(need, wood)
    assert [c.status for c in check(need, companies[0])] == ["passed"]
    ids = [m.id for m in MatchIndex.build(companies).rank_companies(need)]
    assert "wood" not in ids and "aqua" in ids


def test_required_certification_missing_unverified_and_held(companies):
    need = _need(required_certifications=("ISO 9001",))
    aqua, wood, _ = companies
    assert check(need, aqua)[0].status == "passed"
    assert check(need, wood)[0].status == "unverified"  # states no certifications at all
    other = CompanyDoc("x", "X", {"description": "air"}, certifications=("ISO 14001",))
    assert check(need, other)[0].status == "failed"
    ids = [m.id for m in MatchIndex.build([*companies, other]).rank_companies(need)]
    assert "x" not in ids and {"aqua", "wood"} <= set(ids)


def test_required_language(companies):
    need = _need(language="FI")
    assert check(need, companies[0])[0].detail == "speaks fi"
    assert check(need, companies[1])[0].status == "failed"
    assert check(need, companies[2])[0].status == "unverified"
    ids = [m.id for m in MatchIndex.build(companies).rank_companies(need)]
    assert ids and "wood" not in ids


def test_company_excludes_market(companies):
    need = _need(country="ru")
    assert not admissible(need, companies[1])
    assert "wood" not in [m.id for m in MatchIndex.build(companies).rank_companies(need)]
    # The same rule applies when ranking needs for the company.
    assert NeedIndex.build([need]).rank_needs(companies[1]) == []
    assert [m.id for m in NeedIndex.build([need]).rank_needs(companies[0])] == ["n"]
