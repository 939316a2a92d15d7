"""``sme2go import companies FILE --programme P [--dry-run]``: same messages, exit 1 on errors."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from sme2go.imports.models import ImportLog
from sme2go.organisations.models import Organisation
from tests.imports.conftest import ROW, rows_to_csv, rows_to_xlsx

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_dry_run_then_import_then_reimport(programme_a, tmp_path):
    path = tmp_path / "companies.xlsx"
    path.write_bytes(rows_to_xlsx([ROW]))
    programme = str(programme_a.programme.pk)
    assert run("companies", str(path), "--programme", programme, "--dry-run") == (
        0,
        "row 2 (CRM-1) new: Kirkasvirta Water Oy\n"
        "companies.xlsx: would import 1 new, 0 changed, 0 unchanged.\n",
        "",
    )
    assert not Organisation.objects.filter(name="Kirkasvirta Water Oy").exists()
    code, out, _ = run("companies", str(path), "--programme", "Programme a")
    assert (code, out.splitlines()[-1]) == (
        0,
        "companies.xlsx: imported 1 new, 0 changed, 0 unchanged.",
    )
    log = ImportLog.objects.get()
    assert (log.user, log.file_name, log.created) == (None, "companies.xlsx", 1)
    path.write_bytes(rows_to_xlsx([{**ROW, "website": "https://example.org"}]))
    assert run("companies", str(path), "--programme", programme) == (
        0,
        "row 2 (CRM-1) changed: website: '' → 'https://example.org'\n"
        "companies.xlsx: imported 0 new, 1 changed, 0 unchanged.\n",
        "",
    )
    assert Organisation.objects.filter(name="Kirkasvirta Water Oy").count() == 1


def test_errors_exit_1_with_the_same_messages(programme_a, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(rows_to_csv([ROW, {**ROW, "cpv_codes": "1"}]))
    code, out, err = run("companies", str(path), "--programme", str(programme_a.programme.pk))
    assert (code, out) == (1, "")
    assert err == (
        "bad.csv, row 3, column “key”: The key “CRM-1” is already used on row 2.\n"
        "bad.csv, row 3, column “cpv_codes”: Unknown CPV code: 1.\n"
        "2 error(s); nothing was imported.\n"
    )
    assert not Organisation.objects.filter(name="Kirkasvirta Water Oy").exists()


def test_an_unknown_programme_or_file(programme_a, tmp_path):
    with pytest.raises(CommandError, match="No single programme is called 'Nope'"):
        call_command("import", "companies", str(tmp_path / "x.csv"), "--programme", "Nope")
    with pytest.raises(CommandError, match=r"x\.csv: No such file or directory"):
        call_command("import", "companies", str(tmp_path / "x.csv"), "--programme", "Programme a")
