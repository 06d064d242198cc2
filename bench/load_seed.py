"""Seed (once) the national data set the load test runs against.

    uv run python bench/load_seed.py      # PostgreSQL, scratch database pantau_bench_load

`seed_demo --scale national` (10,000 LKSA, 525,000 children), then the 100,000 cases and 130,000 concerns
of `bench_cases.py`, then more children in the homes of Jawa Tengah (33), the largest province, until it
holds 100,000 children in care (the national seed gives it 42,000), then VACUUM ANALYZE: planner
statistics after a bulk load are what production has after autovacuum catches up, and without them the
first minutes of a load run measure stale plans. Last, the database gets the planner and memory settings
of `deploy/postgresql.conf` that can be set per database. A second run finds the data and only
re-applies migrations and settings.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import national_database

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_load"
LARGEST_PROVINCE = "33"
PROVINCE_IN_CARE = 100_000
# deploy/postgresql.conf's settings that ALTER DATABASE can set (shared_buffers needs the server's file).
DATABASE_SETTINGS = {
    "random_page_cost": "1.1",
    "jit": "off",
    "work_mem": "32MB",
    "effective_cache_size": "16GB",
}


def _grow_province() -> int:
    """Children in care added to the largest province's homes until it holds PROVINCE_IN_CARE."""
    import io
    from datetime import date

    from pantau.children import seed as children_seed
    from pantau.children.models import Child
    from pantau.lib.seeding import SeedContext
    from pantau.registry.models import Lksa

    in_care = Child.objects.filter(region_code__startswith=f"{LARGEST_PROVINCE}.", status="in_care")
    missing = PROVINCE_IN_CARE - in_care.count()
    if missing <= 0:
        return 0
    ctx = SeedContext(scale="national", seed=33, stdout=io.StringIO())
    homes = list(
        Lksa.objects.filter(region_code__startswith=f"{LARGEST_PROVINCE}.")
        .order_by("pk")
        .values_list("pk", "region_code", "children_count")
    )
    each, extra = divmod(missing, len(homes))
    today = date.today()  # noqa: DTZ011  (as the seed: dates relative to the day it is made)
    for start in range(0, len(homes), children_seed.CHUNK):
        chunk = homes[start : start + children_seed.CHUNK]
        batch = children_seed.Batch()
        for offset, (home_id, region, _count) in enumerate(chunk):
            count = each + (1 if start + offset < extra else 0)
            neighbours = [h for h in chunk if h[0] != home_id] or chunk
            children_seed._fill_home(ctx, batch, (home_id, region), count, neighbours, today)
        batch.save()
    return missing


def seed(url: str) -> None:
    national_database(url)
    import bench_cases
    from django.db import connection

    from pantau.cases.models import Case

    filled = False
    if Case.objects.count() < bench_cases.CASES:
        started = time.perf_counter()
        bench_cases._fill()
        print(f"cases: {time.perf_counter() - started:.1f} s")
        filled = True
    started = time.perf_counter()
    added = _grow_province()
    if added:
        took = time.perf_counter() - started
        print(f"province {LARGEST_PROVINCE}: {added:,} more children in care, {took:.1f} s")
    if filled or added:
        connection.close()
        with connection.cursor() as cursor:  # VACUUM cannot run inside a transaction; autocommit here
            cursor.execute("VACUUM ANALYZE")
    if filled or added:
        from django.core.management import call_command

        call_command("figures_refresh", stdout=io.StringIO())  # the nightly job: the stored figures
    with connection.cursor() as cursor:
        name = connection.settings_dict["NAME"]
        for setting, value in DATABASE_SETTINGS.items():
            cursor.execute(f'ALTER DATABASE "{name}" SET {setting} = %s', [value])
    connection.close()  # the next connection has them


if __name__ == "__main__":
    seed(os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB))
