"""The import page: upload, preview with errors, fix, preview again, commit."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sme2go.imports.companies import COLUMNS
from sme2go.imports.models import ImportLog
from sme2go.organisations.models import Organisation
from tests.imports.conftest import ROW, rows_to_csv

pytestmark = pytest.mark.django_db


def upload(client, world, name: str, data: bytes):
    return client.post(
        reverse("imports:companies"),
        {"programme": world.programme.pk, "file": SimpleUploadedFile(name, data)},
    )


def test_preview_errors_then_fix_then_commit(programme_a, client_for):
    world = programme_a
    client = client_for(world.operator_user)
    bad = rows_to_csv([ROW, {**ROW, "key": "CRM-2", "name": "Luftkoll", "cpv_codes": "123"}])
    page = upload(client, world, "companies.csv", bad).content.decode()
    assert "1 error: nothing can be imported until it is fixed." in page
    assert "companies.csv, row 3, column “cpv_codes”: Unknown CPV code: 123." in page
    assert 'class="import-new"' in page and 'class="import-error"' in page
    assert "/commit/" not in page  # no commit button while the file has errors
    assert not ImportLog.objects.exists()
    good = rows_to_csv([ROW, {**ROW, "key": "CRM-2", "name": "Luftkoll", "cpv_codes": ""}])
    page = upload(client, world, "companies.csv", good).content.decode()
    kept = ImportLog.objects.get(status="previewed")
    assert f'action="{reverse("imports:commit", kwargs={"importlog_pk": kept.pk})}"' in page
    assert "Import: 2 new, 0 changed" in page
    assert not Organisation.objects.filter(name="Luftkoll").exists()
    response = client.post(reverse("imports:commit", kwargs={"importlog_pk": kept.pk}))
    assert response.status_code == 302 and response.url == reverse("companies:list")
    assert sorted(
        Organisation.objects.filter(name__in=["Kirkasvirta Water Oy", "Luftkoll"]).values_list(
            "name", flat=True
        )
    ) == ["Kirkasvirta Water Oy", "Luftkoll"]
    log = ImportLog.objects.get()
    assert (log.status, log.created, log.user) == ("committed", 2, world.operator_user)
    page = client.get(reverse("companies:list")).content.decode()
    assert "companies.csv imported: 2 new, 0 changed, 0 unchanged." in page
    assert "Luftkoll" in page
    # The same preview cannot be committed twice.
    again = client.post(reverse("imports:commit", kwargs={"importlog_pk": kept.pk}))
    assert again.status_code == 404


def test_a_changed_row_shows_its_field_changes(programme_a, client_for):
    world = programme_a
    client = client_for(world.operator_user)
    upload(client, world, "c.csv", rows_to_csv([ROW]))
    client.post(
        reverse(
            "imports:commit",
            kwargs={"importlog_pk": ImportLog.objects.get(status="previewed").pk},
        )
    )
    page = upload(
        client, world, "c.csv", rows_to_csv([{**ROW, "website": "https://example.org"}])
    ).content.decode()
    assert 'class="import-changed"' in page
    assert "<code>website</code>: — → https://example.org" in page
    assert "Import: 0 new, 1 changed" in page


def test_a_file_over_the_limit_is_refused_before_reading(programme_a, client_for, settings):
    settings.IMPORT_MAX_BYTES = 100
    page = upload(
        client_for(programme_a.operator_user), programme_a, "big.csv", b"x" * 5000
    ).content.decode()
    assert "big.csv: The file is 0.0 MB; the limit is 0.0 MB." in page
    assert not ImportLog.objects.exists()


def test_only_operators_import(programme_a, client_for):
    for user in (programme_a.company_user, programme_a.host_user):
        assert client_for(user).get(reverse("imports:companies")).status_code == 403


def test_the_templates(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    response = client.get(reverse("imports:companies_template_csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(COLUMNS)
    assert rows[1][:2] == ["CRM-0001", "Kirkasvirta Water Oy"]
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("imports:companies_template_xlsx")).content)
    )
    sheet = list(workbook.active.iter_rows(values_only=True))
    assert list(sheet[0]) == list(COLUMNS)
    # The template imports as it is.
    page = upload(
        client,
        programme_a,
        "companies.xlsx",
        client.get(reverse("imports:companies_template_xlsx")).content,
    ).content.decode()
    assert "Import: 1 new, 0 changed" in page


def test_the_needs_page_previews_commits_and_lands_on_the_needs_list(programme_a, client_for):
    from sme2go.imports import needs as needs_spec
    from sme2go.needs.models import Need

    world = programme_a
    client = client_for(world.operator_user)
    row = {
        "key": "N-1",
        "host": world.host.name,
        "title": "District heating losses",
        "heard_on": "2027-03-16",
    }
    data = rows_to_csv([row], columns=needs_spec.COLUMNS)
    page = client.post(
        reverse("imports:needs"),
        {"programme": world.programme.pk, "file": SimpleUploadedFile("needs.csv", data)},
    ).content.decode()
    assert "<h1>Import needs</h1>" in page
    assert "<th>Need</th>" in page and "<td>District heating losses</td>" in page
    assert f'href="{reverse("imports:needs_template_xlsx")}"' in page
    kept = ImportLog.objects.get(status="previewed")
    assert kept.kind == "needs"
    response = client.post(reverse("imports:commit", kwargs={"importlog_pk": kept.pk}))
    assert response.url == reverse("needs:list")
    assert Need.objects.get(title="District heating losses").host == world.host
    listing = client.get(reverse("needs:list")).content.decode()
    assert f'href="{reverse("imports:needs")}"' in listing


def test_the_hosts_template_has_the_columns_and_example_rows(programme_a, client_for):
    from sme2go.imports import organisations as organisations_spec

    client = client_for(programme_a.operator_user)
    response = client.get(reverse("imports:hosts_template_csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(organisations_spec.COLUMNS)
    assert [(r["key"], r["kind"]) for r in rows] == [
        ("HOST-RZ", "host"),
        ("CP-RZ-1", "counterpart"),
    ]
    listing = client.get(reverse("organisations:hosts")).content.decode()
    assert f'href="{reverse("imports:hosts")}"' in listing
