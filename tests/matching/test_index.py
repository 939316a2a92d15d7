"""Index life cycle and ranking behaviour."""

from __future__ import annotations

import dataclasses

import pytest

from sme2go.matching import (
    CompanyDoc,
    EngineConfig,
    MatchIndex,
    NeedDoc,
    NeedIndex,
    NoUsableText,
    rank_needs,
)


def test_text_only_need_ranks_by_text(companies, need):
    matches = MatchIndex.build(companies).rank_companies(need, top_k=5)
    assert matches[0].id == "aqua"
    assert matches[0].score == 1.0 and matches[0].taxonomy_score == 0.0
    assert all(m.score == m.text_score for m in matches)


def test_codes_fuse_with_text(companies, need):
    coded = dataclasses.replace(need, domains=("water",))
    (top,) = MatchIndex.build(companies).rank_companies(coded, top_k=1)
    w = EngineConfig().text_weight
    assert top.id == "aqua" and top.score == pytest.approx(w * 1.0 + (1 - w) * 1.0)


def test_nothing_in_common_returns_nothing(companies):
    assert MatchIndex.build(companies).rank_companies(NeedDoc("n", "quantum chromodynamics")) == []


def test_upsert_and_remove_follow_profile_changes(companies, need):
    index = MatchIndex.build(companies)
    assert index.rank_companies(need)[0].id == "aqua"
    index.remove("aqua")
    assert "aqua" not in index and len(index) == 2
    assert "aqua" not in [m.id for m in index.rank_companies(need)]
    index.upsert(
        CompanyDoc(
            "air", "Airmon OÜ", {"description": "Municipal wastewater treatment plant sensors."}
        )
    )
    assert index.rank_companies(need)[0].id == "air"
    index.upsert(companies[0])
    assert {m.id for m in index.rank_companies(need)[:2]} == {"aqua", "air"}


def test_duplicate_ids_are_refused(companies):
    with pytest.raises(ValueError, match="duplicate id 'aqua'"):
        MatchIndex.build([companies[0], companies[0]])


def test_save_and_load_round_trip(tmp_path, companies, need):
    index = MatchIndex.build(companies)
    path = tmp_path / "companies.idx"
    index.save(path)
    loaded = MatchIndex.load(path)
    assert loaded.get("wood") == companies[1]
    assert loaded.rank_companies(need) == index.rank_companies(need)
    with pytest.raises(ValueError, match="not a NeedIndex"):
        NeedIndex.load(path)


def test_rank_many_in_processes_equals_one_by_one(companies, need):
    index = MatchIndex.build(companies)
    needs = [dataclasses.replace(need, id=f"n{i}") for i in range(10)]
    assert index.rank_many(needs, 3, workers=2) == [index.rank_companies(n, 3) for n in needs]


def test_rank_needs_for_a_company(companies):
    needs = [
        NeedDoc("houses", "Timber houses", {"description": "Wooden houses for an eco-district."}),
        NeedDoc("buses", "Electric buses"),
        NeedDoc("coded", "", domains=("buildings",)),
    ]
    matches = rank_needs(companies[1], needs)
    assert [m.id for m in matches] == ["houses", "coded"]
    assert matches[0].score == 1.0  # the text-only need is ranked on text alone


def test_queries_and_updates_from_several_threads(companies, need):
    import threading

    index = MatchIndex.build(companies)
    errors: list[BaseException] = []

    def update() -> None:
        try:
            for i in range(30):
                index.upsert(CompanyDoc(f"x{i}", "X", {"description": "wastewater sludge"}))
                index.remove(f"x{i - 1}")
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    def query() -> None:
        try:
            for _ in range(30):
                assert index.rank_companies(need, 3)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=update), threading.Thread(target=query)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


@pytest.mark.parametrize(
    ("need", "message"),
    [
        (NeedDoc("n", "?!", {"description": "... --- ***"}),
         "cannot match this text: the need has no words the engine can use (only punctuation, "
         "symbols or numbers) and no codes"),
        (NeedDoc("n", "", {"description": "  "}),
         "cannot match this text: the need has no text and no codes"),
    ],
)  # fmt: skip
def test_a_need_without_usable_text_is_refused_with_a_reason(companies, need, message):
    index = MatchIndex.build(companies)
    assert index.cannot_match(need) == message
    with pytest.raises(NoUsableText, match=r"^cannot match this text: "):
        index.rank_companies(need)


def test_punctuation_with_codes_is_ranked_from_the_codes(companies):
    need = NeedDoc("n", "?!", cpv=("90481000",))
    index = MatchIndex.build(companies)
    assert index.cannot_match(need) is None
    assert [m.id for m in index.rank_companies(need)] == ["aqua"]
