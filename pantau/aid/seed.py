"""Demo data: social assistance to the Kabupaten Tangerang homes for the last half-year, each based on
the children the home has on record (ATENSI from Kemensos, a kabupaten meal allowance), and one home
whose ATENSI was based on 8 more children than it has: it is flagged and enters the visit plan with the
aid reason."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from pantau.accounts.models import User
from pantau.aid import services
from pantau.aid.models import AidRecord, Source
from pantau.aid.reconcile import reconcile
from pantau.lib.seeding import SeedContext, seeder
from pantau.registry.models import Lksa

DEMO_OFFICER = "pengawas@dinsos-kabtangerang.pantau.test"
HOMES = 8
GHOSTS = 8  # children the flagged home's ATENSI counted beyond those recorded
PER_CHILD = {Source.KEMENSOS: 1_800_000, Source.REGENCY: 900_000}


@seeder(order=72)
def seed_aid(ctx: SeedContext) -> None:
    officer = User.objects.filter(email=DEMO_OFFICER).first()
    if officer is None or AidRecord.objects.exists():
        return
    today = timezone.localdate()
    start, end = today - timedelta(days=183), today - timedelta(days=1)
    homes = list(
        Lksa.objects.filter(region_code__startswith="36.03.", is_active=True, children__isnull=False)
        .distinct()
        .order_by("pk")[:HOMES]
    )
    if not homes:
        return
    ghost_home = homes[len(homes) // 2]
    created = 0
    for index, home in enumerate(homes):
        probe = AidRecord(lksa=home, period_start=start, period_end=end, children_count=1)
        probe.pk = 0
        recorded = reconcile([probe])[0].recorded
        if not recorded:
            continue
        plans = [(Source.KEMENSOS, "ATENSI LKSA (pengasuhan)", f"ATENSI/{today.year}/{home.pk:05d}")]
        if index % 2 == 0:
            plans.append(
                (Source.REGENCY, "Bantuan permakanan APBD Kab. Tangerang", f"DINSOS/BP/{home.pk:05d}")
            )
        for source, programme, reference in plans:
            basis = recorded + GHOSTS if home == ghost_home and source == Source.KEMENSOS else recorded
            services.aid_record_create(
                actor=officer,
                lksa=home,
                record=AidRecord(
                    source=source,
                    programme=programme,
                    reference=reference,
                    period_start=start,
                    period_end=end,
                    amount_per_child=PER_CHILD[source],
                    children_count=basis,
                    total_amount=0,
                    note="Demo",
                ),
            )
            created += 1
    ctx.log(
        f"  {created} aid records; {ghost_home.name} flagged (aid for {GHOSTS} children more than recorded)"
    )
