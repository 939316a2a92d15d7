from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from sme2go.imports.companies import COLUMNS

ROW = {
    "key": "CRM-1",
    "name": "Kirkasvirta Water Oy",
    "offering": "Compact waste-water treatment plants.",
    "home_country": "FI",
    "size_band": "micro",
    "domains": "water",
    "cpv_codes": "45252100",
    "languages": "fi, en",
    "target_markets": "CN, VN",
    "products": "BioKompakt 50; BioKompakt 200",
    "certifications": "ISO 9001",
    "contact_name": "Aino Virtanen",
    "contact_email": "aino@example.org",
}


def rows_to_csv(rows: list[dict], columns=COLUMNS, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode(encoding)


def rows_to_xlsx(rows: list[dict], columns=COLUMNS, sheets: int = 1) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(column, "") for column in columns])
    for i in range(1, sheets):
        workbook.create_sheet(f"Other {i}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
