"""The demo's dossiers: Rizhao's sent to the city, Food Valley's prepared with a company
left out for want of consent; loading again adds nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from sme2go.demo.loader import load_demo
from sme2go.dossiers import content
from sme2go.dossiers.models import Dossier, DossierShare, DossierVersion, SharingConsent
from tests.factories import client_for
from tests.pagetext import page_text

pytestmark = pytest.mark.django_db


def test_demo_dossiers(db):
    load_demo()
    rizhao = Dossier.objects.get(host__name="Rizhao Municipal People's Government")
    food_valley = Dossier.objects.get(host__name="Weifang Food Valley Administration")
    share = DossierShare.objects.get()
    users = get_user_model().objects.in_bulk(field_name="username")
    assert (share.version.dossier, share.recipient_user, share.sent_by) == (
        rizhao,
        users["rizhao"],
        users["posintra"],
    )
    assert sorted(share.version.companies.values_list("name", flat=True)) == [
        "Kirkasvirta Water Oy",
        "Norrträ Byggsystem AB",
    ]
    kirkasvirta = next(
        c
        for c in share.version.content["companies"].values()
        if c["name"]["texts"]["en"] == "Kirkasvirta Water Oy"
    )
    assert kirkasvirta["offering"]["texts"]["zh-hans"].startswith("Kirkasvirta 为村庄")
    draft = content.build(food_valley)
    assert [left.company.name for left in draft.left_out] == ["Värmeflöde Energy AB"]
    assert not food_valley.versions.exists()

    # The host reads it; the company sees who received its profile.
    html = (
        client_for(users["rizhao"])
        .get(reverse("dossiers:version", kwargs={"dossierversion_pk": share.version_id}))
        .content.decode()
    )
    assert "Kirkasvirta Water Oy" in html and "Värmeflöde" not in html
    aqua = client_for(users["aqua"]).get(
        reverse("dossiers:company", kwargs={"organisation_pk": kirkasvirta_pk(share)})
    )
    assert "Promised to the Rizhao city leaders" in aqua.content.decode()
    # The adviser's page: every approved company consented, and version 1 went out at the
    # office on the day after the trip (not on the day the demo was loaded).
    adviser = page_text(
        client_for(users["posintra"]).get(
            reverse("dossiers:detail", kwargs={"dossier_pk": rizhao.pk})
        )
    )
    assert "Consents Every approved company consented to sharing with this host." in adviser
    assert "Not included: no consent" not in adviser
    assert "Version 1 20/03/2027 11:30" in adviser

    counts = (
        SharingConsent.objects.count(),
        Dossier.objects.count(),
        DossierVersion.objects.count(),
    )
    load_demo()
    assert counts == (5, 2, 1)
    assert (
        SharingConsent.objects.count(),
        Dossier.objects.count(),
        DossierVersion.objects.count(),
        DossierShare.objects.count(),
    ) == (5, 2, 1, 1)


def kirkasvirta_pk(share) -> int:
    return share.version.companies.get(name="Kirkasvirta Water Oy").pk
