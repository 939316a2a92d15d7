"""The retention rule (SME2GO_RETENTION_DAYS) and ``sme2go apply_retention``."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from sme2go.audit.domain import retention_candidates
from sme2go.audit.models import AuditEntry
from sme2go.organisations.models import ContactPerson
from sme2go.programmes.models import Programme

pytestmark = pytest.mark.django_db
User = get_user_model()
LONG_AGO = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


@pytest.fixture
def ended(programme_a, programme_b):
    """Programme A ended in 2024; B still runs. In A, the host user last logged in long
    ago and the host's contact was last changed long ago; everybody else is recent."""
    Programme.objects.filter(pk=programme_a.programme.pk).update(
        start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 12, 31)
    )
    User.objects.filter(pk=programme_a.host_user.pk).update(last_login=LONG_AGO)
    User.objects.filter(pk=programme_b.host_user.pk).update(last_login=LONG_AGO)
    AuditEntry.objects.about(programme_a.contactperson).update(at=LONG_AGO)
    AuditEntry.objects.about(programme_b.contactperson).update(at=LONG_AGO)
    return programme_a


def run(*args: str) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_candidates_are_inactive_people_of_ended_programmes_only(ended, programme_b):
    fresh = ContactPerson.objects.create(organisation=ended.host, name="Just added")
    now = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    # Joined "now" (2026) is after 2025: only the long-inactive host user and contact count.
    candidates = retention_candidates(30, now=now)
    assert [u.username for u in candidates.users] == ["host_a"]
    assert [c.name for c in candidates.contacts] == ["Contact a"]
    assert fresh not in candidates.contacts
    # A window longer than the time since the programme ended protects everyone.
    assert retention_candidates(365, now=now) == retention_candidates(10_000, now=now)
    assert retention_candidates(365, now=now).users == []


def test_dry_run_lists_and_changes_nothing(ended, settings):
    settings.SME2GO_RETENTION_DAYS = 30
    assert run("--dry-run").splitlines() == [
        f"Would erase user #{ended.host_user.pk} of Host a",
        f"Would erase contact person #{ended.contactperson.pk} of Host a",
        "Would erase 1 user(s) and 1 contact person(s) inactive for 30 days.",
    ]
    assert User.objects.get(pk=ended.host_user.pk).username == "host_a"
    assert ContactPerson.objects.get(pk=ended.contactperson.pk).name == "Contact a"


def test_the_command_erases_through_erase_person(ended, programme_b, settings):
    settings.SME2GO_RETENTION_DAYS = 30
    assert (
        run().splitlines()[-1] == "Erased 1 user(s) and 1 contact person(s) inactive for 30 days."
    )
    user = User.objects.get(pk=ended.host_user.pk)
    assert (user.username, user.first_name, user.email, user.is_active) == (
        f"erased-{user.pk}",
        "Erased person",
        "",
        False,
    )
    contact = ContactPerson.objects.get(pk=ended.contactperson.pk)
    assert (contact.name, contact.email) == ("Erased person", "")
    entry = AuditEntry.objects.about(contact).latest("pk")
    assert (entry.actor, entry.action) == (None, "erase")
    # Programme B still runs: its equally inactive people stay.
    assert User.objects.get(pk=programme_b.host_user.pk).username == "host_b"
    assert ContactPerson.objects.get(pk=programme_b.contactperson.pk).name == "Contact b"
    assert run().splitlines() == ["Erased 0 user(s) and 0 contact person(s) inactive for 30 days."]


def test_retention_off_by_default(ended, settings):
    assert settings.SME2GO_RETENTION_DAYS == 0
    assert run() == "Retention is off (SME2GO_RETENTION_DAYS=0): nothing erased.\n"
    assert User.objects.get(pk=ended.host_user.pk).username == "host_a"


def test_the_setting_is_read_from_the_environment_and_checked():
    from sme2go.config.options import ConfigError, load

    assert load({"SME2GO_RETENTION_DAYS": "730"})["RETENTION_DAYS"] == 730
    with pytest.raises(ConfigError, match="SME2GO_RETENTION_DAYS must be 0 or a positive"):
        load({"SME2GO_RETENTION_DAYS": "-1"})
    with pytest.raises(ConfigError, match="SME2GO_RETENTION_DAYS must be a whole number"):
        load({"SME2GO_RETENTION_DAYS": "two years"})
