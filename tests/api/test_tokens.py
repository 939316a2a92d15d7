"""Personal API tokens: stored as a hash, shown once, scoped, revocable, expiring."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sme2go.api.domain import create_api_token, revoke_api_token
from sme2go.api.models import ApiToken, token_digest
from sme2go.needs.models import Need
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

API = "/api/v1"


def test_only_a_hash_is_stored(programme_a):
    token, value = create_api_token(actor=programme_a.operator_user, name="CRM sync")
    assert value.startswith("sme2go_") and len(value) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == token_digest(value) != value
    assert value not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert stored.prefix == value[:11]


def test_a_read_only_token_cannot_write(programme_a):
    _, value = create_api_token(actor=programme_a.operator_user, name="read", scope="read")
    api = ApiClient(value)
    assert api.get(f"{API}/needs").status_code == 200
    response = api.patch(f"{API}/needs/{programme_a.need.pk}", {"status": "closed"})
    assert (response.status_code, response.json()) == (403, {"detail": "This token is read-only."})
    programme_a.need.refresh_from_db()
    assert programme_a.need.status == "open"


def test_a_revoked_token_is_refused(programme_a):
    token, value = create_api_token(actor=programme_a.operator_user, name="old")
    api = ApiClient(value)
    assert api.get(f"{API}/needs").status_code == 200
    revoke_api_token(actor=programme_a.operator_user, token=token)
    response = api.get(f"{API}/needs")
    assert (response.status_code, response.json()) == (401, {"detail": "This token was revoked."})


def test_an_expired_token_is_refused(programme_a):
    token, value = create_api_token(
        actor=programme_a.operator_user,
        name="soon",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    api = ApiClient(value)
    assert api.get(f"{API}/needs").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = api.get(f"{API}/needs")
    assert (response.status_code, response.json()) == (401, {"detail": "This token has expired."})


def test_an_unknown_token_is_refused(programme_a):
    response = ApiClient("sme2go_not-a-token").get(f"{API}/needs")
    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})


def test_a_token_of_an_inactive_user_is_refused(programme_a):
    _, value = create_api_token(actor=programme_a.operator_user, name="t")
    programme_a.operator_user.is_active = False
    programme_a.operator_user.save()
    assert ApiClient(value).get(f"{API}/needs").status_code == 401


def test_a_token_has_its_users_rights_never_more(programme_a, programme_b):
    """A company user's read-write token sees what the company sees and cannot plan."""
    _, value = create_api_token(actor=programme_a.company_user, name="rw", scope="read_write")
    api = ApiClient(value)
    assert api.get(f"{API}/needs").json() == {"items": [], "count": 0}
    assert [o["name"] for o in api.get(f"{API}/organisations").json()["items"]] == ["Company a"]
    response = api.patch(f"{API}/needs/{programme_a.need.pk}", {"status": "closed"})
    assert response.status_code == 404


def test_last_use_is_recorded(programme_a):
    token, value = create_api_token(actor=programme_a.operator_user, name="t")
    assert token.last_used_at is None
    ApiClient(value).get(f"{API}/programmes")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_expiry_must_lie_in_the_future(programme_a):
    with pytest.raises(ValidationError) as error:
        create_api_token(
            actor=programme_a.operator_user,
            name="t",
            expires_at=timezone.now() - dt.timedelta(days=1),
        )
    assert error.value.message_dict == {"expires_at": ["The expiry must lie in the future."]}
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_users_token(programme_a):
    token, _ = create_api_token(actor=programme_a.operator_user, name="t")
    with pytest.raises(PermissionDenied):
        revoke_api_token(actor=programme_a.host_user, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


# Session authentication -------------------------------------------------------------------


def test_the_browser_session_reads_and_writes_with_csrf(programme_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(programme_a.operator_user)
    assert client.get(f"{API}/needs").json()["count"] == 1
    url = f"{API}/needs/{programme_a.need.pk}"
    refused = client.patch(url, '{"status": "closed"}', content_type="application/json")
    assert (refused.status_code, refused.json()) == (403, {"detail": "CSRF check Failed"})
    programme_a.need.refresh_from_db()
    assert programme_a.need.status == "open"
    # The docs page hands the CSRF token to Swagger UI (as the browser would use it).
    docs = client.get(f"{API}/docs").content.decode()
    csrf = re.search(r'data-csrf-token="([^"]+)"', docs).group(1)
    accepted = client.patch(
        url, '{"status": "closed"}', content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 200, accepted.content
    assert Need.objects.get(pk=programme_a.need.pk).status == "closed"


# The account page -------------------------------------------------------------------------


def test_create_list_and_revoke_on_the_account_page(programme_a, client_for):
    user = programme_a.operator_user
    client = client_for(user)
    url = reverse("tokens:list")
    page = client.get(url).content.decode()
    assert "You have no API tokens." in page
    response = client.post(
        url, {"name": "CRM sync", "scope": "read_write", "expires_on": "2099-01-31"}
    )
    page = response.content.decode()
    value = re.search(r'<code class="token-value">([^<]+)</code>', page).group(1)
    token = ApiToken.objects.get(user=user)
    assert (token.name, token.scope, token.digest) == (
        "CRM sync",
        "read_write",
        token_digest(value),
    )
    assert timezone.localtime(token.expires_at).date() == dt.date(2099, 1, 31)
    assert "Copy it now: it is shown only once" in page
    # Shown once: the list page afterwards shows only the prefix.
    page = client.get(url).content.decode()
    assert value not in page
    assert f"{token.prefix}…" in page and "CRM sync" in page and "active" in page
    # The token works, then is revoked from the page.
    assert ApiClient(value).get(f"{API}/programmes").status_code == 200
    response = client.post(reverse("tokens:revoke", kwargs={"apitoken_pk": token.pk}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "revoked" in client.get(url).content.decode()
    assert ApiClient(value).get(f"{API}/programmes").status_code == 401


def test_the_account_page_shows_form_errors(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    page = client.post(
        reverse("tokens:list"), {"name": "", "scope": "admin", "expires_on": "2001-01-01"}
    ).content.decode()
    assert "This field is required." in page
    assert "Select a valid choice. admin is not one of the available choices." in page
    assert not ApiToken.objects.exists()
    page = client.post(
        reverse("tokens:list"), {"name": "t", "scope": "read", "expires_on": "2001-01-01"}
    ).content.decode()
    assert "The expiry must lie in the future." in page
    assert not ApiToken.objects.exists()


def test_another_users_token_cannot_be_revoked_from_the_page(programme_a, client_for):
    token, _ = create_api_token(actor=programme_a.operator_user, name="t")
    response = client_for(programme_a.host_user).post(
        reverse("tokens:revoke", kwargs={"apitoken_pk": token.pk})
    )
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
