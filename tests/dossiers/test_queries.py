"""The dossier pages cost the same number of queries for 1 row as for 10 (no N+1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sme2go.dossiers import domain
from sme2go.dossiers.models import Dossier, SharingConsent
from sme2go.needs.models import Need
from sme2go.organisations.models import ContactPerson, Organisation
from tests.dossiers.conftest import approve
from tests.factories import enrol, make_company, make_organisation

pytestmark = pytest.mark.django_db


def consent(world, company, host=None):
    SharingConsent.objects.create(
        programme=world.programme,
        company=company,
        host=host or world.host,
        basis="company",
        given_at=timezone.now(),
    )


def add_companies(dw, n: int) -> list[str]:
    """Approved, consenting companies for the dossier's need (each with a reference and
    its operator's contact)."""
    names = []
    start = dw.world.need.proposals.count()
    for i in range(start, start + n):
        profile = make_company(f"Extra company {i}", dw.world.programme, dw.world.operator)
        profile.products.create(kind="reference", name=f"Reference {i}", year=2024)
        approve(dw.world, profile.organisation, f"Fits {i}.", 0.5)
        consent(dw.world, profile.organisation)
        names.append(profile.organisation.name)
    ContactPerson.objects.create(organisation=dw.world.operator, name=f"Contact {start}")
    return names


def add_sent_dossiers(dw, n: int) -> list[str]:
    """Needs of the host, each with a dossier sent with the consenting company."""
    w = dw.world
    titles = []
    for i in range(n):
        need = Need.objects.create(
            programme=w.programme,
            host=w.host,
            title=f"Extra need {i}",
            heard_on=dt.date(2026, 3, 16),
        )
        approve_for(w, need, w.company)
        dossier = Dossier.objects.create(programme=w.programme, host=w.host, need=need)
        domain.share_dossier(
            dossier=dossier,
            companies=[w.company.pk],
            basis=f"Basis {i}",
            recipient_user=w.host_user,
            actor=w.operator_user,
        )
        titles.append(need.title)
    return titles


def approve_for(world, need, company):
    from sme2go.matches.models import MatchProposal

    MatchProposal.objects.create(need=need, company=company, status="approved", score=0.5)


def add_hosts(dw, n: int) -> list[str]:
    """Hosts that stated a need on the mission, each with its dossier."""
    w = dw.world
    names = []
    for i in range(n):
        host = make_organisation(f"Extra host {i}", Organisation.Kind.HOST)
        enrol(w.programme, host)
        need = Need.objects.create(
            programme=w.programme,
            host=host,
            title=f"Heard {i}",
            heard_on=dt.date(2026, 3, 16),
            mission=w.mission,
        )
        approve_for(w, need, w.company)
        Dossier.objects.create(programme=w.programme, host=host, mission=w.mission)
        names.append(host.name)
    return names


def same_queries(client, url, add_rows, dw, django_assert_max_num_queries, expect_in_page=True):
    first = add_rows(dw, 1)
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    names = first + add_rows(dw, 9)
    with django_assert_max_num_queries(len(one)):
        response = client.get(url)
    html = response.content.decode()
    assert [name for name in names if name not in html] == []


def test_dossier_page_with_many_companies(dw, client_for, django_assert_max_num_queries):
    url = reverse("dossiers:detail", kwargs={"dossier_pk": dw.dossier.pk})
    same_queries(
        client_for(dw.world.operator_user), url, add_companies, dw, django_assert_max_num_queries
    )


def test_version_page_with_many_companies(dw, client_for, django_assert_max_num_queries):
    w = dw.world
    names = add_companies(dw, 1)
    one_version = domain.share_dossier(
        dossier=dw.dossier, companies=[w.company.pk], basis="b", actor=w.operator_user
    ).version
    more = add_companies(dw, 9)
    ids = list(Organisation.objects.filter(name__in=names + more).values_list("pk", flat=True))
    many = domain.share_dossier(
        dossier=dw.dossier, companies=[w.company.pk, *ids], basis="b", actor=w.operator_user
    ).version
    client = client_for(w.host_user)
    one_url = reverse("dossiers:version", kwargs={"dossierversion_pk": one_version.pk})
    many_url = reverse("dossiers:version", kwargs={"dossierversion_pk": many.pk})
    client.get(one_url)
    with CaptureQueriesContext(connection) as one:
        client.get(one_url)
    with django_assert_max_num_queries(len(one)):
        html = client.get(many_url).content.decode()
    assert [n for n in names + more if n not in html] == []


@pytest.mark.parametrize("user", ["operator_user", "host_user"])
def test_dossier_list(dw, client_for, django_assert_max_num_queries, user):
    same_queries(
        client_for(getattr(dw.world, user)),
        reverse("dossiers:list"),
        add_sent_dossiers,
        dw,
        django_assert_max_num_queries,
    )


def test_company_sharing_log(dw, client_for, django_assert_max_num_queries):
    w = dw.world
    url = reverse("dossiers:company", kwargs={"organisation_pk": w.company.pk})
    same_queries(
        client_for(w.company_user), url, add_sent_dossiers, dw, django_assert_max_num_queries
    )


def test_host_dashboard_with_dossiers(dw, client_for, django_assert_max_num_queries):
    same_queries(
        client_for(dw.world.host_user),
        reverse("core:dashboard"),
        add_sent_dossiers,
        dw,
        django_assert_max_num_queries,
    )


def test_mission_dossiers(dw, client_for, django_assert_max_num_queries):
    url = reverse("dossiers:mission", kwargs={"mission_pk": dw.world.mission.pk})
    same_queries(
        client_for(dw.world.operator_user), url, add_hosts, dw, django_assert_max_num_queries
    )
