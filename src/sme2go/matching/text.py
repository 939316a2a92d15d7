"""Tokenisation for matching: English, Finnish, Swedish and Chinese.

Latin-script text is lower-cased, split on non-word characters, stripped of stopwords and
stemmed with the Snowball stemmer of its language (PyStemmer, the stemmer bm25s
recommends). The language of a text is guessed from which stopword list it hits most,
because profiles rarely say which language they are in; English is the default. Chinese
runs are segmented with jieba's bundled dictionary in search mode, which also emits the
shorter words inside long compounds (污水处理厂 -> 污水, 处理, 污水处理, 处理厂, ...), so a
need and a profile meet even when one uses the longer compound.

jieba is loaded only when Chinese text is seen. Its prefix-dictionary cache goes to a
private per-user directory (never a shared temp file that another user could plant), and
its logger is silenced so nothing reaches stdout or stderr.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import tempfile
import threading
import unicodedata
from functools import cache
from pathlib import Path

import Stemmer

_EN_STOP = set(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "etc",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "here",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "may",
        "more",
        "most",
        "must",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "per",
        "same",
        "shall",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "upon",
        "via",
        "was",
        "we",
        "well",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "you",
        "your",
        "e",
        "g",
        "ie",
        "eg",
        "incl",
        "including",
        "include",
        "includes",
        "new",
        "use",
        "used",
        "using",
        "provide",
        "provides",
        "provided",
        "providing",
        "based",
        "also",
        "one",
        "two",
        "three",
    ]
)
_FI_STOP = set(
    [
        "ja",
        "on",
        "ei",
        "se",
        "että",
        "tai",
        "kuin",
        "myös",
        "sekä",
        "jos",
        "kun",
        "niin",
        "mutta",
        "ovat",
        "oli",
        "ole",
        "olla",
        "ollut",
        "joka",
        "jotka",
        "mikä",
        "mitkä",
        "tämä",
        "tämän",
        "nämä",
        "ne",
        "sen",
        "siitä",
        "siihen",
        "sitä",
        "hän",
        "he",
        "me",
        "te",
        "minä",
        "sinä",
        "kanssa",
        "mukaan",
        "vain",
        "jo",
        "vielä",
        "kaikki",
        "kaikkien",
        "sekä",
        "eri",
        "kautta",
        "ilman",
        "yli",
        "alle",
        "noin",
        "esim",
        "mm",
        "eli",
        "koska",
        "jotta",
        "voi",
        "voidaan",
        "tulee",
        "myös",
    ]
)
_SV_STOP = set(
    [
        "och",
        "att",
        "det",
        "som",
        "en",
        "ett",
        "är",
        "av",
        "för",
        "på",
        "med",
        "till",
        "den",
        "de",
        "om",
        "inte",
        "har",
        "har",
        "hade",
        "men",
        "eller",
        "så",
        "från",
        "vid",
        "kan",
        "ska",
        "skall",
        "också",
        "även",
        "samt",
        "sina",
        "sin",
        "sitt",
        "våra",
        "vår",
        "vi",
        "ni",
        "jag",
        "du",
        "han",
        "hon",
        "dem",
        "denna",
        "detta",
        "dessa",
        "där",
        "när",
        "hur",
        "vilka",
        "vilket",
        "under",
        "över",
        "efter",
        "inom",
        "utan",
        "genom",
        "mellan",
        "mot",
        "bland",
        "bl",
        "a",
        "t",
        "ex",
    ]
)
# Legal forms say nothing about what a company does.
_LEGAL = set(
    ["oy", "oyj", "ab", "ltd", "as", "oü", "ou", "gmbh", "inc", "llc", "plc", "co", "corp", "sa"]
)
_ZH_STOP = set(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "是",
        "对",
        "为",
        "等",
        "将",
        "把",
        "被",
        "从",
        "以",
        "之",
        "其",
        "中",
        "上",
        "下",
        "并",
        "也",
        "有",
        "我们",
        "我",
        "你",
        "他",
        "她",
        "它",
        "这",
        "那",
        "这些",
        "那些",
        "一个",
        "进行",
        "提供",
        "相关",
        "包括",
        "以及",
        "通过",
        "可以",
        "需要",
        "希望",
        "各类",
    ]
)
STOPWORDS: frozenset[str] = frozenset(_EN_STOP | _FI_STOP | _SV_STOP | _ZH_STOP | _LEGAL)

_LANG_STOP = {"english": _EN_STOP, "finnish": _FI_STOP, "swedish": _SV_STOP}

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[a-zà-öø-ÿ]", re.IGNORECASE)
_SENT_RE = re.compile(r"(?<=[.!?;。！？；])\s*|\n+")

_jieba_lock = threading.Lock()


def _jieba_cache_dir() -> str:
    """Return a private, writable directory for jieba's cache (created if needed)."""
    base = os.environ.get("SME2GO_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "sme2go"
    )
    try:
        os.makedirs(base, mode=0o700, exist_ok=True)
        if os.access(base, os.W_OK):
            return base
    except OSError:
        pass
    return tempfile.mkdtemp(prefix="sme2go-jieba-")


