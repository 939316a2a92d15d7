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
from bm25s import stopwords as _bm25s_stop


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_EN_STOP = _words(
    """
    a about above after again against all also an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    etc few for from further had has have having here how i if in into is it its itself
    just may more most must no nor not of off on once only or other our ours out over
    own per same shall should so some such than that the their them then there these
    they this those through to too under until up upon via was we well were what when
    where which while who whom why will with within without would you your e g ie eg
    incl including include includes new use used using provide provides provided
    providing based also one two three
    """
)
_FI_STOP = _words(
    """
    ja on ei se että tai kuin myös sekä jos kun niin mutta ovat oli ole olla ollut joka
    jotka mikä mitkä tämä tämän nämä ne sen siitä siihen sitä hän he me te minä sinä
    kanssa mukaan vain jo vielä kaikki kaikkien sekä eri kautta ilman yli alle noin esim
    mm eli koska jotta voi voidaan tulee myös
    """
)
_SV_STOP = _words(
    """
    och att det som en ett är av för på med till den de om inte har har hade men eller
    så från vid kan ska skall också även samt sina sin sitt våra vår vi ni jag du han
    hon dem denna detta dessa där när hur vilka vilket under över efter inom utan genom
    mellan mot bland bl a t ex
    """
)
# Legal forms say nothing about what a company does.
_LEGAL = _words(
    """
    oy oyj ab ltd as oü ou gmbh inc llc plc co corp sa
    """
)
_ZH_STOP = _words(
    """
    的 了 和 与 及 或 在 是 对 为 等 将 把 被 从 以 之 其 中 上 下 并 也 有 我们 我 你 他 她 它 这 那 这些 那些 一个 进行 提供 相关
    包括 以及 通过 可以 需要 希望 各类
    """
)
# Dropped in every text: the project's own languages, whatever language a text is in.
STOPWORDS: frozenset[str] = _EN_STOP | _FI_STOP | _SV_STOP | _ZH_STOP | _LEGAL

# Stopwords per Snowball language, for telling the language of a text and, for the
# languages beyond English/Finnish/Swedish (procurement texts from elsewhere in Europe),
# also dropped. The lists for those come with bm25s.
_LANG_STOP: dict[str, frozenset[str]] = {
    "english": _EN_STOP,
    "finnish": _FI_STOP,
    "swedish": _SV_STOP | frozenset(_bm25s_stop.STOPWORDS_SWEDISH),
    "german": frozenset(_bm25s_stop.STOPWORDS_GERMAN),
    "french": frozenset(_bm25s_stop.STOPWORDS_FRENCH),
    "spanish": frozenset(_bm25s_stop.STOPWORDS_SPANISH),
    "italian": frozenset(_bm25s_stop.STOPWORDS_ITALIAN),
    "portuguese": frozenset(_bm25s_stop.STOPWORDS_PORTUGUESE),
    "dutch": frozenset(_bm25s_stop.STOPWORDS_DUTCH),
    "danish": frozenset(_bm25s_stop.STOPWORDS_DANISH),
    "norwegian": frozenset(_bm25s_stop.STOPWORDS_NORWEGIAN),
}
_DROP: dict[str, frozenset[str]] = {lang: STOPWORDS | stop for lang, stop in _LANG_STOP.items()}

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[a-zà-öø-ÿ]", re.IGNORECASE)
_SENT_RE = re.compile(r"(?<=[.!?;。！？；])\s*|\n+")

_jieba_lock = threading.Lock()
STEM_CACHE_MAX = 2_000_000


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
    """Return the Snowball language whose stopwords ``words`` hit most (ties: English).

    Only distinct words among the first 300 are looked at: enough to tell, and bounded on
    long texts. A text with no stopword at all (a title, a keyword list) counts as English.
    """
    sample = set(words[:300])
    best, best_hits = "english", 0
    for lang, stop in _LANG_STOP.items():
        hits = len(stop.intersection(sample))
        if hits > best_hits:
            best, best_hits = lang, hits
    return best


