"""The dossier's labels and headings, shown in English and Chinese side by side.

A dossier is read by a host in China and by the operators who send it, so its labels are
bilingual whatever the reader's UI language. They are ordinary UI strings (translated in
the ``zh_Hans`` catalogue); :func:`both` renders one in English and in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

ENGLISH = "en"
CHINESE = "zh-hans"

LABELS = {
    "dossier": _("Host dossier"),
    "prepared_for": _("Prepared for"),
    "programme": _("Programme"),
    "mission": _("Mission"),
    "version": _("Version"),
    "sent": _("Sent"),
    "need": _("Need"),
    "heard_on": _("Heard on"),
    "companies": _("Suitable companies"),
    "no_companies": _("No company is included for this need yet."),
    "summary": _("Company summary"),
    "home_country": _("Home country"),
    "size": _("Size"),
    "fields": _("Fields"),
    "why": _("Why it fits this need"),
    "adviser_note": _("Adviser's assessment"),
    "shared_fields": _("Same fields as the need"),
    "codes": _("Procurement codes (CPV)"),
    "need_says": _("The need says"),
    "company_says": _("The company says"),
    "references": _("References"),
    "certifications": _("Certifications"),
    "readiness": _("Export readiness"),
    "assessed_on": _("assessed on"),
    "contact": _("Contact route"),
    "contact_through": _("Contact this company through its programme operator"),
    "consent_note": _(
        "Each company listed here consented to sharing its profile with your organisation."
    ),
}


@dataclass(frozen=True)
class Bilingual:
    """One label in English and in Chinese (``zh`` empty when it is not translated)."""

    en: str
    zh: str


def both(text) -> Bilingual:
    """``text`` (a lazy translation) in English and Chinese; the Chinese is left empty
    where the catalogue has no translation, so the English is not shown twice."""
    with override(ENGLISH):
        en = str(text)
    with override(CHINESE):
        zh = str(text)
    return Bilingual(en, "" if zh == en else zh)


def label(key: str) -> Bilingual:
    return both(LABELS[key])
