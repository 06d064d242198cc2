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
    low, high = (30, 70) if ctx.national else (3, 6)  # national: about 500,000 children in 10,000 homes
    homes = list(Lksa.objects.order_by("pk").values_list("pk", "region_code"))
    total = 0
    # In chunks of homes, so that half a million children never sit in memory at once.
    for start in range(0, len(homes), 500):
        children = [
            _child(ctx, home_id, region, today)
            for home_id, region in homes[start : start + 500]
            for _ in range(ctx.rng.randint(low, high))
        ]
        Child.objects.bulk_create(children, batch_size=5000)
        GatekeepingAssessment.objects.bulk_create(
            [
                GatekeepingAssessment(
                    child=c,
                    assessed_on=c.admitted_on - timedelta(days=ctx.rng.randint(0, 14)),
                    assessor="Pekerja sosial Dinas Sosial",
                    reasons=c.referral_reason,
                    items={"A4": "yes", "A6": ctx.rng.choice(["yes", "no"])},
                )
                for c in children
                if not c.emergency_admission and ctx.rng.random() < 0.8
            ],
            batch_size=5000,
        )
        Placement.objects.bulk_create(
            [Placement(child=c, kind="lksa", lksa_id=c.lksa_id, started_on=c.admitted_on) for c in children],
            batch_size=5000,
        )
        total += len(children)
    ctx.log(f"  {total:,} children")


def _child(ctx: SeedContext, home_id: int, region: str, today: date) -> Child:
    rng = ctx.rng
    sex = rng.choice("LP")
    born = today - timedelta(days=rng.randint(2 * 365, 17 * 365))
    precision = rng.choices(["exact", "estimated", "unknown"], weights=[85, 10, 5])[0]
    child = Child(
        lksa_id=home_id,
        region_code=region,
        full_name=f"{rng.choice(GIVEN[sex])} {rng.choice(FAMILY)}".strip(),
        sex=sex,
        birth_date=None if precision == "unknown" else born,
        birth_date_precision=precision,
        birth_place=region[:5],
        mother_status=rng.choices(["alive", "deceased", "unknown"], weights=[70, 15, 15])[0],
        father_status=rng.choices(["alive", "deceased", "unknown"], weights=[55, 25, 20])[0],
        referral_source=rng.choice(["family", "community", "dinsos", "police", "self"]),
        referral_reason=rng.choice(REASONS),
        admitted_on=today - timedelta(days=rng.randint(10, 1500)),
        emergency_admission=rng.random() < 0.1,
    )
    if rng.random() < 0.7 and precision == "exact":
        day = born.day + (40 if sex == "P" else 0)
        district = region.replace(".", "")[:6]
        set_identifier(
            child,
            "nik",
            f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 9999):04d}",
        )
    return child
