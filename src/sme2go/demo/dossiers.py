"""The demo's host dossiers: consents, the Rizhao dossier sent to the city, the Food Valley
dossier prepared but not sent, with one approved company that has not consented.

Written through :mod:`sme2go.dossiers.domain` as the people who would do it: Kirkasvirta's
own user consents and adds the Chinese version of its offering; the advisers record the
other companies' consents on their signed consent forms. Loading again adds nothing: a
consent already active, a dossier already prepared and a dossier already sent are kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sme2go.companies.domain import update_company_profile
from sme2go.companies.models import CompanyProfile
from sme2go.demo import data
from sme2go.dossiers import content, domain
from sme2go.dossiers.models import Dossier, DossierShare, DossierVersion, SharingConsent
from sme2go.missions.models import Mission
from sme2go.organisations.models import Organisation

RIZHAO = "Rizhao Municipal People's Government"
FOOD_VALLEY = "Weifang Food Valley Administration"
WEIFANG = "Weifang Municipal People's Government"
D, T = dt.date, dt.time

# Kirkasvirta's own Chinese version of its offering, for its Chinese hosts.
KIRKASVIRTA_OFFERING_ZH = (
    "Kirkasvirta 为村庄、小城镇、度假区和工业场地设计并交付紧凑型生物污水处理厂，处理规模为"
    "50至2万人口当量。其集装箱式序批式反应器（SBR）可将氮、磷去除至北欧排放标准，无人值守"
    "运行，并通过云端平台远程监控。公司还将处理后的污泥用作沼气原料和肥料，并培训当地人员"
    "运营处理厂。"
)

# (company, host, who records it, the company's instruction or "" when its own user gives
# it, when it was given: as the instruction says, recorded that evening or at once).
CONSENTS: tuple[tuple[str, str, str, str, dt.datetime], ...] = (
    # Kirkasvirta's own user, after the meeting with the Rizhao city leaders.
    ("Kirkasvirta Water Oy", RIZHAO, "aqua", "", data.on_trip(D(2027, 3, 18), T(21, 0))),
    (
        "Norrträ Byggsystem AB",
        RIZHAO,
        "vasteras",
        "Consent form signed by Johan Berglöf, Head of international sales, in Rizhao on "
        "19 March 2027.",
        data.on_trip(D(2027, 3, 19), T(19, 30)),
    ),
    (
        "Viljava Food Technology Oy",
        FOOD_VALLEY,
        "posintra",
        "E-mail from Mikko Hautala, Sales director, of 20 March 2027: share our profile with "
        "the Food Valley administration.",
        data.at_office(data.DEMO_DAY, T(9, 0)),
    ),
    (
        "Luftkoll Sensors AB",
        FOOD_VALLEY,
        "vasteras",
        "Consent form signed at the Food Valley visit on 16 March 2027.",
        data.on_trip(D(2027, 3, 16), T(19, 30)),
    ),
    # Värmeflöde consented to the city's district-heating need only, not to Food Valley:
    # the Food Valley dossier lists it to the advisers as "not included: no consent".
    (
        "Värmeflöde Energy AB",
        WEIFANG,
        "vasteras",
        "Consent form signed after the welcome meeting with the city on 15 March 2027.",
        data.on_trip(D(2027, 3, 15), T(19, 30)),
    ),
)
# At the office on the day after the trip, once every consent was in: the Rizhao dossier
# prepared and sent to the city, the Food Valley one prepared to send later.
RIZHAO_PREPARED_AT = data.at_office(data.DEMO_DAY, T(11, 0))
RIZHAO_SENT_AT = data.at_office(data.DEMO_DAY, T(11, 30))
FOOD_VALLEY_PREPARED_AT = data.at_office(data.DEMO_DAY, T(14, 0))

RIZHAO_BASIS = (
    "Promised to the Rizhao city leaders at the meeting of 18 March 2027: details of the "
    "companies that suit the needs they raised."
)


def load_dossiers(mission: Mission, users: dict[str, Any]) -> None:
    """Consents, the Rizhao and Food Valley dossiers, and the Rizhao one sent."""
    orgs = {
        o.name: o
        for o in Organisation.objects.filter(
            name__in={c[0] for c in CONSENTS} | {RIZHAO, FOOD_VALLEY, WEIFANG}
        )
    }
    programme = mission.programme
    kirkasvirta = CompanyProfile.objects.get(organisation=orgs["Kirkasvirta Water Oy"])
    if kirkasvirta.offering_zh_hans != KIRKASVIRTA_OFFERING_ZH:
        update_company_profile(
            profile=kirkasvirta, actor=users["aqua"], offering_zh_hans=KIRKASVIRTA_OFFERING_ZH
        )
    for company, host, username, instruction, given_at in CONSENTS:
        active = SharingConsent.objects.active().filter(
            programme=programme, company=orgs[company], host=orgs[host]
        )
        if not active.exists():
            domain.give_consent(
                company=orgs[company],
                host=orgs[host],
                programme=programme,
                instruction=instruction,
                actor=users[username],
            )
        # Dated as the story says, not on the day the demo is loaded.
        active.update(given_at=given_at)
    rizhao = domain.prepare_dossier(mission=mission, host=orgs[RIZHAO], actor=users["posintra"])
    food_valley = domain.prepare_dossier(
        mission=mission, host=orgs[FOOD_VALLEY], actor=users["vasteras"]
    )
    if not DossierShare.objects.filter(version__dossier=rizhao).exists():
        domain.share_dossier(
            dossier=rizhao,
            companies=content.build(rizhao).company_ids,
            basis=RIZHAO_BASIS,
            recipient_user=users["rizhao"],
            actor=users["posintra"],
        )
    Dossier.objects.filter(pk=rizhao.pk).update(created_at=RIZHAO_PREPARED_AT)
    Dossier.objects.filter(pk=food_valley.pk).update(created_at=FOOD_VALLEY_PREPARED_AT)
    # The demo's share is the dossier's first (one sent later in the demo keeps its date).
    first = DossierShare.objects.filter(version__dossier=rizhao).order_by("pk").first()
    DossierShare.objects.filter(pk=first.pk).update(sent_at=RIZHAO_SENT_AT)
    DossierVersion.objects.filter(pk=first.version_id, number=1).update(created_at=RIZHAO_SENT_AT)
