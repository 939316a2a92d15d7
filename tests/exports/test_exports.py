"""Exports of the list pages: the filtered rows, as CSV and XLSX, read back here."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sme2go.exports.tabular import cell_value, safe_text
from sme2go.matches.models import MatchProposal
from sme2go.missions.models import Mission
from sme2go.needs.models import Need
from tests.factories import make_company

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response) -> list[list]:
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 1
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","y")'],
)
def test_formulas_are_neutralised(value):
    assert safe_text(value) == "'" + value
    assert cell_value(value) == "'" + value


def test_plain_values_are_kept():
    assert cell_value("Kirkasvirta") == "Kirkasvirta"
    assert cell_value(-3) == -3
    assert cell_value(0.5) == 0.5
    assert cell_value(["CN", "=X"]) == "CN, =X"
    assert cell_value(None) == ""
    assert cell_value(dt.date(2027, 3, 1)) == dt.date(2027, 3, 1)


def test_companies_export_what_the_list_shows_filtered(programme_a, programme_b, client_for):
    world = programme_a
    other = make_company("=cmd|' /C calc'!A0", world.programme, world.operator, home_country="SE")
    client = client_for(world.operator_user)
    rows = read_csv(client.get(reverse("exports:companies_csv")))
    assert rows[0] == [
        "ID",
        "Company",
        "Name (Chinese)",
        "Home country",
        "Size",
        "Domains",
        "CPV codes",
        "Working languages",
        "Target markets",
        "Offering",
        "Website",
        "Products and references",
        "Recruited by",
    ]
    assert rows[1:] == [
        [
            str(other.organisation.pk),
            "'=cmd|' /C calc'!A0",
            "",
            "SE",
            "Small (10–49)",
            "water",
            "45252100",
            "fi, en",
            "CN",
            "'=cmd|' /C calc'!A0 builds waste-water treatment plants.",
            "",
            "",
            "Operator a (Programme a)",
        ],
        [
            str(world.company.pk),
            "Company a",
            "",
            "FI",
            "Small (10–49)",
            "water",
            "45252100",
            "fi, en",
            "CN",
            "Company a builds waste-water treatment plants.",
            "",
            "Product a",
            "Operator a (Programme a)",
        ],
    ]
    # The list's filter applies: only the Finnish company, and never programme B's.
    filtered = read_csv(client.get(reverse("exports:companies_csv"), {"country": "FI"}))
    assert [row[1] for row in filtered[1:]] == ["Company a"]
    sheet = read_xlsx(client.get(reverse("exports:companies_xlsx"), {"q": "calc"}))
    assert sheet[0][:2] == ["ID", "Company"]
    assert [row[1] for row in sheet[1:]] == ["'=cmd|' /C calc'!A0"]
    assert sheet[1][0] == other.organisation.pk  # numbers stay numbers


def test_needs_export(programme_a, programme_b, client_for):
    world = programme_a
    Need.objects.create(
        programme=world.programme,
        host=world.host,
        title="@risk: wooden houses",
        heard_on=dt.date(2026, 3, 18),
        status="closed",
    )
    client = client_for(world.operator_user)
    sheet = read_xlsx(client.get(reverse("exports:needs_xlsx")))
    assert sheet[0] == [
        "ID",
        "Need",
        "Host organisation",
        "Programme",
        "Status",
        "Heard on",
        "Stated by",
        "Heard on mission",
        "Region",
        "Domains",
        "CPV codes",
        "Required languages",
        "Required certification",
        "Description",
    ]
    assert [(row[1], row[4], row[5]) for row in sheet[1:]] == [
        ("'@risk: wooden houses", "Closed", dt.datetime(2026, 3, 18)),
        ("Need a", "Open", dt.datetime(2026, 3, 16)),
    ]
    assert sheet[2][6:11] == [None, "Mission a", "Weifang", "water", "45252100"]
    open_only = read_csv(client.get(reverse("exports:needs_csv"), {"status": "open"}))
    assert [row[1] for row in open_only[1:]] == ["Need a"]
    # A host exports its own needs only.
    host_rows = read_csv(client_for(programme_b.host_user).get(reverse("exports:needs_csv")))
    assert [row[1] for row in host_rows[1:]] == ["Need b"]


def test_missions_export(programme_a, programme_b, client_for):
    world = programme_a
    Mission.objects.create(
        programme=world.programme,
        title="Autumn trip",
        start_date=dt.date(2026, 10, 5),
        end_date=dt.date(2026, 10, 9),
        status="confirmed",
    )
    client = client_for(world.operator_user)
    rows = read_csv(client.get(reverse("exports:missions_csv")))
    assert rows == [
        ["ID", "Mission", "Programme", "First day", "Last day", "Status", "Companies", "Itinerary"],
        [
            rows[1][0],
            "Autumn trip",
            "Programme a",
            "2026-10-05",
            "2026-10-09",
            "Confirmed",
            "0",
            "",
        ],
        [
            str(world.mission.pk),
            "Mission a",
            "Programme a",
            "2026-03-16",
            "2026-03-20",
            "Planning",
            "1",
            "2026-03-16 Weifang",
        ],
    ]
    confirmed = read_xlsx(client.get(reverse("exports:missions_xlsx"), {"status": "confirmed"}))
    assert [row[1] for row in confirmed[1:]] == ["Autumn trip"]


def test_matches_export_with_reasons(programme_a, programme_b, client_for):
    world = programme_a
    proposal = world.proposal
    proposal.reasons = {
        "summary": "Shares water treatment and CPV 45252100",
        "terms": ["water", "treatment"],
        "codes": [{"code": "45252100", "name": "Sewage plant works"}],
        "constraints": [{"name": "country", "status": "passed"}],
    }
    proposal.status = MatchProposal.Status.REJECTED
    proposal.decision_reason = "-already has a supplier"
    proposal.decided_by = world.operator_user
    proposal.save()
    client = client_for(world.operator_user)
    url = reverse("exports:need_matches_csv", kwargs={"need_pk": world.need.pk})
    assert read_csv(client.get(url)) == [
        [
            "Rank",
            "Company",
            "Score",
            "Decision",
            "Reason for the decision",
            "Decided by",
            "Decided at",
            "Why it matches",
            "Matched terms",
            "Matched codes",
            "Constraints",
        ],
        [
            "1",
            "Company a",
            "0.9",
            "Rejected",
            "'-already has a supplier",
            "operator_a",
            "",
            "Shares water treatment and CPV 45252100",
            "water, treatment",
            "45252100 Sewage plant works",
            "country: passed",
        ],
    ]
    xlsx = read_xlsx(
        client.get(reverse("exports:need_matches_xlsx", kwargs={"need_pk": world.need.pk}))
    )
    assert xlsx[1][:3] == [1, "Company a", 0.9]


def test_exports_follow_tenancy(programme_a, programme_b, client_for):
    url = reverse("exports:need_matches_csv", kwargs={"need_pk": programme_b.need.pk})
    assert client_for(programme_a.operator_user).get(url).status_code == 404
    own = reverse("exports:need_matches_csv", kwargs={"need_pk": programme_a.need.pk})
    # A host sees its need but not the advisers' ranking.
    assert client_for(programme_a.host_user).get(own).status_code == 403
    # Companies see no companies list beyond their own; programme B's never.
    rows = read_csv(client_for(programme_a.company_user).get(reverse("exports:companies_csv")))
    assert [row[1] for row in rows[1:]] == ["Company a"]


def test_list_pages_link_their_exports_with_the_filters(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    page = client.get(reverse("needs:list"), {"status": "open"}).content.decode()
    assert f'href="{reverse("exports:needs_csv")}?status=open"' in page
    assert f'href="{reverse("exports:needs_xlsx")}?status=open"' in page
    page = client.get(reverse("companies:list"), {"country": "FI"}).content.decode()
    assert f'href="{reverse("exports:companies_xlsx")}?country=FI"' in page
    page = client.get(reverse("missions:list")).content.decode()
    assert f'href="{reverse("exports:missions_csv")}?"' in page
    page = client.get(
        reverse("matches:need", kwargs={"need_pk": programme_a.need.pk})
    ).content.decode()
    assert reverse("exports:need_matches_csv", kwargs={"need_pk": programme_a.need.pk}) in page


def test_an_export_costs_a_fixed_number_of_queries(
    programme_a, client_for, django_assert_max_num_queries
):
    client = client_for(programme_a.operator_user)
    url = reverse("exports:companies_xlsx")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(10):
        make_company(f"Extra {i}", programme_a.programme, programme_a.operator)
    with django_assert_max_num_queries(len(few)):
        assert len(read_xlsx(client.get(url))) == 12