class Tokenizer:
    """Text -> list of index terms. Instances cache stems, so reuse one per index.

    The language of a document is guessed once from its whole text (:meth:`language`)
    and passed to the per-field calls, so that a short title is stemmed like its body.
    """

    def __init__(self) -> None:
        self._stem_cache: dict[str, dict[str, str]] = {lang: {} for lang in _LANG_STOP}

    def _terms(self, words: list[str], lang: str) -> list[str]:
        """Map words to stems, ``""`` for words that are dropped; cached per language."""
        cache_ = self._stem_cache[lang]
        missing = [w for w in dict.fromkeys(words) if w not in cache_]
        if missing:
            if len(cache_) > STEM_CACHE_MAX:
                cache_.clear()  # bound memory on huge vocabularies; refills as needed
            drop = _DROP[lang]
            kept = [w for w in missing if w not in drop and _keep(w)]
            cache_.update(dict.fromkeys(missing, ""))
            cache_.update(zip(kept, _stemmer(lang).stemWords(kept), strict=True))
        return [cache_[w] for w in words]

    def words(self, text: str) -> list[str]:
        """Return the raw lower-cased words and Chinese segments of ``text``, stopwords kept."""
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        text = text.lower()
        found = _WORD_RE.findall(text)
        if not _CJK_RE.search(text):
            return found
        out: list[str] = []
        for w in found:
            if _CJK_RE.search(w):
                # \w+ glues Chinese to adjacent Latin/digits: let jieba split them apart.
                out.extend(t for t in _jieba().cut_for_search(w) if t.strip() and t != "_")
            else:
                out.append(w)
        return out

    def language(self, text: str) -> str:
        """The Snowball language used for ``text`` (see :func:`guess_language`)."""
        return guess_language(self.words(text))

    def terms(self, words: list[str], lang: str | None = None) -> list[str]:
        """Return the term of each of ``words``, ``""`` where the word is dropped."""
        return self._terms(words, lang or guess_language(words))

    def tokenize(self, text: str, lang: str | None = None) -> list[str]:
        """Return the index terms of ``text``: stemmed; stopwords, bare numbers and single
        Latin letters dropped. (Snowball leaves Chinese words unchanged.)"""
        if not text:
            return []
        words = self.words(text)
        return [t for t in self._terms(words, lang or guess_language(words)) if t]

    def analyze(self, text: str, lang: str | None = None) -> list[tuple[str, str]]:
        """Return ``(term, surface)`` for each kept word of ``text``, in order."""
        if not text:
            return []
        words = self.words(text)
        terms = self._terms(words, lang or guess_language(words))
        return [(t, w) for t, w in zip(terms, words, strict=True) if t]

    def compounds(self, text: str, lang: str | None = None) -> list[tuple[str, str]]:
        """Return ``(term, "a b")`` for adjacent Latin word pairs, the term being the stem of
        the two written together ("waste water" -> stem of "wastewater").

        Used on the query side only, and kept only where the index has that term, so a
        need saying "waste water" meets a profile saying "wastewater" without putting every
        word pair of every profile into the vocabulary.
        """
        if not text:
            return []
        words = self.words(text)
        lang = lang or guess_language(words)
        drop = _DROP[lang]
        marks = [w if w not in drop and _keep(w) and not _CJK_RE.match(w) else "" for w in words]
        pairs = [(a, b) for a, b in itertools.pairwise(marks) if a and b]
        if not pairs:
            return []
        stems = _stemmer(lang).stemWords([a + b for a, b in pairs])
        return [(t, f"{a} {b}") for t, (a, b) in zip(stems, pairs, strict=True)]


def _keep(w: str) -> bool:
    return not w.isdigit() and (len(w) > 1 or _CJK_RE.match(w) is not None)


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences (Latin and Chinese punctuation, line breaks)."""
    return [s.strip() for s in _SENT_RE.split(text) if s and s.strip()]
