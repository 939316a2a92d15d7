"""The batch write path: create_companies writes and audits what the single functions do."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sme2go.audit.models import AuditEntry
from sme2go.companies import domain
from sme2go.companies.domain import NewCompany, create_companies
from sme2go.companies.models import Certification, CompanyProfile, Product
from sme2go.organisations.domain import add_contact
from sme2go.organisations.models import ContactPerson, Organisation
from sme2go.programmes.models import Enrolment
from sme2go.taxonomy.models import Domain

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "Puutalo Oy",
    "offering": "Prefabricated wooden houses.",
    "website": "https://example.org/puutalo",
    "size_band": CompanyProfile.SizeBand.MICRO,
    "home_country": "FI",
    "cpv_codes": ["45211340"],
    "languages": ["fi", "en"],
    "target_markets": ["CN"],
}
CONTACT = {"name": "Aino Virtanen", "title": "CEO", "email": "aino@example.org"}


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Organisation,
            CompanyProfile,
            Enrolment,
            Product,
            Certification,
            ContactPerson,
            AuditEntry,
        )
    )


def entries_of(organisation: Organisation) -> list[tuple]:
    """The audit entries of a company and what hangs below it, without the ids that differ
    between two companies (the objects' own and their parents')."""
    profile = organisation.profile
    objects = [
        ("organisation", organisation.pk),
        ("companyprofile", profile.pk),
        *[("enrolment", pk) for pk in organisation.enrolments.values_list("pk", flat=True)],
        *[("product", pk) for pk in profile.products.values_list("pk", flat=True)],
        *[("certification", pk) for pk in profile.certifications.values_list("pk", flat=True)],
        *[("contactperson", pk) for pk in organisation.contacts.values_list("pk", flat=True)],
    ]
    rows = []
    for model, pk in objects:
        entry = AuditEntry.objects.get(content_type__model=model, object_id=pk)
        changes = {
            name: change
            for name, change in entry.changes.items()
            if name not in ("organisation", "profile")
        }
        rows.append(
            (
                model,
                entry.action,
                entry.actor_id,
                entry.object_repr,
                changes,
                entry.programme_id,
                entry.organisation_id == organisation.pk,
                sorted(entry.changes),
            )
        )
    return sorted(rows, key=lambda row: (row[0], row[3]))


def test_the_batch_writes_and_audits_what_the_single_functions_do(programme_a):
    w = programme_a
    actor = w.operator_user
    one = domain.create_company(
        programme=w.programme, recruited_by=w.operator, actor=actor, domains=["water"], **FIELDS
    )
    for name in ("BioKompakt 50", "BioKompakt 200"):
        domain.add_product(profile=one, name=name, actor=actor)
    domain.add_certification(profile=one, name="ISO 9001", actor=actor)
    add_contact(organisation=one.organisation, actor=actor, **CONTACT)

    [batch] = create_companies(
        actor=actor,
        programme=w.programme,
        recruited_by=w.operator,
        rows=[
            NewCompany(
                **FIELDS,
                domains=["water"],
                products=["BioKompakt 50", "BioKompakt 200"],
                certifications=["ISO 9001"],
                contact=CONTACT,
            )
        ],
    )

    single, many = (
        Organisation.objects.select_related("profile").get(pk=p.organisation_id)
        for p in (one, batch)
    )

    def stored(organisation: Organisation) -> tuple:
        profile = organisation.profile
        return (
            Organisation.objects.filter(pk=organisation.pk).values().get() | {"id": 0},
            CompanyProfile.objects.filter(pk=profile.pk).values().get()
            | {"id": 0, "organisation_id": 0},
            sorted(profile.domains.values_list("code", flat=True)),
            sorted(profile.products.values_list("kind", "name", "description", "year")),
            sorted(profile.certifications.values_list("name", "issuer", "valid_until")),
            sorted(organisation.contacts.values_list("name", "title", "email", "phone")),
            sorted(organisation.enrolments.values_list("programme", "recruited_by", "status")),
        )

    def timeless(values: tuple) -> tuple:
        org, profile, *rest = values
        drop = {"created_at", "updated_at"}
        return (
            {k: v for k, v in org.items() if k not in drop},
            {k: v for k, v in profile.items() if k not in drop},
            *rest,
        )

    assert timeless(stored(many)) == timeless(stored(single))
    assert entries_of(many) == entries_of(single)
    vias = set(
        AuditEntry.objects.filter(
            organisation_id=many.pk, content_type__model__in=["organisation", "product"]
        ).values_list("via", flat=True)
    )
    assert vias == {"sme2go.companies.domain.create_companies"}


def test_a_bad_row_late_in_the_batch_writes_nothing(programme_a, monkeypatch):
    # Small chunks, so the bad row comes after two chunks have been written.
    monkeypatch.setattr(domain, "CHUNK", 10)
    w = programme_a
    rows = [
        NewCompany(name=f"Company {i:02d} Oy", offering="Sensors.", products=["Sensor"])
        for i in range(25)
    ]
    rows[23] = NewCompany(
        name="Bad Oy", offering="Sensors.", contact={"name": "Li", "email": "not an address"}
    )
    before = counts()
    with pytest.raises(ValidationError) as caught:
        create_companies(
            actor=w.operator_user, programme=w.programme, recruited_by=w.operator, rows=rows
        )
    assert caught.value.message_dict == {"23.contact_email": ["Enter a valid email address."]}
    assert counts() == before


def test_every_problem_of_a_chunk_names_its_row_and_field(programme_a):
    w = programme_a
    rows = [
        NewCompany(name="", offering="Sensors."),
        NewCompany(name="Ok Oy", offering="Sensors.", home_country="Finland"),
        NewCompany(name="Tags Oy", offering="Sensors.", domains=["water", "space"]),
        NewCompany(name="Items Oy", offering="Sensors.", products=["x" * 201]),
    ]
    before = counts()
    with pytest.raises(ValidationError) as caught:
        create_companies(
            actor=w.operator_user, programme=w.programme, recruited_by=w.operator, rows=rows
        )
    errors = caught.value.message_dict
    assert sorted(errors) == ["0.name", "1.home_country", "2.domains", "3.products.name"]
    known = ", ".join(sorted(Domain.objects.values_list("code", flat=True)))
    assert errors["2.domains"] == [f"Unknown domain: space (the domains are {known})."]
    assert counts() == before


def test_the_recruiter_must_be_a_partner_of_the_programme(programme_a, programme_b):
    w = programme_a
    before = counts()
    with pytest.raises(ValidationError) as caught:
        create_companies(
            actor=None,
            programme=w.programme,
            recruited_by=programme_b.operator,
            rows=[NewCompany(name="Puutalo Oy", offering="Houses.")],
        )
    assert caught.value.message_dict == {
        "0.recruited_by": ["The recruiting operator must be a partner of the programme."]
    }
    assert counts() == before


def test_only_operators_of_the_programme_create_companies(programme_a, programme_b):
    w = programme_a
    before = counts()
    for actor in (w.company_user, w.host_user, programme_b.operator_user):
        with pytest.raises(PermissionDenied):
            create_companies(
                actor=actor,
                programme=w.programme,
                recruited_by=w.operator,
                rows=[NewCompany(name="Puutalo Oy", offering="Houses.")],
            )
    assert counts() == before


def test_the_queries_do_not_grow_with_the_rows(programme_a):
    w = programme_a

    def queries(n: int, prefix: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            create_companies(
                actor=w.operator_user,
                programme=w.programme,
                recruited_by=w.operator,
                rows=[
                    NewCompany(
                        name=f"{prefix} {i} Oy",
                        offering="Sensors.",
                        domains=["water"],
                        products=["Sensor", "Gateway"],
                        certifications=["ISO 9001"],
                        contact={"name": f"Contact {i}"},
                    )
                    for i in range(n)
                ],
            )
        return len(captured)

    queries(1, "Warm-up")  # content types and the operator's access are cached after this
    # Savepoint and release, operator check, domain codes, the first enrolment's three
    # checks, the editable check, 7 inserts and the audit entries' insert: 16 for any
    # number of rows on PostgreSQL. SQLite allows 999 parameters a query, so bulk_create
    # splits the audit entries' insert every 12 rows (8 entries of 10 columns a row) and
    # the organisations' every ~45: one more query per few rows, never one per row.
    assert queries(10, "Ten") == 16
    fifty, hundred = queries(50, "Fifty"), queries(100, "Hundred")
    assert 16 <= fifty <= 16 + 50 // 5
    assert 16 <= hundred <= 16 + 100 // 5
    assert Organisation.objects.filter(name__startswith="Hundred").count() == 100
