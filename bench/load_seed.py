"""Seed (once) the national data set the load test runs against.

    uv run python bench/load_seed.py      # PostgreSQL, scratch database pantau_bench_load

`seed_demo --scale national` (11,000 LKSA, 525,000 children), then the 100,000 cases and 130,000 concerns
of `bench_cases.py`, then VACUUM ANALYZE: planner statistics after a bulk load are what production has
after autovacuum catches up, and without them the first minutes of a load run measure stale plans.
A second run finds the data and only re-applies migrations.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import national_database

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_load"


def seed(url: str) -> None:
    national_database(url)
    import bench_cases
    from django.db import connection

    from pantau.cases.models import Case

    if Case.objects.count() < bench_cases.CASES:
        started = time.perf_counter()
        bench_cases._fill()
        print(f"cases: {time.perf_counter() - started:.1f} s")
        connection.close()
        with connection.cursor() as cursor:  # VACUUM cannot run inside a transaction; autocommit here
            cursor.execute("VACUUM ANALYZE")


if __name__ == "__main__":
    seed(os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB))
