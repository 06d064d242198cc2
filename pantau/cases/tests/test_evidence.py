"""Evidence that holds: a file hashed at upload, checked at every opening, a changed file refused with
nothing served, the chain of custody, the hash on the printed summary, and who may do each."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pantau.audit.models import AuditEvent
from pantau.cases.custody import evidence_open, evidence_verify, stored_digest
from pantau.cases.models import CaseEvidence, CustodyEntry
from pantau.cases.tests.evidence_world import PDF, PNG, case_with_police, tamper, upload
from pantau.cases.tests.test_case_extras import make_case
from pantau.notifications.models import Notification
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db
SHA_PDF = hashlib.sha256(PDF).hexdigest()


def _printed(sha256: str) -> str:
    """A hash as the printed summary shows it: two lines of 32 characters, to fit the page."""
    return f"{sha256[:32]}<br>{sha256[32:]}"


def _actions(evidence: CaseEvidence) -> list[str]:
    return list(evidence.custody.order_by("at", "pk").values_list("action", flat=True))


def test_upload_is_hashed_and_starts_the_chain(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    case = make_case(registry)
    supervisor = registry.world.user("supervisor")
    client = login(supervisor)
    response = client.post(
        f"/cases/{case.pk}/evidence/",
        {"file": SimpleUploadedFile("bap.pdf", PDF), "description": "Berita acara"},
    )
    assert response.status_code == 302
    evidence = CaseEvidence.objects.get()
    assert evidence.sha256 == SHA_PDF and evidence.size == len(PDF) == 28
    assert stored_digest(evidence) == (SHA_PDF, 28)
    added = evidence.custody.get()
    assert (added.action, added.by, added.organisation, added.sha256) == (
        "added",
        supervisor,
        registry.world.dinsos,
        SHA_PDF,
    )
    event = AuditEvent.objects.get(action="case.evidence_added")
    assert event.changes["sha256"] == [None, SHA_PDF]
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert SHA_PDF in page and "28 bytes" in page


def test_refused_upload_saves_nothing(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    case = make_case(registry)
    client = login(registry.world.user("supervisor"))
    fake = SimpleUploadedFile("bap.pdf", b"MZ\x90\x00 a program, not a PDF")
    response = client.post(f"/cases/{case.pk}/evidence/", {"file": fake})
    assert response.status_code == 400 and "Only PDF, JPEG or PNG" in response.content.decode()
    assert not CaseEvidence.objects.exists() and not CustodyEntry.objects.exists()
    assert not AuditEvent.objects.filter(action="case.evidence_added").exists()


def test_opening_checks_the_hash_and_logs_the_viewer(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    world = registry.world
    case = case_with_police(registry)
    evidence = upload(world.user("supervisor"), case)
    police = login(world.user("investigator"))
    opened = police.get(f"/cases/{case.pk}/evidence/{evidence.pk}/")
    assert opened.status_code == 200 and b"".join(opened.streaming_content) == PDF
    viewed = evidence.custody.get(action="viewed")
    assert (viewed.by, viewed.organisation) == (world.user("investigator"), world.ppa_unit)
    assert (
        AuditEvent.objects.filter(action="case.evidence_viewed", actor=world.user("investigator")).count()
        == 1
    )
    assert _actions(evidence) == ["added", "viewed"]


def test_a_changed_file_is_refused_recorded_and_told(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    world = registry.world
    case = case_with_police(registry)
    evidence = upload(world.user("supervisor"), case)
    tamper(evidence)
    found = hashlib.sha256(PDF + b"diubah").hexdigest()
    police = login(world.user("investigator"))
    refused = police.get(f"/cases/{case.pk}/evidence/{evidence.pk}/")
    page = refused.content.decode()
    assert refused.status_code == 409 and refused["Content-Type"].startswith("text/html")
    assert "This file has changed since it was uploaded" in page
    assert SHA_PDF in page and found in page
    assert "berita acara uji" not in page  # nothing of the file is served
    mismatch = evidence.custody.get(action="mismatch")
    assert (mismatch.by, mismatch.sha256) == (world.user("investigator"), found)
    assert not evidence.custody.filter(action="viewed").exists()
    event = AuditEvent.objects.get(action="case.evidence_mismatch")
    assert event.changes["sha256"] == [SHA_PDF, found]
    assert not AuditEvent.objects.filter(action="case.evidence_viewed").exists()
    # The lead agency's case team is told (the supervisor and the colleague), not the police.
    told = set(Notification.objects.filter(text__contains="no longer matches").values_list("user", flat=True))
    assert told == {world.user("supervisor").pk, world.user("colleague").pk}
    # The verify button is refused the same way; the case file and the summary flag the file.
    verify = police.post(f"/cases/{case.pk}/evidence/{evidence.pk}/verify/")
    assert verify.status_code == 409 and "This file has changed" in verify.content.decode()
    assert _actions(evidence) == ["added", "mismatch", "mismatch"]
    file_page = police.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="evidence-broken"' in file_page
    summary = police.get(f"/cases/{case.pk}/summary/").content.decode()
    assert "changed since upload: must not be used as evidence" in summary and _printed(SHA_PDF) in summary


def test_verify_records_a_matching_hash(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    world = registry.world
    case = make_case(registry)
    evidence = upload(world.user("supervisor"), case)
    client = login(world.user("colleague"))
    response = client.post(f"/cases/{case.pk}/evidence/{evidence.pk}/verify/", follow=True)
    assert "The file matches the hash recorded at upload." in response.content.decode()
    verified = evidence.custody.get(action="verified")
    assert (verified.by, verified.sha256) == (world.user("colleague"), SHA_PDF)
    assert AuditEvent.objects.filter(action="case.evidence_verified").count() == 1
    # GET does nothing.
    assert client.get(f"/cases/{case.pk}/evidence/{evidence.pk}/verify/").status_code == 405


def test_a_file_from_before_hashing_is_hashed_on_first_read(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    world = registry.world
    case = make_case(registry)
    legacy = CaseEvidence(
        case=case, original_name="lama.png", content_type="image/png", uploaded_by=world.user("supervisor")
    )
    legacy.file.save("lama.png", SimpleUploadedFile("lama.png", PNG), save=False)
    legacy.save()
    client = login(world.user("supervisor"))
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "not recorded yet" in page
    response = client.post(f"/cases/{case.pk}/evidence/{legacy.pk}/verify/", follow=True)
    assert "its hash is recorded now, on first read, not at upload" in response.content.decode()
    legacy.refresh_from_db()
    assert legacy.sha256 == hashlib.sha256(PNG).hexdigest() and legacy.size == 72
    assert AuditEvent.objects.filter(action="case.evidence_hashed_late").count() == 1
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "hash recorded on first read, not at upload" in page
    # From then on it is checked like any other: a change is refused.
    tamper(legacy, PNG + b"x")
    assert not evidence_open(actor=world.user("supervisor"), case=case, evidence=legacy).ok
    assert _actions(legacy) == ["verified", "mismatch"]


def test_the_summary_prints_hashes_and_logs_the_export(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    world = registry.world
    case = make_case(registry)
    first = upload(world.user("supervisor"), case)
    second = upload(world.user("supervisor"), case, "foto.png", PNG)
    client = login(world.user("supervisor"))
    summary = client.get(f"/cases/{case.pk}/summary/").content.decode()
    assert _printed(SHA_PDF) in summary and _printed(hashlib.sha256(PNG).hexdigest()) in summary
    assert _actions(first) == ["added", "exported"] and _actions(second) == ["added", "exported"]
    exported = first.custody.get(action="exported")
    assert (exported.by, exported.organisation) == (world.user("supervisor"), world.dinsos)


def test_printing_the_summary_checks_every_file_and_marks_one_that_changed(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    """A summary certifies the hashes it prints: a file altered on disk and never opened since is found
    when the summary is printed, marked on it and logged as a mismatch (not as exported)."""
    world = registry.world
    case = make_case(registry)
    intact = upload(world.user("supervisor"), case)
    altered = upload(world.user("supervisor"), case, "foto.png", PNG)
    tamper(altered, PNG + b"diubah")
    summary = login(world.user("supervisor")).get(f"/cases/{case.pk}/summary/").content.decode()
    rows = summary[summary.index("foto.png") :]
    assert rows.index("changed since upload: must not be used as evidence") < rows.index("</tr>")
    assert summary.count("changed since upload") == 1
    assert _actions(intact) == ["added", "exported"] and _actions(altered) == ["added", "mismatch"]


def test_evidence_not_shared_by_the_referral_stays_closed(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    world = registry.world
    case = case_with_police(registry, shared={"identity", "subjects", "investigation"})
    evidence = upload(world.user("supervisor"), case)
    police = login(world.user("investigator"))
    for response in (
        police.get(f"/cases/{case.pk}/evidence/{evidence.pk}/"),
        police.post(f"/cases/{case.pk}/evidence/{evidence.pk}/verify/"),
    ):
        assert response.status_code == 403
    denied = AuditEvent.objects.filter(action="access.denied", actor=world.user("investigator"))
    assert [e.changes["reason"] for e in denied] == ["not_shared", "not_shared"]
    assert _actions(evidence) == ["added"]
    page = police.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="evidence"' not in page and SHA_PDF not in page
    summary = police.get(f"/cases/{case.pk}/summary/").content.decode()
    assert SHA_PDF[:32] not in summary and "Not shared with your agency" in summary
    assert _actions(evidence) == ["added"]


def test_outsiders_get_nothing(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    world = registry.world
    case = make_case(registry)  # not referred to anyone
    evidence = upload(world.user("supervisor"), case)
    for persona in ("case_worker", "investigator", "outsider"):
        client = login(world.user(persona), Client())
        assert client.get(f"/cases/{case.pk}/evidence/{evidence.pk}/").status_code == 404
        assert client.post(f"/cases/{case.pk}/evidence/{evidence.pk}/verify/").status_code == 404
    assert _actions(evidence) == ["added"]
    viewer = login(world.user("viewer"), Client())  # Dinas Sosial, but no case work
    assert viewer.get(f"/cases/{case.pk}/evidence/{evidence.pk}/").status_code == 403


def test_service_refuses_a_changed_file_directly(registry: RegistryWorld) -> None:
    world = registry.world
    case = make_case(registry)
    evidence = upload(world.user("supervisor"), case)
    assert evidence_verify(actor=world.user("supervisor"), case=case, evidence=evidence).ok
    tamper(evidence)
    check = evidence_verify(actor=world.user("supervisor"), case=case, evidence=evidence)
    assert not check.ok and check.sha256 == hashlib.sha256(PDF + b"diubah").hexdigest()
    evidence.refresh_from_db()
    assert evidence.sha256 == SHA_PDF  # the recorded hash is never overwritten


def test_case_file_queries_do_not_grow_with_files_and_links(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    world = registry.world
    case = case_with_police(registry)
    upload(world.user("supervisor"), case)
    client = login(world.user("investigator"))
    client.get(f"/cases/{case.pk}/")  # warm the session and caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/cases/{case.pk}/").status_code == 200
        return len(queries)

    one = count()
    for n in range(3):
        evidence = upload(world.user("supervisor"), case, f"foto-{n}.png", PNG)
        evidence_verify(actor=world.user("investigator"), case=case, evidence=evidence)
    assert count() == one


def test_a_missing_stored_file_is_refused_as_a_break(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    world = registry.world
    case = make_case(registry)
    evidence = upload(world.user("supervisor"), case)
    evidence.file.storage.delete(evidence.file.name)
    client = login(world.user("supervisor"))
    refused = client.get(f"/cases/{case.pk}/evidence/{evidence.pk}/")
    assert refused.status_code == 409
    assert "none: the stored copy is missing or cannot be read" in refused.content.decode()
    mismatch = evidence.custody.get(action="mismatch")
    assert mismatch.sha256 == ""
    assert AuditEvent.objects.get(action="case.evidence_mismatch").changes["sha256"] == [SHA_PDF, ""]
