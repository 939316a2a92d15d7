"""The admin shows the log and changes nothing in it, not even for superusers."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from sme2go.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_client(programme_a, client):
    client.force_login(
        get_user_model().objects.create_superuser("root", "root@example.org", "pw-Root-2026")
    )
    return client


def test_superusers_see_entries_but_cannot_add_change_or_delete_them(programme_a, root_client):
    entry = AuditEntry.objects.filter(programme=programme_a.programme).earliest("pk")
    before = (entry.action, entry.object_repr, entry.changes)

    listing = root_client.get("/admin/audit/auditentry/")
    assert listing.status_code == 200
    assert entry.object_repr in listing.content.decode()
    assert 'value="delete_selected"' not in listing.content.decode()

    page = root_client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()

    assert root_client.get("/admin/audit/auditentry/add/").status_code == 403
    response = root_client.post(
        f"/admin/audit/auditentry/{entry.pk}/change/",
        {"action": "create", "object_repr": "Forged", "changes": "{}"},
    )
    assert response.status_code == 403
    with pytest.raises(NoReverseMatch):
        reverse("admin:audit_auditentry_delete", args=[entry.pk])
    # The admin's catch-all URL sends .../delete/ to a change page that does not exist.
    assert root_client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 302
    bulk = root_client.post(
        "/admin/audit/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert bulk.status_code == 200  # "No action selected": the action does not exist

    entry.refresh_from_db()
    assert (entry.action, entry.object_repr, entry.changes) == before
