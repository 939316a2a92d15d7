"""Export → import → no changes: each import's export (``/imports/<kind>/export.csv``)
gives back a file that imports onto the same records, keyed rows and records typed in by
hand (which carry their own id as key) alike."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sme2go.imports.domain import commit_import
from sme2go.needs.models import Need
from sme2go.organisations.models import ContactPerson, Organisation
from tests.imports.conftest import ROW, rows_to_csv
from tests.imports.test_import_needs_and_hosts import COUNTERPART, HOST, NEED, run

pytestmark = pytest.mark.django_db


def exported(client, slug: str, world, fmt: str = "csv") -> bytes:
    response = client.get(
        reverse(f"imports:{slug}_export_{fmt}"), {"programme": world.programme.pk}
    )
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def reimport(world, kind: str, data: bytes, fmt: str = "csv"):
    return commit_import(
        kind=kind,
        actor=world.operator_user,
        programme=world.programme,
        file_name=f"again.{fmt}",
        data=data,
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_companies_round_trip_unchanged(programme_a, client_for, fmt):
    world = programme_a
    # A phone number starting with "+" is guarded against running as a formula on export.
    commit_import(
        kind="companies",
        actor=world.operator_user,
        programme=world.programme,
        file_name="c.csv",
        data=rows_to_csv([{**ROW, "contact_phone": "+358 40 123 4567"}]),
    )
    before = Organisation.objects.count()
    data = exported(client_for(world.operator_user), "companies", world, fmt)
    preview, log = reimport(world, "companies", data, fmt)

    assert sorted((row.key, row.status) for row in preview.rows) == [
        ("CRM-1", "unchanged"),
        (f"sme2go:{world.company.pk}", "unchanged"),
    ]
    assert (log.created, log.updated, Organisation.objects.count()) == (0, 0, before)
    assert ContactPerson.objects.get(name="Aino Virtanen").phone == "+358 40 123 4567"


def test_hosts_and_counterparts_round_trip_unchanged(programme_a, client_for):
    world = programme_a
    run(world, "organisations", [HOST, COUNTERPART])
    data = exported(client_for(world.operator_user), "hosts", world)
    preview, log = reimport(world, "organisations", data)

    assert sorted((row.key, row.status) for row in preview.rows) == [
        ("CP-1", "unchanged"),
        ("HOST-RZ", "unchanged"),
        *sorted(
            (f"sme2go:{organisation.pk}", "unchanged")
            for organisation in (world.host, world.counterpart)
        ),
    ]
    assert log.created == 0


def test_needs_round_trip_unchanged_and_an_edit_comes_back_as_a_change(programme_a, client_for):
    world = programme_a
    run(world, "organisations", [HOST])
    run(world, "needs", [NEED])
    client = client_for(world.operator_user)
    data = exported(client, "needs", world)
    preview, log = reimport(world, "needs", data)

    assert sorted((row.key, row.status) for row in preview.rows) == [
        ("RZ-01", "unchanged"),
        (f"sme2go:{world.need.pk}", "unchanged"),
    ]
    assert (log.created, Need.objects.count()) == (0, 2)

    edited = data.decode("utf-8-sig").replace("农村污水处理", "农村及小城镇污水处理").encode()
    preview, _log = reimport(world, "needs", edited)
    assert [row.changes for row in preview.rows if row.status == "changed"] == [
        {"title": ("农村污水处理", "农村及小城镇污水处理")}
    ]
    assert Need.objects.get(external_keys__key="RZ-01").title == "农村及小城镇污水处理"


def test_an_own_key_of_another_programme_is_refused(programme_a, programme_b):
    from sme2go.imports import needs as needs_spec
    from sme2go.imports.domain import ImportRejected

    row = {**NEED, "key": f"sme2go:{programme_b.need.pk}", "host": programme_a.host.name}
    with pytest.raises(ImportRejected) as rejected:
        run(programme_a, "needs", [row])
    assert [str(p) for p in rejected.value.preview.problems] == [
        f"needs.csv, row 2, column “key”: No record of this programme has the id "
        f"“sme2go:{programme_b.need.pk}”."
    ]
    assert needs_spec.KIND == "needs"


def test_the_export_is_for_the_programmes_operators_only(programme_a, programme_b, client_for):
    url = reverse("imports:needs_export_csv")
    operator = client_for(programme_a.operator_user)
    assert operator.get(url, {"programme": programme_b.programme.pk}).status_code == 404
    assert operator.get(url, {"programme": "x"}).status_code == 404
    assert (
        client_for(programme_a.company_user)
        .get(url, {"programme": programme_a.programme.pk})
        .status_code
        == 403
    )
