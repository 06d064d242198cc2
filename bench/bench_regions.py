"""Benchmark: load the whole Kemendagri hierarchy, then answer 10,000 "is A inside B" checks.

    uv run python bench/bench_regions.py                              # PostgreSQL (database pantau_bench)
    uv run python bench/bench_regions.py --db sqlite:///var/bench.sqlite3

The database is created and migrated if needed; its region table is emptied first so the first load
is a cold insert, the second a re-load (upsert) of the same 91,599 rows.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _ensure_postgres_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = url.replace(f"/{name}", "/postgres", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/pantau_bench")
    parser.add_argument("--checks", type=int, default=10_000)
    args = parser.parse_args()

    if args.db.startswith("postgres"):
        _ensure_postgres_database(args.db)
    os.environ.setdefault("PANTAU_ENV", "development")
    os.environ["PANTAU_DATABASE_URL"] = args.db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pantau.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pantau.accounts.models import Organisation
    from pantau.regions.models import Region, is_within, region_q
    from pantau.regions.services import regions_load

    call_command("migrate", verbosity=0)
    if Organisation.objects.exists():
        sys.exit("The benchmark database has organisations; point --db at a scratch database.")
    Region.objects.all().delete()

    started = time.perf_counter()
    first = regions_load()
    cold = time.perf_counter() - started
    started = time.perf_counter()
    regions_load()
    warm = time.perf_counter() - started

    rng = random.Random(42)  # noqa: S311
    codes = list(Region.objects.values_list("code", flat=True))
    outers = [c for c in codes if len(c) <= 8]
    half = args.checks // 2
    pairs = [(rng.choice(codes), rng.choice(outers)) for _ in range(args.checks - half)]
    # The other half are ancestors on purpose, so both answers are exercised.
    pairs += [(inner, inner[: rng.choice([2, 5, 8])]) for inner in rng.sample(codes, half)]
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        inside = sum(is_within(inner, outer) for inner, outer in pairs)
        in_memory = time.perf_counter() - started

    # The same question as a database filter (how jurisdiction scoping runs on other tables).
    samples = []
    for outer in rng.sample(outers, 200):
        started = time.perf_counter()
        Region.objects.filter(region_q("code", outer)).filter(code=rng.choice(codes)).exists()
        samples.append(time.perf_counter() - started)
    samples.sort()

    print(f"database: {connection.vendor} ({args.db.split('@')[-1]})")
    print(f"regions loaded: {first.total:,} {dict(sorted(first.by_level.items()))}")
    print(f"load all regions (cold insert): {cold:.2f} s")
    print(f"re-load all regions (upsert):   {warm:.2f} s")
    print(
        f"{args.checks:,} 'is A inside B' checks: {in_memory * 1000:.2f} ms total "
        f"({in_memory / args.checks * 1e6:.2f} µs each), {inside:,} inside, {len(queries)} queries"
    )
    print(
        f"as a database filter: p50 {statistics.median(samples) * 1000:.2f} ms, "
        f"p95 {samples[int(len(samples) * 0.95)] * 1000:.2f} ms per check (200 samples)"
    )


if __name__ == "__main__":
    main()
