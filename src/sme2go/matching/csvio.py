"""CSV loaders for the matching CLI.

Files are UTF-8 (a byte-order mark is accepted) with a header row; extra columns are
ignored; list columns are ``;``-separated. Row numbers in messages count the header as
row 1, as a spreadsheet shows them. Every problem raises :class:`CsvError` naming the file,
row and column.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path

from .documents import CompanyDoc, NeedDoc
from .taxonomy import UnknownCode, UnknownDomain, normalise_cpv, normalise_domain

COMPANY_REQUIRED = ("id", "name", "description")
COMPANY_OPTIONAL = (
    "domains",
    "cpv",
    "country",
    "languages",
    "target_markets",
    "size",
    "certifications",
    "exclude_markets",
)
NEED_REQUIRED = ("id", "title", "description")
NEED_OPTIONAL = (
    "domains",
    "cpv",
    "country",
    "language",
    "exclude_countries",
    "required_certifications",
)
QRELS_REQUIRED = ("need_id", "company_id", "relevance")

# Profiles made of a company's other work can be long; the csv module's default 128 KiB
# per field would reject them. The limits below (docs/matching.md, "Limits") are checked
# instead, with a message naming the row and column.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

# A file is refused before it is read beyond these; a field beyond its limit names its
# row and column. The 1M-company benchmark's rows are about 500 bytes; the longest
# profile of the development set is about 3,000 characters.
MAX_FILE_BYTES = 2 * 1024**3
MAX_ROWS = 2_000_000
MAX_TEXT_CHARS = 1_000_000  # description (a long profile of references: some 150,000 words)
MAX_NAME_CHARS = 1_000  # id, name, title
MAX_OTHER_CHARS = 10_000  # code lists, countries, languages, certifications
LONG_TEXT_COLUMNS = frozenset({"description"})
SHORT_TEXT_COLUMNS = frozenset({"id", "name", "title", "need_id", "company_id"})


def _field_limit(column: str) -> int:
    if column in LONG_TEXT_COLUMNS:
        return MAX_TEXT_CHARS
    if column in SHORT_TEXT_COLUMNS:
        return MAX_NAME_CHARS
    return MAX_OTHER_CHARS


class CsvError(ValueError):
    """A problem in an input file, located by file, row and column."""

    def __init__(
        self, path: str | Path, message: str, row: int | None = None, column: str | None = None
    ):
        self.path, self.row, self.column = str(path), row, column
        where = self.path
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _read(path: str | Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Return ``(row_number, row)`` pairs; validate encoding, header and required columns."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CsvError(
                p,
                f"{size:,} bytes is more than the limit of {MAX_FILE_BYTES:,} bytes "
                "(see Limits in docs/matching.md)",
            )
        raw = p.read_bytes()
    except OSError as exc:
        raise CsvError(p, f"cannot read file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        row = raw.count(b"\n", 0, exc.start) + 1
        header_line = raw.split(b"\n", 1)[0].decode("utf-8-sig", "replace").strip()
        header = next(csv.reader([header_line]), [])
        col_idx = raw[line_start : exc.start].count(b",")
        column = header[col_idx] if row > 1 and col_idx < len(header) else None
        raise CsvError(p, f"bytes that are not UTF-8 at byte {exc.start}", row, column) from None
    if not text.strip():
        raise CsvError(p, "empty file (expected a header row)")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in required if c not in header]
    if missing:
        raise CsvError(
            p,
            f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(header has: {', '.join(h for h in header if h) or 'nothing'})",
            1,
            missing[0],
        )
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for r in reader:
            if r.get(None):
                raise CsvError(p, "more fields than the header has", reader.line_num)
            if len(rows) >= MAX_ROWS:
                raise CsvError(
                    p,
                    f"more than the limit of {MAX_ROWS:,} data rows "
                    "(see Limits in docs/matching.md)",
                    reader.line_num,
                )
            row = {k: (v or "").strip() for k, v in r.items() if k}
            for column, value in row.items():
                limit = _field_limit(column)
                if len(value) > limit:
                    raise CsvError(
                        p,
                        f"{len(value):,} characters is more than the limit of {limit:,} "
                        "for this column (see Limits in docs/matching.md)",
                        reader.line_num,
                        column,
                    )
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise CsvError(p, f"malformed CSV ({exc})", reader.line_num) from None
    if not rows:
        raise CsvError(p, "no data rows after the header")
    return rows


def _unique_ids(path: Path, rows: list[tuple[int, dict[str, str]]]) -> None:
    first: dict[str, int] = {}
    for n, r in rows:
        rid = r["id"]
        if not rid:
            raise CsvError(path, "empty id", n, "id")
        if rid in first:
            raise CsvError(path, f"duplicate id {rid!r} (first on row {first[rid]})", n, "id")
        first[rid] = n


def _codes(
    path: Path, n: int, column: str, value: str, norm: Callable[[str], str]
) -> tuple[str, ...]:
    try:
        return tuple(norm(v) for v in _split(value))
    except (UnknownCode, UnknownDomain) as exc:
        raise CsvError(path, str(exc), n, column) from None


def load_companies(path: str | Path) -> list[CompanyDoc]:
    """Read ``companies.csv`` (see module docs); raise :class:`CsvError` on any problem."""
    p = Path(path)
    rows = _read(p, COMPANY_REQUIRED)
    _unique_ids(p, rows)
    out = []
    for n, r in rows:
        out.append(
            CompanyDoc(
                id=r["id"],
                name=r["name"],
                texts={"description": r["description"]},
                domains=_codes(p, n, "domains", r.get("domains", ""), normalise_domain),
                cpv=_codes(p, n, "cpv", r.get("cpv", ""), normalise_cpv),
                country=r.get("country", ""),
                languages=tuple(_split(r.get("languages", ""))),
                target_markets=tuple(_split(r.get("target_markets", ""))),
                size=r.get("size", ""),
                certifications=tuple(_split(r.get("certifications", ""))),
                exclusions=tuple(_split(r.get("exclude_markets", ""))),
            )
        )
    return out


def load_needs(path: str | Path) -> list[NeedDoc]:
    """Read ``needs.csv`` (see module docs); raise :class:`CsvError` on any problem."""
    p = Path(path)
    rows = _read(p, NEED_REQUIRED)
    _unique_ids(p, rows)
    out = []
    for n, r in rows:
        out.append(
            NeedDoc(
                id=r["id"],
                title=r["title"],
                texts={"description": r["description"]},
                domains=_codes(p, n, "domains", r.get("domains", ""), normalise_domain),
                cpv=_codes(p, n, "cpv", r.get("cpv", ""), normalise_cpv),
                country=r.get("country", ""),
                language=r.get("language", ""),
                exclude_countries=tuple(_split(r.get("exclude_countries", ""))),
                required_certifications=tuple(_split(r.get("required_certifications", ""))),
            )
        )
    return out


def load_qrels(
    path: str | Path, need_ids: set[str], company_ids: set[str]
) -> tuple[dict[str, dict[str, int]], int]:
    """Read ``qrels.csv`` into ``{need_id: {company_id: relevance}}``.

    Rows naming a need or company that is not in the inputs are skipped (as trec_eval
    does with unretrievable documents) and counted; the count is returned beside the
    judgements so the caller can say so.
    """
    p = Path(path)
    out: dict[str, dict[str, int]] = {}
    skipped = 0
    for n, r in _read(p, QRELS_REQUIRED):
        try:
            rel = int(r["relevance"])
        except ValueError:
            raise CsvError(
                p, f"relevance must be a whole number, got {r['relevance']!r}", n, "relevance"
            ) from None
        if rel < 0:
            raise CsvError(p, "relevance must not be negative", n, "relevance")
        if r["need_id"] not in need_ids or r["company_id"] not in company_ids:
            skipped += 1
            continue
        out.setdefault(r["need_id"], {})[r["company_id"]] = rel
    return out, skipped
