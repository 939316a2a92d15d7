"""A programme world with two companies approved for the host's need: one that consented
to sharing with the host, one that did not."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from sme2go.companies.models import Product
from sme2go.dossiers.models import Dossier, SharingConsent
from sme2go.matches.models import MatchProposal
from sme2go.organisations.models import ContactPerson, Organisation
from tests.factories import World, make_company, make_user


@dataclass
class DossierWorld:
    world: World
    consenting: Organisation
    refusing: Organisation
    refusing_user: object
    dossier: Dossier


def approve(world: World, company: Organisation, note: str, score: float) -> MatchProposal:
    proposal, _ = MatchProposal.objects.update_or_create(
        need=world.need,
        company=company,
        defaults={
            "rank": 1,
            "score": score,
            "status": MatchProposal.Status.APPROVED,
            "decision_reason": note,
            "decided_by": world.operator_user,
            "decided_at": timezone.now(),
            "reasons": {
                "summary": "",
                "terms": ["waste-water"],
                "codes": [
                    {
                        "kind": "domain",
                        "code": "water",
                        "name": "water",
                        "need_code": "water",
                        "relation": "exact",
                    },
                    {
                        "kind": "cpv",
                        "code": "45252100",
                        "name": "Sewage-treatment plant construction work",
                        "need_code": "45252100",
                        "relation": "exact",
                    },
                ],
                "sentence_pair": ["Villages need treatment plants.", "We build village plants."],
                "constraints": [],
                "codes_only": False,
            },
        },
    )
    return proposal


def dossier_world(world: World) -> DossierWorld:
    """``world`` with its company consenting and approved, a second company approved
    without consent, the host named in Chinese and the need's dossier prepared."""
    world.host.name_zh = "测试接待单位"
    world.host.save()
    world.profile.offering_zh_hans = "我们为村庄建造污水处理厂。"
    world.profile.save()
    world.need.title_zh_hans = "农村污水处理"
    world.need.save()
    Product.objects.create(
        profile=world.profile,
        kind=Product.Kind.REFERENCE,
        name="Village plant, Pyhtää",
        description="Replaced 120 septic tanks.",
        year=2023,
        location="Pyhtää",
    )
    ContactPerson.objects.create(
        organisation=world.operator,
        name=f"Adviser {world.label}",
        title="Programme manager",
        email=f"adviser_{world.label}@example.org",
    )
    refusing = make_company(f"Refusing {world.label}", world.programme, world.operator)
    refusing_user = make_user(f"refusing_{world.label}", refusing.organisation)
    approve(world, world.company, "Builds exactly these plants.", 0.9)
    approve(world, refusing.organisation, "Also builds plants.", 0.8)
    SharingConsent.objects.create(
        programme=world.programme,
        company=world.company,
        host=world.host,
        basis=SharingConsent.Basis.COMPANY,
        given_by=world.company_user,
        given_at=timezone.now(),
    )
    dossier = Dossier.objects.create(
        programme=world.programme, host=world.host, need=world.need, created_by=world.operator_user
    )
    return DossierWorld(world, world.company, refusing.organisation, refusing_user, dossier)


@pytest.fixture
def dw(programme_a) -> DossierWorld:
    return dossier_world(programme_a)
