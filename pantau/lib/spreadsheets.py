"""Spreadsheets in and out: reading uploaded lists (XLSX or CSV) row by row, and writing templates,
error reports and exports.

Reading: an XLSX is read by calamine (Rust: a 100,000-row sheet in seconds, in a compact form) and rows are
handed over one at a time, so checking never holds the file as Python cell objects.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Rows = Iterator[tuple[int, list[Any]]]


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, wrong template, merged cells...)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


# --- Reading --------------------------------------------------------------------------------------


def header_names(cells: Iterable[Any]) -> list[str]:
    return [re.sub(r"\s+", "_", str(c or "").strip().lower()) for c in cells]


def read_rows(data: bytes, filename: str) -> tuple[list[str], Rows]:
    """The header (normalised names) and an iterator of (spreadsheet row number, cell values)."""
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xls", ".xlsm")):
        raise ImportFileError(_("The file is not a valid Excel (.xlsx) workbook."))
    return _read_csv(data)


def _read_xlsx(data: bytes) -> tuple[list[str], Rows]:
    # calamine (Rust) reads a 100,000-row sheet in seconds; openpyxl took a minute for the same file.
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        merged = sheet.merged_cell_ranges or []
        rows = sheet.iter_rows()
    except Exception:  # calamine raises several kinds for a damaged file
        raise ImportFileError(_("The Excel file could not be opened; it may be damaged.")) from None
    if merged:
        # A merged block gives every row but its first an empty cell: refuse rather than guess.
        ranges = [f"{_cell_name(*start)}:{_cell_name(*end)}" for start, end in merged[:5]]
        raise ImportFileError(
            _("The sheet has merged cells (%(ranges)s). Unmerge them: every row must describe one record.")
            % {"ranges": ", ".join(ranges)}
        )
    header = header_names(next(rows, []))
    # calamine skips empty rows above the data; count from where the sheet really starts.
    first = (sheet.start or (0, 0))[0] + 2
    return header, ((number, [_plain(v) for v in values]) for number, values in enumerate(rows, start=first))


def _cell_name(row: int, column: int) -> str:
    return f"{get_column_letter(column + 1)}{row + 1}"


def _plain(value: Any) -> Any:
    """Excel keeps every number as a float: 12.0 in a text column (a deed number, say) means "12"."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_csv(data: bytes) -> tuple[list[str], Rows]:
    if b"\x00" in data:  # a binary file: the upload form refuses these; a stored one is refused here too
        raise ImportFileError(_("This file is not a CSV text file. Save the list as CSV or .xlsx."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel on Windows saves CSV this way
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = header_names(next(reader, []))
    return header, ((number, values) for number, values in enumerate(reader, start=2))


def is_blank(cells: Sequence[Any]) -> bool:
    return not any(c is not None and str(c).strip() for c in cells)


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-":
        try:
            return date.fromisoformat(text)  # the common case, ten times faster than strptime
        except ValueError:
            pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007  (a calendar date, no time)
        except ValueError:
            continue
    raise ValueError(_("'%(value)s' is not a date; write YYYY-MM-DD or DD/MM/YYYY.") % {"value": text})


@dataclass(frozen=True)
class Column:
    """One column of an import template and how its cells are read."""

    name: str
    kind: str  # text, int, date, choice, yesno (anything else is cleaned by the importer itself)
    required: bool = False
    help: Any = ""
    max_length: int = 200
    # For "choice": accepted spellings, lower-case, mapped to the stored value; and the refusal message.
    choices: Mapping[str, str] | None = None
    choice_error: Any = ""


YES_NO = {"ya": True, "y": True, "yes": True, "1": True, "tidak": False, "t": False, "no": False, "0": False}


def clean_cell(column: Column, raw: Any) -> Any:
    """The cell's value for ``column``; None when empty. Raises ValueError with the message to report."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if column.required:
            raise ValueError(_("Required."))
        return None
    if column.kind == "text":
        text = str(raw).strip()
        if len(text) > column.max_length:
            raise ValueError(_("At most %(max)s characters.") % {"max": column.max_length})
        return text
    if column.kind == "int":
        try:
            number = int(float(str(raw).strip()))
        except (ValueError, OverflowError):
            raise ValueError(_("'%(value)s' is not a whole number.") % {"value": raw}) from None
        if number < 0 or number > 100_000:
            raise ValueError(_("%(value)s is out of range.") % {"value": number})
        return number
    if column.kind == "date":
        return parse_date(raw)
    if column.kind == "choice":
        assert column.choices is not None  # noqa: S101  (a choice column is declared with its choices)
        key = re.sub(r"[\s_-]+", " ", str(raw).strip().lower())
        if key not in column.choices:
            raise ValueError(str(column.choice_error))
        return column.choices[key]
    if column.kind == "yesno":
        if isinstance(raw, bool):
            return raw
        answer = str(raw).strip().lower()
        if answer not in YES_NO:
            raise ValueError(_("Write 'ya' or 'tidak'."))
        return YES_NO[answer]
    return raw


# --- Writing --------------------------------------------------------------------------------------


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    notes: list[tuple[str, str]] | None = None,
    title: str = "LKSA",
    text_format: bool = False,
) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None  # noqa: S101  (a new workbook always has one sheet)
    sheet.title = title
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if text_format:
        # Cells typed later stay text: Excel would otherwise turn a 16-digit NIK into 3.60301E+15 and
        # lose its last digits.
        for index in range(1, len(header) + 1):
            sheet.column_dimensions[get_column_letter(index)].number_format = "@"
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if _dangerous(cell.value):
                # Keep the text exactly, but as text: never a formula the spreadsheet would run.
                cell.value = str(cell.value)
                cell.data_type = "s"
                cell.quotePrefix = True
    if notes:
        guide = workbook.create_sheet(_("Guide"))
        guide.append([_("Column"), _("What to write")])
        for name, text in notes:
            guide.append([name, text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _dangerous(value: Any) -> bool:
    """Text a spreadsheet program would run as a formula (CSV / formula injection)."""
    return isinstance(value, str) and value.lstrip(" \t\r\n")[:1] in ("=", "+", "-", "@") and value != "-"


def _cell(value: Any) -> Any:
    return "'" + value if _dangerous(value) else value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else _cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8 correctly
