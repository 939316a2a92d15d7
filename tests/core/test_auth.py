"""Log-in throttling, password reset by mail and password change."""

import re

import pytest
from django.urls import reverse

from sme2go.config.options import load
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_correct_login_reaches_the_dashboard(programme_a, client):
    response = log_in(client, "operator_a", PASSWORD)
    assert response["Location"] == reverse("core:dashboard")
    assert client.session["_auth_user_id"] == str(programme_a.operator_user.pk)


def test_wrong_password_is_reported(programme_a, client):
    response = log_in(client, "operator_a", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_is_refused_after_too_many_failures(programme_a, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "operator_a", "wrong")
    response = log_in(client, "operator_a", PASSWORD)
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("minutes", "wait"), [(15, "15 minutes"), (1, "1 minute")])
def test_lockout_says_how_long_to_wait_and_offers_no_reset(
    programme_a, client, settings, minutes, wait
):
    """Issue 13, defect 6: the page suggested a password reset, which does not lift it."""
    settings.AXES_COOLOFF_TIME = minutes / 60
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "operator_a", "wrong")
    response = log_in(client, "operator_a", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert f"Log-in for this account is paused. Try again in {wait}." in html
    assert "Resetting the password does not end the pause." in html
    assert reverse("password_reset") not in html
    assert "reset your password" not in html


def test_password_reset_mail_and_link(programme_a, client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "operator_a@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert [mail.to for mail in mailoutbox] == [["operator_a@example.org"]]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    set_password_url = client.get(link)["Location"]
    response = client.post(
        set_password_url,
        {"new_password1": "Weifang-food-valley-9", "new_password2": "Weifang-food-valley-9"},
    )
    assert response["Location"] == reverse("password_reset_complete")
    programme_a.operator_user.refresh_from_db()
    assert programme_a.operator_user.check_password("Weifang-food-valley-9")


def test_password_reset_for_an_unknown_address_sends_nothing(db, client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


def test_mail_goes_to_the_console_by_default():
    assert load({})["EMAIL_URL"] == "django.core.mail.backends.console.EmailBackend"


def test_password_change(programme_a, client_for):
    client = client_for(programme_a.company_user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Rizhao-wooden-houses-7",
            "new_password2": "Rizhao-wooden-houses-7",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    programme_a.company_user.refresh_from_db()
    assert programme_a.company_user.check_password("Rizhao-wooden-houses-7")
