"""Helpers shared by the benchmarks: a scratch PostgreSQL database and in-process request timing."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def recreate_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = url.replace(f"/{name}", "/postgres", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ.update(
        PANTAU_ENV="development",
        PANTAU_DATABASE_URL=url,
        PANTAU_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="pantau.settings",
        PANTAU_LOG_LEVEL="ERROR",
    )
    import django

    django.setup()


def national_database(url: str) -> None:
    """Set Django up on ``url``, seeding the national data set (``seed_demo --scale national``) only if
    the database is empty, so a second run reuses the first one's data; migrations are applied either way."""
    import io

    setup_django(url)
    from django.core.management import call_command
    from django.db import OperationalError, connection

    try:
        seeded = "registry_lksa" in connection.introspection.table_names()
    except OperationalError:  # no database yet
        seeded = False
    if not seeded:
        connection.close()
        recreate_database(url)
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_demo", "--scale", "national", stdout=io.StringIO())
        print(f"seed (national): {time.perf_counter() - started:.1f} s")
    call_command("migrate", verbosity=0)


def timed(label: str, requests: int, call: Callable[[int], object]) -> None:
    """Run ``call`` ``requests`` times; print p50 / p95 server time and queries per request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], []
    for i in range(requests):
        connection.queries_log.clear()  # the log keeps 9,000 queries; past that, counting would break
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            call(i)
            times.append(time.perf_counter() - started)
        queries.append(len(ctx.captured_queries))
    times.sort()
    p50 = statistics.median(times) * 1000
    p95 = times[int(len(times) * 0.95) - 1] * 1000
    print(f"{label:<50} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  queries/request {min(queries)}-{max(queries)}")
