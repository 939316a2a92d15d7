"""The batch of changes: update_companies stores and audits what the single functions do."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sme2go.audit.models import AuditEntry
from sme2go.companies import domain
from sme2go.companies.domain import CompanyChange, update_companies
from sme2go.companies.models import CompanyProfile
from sme2go.organisations.domain import add_contact, update_contact
from sme2go.organisations.models import Organisation
from tests.companies.test_create_companies import CONTACT, FIELDS, counts

pytestmark = pytest.mark.django_db

CHANGES = {"offering": "Prefabricated wooden schools.", "website": "https://example.org/new"}
NEW_CONTACT = {**CONTACT, "email": "sales@example.org", "phone": "+358 40 123"}


def company(w, name: str) -> CompanyProfile:
    profile = domain.create_company(
        programme=w.programme,
        recruited_by=w.operator,
        actor=None,
        domains=["water"],
        **{**FIELDS, "name": name},
    )
    domain.add_product(profile=profile, name="House 80", actor=None)
    add_contact(organisation=profile.organisation, actor=None, **CONTACT)
    return CompanyProfile.objects.select_related("organisation").get(pk=profile.pk)


def stored(profile: CompanyProfile) -> tuple:
    organisation = Organisation.objects.get(pk=profile.organisation_id)
    profile = CompanyProfile.objects.get(pk=profile.pk)
    return (
        (organisation.website, profile.offering),
        sorted(profile.domains.values_list("code", flat=True)),
        sorted(profile.products.values_list("name", flat=True)),
        sorted(profile.certifications.values_list("name", flat=True)),
        sorted(organisation.contacts.values_list("name", "email", "phone")),
    )


def entries(profile: CompanyProfile, after: int) -> list[tuple]:
    """(model, action, changes without ids) of the entries written after ``after``."""
    found = AuditEntry.objects.filter(pk__gt=after, organisation_id=profile.organisation_id)
    return sorted(
        (
            e.content_type.model,
            e.action,
            {k: v for k, v in e.changes.items() if k not in ("profile", "organisation")},
        )
        for e in found.select_related("content_type")
    )


def last_entry() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_the_batch_stores_and_audits_what_the_single_functions_do(programme_a):
    w = programme_a
    actor = w.operator_user
    one, two = company(w, "Single Oy"), company(w, "Batch Oy")

    mark = last_entry()
    domain.update_company_profile(profile=one, actor=actor, domains=["energy"], **CHANGES)
    domain.add_product(profile=one, name="School 300", actor=actor)
    domain.add_certification(profile=one, name="ISO 14001", actor=actor)
    update_contact(contact=one.organisation.contacts.get(), actor=actor, **NEW_CONTACT)
    single = entries(one, mark)

    mark = last_entry()
    [profile] = update_companies(
        actor=actor,
        changes=[
            CompanyChange(
                profile=two,
                fields=CHANGES,
                domains=["energy"],
                products=["House 80", "School 300"],
                certifications=["ISO 14001"],
                contact=NEW_CONTACT,
            )
        ],
    )
    assert profile.pk == two.pk
    assert (
        stored(two)
        == stored(one)
        == (
            ("https://example.org/new", "Prefabricated wooden schools."),
            ["energy"],
            ["House 80", "School 300"],
            ["ISO 14001"],
            [("Aino Virtanen", "sales@example.org", "+358 40 123")],
        )
    )
    assert entries(two, mark) == single
    assert set(AuditEntry.objects.filter(pk__gt=mark).values_list("via", flat=True)) == {
        "sme2go.companies.domain.update_companies"
    }


def test_nothing_is_written_when_one_company_may_not_be_changed(programme_a, programme_b):
    w = programme_a
    own = company(w, "Own Oy")
    foreign = company(programme_b, "Foreign Oy")
    before = counts(), stored(own)
    with pytest.raises(PermissionDenied):
        update_companies(
            actor=w.operator_user,
            changes=[
                CompanyChange(profile=own, fields=CHANGES),
                CompanyChange(profile=foreign, fields=CHANGES),
            ],
        )
    assert (counts(), stored(own)) == before


def test_every_problem_names_its_row_and_field_and_nothing_is_written(programme_a, monkeypatch):
    # Small chunks, so the bad rows come after a chunk that was fine.
    monkeypatch.setattr(domain, "CHUNK", 2)
    w = programme_a
    profiles = [company(w, f"Company {i} Oy") for i in range(4)]
    before = counts(), [stored(p) for p in profiles]
    changes = [CompanyChange(profile=p, fields=CHANGES) for p in profiles]
    changes[2] = CompanyChange(
        profile=profiles[2], fields={"home_country": "Finland"}, domains=["space"]
    )
    changes[3] = CompanyChange(
        profile=profiles[3], fields={}, contact={"name": "Li", "email": "not an address"}
    )
    with pytest.raises(ValidationError) as caught:
        update_companies(actor=w.operator_user, changes=changes)
    assert sorted(caught.value.message_dict) == ["2.domains", "2.home_country", "3.contact_email"]
    assert (counts(), [stored(p) for p in profiles]) == before


def test_an_unchanged_company_leaves_no_entry(programme_a):
    w = programme_a
    profile = company(w, "Same Oy")
    mark = last_entry()
    update_companies(
        actor=w.operator_user,
        changes=[
            CompanyChange(
                profile=profile,
                fields={"offering": FIELDS["offering"]},
                domains=["water"],
                products=["House 80"],
                contact=CONTACT,
            )
        ],
    )
    assert entries(profile, mark) == []
