"""The demo is in its post-trip state: matches reviewed, needs recorded when heard, one
need answered by a named company, and each login sees what the README promises."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from sme2go.core.tenancy import scoped
from sme2go.demo import data
from sme2go.demo.loader import load_demo
from sme2go.matches.models import MatchProposal
from sme2go.needs.models import Need

SHANGHAI = ZoneInfo("Asia/Shanghai")


def decisions() -> set[tuple[str, str, str, str, str]]:
    return {
        (p.need.title, p.company.name, p.status, p.decided_by.username, p.decision_reason)
        for p in MatchProposal.objects.exclude(status="proposed").select_related(
            "need", "company", "decided_by"
        )
    }


@pytest.mark.django_db
def test_the_advisers_decisions_are_loaded_through_the_domain():
    load_demo()

    assert decisions() == {
        (need, company, status, who, reason)
        for need, company, status, reason, who, _ in data.MATCH_DECISIONS
    }
    assert MatchProposal.objects.filter(status="approved").count() == 8
    assert MatchProposal.objects.filter(status="rejected").count() == 7
    kirkasvirta = MatchProposal.objects.get(
        need__title=data.WASTE_WATER, company__name="Kirkasvirta Water Oy"
    )
    assert kirkasvirta.decided_at == dt.datetime(2027, 3, 18, 20, 0, tzinfo=SHANGHAI)
    assert kirkasvirta.rank == 1


@pytest.mark.django_db
def test_loading_twice_keeps_the_same_decisions_and_rankings():
    load_demo()
    first = decisions()
    ranks = sorted(MatchProposal.objects.values_list("need_id", "company_id", "rank", "score"))

    load_demo()

    assert decisions() == first
    assert (
        sorted(MatchProposal.objects.values_list("need_id", "company_id", "rank", "score")) == ranks
    )


@pytest.mark.django_db
def test_needs_are_recorded_on_the_day_they_were_heard():
    load_demo()

    recorded = {
        n.title: (n.created_at.astimezone(SHANGHAI), n.created_by.username)
        for n in Need.objects.select_related("created_by")
    }
    assert recorded == {
        spec["title"]: (
            dt.datetime.combine(spec["heard_on"], dt.time(19, 0), tzinfo=SHANGHAI),
            spec["recorded_by"],
        )
        for spec in data.NEEDS
    }


@pytest.mark.django_db
def test_the_furniture_need_is_answered_by_istuin_with_the_agreement():
    load_demo()
    load_demo()

    need = Need.objects.select_related("answered_by").get(title=data.FURNITURE)
    assert need.status == Need.Status.ANSWERED
    assert need.answered_by.name == "Istuin Design Oy"
    assert need.answer == (
        "Cooperation agreement signed with Zhucheng Hengmu Seating on 17 March 2027: "
        "Hengmu produces the seat shells of Istuin's contract range and distributes "
        "Istuin designs in China."
    )
    assert list(Need.objects.exclude(answered_by=None).values_list("title", flat=True)) == [
        data.FURNITURE
    ]


@pytest.mark.django_db
def test_aqua_sees_its_approved_opportunity_and_rizhao_its_approved_companies():
    load_demo()
    users = get_user_model().objects

    aqua = scoped(MatchProposal, users.get(username="aqua"))
    assert sorted(aqua.values_list("need__title", "status")) == [(data.WASTE_WATER, "approved")]

    rizhao = scoped(MatchProposal, users.get(username="rizhao"))
    assert sorted(rizhao.values_list("need__title", "company__name")) == [
        (data.TIMBER, "Norrträ Byggsystem AB"),
        (data.WASTE_WATER, "Kirkasvirta Water Oy"),
    ]
