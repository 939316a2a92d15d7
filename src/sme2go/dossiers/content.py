"""What a dossier contains, read from the approved matches, and how a version shows it.

:func:`build` reads a dossier's needs, the companies an adviser approved for them and the
consents, in a fixed number of queries, and returns a :class:`Draft`: the content as
plain JSON (what a version stores and hashes) and, for the operators only, the approved
companies left out because they have not consented to sharing with this host.

:func:`present` turns stored content into what the page and the PDF show. Texts people
typed stay in the language they were written in (``lang`` attribute), with the English
and Chinese versions beside them where someone entered them; nothing is translated by
machine. Labels and vocabulary (fields, sizes, countries) are shown in English and
Chinese (:mod:`sme2go.dossiers.labels`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import translation
from django_countries import countries

from sme2go.companies.models import CompanyProfile, Product
from sme2go.core.content_language import original_language_of, text_in, ui_language
from sme2go.dossiers.labels import CHINESE, ENGLISH, Bilingual, both
from sme2go.dossiers.models import Dossier, SharingConsent
from sme2go.matches.models import MatchProposal
from sme2go.needs.models import Need
from sme2go.organisations.models import ContactPerson, Organisation
from sme2go.programmes.models import Enrolment
from sme2go.readiness.presentation import BAND_LABELS
from sme2go.readiness.summary import readiness_for
from sme2go.taxonomy.models import DOMAIN_LABELS

# Bumped when the stored shape changes, so old versions can still be read.
FORMAT = 1
# The languages a dossier gives beside a text's original.
DOSSIER_LANGUAGES = (ENGLISH, CHINESE)


# Building -------------------------------------------------------------------------------


def texts(obj, field_name: str) -> dict[str, Any]:
    """``obj.field_name`` in its original language and in English and Chinese, where
    someone entered them: ``{"original": "en", "texts": {"en": …, "zh-hans": …}}``."""
    original = ui_language(original_language_of(obj))
    found = {}
    for code in (original, *DOSSIER_LANGUAGES):
        value = text_in(obj, field_name, code)
        if value:
            found[code] = value
    if original not in found and found:
        original = next(iter(found))
    return {"original": original, "texts": found}


def plain(text: str) -> dict[str, Any]:
    """A text that has no language recorded (an adviser's note): shown as it is."""
    return {"original": "", "texts": {"": text}} if text else {"original": "", "texts": {}}


@dataclass(frozen=True)
class Left:
    """An approved company left out of the dossier: it has not consented (operators only)."""

    need: Need
    company: Organisation


@dataclass
class Draft:
    """A dossier's content as it would be sent now."""

    content: dict[str, Any]
    company_ids: list[int]
    left_out: list[Left] = field(default_factory=list)

    @property
    def digest(self) -> str:
        return digest(self.content)


def digest(content: dict[str, Any]) -> str:
    """SHA-256 of the content in canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def dossier_needs(dossier: Dossier):
    """The needs a dossier covers: its need, or the host's needs heard on its mission
    (closed ones left out)."""
    if dossier.need_id:
        return Need.objects.filter(pk=dossier.need_id)
    return Need.objects.filter(host=dossier.host_id, mission=dossier.mission_id).exclude(
        status=Need.Status.CLOSED
    )


def consenting(programme_id: int, host_id: int, company_ids: Iterable[int]) -> set[int]:
    """The companies among ``company_ids`` with an active consent for this host."""
    return set(
        SharingConsent.objects.active()
        .filter(programme=programme_id, host=host_id, company__in=list(company_ids))
        .values_list("company_id", flat=True)
    )


def _fit(proposal: MatchProposal) -> dict[str, Any]:
    reasons = proposal.reasons or {}
    codes = reasons.get("codes", [])
    return {
        "company": proposal.company_id,
        "adviser_note": plain(proposal.decision_reason),
        "domains": [c["code"] for c in codes if c.get("kind") == "domain"],
        "cpv": [
            {"code": c["code"], "name": c.get("name", ""), "need_code": c.get("need_code", "")}
            for c in codes
            if c.get("kind") == "cpv"
        ],
        "pair": list(reasons.get("sentence_pair") or []),
    }


def _contact(operator: Organisation | None) -> dict[str, Any]:
    if operator is None:
        return {}
    return {
        "operator": texts(operator, "name"),
        "website": operator.website,
        "people": [
            {"name": p.name, "title": p.title, "email": p.email}
            for p in operator.contacts.all()
            if p.email
        ],
    }


def _readiness(summary) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "band": str(summary.band),
        "overall": summary.overall,
        "assessed_on": summary.assessed_on.isoformat() if summary.assessed_on else "",
    }


def _company(profile: CompanyProfile, operator: Organisation | None, readiness) -> dict:
    org = profile.organisation
    items = list(profile.products.all())
    return {
        "name": texts(org, "name"),
        "offering": texts(profile, "offering"),
        "home_country": profile.home_country,
        "size_band": profile.size_band,
        "website": org.website,
        "domains": [d.code for d in profile.domains.all()],
        "references": [
            {
                "name": p.name,
                "description": p.description,
                "year": p.year,
                "location": p.location,
            }
            for p in items
            if p.kind == Product.Kind.REFERENCE
        ],
        "certifications": [c.name for c in profile.certifications.all()],
        "readiness": _readiness(readiness),
        "contact": _contact(operator),
    }


def build(dossier: Dossier, *, only: Collection[int] | None = None) -> Draft:
    """The dossier's content now: per need the companies an adviser approved for it
    that consented to sharing with the dossier's host (``only``: of those, just these
    company ids), and the approved ones left out for want of consent."""
    needs = list(dossier_needs(dossier).order_by("heard_on", "pk"))
    proposals = list(
        MatchProposal.objects.filter(need__in=needs, status=MatchProposal.Status.APPROVED)
        .select_related("company")
        .order_by("need_id", "-score", "pk")
    )
    allowed = consenting(dossier.programme_id, dossier.host_id, {p.company_id for p in proposals})
    left_out = [Left(p.need, p.company) for p in proposals if p.company_id not in allowed]
    chosen = [
        p for p in proposals if p.company_id in allowed and (only is None or p.company_id in only)
    ]
    company_ids = sorted({p.company_id for p in chosen})
    operators = _recruiters(dossier.programme_id, company_ids)
    summaries = readiness_for(company_ids)
    profiles = (
        CompanyProfile.objects.filter(organisation__in=company_ids)
        .select_related("organisation")
        .prefetch_related(
            "domains",
            "certifications",
            Prefetch("products", queryset=Product.objects.order_by("-year", "name")),
        )
    )
    companies = {
        str(p.organisation_id): _company(
            p, operators.get(p.organisation_id), summaries.get(p.organisation_id)
        )
        for p in profiles
    }
    by_need: dict[int, list] = {need.pk: [] for need in needs}
    for proposal in chosen:
        if str(proposal.company_id) in companies:
            by_need[proposal.need_id].append(_fit(proposal))
    host = dossier.host
    content = {
        "format": FORMAT,
        "programme": dossier.programme.name,
        "host": texts(host, "name"),
        "mission": dossier.mission.title if dossier.mission_id else "",
        "needs": [
            {
                "id": need.pk,
                "title": texts(need, "title"),
                "description": texts(need, "description"),
                "heard_on": need.heard_on.isoformat(),
                "fits": by_need[need.pk],
            }
            for need in needs
        ],
        "companies": companies,
    }
    return Draft(content=content, company_ids=list(map(int, companies)), left_out=left_out)


def _recruiters(programme_id: int, company_ids: list[int]) -> dict[int, Organisation]:
    """The operator that recruited each company into the programme (its contact route),
    with the operator's contact persons."""
    enrolments = (
        Enrolment.objects.filter(
            programme=programme_id, organisation__in=company_ids, recruited_by__isnull=False
        )
        .select_related("recruited_by")
        .prefetch_related(
            Prefetch("recruited_by__contacts", queryset=ContactPerson.objects.order_by("name"))
        )
    )
    return {e.organisation_id: e.recruited_by for e in enrolments}


