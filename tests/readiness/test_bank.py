"""Item banks: every shipped bank loads, bad bank files fail naming file, item and field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from sme2go.companies.models import CompanyProfile
from sme2go.readiness.bank import (
    BANKS_DIR,
    CRITICALITIES,
    LANGUAGES,
    PROFILE_FIELDS,
    BankError,
    available_banks,
    load_bank,
    market_banks,
)

DATA = Path(__file__).with_name("banks")

SHIPPED = [(ref.id, ref.version) for ref in available_banks()]


@pytest.mark.parametrize(("bank_id", "version"), SHIPPED)
def test_every_shipped_bank_loads_and_is_complete(bank_id, version):
    bank = load_bank(bank_id, version)
    assert bank.id == bank_id and bank.version == version
    for item in bank.items:
        assert item.text.en and item.id in bank
        assert set(item.text.languages) <= set(LANGUAGES)
        if bank.kind == "generic":
            assert len(item.anchors) == 5 and all(a.en for a in item.anchors)
        else:
            assert item.criticality in CRITICALITIES and item.done_when.en
            # The module lists its sources and a note on where the lead time comes from.
            assert item.sources and "lead time" in item.source_note.lower()


# The references of the research note (docs/readiness.md): S1-S39 instruments and
# evaluation, C1-C28 China.
REFERENCES = {f"S{n}" for n in range(1, 40)} | {f"C{n}" for n in range(1, 29)}


@pytest.mark.parametrize(("bank_id", "version"), SHIPPED)
def test_shipped_banks_cite_known_references(bank_id, version):
    bank = load_bank(bank_id, version)
    cited = {source for item in bank.items for source in item.sources}
    assert cited - REFERENCES == set()
    assert all(item.sources for item in bank.items)


def test_shipped_banks_listed():
    assert SHIPPED == [("cn", "1.0"), ("generic", "1.0")]
    refs = {ref.id: ref for ref in available_banks()}
    assert refs["cn"].kind == "market" and refs["cn"].market == "CN" and refs["cn"].latest
    assert refs["generic"].kind == "generic" and refs["generic"].market == ""
    assert [b.id for b in market_banks("cn")] == ["cn"]
    assert market_banks("DE") == ()


def test_generic_index_shape():
    bank = load_bank("generic")
    assert [a.id for a in bank.axes] == ["organisation", "offering"]
    assert [a.group_ids for a in bank.axes] == [("D1", "D2", "D3", "D4"), ("D5", "D6", "D7", "D8")]
    assert len(bank.items) == 36
    assert [i.id for i in bank.items if i.knock_out] == ["D1.2", "D4.1"]
    assert not any(i.allows_na for i in bank.items if i.knock_out)
    item = bank.item("D4.1")
    assert item.group == "D4"
    assert item.anchors[0].en == "We cannot fund market entry at all without revenue from it."
    assert bank.group("D4").title.get("fi") == "Rahoitus ja riskinkantokyky"


def test_china_module_shape():
    bank = load_bank("cn")
    assert [g.id for g in bank.groups] == list("ABCDEFGH")
    assert len(bank.items) == 40
    counts = {c: sum(i.criticality == c for i in bank.items) for c in CRITICALITIES}
    assert counts == {"critical": 14, "high": 22, "normal": 4}
    knock_outs = [i.id for i in bank.items if i.knock_out]
    assert knock_outs == ["CN-A2", "CN-A5", "CN-A6", "CN-A7", "CN-C2", "CN-C6", "CN-D3"]
    assert all(bank.item(i).criticality == "critical" for i in knock_outs)
    assert len(bank.facts) == 19
    ccc = bank.item("CN-A2")
    assert (ccc.criticality, ccc.lead_time_days, ccc.knock_out) == ("critical", 180, True)
    assert ccc.sources == ("C8", "C9")
    # Every title carries Finnish, Swedish and Simplified Chinese; Estonian (and any
    # language without a text) falls back to English.
    assert all({"en", "fi", "sv", "zh-hans"} <= set(i.text.languages) for i in bank.items)
    assert ccc.text.get("zh-hans") == "为目录内产品取得CCC认证"
    assert ccc.text.get("zh_Hans") == ccc.text.get("zh") == "为目录内产品取得CCC认证"
    assert ccc.text.get("fi-FI") == "Hanki CCC-sertifiointi jokaiselle luettelon tuotteelle"
    assert ccc.text.get("et") == ccc.text.get(None) == ccc.text.en
    assert ccc.help.get("fi") == ccc.help.en


def test_rule_fields_are_real_company_profile_fields():
    for name, (shape, choices) in PROFILE_FIELDS.items():
        field = CompanyProfile._meta.get_field(name)
        if choices:
            assert list(choices) == [value for value, _ in field.choices]
        if shape == "list":
            assert field.get_internal_type() == "JSONField" or field.is_relation


def test_unknown_bank_and_version():
    with pytest.raises(BankError, match=r"no bank 'xx' \(have: cn, generic\)"):
        load_bank("xx")
    with pytest.raises(BankError, match=r"no version '9.9' of bank 'cn' \(have: 1.0\)"):
        load_bank("cn", "9.9")


def test_second_market_module_is_data_only():
    """A test directory with a tiny German module: no code knows about it."""
    refs = available_banks(DATA)
    assert [(r.id, r.version, r.latest) for r in refs] == [
        ("de", "1.0", True),
        ("generic", "1.0", False),
        ("generic", "2.0", True),
    ]
    (bank,) = market_banks("DE", DATA)
    assert (bank.market, bank.kind, bank.item_ids) == ("DE", "market", ("DE-1", "DE-2"))
    assert bank.item("DE-2").text.get("fi") == "Nimeä vastuuhenkilö"


# Bad bank files ------------------------------------------------------------------------

GOOD = {
    "id": "xx",
    "version": "1.0",
    "kind": "market",
    "market": "XX",
    "title": {"en": "Test"},
    "facts": [{"id": "radio", "text": "Radio?"}],
    "groups": [
        {
            "id": "A",
            "title": "A",
            "items": [
                {
                    "id": "X-1",
                    "text": "One",
                    "done_when": "Done",
                    "criticality": "high",
                    "lead_time_days": 10,
                    "applies_if": {"fact": "radio"},
                }
            ],
        }
    ],
}
GENERIC = {
    "id": "xx",
    "version": "1.0",
    "kind": "generic",
    "title": "Test",
    "axes": [
        {
            "id": "org",
            "title": "Org",
            "dimensions": [
                {
                    "id": "D1",
                    "title": "D1",
                    "items": [
                        {
                            "id": "D1.1",
                            "text": "One",
                            "anchors": {n: f"level {n}" for n in range(5)},
                        }
                    ],
                }
            ],
        }
    ],
}


def _load(tmp_path: Path, data: dict) -> None:
    folder = tmp_path / "xx"
    folder.mkdir(exist_ok=True)
    (folder / "1.0.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_bank("xx", directory=tmp_path)


def _market_item(data: dict) -> dict:
    return data["groups"][0]["items"][0]


def _generic_item(data: dict) -> dict:
    return data["axes"][0]["dimensions"][0]["items"][0]


def test_good_fixtures_load(tmp_path):
    _load(tmp_path, GOOD)
    other = tmp_path / "g"
    other.mkdir()
    _load(other, GENERIC)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: _market_item(d).update(criticality="urgent"),
            "item X-1: field criticality: unknown criticality 'urgent' "
            "(allowed: critical, high, normal)",
        ),
        (
            lambda d: _market_item(d).update(applies_if={"field": "turnover", "in": ["big"]}),
            "item X-1: field applies_if.field: unknown profile field 'turnover' (allowed: "
            "size_band, home_country, languages, target_markets, excluded_markets, cpv_codes, "
            "domains, certifications)",
        ),
        (
            lambda d: _market_item(d).update(applies_if={"fact": "wifi"}),
            "item X-1: field applies_if.fact: unknown fact 'wifi' (facts: radio)",
        ),
        (
            lambda d: _market_item(d).update(
                applies_if={"any": [{"field": "size_band", "in": ["huge"]}]}
            ),
            "item X-1: field applies_if.any[0].in: 'huge' is not a value of size_band "
            "(allowed: micro, small, medium, large)",
        ),
        (
            lambda d: _market_item(d).update(
                applies_if={"field": "home_country", "has_any": ["FI"]}
            ),
            "item X-1: field applies_if.home_country: a scalar field takes exactly one of in, "
            "got ['has_any']",
        ),
        (
            lambda d: _market_item(d).update(lead_time_days=-3),
            "item X-1: field lead_time_days: expected a whole number of days ≥ 0, got -3",
        ),
        (
            lambda d: _market_item(d).pop("done_when"),
            "item X-1: field done_when: missing",
        ),
        (
            lambda d: _market_item(d).update(txet="typo"),
            "item X-1: field txet: unknown field (typo?)",
        ),
        (
            lambda d: _market_item(d).update(text={"fi": "Yksi"}),
            "item X-1: field text: the English text (en) is required",
        ),
        (
            lambda d: _market_item(d).update(text={"en": "One", "de": "Eins"}),
            "item X-1: field text: unknown language 'de' (allowed: en, fi, sv, et, zh-hans)",
        ),
        (
            lambda d: _market_item(d).update(sources=["see web"]),
            "item X-1: field sources: expected a list of reference ids such as C7",
        ),
        (
            lambda d: d["groups"][0]["items"].append(copy.deepcopy(_market_item(d))),
            "item X-1: field id: duplicate item id 'X-1'",
        ),
        (lambda d: d.update(market="China"), "field market: a market module needs a two-letter"),
        (lambda d: d.update(version="2.0"), "field version: is '2.0' but the file name says '1.0'"),
        (lambda d: d.update(kind="special"), "field kind: unknown kind 'special'"),
    ],
)
def test_bad_market_bank(tmp_path, change, message):
    data = copy.deepcopy(GOOD)
    change(data)
    with pytest.raises(BankError) as raised:
        _load(tmp_path, data)
    assert str(raised.value).startswith(str(tmp_path / "xx" / "1.0.yaml"))
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: _generic_item(d)["anchors"].pop(3),
            "item D1.1: field anchors.3: missing anchor text for this level",
        ),
        (
            lambda d: _generic_item(d)["anchors"].update({5: "beyond"}),
            "item D1.1: field anchors.5: not a level of the 0-4 scale",
        ),
        (
            lambda d: _generic_item(d)["anchors"].update({2: "  "}),
            "item D1.1: field anchors.2: the English text (en) is required",
        ),
        (
            lambda d: _generic_item(d).update(knock_out="yes"),
            "item D1.1: field knock_out: expected true or false, got 'yes'",
        ),
        (
            lambda d: d["axes"].append(copy.deepcopy(d["axes"][0]) | {"id": "off"}),
            "field groups.id: duplicate group or dimension id 'D1'",
        ),
        (lambda d: d.update(facts=[{"id": "a", "text": "A?"}]), "field facts: screening"),
    ],
)
def test_bad_generic_bank(tmp_path, change, message):
    data = copy.deepcopy(GENERIC)
    change(data)
    with pytest.raises(BankError) as raised:
        _load(tmp_path, data)
    assert message in str(raised.value)


def test_invalid_yaml_names_the_file(tmp_path):
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "1.0.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(BankError, match=r"xx/1\.0\.yaml: not valid YAML"):
        load_bank("xx", directory=tmp_path)


def test_banks_dir_is_package_data():
    assert BANKS_DIR.name == "banks" and (BANKS_DIR / "cn" / "1.0.yaml").is_file()
