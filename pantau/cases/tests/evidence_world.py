"""Helpers for the evidence and people tests: a case led by Dinas Sosial Kabupaten Tangerang (the
supervisor), referred to and accepted by the police PPA unit (the investigator) and the UPTD PPA (the
case worker), each sharing the parts of the file named."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pantau.accounts.models import Organisation, User
from pantau.cases.custody import evidence_add
from pantau.cases.models import Case, CaseEvidence, Referral
from pantau.cases.services import referral_decide, referral_send
from pantau.cases.sharing import ALL_SECTIONS
from pantau.cases.tests.test_case_extras import make_case
from pantau.registry.tests.conftest import RegistryWorld

PDF = b"%PDF-1.4\n% berita acara uji\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def refer(
    registry: RegistryWorld,
    case: Case,
    to_org: Organisation,
    receiver: User,
    *,
    purpose: str,
    shared: frozenset[str] | set[str] = ALL_SECTIONS,
) -> Referral:
    """A referral from the lead agency, accepted by ``receiver``'s agency."""
    referral = referral_send(
        actor=registry.world.user("supervisor"),
        case=case,
        to_org=to_org,
        purpose=purpose,
        note="",
        due_on=timezone.localdate() + timedelta(days=5),
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=sorted(shared),
    )
    return referral_decide(actor=receiver, referral=referral, accept=True)


def case_with_police(registry: RegistryWorld, *, shared: frozenset[str] | set[str] = ALL_SECTIONS) -> Case:
    """A case the police PPA unit accepted (sharing ``shared``) and the UPTD PPA accepted (everything)."""
    world = registry.world
    case = make_case(registry)
    refer(registry, case, world.ppa_unit, world.user("investigator"), purpose="investigation", shared=shared)
    refer(registry, case, world.uptd, world.user("case_worker"), purpose="psychosocial")
    return case


def upload(actor: User, case: Case, name: str = "bap.pdf", content: bytes = PDF) -> CaseEvidence:
    return evidence_add(
        actor=actor, case=case, upload=SimpleUploadedFile(name, content), description="Berita acara"
    )


def tamper(evidence: CaseEvidence, content: bytes = PDF + b"diubah") -> None:
    """Overwrite the stored copy of ``evidence`` (what an altered disk or a swapped file does)."""
    storage = evidence.file.storage
    storage.delete(evidence.file.name)
    with storage.open(evidence.file.name, "wb") as handle:
        handle.write(content)
