"""The demo tells the seed's story to the matching engine too: each need's best match is
the company the story intends, and the companies that fit nothing stay out of the top two."""

from __future__ import annotations

import pytest

from sme2go.companies.models import CompanyProfile
from sme2go.demo import data
from sme2go.demo.loader import load_demo
from sme2go.matches.documents import company_doc, need_doc, needs_for_matching
from sme2go.matching import MatchIndex
from sme2go.needs.models import Need

INTENDED = {
    "Waste-water treatment for rural villages and small towns": "Kirkasvirta Water Oy",
    "Low-rise timber buildings near Rizhao National Forest Park": "Norrträ Byggsystem AB",
    "Food-processing, cold-chain and food-safety technology": "Viljava Food Technology Oy",
    "Energy efficiency and emissions monitoring in food-industry parks": "Luftkoll Sensors AB",
    "Smart-city sensor and IoT partners for electronics suppliers": "Luftkoll Sensors AB",
    "Furniture and wooden-product design partners": "Istuin Design Oy",
    "Energy saving in the Weifang district-heating network": "Värmeflöde Energy AB",
}
MISFITS = {c["name"] for c in data.COMPANIES if not c["fits"]}


@pytest.mark.django_db
def test_each_need_ranks_its_intended_company_first():
    load_demo()
    profiles = CompanyProfile.objects.filter(
        organisation__enrolments__programme__name=data.SME2GO
    ).select_related("organisation")
    index = MatchIndex.build([company_doc(p) for p in profiles])
    names = {str(p.organisation_id): p.organisation.name for p in profiles}

    best = {}
    for need in needs_for_matching(Need.objects.all()):
        ranking = [names[m.id] for m in index.rank_companies(need_doc(need), top_k=3)]
        best[need.title] = ranking[0]
        assert not MISFITS & set(ranking[:2]), need.title

    assert best == INTENDED
