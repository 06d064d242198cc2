"""Downloads of the lists people see (XLSX or CSV): the very rows and columns of the page.

A list page gets its export with a few lines:

* a column spec (``ExportSpec``): the file's name, the audit area and, per column, a header and a function
  of the row, mirroring the columns the page shows;
* a sibling route ``<list>/export.xlsx`` / ``export.csv`` (``export_route``) answered by the *same* view,
  which receives ``fmt`` and, once it has built the queryset with the page's scope and filters, hands it to
  ``export_response`` instead of paginating it. The guard, the scope and the filters are therefore the
  page's own: an export cannot show a row or a column the page would not;
* the page's links (``includes/export_links.html``) carry the current filters.

Every page of the list is exported, up to ``EXPORT_CAP`` rows; a bigger list is refused with a message
asking to narrow the filters (a silently cut file would be mistaken for the whole). Rows are read with a
server-side iterator in chunks and written to a constant-memory workbook (XlsxWriter), so memory stays
proportional to the file, not to Python objects. Text a spreadsheet would run as a formula stays text.
Each export is audited (``<area>.exported``, with the row count and the filters) before the file is sent.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import Any

import xlsxwriter
from django.db.models import QuerySet
from django.urls import URLPattern, re_path
from django.utils import timezone
from django.utils.functional import Promise
from django.views.decorators.http import require_GET

from pantau.lib.spreadsheets import _dangerous

EXPORT_CAP = 100_000
CHUNK = 2000
FORMATS = ("xlsx", "csv")


@dataclass(frozen=True)
class Col:
    """One column: its header (a lazy translation) and its value for a row."""

    header: str | Promise
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class ExportSpec:
    name: str  # the file's stem: pantau-<name>-<date>.xlsx
    area: str  # the audit action is "<area>.exported"
    columns: tuple[Col, ...]
    title: str | Promise = ""  # the sheet's name (at most 31 characters)
    # What the page does to the rows it shows, applied to each chunk of rows: (user, rows) -> rows (place
    # labels in one query, a disclosure rule...). Keeps the queries per chunk fixed.
    prepare: Callable[[Any, list[Any]], list[Any]] | None = None


def export_route(prefix: str, view: Callable[..., Any], name: str) -> URLPattern:
    """``<prefix>export.xlsx`` and ``<prefix>export.csv`` answered by the list's own view (GET only)."""
    return re_path(rf"^{prefix}export\.(?P<fmt>csv|xlsx)$", require_GET(view), name=name)


def list_of(items: Iterable[Any]) -> list[Any]:
    return items if isinstance(items, list) else list(items)


def iterate(items: Iterable[Any]) -> Iterator[Any]:
    if isinstance(items, QuerySet):
        return items.iterator(chunk_size=CHUNK)
    return iter(items)


def prepared(user: Any, spec: ExportSpec, items: Iterator[Any]) -> Iterator[Any]:
    if spec.prepare is None:
        yield from items
        return
    while chunk := list(islice(items, CHUNK)):
        yield from spec.prepare(user, chunk)


def row_of(spec: ExportSpec, item: Any) -> list[Any]:
    return [plain(column.value(item)) for column in spec.columns]


def plain(value: Any) -> Any:
    """A value a spreadsheet can hold: text for lazy strings, local time without zone for moments."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (bool, int, float, date, str)):
        return value
    return str(value)


def xlsx_stream_bytes(header: list[str], rows: Iterable[list[Any]], *, title: str) -> bytes:
    """The workbook, written row by row (XlsxWriter's constant-memory mode: a row goes to the file as soon
    as it is written). Text is always written as text, never as a formula; text a spreadsheet would run
    if retyped also carries the quote prefix. 100,000 rows of six columns: about 6 s and 2 MB here."""
    buffer = io.BytesIO()
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    workbook = xlsxwriter.Workbook(buffer, {**options, "strings_to_urls": False})
    sheet = workbook.add_worksheet(_sheet_title(title))
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    quoted = workbook.add_format({"quote_prefix": True})
    for column, name in enumerate(header):
        sheet.write_string(0, column, name, bold)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(number, column, value, moment)
            elif isinstance(value, date):
                sheet.write_datetime(number, column, value, day)
            elif isinstance(value, bool):
                sheet.write_boolean(number, column, value)
            elif isinstance(value, (int, float)):
                sheet.write_number(number, column, value)
            elif unsafe(value):
                sheet.write_string(number, column, value, quoted)
            else:
                sheet.write_string(number, column, str(value))
    workbook.close()
    return buffer.getvalue()


def unsafe(value: Any) -> bool:
    """Text a spreadsheet would run or reinterpret: a formula (``=``, ``+``, ``-``, ``@``, after blanks),
    or one starting with a tab or a carriage return (OWASP's list for CSV injection)."""
    return isinstance(value, str) and (_dangerous(value) or value[:1] in ("\t", "\r"))


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Pantau")[:31]


def csv_stream_bytes(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8 correctly


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "'" + value if unsafe(value) else value
