"""A full disk or an unwritable upload folder (pantau.lib.storage): the upload is refused with a clear
message beside the form (the other fields kept as typed) or a 503 from the API; nothing is written to
the database and no partial file is left; the log says why without any personal data.

Tests run as root, where file modes do not stop writes: a full disk is simulated by the filesystem
refusing the write (ENOSPC), and an unwritable folder for real by a storage root under a *file*, which
no user can create a directory in."""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from pantau.audit.models import AuditEvent
from pantau.cases.models import CaseEvidence
from pantau.cases.tests.evidence_world import PDF
from pantau.cases.tests.test_case_extras import make_case
from pantau.imports.models import ImportJob
from pantau.lib.storage import PrivateStorage
from pantau.registry.tests.conftest import RegistryWorld
from pantau.staffing.models import PoliceClearance
from pantau.staffing.tests.conftest import PNG, StaffWorld

MESSAGE = "The document could not be stored: the server&#x27;s storage is full or not writable."
MESSAGE_ID = "Dokumen tidak dapat disimpan: penyimpanan server penuh atau tidak dapat ditulisi."


@pytest.fixture(params=["disk full", "not writable"])
def broken_storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The private storage failing the way the parameter says, for the length of the test."""
    if request.param == "disk full":
        partial: list[Path] = []

        def full(self: FileSystemStorage, name: str, content: Any) -> str:
            # Half a file written, then the disk is full: the partial file must not stay behind.
            path = Path(self.path(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"%PDF-half")
            partial.append(path)
            raise OSError(errno.ENOSPC, "No space left on device")

        with mock.patch.object(FileSystemStorage, "_save", full):
            yield request.param
        assert partial and not any(p.exists() for p in partial)
    else:
        blocker = tmp_path / "a-file"
        blocker.write_text("not a folder")
        # The models' fields hold the storage made at start-up: point that one under the file.
        storage = storages["private"]
        saved = {key: storage.__dict__.get(key) for key in ("base_location", "location")}
        storage.__dict__.update(base_location=str(blocker / "private"), location=str(blocker / "private"))
        try:
            yield request.param
        finally:
            for key, value in saved.items():
                storage.__dict__.pop(key, None)
                if value is not None:
                    storage.__dict__[key] = value


def _assert_logged_without_personal_data(caplog: pytest.LogCaptureFixture, *personal: str) -> None:
    records = [r for r in caplog.records if r.name == "pantau.lib.storage"]
    assert records and records[0].levelno == logging.ERROR
    text = records[0].getMessage()
    assert "ENOSPC" in text or "ENOTDIR" in text or "EEXIST" in text
    assert not any(value in text for value in personal)


def test_evidence_page_refuses_cleanly_and_keeps_the_description(
    registry: RegistryWorld,
    login: Callable[..., Client],
    broken_storage: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    case = make_case(registry)
    client = login(registry.world.user("supervisor"))
    with translation.override("en"):
        response = client.post(
            f"/cases/{case.pk}/evidence/",
            {"file": SimpleUploadedFile("bap-andi.pdf", PDF), "description": "Berita acara pemeriksaan Andi"},
        )
    page = response.content.decode()
    assert response.status_code == 400
    assert MESSAGE in page and "Nothing was saved. Tell your administrator." in page
    assert "Berita acara pemeriksaan Andi" in page  # what was typed is still in the form
    assert not CaseEvidence.objects.exists()
    assert not AuditEvent.objects.filter(action="case.evidence_added").exists()
    _assert_logged_without_personal_data(caplog, "bap-andi", "Andi")


def test_evidence_page_says_it_in_indonesian(
    registry: RegistryWorld, login: Callable[..., Client], broken_storage: str
) -> None:
    case = make_case(registry)
    client = login(registry.world.user("supervisor"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    with translation.override("id"):
        response = client.post(
            f"/cases/{case.pk}/evidence/", {"file": SimpleUploadedFile("bap.pdf", PDF), "description": "-"}
        )
    assert MESSAGE_ID in response.content.decode()


def test_evidence_api_answers_503_and_saves_nothing(
    registry: RegistryWorld, login: Callable[..., Client], broken_storage: str
) -> None:
    case = make_case(registry)
    client = login(registry.world.user("supervisor"))
    with translation.override("en"):
        response = client.post(
            f"/api/v1/cases/{case.pk}/evidence",
            {"file": SimpleUploadedFile("bap.pdf", PDF), "description": "Berita acara"},
        )
    assert response.status_code == 503
    assert response.json()["detail"].startswith("The document could not be stored")
    assert not CaseEvidence.objects.exists()


def test_evidence_api_adds_a_file_when_storage_works(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    case = make_case(registry)
    client = login(registry.world.user("supervisor"))
    response = client.post(
        f"/api/v1/cases/{case.pk}/evidence", {"file": SimpleUploadedFile("bap.pdf", PDF), "description": "BA"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content_type"] == "application/pdf" and body["size"] == len(PDF)
    assert CaseEvidence.objects.get().description == "BA"
    # Without a file, or with a file that is not a document whatever its name says: refused (422).
    assert client.post(f"/api/v1/cases/{case.pk}/evidence", {"description": "x"}).status_code == 422
    renamed = SimpleUploadedFile("bap.pdf", b"MZ\x90\x00 an executable")
    refused = client.post(f"/api/v1/cases/{case.pk}/evidence", {"file": renamed})
    assert refused.status_code == 422 and CaseEvidence.objects.count() == 1


def test_clearance_page_refuses_cleanly_and_keeps_the_number(
    staffing: StaffWorld,
    login: Callable[..., Client],
    broken_storage: str,
) -> None:
    client = login(staffing.user("supervisor"))
    with translation.override("en"):
        response = client.post(
            f"/staffing/staff/{staffing.carer.pk}/clearance/",
            {
                "number": "SKCK/777/2026",
                "issued_on": "2026-11-01",
                "document": SimpleUploadedFile("skck.png", PNG),
            },
        )
    page = response.content.decode()
    assert response.status_code == 400
    assert MESSAGE in page and "SKCK/777/2026" in page
    assert not PoliceClearance.objects.exists()


def test_import_upload_refuses_cleanly(
    registry: RegistryWorld, login: Callable[..., Client], broken_storage: str
) -> None:
    client = login(registry.world.user("supervisor"))
    with translation.override("en"):
        response = client.post(
            "/registry/imports/", {"file": SimpleUploadedFile("daftar.csv", b"a;b\n1;2\n")}
        )
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_private_storage_is_the_guarded_one() -> None:
    assert isinstance(storages["private"], PrivateStorage)
