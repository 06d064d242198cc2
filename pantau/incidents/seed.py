"""Demo data: a few incident reports from homes in Kabupaten Tangerang, made through the service (so
each is a concern in Dinas Sosial's triage, priority where the kind says so), back-dated from the day
the demo is generated. LKSA Kasih Bunda Tigaraksa (the demo operator's home) reported a child missing
on time, a stranger asking to "adopt" a baby, and a hospital stay; another Tangerang home reported an
abuse two days late, and one more home a missing child a few hours late: Dinas Sosial's home page
then lists late reports, and the incident list counts them per home. Synthetic; no child is named."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from pantau.accounts.models import Membership, User
from pantau.accounts.roles import Role
from pantau.incidents.models import IncidentReport, Kind
from pantau.incidents.services import incident_report
from pantau.lib.seeding import SeedContext, seeder
from pantau.registry.models import Lksa

DEMO_HOME = "LKSA Kasih Bunda Tigaraksa"
DEMO_OPERATOR = "operator@lksa-kasihbunda.pantau.test"

# (kind, days ago it happened, hours until the home learned of it, hours until it reported, children,
#  police informed, others informed, description, action taken)
KASIH_BUNDA = [
    (
        Kind.MISSING,
        3,
        2,
        5,
        1,
        True,
        "Kepala desa Tigaraksa",
        "Seorang anak laki-laki (13 tahun) tidak kembali ke panti setelah pulang sekolah. Teman sekelas "
        "melihatnya dijemput seseorang dengan sepeda motor.",
        "Pengasuh mencari di sekitar sekolah dan rumah keluarga; laporan ke Polsek Tigaraksa.",
    ),
    (
        Kind.ADOPTION,
        10,
        0,
        6,
        1,
        False,
        "",
        "Seorang tamu yang mengaku dari luar kota meminta untuk 'mengadopsi' bayi perempuan panti dan "
        "menawarkan uang pengganti biaya perawatan. Tamu tidak membawa dokumen apa pun.",
        "Permintaan ditolak; nomor telepon dan plat kendaraan tamu dicatat.",
    ),
    (
        Kind.INJURY,
        20,
        0,
        10,
        1,
        False,
        "RSUD Tangerang",
        "Seorang anak demam tinggi dan kejang pada malam hari, dirawat inap tiga hari.",
        "Anak dibawa ke IGD oleh pengasuh jaga; keluarga dihubungi.",
    ),
]
LATE_ELSEWHERE = [
    (
        Kind.ABUSE,
        12,
        1,
        24 + 48,  # 48 hours past the 24-hour policy deadline
        2,
        False,
        "",
        "Dua anak melaporkan dipukul oleh seorang pengasuh malam ketika menolak tidur. Ada memar di lengan.",
        "Pengasuh tersebut dibebastugaskan sementara; anak-anak diperiksa di puskesmas.",
    ),
    (
        Kind.MISSING,
        6,
        1,
        24 + 5,  # five hours late
        1,
        True,
        "Orang tua wali",
        "Seorang anak perempuan pergi dari panti malam hari dan belum kembali.",
        "Pengasuh mencari ke rumah keluarga; laporan ke polsek.",
    ),
]


def _operator(home: Lksa) -> User:
    """The demo home's operator; for another home one is made (no demo login: it only reports here)."""
    found = User.objects.filter(
        memberships__organisation=home.organisation, memberships__is_active=True
    ).first()
    if found:
        return found
    user = User.objects.create(email=f"operator{home.pk}@lksa.pantau.test", full_name=f"Operator {home.name}")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    Membership.objects.create(user=user, organisation=home.organisation, role=Role.LKSA_OPERATOR)
    return user


def _report(home: Lksa, row: tuple[Any, ...], now: datetime) -> IncidentReport:
    kind, days, learned_after, reported_after, count, police, others, description, action = row
    happened = (now - timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    learned = happened + timedelta(hours=learned_after)
    report = IncidentReport(
        kind=kind,
        happened_at=happened,
        learned_at=learned,
        description=description,
        action_taken=action,
        police_informed=police,
        others_informed=others,
        children_count=count,
    )
    return incident_report(
        actor=_operator(home), report=report, now=learned + timedelta(hours=reported_after)
    )


@seeder(order=63)
def seed_incidents(ctx: SeedContext) -> None:
    now = timezone.now()
    demo = Lksa.objects.filter(name=DEMO_HOME).first()
    others = list(
        Lksa.objects.filter(region_code__startswith="36.03", is_active=True)
        .exclude(name=DEMO_HOME)
        .order_by("pk")
    )[:2]
    made = [_report(demo, row, now) for row in KASIH_BUNDA] if demo else []
    made += [_report(home, row, now) for home, row in zip(others, LATE_ELSEWHERE, strict=False)]
    late = sum(1 for r in made if r.is_late)
    ctx.log(f"  {len(made)} incident reports from Kabupaten Tangerang homes ({late} reported late)")
