"""Benchmark the supervision visit plan at national scale (10,000 LKSA, a year of visits and findings).

    uv run python bench/bench_supervision.py     # PostgreSQL, scratch database pantau_bench_children

Reuses the database bench_children.py leaves behind (or seeds it, `--scale national`), adds the
supervision tables and a national year of visits if missing, then measures in-process (server time):
computing the national plan over every LKSA, and the plan page for a kabupaten officer, a province
office and KPAI (national).
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import recreate_database, setup_django, timed

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_children"


def main() -> None:
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    tables = connection.introspection.table_names()
    if "registry_lksa" not in tables:
        connection.close()
        recreate_database(url)
        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--scale", "national", stdout=io.StringIO())
    call_command("migrate", verbosity=0)

    from django.test import Client
    from django.utils import timezone

    from pantau.accounts.models import Membership, Organisation, User
    from pantau.accounts.roles import OrgKind, Role
    from pantau.accounts.testing import force_login_verified
    from pantau.lib.seeding import SeedContext
    from pantau.registry.models import Lksa
    from pantau.supervision import risk
    from pantau.supervision.models import Finding, Visit
    from pantau.supervision.seed import seed_supervision

    if not Visit.objects.exists():
        started = time.perf_counter()
        seed_supervision(SeedContext(scale="national", seed=2024, stdout=sys.stdout))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"seed supervision (national): {time.perf_counter() - started:.1f} s")
    print(
        f"{Lksa.objects.count():,} LKSA, {Visit.objects.count():,} visits, "
        f"{Finding.objects.count():,} findings"
    )

    today = timezone.localdate()
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        rows = risk.visit_plan(Lksa.objects.public(), today, region=None)
        runs.append(time.perf_counter() - started)
    print(
        f"{'national visit plan, all LKSA (computation)':<50} best {min(runs):6.2f} s  "
        f"worst {max(runs):6.2f} s  ({len(rows):,} homes ranked)"
    )

    def client_for(email: str) -> Client:
        client = Client()
        force_login_verified(client, User.objects.get(email=email))  # second factor passed
        return client

    province = Organisation.objects.get(kind=OrgKind.DINSOS_PROVINCE, region_id="36")
    officer = User.objects.filter(email="bench-plan@dinsos-banten.pantau.test").first()
    if officer is None:
        officer = User.objects.create_user(
            email="bench-plan@dinsos-banten.pantau.test", full_name="Bench Plan"
        )
        Membership.objects.create(user=officer, organisation=province, role=Role.SUPERVISOR)
    regency = client_for("pengawas@dinsos-kabtangerang.pantau.test")
    timed("plan page, kabupaten officer (Kab. Tangerang)", 100, lambda i: regency.get("/supervision/"))
    banten = client_for(officer.email)
    timed("plan page, province office (Banten)", 50, lambda i: banten.get("/supervision/"))
    national = client_for("pengawas@kpai.pantau.test")
    timed("plan page, national (KPAI)", 10, lambda i: national.get("/supervision/"))


if __name__ == "__main__":
    main()