@cache
def _jieba():  # type: ignore[no-untyped-def]
    """Import and initialise jieba once, quietly."""
    with _jieba_lock:
        import jieba

        jieba.setLogLevel(logging.CRITICAL)
        jieba.dt.tmp_dir = _jieba_cache_dir()
        jieba.dt.initialize()
        return jieba


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(lang)


def has_cjk(text: str) -> bool:
    """True if ``text`` contains any Chinese character."""
    return _CJK_RE.search(text) is not None


def has_latin(text: str) -> bool:
    """True if ``text`` contains any Latin letter."""
    return _LATIN_RE.search(text) is not None


def guess_language(words: list[str]) -> str:
    """Return ``english``, ``finnish`` or ``swedish`` by stopword hits (ties: English)."""
    best, best_hits = "english", 0
    for lang, stop in _LANG_STOP.items():
        hits = sum(1 for w in words if w in stop)
        if hits > best_hits:
            best, best_hits = lang, hits
    return best


class Tokenizer:
    """Text -> list of index terms. Instances cache stems, so reuse one per index."""

    def __init__(self) -> None:
        self._stem_cache: dict[str, dict[str, str]] = {lang: {} for lang in _LANG_STOP}

    def _stem_all(self, words: list[str], lang: str) -> list[str]:
        cache_ = self._stem_cache[lang]
        missing = [w for w in words if w not in cache_]
        if missing:
            cache_.update(zip(missing, _stemmer(lang).stemWords(missing), strict=True))
        return [cache_[w] for w in words]

    def words(self, text: str) -> list[str]:
        """Return the raw lower-cased words and Chinese segments of ``text``, stopwords kept."""
        text = unicodedata.normalize("NFKC", text).lower()
        out: list[str] = []
        for w in _WORD_RE.findall(text):
            if _CJK_RE.search(w):
                # \w+ glues Chinese to adjacent Latin/digits: let jieba split them apart.
                out.extend(t for t in _jieba().cut_for_search(w) if t.strip() and t != "_")
            else:
                out.append(w)
        return out

    def analyze(self, text: str, *, compounds: bool = True) -> list[tuple[str, str]]:
        """Return ``(term, surface)`` pairs for ``text``.

        Terms are stemmed, stopwords and bare numbers are dropped. With ``compounds``,
        every pair of adjacent Latin words also yields the stem of the two written
        together, so "waste water" meets "wastewater" and "wooden house" meets the
        Swedish-style closed compound; it also acts as a cheap phrase feature.
        """
        if not text:
            return []
        words = self.words(text)
        lang = guess_language(words)
        kept: list[str] = []
        for w in words:
            if w in STOPWORDS or w.isdigit() or (len(w) < 2 and not _CJK_RE.match(w)):
                kept.append("")  # a gap: no compound is formed across a dropped word
                continue
            kept.append(w)
        latin = [w for w in kept if w and not _CJK_RE.match(w)]
        joined: list[str] = []
        if compounds:
            joined = [
                a + b
                for a, b in itertools.pairwise(kept)
                if a and b and not _CJK_RE.match(a) and not _CJK_RE.match(b)
            ]
        stems = iter(self._stem_all(latin + joined, lang))
        out: list[tuple[str, str]] = []
        for w in kept:
            if w:
                out.append((w, w) if _CJK_RE.match(w) else (next(stems), w))
        if compounds:
            pairs = [
                f"{a} {b}"
                for a, b in itertools.pairwise(kept)
                if a and b and not _CJK_RE.match(a) and not _CJK_RE.match(b)
            ]
            out.extend((next(stems), p) for p in pairs)
        return out

    def tokenize(self, text: str, *, compounds: bool = True) -> list[str]:
        """Return the index terms of ``text`` (see :meth:`analyze`)."""
        return [t for t, _ in self.analyze(text, compounds=compounds)]


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences (Latin and Chinese punctuation, line breaks)."""
    return [s.strip() for s in _SENT_RE.split(text) if s and s.strip()]
