"""Benchmark children in care at national scale (500,000 children in 10,000 LKSA).

    uv run python bench/bench_children.py          # PostgreSQL, scratch database pantau_bench_children

Recreates the scratch database, loads regions and `seed_demo --scale national`, then measures in-process
(server time, no network): the children list and name search for a Dinas Sosial officer and an LKSA
operator, a child's page, and the figures pages for a province and for the nation.
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
    recreate_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.test import Client

    from pantau.accounts.models import User
    from pantau.accounts.testing import force_login_verified
    from pantau.children.models import Child

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", "--scale", "national", stdout=io.StringIO())
    print(f"seed (national): {time.perf_counter() - started:.1f} s, {Child.objects.count():,} children")

    def client_for(email: str) -> Client:
        client = Client()
        force_login_verified(client, User.objects.get(email=email))  # second factor passed
        return client

    officer = client_for("pengawas@dinsos-kabtangerang.pantau.test")
    operator = client_for("operator@lksa-kasihbunda.pantau.test")
    names = ["siti", "rizki", "dewi", "made", "putri", "ahmad", "maria", "bagus", "nur", "andi"]
    timed(
        "children list, kabupaten officer (page 1..10)",
        200,
        lambda i: officer.get("/children/", {"page": 1 + i % 10}),
    )
    timed(
        "child search by name, kabupaten officer",
        200,
        lambda i: officer.get("/children/", {"q": names[i % 10]}),
    )
    timed("children list, LKSA operator", 200, lambda i: operator.get("/children/"))
    ids = list(Child.objects.filter(region_code__startswith="36.03.").values_list("pk", flat=True)[:200])
    timed("child page, kabupaten officer", 200, lambda i: officer.get(f"/children/{ids[i % len(ids)]}/"))
    province = client_for("admin@dinsos-banten.pantau.test")
    timed(
        "figures per LKSA, province (Banten)",
        20,
        lambda i: province.get("/children/figures/", {"level": "lksa"}),
    )
    timed(
        "figures per kabupaten/kota, province (Banten)",
        20,
        lambda i: province.get("/children/figures/", {"level": "regency"}),
    )
    national = client_for("pengawas@kpai.pantau.test")
    timed(
        "figures per province, national (KPAI)",
        10,
        lambda i: national.get("/children/figures/", {"level": "province"}),
    )


if __name__ == "__main__":
    main()
