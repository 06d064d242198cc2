"""Benchmark KPAI's national pages at national scale: the children's figures and the visit plan, from the
stored summaries, each page's time next to its SQL floor, and the same pages under concurrent readers.

    uv run python bench/bench_insights.py     # PostgreSQL, the national database pantau_bench_children

Reuses the database that bench_children.py, bench_supervision.py and bench_cases.py leave behind (500,000
children, 10,000 LKSA, 100,000 cases); applies migrations; refreshes the stored summaries (timed: a full
refresh, and the incremental update after one home's records change); then measures in-process (server
time) each page of PAGES: p50 / p95, queries per request, and the SQL floor: the page's slowest query run
again under EXPLAIN (ANALYZE, BUFFERS), whose execution time is what no Python change can go below.
Finally THREADS readers, each with its own client and database connection, read the national pages at
once and their p95 is reported.

Adding a page is one line in PAGES: (label, reader's e-mail, path, query parameters, requests).
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import threading
import time
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import setup_django, timed

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_children"
KPAI = "pengawas@kpai.pantau.test"
BANTEN_FIGURES = "admin@dinsos-banten.pantau.test"
BANTEN_PLAN = "bench-plan@dinsos-banten.pantau.test"  # made by bench_supervision.py
TANGERANG = "pengawas@dinsos-kabtangerang.pantau.test"

PAGES: list[tuple[str, str, str, dict[str, str], int]] = [
    ("figures per province, national (KPAI)", KPAI, "/children/figures/", {"level": "province"}, 40),
    (
        "figures per kabupaten/kota, province (Banten)",
        BANTEN_FIGURES,
        "/children/figures/",
        {"level": "regency"},
        40,
    ),
    ("visit plan, national (KPAI)", KPAI, "/supervision/", {}, 40),
    ("visit plan, province (Banten)", BANTEN_PLAN, "/supervision/", {}, 40),
    ("visit plan, kabupaten (Kab. Tangerang)", TANGERANG, "/supervision/", {}, 60),
    ("dashboard, national (KPAI)", KPAI, "/insights/", {}, 40),
    ("dashboard, province (Banten, from KPAI)", KPAI, "/insights/", {"region": "36"}, 40),
    ("dashboard, province office (Banten)", "admin@dinsos-banten.pantau.test", "/insights/", {}, 40),
    ("dashboard, kabupaten officer (Kab. Tangerang)", TANGERANG, "/insights/", {}, 40),
    (
        "dashboard, police Unit PPA (Kab. Tangerang)",
        "penyidik@ppa-polrestatangerang.pantau.test",
        "/insights/",
        {},
        40,
    ),
    ("dashboard API, national (KPAI)", KPAI, "/api/v1/insights/dashboard", {}, 40),
]
CONCURRENT = [0, 2, 5]  # the PAGES read at once by THREADS readers
THREADS = 4


def get(client: Any, path: str, params: dict[str, str], i: int) -> Any:
    return client.get(path, params)


def rescore_one(plan_store: Any, home: int) -> str:
    plan_store.rescore({home})
    return "1 home"


def client_for(email: str) -> Any:
    from django.test import Client

    from pantau.accounts.models import User
    from pantau.accounts.testing import force_login_verified

    client = Client()
    force_login_verified(client, User.objects.get(email=email))  # second factor passed
    return client


def sql_floor(client: Any, path: str, params: dict[str, str]) -> str:
    """Each of the page's reads run again under EXPLAIN (ANALYZE, BUFFERS): the slowest one's execution
    time (the page's main query) and the sum over all of them, what no change in Python can go below."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path, params)  # warm
    with CaptureQueriesContext(connection) as ctx:
        client.get(path, params)
    reads = [
        q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
    ]
    times = []
    with connection.cursor() as cursor:
        for sql in reads:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            times.append(float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)))  # type: ignore[union-attr]
    main, total = max(times), sum(times)
    return f"SQL floor (EXPLAIN ANALYZE): main query {main:6.1f} ms, all {len(times)} reads {total:6.1f} ms"


