"""Benchmark the public check's search at national scale (10,000 LKSA, every Kemendagri region).

    uv run python bench/bench_public.py           # PostgreSQL, scratch database pantau_bench_public
    uv run python bench/bench_public.py --reuse   # measure again on the database of an earlier run

It recreates the scratch database and runs only the seeders the public pages read (regions, accounts,
the registry's 10,000 homes: `seed_demo --scale national` without children, supervision, cases, linkage
and monitoring, which take most of its 12 minutes and are never read by these pages), then measures
in-process (server time, no network) p50 / p95 and queries per request of the searches issue 15 §4 adds:
words in any order with generic words, place names in the name box and in the place box, later pages,
and the API.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import recreate_database, setup_django, timed

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_public"
LAST_SEEDER = 30  # regions (10), accounts (20), registry (30)


def main() -> None:
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    reuse = "--reuse" in sys.argv[1:]
    if not reuse:
        recreate_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.utils.module_loading import autodiscover_modules

    from pantau.lib import seeding
    from pantau.registry.models import Lksa

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not reuse:
        autodiscover_modules("seed")
        ctx = seeding.SeedContext(scale="national", seed=2024, stdout=io.StringIO())
        with transaction.atomic():
            for order, _name, function in sorted(seeding._SEEDERS, key=lambda item: (item[0], item[1])):
                if order <= LAST_SEEDER:
                    function(ctx)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    homes = Lksa.objects.public()
    print(
        f"seed (national registry): {time.perf_counter() - started:.1f} s, {Lksa.objects.count():,} LKSA; "
        f"'kasih' in {homes.filter(name__icontains='kasih').count():,} names"
    )

    public = Client()

    def visitor(i: int) -> str:
        # Each request from its own address: the per-address rate limit is not what is measured here.
        return f"10.9.{i // 250}.{i % 250 + 1}"

    def get(params: dict[str, str], i: int, path: str = "/check/") -> None:
        response = public.get(path, params, REMOTE_ADDR=visitor(i))
        assert response.status_code == 200, (response.status_code, params)

    names = [
        "kasih",
        "harapan",
        "al-ikhlas",
        "bunda",
        "nurul",
        "tunas",
        "maria",
        "mandiri",
        "insani",
        "hikmah",
    ]
    phrases = [
        "panti asuhan kasih bunda",
        "bunda kasih",
        "LKSA nurul hikmah",
        "yayasan tunas harapan",
        "PA al ikhlas",
    ]
    place_words = ["tangerang", "kasih tangerang", "medan", "harapan bandung", "surabaya", "kab bogor"]
    places = ["Kab. Tangerang", "Tangerang", "Tigaraksa", "Kota Medan", "Jawa Barat", "36.03"]
    runs = [
        ("one word of the name (/check/?q=kasih)", lambda i: get({"q": names[i % len(names)]}, i)),
        ("words in any order, generic words", lambda i: get({"q": phrases[i % len(phrases)]}, i)),
        ("a place name in the name box", lambda i: get({"q": place_words[i % len(place_words)]}, i)),
        ("the place box by name or code", lambda i: get({"region": places[i % len(places)]}, i)),
        ("name and place box together", lambda i: get({"q": "kasih", "region": places[i % len(places)]}, i)),
        ("later pages (page 2..10 of 'kasih')", lambda i: get({"q": "kasih", "page": str(2 + i % 9)}, i)),
        (
            "public API (/api/v1/public/lksa?q=)",
            lambda i: get({"q": phrases[i % len(phrases)]}, i, "/api/v1/public/lksa"),
        ),
    ]
    for label, call in runs:
        timed(label, 200, call)


if __name__ == "__main__":
    main()
