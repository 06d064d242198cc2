"""Demo data: a few data-subject requests at Dinas Sosial Kabupaten Tangerang, logged through the
service at back-dated moments: a parent's access request answered on time, a guardian's correction
still open, a reporter's deletion request overdue (the list flags it), and an alleged person's access
request refused under Pasal 33 (it would disclose a child's data). Synthetic; no one is named."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from pantau.accounts.models import User
from pantau.lib.seeding import SeedContext, seeder
from pantau.privacy.models import SubjectRequest
from pantau.privacy.services import request_answer, request_record

SUPERVISOR = "pengawas@dinsos-kabtangerang.pantau.test"

# (hours ago received, kind, relation, whose data, record, what is asked, answer: (status, text, hours
# after receiving) or None)
REQUESTS = [
    (
        200,
        "access",
        "parent",
        "child",
        "anak #12",
        "Orang tua meminta salinan data anaknya yang dicatat panti.",
        ("answered", "Salinan data diserahkan langsung di kantor Dinas Sosial.", 30),
    ),
    (
        20,
        "correction",
        "guardian",
        "child",
        "anak #31",
        "Wali menyatakan tanggal lahir anak salah; akta kelahiran dilampirkan.",
        None,
    ),
    (
        100,
        "deletion",
        "self",
        "reporter",
        "pengaduan (kode pelacakan dari pelapor)",
        "Pelapor meminta nama dan nomor teleponnya dihapus dari pengaduan yang sudah ditutup.",
        None,
    ),
    (
        150,
        "access",
        "representative",
        "alleged",
        "kasus nomor dari kuasa hukum",
        "Kuasa hukum terlapor meminta seluruh data kasus.",
        (
            "refused",
            "Ditolak sebagian (Pasal 33): data anak korban tidak diberikan; data terlapor sendiri diberikan.",
            48,
        ),
    ),
]


@seeder(order=95)
def seed_privacy(ctx: SeedContext) -> None:
    supervisor = User.objects.filter(email=SUPERVISOR).first()
    if supervisor is None:
        return
    now = timezone.now()
    for hours, kind, relation, whose, record, details, answer in REQUESTS:
        received = now - timedelta(hours=hours)
        item = request_record(
            actor=supervisor,
            request=SubjectRequest(
                kind=kind,
                requester_relation=relation,
                reply_to="Datang ke kantor Dinas Sosial",
                subject_kind=whose,
                subject_reference=record,
                details=details,
                received_at=received,
            ),
            now=now,
        )
        if answer is not None:
            status, text, after = answer
            request_answer(
                actor=supervisor,
                request=item,
                status=status,
                answer=text,
                now=received + timedelta(hours=after),
            )
    ctx.log(f"  {len(REQUESTS)} data-subject requests (one overdue)")
