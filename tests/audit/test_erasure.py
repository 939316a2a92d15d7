"""Erasing a contact person or a user: exact database state, the log keeps only the fact."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError

from sme2go.audit.domain import erase_person
from sme2go.audit.models import AuditEntry
from sme2go.matches.domain import comment_on_match
from sme2go.matches.models import MatchComment
from sme2go.needs.domain import update_need
from sme2go.organisations.models import ContactPerson, Membership
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def log_text() -> str:
    """Every label and diff in the log, for searching personal values."""
    return json.dumps(list(AuditEntry.objects.values_list("object_repr", "changes")))


def about(obj) -> list[tuple]:
    return [
        (e.actor.username if e.actor else None, e.action, e.object_repr, e.changes)
        for e in AuditEntry.objects.about(obj).select_related("actor").order_by("pk")
    ]


def test_erasing_a_contact_blanks_it_and_its_mentions(programme_a):
    w = programme_a
    contact = w.contactperson
    contact.phone, contact.title = "+86 633 1234", "Deputy director"
    contact.save()
    update_need(actor=w.operator_user, need=w.need, stated_by="contact A ")

    erase_person(actor=w.operator_user, contact=contact)

    contact = ContactPerson.objects.get(pk=contact.pk)
    assert (contact.name, contact.title, contact.email, contact.phone, contact.languages) == (
        "Erased person",
        "",
        "",
        "",
        "",
    )
    w.need.refresh_from_db()
    assert w.need.stated_by == "Erased person"
    assert about(contact) == [
        (
            None,
            "create",
            "Erased person",
            {
                "organisation": [None, w.host.pk],
                "name": [None, "[erased]"],
                "email": [None, "[erased]"],
            },
        ),
        (
            None,
            "change",
            "Erased person",
            {"title": ["", "[erased]"], "phone": ["", "[erased]"]},
        ),
        (
            "operator_a",
            "erase",
            "Erased person",
            {
                "name": ["[erased]", "Erased person"],
                "title": ["[erased]", ""],
                "email": ["[erased]", ""],
                "phone": ["[erased]", ""],
            },
        ),
    ]
    assert about(w.need)[-2:] == [
        ("operator_a", "change", "Need a", {"stated_by": ["", "[erased]"]}),
        ("operator_a", "erase", "Need a", {"stated_by": ["[erased]", "Erased person"]}),
    ]
    text = log_text()
    for value in ("Contact a", "contact A", "contact_a@example.org", "+86 633 1234", "Deputy dir"):
        assert value not in text


def test_erasing_a_user_keeps_an_anonymous_placeholder(programme_a):
    w = programme_a
    user = w.company_user
    user.first_name, user.last_name = "Kaisa", "Mäkinen"
    user.save()
    comment = comment_on_match(proposal=w.proposal, text="Noted.", actor=w.operator_user)
    MatchComment.objects.filter(pk=comment.pk).update(author=user)
    AccessAttempt.objects.create(
        username="company_a", ip_address="127.0.0.1", failures_since_start=2
    )

    erase_person(actor=w.operator_user, user=user)

    user.refresh_from_db()
    assert (user.username, user.first_name, user.last_name, user.email) == (
        f"erased-{user.pk}",
        "Erased person",
        "",
        "",
    )
    assert (user.is_active, user.is_staff, user.has_usable_password()) == (False, False, False)
    assert Membership.objects.get(user=user).organisation == w.company
    assert MatchComment.objects.get(pk=comment.pk).author == user
    assert not AccessAttempt.objects.filter(username="company_a").exists()
    [*_, erased] = about(user)
    assert erased == (
        "operator_a",
        "erase",
        "Erased person",
        {
            "password": ["[hidden]", "[hidden]"],
            "username": ["[erased]", f"erased-{user.pk}"],
            "first_name": ["[erased]", "Erased person"],
            "last_name": ["[erased]", ""],
            "email": ["[erased]", ""],
            "is_active": [True, False],
        },
    )
    assert about(user.membership)[0][2] == f"erased-{user.pk} — Company a (Manager)"
    text = log_text()
    for value in ("company_a", "Kaisa", "Mäkinen"):
        assert value not in text


def test_only_managers_of_the_persons_programme_erase(programme_a, programme_b):
    a, b = programme_a, programme_b
    adviser = make_user("adviser_a", a.operator, role=Membership.Role.ADVISER)
    for actor, person in (
        (adviser, {"contact": a.contactperson}),
        (a.host_user, {"contact": a.contactperson}),
        (a.operator_user, {"contact": b.contactperson}),
        (a.operator_user, {"user": b.company_user}),
    ):
        with pytest.raises(PermissionDenied):
            erase_person(actor=actor, **person)
    with pytest.raises(ValidationError, match="your own account"):
        erase_person(actor=a.operator_user, user=a.operator_user)
    erase_person(actor=a.operator_user, contact=a.contactperson)
    with pytest.raises(ValidationError, match="already been erased"):
        erase_person(actor=a.operator_user, contact=a.contactperson)
    a.contactperson.refresh_from_db()
    b.contactperson.refresh_from_db()
    assert (a.contactperson.name, b.contactperson.name) == ("Erased person", "Contact b")


def test_the_confirmation_page_erases_on_post(programme_a, client_for):
    w = programme_a
    client = client_for(w.operator_user)
    people = client.get(f"/organisations/{w.host.pk}/people/").content.decode()
    assert f'href="/contacts/{w.contactperson.pk}/erase/"' in people
    assert f'href="/users/{w.host_user.pk}/erase/"' in people

    page = client.get(f"/contacts/{w.contactperson.pk}/erase/")
    assert page.status_code == 200
    assert "Erase Contact a" in page.content.decode()
    response = client.post(f"/contacts/{w.contactperson.pk}/erase/")
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{w.host.pk}/people/"
    assert ContactPerson.objects.get(pk=w.contactperson.pk).name == "Erased person"
    again = client.post(f"/contacts/{w.contactperson.pk}/erase/")
    assert again.status_code == 400
    assert "This person has already been erased." in again.content.decode()


def test_the_pages_refuse_non_managers(programme_a, client_for):
    w = programme_a
    adviser = make_user("adviser_a", w.operator, role=Membership.Role.ADVISER)
    assert client_for(adviser).post(f"/contacts/{w.contactperson.pk}/erase/").status_code == 403
    assert client_for(w.host_user).post(f"/contacts/{w.contactperson.pk}/erase/").status_code == 403
    assert client_for(w.host_user).get(f"/users/{w.host_user.pk}/erase/").status_code == 403
    assert ContactPerson.objects.get(pk=w.contactperson.pk).name == "Contact a"
