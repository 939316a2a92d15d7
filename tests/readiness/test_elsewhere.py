"""Readiness beside the company: its profile page and the match lists (readiness-aware
matching: open critical blockers for the need's market are a match reason)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.pagetext import page_text
from tests.readiness.helpers import levels, submitted

pytestmark = pytest.mark.django_db


def test_the_company_page_shows_the_latest_readiness(programme_a, client_for):
    submitted(programme_a, levels(3))
    url = reverse("companies:detail", kwargs={"organisation_pk": programme_a.company.pk})
    text = page_text(client_for(programme_a.operator_user).get(url))
    assert "Export readiness Ready with gaps 75.0 / 100" in text
    # Only blockers known to apply: CN-D1 applies to every technology export; the others
    # hang on screening questions the company left open.
    assert "1 open critical blocker: CN-D1 " in text
    # A host sees the company's name on its need, never its readiness.
    assert "Export readiness" not in page_text(
        client_for(programme_a.host_user).get(
            reverse("needs:detail", kwargs={"need_pk": programme_a.need.pk})
        )
    )


def test_match_lists_name_open_critical_blockers_for_the_needs_market(programme_a, client_for):
    submitted(programme_a, levels(3))
    proposal = programme_a.proposal
    client = client_for(programme_a.operator_user)
    need_page = page_text(client.get(reverse("matches:need", kwargs={"need_pk": proposal.need_id})))
    # The need is in Weifang, China; the company's China module has critical items open.
    assert "CN-D1" in need_page
    assert "Ready with gaps 75" in need_page  # the band beside the company
    proposal.status = "approved"
    proposal.save()
    company_page = page_text(
        client_for(programme_a.company_user).get(
            reverse("matches:company", kwargs={"organisation_pk": programme_a.company.pk})
        )
    )
    assert "Export readiness: an open critical blocker for China: CN-D1 " in company_page
