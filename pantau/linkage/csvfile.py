"""Reading a CSV of children's records for the spreadsheet check (``manage.py linkage_csv``).

A file that cannot be used as a whole (not UTF-8, a column missing, duplicate or empty record ids,
too large) is refused with the reason. Problems in single values (an impossible date, a NIK with
letters, an empty name) are reported by row and column; the value is left out of the comparison and
the record still gets a cluster, because a data-cleaning run must account for every record.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from pantau.linkage.engine import RawRecord
from pantau.linkage.normalise import clean_nik, clean_sex, parse_birth_date

COLUMNS = (
    "record_id",
    "full_name",
    "sex",
    "birth_date",
    "birth_place",
    "nik",
    "mother_name",
    "father_name",
    "lksa_id",
)
DEFAULT_MAX_MB = 300  # about 2.5 million records: what one machine links within its 2 GB


class UnusableFile(Exception):
    """The file as a whole cannot be linked; the message says why and what to do."""


@dataclass(frozen=True)
class Problem:
    row: int
    record_id: str
    column: str
    message: str


@dataclass
class Parsed:
    ids: list[str] = field(default_factory=list)
    records: list[RawRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    delimiter: str = ","


def _messages() -> dict[tuple[str, str], str]:
    return {
        ("birth_date", "impossible"): _("not a real date (day or month out of range)"),
        ("birth_date", "format"): _("not a date; write YYYY-MM-DD (for example 2015-02-28)"),
        ("birth_date", "future"): _("a birth date in the future"),
        ("nik", "letters"): _("a NIK has digits only; this one has other characters and is ignored"),
        ("nik", "zeros"): _("only zeros: treated as no NIK"),
        ("nik", "length"): _("a NIK has 16 digits; compared as written"),
        ("sex", "unknown"): _("sex is L or P; ignored"),
        ("full_name", "empty"): _("no name: the record is compared on its other fields only"),
        ("", "cells"): _(
            "more cells than columns (a comma inside an unquoted value?): the columns may be shifted"
        ),
    }


def read(path: Path, *, max_mb: int = DEFAULT_MAX_MB, today: date | None = None) -> Parsed:
    size = os.path.getsize(path)
    if size > max_mb * 1024 * 1024:
        raise UnusableFile(
            _(
                "The file has %(size)s MB; the limit is %(limit)s MB. Split it by province, or raise the "
                "limit with --max-mb if this machine has the memory."
            )
            % {"size": size // (1024 * 1024), "limit": max_mb}
        )
    with open(path, "rb") as handle:
        head = handle.read(64 * 1024)
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # The tail of the 64 KiB sample may cut a character in two; only an earlier error is real.
        if error.start < len(head) - 4:
            raise UnusableFile(
                _("The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.")
            ) from None
    with open(path, encoding="utf-8-sig", newline="") as handle:
        try:
            return _parse(handle, today=today)
        except UnicodeDecodeError:
            raise UnusableFile(
                _("The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.")
            ) from None


def _delimiter(header_line: str) -> str:
    # Spreadsheets in Indonesian locale save CSV with semicolons; exports from tools often use tabs.
    counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _parse(handle: io.TextIOBase, *, today: date | None) -> Parsed:
    header_line = handle.readline()
    if not header_line.strip():
        raise UnusableFile(_("The file is empty: the first line must name the columns."))
    delimiter = _delimiter(header_line)
    header = [h.strip().lower() for h in next(csv.reader([header_line], delimiter=delimiter))]
    repeated = sorted({h for h in header if h in COLUMNS and header.count(h) > 1})
    if repeated:
        raise UnusableFile(_("Columns named twice: %(names)s.") % {"names": ", ".join(repeated)})
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise UnusableFile(
            _(
                "Columns missing: %(missing)s. The first line must name these columns "
                "(they may be empty): %(all)s."
            )
            % {"missing": ", ".join(missing), "all": ", ".join(COLUMNS)}
        )
    position = {c: header.index(c) for c in COLUMNS}
    messages = _messages()
    parsed = Parsed(delimiter=delimiter)
    seen: dict[str, int] = {}
    # strict: a quote never closed is an error, not the rest of the file swallowed into one cell.
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    while True:
        starts = reader.line_num + 2  # the header line was read before the reader started
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise UnusableFile(
                _("The record starting on line %(line)s cannot be read as CSV (%(error)s): check its quotes.")
                % {"line": starts, "error": error}
            ) from None
        line = starts
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            parsed.problems.append(
                Problem(line, row[position["record_id"]].strip(), "", messages[("", "cells")])
            )
        if len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        value = {c: row[i].strip() for c, i in position.items()}
        record_id = value["record_id"]
        if not record_id:
            raise UnusableFile(_("Row %(row)s has no record_id: every record needs one.") % {"row": line})
        if record_id in seen:
            raise UnusableFile(
                _("record_id %(id)s appears on rows %(first)s and %(row)s: record ids must be unique.")
                % {"id": record_id, "first": seen[record_id], "row": line}
            )
        seen[record_id] = line

        def problem(column: str, code: str, _line: int = line, _id: str = record_id) -> None:
            parsed.problems.append(Problem(_line, _id, column, messages[(column, code)]))

        birth_date, issue = parse_birth_date(value["birth_date"], today=today)
        if issue:
            problem("birth_date", issue)
        nik, issue = clean_nik(value["nik"])
        if issue:
            problem("nik", issue)
        sex, issue = clean_sex(value["sex"])
        if issue:
            problem("sex", issue)
        if not value["full_name"]:
            problem("full_name", "empty")
        parsed.ids.append(record_id)
        parsed.records.append(
            RawRecord(
                id=len(parsed.records),
                full_name=value["full_name"],
                sex=sex,
                birth_date=birth_date,
                birth_place=value["birth_place"],
                nik=nik,
                mother_name=value["mother_name"],
                father_name=value["father_name"],
            )
        )
    if not parsed.records:
        raise UnusableFile(_("The file has a header but no records."))
    return parsed


def write_atomically(path: Path, rows: list[tuple[str, ...]], header: tuple[str, ...]) -> None:
    """Write the whole file or nothing: a half-written output must never look like a result."""
    temporary = path.with_name(f".{path.name}.partial")
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
