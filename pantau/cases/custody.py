"""Evidence that holds: every file hashed (SHA-256) as it arrives, checked again whenever it is read, and
each hand it passes through written to its chain of custody.

* At upload the bytes are hashed in chunks *before* the file is stored; the hash, the size and an
  "added" link are saved with it, in one transaction.
* Opening a file recomputes the hash of the stored bytes. A match is served and logged "viewed"; a
  difference is refused (the file changed since upload and must not be used), logged "mismatch" with
  the hash found, audited and told to the lead agency's team.
* Files uploaded before hashing existed (``sha256`` blank) are hashed on their first read. Their chain
  has no "added" link, and its first link is where the hash was recorded: the log says so.
* The printed summary lists each file with its hash and size and logs "exported" for each.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.cases.models import Case, CaseEvidence, CustodyEntry
from pantau.cases.services import CASE_ROLES, _open_case
from pantau.lib.uploads import validate_document
from pantau.notifications.services import notify

CHUNK = 1024 * 1024  # read files a megabyte at a time: a video of a live stream never sits in memory


def _digest(chunks: Iterable[bytes]) -> tuple[str, int]:
    """(SHA-256 hex digest, size in bytes) of a stream of chunks."""
    sha = hashlib.sha256()
    size = 0
    for chunk in chunks:
        sha.update(chunk)
        size += len(chunk)
    return sha.hexdigest(), size


def _stored_chunks(evidence: CaseEvidence) -> Iterator[bytes]:
    with evidence.file.storage.open(evidence.file.name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def stored_digest(evidence: CaseEvidence) -> tuple[str, int]:
    """The hash and size of the bytes as they are stored now."""
    return _digest(_stored_chunks(evidence))


def _link(evidence: CaseEvidence, action: str, actor: User | None, sha256: str = "") -> CustodyEntry:
    return CustodyEntry.objects.create(
        evidence=evidence,
        action=action,
        by=actor,
        organisation=actor.office if actor else None,
        sha256=sha256,
    )


# --- Adding ---------------------------------------------------------------------------------------


def evidence_add(*, actor: User, case: Case, upload: UploadedFile, description: str) -> CaseEvidence:
    """Store a document or photo on the case file: PDF, JPEG or PNG by content, hashed before storing."""
    content_type = validate_document(upload)
    upload.seek(0)
    sha256, size = _digest(upload.chunks(CHUNK))
    upload.seek(0)
    with transaction.atomic():
        evidence = CaseEvidence.objects.create(
            case=_open_case(case),
            file=upload,
            original_name=(upload.name or "")[:255],
            content_type=content_type,
            description=description,
            sha256=sha256,
            size=size,
            uploaded_by=actor,
        )
        _link(evidence, CustodyEntry.Action.ADDED, actor, sha256)
        audit_record(
            action="case.evidence_added",
            actor=actor,
            target=case,
            target_region=case.region_code,
            changes={"evidence": [None, evidence.pk], "sha256": [None, sha256]},
        )
    return evidence


# --- Reading and checking -------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """What reading a file found: ``ok`` (the stored bytes are those uploaded), ``first_read`` (a file from
    before hashing, whose hash was recorded now), and the hash computed."""

    ok: bool
    first_read: bool
    sha256: str


def _mismatch(actor: User, case: Case, evidence: CaseEvidence, found: str) -> None:
    """The stored bytes differ from those uploaded: logged, audited and told to the lead agency's team.
    Committed even though the read is refused: the break in the chain must stay on record."""
    with transaction.atomic():
        _link(evidence, CustodyEntry.Action.MISMATCH, actor, found)
        audit_record(
            action="case.evidence_mismatch",
            actor=actor,
            target=case,
            target_region=case.region_code,
            changes={"evidence": [None, evidence.pk], "sha256": [evidence.sha256, found]},
        )
        notify(
            User.objects.members_of(case.owner, roles=CASE_ROLES),
            _(
                "Case %(number)s: a file no longer matches the hash taken at upload (%(name)s). "
                "It must not be used as evidence."
            )
            % {"number": case.number, "name": evidence.original_name},
            reverse("cases:case_detail", args=[case.pk]) + "#evidence",
        )


def _check(actor: User, case: Case, evidence: CaseEvidence, action: str) -> Check:
    """Hash the stored bytes and write the link for ``action`` (or "mismatch"). A stored file that is
    gone is a break in the chain too: refused as a mismatch with no hash found."""
    try:
        found, size = stored_digest(evidence)
    except OSError:  # FileNotFoundError included: the stored copy was deleted or cannot be read
        _mismatch(actor, case, evidence, "")
        return Check(ok=False, first_read=False, sha256="")
    if not evidence.sha256:
        # Uploaded before hashing at upload: the hash is recorded now, on the first read.
        with transaction.atomic():
            updated = CaseEvidence.objects.filter(pk=evidence.pk, sha256="").update(sha256=found, size=size)
            evidence.sha256, evidence.size = found, size
            _link(evidence, action, actor, found)
            audit_record(
                action="case.evidence_hashed_late",
                actor=actor,
                target=case,
                target_region=case.region_code,
                changes={"evidence": [None, evidence.pk], "sha256": [None, found]},
            )
        return Check(ok=True, first_read=bool(updated), sha256=found)
    if found != evidence.sha256:
        _mismatch(actor, case, evidence, found)
        return Check(ok=False, first_read=False, sha256=found)
    _link(evidence, action, actor, found if action == CustodyEntry.Action.VERIFIED else "")
    return Check(ok=True, first_read=False, sha256=found)


def evidence_open(*, actor: User, case: Case, evidence: CaseEvidence) -> Check:
    """Before a file is served: its bytes checked against the upload hash, the opening logged."""
    check = _check(actor, case, evidence, CustodyEntry.Action.VIEWED)
    if check.ok:
        audit_record(
            action="case.evidence_viewed",
            actor=actor,
            target=case,
            target_region=case.region_code,
            changes={"evidence": [None, evidence.pk]},
        )
    return check


def evidence_verify(*, actor: User, case: Case, evidence: CaseEvidence) -> Check:
    """Recheck the hash on request (before a hearing, a handover): "verified" or "mismatch" logged."""
    check = _check(actor, case, evidence, CustodyEntry.Action.VERIFIED)
    if check.ok:
        audit_record(
            action="case.evidence_verified",
            actor=actor,
            target=case,
            target_region=case.region_code,
            changes={"evidence": [None, evidence.pk]},
        )
    return check


def evidence_exported(*, actor: User, case: Case, files: list[CaseEvidence]) -> None:
    """The printed summary lists ``files`` with their hashes: each file's stored bytes are checked first
    (a summary certifies the hashes it prints), then an "exported" link is written, or a "mismatch" one
    for a file that changed since upload (the summary marks it). Files from before hashing are hashed
    now, so the summary never prints a blank hash."""
    for evidence in files:
        _check(actor, case, evidence, CustodyEntry.Action.EXPORTED)


def refuse_mismatch(check: Check) -> None:
    if not check.ok:
        raise ValidationError(
            _(
                "This file has changed since it was uploaded: its SHA-256 no longer matches the one "
                "recorded at upload. It must not be used as evidence. The lead agency has been told."
            )
        )


# --- The chain on the case file -------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    entry: CustodyEntry
    first_read: bool  # this link recorded the hash of a file uploaded before hashing


@dataclass(frozen=True)
class EvidenceRow:
    evidence: CaseEvidence
    links: list[Link]
    hashed_late: bool  # uploaded before hashing at upload
    broken: bool  # a mismatch is on record

    @property
    def sha256(self) -> str:
        return self.evidence.sha256


def evidence_with_custody(case: Case) -> QuerySet[CaseEvidence]:
    """A case's files with their uploader and every custody link (its person and office): two queries
    whatever the number of files and links."""
    return case.evidence.select_related("uploaded_by").prefetch_related(
        Prefetch("custody", queryset=CustodyEntry.objects.select_related("by", "organisation"))
    )


def evidence_rows(files: Iterable[CaseEvidence]) -> list[EvidenceRow]:
    """Each file with its chain, as the case file shows it (``files`` from ``evidence_with_custody``)."""
    rows = []
    for evidence in files:
        entries: list[Any] = list(evidence.custody.all())
        hashed_late = not any(e.action == CustodyEntry.Action.ADDED for e in entries)
        links = [Link(e, first_read=hashed_late and i == 0) for i, e in enumerate(entries)]
        broken = any(e.action == CustodyEntry.Action.MISMATCH for e in entries)
        rows.append(EvidenceRow(evidence, links, hashed_late, broken))
    return rows
