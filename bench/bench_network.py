"""The network of accounts, phones, handles and persons at national scale (issue 21).

    uv run python bench/bench_network.py      # PostgreSQL, scratch database pantau_bench_network

On the data of `network_seed.py` (10,000 homes, 1,000,000 posts, 100,000 cases, seeded first if absent):

1. the index built from nothing (`indexer.rebuild`: every source, then every signal), its time per source
   and the process's peak memory;
2. the signals against the planted truth (`var/bench-network-planted.json`): per signal, planted (home,
   signal) pairs found and signals raised that were not planted (precision and recall);
3. the identifier page and its network view, in-process: the identifiers with the most places, the
   planted ones and a random sample, as a national KPAI supervisor and as the officer of the busiest
   kabupaten; p50/p95 and the queries per request (which must not depend on the identifier);
4. the same pages from 4 threads at once (each its own connection), the page's p95 under concurrency.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import timed
from network_seed import DEFAULT_DB, TRUTH, seed

PATTERNS = {
    "shared_bank_account": "shared_account",
    "shared_wallet": "shared_account",
    "shared_qris": "shared_account",
    "personal_account_appeal": "personal_account",
    "staff_in_case_elsewhere": "person_of_concern",
    "staff_barred_elsewhere": "person_of_concern",
    "phone_appeal_and_care_file": "intermediary_contact",
    "paper_orphans": "paper_orphans",
}
THREADS = 4


def planted() -> set[tuple[str, int]]:
    truth = json.loads(TRUTH.read_text())
    expected: set[tuple[str, int]] = set()
    for pattern, items in truth["signals"].items():
        code = PATTERNS[pattern]
        for item in items:
            homes = [h["home_id"] for h in item["homes"]] if "homes" in item else [item["home_id"]]
            expected.update((code, home) for home in homes)
    return expected


def accuracy() -> None:
    from pantau.network.models import Signal

    expected = planted()
    raised = set(Signal.objects.filter(holds=True).values_list("code", "lksa_id"))
    print(f"\n{'signal':<22} {'planted':>8} {'found':>6} {'extra':>6} {'precision':>10} {'recall':>7}")
    for code in sorted({c for c, _ in expected} | {c for c, _ in raised}):
        want = {pair for pair in expected if pair[0] == code}
        got = {pair for pair in raised if pair[0] == code}
        hit = len(want & got)
        precision = hit / len(got) if got else 1.0
        recall = hit / len(want) if want else 1.0
        print(f"{code:<22} {len(want):>8} {hit:>6} {len(got - want):>6} {precision:>10.3f} {recall:>7.3f}")
    hit = len(expected & raised)
    print(
        f"{'all':<22} {len(expected):>8} {hit:>6} {len(raised - expected):>6} "
        f"{hit / max(1, len(raised)):>10.3f} {hit / max(1, len(expected)):>7.3f}"
    )


def build() -> None:
    from django.db import connection

    from pantau.network import indexer

    with connection.cursor() as cursor:  # from nothing, as on a first install
        cursor.execute(
            "DELETE FROM network_signal; DELETE FROM network_occurrence; DELETE FROM network_entity"
        )
    started = time.perf_counter()
    figures = indexer.rebuild()
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"index rebuilt from nothing: {elapsed:.1f} s, peak memory {peak:.0f} MB")
    for source, row in figures["sources"].items():
        print(f"  {source:<20} {row['rows']:>9,} places  {row['seconds']:>6.1f} s")
    print(
        f"  {figures['entities']:,} identifiers, {figures['occurrences']:,} places; "
        f"signals {figures['signals']} in {figures['detect_seconds']} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE network_entity")
        cursor.execute("VACUUM ANALYZE network_occurrence")
        cursor.execute("VACUUM ANALYZE network_signal")


def sample_entities(user: Any) -> list[int]:
    """Identifiers the reader may open: the 10 with most places, 30 with a signal, 60 at random."""
    from pantau.network.models import Signal
    from pantau.network.selectors import occurrences_visible_to

    rng = random.Random(21)  # noqa: S311  (a reproducible sample, not security)
    visible = occurrences_visible_to(user)
    biggest = list(
        visible.order_by("-entity__places", "entity_id").values_list("entity_id", flat=True).distinct()[:10]
    )
    signalled = set(Signal.objects.exclude(entity=None).values_list("entity_id", flat=True))
    signalled &= set(visible.filter(entity_id__in=signalled).values_list("entity_id", flat=True))
    everyone = list(visible.values_list("entity_id", flat=True).order_by().distinct())
    return biggest + rng.sample(sorted(signalled), min(30, len(signalled))) + rng.sample(everyone, 60)


def pages() -> None:
    from django.test import Client

    from pantau.accounts.models import Membership
    from pantau.accounts.testing import force_login_verified
    from pantau.network.models import Entity, Occurrence

    def client_for(**where: Any) -> tuple[Client, Any]:
        member = Membership.objects.filter(role="supervisor", **where).select_related("user").first()
        assert member is not None, where
        client = Client()
        force_login_verified(client, member.user)
        return client, member.user

    national, kpai = client_for(organisation__kind="kpai")
    busiest = Occurrence.objects.exclude(lksa=None).values_list("region_code", flat=True).order_by()
    kabupaten = Counter(code[:5] for code in busiest.iterator(chunk_size=50_000)).most_common(1)[0][0]
    local, officer = client_for(organisation__kind="dinsos_regency", organisation__region_id=kabupaten)
    ids = sample_entities(kpai)
    local_ids = sample_entities(officer)
    print(
        f"\nidentifier pages: {len(ids)} identifiers (the 10 with most places: "
        f"{list(Entity.objects.filter(pk__in=ids[:10]).values_list('places', flat=True))} places)"
    )

    def get(client: Client, url: str) -> None:
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.status_code)

    timed(
        "entity page, KPAI (national)", len(ids), lambda i: get(national, f"/network/identifiers/{ids[i]}/")
    )
    timed(
        "network view, KPAI (national)",
        len(ids),
        lambda i: get(national, f"/network/identifiers/{ids[i]}/graph/"),
    )
    timed(
        f"entity page, Dinas Sosial {kabupaten}",
        len(local_ids),
        lambda i: get(local, f"/network/identifiers/{local_ids[i]}/"),
    )
    timed(
        f"network view, Dinas Sosial {kabupaten}",
        len(local_ids),
        lambda i: get(local, f"/network/identifiers/{local_ids[i]}/graph/"),
    )
    timed("signals list, KPAI (national)", 10, lambda i: get(national, f"/network/?page={i + 1}"))
    concurrent(ids)


def concurrent(ids: list[int]) -> None:
    from django.db import connections
    from django.test import Client

    from pantau.accounts.models import Membership
    from pantau.accounts.testing import force_login_verified

    member = (
        Membership.objects.filter(role="supervisor", organisation__kind="kpai").select_related("user").first()
    )
    assert member is not None
    times: list[float] = []
    lock = threading.Lock()

    def worker(offset: int) -> None:
        client = Client()
        force_login_verified(client, member.user)
        for index in range(offset, len(ids) * 2, THREADS):
            url = f"/network/identifiers/{ids[index % len(ids)]}/"
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            with lock:
                times.append(time.perf_counter() - started)
        connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    times.sort()
    print(
        f"{'entity page, KPAI, ' + str(THREADS) + ' threads at once':<50} p50 "
        f"{statistics.median(times) * 1000:7.1f} ms  p95 {times[int(len(times) * 0.95) - 1] * 1000:7.1f} ms  "
        f"{len(times) / wall:.1f} pages/s"
    )


def main() -> None:
    seed(os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB))
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    build()
    accuracy()
    pages()


if __name__ == "__main__":
    main()
