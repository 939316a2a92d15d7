"""Proposed matches: ranking from the database, decisions kept, visibility, signals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sme2go.matches.domain import comment_on_match, decide_match, refresh_matches
from sme2go.matches.models import MatchProposal
from sme2go.needs.models import Need
from tests import factories
from tests.pagetext import page_text


@pytest.fixture
def world(programme_a):
    """Programme A plus a wooden-house builder and a game studio that fits nothing."""
    w = programme_a
    w.wood = factories.make_company(
        "Kuusi Timber Homes",
        w.programme,
        w.operator,
        domains=("buildings",),
        offering="Prefabricated wooden houses and cross-laminated timber (CLT) buildings.",
        cpv_codes=["44211100"],
    ).organisation
    w.games = factories.make_company(
        "Pixel Fjord Games",
        w.programme,
        w.operator,
        domains=("ict",),
        offering="Mobile puzzle games for teenagers.",
        cpv_codes=["48000000"],
    ).organisation
    w.need.title = "Waste-water treatment for small towns"
    w.need.description = "Compact waste-water treatment plants for rural villages."
    w.need.save()
    return w


def ranked(need):
    return list(
        MatchProposal.objects.filter(need=need, rank__isnull=False)
        .order_by("rank")
        .values_list("company__name", flat=True)
    )


def test_refresh_ranks_the_fitting_company_first_with_reasons(world):
    count = refresh_matches(actor=None, programme_id=world.programme.pk)
    names = ranked(world.need)
    assert count == len(names)
    assert names[0] == "Company a"
    assert "Pixel Fjord Games" not in names[:1]
    top = MatchProposal.objects.get(need=world.need, company=world.company)
    assert top.rank == 1
    assert top.reasons["summary"]
    assert any(code["code"] == "45252100" for code in top.reasons["codes"])


def test_decisions_survive_recomputing(world):
    refresh_matches(actor=None, programme_id=world.programme.pk)
    proposal = MatchProposal.objects.get(need=world.need, company=world.company)
    decide_match(proposal=proposal, decision="approved", actor=world.operator_user)
    refresh_matches(actor=None, programme_id=world.programme.pk)
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    assert proposal.decided_by == world.operator_user
    assert proposal.rank == 1


def test_decided_proposal_that_drops_out_keeps_its_row(world):
    refresh_matches(actor=None, programme_id=world.programme.pk)
    proposal = MatchProposal.objects.get(need=world.need, company=world.company)
    decide_match(
        proposal=proposal, decision="rejected", reason="Too small", actor=world.operator_user
    )
    # The need now asks for something only the wood builder offers.
    world.need.title = "Wooden houses"
    world.need.description = "Cross-laminated timber houses near the forest park."
    world.need.cpv_codes = ["44211100"]
    world.need.save()
    world.need.domains.set(["buildings"])
    world.company.profile.cpv_codes = ["33000000"]
    world.company.profile.offering = "Dental chairs."
    world.company.profile.save()
    world.company.profile.domains.set(["health"])
    refresh_matches(actor=None, programme_id=world.programme.pk)
    proposal.refresh_from_db()
    assert proposal.rank is None
    assert proposal.status == "rejected"
    assert proposal.decision_reason == "Too small"
    assert ranked(world.need)[0] == "Kuusi Timber Homes"


def test_rejecting_needs_a_reason(world):
    refresh_matches(actor=None, programme_id=world.programme.pk)
    proposal = MatchProposal.objects.get(need=world.need, company=world.company)
    with pytest.raises(ValidationError) as error:
        decide_match(proposal=proposal, decision="rejected", reason="  ", actor=world.operator_user)
    assert error.value.message_dict == {"reason": ["Say why the match is rejected."]}
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_closed_needs_are_not_ranked(world):
    world.need.status = Need.Status.CLOSED
    world.need.save()
    before = list(MatchProposal.objects.values_list("company__name", "rank"))
    assert refresh_matches(actor=None, programme_id=world.programme.pk) == 0
    assert list(MatchProposal.objects.values_list("company__name", "rank")) == before


def test_saving_a_need_reranks_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        need = Need.objects.create(
            programme=world.programme,
            host=world.host,
            title="Timber kindergarten buildings",
            description="Wooden CLT buildings for kindergartens.",
            heard_on=dt.date(2026, 3, 18),
        )
    assert ranked(need)[0] == "Kuusi Timber Homes"


def test_changing_a_profile_reranks_after_commit(world, django_capture_on_commit_callbacks):
    refresh_matches(actor=None, programme_id=world.programme.pk)
    assert "Pixel Fjord Games" not in ranked(world.need)[:1]
    with django_capture_on_commit_callbacks(execute=True):
        profile = world.games.profile
        profile.offering = "Waste-water treatment plants for rural villages and small towns."
        profile.cpv_codes = ["45252100"]
        profile.save()
    assert "Pixel Fjord Games" in ranked(world.need)


def test_adviser_page_shows_reasons_and_decides(world, client_for):
    refresh_matches(actor=None, programme_id=world.programme.pk)
    client = client_for(world.operator_user)
    page = client.get(reverse("matches:need", kwargs={"need_pk": world.need.pk}))
    html = page.content.decode()
    assert "Company a" in html
    proposal = MatchProposal.objects.get(need=world.need, company=world.company)
    assert (
        "<li>Company a’s profile uses the need’s own words: “waste water treatment”, “plants”.</li>"
        in html
    )
    assert (
        "<li>Same procurement code as the need: CPV 45252100 Sewage-treatment plant "
        "construction work.</li>" in html
    )
    response = client.post(
        reverse("matches:decide", kwargs={"proposal_pk": proposal.pk}),
        {"decision": "approved", "reason": ""},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    response = client.post(
        reverse("matches:comment", kwargs={"proposal_pk": proposal.pk}),
        {"text": "Met them in Rizhao."},
    )
    assert proposal.comments.get().text == "Met them in Rizhao."


def test_company_sees_only_approved_matches(world, client_for):
    refresh_matches(actor=None, programme_id=world.programme.pk)
    proposal = MatchProposal.objects.get(need=world.need, company=world.company)
    url = reverse("matches:company", kwargs={"organisation_pk": world.company.pk})
    client = client_for(world.company_user)
    assert world.need.title not in client.get(url).content.decode()
    decide_match(proposal=proposal, decision="approved", actor=world.operator_user)
    html = client.get(url).content.decode()
    assert world.need.title in html
    assert "Company a’s profile uses the need’s own words: “waste water treatment”" in html


def test_company_and_host_cannot_decide(world, client_for):
    refresh_matches(actor=None, programme_id=world.programme.pk)
    proposal = MatchProposal.objects.get(need=world.need, company=world.company)
    decide_match(proposal=proposal, decision="approved", actor=world.operator_user)
    url = reverse("matches:decide", kwargs={"proposal_pk": proposal.pk})
    company_response = client_for(world.company_user).post(url, {"decision": "rejected"})
    host_response = client_for(world.host_user).post(url, {"decision": "rejected"})
    # Both see the approved proposal (the host for its own need), neither may change it.
    assert (company_response.status_code, host_response.status_code) == (403, 403)
    proposal.refresh_from_db()
    assert proposal.status == "approved"


def test_adviser_page_query_count_does_not_grow(world, client_for, django_assert_max_num_queries):
    refresh_matches(actor=None, programme_id=world.programme.pk)
    client = client_for(world.operator_user)
    url = reverse("matches:need", kwargs={"need_pk": world.need.pk})
    for proposal in MatchProposal.objects.all():
        comment_on_match(proposal=proposal, text="noted", actor=world.operator_user)
    client.get(url)
    with django_assert_max_num_queries(14):
        client.get(url)
    for i in range(8):
        factories.make_company(f"Water {i}", world.programme, world.operator)
    refresh_matches(actor=None, programme_id=world.programme.pk)
    for proposal in MatchProposal.objects.all():
        comment_on_match(proposal=proposal, text="noted", actor=world.operator_user)
    assert MatchProposal.objects.filter(need=world.need).count() >= 9
    with django_assert_max_num_queries(14):
        client.get(url)


def test_need_and_company_pages_show_the_short_lists(world, client_for):
    refresh_matches(actor=None, programme_id=world.programme.pk)
    proposal = MatchProposal.objects.get(need=world.need, company=world.company)
    operator = client_for(world.operator_user)
    need_page = operator.get(reverse("needs:detail", kwargs={"need_pk": world.need.pk}))
    assert (
        "Suitable companies "
        "The matching engine ranks the programme's companies for this need and says why; "
        "an adviser approves or rejects each proposal before anything reaches a company or "
        "the host. Company a Proposed Shared wording: “waste water treatment”, “plants” "
        "Review matching companies"
    ) in page_text(need_page)
    assert f'<a href="/companies/{world.company.pk}/">Company a</a>' in need_page.content.decode()
    company_url = reverse("companies:detail", kwargs={"organisation_pk": world.company.pk})
    assert world.need.title in operator.get(company_url).content.decode()

    company = client_for(world.company_user)
    assert world.need.title not in company.get(company_url).content.decode()
    decide_match(proposal=proposal, decision="approved", actor=world.operator_user)
    assert world.need.title in company.get(company_url).content.decode()


def proposal_rows(need):
    return sorted(
        MatchProposal.objects.filter(need=need).values_list("company__name", "rank", "score")
    )


def test_host_user_cannot_refresh_the_ranking(world, client_for):
    """Issue 13, defect 2: a host user's POST answered 302 and rewrote the proposals."""
    refresh_matches(actor=None, programme_id=world.programme.pk)
    MatchProposal.objects.filter(need=world.need).update(score=0.123)
    before = proposal_rows(world.need)
    url = reverse("matches:refresh", kwargs={"need_pk": world.need.pk})
    statuses = [client_for(u).post(url).status_code for u in (world.host_user, world.company_user)]
    assert statuses == [403, 404]  # the host sees its need; the company does not
    assert proposal_rows(world.need) == before
    response = client_for(world.operator_user).post(url)
    assert response.status_code == 302
    assert {score for _, _, score in proposal_rows(world.need)} != {0.123}


def test_refresh_decides_permission_from_the_actor(world, programme_b):
    from django.core.exceptions import PermissionDenied

    for actor in (world.host_user, world.company_user, programme_b.operator_user):
        with pytest.raises(PermissionDenied):
            refresh_matches(actor=actor, programme_id=world.programme.pk)
    assert not MatchProposal.objects.filter(need=world.need).exists()
    assert refresh_matches(actor=world.operator_user, programme_id=world.programme.pk) >= 1


def test_decide_and_comment_decide_permission_from_the_actor(world):
    from django.core.exceptions import PermissionDenied

    refresh_matches(actor=None, programme_id=world.programme.pk)
    proposal = MatchProposal.objects.filter(need=world.need).first()
    for actor in (world.host_user, world.company_user):
        with pytest.raises(PermissionDenied):
            decide_match(proposal=proposal, decision="approved", actor=actor)
        with pytest.raises(PermissionDenied):
            comment_on_match(proposal=proposal, text="mine", actor=actor)
    proposal.refresh_from_db()
    assert proposal.status == MatchProposal.Status.PROPOSED
    assert not proposal.comments.exists()
