"""Ready-made indicator definitions: common Interreg 2021-2027 indicators and the
programme's own follow-up figures.

The Interreg codes and names are those of the common output (RCO) and result (RCR)
indicators of Regulation (EU) 2021/1058 (ERDF and Cohesion Fund), Annex I, which the
Interreg Regulation (EU) 2021/1059 applies to Interreg programmes:

- RCO01 Enterprises supported (of which: micro, small, medium, large)
- RCO04 Enterprises with non-financial support
- RCO87 Organisations cooperating across borders
- RCR84 Organisations cooperating across borders after project completion

The ``definition`` texts summarise the indicator; ``counts`` says which sme2go records
feed it, which is the programme's own reading of the indicator's methodological fiche:
operators edit both to match what their programme agreed with its managing authority.
The other definitions are programme-specific figures (not Interreg codes), marked so.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ReadyMade:
    code: str
    name: object
    definition: object
    counts: object
    record_type: str


READY_MADE: tuple[ReadyMade, ...] = (
    ReadyMade(
        "RCO01",
        _("Enterprises supported (of which: micro, small, medium, large)"),
        _(
            "Interreg / ERDF common output indicator (Regulation (EU) 2021/1058, Annex I): "
            "enterprises receiving support in any form from the programme."
        ),
        _(
            "The companies in the delegation of a mission of the programme that started in "
            "the period; each company once."
        ),
        "companies_supported",
    ),
    ReadyMade(
        "RCO04",
        _("Enterprises with non-financial support"),
        _(
            "Interreg / ERDF common output indicator (Regulation (EU) 2021/1058, Annex I): "
            "enterprises supported without direct financial support, e.g. with advice, "
            "coaching or matchmaking."
        ),
        _(
            "The companies in the delegation of a mission of the programme that started in "
            "the period (the missions are non-financial support); each company once."
        ),
        "companies_supported",
    ),
    ReadyMade(
        "RCO87",
        _("Organisations cooperating across borders"),
        _(
            "Interreg common output indicator (Regulation (EU) 2021/1058, Annex I): "
            "organisations cooperating across borders in the supported actions."
        ),
        _(
            "Both parties of each agreement signed in the period, confirmed by an adviser "
            "from its evidence, whose parties are in different countries; each organisation "
            "once."
        ),
        "organisations_cooperating",
    ),
    ReadyMade(
        "RCR84",
        _("Organisations cooperating across borders after project completion"),
        _(
            "Interreg common result indicator (Regulation (EU) 2021/1058, Annex I): "
            "organisations still cooperating across borders after the supported action "
            "ended."
        ),
        _(
            "Companies whose 12-month check-in after a mission, answered in the period, says "
            "the cooperation continues, and their confirmed agreement partners in other "
            "countries from that mission; each organisation once."
        ),
        "organisations_still_cooperating",
    ),
    ReadyMade(
        "P-MEETINGS-REQUESTED",
        _("B2B meetings requested"),
        _("Programme-specific figure (not an Interreg common indicator)."),
        _(
            "Meeting requests on the programme's missions that started in the period, not "
            "withdrawn."
        ),
        "meetings_requested",
    ),
    ReadyMade(
        "P-MEETINGS-HELD",
        _("B2B meetings held"),
        _("Programme-specific figure (not an Interreg common indicator)."),
        _(
            "Meetings of published schedules that started in the period and were not "
            "recorded as not held."
        ),
        "meetings_held",
    ),
    ReadyMade(
        "P-COUNTERPARTS",
        _("Counterparts found"),
        _("Programme-specific figure (not an Interreg common indicator)."),
        _("Organisations that became a company's lead in the period (lost leads not counted)."),
        "counterparts_found",
    ),
    ReadyMade(
        "P-AGREEMENTS",
        _("Partnership agreements signed"),
        _(
            "Programme-specific figure (not an Interreg common indicator), typed as in the "
            "Enterprise Europe Network's partnership agreements."
        ),
        _("Agreements signed in the period and confirmed by an adviser from their evidence."),
        "agreements_signed",
    ),
)

BY_CODE: dict[str, ReadyMade] = {ready.code: ready for ready in READY_MADE}

#: The texts of a definition that come from the catalogue when it is added.
TEXT_FIELDS = ("name", "definition", "counts")


@functools.cache
def _written(code: str, field: str) -> frozenset[str]:
    """The ready-made ``field`` of indicator ``code`` in every language of the site: what
    :func:`~sme2go.reporting.domain.add_ready_made_indicators` may have stored."""
    ready = BY_CODE[code]
    texts = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            texts.add(str(getattr(ready, field)))
    return frozenset(texts)


def in_active_language(code: str, field: str, stored: str) -> str:
    """``stored`` (a definition's ``field``: name, definition or what counts) in the
    reader's language when it is the ready-made text of ``code``, unedited, in any of the
    site's languages; an operator's own text is returned as written."""
    ready = BY_CODE.get(code.upper())
    if ready is None or stored not in _written(ready.code, field):
        return stored
    return str(getattr(ready, field))
