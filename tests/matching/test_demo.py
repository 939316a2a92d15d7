"""The demo story: Rizhao and Weifang needs rank the companies that offer them first."""

from __future__ import annotations

import pytest

from sme2go.matching import MatchIndex, NeedDoc
from sme2go.matching.csvio import load_companies
from tests.matching.conftest import DATA


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return MatchIndex.build(load_companies(DATA / "demo_companies.csv"))


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Waste water", "Municipal waste water treatment plant upgrade for Rizhao.", "aqua"),
        ("Wooden houses", "Wooden house construction for an eco-district.", "wood"),
        ("Food industry", "Food processing lines and packaging for Food Valley factories.", "food"),
        ("Cleantech", "Cleantech: air quality monitoring and emission measurement.", "air"),
        ("污水处理 / sewage treatment", "日照市需要污水处理技术。Sewage treatment plants.", "aqua"),
    ],
)
def test_demo_needs_rank_the_fitting_company_first(index, title, text, expected):
    matches = index.rank_companies(NeedDoc("n", title, {"description": text}), top_k=3)
    assert matches[0].id == expected
    assert matches[0].reasons.terms


def test_rizhao_needs_rank_both_offering_companies_on_top(index):
    need = NeedDoc(
        "rizhao",
        "Rizhao",
        {
            "description": "日照市领导对北欧污水处理和木结构房屋感兴趣。Waste-water treatment and wooden houses."
        },
    )
    assert {m.id for m in index.rank_companies(need, top_k=2)} == {"aqua", "wood"}


def test_companies_that_fit_nothing_are_not_proposed(index):
    need = NeedDoc("n", "Wooden houses", {"description": "Timber house construction."})
    assert not {"games", "law"} & {m.id for m in index.rank_companies(need)}