def concurrently(label: str, pages: list[tuple[str, str, str, dict[str, str], int]], rounds: int) -> None:
    """THREADS readers, each with its own client and connection, reading ``pages`` in turn."""
    from django.db import connection

    times: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def reader(offset: int) -> None:
        clients = [(client_for(email), path, params) for _, email, path, params, _ in pages]
        start.wait()
        mine = []
        for i in range(rounds):
            client, path, params = clients[(i + offset) % len(clients)]
            began = time.perf_counter()
            assert client.get(path, params).status_code == 200
            mine.append(time.perf_counter() - began)
        with lock:
            times.extend(mine)
        connection.close()

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times.sort()
    p50, p95 = statistics.median(times) * 1000, times[int(len(times) * 0.95) - 1] * 1000
    print(f"{label:<50} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({len(times)} requests)")


def main() -> None:
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    setup_django(url)
    if cost := os.environ.get("PANTAU_BENCH_RANDOM_PAGE_COST"):  # try a planner setting on every connection
        from django.db.backends.signals import connection_created

        def configure(sender: Any, connection: Any, **kwargs: Any) -> None:
            with connection.cursor() as cursor:
                cursor.execute(f"SET random_page_cost = {float(cost)}")

        connection_created.connect(configure, weak=False)
        print(f"random_page_cost = {float(cost)}")
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from django.db.models import Count

    from pantau.accounts.models import User
    from pantau.cases.models import Case
    from pantau.children import indicators, summary
    from pantau.children.models import Child, FiguresState
    from pantau.registry.models import Lksa
    from pantau.supervision import plan_store, risk

    print(
        f"{Child.objects.count():,} children ({Child.objects.in_care().count():,} in care), "
        f"{Lksa.objects.count():,} LKSA, {Case.objects.count():,} cases"
    )
    today = timezone.localdate()

    def once(label: str, call: Any) -> Any:
        started = time.perf_counter()
        result = call()
        print(f"{label:<50} {time.perf_counter() - started:7.2f} s   {result}")
        return result

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE children_figuresrow")
    once("children's figures, full refresh", lambda: f"{summary.refresh_all(today=today):,} rows")
    once("visit plan, full rescoring", lambda: f"{plan_store.refresh_all(today=today):,} homes")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE children_figuresrow")
        cursor.execute("ANALYZE supervision_planscore")
    busiest = (
        Child.objects.in_care()
        .filter(region_code__startswith="36.03.")
        .values("lksa_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    home = busiest["lksa_id"]
    summary.mark_dirty([home])
    once(f"children's figures, one home changed ({busiest['n']} in care)", lambda: summary.catch_up())
    plan_store.forget([home])
    once("visit plan, one home rescored", partial(rescore_one, plan_store, home))
    tangerang = Lksa.objects.public().in_region("36.03")
    once(
        "visit plan computed, Kab. Tangerang (rescoring it)",
        lambda: len(risk.visit_plan(tangerang, today, region="36.03")),
    )

    # Before: what the pages computed at each request until the summaries (for comparison).
    kpai = User.objects.get(email=KPAI)
    if not User.objects.filter(email=BANTEN_PLAN).exists():  # as bench_supervision.py makes it
        from pantau.accounts.models import Membership, Organisation
        from pantau.accounts.roles import OrgKind, Role

        officer = User.objects.create_user(email=BANTEN_PLAN, full_name="Bench Plan")
        province = Organisation.objects.get(kind=OrgKind.DINSOS_PROVINCE, region_id="36")
        Membership.objects.create(user=officer, organisation=province, role=Role.SUPERVISOR)
    state = list(FiguresState.objects.all())
    FiguresState.objects.all().delete()
    once(
        "live figures per province, national (before)",
        lambda: len(indicators.figures_for(kpai, level="province", region="", today=today)[1]),
    )
    FiguresState.objects.bulk_create(state)
    once(
        "live visit plan, national (before)",
        lambda: len(risk.visit_plan(Lksa.objects.public(), today, region=None)),
    )

    for label, email, path, params, requests in PAGES:
        client = client_for(email)
        assert client.get(path, params).status_code == 200, label
        timed(label, requests, partial(get, client, path, params))
        print(f"    {sql_floor(client, path, params)}")
    concurrently(f"{THREADS} readers at once, national pages", [PAGES[i] for i in CONCURRENT], rounds=20)


if __name__ == "__main__":
    main()
