"""Item banks: versioned data files of readiness questions, loaded and validated.

A bank is one YAML file ``banks/<bank id>/<version>.yaml`` in this package. There are two
kinds (docs/readiness.md):

- ``generic``: the readiness index. Axes hold dimensions, dimensions hold items answered
  on a 0-4 scale; every item carries the anchor text of all five levels.
- ``market``: a market-entry module for one market (``market: CN``). Groups hold
  checklist items (status not started / in progress / done) with a criticality, a
  typical lead time in days and an applicability rule over the company's profile and
  the module's screening questions ("facts").

Adding a market means adding a file; no code names a market. Every text is a mapping of
language to string with ``en`` required (a plain string is English only); readers ask
``Text.get(language)`` and fall back to English.

Loading validates the whole file and raises :class:`BankError` naming the file, the item
and the field at the first problem, so a malformed bank fails the test suite that loads
every shipped bank (tests/readiness/test_bank.py), never a user. This module imports
nothing from Django: the profile fields that rules may name are listed in
:data:`PROFILE_FIELDS`, and a test checks them against ``companies.models``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import yaml

BANKS_DIR = Path(__file__).with_name("banks")

LANGUAGES = ("en", "fi", "sv", "et", "zh-hans")
SCALE = (0, 1, 2, 3, 4)
CRITICALITIES = ("critical", "high", "normal")
KINDS = ("generic", "market")

Kind = Literal["generic", "market"]
Criticality = Literal["critical", "high", "normal"]

#: Company-profile fields an applicability rule may name, with their shape. ``scalar``
#: fields hold one string, ``list`` fields several. ``choices`` (when given) are the only
#: values a rule may compare with. The names are ``CompanyProfile`` fields or its reverse
#: relations (``certifications`` = the names of the company's certifications; ``domains``
#: = the codes of its smart-city domains); tests/readiness/test_bank.py checks them
#: against the model so a rename there fails here.
PROFILE_FIELDS: Mapping[str, tuple[str, tuple[str, ...] | None]] = {
    "size_band": ("scalar", ("micro", "small", "medium", "large")),
    "home_country": ("scalar", None),
    "languages": ("list", None),
    "target_markets": ("list", None),
    "excluded_markets": ("list", None),
    "cpv_codes": ("list", None),
    "domains": ("list", None),
    "certifications": ("list", None),
}

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
_SOURCE = re.compile(r"^[A-Z]{1,3}\d{1,3}$")
_VERSION = re.compile(r"^\d+(\.\d+)*$")
_MARKET = re.compile(r"^[A-Z]{2}$")
_LIST_OPS = ("has_any", "prefix_any", "empty")
_SCALAR_OPS = ("in",)


class BankError(ValueError):
    """A bank file, or an answer given against it, is not valid.

    ``str()`` reads "<file>: item <id>: field <name>: <what is wrong>" with the parts
    that apply; the parts are also attributes for callers that show them separately.
    ``message`` is English, for developers and logs. Errors a user can cause (an unknown
    bank or version asked for, a bad answer) also carry ``code`` and ``params`` (plain
    values), so the Django layer can say the same in the user's language; errors in a
    bank file's content have no code (the test suite meets them, never a user).
    """

    def __init__(
        self,
        path: str,
        message: str,
        *,
        item: str = "",
        field: str = "",
        code: str = "",
        params: Mapping[str, Any] | None = None,
    ) -> None:
        self.path, self.item, self.field, self.message = path, item, field, message
        self.code, self.params = code, dict(params or {})
        where = [path]
        if item:
            where.append(f"item {item}")
        if field:
            where.append(f"field {field}")
        super().__init__(": ".join([*where, message]))


@dataclass(frozen=True)
class Text:
    """One text in several languages; ``en`` always present."""

    translations: tuple[tuple[str, str], ...]

    @property
    def en(self) -> str:
        return dict(self.translations)["en"]

    def get(self, language: str | None = None) -> str:
        """The text in ``language`` (``zh-hans``, ``zh_Hans``, ``fi-FI``…), else English."""
        if language:
            values = dict(self.translations)
            tag = language.lower().replace("_", "-")
            for candidate in (tag, tag.split("-")[0], "zh-hans" if tag.startswith("zh") else ""):
                if candidate in values:
                    return values[candidate]
        return self.en

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.translations)

    def __str__(self) -> str:
        return self.en


EMPTY_TEXT = Text((("en", ""),))


@dataclass(frozen=True)
class Rule:
    """An applicability condition (three-valued: True, False or None = unknown).

    ``op`` is ``all``/``any``/``not`` (over ``children``), ``fact`` (a screening question
    of the bank answered yes, in ``name``), or a profile test: ``in`` (scalar field value
    is one of ``values``), ``has_any`` (list field shares a value), ``prefix_any`` (a list
    value starts with one of ``values``, e.g. CPV divisions) or ``empty``.
    """

    op: str
    name: str = ""
    values: tuple[str, ...] = ()
    children: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class Fact:
    """A yes/no screening question of a market module that rules can name."""

    id: str
    text: Text
    help: Text


@dataclass(frozen=True)
class Item:
    """One question (generic) or checklist task (market).

    ``group`` is the dimension id (generic) or group id (market). Generic items have
    ``anchors`` (text of levels 0-4, index = level); market items have ``done_when``,
    a ``lead_time_days`` and a ``criticality`` that matters (generic items are
    ``normal`` with lead time 0). ``applies_if`` None means always. ``knock_out``: level
    0 (generic) or not started (market, where the item surely applies) overrides the
    average (scoring.py).
    """

    id: str
    group: str
    text: Text
    help: Text
    anchors: tuple[Text, ...] = ()
    done_when: Text = EMPTY_TEXT
    allows_na: bool = True
    knock_out: bool = False
    applies_if: Rule | None = None
    criticality: Criticality = "normal"
    lead_time_days: int = 0
    sources: tuple[str, ...] = ()
    source_note: str = ""


@dataclass(frozen=True)
class Group:
    """A dimension (generic; on an ``axis``) or a checklist group (market; axis "")."""

    id: str
    title: Text
    axis: str
    item_ids: tuple[str, ...]


@dataclass(frozen=True)
class Axis:
    id: str
    title: Text
    group_ids: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Bank:
    """A loaded, validated item bank (one id, one version).

    Equality is identity: a bank version is loaded once per process (the loader caches
    it), and scoring keeps per-bank lookups on the instance.
    """

    id: str
    version: str
    kind: Kind
    title: Text
    market: str
    axes: tuple[Axis, ...]
    groups: tuple[Group, ...]
    items: tuple[Item, ...]
    facts: tuple[Fact, ...]
    source_note: str
    path: str
    _by_id: Mapping[str, Item] = field(init=False, repr=False)
    _members: Mapping[str, tuple[Item, ...]] = field(init=False, repr=False)
    _restricted: dict[frozenset[str], Bank] = field(init=False, repr=False)
    item_ids: tuple[str, ...] = field(init=False)
    _rules: tuple[tuple[str, Rule], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_id = {item.id: item for item in self.items}
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(
            self, "_members", {g.id: tuple(by_id[i] for i in g.item_ids) for g in self.groups}
        )
        object.__setattr__(self, "_restricted", {})
        object.__setattr__(self, "item_ids", tuple(by_id))
        object.__setattr__(
            self, "_rules", tuple((i.id, i.applies_if) for i in self.items if i.applies_if)
        )

    def item(self, item_id: str) -> Item:
        """The item ``item_id``; :class:`BankError` if this version has none."""
        try:
            return self._by_id[item_id]
        except KeyError:
            raise BankError(
                self.path, f"no such item in {self.id} version {self.version}", item=item_id
            ) from None

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._by_id

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def items_of(self, group_id: str) -> tuple[Item, ...]:
        """The items of group (or dimension) ``group_id``, in bank order."""
        return self._members[group_id]

    def restricted_to(self, item_ids: set[str] | frozenset[str]) -> Bank:
        """This bank with only ``item_ids`` (empty groups and axes kept, for comparison).

        Cached per id set, so comparing many waves builds each restriction once.
        """
        key = frozenset(item_ids)
        if key.issuperset(self._by_id):
            return self
        restricted = self._restricted.get(key)
        if restricted is None:
            groups = tuple(
                replace(g, item_ids=tuple(i for i in g.item_ids if i in key)) for g in self.groups
            )
            restricted = replace(
                self, groups=groups, items=tuple(i for i in self.items if i.id in key)
            )
            self._restricted[key] = restricted
        return restricted


@dataclass(frozen=True)
class BankRef:
    """One shipped bank version, as listed by :func:`available_banks`."""

    id: str
    version: str
    kind: Kind
    market: str
    title: Text
    latest: bool


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _files(directory: Path) -> list[tuple[str, str, Path]]:
    found = []
    for path in sorted(directory.glob("*/*.yaml")):
        if _VERSION.match(path.stem):
            found.append((path.parent.name, path.stem, path))
    return sorted(found, key=lambda t: (t[0], _version_key(t[1])))


def available_banks(directory: Path | None = None) -> tuple[BankRef, ...]:
    """Every bank version in ``directory`` (default: the shipped banks), by id then version.

    Loads (and so validates) each file.
    """
    files = _files(directory or BANKS_DIR)
    latest = {bank_id: version for bank_id, version, _ in files}
    refs = []
    for bank_id, version, _path in files:
        bank = load_bank(bank_id, version, directory=directory)
        refs.append(
            BankRef(
                bank.id,
                bank.version,
                bank.kind,
                bank.market,
                bank.title,
                latest[bank_id] == version,
            )
        )
    return tuple(refs)


def market_banks(market: str, directory: Path | None = None) -> tuple[Bank, ...]:
    """The latest version of every market module for ``market`` (e.g. ``"CN"``)."""
    return tuple(
        load_bank(ref.id, ref.version, directory=directory)
        for ref in available_banks(directory)
        if ref.latest and ref.kind == "market" and ref.market == market.upper()
    )


def load_bank(bank_id: str, version: str | None = None, *, directory: Path | None = None) -> Bank:
    """Bank ``bank_id`` at ``version`` (default: the highest version shipped).

    ``directory`` replaces the package's ``banks/`` (tests, other deployments). Raises
    :class:`BankError` for an unknown bank or version and for any invalid content.
    Results are cached: a bank file is read once per process.
    """
    return _load(bank_id, version, (directory or BANKS_DIR).resolve())


@functools.lru_cache(maxsize=64)
def _load(bank_id: str, version: str | None, directory: Path) -> Bank:
    versions = [v for b, v, _ in _files(directory) if b == bank_id]
    if not versions:
        raise BankError(
            str(directory),
            f"no bank {bank_id!r} (have: {_ids(directory)})",
            code="no_bank",
            params={"bank": bank_id, "have": _ids(directory)},
        )
    if version is None:
        version = versions[-1]
    elif version not in versions:
        raise BankError(
            str(directory / bank_id),
            f"no version {version!r} of bank {bank_id!r} (have: {', '.join(versions)})",
            code="no_version",
            params={"bank": bank_id, "version": version, "have": ", ".join(versions)},
        )
    path = directory / bank_id / f"{version}.yaml"
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise BankError(_display(path), f"not valid YAML: {exc}") from None
    return _Parser(_display(path), bank_id, version).bank(data)


def _ids(directory: Path) -> str:
    return ", ".join(sorted({b for b, _, _ in _files(directory)})) or "none"


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(BANKS_DIR.parent.parent.parent))
    except ValueError:
        return str(path)


class _Parser:
    """Turns one file's YAML data into a :class:`Bank`, raising at the first problem."""

    def __init__(self, path: str, bank_id: str, version: str) -> None:
        self.path, self.bank_id, self.version = path, bank_id, version
        self.item = ""
        self.fact_ids: set[str] = set()

    def fail(self, field: str, message: str) -> BankError:
        return BankError(self.path, message, item=self.item, field=field)

    def mapping(self, data: Any, field: str, required: set[str], optional: set[str]) -> dict:
        if not isinstance(data, dict):
            raise self.fail(field, f"expected a mapping, got {type(data).__name__}")
        missing = sorted(required - data.keys())
        if missing:
            raise self.fail(missing[0], "missing")
        unknown = sorted(str(k) for k in data.keys() - required - optional)
        if unknown:
            raise self.fail(unknown[0], "unknown field (typo?)")
        return data

    def ident(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not _ID.match(value):
            raise self.fail(field, f"not a valid id: {value!r}")
        return value

    def text(self, value: Any, field: str, *, required: bool = True) -> Text:
        if value is None and not required:
            return EMPTY_TEXT
        if isinstance(value, str):
            value = {"en": value}
        if not isinstance(value, dict):
            raise self.fail(field, "expected a text or a mapping of language to text")
        unknown = [lang for lang in value if lang not in LANGUAGES]
        if unknown:
            raise self.fail(
                field, f"unknown language {unknown[0]!r} (allowed: {', '.join(LANGUAGES)})"
            )
        if not isinstance(value.get("en"), str) or not value["en"].strip():
            raise self.fail(field, "the English text (en) is required")
        for lang, text in value.items():
            if not isinstance(text, str) or not text.strip():
                raise self.fail(field, f"empty {lang} text")
        return Text(tuple((lang, " ".join(value[lang].split())) for lang in value))

    def flag(self, data: dict, name: str, default: bool) -> bool:
        value = data.get(name, default)
        if not isinstance(value, bool):
            raise self.fail(name, f"expected true or false, got {value!r}")
        return value

    def bank(self, data: Any) -> Bank:
        data = self.mapping(
            data,
            "(top level)",
            {"id", "version", "kind", "title"},
            {"market", "axes", "groups", "facts", "source_note"},
        )
        if data["id"] != self.bank_id:
            raise self.fail("id", f"is {data['id']!r} but the directory says {self.bank_id!r}")
        if str(data["version"]) != self.version:
            raise self.fail(
                "version", f"is {data['version']!r} but the file name says {self.version!r}"
            )
        kind = data["kind"]
        if kind not in KINDS:
            raise self.fail("kind", f"unknown kind {kind!r} (allowed: {', '.join(KINDS)})")
        title = self.text(data["title"], "title")
        market = data.get("market", "")
        if kind == "market" and not (isinstance(market, str) and _MARKET.match(market)):
            raise self.fail("market", f"a market module needs a two-letter code, got {market!r}")
        if kind == "generic" and market:
            raise self.fail("market", "a generic bank has no market")
        facts = self.facts(data.get("facts") or [], kind)
        items: list[Item] = []
        groups: list[Group] = []
        axes: list[Axis] = []
        if kind == "generic":
            if "groups" in data:
                raise self.fail("groups", "a generic bank has axes of dimensions, not groups")
            raw_axes = data.get("axes")
            if not isinstance(raw_axes, list) or not raw_axes:
                raise self.fail("axes", "a generic bank needs a list of axes")
            for raw in raw_axes:
                raw = self.mapping(raw, "axes", {"id", "title", "dimensions"}, set())
                axis_id = self.ident(raw["id"], "axes.id")
                new = self.groups(raw["dimensions"], axis_id, kind, items)
                groups.extend(new)
                axes.append(
                    Axis(axis_id, self.text(raw["title"], "axes.title"), tuple(g.id for g in new))
                )
        else:
            if "axes" in data:
                raise self.fail("axes", "a market module has groups, not axes")
            groups = self.groups(data.get("groups"), "", kind, items)
        self.item = ""
        self.unique([a.id for a in axes], "axes.id", "axis")
        self.unique([g.id for g in groups], "groups.id", "group or dimension")
        self.unique([i.id for i in items], "id", "item")
        if not items:
            raise self.fail("items", "the bank has no items")
        return Bank(
            id=self.bank_id,
            version=self.version,
            kind=kind,
            title=title,
            market=market,
            axes=tuple(axes),
            groups=tuple(groups),
            items=tuple(items),
            facts=facts,
            source_note=" ".join(str(data.get("source_note", "")).split()),
            path=self.path,
        )

    def unique(self, ids: list[str], field: str, what: str) -> None:
        seen: set[str] = set()
        for value in ids:
            if value in seen:
                self.item = value if what == "item" else ""
                raise self.fail(field, f"duplicate {what} id {value!r}")
            seen.add(value)

    def facts(self, raw: Any, kind: str) -> tuple[Fact, ...]:
        if not isinstance(raw, list):
            raise self.fail("facts", "expected a list")
        if raw and kind == "generic":
            raise self.fail("facts", "screening questions belong to market modules")
        facts = []
        for entry in raw:
            entry = self.mapping(entry, "facts", {"id", "text"}, {"help"})
            fact_id = self.ident(entry["id"], "facts.id")
            self.item = f"fact {fact_id}"
            if fact_id in self.fact_ids:
                raise self.fail("facts.id", f"duplicate fact id {fact_id!r}")
            self.fact_ids.add(fact_id)
            facts.append(
                Fact(
                    fact_id,
                    self.text(entry["text"], "text"),
                    self.text(entry.get("help"), "help", required=False),
                )
            )
        self.item = ""
        return tuple(facts)

    def groups(self, raw: Any, axis: str, kind: str, items: list[Item]) -> list[Group]:
        label = "dimensions" if kind == "generic" else "groups"
        if not isinstance(raw, list) or not raw:
            raise self.fail(label, "expected a non-empty list")
        groups = []
        for entry in raw:
            self.item = ""
            entry = self.mapping(entry, label, {"id", "title", "items"}, set())
            group_id = self.ident(entry["id"], f"{label}.id")
            title = self.text(entry["title"], f"{label}.title")
            if not isinstance(entry["items"], list) or not entry["items"]:
                raise self.fail(f"{label}.items", f"{group_id} has no items")
            new = [self.parse_item(raw_item, group_id, kind) for raw_item in entry["items"]]
            items.extend(new)
            groups.append(Group(group_id, title, axis, tuple(i.id for i in new)))
        return groups

    def parse_item(self, raw: Any, group: str, kind: str) -> Item:
        self.item = raw.get("id", "?") if isinstance(raw, dict) else "?"
        common = {"id", "text"}
        optional = {"help", "allows_na", "knock_out", "applies_if", "sources", "source_note"}
        if kind == "generic":
            raw = self.mapping(raw, "items", common | {"anchors"}, optional)
        else:
            raw = self.mapping(
                raw, "items", common | {"done_when", "criticality", "lead_time_days"}, optional
            )
        item_id = self.ident(raw["id"], "id")
        sources = raw.get("sources", [])
        if not isinstance(sources, list) or not all(
            isinstance(s, str) and _SOURCE.match(s) for s in sources
        ):
            raise self.fail(
                "sources", f"expected a list of reference ids such as C7, got {sources!r}"
            )
        fields: dict[str, Any] = {
            "id": item_id,
            "group": group,
            "text": self.text(raw["text"], "text"),
            "help": self.text(raw.get("help"), "help", required=False),
            "allows_na": self.flag(raw, "allows_na", True),
            "knock_out": self.flag(raw, "knock_out", False),
            "applies_if": self.rule(raw["applies_if"], "applies_if")
            if raw.get("applies_if") is not None
            else None,
            "sources": tuple(sources),
            "source_note": " ".join(str(raw.get("source_note", "")).split()),
        }
        if kind == "generic":
            fields["anchors"] = self.anchors(raw["anchors"])
        else:
            criticality = raw["criticality"]
            if criticality not in CRITICALITIES:
                raise self.fail(
                    "criticality",
                    f"unknown criticality {criticality!r} (allowed: {', '.join(CRITICALITIES)})",
                )
            lead = raw["lead_time_days"]
            if not isinstance(lead, int) or isinstance(lead, bool) or lead < 0:
                raise self.fail(
                    "lead_time_days", f"expected a whole number of days ≥ 0, got {lead!r}"
                )
            fields.update(
                criticality=criticality,
                lead_time_days=lead,
                done_when=self.text(raw["done_when"], "done_when"),
            )
        return Item(**fields)

    def anchors(self, raw: Any) -> tuple[Text, ...]:
        if not isinstance(raw, dict):
            raise self.fail("anchors", "expected a mapping of level 0-4 to its text")
        extra = [k for k in raw if k not in SCALE]
        if extra:
            raise self.fail(f"anchors.{extra[0]}", "not a level of the 0-4 scale")
        for level in SCALE:
            if level not in raw:
                raise self.fail(f"anchors.{level}", "missing anchor text for this level")
        return tuple(self.text(raw[level], f"anchors.{level}") for level in SCALE)

    def rule(self, raw: Any, field: str) -> Rule:
        if not isinstance(raw, dict) or not raw:
            raise self.fail(field, f"expected a rule mapping, got {raw!r}")
        if len(raw) == 1 and next(iter(raw)) in ("all", "any"):
            op, children = next(iter(raw.items()))
            if not isinstance(children, list) or not children:
                raise self.fail(f"{field}.{op}", "expected a non-empty list of rules")
            return Rule(
                op,
                children=tuple(self.rule(c, f"{field}.{op}[{n}]") for n, c in enumerate(children)),
            )
        if len(raw) == 1 and "not" in raw:
            return Rule("not", children=(self.rule(raw["not"], f"{field}.not"),))
        if len(raw) == 1 and "fact" in raw:
            name = raw["fact"]
            if name not in self.fact_ids:
                known = ", ".join(sorted(self.fact_ids)) or "none declared"
                raise self.fail(f"{field}.fact", f"unknown fact {name!r} (facts: {known})")
            return Rule("fact", name=name)
        if "field" not in raw:
            raise self.fail(field, f"unknown rule {sorted(raw)} (use all, any, not, fact or field)")
        name = raw["field"]
        if name not in PROFILE_FIELDS:
            raise self.fail(
                f"{field}.field",
                f"unknown profile field {name!r} (allowed: {', '.join(PROFILE_FIELDS)})",
            )
        shape, choices = PROFILE_FIELDS[name]
        ops = [k for k in raw if k != "field"]
        allowed = _LIST_OPS if shape == "list" else _SCALAR_OPS
        if len(ops) != 1 or ops[0] not in allowed:
            raise self.fail(
                f"{field}.{name}",
                f"a {shape} field takes exactly one of {', '.join(allowed)}, got {ops}",
            )
        op = ops[0]
        if op == "empty":
            if raw[op] is not True:
                raise self.fail(f"{field}.empty", "write `empty: true` (or wrap it in `not`)")
            return Rule("empty", name=name)
        values = raw[op]
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str) for v in values)
        ):
            raise self.fail(
                f"{field}.{op}", f"expected a non-empty list of strings, got {values!r}"
            )
        if choices:
            bad = [v for v in values if v not in choices]
            if bad:
                raise self.fail(
                    f"{field}.{op}",
                    f"{bad[0]!r} is not a value of {name} (allowed: {', '.join(choices)})",
                )
        return Rule(op, name=name, values=tuple(values))
