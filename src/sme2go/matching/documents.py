"""The documents the engine matches and the results it returns.

These are plain dataclasses so the Django side can build them from its models without the
engine knowing about Django. Codes and domains are expected in normalised form (see
:func:`sme2go.matching.taxonomy.normalise_cpv` / ``normalise_domain``); the CSV loaders
normalise and validate them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _clean(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


@dataclass(frozen=True)
class CompanyDoc:
    """A company profile.

    ``texts`` maps a field name (``description``, ``products``, ``references``, ...) to its
    free text; every field is indexed, ``name`` with extra weight. Countries and markets
    are ISO 3166 alpha-2 codes, compared case-insensitively; languages are ISO 639-1.
    ``exclusions`` are markets (country codes) the company will not work in.
    """

    id: str
    name: str
    texts: dict[str, str] = field(default_factory=dict)
    domains: tuple[str, ...] = ()
    cpv: tuple[str, ...] = ()
    country: str = ""
    languages: tuple[str, ...] = ()
    target_markets: tuple[str, ...] = ()
    size: str = ""
    certifications: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "domains", _clean(self.domains))
        object.__setattr__(self, "cpv", _clean(self.cpv))
        object.__setattr__(self, "country", self.country.strip().upper())
        object.__setattr__(self, "languages", _clean([x.lower() for x in self.languages]))
        object.__setattr__(self, "target_markets", _clean([x.upper() for x in self.target_markets]))
        object.__setattr__(self, "certifications", _clean(self.certifications))
        object.__setattr__(self, "exclusions", _clean([x.upper() for x in self.exclusions]))

    @property
    def full_text(self) -> str:
        """All free text, name first, one field per line."""
        return "\n".join([self.name, *(t for t in self.texts.values() if t)])


@dataclass(frozen=True)
class NeedDoc:
    """A host need.

    ``country`` is where the need is (the market a company would enter). ``language`` is a
    language the company must speak, if any; ``exclude_countries`` are company home
    countries that are not acceptable; ``required_certifications`` must all be held.
    """

    id: str
    title: str
    texts: dict[str, str] = field(default_factory=dict)
    domains: tuple[str, ...] = ()
    cpv: tuple[str, ...] = ()
    country: str = ""
    language: str = ""
    exclude_countries: tuple[str, ...] = ()
    required_certifications: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "domains", _clean(self.domains))
        object.__setattr__(self, "cpv", _clean(self.cpv))
        object.__setattr__(self, "country", self.country.strip().upper())
        object.__setattr__(self, "language", self.language.strip().lower())
        object.__setattr__(
            self, "exclude_countries", _clean([x.upper() for x in self.exclude_countries])
        )
        object.__setattr__(self, "required_certifications", _clean(self.required_certifications))

    @property
    def full_text(self) -> str:
        """All free text, title first, one field per line."""
        return "\n".join([self.title, *(t for t in self.texts.values() if t)])


@dataclass(frozen=True)
class CodeMatch:
    """A matched domain or CPV code: ``kind`` is ``domain`` or ``cpv``.

    For CPV, ``need_code`` is the code on the need and ``code`` the company's code, with
    ``relation`` ``exact``/``narrower``/``broader``/``related``.
    """

    kind: str
    code: str
    name: str
    need_code: str = ""
    relation: str = "exact"


@dataclass(frozen=True)
class Constraint:
    """A hard constraint that was checked.

    ``status`` is ``passed``, ``failed`` or ``unverified`` (the profile does not say, e.g.
    no languages listed; such companies are kept and the adviser is told to check).
    Returned matches never carry a ``failed`` constraint.
    """

    name: str
    detail: str
    status: str = "passed"


@dataclass(frozen=True)
class Reasons:
    """Why a company was proposed for a need.

    ``codes_only`` is true when the text played no part (empty need text, or no shared
    script, e.g. a Chinese-only need and an English profile). ``translations`` are the
    words of one side found on the other through a dictionary, as ``"source → English"``
    ("污水处理 → wastewater treatment"), most telling first.
    """

    summary: str
    terms: tuple[str, ...] = ()
    codes: tuple[CodeMatch, ...] = ()
    sentence_pair: tuple[str, str] | None = None
    constraints: tuple[Constraint, ...] = ()
    codes_only: bool = False
    translations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """One ranked result. ``id`` is the company id (or need id when ranking needs).

    ``score`` is relative to the best match of the same ranking (compare within one
    ranking); ``evidence`` is absolute (the share of the query's evidence the match carries,
    comparable across needs); ``precision`` is the estimated chance the match is right and
    ``fit`` its level, ``strong``, ``possible`` or ``weak`` (see :mod:`.calibration`).
    """

    id: str
    rank: int
    score: float
    text_score: float
    taxonomy_score: float
    reasons: Reasons
    evidence: float = 0.0
    precision: float = 0.0
    fit: str = "weak"