# Presenting ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A typed text: the original in its language, plus English and Chinese versions."""

    text: str
    language: str
    others: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.text)


def text(value: dict[str, Any]) -> Text:
    found = value.get("texts", {})
    original = value.get("original", "")
    if original not in found:
        original = next(iter(found), "")
    others = tuple(
        (code, found[code])
        for code in DOSSIER_LANGUAGES
        if code != original and found.get(code) and found[code] != found.get(original)
    )
    return Text(found.get(original, ""), _lang_attribute(original), others)


def _lang_attribute(code: str) -> str:
    return "zh-Hans" if code == CHINESE else code


def _country(code: str) -> Bilingual:
    with translation.override(ENGLISH):
        en = str(countries.name(code) or code)
    with translation.override(CHINESE):
        zh = str(countries.name(code) or code)
    return Bilingual(en, "" if zh == en else zh)


def _readiness_shown(readiness: dict[str, Any] | None) -> dict[str, Any] | None:
    """The stored readiness with its band named in English and Chinese; ``None`` (the
    page shows nothing) for a company without a scored assessment or without a band
    (too little data to score)."""
    if readiness is None or readiness["band"] not in BAND_LABELS:
        return None
    return {
        **readiness,
        "band": both(BAND_LABELS[readiness["band"]]),
        "assessed_on": _date(readiness["assessed_on"]),
    }


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Fit:
    company_id: int
    company: dict[str, Any]
    adviser_note: Text
    domains: list[Bilingual]
    cpv: list[dict]
    pair: list[str]


