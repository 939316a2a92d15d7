"""The company import: preview, all-or-nothing commit, re-import by key, every bad input."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from sme2go.companies.models import CompanyProfile
from sme2go.imports.domain import ImportRejected, commit_import, preview_import
from sme2go.imports.models import ExternalKey, ImportLog
from sme2go.organisations.models import Organisation
from sme2go.taxonomy.models import Domain
from tests.factories import make_company, make_organisation
from tests.imports.conftest import ROW, rows_to_csv, rows_to_xlsx

pytestmark = pytest.mark.django_db


def preview(world, name, data):
    return preview_import(
        kind="companies",
        actor=world.operator_user,
        programme=world.programme,
        file_name=name,
        data=data,
    )


def commit(world, name, data, **kw):
    return commit_import(
        kind="companies",
        actor=world.operator_user,
        programme=world.programme,
        file_name=name,
        data=data,
        **kw,
    )


def problems(world, name, data) -> list[str]:
    """The error messages, after checking that a commit writes nothing."""
    before = (Organisation.objects.count(), ExternalKey.objects.count(), ImportLog.objects.count())
    with pytest.raises(ImportRejected) as rejected:
        commit(world, name, data)
    after = (Organisation.objects.count(), ExternalKey.objects.count(), ImportLog.objects.count())
    assert after == before
    return [str(p) for p in rejected.value.preview.problems]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_new_companies_are_previewed_then_committed(programme_a, fmt):
    world = programme_a
    second = {**ROW, "key": "CRM-2", "name": "Luftkoll Sensors AB", "home_country": "SE"}
    data = (rows_to_csv if fmt == "csv" else rows_to_xlsx)([ROW, second])
    name = f"companies.{fmt}"
    shown = preview(world, name, data)
    assert shown.ok
    assert [(r.number, r.key, r.status) for r in shown.rows] == [
        (2, "CRM-1", "new"),
        (3, "CRM-2", "new"),
    ]
    assert not Organisation.objects.filter(name="Kirkasvirta Water Oy").exists()
    _, log = commit(world, name, data)
    profile = CompanyProfile.objects.get(organisation__name="Kirkasvirta Water Oy")
    assert (profile.size_band, profile.home_country, profile.target_markets) == (
        "micro",
        "FI",
        ["CN", "VN"],
    )
    assert sorted(profile.products.values_list("name", flat=True)) == [
        "BioKompakt 200",
        "BioKompakt 50",
    ]
    assert list(profile.certifications.values_list("name", flat=True)) == ["ISO 9001"]
    assert list(profile.domains.values_list("code", flat=True)) == ["water"]
    contact = profile.organisation.contacts.get()
    assert (contact.name, contact.email) == ("Aino Virtanen", "aino@example.org")
    enrolment = profile.organisation.enrolments.get()
    assert (enrolment.programme, enrolment.recruited_by) == (world.programme, world.operator)
    assert ExternalKey.objects.get(key="CRM-1").organisation == profile.organisation
    assert (log.file_name, log.user, log.status, log.created, log.updated, log.unchanged) == (
        name,
        world.operator_user,
        "committed",
        2,
        0,
        0,
    )
    assert [entry["status"] for entry in log.changes] == ["new", "new"]


def test_a_reimport_updates_by_key_and_reports_field_changes(programme_a):
    world = programme_a
    commit(world, "companies.csv", rows_to_csv([ROW]))
    shown = preview(world, "companies.csv", rows_to_csv([ROW]))
    assert [r.status for r in shown.rows] == ["unchanged"]
    changed = {**ROW, "offering": "Membrane bioreactors.", "products": "BioKompakt 50; MBR 10"}
    shown = preview(world, "companies.csv", rows_to_csv([changed]))
    assert [(r.status, r.changes) for r in shown.rows] == [
        (
            "changed",
            {
                "offering": ("Compact waste-water treatment plants.", "Membrane bioreactors."),
                "products": (
                    ["BioKompakt 200", "BioKompakt 50"],
                    ["BioKompakt 200", "BioKompakt 50", "MBR 10"],
                ),
            },
        )
    ]
    _, log = commit(world, "companies.csv", rows_to_csv([changed]))
    assert Organisation.objects.filter(name="Kirkasvirta Water Oy").count() == 1
    profile = CompanyProfile.objects.get(organisation__name="Kirkasvirta Water Oy")
    assert profile.offering == "Membrane bioreactors."
    assert profile.products.count() == 3
    assert (log.created, log.updated, log.unchanged) == (0, 1, 0)
    assert log.changes[0]["changes"]["offering"] == [
        "Compact waste-water treatment plants.",
        "Membrane bioreactors.",
    ]


def test_a_dry_run_writes_nothing(programme_a):
    preview_, log = commit(programme_a, "companies.csv", rows_to_csv([ROW]), dry_run=True)
    assert (log, [r.status for r in preview_.rows]) == (None, ["new"])
    assert not ExternalKey.objects.exists()
    assert not ImportLog.objects.exists()


def test_only_operators_of_the_programme_import(programme_a, programme_b):
    for user in (programme_a.company_user, programme_a.host_user, programme_b.operator_user):
        with pytest.raises(PermissionDenied):
            preview_import(
                kind="companies",
                actor=user,
                programme=programme_a.programme,
                file_name="c.csv",
                data=b"key\n1",
            )


# Bad input: each gets a message naming file, row and column, and nothing is written.


def test_a_latin1_csv(programme_a):
    data = rows_to_csv([{**ROW, "name": "Västerås Vatten AB"}], encoding="latin-1")
    assert problems(programme_a, "latin.csv", data) == [
        "latin.csv, row 2: The file is not UTF-8 (byte 0xe4). Save it as “CSV UTF-8” and "
        "upload it again."
    ]


def test_missing_and_unknown_columns(programme_a):
    columns = ["key", "name", "colour"]
    assert problems(programme_a, "c.csv", rows_to_csv([ROW], columns=columns)) == [
        "c.csv, row 1, column “offering”: This column is missing; it is required.",
        "c.csv, row 1, column “colour”: Unknown column. The columns are: "
        "key, name, name_zh, website, description, offering, size_band, home_country, "
        "domains, cpv_codes, languages, target_markets, excluded_markets, products, "
        "certifications, contact_name, contact_title, contact_email, contact_phone.",
    ]


def test_a_duplicate_key_inside_one_file(programme_a):
    data = rows_to_csv([ROW, {**ROW, "name": "Other"}])
    assert problems(programme_a, "c.csv", data) == [
        "c.csv, row 3, column “key”: The key “CRM-1” is already used on row 2."
    ]


def test_unknown_cpv_code_and_country(programme_a):
    data = rows_to_csv([{**ROW, "cpv_codes": "45252100, 99999999", "target_markets": "CN, XX"}])
    assert problems(programme_a, "c.csv", data) == [
        "c.csv, row 2, column “target_markets”: Unknown country code: XX "
        "(use ISO codes such as FI, SE, CN).",
        "c.csv, row 2, column “cpv_codes”: Unknown CPV code: 99999999.",
    ]


def test_an_empty_file(programme_a):
    assert problems(programme_a, "empty.csv", b"") == ["empty.csv: The file is empty."]
    assert problems(programme_a, "heading.csv", rows_to_csv([])) == [
        "heading.csv: The file has a heading but no rows."
    ]


def test_a_50_mb_file_and_the_configured_limit(programme_a, settings):
    big = b"key,name,offering\n" + b"x" * (50 * 1024 * 1024)
    assert problems(programme_a, "big.csv", big) == [
        "big.csv: The file is 52.4 MB; the limit is 10.5 MB."
    ]
    settings.IMPORT_MAX_BYTES = 1000
    data = rows_to_csv([ROW] * 1) + b"x" * 1000
    assert problems(programme_a, "c.csv", data) == [
        f"c.csv: The file is {len(data) / 1e6:.1f} MB; the limit is 0.0 MB."
    ]


def test_an_xlsx_with_formulas(programme_a):
    data = rows_to_xlsx([{**ROW, "offering": "=A1&B1"}])
    assert problems(programme_a, "f.xlsx", data) == [
        "f.xlsx, row 2, column “offering”: The cell holds a formula; replace it with its value."
    ]


def test_an_xlsx_with_several_sheets(programme_a):
    assert problems(programme_a, "s.xlsx", rows_to_xlsx([ROW], sheets=2)) == [
        "s.xlsx: The workbook has 2 sheets (Sheet, Other 1); keep only the one to import."
    ]


def test_not_a_workbook(programme_a):
    assert problems(programme_a, "x.xlsx", b"PK not really") == [
        "x.xlsx: This is not an XLSX workbook."
    ]


def test_a_row_that_would_change_another_operators_company(programme_a):
    world = programme_a
    partner = make_organisation("Västerås Science Park", "operator")
    world.programme.partners.add(partner)
    theirs = make_company("Luftkoll Sensors AB", world.programme, partner)
    ExternalKey.objects.create(
        programme=world.programme, key="VSP-7", organisation=theirs.organisation
    )
    data = rows_to_csv([ROW, {**ROW, "key": "VSP-7", "name": "Taken over"}])
    assert problems(programme_a, "c.csv", data) == [
        "c.csv, row 3, column “key”: “Luftkoll Sensors AB” is managed by another operator; "
        "you may not change it."
    ]
    theirs.organisation.refresh_from_db()
    assert theirs.organisation.name == "Luftkoll Sensors AB"
    assert not Organisation.objects.filter(name="Kirkasvirta Water Oy").exists()


def test_field_errors_of_the_models(programme_a):
    data = rows_to_csv(
        [{**ROW, "name": "", "size_band": "huge", "contact_email": "not-mail", "domains": "moon"}]
    )
    assert problems(programme_a, "c.csv", data) == [
        "c.csv, row 2, column “name”: This field is required.",
        "c.csv, row 2, column “size_band”: Unknown size “huge”; use one of micro, small, "
        "medium, large.",
        "c.csv, row 2, column “domains”: Unknown domain: moon (the domains are "
        + ", ".join(sorted(Domain.objects.values_list("code", flat=True)))
        + ").",
    ]


def test_a_contact_needs_a_name_and_a_valid_email(programme_a):
    data = rows_to_csv([{**ROW, "contact_name": "", "contact_email": "x@example.org"}])
    assert problems(programme_a, "c.csv", data) == [
        "c.csv, row 2, column “contact_name”: Name the contact person."
    ]
    data = rows_to_csv([{**ROW, "contact_email": "not-mail"}])
    assert problems(programme_a, "c.csv", data) == [
        "c.csv, row 2, column “contact_email”: Enter a valid email address."
    ]


def test_the_system_import_needs_a_recruiter_when_there_are_several(programme_a):
    world = programme_a
    world.programme.partners.add(make_organisation("Second operator", "operator"))
    with pytest.raises(PermissionDenied):
        commit_import(
            kind="companies",
            actor=None,
            programme=world.programme,
            file_name="c.csv",
            data=rows_to_csv([ROW]),
        )
    assert not Organisation.objects.filter(name="Kirkasvirta Water Oy").exists()
    commit_import(
        kind="companies",
        actor=None,
        programme=world.programme,
        file_name="c.csv",
        data=rows_to_csv([ROW]),
        recruited_by=world.operator,
    )
    assert Organisation.objects.get(name="Kirkasvirta Water Oy").enrolments.get().recruited_by == (
        world.operator
    )
