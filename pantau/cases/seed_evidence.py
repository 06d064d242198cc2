"""Demo of evidence that holds: the live-streaming case's files hashed at upload with their chain of
custody, one whose stored copy was altered afterwards (opening it is refused), one from before hashing,
requests to TikTok and Instagram (answered, overdue, waiting), and the alleged board member of another
home found again as a suspect in a case elsewhere. Synthetic data only."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pantau.accounts.models import Membership, User
from pantau.cases.custody import evidence_add, evidence_open, evidence_verify
from pantau.cases.models import Case, CaseEvidence, CaseSubject, PlatformRequest
from pantau.cases.platforms import platform_answer_record, platform_request_add
from pantau.lib.persons import set_nik
from pantau.lib.seeding import SeedContext, seeder
from pantau.registry.models import Lksa, StaffMember

# A synthetic NIK (region 36.03.14, born 14-03-1975) and the person it belongs to in the demo.
BOARD_NIK = "3603141403750001"
BOARD_BIRTH = date(1975, 3, 14)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n% data sintetis Pantau\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _upload(actor: User, case: Case, name: str, content: bytes, description: str) -> CaseEvidence:
    return evidence_add(
        actor=actor,
        case=case,
        upload=SimpleUploadedFile(name, content),
        description=description,
    )


def _person_across_cases(ctx: SeedContext, live: Case, lead: User) -> None:
    """A foundation board member of one home who is alleged in the live-streaming case (same NIK) and in
    another case (same name and date of birth), and a namesake on another home's staff (name only)."""
    homes = Lksa.objects.order_by("pk")
    if live.lksa_id is not None:
        homes = homes.exclude(pk=live.lksa_id)
    other_home = homes.first()
    if other_home is None:
        return
    board = StaffMember(
        lksa=other_home,
        full_name="H. Darmawan Saputra, S.E.",
        position="Bendahara yayasan",
        is_board=True,
        birth_date=BOARD_BIRTH,
        police_clearance_on=timezone.localdate() - timedelta(days=400),
    )
    set_nik(board, BOARD_NIK, context=StaffMember.NIK_CONTEXT)
    board.save()
    namesake_home = Lksa.objects.exclude(pk__in=[live.lksa_id, other_home.pk]).order_by("-pk").first()
    if namesake_home is not None:
        StaffMember.objects.create(lksa=namesake_home, full_name="Darmawan Saputra", position="Sopir")
    suspect = CaseSubject(
        case=live,
        name="Darmawan Saputra",
        relation=CaseSubject.Relation.MANAGER,
        notes="Disebut anak-anak sebagai yang mengatur jadwal siaran (data sintetis).",
        birth_date=BOARD_BIRTH,
    )
    set_nik(suspect, BOARD_NIK, context=CaseSubject.NIK_CONTEXT)
    suspect.save()
    elsewhere = Case.objects.exclude(pk=live.pk).exclude(lksa=live.lksa).order_by("pk").first()
    if elsewhere is not None:
        CaseSubject.objects.create(
            case=elsewhere,
            name="Darmawan Saputra",
            relation=CaseSubject.Relation.MANAGER,
            birth_date=BOARD_BIRTH,
        )


@seeder(order=56)
def seed_evidence(ctx: SeedContext) -> None:
    people = {
        m.user.email: m
        for m in Membership.objects.filter(is_active=True).select_related("user", "organisation")
    }
    lead = people.get("pengawas@dinsos-kabtangerang.pantau.test")
    police = people.get("penyidik@ppa-polrestatangerang.pantau.test")
    live = Case.objects.filter(title__startswith="Siaran langsung anak panti").first()
    if lead is None or police is None or live is None:
        return
    today = timezone.localdate()
    screenshot = _upload(
        lead.user, live, "tangkapan-layar-siaran.png", PNG, "Tangkapan layar siaran langsung, pukul 23.10"
    )
    statement = _upload(police.user, live, "bap-saksi.pdf", PDF, "Berita acara pemeriksaan saksi")
    transfer = _upload(lead.user, live, "bukti-transfer-gift.jpg", JPEG, "Bukti penarikan saldo gift")
    evidence_open(actor=police.user, case=live, evidence=screenshot)
    evidence_verify(actor=police.user, case=live, evidence=statement)
    # The stored copy of the transfer receipt is altered after upload: opening it is refused (409).
    with transfer.file.storage.open(transfer.file.name, "wb") as handle:
        handle.write(JPEG + b"diubah")
    # A file from before hashing at upload: no hash, no custody; hashed on its first read.
    legacy = CaseEvidence(
        case=live,
        original_name="foto-kamar-anak.png",
        content_type="image/png",
        description="Foto kamar tidur (diunggah sebelum hash dicatat)",
        uploaded_by=lead.user,
    )
    legacy.file.save("legacy.png", SimpleUploadedFile("legacy.png", PNG + b"kamar"), save=False)
    legacy.save()

    def request(kind: str, platform: str, target: str, ref: str, days_ago: int) -> PlatformRequest:
        return platform_request_add(
            actor=police.user,
            case=live,
            platform=platform,
            kind=kind,
            target=target,
            reference=ref,
            sent_on=today - timedelta(days=days_ago),
        )

    preserved = request(
        "preservation", "tiktok", "https://www.tiktok.com/@panti.ceria.live", "B/123/IV/2026/Reskrim", 30
    )
    platform_answer_record(
        actor=police.user,
        case=live,
        request=preserved,
        answer="complied",
        answered_on=today - timedelta(days=24),
        note="Data akun dan riwayat siaran disimpan 90 hari.",
    )
    request("takedown", "tiktok", "https://www.tiktok.com/@panti.ceria.live", "B/124/IV/2026/Reskrim", 20)
    request("disclosure", "instagram", "@panti.ceria.donasi", "LE-2026-0042", 3)
    _person_across_cases(ctx, live, lead.user)
    ctx.log("  evidence with custody, platform requests and a person across cases")
