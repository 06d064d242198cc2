"""Benchmark the triage queue and the case list with 100,000 cases.

    uv run python bench/bench_cases.py     # PostgreSQL, scratch database pantau_bench_children

Reuses the database bench_children.py leaves behind (or seeds it, `--scale national`). Adds, once,
100,000 cases led by the Dinas Sosial and UPTD PPA offices of every province and kabupaten/kota (with
a child each, and a referral for one in five) and 130,000 concerns of which 30,000 wait for triage;
the Kabupaten Tangerang office gets a heavy share. Then measures in-process (server time): the triage
queue, the case list, a case file, and the referral inbox.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import recreate_database, setup_django, timed

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_children"
CASES = 100_000
CONCERNS = 130_000
WAITING = 30_000


def main() -> None:
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    if "registry_lksa" not in connection.introspection.table_names():
        connection.close()
        recreate_database(url)
        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--scale", "national", stdout=io.StringIO())
    call_command("migrate", verbosity=0)

    from django.test import Client

    from pantau.accounts.models import User
    from pantau.accounts.testing import force_login_verified
    from pantau.cases.models import Case

    if Case.objects.count() < CASES:
        started = time.perf_counter()
        _fill()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"filled in {time.perf_counter() - started:.1f} s")
    from pantau.cases.models import Concern, Referral

    officer = User.objects.get(email="pengawas@dinsos-kabtangerang.pantau.test")
    membership = officer.active_membership
    assert membership is not None
    own = Case.objects.filter(owner=membership.organisation)
    waiting = Concern.objects.filter(status="received", case__isnull=True).count()
    print(
        f"{Case.objects.count():,} cases ({own.count():,} led by Dinas Sosial Kab. Tangerang), "
        f"{Concern.objects.count():,} concerns ({waiting:,} waiting), {Referral.objects.count():,} referrals"
    )
    client = Client()
    force_login_verified(client, officer)  # signed in with the second factor passed
    timed(
        "triage queue, kabupaten officer (page 1..10)",
        200,
        lambda i: client.get("/cases/triage/", {"page": 1 + i % 10}),
    )
    timed(
        "case list, kabupaten officer (page 1..10)",
        200,
        lambda i: client.get("/cases/", {"page": 1 + i % 10}),
    )
    ids = list(own.values_list("pk", flat=True)[:200])
    timed("case file, kabupaten officer", 200, lambda i: client.get(f"/cases/{ids[i % len(ids)]}/"))
    police = User.objects.get(email="penyidik@ppa-polrestatangerang.pantau.test")
    investigator = Client()
    force_login_verified(investigator, police)
    timed("referral inbox, police Unit PPA", 200, lambda i: investigator.get("/cases/referrals/"))
    timed("case list, police Unit PPA (accepted referrals)", 200, lambda i: investigator.get("/cases/"))


def _fill() -> None:
    from django.utils import timezone

    from pantau.accounts.models import Organisation, User
    from pantau.accounts.roles import OrgKind
    from pantau.cases.models import Case, CaseChild, Concern, Referral
    from pantau.registry.models import Lksa

    rng = random.Random(7)  # noqa: S311  (synthetic data)
    now, today = timezone.now(), timezone.localdate()
    offices = list(
        Organisation.objects.filter(
            kind__in=[OrgKind.DINSOS_REGENCY, OrgKind.DINSOS_PROVINCE, OrgKind.UPTD_PPA]
        ).values_list("pk", "region_id")
    )
    heavy = Organisation.objects.get(name="Dinas Sosial Kabupaten Tangerang")
    police = Organisation.objects.get(name="Unit PPA Polresta Tangerang")
    opener = User.objects.get(email="pengawas@dinsos-kabtangerang.pantau.test")
    homes: dict[str, list[int]] = {}
    for pk, region in Lksa.objects.values_list("pk", "region_code"):
        homes.setdefault(region[:5], []).append(pk)
    forms = ["fisik", "psikis", "seksual", "eksploitasi", "trafficking", "penelantaran", "lainnya"]
    existing = Case.objects.count()
    cases = []
    for i in range(CASES - existing):
        office, region = (heavy.pk, "36.03") if i % 20 == 0 else rng.choice(offices)
        region = region or "31"
        nearby = homes.get(region[:5]) or []
        cases.append(
            Case(
                number=f"KS-BENCH-{existing + i:07d}",
                title=f"Kasus {i}",
                owner_id=office,
                region_code=region,
                lksa_id=rng.choice(nearby) if nearby and rng.random() < 0.6 else None,
                form_of_violence=rng.choice(forms),
                cluster="pka",
                summary="Data sintetis untuk pengukuran.",
                status="open" if rng.random() < 0.6 else "closed",
                opened_by=opener,
            )
        )
    Case.objects.bulk_create(cases, batch_size=5000)
    Case.objects.filter(number__startswith="KS-BENCH-").update(opened_at=now - timedelta(days=30))
    CaseChild.objects.bulk_create(
        [CaseChild(case=c, name=f"Anak {c.pk}", age=rng.randint(1, 17)) for c in cases], batch_size=5000
    )
    Referral.objects.bulk_create(
        [
            Referral(
                case=c,
                from_org_id=c.owner_id,
                to_org=police,
                purpose="investigation",
                due_on=today + timedelta(days=7),
                sent_by=opener,
                status=rng.choice(["pending", "accepted", "declined"]),
            )
            for c in cases
            if c.owner_id == heavy.pk and rng.random() < 0.2
        ],
        batch_size=5000,
    )
    concerns = []
    for i in range(CONCERNS):
        waiting = i < WAITING
        region = "36.03" if i % 10 == 0 else rng.choice(offices)[1] or ""
        concerns.append(
            Concern(
                source=rng.choice(["public", "staff"]),
                region_code=region,
                category=rng.choice(["livestream", "fundraising", "abuse", "work", "other"]),
                description="Laporan sintetis untuk pengukuran.",
                status="received" if waiting else "closed",
            )
        )
    Concern.objects.bulk_create(concerns, batch_size=5000)


if __name__ == "__main__":
    main()
