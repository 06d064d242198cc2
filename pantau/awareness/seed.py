"""Demo data: awareness activities (sosialisasi) in Kabupaten Tangerang (Dinas Sosial, KPAI, and LPAI as
a civil-society partner) and in Kota Medan (its Dinas Sosial), within the last 12 months so that the
dashboards count them; and a child's report through the children's channel, waiting in Kabupaten
Tangerang's triage with priority. Synthetic; through the services, as the pages write."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pantau.accounts.models import Membership, Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.awareness.models import AwarenessActivity
from pantau.awareness.services import activity_record
from pantau.cases.models import Concern
from pantau.cases.services import concern_create
from pantau.lib.seeding import SeedContext, seeder
from pantau.regions.models import Region
from pantau.registry.models import Lksa

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
CSO_LOGIN = "admin@lpai.pantau.test"

# (recorder's email, days ago, region, venue, title, audiences, topics, total, women, men, partners)
ACTIVITIES = [
    (
        "pengawas@dinsos-kabtangerang.pantau.test",
        200,
        "36.03.03",
        "Aula Kecamatan Tigaraksa",
        "Sosialisasi cek panti sebelum berdonasi",
        ["parents", "community"],
        ["check", "report"],
        85,
        52,
        33,
        "",
    ),
    (
        "pengawas@dinsos-kabtangerang.pantau.test",
        120,
        "36.03",
        "Gedung Dinas Sosial Kabupaten Tangerang",
        "Pembinaan pengurus LKSA: pengangkatan anak yang sah",
        ["lksa_staff"],
        ["adoption"],
        40,
        22,
        18,
        "",
    ),
    (
        "pengawas@kpai.pantau.test",
        60,
        "36.03",
        "SMP Negeri 1 Tigaraksa",
        "Literasi digital untuk guru dan orang tua",
        ["schools", "parents"],
        ["digital"],
        120,
        None,
        None,
        "Dinas Pendidikan Kabupaten Tangerang",
    ),
    (
        CSO_LOGIN,
        30,
        "36.03.03",
        "Masjid Jami' Tigaraksa",
        "Sosialisasi bersama tokoh agama: melapor ke SAPA 129",
        ["religious", "community"],
        ["report"],
        60,
        20,
        40,
        "Majelis Ulama Indonesia Kabupaten Tangerang",
    ),
    (
        "pengawas@dinsos-medan.pantau.test",
        90,
        "12.71",
        "Aula Dinas Sosial Kota Medan",
        "Sosialisasi live streaming dan eksploitasi anak",
        ["parents", "lksa_staff"],
        ["digital", "check"],
        70,
        41,
        29,
        "",
    ),
    (
        "pengawas@dinsos-medan.pantau.test",
        20,
        "12.71",
        "Panti Asuhan Harapan Sunggal",
        "Ngobrol bareng anak: kalau ada yang salah, cerita",
        ["children"],
        ["report"],
        25,
        None,
        None,
        "",
    ),
]


def _cso_admin() -> User | None:
    lpai = Organisation.objects.filter(kind=OrgKind.CSO, name__contains="LPAI").first()
    if lpai is None:
        return None
    user = User.objects.filter(email=CSO_LOGIN).first()
    if user is None:
        other = User.objects.exclude(password="").order_by("pk").first()
        user = User.objects.create(
            email=CSO_LOGIN, full_name="Admin LPAI", password=other.password if other else ""
        )
        Membership.objects.create(user=user, organisation=lpai, role=Role.ORG_ADMIN)
    return user


@seeder(order=64)
def seed_awareness(ctx: SeedContext) -> None:
    if not Region.objects.filter(code="36.03").exists():
        ctx.log("  awareness: Kabupaten Tangerang is missing, skipped")
        return
    _cso_admin()
    today = timezone.localdate()
    made = 0
    for email, days, region, venue, title, audiences, topics, total, women, men, partners in ACTIVITIES:
        user = User.objects.filter(email=email).first()
        if user is None or not Region.objects.filter(code=region).exists():
            continue
        activity = AwarenessActivity(
            title=title,
            held_on=today - timedelta(days=days),
            region_code=region,
            venue=venue,
            topics=topics,
            attendance=total,
            attendance_women=women,
            attendance_men=men,
            partners=partners,
        )
        files = [SimpleUploadedFile("daftar-hadir.png", PNG, content_type="image/png")] if made == 0 else []
        activity_record(actor=user, activity=activity, audiences=audiences, materials=files)
        made += 1
    home = Lksa.objects.filter(name__icontains="Kasih Bunda").order_by("pk").first()
    concern_create(
        source=Concern.Source.CHILD,
        concern=Concern(
            category=Concern.Category.WORK,
            description="Kami disuruh jualan di lampu merah sampai malam. Kalau tidak dapat uang dimarahi.",
            is_priority=True,
        ),
        lksa=home,
    )
    ctx.log(f"  awareness: {made} sosialisasi activities, one child's report in triage")
