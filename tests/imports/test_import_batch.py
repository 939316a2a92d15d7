"""The company import at size: every record audited, all or nothing, queries bounded."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sme2go.audit.models import AuditEntry
from sme2go.companies.models import CompanyProfile
from sme2go.imports.domain import ImportRejected, commit_import
from sme2go.imports.models import ExternalKey, ImportLog
from sme2go.organisations.models import Organisation
from tests.imports.conftest import ROW, rows_to_csv

pytestmark = pytest.mark.django_db


def commit(world, rows):
    return commit_import(
        kind="companies",
        actor=world.operator_user,
        programme=world.programme,
        file_name="companies.csv",
        data=rows_to_csv(rows),
    )


def many(n: int, prefix: str = "K") -> list[dict]:
    return [
        {**ROW, "key": f"{prefix}-{i}", "name": f"{prefix} {i} Oy", "contact_email": f"{i}@x.org"}
        for i in range(n)
    ]


def test_every_imported_record_has_its_create_entry_with_actor_and_via(programme_a):
    w = programme_a
    commit(w, [ROW])  # CRM-1 exists now; the next file changes it and adds two companies
    mark = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    changed = {**ROW, "offering": "Membrane bioreactors.", "products": "BioKompakt 50; MBR 10"}
    commit(w, [changed, *many(2)])
    entries = AuditEntry.objects.filter(pk__gt=mark).select_related("content_type")
    created = sorted(
        (e.content_type.model, e.object_repr, e.actor_id, e.via)
        for e in entries
        if e.action == "create" and e.content_type.model != "importlog"
    )
    batch = "sme2go.companies.domain.create_companies"
    via_import = "sme2go.imports.domain.commit_import"
    actor = w.operator_user.pk
    expected = []
    for i in range(2):
        name = f"K {i} Oy"
        expected += [
            ("certification", "ISO 9001", actor, batch),
            ("companyprofile", name, actor, batch),
            ("contactperson", "Aino Virtanen", actor, batch),
            ("enrolment", f"{name} in {w.programme}", actor, batch),
            ("externalkey", f"K-{i}", actor, via_import),
            ("organisation", name, actor, batch),
            ("product", "BioKompakt 200", actor, batch),
            ("product", "BioKompakt 50", actor, batch),
        ]
    # The changed company's new product, through the batch of changes.
    expected.append(("product", "MBR 10", actor, "sme2go.companies.domain.update_companies"))
    assert created == sorted(expected)
    profile = CompanyProfile.objects.get(organisation__name="K 1 Oy")
    entry = entries.get(content_type__model="companyprofile", object_id=profile.pk)
    assert (entry.organisation_id, entry.changes["domains"], entry.changes["target_markets"]) == (
        profile.organisation_id,
        [[], ["water"]],
        [None, ["CN", "VN"]],
    )
    product = profile.products.get(name="BioKompakt 50")
    entry = entries.get(content_type__model="product", object_id=product.pk)
    assert (entry.organisation_id, entry.changes) == (
        profile.organisation_id,
        {"profile": [None, profile.pk], "kind": [None, "product"], "name": [None, "BioKompakt 50"]},
    )
    changes = entries.get(action="change", content_type__model="companyprofile").changes
    assert changes == {
        "offering": ["Compact waste-water treatment plants.", "Membrane bioreactors."]
    }


def test_a_failing_row_late_in_a_big_file_leaves_nothing_written(programme_a):
    w = programme_a
    rows = many(120)
    rows[117]["contact_email"] = "not an address"

    def counts():
        return tuple(m.objects.count() for m in (Organisation, ExternalKey, ImportLog, AuditEntry))

    before = counts()
    with pytest.raises(ImportRejected) as rejected:
        commit(w, rows)
    assert [str(p) for p in rejected.value.preview.problems] == [
        "companies.csv, row 119, column “contact_email”: Enter a valid email address."
    ]
    assert counts() == before


def test_the_queries_of_an_import_do_not_grow_per_row(programme_a):
    w = programme_a
    commit(w, many(1, "Warm-up"))

    def queries(n: int, prefix: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            _, log = commit(w, many(n, prefix))
        assert log.created == n
        return len(captured)

    fifty, hundred = queries(50, "Fifty"), queries(100, "Hundred")
    # One by one it was about 60 queries a row (3,000 for 50 rows). Now a fixed number
    # (the preview's lookups, the batch's checks and one insert per table) plus, on
    # SQLite, the extra inserts bulk_create needs under its 999 parameters a query.
    assert fifty <= 40
    assert hundred <= 50
    assert hundred - fifty <= 50 // 5


def test_the_queries_of_a_reimport_with_changes_do_not_grow_per_row(programme_a):
    w = programme_a
    commit(w, many(100, "Re"))

    def queries(n: int, offering: str) -> int:
        rows = [{**row, "offering": offering} for row in many(n, "Re")]
        rows = [{**row, "products": row["products"] + "; New line"} for row in rows]
        with CaptureQueriesContext(connection) as captured:
            _, log = commit(w, rows)
        assert (log.created, log.updated) == (0, n)
        return len(captured)

    fifty, hundred = queries(50, "Changed once."), queries(100, "Changed twice.")
    # One by one a changed row cost about 18 queries (900 for 50 rows).
    assert fifty <= 45
    assert hundred - fifty <= 50 // 5
    profile = CompanyProfile.objects.get(organisation__name="Re 99 Oy")
    assert (profile.offering, sorted(profile.products.values_list("name", flat=True))) == (
        "Changed twice.",
        ["BioKompakt 200", "BioKompakt 50", "New line"],
    )


def test_a_reimport_changes_contact_and_domains_with_one_entry_per_object(programme_a):
    w = programme_a
    commit(w, [ROW])
    organisation = Organisation.objects.get(name=ROW["name"])
    profile = organisation.profile
    mark = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    changed = {**ROW, "domains": "energy", "contact_email": "aino@example.fi", "name_zh": "测试"}
    _, log = commit(w, [changed])
    assert log.updated == 1
    contact = organisation.contacts.get()
    assert (contact.email, sorted(profile.domains.values_list("code", flat=True))) == (
        "aino@example.fi",
        ["energy"],
    )
    entries = {
        e.content_type.model: (e.action, e.changes, e.via)
        for e in AuditEntry.objects.filter(pk__gt=mark).select_related("content_type")
        if e.content_type.model != "importlog"
    }
    via = "sme2go.companies.domain.update_companies"
    assert entries == {
        "organisation": ("change", {"name_zh_hans": ["", "测试"]}, via),
        "companyprofile": ("change", {"domains": [["water"], ["energy"]]}, via),
        "contactperson": ("change", {"email": [ROW["contact_email"], "aino@example.fi"]}, via),
    }
