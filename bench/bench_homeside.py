"""Benchmark the home's own side and the public's (issue 19) at the mission's design point: 10,000 LKSA
with 8 staff each, a year of incident reports, applications, aid, vetting records and awareness work.

    uv run python bench/bench_homeside.py            # PostgreSQL, scratch database pantau_bench_homeside
    uv run python bench/bench_homeside.py --reuse    # measure again on the database of an earlier run
    PANTAU_BENCH_SCALE=small uv run python bench/bench_homeside.py    # the demo world, to try the script
    PANTAU_BENCH_CHILDREN=largest uv run python bench/bench_homeside.py   # children of one kabupaten only

It recreates the scratch database and runs the demo seeders at ``--scale national`` (10,000 LKSA, about
500,000 children, cases, supervision, monitoring; not the national linkage run, which these pages do not
read and which takes minutes), then adds with bulk_create what issue 19 keeps, at the design point:
staff up to 8 per home (80,000), 20,000 incident reports over a year (about 15% late, each with the
triage concern it became), 5,000 applications in every state, 20,000 aid records (one home in twenty
with a basis above its children), 160,000 police clearances and trainings, 2,000 pembinaan sessions with
attendance, 50 barred persons (some found on the staff of a home), 5,000 awareness activities and
5,000 possible duplicate pairs of children (1,000 decided "same child", for the aid check). Then
it refreshes the stored summaries (the children's figures and the visit plan, which reads the aid), and
measures in-process (server time, no network) p50 / p95 and queries per request of each page of PAGES
and of the two public/home POSTs, and finally THREADS readers at once on Dinas Sosial's home page and
its applications queue.

"Largest kabupaten" is the kabupaten/kota with the most LKSA; its Dinas Sosial supervisor reads the
kabupaten pages. ``PANTAU_BENCH_CHILDREN=largest`` seeds children only in that kabupaten (the national
pages then read fewer children than at the design point; the output says so). The data is made by
homeside_seed.py.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import recreate_database, setup_django, timed
from homeside_seed import largest_kabupaten, reader_of_kabupaten, refresh_summaries, seed_homeside, seed_world

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_homeside"
KPAI = "pengawas@kpai.pantau.test"
OPERATOR = "operator@lksa-kasihbunda.pantau.test"
TANGERANG = "pengawas@dinsos-kabtangerang.pantau.test"
THREADS = 4
PAGE_BUDGET_S = 60


def main() -> None:
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    small = os.environ.get("PANTAU_BENCH_SCALE", "national") == "small"
    children_everywhere = os.environ.get("PANTAU_BENCH_CHILDREN", "all") != "largest"
    reuse = "--reuse" in sys.argv[1:]
    if not reuse:
        recreate_database(url)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not reuse:
        seed_world("demo" if small else "national", children_everywhere)
        seed_homeside()
        refresh_summaries()
    print(f"data ready in {time.perf_counter() - started:.0f} s")
    describe(children_everywhere)
    measure()


def describe(children_everywhere: bool) -> None:
    from pantau.aid.models import AidRecord
    from pantau.applications.models import WAITING, Application
    from pantau.awareness.models import AwarenessActivity
    from pantau.children.models import Child
    from pantau.incidents.models import IncidentReport
    from pantau.linkage.models import CandidatePair
    from pantau.regions.models import Region
    from pantau.registry.models import Lksa, StaffMember
    from pantau.staffing.models import Attendance, Bar, BarMatch, PoliceClearance, Training, TrainingSession

    kab = largest_kabupaten()
    name = Region.objects.filter(code=kab).values_list("name", flat=True).first()
    in_kab = Lksa.objects.filter(region_code__startswith=kab + ".")
    print(
        f"{Lksa.objects.count():,} LKSA, {StaffMember.objects.count():,} staff, "
        f"{Child.objects.count():,} children ({Child.objects.in_care().count():,} in care)"
        + ("" if children_everywhere else f" -- children seeded in {name} only")
    )
    print(
        f"{IncidentReport.objects.count():,} incident reports "
        f"({IncidentReport.objects.late().count():,} late), {Application.objects.count():,} applications "
        f"({Application.objects.filter(status__in=WAITING).count():,} waiting), "
        f"{AidRecord.objects.count():,} aid records"
    )
    print(
        f"{PoliceClearance.objects.count():,} clearances, {Training.objects.count():,} trainings, "
        f"{TrainingSession.objects.count():,} sessions ({Attendance.objects.count():,} attendance marks), "
        f"{Bar.objects.count():,} bars ({BarMatch.objects.count():,} matches), "
        f"{AwarenessActivity.objects.count():,} awareness activities, "
        f"{CandidatePair.objects.count():,} duplicate pairs "
        f"({CandidatePair.objects.pending().count():,} to review)"
    )
    print(
        f"largest kabupaten: {name} ({kab}): {in_kab.count():,} LKSA, "
        f"{StaffMember.objects.filter(lksa__in=in_kab).count():,} staff, "
        f"{Child.objects.filter(lksa__in=in_kab).count():,} children, "
        f"{IncidentReport.objects.filter(lksa__in=in_kab).count():,} incident reports, "
        f"{Application.objects.filter(lksa__in=in_kab, status__in=WAITING).count():,} applications waiting, "
        f"{AidRecord.objects.filter(lksa__in=in_kab).count():,} aid records"
    )


def client_for(user: Any) -> Any:
    from django.test import Client

    from pantau.accounts.testing import force_login_verified

    client = Client()
    force_login_verified(client, user)  # second factor passed
    return client


def get_ok(client: Any, path: str, params: dict[str, str], i: int) -> None:
    response = client.get(path, params)
    assert response.status_code == 200, (path, response.status_code)


def sql_time(call: Any) -> str:
    """One request's time in SQL (as the database driver waited for it) and its slowest query: the rest
    of the page's time is Python (ORM, the page's own computing, templates)."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        began = time.perf_counter()
        call()
        total = time.perf_counter() - began
    times = [(float(q["time"]), q["sql"]) for q in ctx.captured_queries]
    slowest, text = max(times, default=(0.0, ""))
    table = re.search(r'FROM "(\w+)"', text)
    return (
        f"first request {total * 1000:.0f} ms, of which SQL {sum(t for t, _ in times) * 1000:.0f} ms; "
        f"slowest query {slowest * 1000:.0f} ms ({table.group(1) if table else '-'}, {len(text):,} chars)"
    )


