"""Spreadsheet uploads are checked by what they contain, not by their name (issue 20, security): a
program, a web page or another kind of archive renamed .xlsx or .csv is refused on the upload form, with
a clear message, and no import job is made. The same for the monitoring import of posts."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from pantau.conftest import World
from pantau.imports.models import ImportJob
from pantau.lib.spreadsheets import xlsx_bytes
from pantau.lib.uploads import is_ooxml_workbook, is_plain_text

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# A Word document is an OOXML ZIP too, but not a workbook.
DOCX = _zip(
    {
        "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument'
        b'.wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": b"<w:document/>",
    }
)
NOT_EXCEL = "This file is not an Excel (.xlsx) workbook, whatever its name says."
NOT_CSV = "This file is not a CSV text file, whatever its name says."
PAGES = ["/registry/imports/", "/children/imports/"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("daftar.xlsx", EXE, NOT_EXCEL),
        ("daftar.xlsx", HTML, NOT_EXCEL),
        ("daftar.xlsx", DOCX, NOT_EXCEL),
        ("daftar.xlsx", b"PK\x03\x04 broken zip", NOT_EXCEL),
        ("daftar.csv", EXE, NOT_CSV),
        ("daftar.csv", HTML, NOT_CSV),
        ("daftar.csv", DOCX, NOT_CSV),
    ],
)
def test_renamed_files_are_refused_before_any_job(
    world: World, login: Callable[..., Client], page: str, name: str, content: bytes, message: str
) -> None:
    client = login(world.user("supervisor"))
    with translation.override("en"):
        response = client.post(page, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("page", PAGES)
def test_a_real_workbook_or_csv_is_accepted_whatever_the_name(
    world: World, login: Callable[..., Client], page: str
) -> None:
    client = login(world.user("supervisor"))
    workbook = xlsx_bytes(["nama"], [["x"]])
    for upload in (
        SimpleUploadedFile("daftar.xlsx", workbook),
        SimpleUploadedFile("daftar.csv", workbook),  # a workbook saved with the wrong name: read as one
        SimpleUploadedFile("daftar.csv", b"nama;umur\nSiti;9\n"),
        SimpleUploadedFile("daftar.csv", "\ufeffnama;umur\nSiti;9\n".encode()),  # Excel's UTF-8 BOM
    ):
        assert client.post(page, {"file": upload}).status_code == 302
    assert ImportJob.objects.count() == 4


def test_the_content_checks_themselves() -> None:
    assert is_ooxml_workbook(xlsx_bytes(["a"], [[1]]))
    assert not is_ooxml_workbook(DOCX) and not is_ooxml_workbook(EXE) and not is_ooxml_workbook(b"PK\x03\x04")
    assert is_plain_text("nama;umur\nSiti;9\n".encode("cp1252"))
    assert not is_plain_text(EXE) and not is_plain_text(HTML) and not is_plain_text(b" \n<?xml ?>")


def test_monitoring_import_refuses_a_renamed_program(world: World, login: Callable[..., Client]) -> None:
    client = login(world.user("supervisor"))
    # Valid UTF-8 (NUL bytes are), but a program: refused.
    program = b"MZ" + b"\x00" * 32 + b"This program cannot be run in DOS mode"
    with translation.override("en"):
        response = client.post("/monitoring/import/", {"file": SimpleUploadedFile("posts.csv", program)})
    assert response.status_code == 400
    assert "The file is not UTF-8 text (JSON Lines or CSV)." in response.content.decode()
