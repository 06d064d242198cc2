"""Checking uploads by what they contain, not by what they are called: documents (PDF, JPEG, PNG) and
the spreadsheets of imports (an OOXML workbook, or CSV text)."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# Leading bytes of the formats Dinas Sosial scans and exports come in.
SIGNATURES: dict[bytes, str] = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def sniff(head: bytes) -> str | None:
    for signature, mime in SIGNATURES.items():
        if head.startswith(signature):
            return mime
    return None


def validate_document(upload: UploadedFile) -> str:
    """The file's real type, or a ValidationError saying what is wrong with it."""
    limit = settings.PANTAU_UPLOAD_MAX_MB * 1024 * 1024
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size).1f MB; the limit is %(limit)s MB.")
            % {"size": upload.size / 1024 / 1024, "limit": settings.PANTAU_UPLOAD_MAX_MB}
        )
    upload.seek(0)
    mime = sniff(upload.read(16))
    upload.seek(0)
    if mime is None:
        raise ValidationError(
            _(
                "Only PDF, JPEG or PNG documents are accepted, and this file is none of them "
                "(whatever its name says)."
            )
        )
    return mime


# --- Spreadsheets (imports) -----------------------------------------------------------------------

# An XLSX is a ZIP whose [Content_Types].xml declares a SpreadsheetML workbook; a .docx, a .jar or any
# other ZIP does not. Read at most this much of that part (it is a few hundred bytes in a real file).
_CONTENT_TYPES = "[Content_Types].xml"
_CONTENT_TYPES_MAX = 256 * 1024
_WORKBOOK_TYPES = (b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")


def is_ooxml_workbook(data: bytes) -> bool:
    """The bytes are a ZIP with the OOXML parts of an Excel workbook."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if _CONTENT_TYPES not in names or not any(n.startswith("xl/") for n in names):
                return False
            with archive.open(_CONTENT_TYPES) as part:
                declared = part.read(_CONTENT_TYPES_MAX)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return False
    return any(kind in declared for kind in _WORKBOOK_TYPES)


def is_plain_text(data: bytes) -> bool:
    """Text a list can be read from: no NUL byte (which no text file has and every program does), and
    not a markup page (a CSV never starts with '<')."""
    return b"\x00" not in data and not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def validate_spreadsheet(upload: UploadedFile) -> str:
    """ "xlsx" or "csv" by what the file contains, or a ValidationError. A file named .xlsx must be a
    workbook; one named .csv may be a workbook (read as one) or plain text."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if is_ooxml_workbook(data):
        return "xlsx"
    if (upload.name or "").lower().endswith((".xlsx", ".xlsm")):
        raise ValidationError(
            _("This file is not an Excel (.xlsx) workbook, whatever its name says. Save it from Excel again.")
        )
    if not is_plain_text(data):
        raise ValidationError(
            _("This file is not a CSV text file, whatever its name says. Save the list as CSV or .xlsx.")
        )
    return "csv"
