"""Spreadsheet files going out: the import template, the error report and registry exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, notes: list[tuple[str, str]] | None = None
) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None  # noqa: S101  (a new workbook always has one sheet)
    sheet.title = "LKSA"
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
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
