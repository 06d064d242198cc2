"""Synthetic children in the demo homes: names from several Indonesian traditions, families, placements."""

from __future__ import annotations

from datetime import date, timedelta

from pantau.children.identifiers import set_identifier
from pantau.children.models import Child, GatekeepingAssessment, Placement
from pantau.core.seeding import SeedContext, seeder
from pantau.registry.models import Lksa

GIVEN = {
    "L": [
        "Muhammad Rizki",
        "Ahmad Fauzan",
        "Bagus",
        "Dimas Pratama",
        "Asep",
        "Ujang",
        "Togar",
        "Marulak",
        "I Made Wirawan",
        "I Ketut Arya",
        "Rahmat",
        "Andi Baso",
        "Yohanes",
        "Kevin Tanoto",
        "Fajar",
        "Slamet",
    ],
    "P": [
        "Siti Nurhaliza",
        "Dewi Lestari",
        "Nur Aini",
        "Euis",
        "Neng Rina",
        "Butet",
        "Rotua",
        "Ni Luh Ayu",
        "Ni Komang Sari",
        "Andi Tenri",
        "Maria Magdalena",
        "Yuliana",
        "Melati",
        "Putri",
        "Suminah",
        "Mei Ling",
    ],
}
FAMILY = [
    "",
    "",
    "Siregar",
    "Nasution",
    "Hutapea",
    "Saputra",
    "Wijaya",
    "Rahmawati",
    "Handayani",
    "Lubis",
    "Tanjung",
    "Sitompul",
    "Halim",
    "Purba",
    "",
]
REASONS = [
    "Orang tua tidak mampu membiayai sekolah",
    "Ibu bekerja sebagai pekerja migran",
    "Ditemukan terlantar, keluarga belum diketahui",
    "Korban kekerasan dalam rumah tangga",
    "Yatim, kerabat tidak sanggup mengasuh",
]


@seeder(order=35)
def seed_children(ctx: SeedContext) -> None:
    today = date.today()  # noqa: DTZ011  (dates relative to the day the demo is made)
    rng = ctx.rng
    per_home = 40 if ctx.national else 6
    children: list[Child] = []
    for home in Lksa.objects.order_by("pk"):
        for _ in range(rng.randint(per_home // 2, per_home)):
            sex = rng.choice("LP")
            born = today - timedelta(days=rng.randint(2 * 365, 17 * 365))
            precision = rng.choices(["exact", "estimated", "unknown"], weights=[85, 10, 5])[0]
            mother = rng.choices(["alive", "deceased", "unknown"], weights=[70, 15, 15])[0]
            child = Child(
                lksa=home,
                region_code=home.region_code,
                full_name=f"{rng.choice(GIVEN[sex])} {rng.choice(FAMILY)}".strip(),
                sex=sex,
                birth_date=None if precision == "unknown" else born,
                birth_date_precision=precision,
                birth_place=home.region_code[:5],
                mother_status=mother,
                father_status=rng.choices(["alive", "deceased", "unknown"], weights=[55, 25, 20])[0],
                referral_source=rng.choice(["family", "community", "dinsos", "police", "self"]),
                referral_reason=rng.choice(REASONS),
                admitted_on=today - timedelta(days=rng.randint(10, 1500)),
                emergency_admission=rng.random() < 0.1,
            )
            if rng.random() < 0.7 and precision == "exact":
                day = born.day + (40 if sex == "P" else 0)
                district = home.region_code.replace(".", "")[:6]
                set_identifier(
                    child,
                    "nik",
                    f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 9999):04d}",
                )
            children.append(child)
    Child.objects.bulk_create(children, batch_size=2000)
    GatekeepingAssessment.objects.bulk_create(
        [
            GatekeepingAssessment(
                child=c,
                assessed_on=c.admitted_on - timedelta(days=rng.randint(0, 14)),
                assessor="Pekerja sosial Dinas Sosial",
                reasons=c.referral_reason,
                items={"A4": "yes", "A6": rng.choice(["yes", "no"])},
            )
            for c in children
            if not c.emergency_admission and rng.random() < 0.8
        ],
        batch_size=2000,
    )
    Placement.objects.bulk_create(
        [Placement(child=c, kind="lksa", lksa_id=c.lksa_id, started_on=c.admitted_on) for c in children],
        batch_size=2000,
    )
    ctx.log(f"  {len(children):,} children")
