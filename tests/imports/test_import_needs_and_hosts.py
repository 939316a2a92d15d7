"""The imports of hosts and counterparts and of needs: preview, all-or-nothing commit,
re-import by key, a needs file naming hosts by their key from a hosts file, bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from sme2go.imports import needs as needs_spec
from sme2go.imports import organisations as organisations_spec
from sme2go.imports.domain import ImportRejected, commit_import, preview_import
from sme2go.imports.models import ExternalKey, ImportLog
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from tests.imports.conftest import rows_to_csv, rows_to_xlsx

pytestmark = pytest.mark.django_db

HOST = {
    "key": "HOST-RZ",
    "kind": "host",
    "name": "Rizhao Municipal People's Government",
    "name_zh": "日照市人民政府",
    "host_type": "city_government",
    "region": "Weifang",
    "contact_name": "Li Wei",
    "contact_email": "li.wei@example.org",
}
COUNTERPART = {
    "key": "CP-1",
    "kind": "counterpart",
    "name": "Weifang Heat Co.",
    "sector": "District heating",
    "region": "潍坊",
}
NEED = {
    "key": "RZ-01",
    "host": "HOST-RZ",
    "title": "农村污水处理",
    "description": "分散式污水处理。",
    "language": "zh-hans",
    "heard_on": "2027-03-18",
    "region": "Weifang",
    "domains": "water",
    "cpv_codes": "45252100",
    "title_en": "Waste-water treatment for villages",
}


def run(world, kind, rows, fmt="csv", **kw):
    columns = {"organisations": organisations_spec, "needs": needs_spec}[kind].COLUMNS
    data = (rows_to_csv if fmt == "csv" else rows_to_xlsx)(rows, columns=columns)
    return commit_import(
        kind=kind,
        actor=world.operator_user,
        programme=world.programme,
        file_name=f"{kind}.{fmt}",
        data=data,
        **kw,
    )


def refused(world, kind, rows) -> list[str]:
    """The error messages, after checking that nothing was written."""
    counts = (Organisation.objects.count(), Need.objects.count(), ImportLog.objects.count())
    with pytest.raises(ImportRejected) as rejected:
        run(world, kind, rows)
    assert (Organisation.objects.count(), Need.objects.count(), ImportLog.objects.count()) == (
        counts
    )
    return [str(p) for p in rejected.value.preview.problems]


def test_hosts_and_counterparts_are_created_enrolled_and_keyed(programme_a):
    world = programme_a
    preview, log = run(world, "organisations", [HOST, COUNTERPART], fmt="xlsx")

    host = Organisation.objects.get(name="Rizhao Municipal People's Government")
    assert (host.kind, host.name_zh, host.host_type, host.region) == (
        "host",
        "日照市人民政府",
        "city_government",
        world.city,
    )
    assert host.contacts.get().email == "li.wei@example.org"
    counterpart = Organisation.objects.get(name="Weifang Heat Co.")
    # The region named by its Chinese name.
    assert (counterpart.kind, counterpart.sector, counterpart.region) == (
        "counterpart",
        "District heating",
        world.city,
    )
    assert set(host.enrolments.values_list("programme", flat=True)) == {world.programme.pk}
    assert ExternalKey.objects.get(key="CP-1").organisation == counterpart
    assert (log.kind, log.created, log.updated) == ("organisations", 2, 0)
    assert [row.label for row in preview.rows] == [HOST["name"], COUNTERPART["name"]]


def test_a_reimported_host_is_updated_with_a_field_diff(programme_a):
    world = programme_a
    run(world, "organisations", [HOST])
    preview, log = run(world, "organisations", [{**HOST, "sector": "Foreign affairs"}])

    assert [(row.status, row.changes) for row in preview.rows] == [
        ("changed", {"sector": ("", "Foreign affairs")})
    ]
    assert Organisation.objects.filter(name=HOST["name"]).count() == 1
    assert Organisation.objects.get(name=HOST["name"]).sector == "Foreign affairs"
    assert log.changes == [
        {
            "row": 2,
            "key": "HOST-RZ",
            "name": HOST["name"],
            "status": "changed",
            "changes": {"sector": ["", "Foreign affairs"]},
        }
    ]


def test_bad_host_rows_name_row_and_column(programme_a):
    messages = refused(
        programme_a,
        "organisations",
        [
            {**HOST, "kind": "company"},
            {**COUNTERPART, "region": "Atlantis"},
            {**COUNTERPART, "key": "CP-2", "website": "not a url"},
            {**HOST, "key": "HOST-2", "host_type": "palace"},
        ],
    )
    assert messages == [
        "organisations.csv, row 2, column “kind”: Say “host” or “counterpart”.",
        "organisations.csv, row 3, column “region”: No region is called “Atlantis”.",
        "organisations.csv, row 4, column “website”: Enter a valid URL.",
        "organisations.csv, row 5, column “host_type”: Unknown host type “palace”; use one of "
        "city_government, development_zone, agency, other.",
    ]


def test_a_needs_file_names_its_host_by_key_and_keeps_language_and_translation(programme_a):
    world = programme_a
    run(world, "organisations", [HOST])
    preview, log = run(world, "needs", [NEED, {**NEED, "key": "RZ-02", "host": "Host a"}])

    need = Need.objects.get(external_keys__key="RZ-01")
    assert (need.host.name, need.language, need.title_zh_hans, need.title_en) == (
        HOST["name"],
        "zh-hans",
        "农村污水处理",
        "Waste-water treatment for villages",
    )
    assert (need.heard_on, need.region, need.cpv_codes) == (
        dt.date(2027, 3, 18),
        world.city,
        ["45252100"],
    )
    assert list(need.domains.values_list("code", flat=True)) == ["water"]
    # The second row names the world's host by its exact name.
    assert Need.objects.get(external_keys__key="RZ-02").host == world.host
    assert (log.kind, log.created) == ("needs", 2)
    assert [row.label for row in preview.rows] == ["农村污水处理", "农村污水处理"]


def test_a_reimported_need_changes_only_what_the_file_changes(programme_a):
    world = programme_a
    run(world, "organisations", [HOST])
    run(world, "needs", [NEED])
    need = Need.objects.get(external_keys__key="RZ-01")
    need.title_fi = "Kylien jätevedenkäsittely"
    need.save()

    preview, _log = run(world, "needs", [{**NEED, "cpv_codes": "45252100, 90481000"}])

    assert [(row.status, row.changes) for row in preview.rows] == [
        ("changed", {"cpv_codes": (["45252100"], ["45252100", "90481000"])})
    ]
    need.refresh_from_db()
    assert (need.cpv_codes, need.title_fi, Need.objects.count()) == (
        ["45252100", "90481000"],
        "Kylien jätevedenkäsittely",
        Need.objects.count(),
    )
    assert run(world, "needs", [{**NEED, "cpv_codes": "45252100, 90481000"}])[0].rows[0].status == (
        "unchanged"
    )


def test_bad_need_rows_name_row_and_column(programme_a):
    world = programme_a
    run(world, "organisations", [HOST, COUNTERPART])
    messages = refused(
        world,
        "needs",
        [
            {**NEED, "host": "CP-1"},
            {**NEED, "key": "RZ-02", "host": "Nobody"},
            {**NEED, "key": "RZ-03", "heard_on": "18.3.2027"},
            {**NEED, "key": "RZ-04", "cpv_codes": "99999999", "title_zh_hans": "重复"},
            {**NEED, "key": "RZ-04"},
        ],
    )
    assert messages == [
        "needs.csv, row 2, column “host”: The key “CP-1” names Weifang Heat Co., which is not "
        "a host.",
        "needs.csv, row 3, column “host”: No host of this programme has the key or the name "
        "“Nobody”.",
        "needs.csv, row 4, column “heard_on”: Give the date as YYYY-MM-DD, e.g. 2027-03-18.",
        "needs.csv, row 5, column “cpv_codes”: Unknown CPV code: 99999999.",
        "needs.csv, row 5, column “title_zh_hans”: The row is in this language already: put "
        "the text in “title”.",
        "needs.csv, row 6, column “key”: The key “RZ-04” is already used on row 5.",
    ]


def test_another_programmes_host_is_not_found_by_name(programme_a, programme_b):
    messages = refused(programme_a, "needs", [{**NEED, "host": programme_b.host.name}])
    assert messages == [
        "needs.csv, row 2, column “host”: No host of this programme has the key or the name "
        "“Host b”."
    ]


def test_the_templates_import_cleanly_in_order(programme_a):
    """The downloadable templates' example rows: hosts first, then needs naming them."""
    world = programme_a
    rows = organisations_spec.EXAMPLE_ROWS
    rows = [{**row, "region": "Weifang"} for row in rows]
    run(world, "organisations", rows)
    _preview, log = run(world, "needs", [{**needs_spec.EXAMPLE_ROWS[0], "region": "Weifang"}])
    assert log.created == 1


def test_preview_writes_nothing(programme_a):
    world = programme_a
    data = rows_to_csv([HOST], columns=organisations_spec.COLUMNS)
    preview = preview_import(
        kind="organisations",
        actor=world.operator_user,
        programme=world.programme,
        file_name="o.csv",
        data=data,
    )
    assert [row.status for row in preview.rows] == ["new"]
    assert not Organisation.objects.filter(name=HOST["name"]).exists()
