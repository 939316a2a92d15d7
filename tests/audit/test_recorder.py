"""Every kind of write is recorded once, with exact diffs, by the one recorder."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from sme2go.audit.models import AuditEntry
from sme2go.companies.domain import delete_product, update_product
from sme2go.matches.domain import decide_match
from sme2go.missions.domain import add_itinerary_day, set_mission_participants
from sme2go.needs.domain import update_need
from sme2go.organisations.domain import add_contact, delete_contact, update_contact
from sme2go.organisations.models import ContactPerson

pytestmark = pytest.mark.django_db


def test_create_records_the_new_values_as_the_actor(programme_a, log):
    w = programme_a
    contact = add_contact(
        organisation=w.host, name="Li Wei", actor=w.operator_user, email="li@example.org"
    )
    assert log.rows() == [
        (
            "operator_a",
            "sme2go.organisations.domain.add_contact",
            "create",
            "contactperson",
            contact.pk,
            "Li Wei",
            {
                "organisation": [None, w.host.pk],
                "name": [None, "Li Wei"],
                "email": [None, "li@example.org"],
            },
        )
    ]
    entry = log.entries().get()
    assert (entry.programme_id, entry.organisation_id) == (None, w.host.pk)


def test_change_records_old_and_new_of_the_changed_fields_only(programme_a, log):
    w = programme_a
    update_need(
        actor=w.operator_user,
        need=w.need,
        title="Sludge drying",
        stated_by="Deputy mayor",
        domains=["water", "energy"],
    )
    assert log.rows() == [
        (
            "operator_a",
            "sme2go.needs.domain.update_need",
            "change",
            "need",
            w.need.pk,
            "Sludge drying",
            {
                "title": ["Need a", "Sludge drying"],
                "stated_by": ["", "Deputy mayor"],
                "domains": [["water"], ["energy", "water"]],
            },
        )
    ]
    entry = log.entries().get()
    assert (entry.programme_id, entry.organisation_id) == (w.programme.pk, w.host.pk)


def test_a_save_that_changes_nothing_records_nothing(programme_a, log):
    update_product(product=programme_a.product, actor=programme_a.operator_user, name="Product a")
    assert log.rows() == []


def test_delete_keeps_the_label_and_no_values(programme_a, log):
    w = programme_a
    pk = w.product.pk
    delete_product(product=w.product, actor=w.company_user)
    assert log.rows() == [
        (
            "company_a",
            "sme2go.companies.domain.delete_product",
            "delete",
            "product",
            pk,
            "Product a",
            {},
        )
    ]
    assert log.entries().get().organisation_id == w.company.pk


def test_many_to_many_changes_are_one_entry_with_old_and_new_ids(programme_a, programme_b, log):
    w = programme_a
    set_mission_participants(
        actor=w.operator_user, mission=w.mission, companies=[], staff=[w.operator_user]
    )
    assert log.rows() == [
        (
            "operator_a",
            "sme2go.missions.domain.set_mission_participants",
            "change",
            "mission",
            w.mission.pk,
            "Mission a",
            {"companies": [[w.company.pk], []]},
        )
    ]


def test_objects_below_a_mission_carry_its_programme(programme_a, log):
    w = programme_a
    day = add_itinerary_day(
        actor=w.operator_user, mission=w.mission, date=dt.date(2026, 3, 17), city=w.city
    )
    entry = log.entries().get()
    assert (entry.action, entry.object_id, entry.programme_id, entry.organisation_id) == (
        "create",
        day.pk,
        w.programme.pk,
        None,
    )
    assert entry.changes == {
        "mission": [None, w.mission.pk],
        "date": [None, "2026-03-17"],
        "city": [None, w.city.pk],
    }


def test_a_decision_is_recorded_under_its_own_name(programme_a, log):
    w = programme_a
    proposal = w.proposal
    log.mark = AuditEntry.objects.order_by("-pk").first().pk
    decide_match(proposal=proposal, decision="approved", actor=w.operator_user)
    [row] = log.rows()
    assert row[:6] == (
        "operator_a",
        "sme2go.matches.domain.decide_match",
        "approve",
        "matchproposal",
        proposal.pk,
        "Company a for Need a",
    )
    changes = row[6]
    assert changes.pop("decided_at")[0] is None
    assert changes == {"status": ["proposed", "approved"], "decided_by": [None, w.operator_user.pk]}


def test_a_failed_domain_call_leaves_no_entry(programme_a, log):
    with pytest.raises(ValidationError):
        update_contact(
            contact=programme_a.contactperson, actor=programme_a.operator_user, email="no"
        )
    assert log.rows() == []


def test_writes_outside_a_domain_call_are_the_systems(programme_a, log):
    contact = ContactPerson.objects.create(organisation=programme_a.host, name="Zhang San")
    assert log.rows() == [
        (
            None,
            "system",
            "create",
            "contactperson",
            contact.pk,
            "Zhang San",
            {"organisation": [None, programme_a.host.pk], "name": [None, "Zhang San"]},
        )
    ]


def test_passwords_show_as_changed_without_values_and_logins_are_not_changes(programme_a, log):
    user = programme_a.company_user
    user.set_password("A-new-password-2026")
    user.save()
    user.last_login = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    user.save(update_fields=["last_login"])
    assert log.rows() == [
        (
            None,
            "system",
            "change",
            "user",
            user.pk,
            "company_a",
            {"password": ["[hidden]", "[hidden]"]},
        )
    ]
    assert log.entries().get().organisation_id == programme_a.company.pk


def test_deleting_a_contact_removes_its_personal_data_from_the_log(programme_a, log):
    w = programme_a
    contact = add_contact(organisation=w.host, name="Li Wei", actor=w.operator_user, phone="+86 1")
    pk = contact.pk
    delete_contact(contact=contact, actor=w.operator_user)
    assert [row[2:] for row in log.rows()] == [
        (
            "create",
            "contactperson",
            pk,
            "Erased person",
            {
                "organisation": [None, w.host.pk],
                "name": [None, "[erased]"],
                "phone": [None, "[erased]"],
            },
        ),
        ("delete", "contactperson", pk, "Erased person", {}),
    ]


def test_admin_saves_are_recorded_with_the_admin_user(programme_a, client, log):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-Root-2026")
    log.mark = AuditEntry.objects.order_by("-pk").first().pk
    client.force_login(admin)
    contact = programme_a.contactperson
    response = client.post(
        f"/admin/organisations/contactperson/{contact.pk}/change/",
        {
            "organisation": contact.organisation_id,
            "name": "Contact a",
            "title": "Director",
            "email": contact.email,
            "phone": "",
            "languages": "",
        },
    )
    assert response.status_code == 302
    assert log.rows() == [
        (
            "root",
            "admin",
            "change",
            "contactperson",
            contact.pk,
            "Contact a",
            {"title": ["", "Director"]},
        )
    ]


def test_admin_bulk_deletes_are_recorded_with_the_admin_user(programme_a, client, log):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-Root-2026")
    log.mark = AuditEntry.objects.order_by("-pk").first().pk
    client.force_login(admin)
    product = programme_a.product
    response = client.post(
        "/admin/companies/product/",
        {"action": "delete_selected", "_selected_action": [product.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert log.rows() == [("root", "admin", "delete", "product", product.pk, "Product a", {})]


def test_long_texts_are_cut_but_a_change_past_the_cut_still_shows(programme_a, log):
    w = programme_a
    first, second = "a" * 5000, "a" * 4999 + "b"
    update_need(actor=w.operator_user, need=w.need, description=first)
    update_need(actor=w.operator_user, need=w.need, description=second)
    old, new = log.rows()[1][6]["description"]
    assert old.startswith("a" * 1000 + "… (5000 characters, sha256 ")
    assert new.startswith("a" * 1000 + "… (5000 characters, sha256 ")
    assert old != new and len(new) == 1000 + len("… (5000 characters, sha256 123456789abc)")


def test_reference_data_keyed_by_text_is_not_audited(db):
    from sme2go.audit.models import AuditEntry
    from sme2go.taxonomy.models import Domain

    before = AuditEntry.objects.count()
    Domain.objects.update_or_create(code="water-test", defaults={"position": 99})
    assert Domain.objects.get(code="water-test").position == 99
    assert AuditEntry.objects.count() == before


def test_binary_values_are_logged_by_size_and_digest():
    from sme2go.audit.recorder import _json

    digest = hashlib.sha256(b"name,country\n").hexdigest()[:12]
    assert _json(b"name,country\n") == f"(13 bytes, sha256 {digest})"