def measure() -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from pantau.accounts.models import User
    from pantau.aid.reconcile import flagged_homes
    from pantau.registry.models import Lksa
    from pantau.supervision import risk

    kab = largest_kabupaten()
    kpai = User.objects.get(email=KPAI)
    officer = reader_of_kabupaten(kab)
    today = timezone.localdate()

    # The aid check as the visit plan runs it (reconcile in Python over every record of the last year).
    for label, homes in (
        ("national", Lksa.objects.all()),
        ("largest kabupaten", Lksa.objects.in_region(kab)),
    ):
        began = time.perf_counter()
        flagged = flagged_homes(homes.values("pk"), today)
        print(
            f"{'aid check (flagged_homes), ' + label:<50} {(time.perf_counter() - began) * 1000:7.1f} ms"
            f"  ({len(flagged):,} homes flagged)"
        )
    began = time.perf_counter()
    plan = risk.visit_plan(Lksa.objects.public().in_region(kab), today, region=kab)
    print(
        f"{'visit plan computed, largest kabupaten':<50} {(time.perf_counter() - began) * 1000:7.1f} ms"
        f"  ({len(plan)} homes)"
    )

    pages: list[tuple[str, Any, str, dict[str, str], int]] = [
        ("incident list, national (KPAI)", kpai, "/incidents/", {}, 20),
        ("incident list, national, ?late=on", kpai, "/incidents/", {"late": "on"}, 20),
        ("incident list, largest kabupaten", officer, "/incidents/", {}, 40),
        ("incident list, largest kabupaten, ?late=on", officer, "/incidents/", {"late": "on"}, 40),
        ("staffing overview, national (KPAI)", kpai, "/staffing/", {}, 20),
        ("staffing overview, largest kabupaten", officer, "/staffing/", {}, 40),
        ("barred persons, largest kabupaten", officer, "/staffing/barred/", {}, 40),
        (
            "applications ?status=waiting, largest kabupaten",
            officer,
            "/applications/",
            {"status": "waiting"},
            40,
        ),
        ("aid list, national (KPAI)", kpai, "/aid/", {}, 20),
        ("aid list, largest kabupaten", officer, "/aid/", {}, 20),
        ("awareness activities, national (KPAI)", kpai, "/awareness/activities/", {}, 40),
        ("awareness activities, largest kabupaten", officer, "/awareness/activities/", {}, 40),
        ("dashboard, national (KPAI)", kpai, "/insights/", {}, 20),
        ("home page, Dinas Sosial of the largest kabupaten", officer, "/", {}, 40),
        ("home page, Dinas Sosial Kab. Tangerang (demo)", User.objects.get(email=TANGERANG), "/", {}, 40),
        ("home page, LKSA operator", User.objects.get(email=OPERATOR), "/", {}, 40),
    ]
    for label, user, path, params, requests in pages:
        client = client_for(user)
        began = time.perf_counter()
        sql = sql_time(partial(get_ok, client, path, params, 0))  # also warms the connection and templates
        warm = time.perf_counter() - began
        # About a minute per page at most: a page of several seconds gets fewer requests (at least 5).
        timed(label, min(requests, max(5, int(PAGE_BUDGET_S / warm))), partial(get_ok, client, path, params))
        print(f"    {sql}")

    public = Client()
    names = list(Lksa.objects.public().in_region(kab).values_list("name", flat=True)[:20])

    def child_report(i: int) -> None:
        # Each report from its own address: the channel's limit (5 an hour per address) is not measured.
        response = public.post(
            "/check/child/",
            {
                "what": "hurt",
                "story": "Kakak pengasuh memukul kami kalau tidak mau tidur.",
                "home": names[i % len(names)],
            },
            REMOTE_ADDR=f"10.19.{i // 250}.{i % 250 + 1}",
        )
        assert response.status_code == 200 and b"PNT-" in response.content, response.status_code

    cache.clear()
    timed("POST /check/child/ (children's channel)", 40, child_report)

    operator = client_for(User.objects.get(email=OPERATOR))

    def incident_post(i: int) -> None:
        moment = timezone.localtime() - timedelta(hours=3)
        response = operator.post(
            "/incidents/new/",
            {
                "kind": "missing",
                "happened_at": (moment - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                "learned_at": moment.strftime("%Y-%m-%dT%H:%M"),
                "description": "Seorang anak tidak kembali ke panti setelah sekolah (benchmark).",
                "action_taken": "Pengasuh mencari di sekitar sekolah; laporan ke polsek.",
                "police_informed": "on",
                "others_informed": "Kepala desa",
                "children_count": "1",
            },
        )
        assert response.status_code == 302, (response.status_code, response.content[:2000])

    timed("POST /incidents/new/ (LKSA operator)", 20, incident_post)

    concurrently(
        f"{THREADS} readers at once: Dinas Sosial home + applications",
        officer,
        [("/", {}), ("/applications/", {"status": "waiting"})],
        rounds=20,
    )
    connection.close()


def concurrently(label: str, user: Any, pages: list[tuple[str, dict[str, str]]], rounds: int) -> None:
    """THREADS readers, each with its own client and database connection, reading ``pages`` in turn."""
    from django.db import connection

    times: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def reader(offset: int) -> None:
        client = client_for(user)
        start.wait()
        mine = []
        for i in range(rounds):
            path, params = pages[(i + offset) % len(pages)]
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


if __name__ == "__main__":
    main()
