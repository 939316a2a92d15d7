"""``core.domain.domain_write``: one transaction per domain call, its writes audited as
the call's actor, nested calls, named actions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sme2go.audit.models import AuditEntry
from sme2go.core.domain import domain_write, name_action
from sme2go.organisations.domain import add_contact, update_contact
from sme2go.organisations.models import ContactPerson

pytestmark = pytest.mark.django_db


@domain_write
def rename_through_the_system(*, contact: ContactPerson, name: str, actor) -> ContactPerson:
    """A domain function that does its work through another one, as the system."""
    return update_contact(contact=contact, actor=None, name=name)


@domain_write(action="confirm")
def confirm_title(*, contact: ContactPerson, actor) -> None:
    contact.title = "Confirmed"
    contact.save()


@domain_write
def add_then_fail(*, organisation, actor) -> None:
    add_contact(organisation=organisation, name="Half written", actor=actor)
    raise ValidationError("stop")


def new_entries(mark: int):
    return list(
        AuditEntry.objects.filter(pk__gt=mark)
        .order_by("pk")
        .values_list("actor__username", "via", "action", "changes")
    )


@pytest.fixture
def mark(programme_a) -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()


def test_the_wrapped_function_keeps_its_name_and_result(programme_a, mark):
    contact = add_contact(organisation=programme_a.host, name="Li Wei", actor=None)
    assert add_contact.__name__ == "add_contact"
    assert ContactPerson.objects.get(pk=contact.pk).name == "Li Wei"
    assert new_entries(mark) == [
        (
            None,
            "sme2go.organisations.domain.add_contact",
            "create",
            {"organisation": [None, programme_a.host.pk], "name": [None, "Li Wei"]},
        )
    ]


def test_a_nested_system_call_acts_for_the_outer_actor(programme_a, mark):
    w = programme_a
    rename_through_the_system(contact=w.contactperson, name="Wang Fang", actor=w.operator_user)
    assert new_entries(mark) == [
        (
            "operator_a",
            "sme2go.organisations.domain.update_contact",
            "change",
            {"name": ["Contact a", "Wang Fang"]},
        )
    ]


def test_a_named_action_replaces_change(programme_a, mark):
    confirm_title(contact=programme_a.contactperson, actor=programme_a.operator_user)
    assert new_entries(mark) == [
        (
            "operator_a",
            "tests.core.test_domain_write.confirm_title",
            "confirm",
            {"title": ["", "Confirmed"]},
        )
    ]


def test_an_error_rolls_back_the_writes_and_their_entries(programme_a, mark):
    with pytest.raises(ValidationError):
        add_then_fail(organisation=programme_a.host, actor=programme_a.operator_user)
    assert not ContactPerson.objects.filter(name="Half written").exists()
    assert new_entries(mark) == []


def test_name_action_outside_a_domain_call_is_an_error():
    with pytest.raises(RuntimeError):
        name_action("approve")