@dataclass(frozen=True)
class NeedPart:
    title: Text
    description: Text
    heard_on: dt.date | None
    fits: list[Fit]


def present(content: dict[str, Any], *, hide: Collection[int] = ()) -> dict[str, Any]:
    """Stored ``content`` ready for the templates; companies in ``hide`` (consent since
    withdrawn, for the host's view) are left out."""
    sizes = dict(CompanyProfile.SizeBand.choices)
    companies = {}
    for key, company in content["companies"].items():
        if int(key) in hide:
            continue
        contact = company.get("contact") or {}
        companies[int(key)] = {
            "name": text(company["name"]),
            "offering": text(company["offering"]),
            "home_country": _country(company["home_country"]),
            "size": both(sizes[company["size_band"]]) if company["size_band"] in sizes else None,
            "website": company.get("website", ""),
            "domains": [both(DOMAIN_LABELS[c]) for c in company["domains"] if c in DOMAIN_LABELS],
            "references": company["references"],
            "certifications": company["certifications"],
            "readiness": _readiness_shown(company.get("readiness")),
            "contact": {
                "operator": text(contact["operator"]) if contact else None,
                "website": contact.get("website", ""),
                "people": contact.get("people", []),
            },
        }
    needs = [
        NeedPart(
            title=text(need["title"]),
            description=text(need["description"]),
            heard_on=_date(need["heard_on"]),
            fits=[
                Fit(
                    company_id=fit["company"],
                    company=companies[fit["company"]],
                    adviser_note=text(fit["adviser_note"]),
                    domains=[both(DOMAIN_LABELS[c]) for c in fit["domains"] if c in DOMAIN_LABELS],
                    cpv=fit["cpv"],
                    pair=fit["pair"],
                )
                for fit in need["fits"]
                if fit["company"] in companies
            ],
        )
        for need in content["needs"]
    ]
    return {
        "programme": content["programme"],
        "host": text(content["host"]),
        "mission": content["mission"],
        "needs": needs,
    }
