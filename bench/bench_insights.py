"""Benchmark the dashboards (/insights/) at national scale.

    uv run python bench/bench_insights.py     # PostgreSQL, scratch database pantau_bench_children

Reuses the national database the other benchmarks leave behind (seeds it, `--scale national`, only if it
is empty), then measures in-process (server time) the dashboard of KPAI (the nation, small cells
withheld), a province office (Banten), a kabupaten officer (Kab. Tangerang) and a police unit, and lists
the slowest queries of the national page.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import national_database, timed

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_children"


def _getter(client: Any, url: str) -> Callable[[int], object]:
    return lambda _i: client.get(url)


def main() -> None:
    national_database(os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB))
    import time

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from pantau.accounts.models import User
    from pantau.accounts.testing import force_login_verified
    from pantau.cases.models import Case
    from pantau.children.models import Child
    from pantau.registry.models import Lksa

    print(
        f"{Lksa.objects.count():,} LKSA, {Child.objects.count():,} children, {Case.objects.count():,} cases"
    )

    def client_for(email: str) -> Client:
        client = Client()
        force_login_verified(client, User.objects.get(email=email))  # second factor passed
        return client

    pages = [
        ("dashboard, national (KPAI)", "pengawas@kpai.pantau.test", "/insights/", 20),
        ("dashboard, province (Banten, from KPAI)", "pengawas@kpai.pantau.test", "/insights/?region=36", 20),
        ("dashboard, province office (Banten)", "admin@dinsos-banten.pantau.test", "/insights/", 20),
        (
            "dashboard, kabupaten officer (Kab. Tangerang)",
            "pengawas@dinsos-kabtangerang.pantau.test",
            "/insights/",
            20,
        ),
        (
            "dashboard, police Unit PPA (Kab. Tangerang)",
            "penyidik@ppa-polrestatangerang.pantau.test",
            "/insights/",
            20,
        ),
        ("dashboard API, national (KPAI)", "pengawas@kpai.pantau.test", "/api/v1/insights/dashboard", 20),
    ]
    for label, email, url, n in pages:
        client = client_for(email)
        assert client.get(url).status_code == 200  # warm: the first request loads templates
        timed(label, n, _getter(client, url))

    client = client_for("pengawas@kpai.pantau.test")
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        client.get("/insights/")
        total = time.perf_counter() - started
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:6]
    sql = sum(float(q["time"]) for q in captured.captured_queries)
    print(
        f"national page: {total * 1000:.0f} ms, of which SQL {sql * 1000:.0f} ms in {len(captured)} queries"
    )
    for query in slowest:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:150]}")


if __name__ == "__main__":
    main()
