"""Tokenisation: stemming per language, stopwords, Chinese segmentation, compounds."""

from __future__ import annotations

from sme2go.matching.text import Tokenizer, guess_language, has_cjk, split_sentences


def test_english_stems_and_stopwords():
    toks = Tokenizer().tokenize("The plants are treating the waste waters of 12 towns")
    assert toks == ["plant", "treat", "wast", "water", "town"]


def test_finnish_and_swedish_are_stemmed_with_their_own_stemmer():
    tok = Tokenizer()
    assert guess_language(["me", "rakennamme", "ja", "huollamme", "puhdistamoita"]) == "finnish"
    assert "puhdistamo" in tok.tokenize("Me rakennamme ja huollamme puhdistamoita kunnille")
    assert guess_language(["vi", "bygger", "och", "säljer", "trähus"]) == "swedish"
    assert tok.tokenize("Vi bygger trähusen och trähus") == ["bygg", "trähus", "trähus"]


def test_legal_forms_numbers_and_single_letters_are_dropped():
    assert Tokenizer().tokenize("Kirkasvesi Oy AB 2024 a b x wood") == ["kirkasvesi", "wood"]


def test_chinese_is_segmented_with_sub_words():
    toks = Tokenizer().tokenize("日照市希望引进污水处理技术")
    assert {"日照", "污水", "处理", "污水处理", "技术"} <= set(toks)
    assert "的" not in Tokenizer().tokenize("城市的污水")


def test_mixed_chinese_and_english():
    toks = Tokenizer().tokenize("木结构房屋 wooden houses")
    assert "木结构" in toks and "wooden" in toks and "hous" in toks
    assert has_cjk("abc 水") and not has_cjk("abc")


def test_compounds_join_adjacent_words():
    pairs = dict(Tokenizer().compounds("waste water treatment"))
    assert pairs[Tokenizer().tokenize("wastewater")[0]] == "waste water"


def test_analyze_keeps_surface_forms():
    assert Tokenizer().analyze("Treating houses") == [("treat", "treating"), ("hous", "houses")]


def test_sentences_split_on_latin_and_chinese_punctuation():
    assert split_sentences("One. Two! 三。四；five\nsix") == [
        "One.",
        "Two!",
        "三。",
        "四；",
        "five",
        "six",
    ]


def test_jieba_is_quiet_and_caches_in_a_private_directory(capfd, monkeypatch, tmp_path):
    import logging

    from sme2go.matching import text

    Tokenizer().tokenize("污水处理")
    assert capfd.readouterr() == ("", "")
    assert logging.getLogger("jieba").level == logging.CRITICAL
    monkeypatch.setenv("SME2GO_CACHE_DIR", str(tmp_path / "cache"))
    assert text._jieba_cache_dir() == str(tmp_path / "cache")
    assert (tmp_path / "cache").stat().st_mode & 0o777 == 0o700


def test_other_european_languages_get_their_stemmer_and_stopwords():
    tok = Tokenizer()
    text = (
        "Die Stadt sucht einen Partner für die Behandlung der Abwässer und den Bau von Holzhäusern"
    )
    assert tok.language(text) == "german"
    toks = tok.tokenize(text)
    assert "die" not in toks and "holzhaus" in toks
    assert (
        tok.language("La ville cherche un partenaire pour le traitement des eaux usées") == "french"
    )
    # A title with no stopwords takes the language of its document, passed in.
    assert tok.tokenize("Holzhäuser", "german") == ["holzhaus"]
