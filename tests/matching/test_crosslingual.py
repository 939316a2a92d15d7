"""Cross-language matching: Chinese, Finnish, Swedish and Estonian needs against English
profiles and the reverse, the translated terms in the reasons, texts no resource covers,
and missing or corrupt dictionaries."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from sme2go.matching import CompanyDoc, MatchIndex, NeedDoc, NeedIndex, NoUsableText
from sme2go.matching import crosslingual as xl
from sme2go.matching.cli import main
from sme2go.matching.csvio import load_companies, load_needs, load_qrels
from sme2go.matching.evaluate import OkapiBM25, compare, engine_ranker

DATA = Path(__file__).resolve().parents[1] / "data"

ENGLISH = [
    CompanyDoc(
        "aqua",
        "Kirkasvesi Oy",
        {"description": "We design and build wastewater treatment plants and sludge dewatering."},
    ),
    CompanyDoc(
        "wood",
        "Norrlandshus AB",
        {"description": "Prefabricated wooden houses and log homes; timber frame construction."},
    ),
    CompanyDoc(
        "air",
        "Airmon OÜ",
        {"description": "Air quality sensors and emission monitoring for cities."},
    ),
    CompanyDoc(
        "meal",
        "Koulu Catering Oy",
        {"description": "School catering services: meals for primary and secondary schools."},
    ),
    CompanyDoc(
        "lamp",
        "Valo Smart Lighting",
        {"description": "LED street lighting and smart street light control for councils."},
    ),
]


def need(title: str, text: str, **kw) -> NeedDoc:
    return NeedDoc("n", title, {"description": text}, **kw)


@pytest.fixture(scope="module")
def english() -> MatchIndex:
    return MatchIndex.build(ENGLISH)


def ranking(index: MatchIndex, query: NeedDoc) -> list[str]:
    return [m.id for m in index.rank_companies(query)]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("污水处理厂", "日照市计划新建一座污水处理厂，并需要污泥脱水设备。", ["aqua", "wood"]),
        ("木结构房屋", "潍坊市希望引进北欧预制木结构房屋技术。", ["wood"]),
        ("空气质量监测", "城市空气质量监测传感器和排放监测系统。", ["air"]),
        ("学校餐饮服务", "为本市中小学提供学校餐饮服务。", ["meal", "air"]),
        ("智慧路灯", "将旧路灯更换为LED灯具，建设智慧路灯系统。", ["lamp", "aqua", "wood"]),
    ],
)
def test_chinese_needs_rank_english_profiles(english, title, text, expected):
    assert ranking(english, need(title, text)) == expected


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "Jätevedenpuhdistamo",
            "Kaupunki etsii toimittajaa jätevedenpuhdistamon ja lietteen kuivauksen suunnitteluun.",
            ["aqua", "air"],
        ),
        (
            "Kouluruokailu",
            "Kunta hankkii ruokapalvelut kouluille ja päiväkodeille.",
            ["meal", "lamp"],
        ),
        (
            "Trähus",
            "Kommunen söker leverantörer av prefabricerade trähus och timmerhus för bostäder.",
            ["wood", "lamp"],
        ),
        (
            "Gatubelysning",
            "Upphandling av LED-gatubelysning och styrning av belysningen i staden.",
            ["lamp", "air"],
        ),
        (
            "Õhukvaliteet",
            "Linn otsib õhukvaliteedi andureid ning heitmete seire süsteemi.",
            ["air"],
        ),
    ],
)
def test_finnish_swedish_estonian_needs_rank_english_profiles(english, title, text, expected):
    assert ranking(english, need(title, text)) == expected


def test_english_needs_find_profiles_written_in_other_languages():
    index = MatchIndex.build(
        [
            CompanyDoc(
                "fi",
                "Kirkasvesi Oy",
                {"description": "Rakennamme jätevedenpuhdistamoja ja lietteen kuivausta."},
            ),
            CompanyDoc(
                "sv", "Norrlandshus AB", {"description": "Vi bygger prefabricerade trähus."}
            ),
            CompanyDoc("zh", "青岛空气科技", {"description": "城市空气质量监测传感器和排放监测。"}),
        ]
    )
    assert ranking(index, need("Wastewater treatment plant", "For a small town.")) == ["fi"]
    assert ranking(index, need("Wooden houses", "Prefabricated.")) == ["sv"]
    assert ranking(index, need("Air quality monitoring", "Sensors.")) == ["zh"]


def test_an_english_profile_finds_needs_written_in_chinese_and_finnish():
    needs = NeedIndex.build(
        [
            NeedDoc("zh", "污水处理厂", {"description": "新建污水处理厂。"}),
            NeedDoc("fi", "Jätevedenpuhdistamo", {"description": "Kaupunki etsii puhdistamoa."}),
            NeedDoc("sv", "Trähus", {"description": "Kommunen söker trähus."}),
        ]
    )
    assert [m.id for m in needs.rank_needs(ENGLISH[0])] == ["zh", "fi"]


def test_reasons_name_the_translated_terms(english):
    top = english.rank_companies(need("污水处理厂", "日照市需要污水处理厂和污泥脱水设备。"))[0]
    r = top.reasons
    assert r.translations == (
        "污水处理厂 → wastewater treatment plant",
        "污泥脱水 → sludge dewatering",
    )
    assert r.terms == () and not r.codes_only
    assert r.summary == (
        "Kirkasvesi Oy uses the English of the need's wording: "
        "污水处理厂 → wastewater treatment plant, 污泥脱水 → sludge dewatering."
    )


def test_reasons_name_a_profiles_translated_terms_for_an_english_need():
    index = MatchIndex.build(
        [CompanyDoc("sv", "Norrlandshus AB", {"description": "Vi bygger trähus och timmerhus."})]
    )
    r = index.rank_companies(need("Wooden houses and log houses", "Timber."))[0].reasons
    assert r.translations == ("trähus → wooden house", "timmerhus → log house")


def test_a_chinese_word_with_many_senses_keeps_the_ones_profiles_use():
    # 石棉: "Shimian (County)" and "asbestos"; only the second is in the profiles.
    weights = xl.query_terms("石棉", "", 2.0, {"asbesto": 0, "shimian": 1, "survey": 2})
    assert weights == {"asbesto": pytest.approx(2.0 / 1.0 * 0.5), "shimian": pytest.approx(1.0)}
    weights = xl.query_terms("石棉", "", 2.0, {"asbesto": 0, "survey": 2})
    assert weights == {"asbesto": pytest.approx(2.0)}


def test_english_text_is_not_translated():
    assert xl.translate("Wastewater treatment", "We build plants for the city.") == ()
    assert xl.document_terms("Waste", "plants for the city", 2, "english") == []


def test_text_in_a_script_no_resource_covers_cannot_be_matched(english):
    cyrillic = need("Очистка сточных вод", "Город ищет поставщика.")
    message = (
        "cannot match this text: the need is written in Cyrillic script, which no language "
        "resource of the engine covers, and has no codes"
    )
    assert english.cannot_match(cyrillic) == message
    with pytest.raises(NoUsableText, match=r"^cannot match this text: the need is written in"):
        english.rank_companies(cyrillic)
    assert english.cannot_match(need("Καθαρισμός νερού", "")).startswith(
        "cannot match this text: the need is written in Greek script"
    )
    # With codes the need is still ranked, from them.
    coded = need("Очистка сточных вод", "", domains=("water",))
    assert english.cannot_match(coded) is None


@pytest.fixture
def fresh_resources():
    """Clear the loaded dictionaries before and after, so the environment is read again."""

    def clear() -> None:
        for f in (xl.cedict, xl.glossary, xl.chinese_dictionary, xl.translate):
            f.cache_clear()

    clear()
    yield
    clear()


def _eval_args() -> list[str]:
    ted = DATA / "ted-uk-2020"
    return [
        "eval",
        "--companies",
        str(ted / "companies.csv"),
        "--needs",
        str(ted / "needs.csv"),
        "--qrels",
        str(ted / "qrels.csv"),
    ]


def test_a_corrupt_dictionary_stops_match_commands_naming_it(
    tmp_path, monkeypatch, capsys, fresh_resources
):
    bad = tmp_path / "cedict.txt.gz"
    bad.write_bytes(gzip.compress(b"# CC-CEDICT\n\xe4\xb8\xad this is not an entry\n"))
    monkeypatch.setenv("SME2GO_CEDICT", str(bad))
    assert main(_eval_args()) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == (
        f"sme2go match: the CC-CEDICT dictionary ({bad}) is corrupt: line 2 is not a "
        "dictionary entry.\n"
    )


def test_a_truncated_or_unreadable_dictionary_is_refused(tmp_path, monkeypatch, fresh_resources):
    short = tmp_path / "short.txt"
    short.write_text("# CC-CEDICT\n中 中 [zhong1] /middle/\n", encoding="utf-8")
    monkeypatch.setenv("SME2GO_CEDICT", str(short))
    with pytest.raises(xl.LanguageResourceError, match=r"is corrupt: it has only 1 entries"):
        xl.check_resources()
    xl.cedict.cache_clear()
    monkeypatch.setenv("SME2GO_CEDICT", str(tmp_path / "absent.gz"))
    with pytest.raises(xl.LanguageResourceError, match=r"absent.gz\) cannot be read"):
        xl.check_resources()


def test_a_missing_glossary_stops_match_commands_naming_it(
    tmp_path, monkeypatch, capsys, fresh_resources
):
    for lang in ("zh", "fi", "et"):
        (tmp_path / f"{lang}.tsv").write_text("vesi\twater\n", encoding="utf-8")
    monkeypatch.setenv("SME2GO_GLOSSARY_DIR", str(tmp_path))
    assert main(_eval_args()) == 2
    assert capsys.readouterr().err == (
        f"sme2go match: the Swedish-English glossary ({tmp_path / 'sv.tsv'}) is missing.\n"
    )


def test_a_malformed_glossary_line_is_named(tmp_path, monkeypatch, fresh_resources):
    for lang in ("zh", "fi", "sv", "et"):
        (tmp_path / f"{lang}.tsv").write_text("# ok\nvesi\twater\n", encoding="utf-8")
    (tmp_path / "fi.tsv").write_text("# ok\nvesi water\n", encoding="utf-8")
    monkeypatch.setenv("SME2GO_GLOSSARY_DIR", str(tmp_path))
    with pytest.raises(xl.LanguageResourceError) as err:
        xl.check_resources()
    assert str(err.value) == (
        f"the Finnish-English glossary ({tmp_path / 'fi.tsv'}) is corrupt: line 2 is not "
        "'word<TAB>english'."
    )


def test_the_chinese_dev_set_stays_at_its_pinned_figure():
    """The 160 hand-translated TED needs (tests/data/matching-dev-zh) against the English
    profiles: MRR@10 0.154 today, pinned a little below; and at least 0.7x what plain BM25
    reaches with the same needs in English (issue 12's target)."""
    ted = DATA / "ted-uk-2020"
    companies = load_companies(ted / "companies.csv")
    zh = load_needs(DATA / "matching-dev-zh" / "needs.csv")
    originals = {n.id: n for n in load_needs(ted / "needs.csv")}
    qrels, _ = load_qrels(ted / "qrels.csv", set(originals), {c.id for c in companies})
    okapi = OkapiBM25(companies)
    rows = compare(
        zh,
        qrels,
        {
            "engine": engine_ranker(MatchIndex.build(companies)),
            "plain BM25, originals": lambda n, k: okapi.rank(originals[n.id], k),
        },
        "plain BM25, originals",
    )
    engine, reference = rows["engine"], rows["plain BM25, originals"]
    assert engine["needs"] == 160
    assert reference["MRR"] == 0.1521
    assert engine["MRR"] >= 0.145
    assert engine["Hit@10"] >= 0.30
    assert engine["MRR"] >= 0.7 * reference["MRR"]
    assert engine["diff_ci"]["MRR"][0] > -0.7 * reference["MRR"]
