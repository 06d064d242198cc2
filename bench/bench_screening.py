"""Online monitoring benchmarks.

    uv run python bench/bench_screening.py train       # refit screening/model.json from the training set
    uv run python bench/bench_screening.py accuracy    # held-out precision/recall, with baselines
    uv run python bench/bench_screening.py accuracy heldout2   # the sealed second held-out set
    uv run python bench/bench_screening.py throughput  # screen_posts on one core (posts per second)
    uv run python bench/bench_screening.py queue       # review-queue page p95 with 1,000,000 posts

The held-out set (``monitoring/dataset/heldout``) was written by other writers than the training set
and is only scored here; nothing is tuned on it.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from common import recreate_database, setup_django, timed

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/pantau_bench_monitoring"
QUEUE_POSTS = 1_000_000

# The "plain keyword list" the issue compares against: words an analyst would start a filter with.
KEYWORDS = (
    "donasi", "gift", "sawer", "tap tap", "tap layar", "live", "adopsi", "bayi", "jual", "transfer",
    "rekening", "yatim", "open bo", "vcs", "abg", "kerja", "talent", "kunjungan", "titip", "eksploitasi",
    "lapar", "belum makan", "tolong", "sumbangan", "a.n.",
)  # fmt: skip


def _metrics(predicted: list[bool], labels: list[int]) -> tuple[float, float, float]:
    tp = sum(p and y for p, y in zip(predicted, labels, strict=True))
    precision = tp / max(1, sum(predicted))
    recall = tp / max(1, sum(labels))
    return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)


def _line(label: str, predicted: list[bool], labels: list[int]) -> None:
    p, r, f = _metrics(predicted, labels)
    print(f"  {label:<36} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")


def train() -> None:
    from pantau.monitoring.screening.model import MODEL_PATH
    from pantau.monitoring.screening.training import train as fit

    model = fit()
    MODEL_PATH.write_text(
        json.dumps(model, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(json.dumps({"card": model["card"], "thresholds": model["thresholds"]}, indent=1))


def accuracy(part: str = "heldout") -> None:
    from pantau.monitoring.screening.dataset import read_labelled
    from pantau.monitoring.screening.model import load, sigmoid
    from pantau.monitoring.screening.screener import features, screen
    from pantau.monitoring.screening.text import normalise

    model = load()
    rows = read_labelled(part)
    labels = [row.label for row in rows]
    positives = sum(labels)
    print(
        f"held-out: {len(rows)} posts, {positives} to review, "
        f"{len(rows) - positives} not (hard negatives included)"
    )
    results = [screen(row.post, model=model) for row in rows]
    _line("Pantau (indicators + text model)", [r.flagged for r in results], labels)
    keyword = [any(k in normalise(row.post.text) for k in KEYWORDS) for row in rows]
    _line("plain keyword list", keyword, labels)
    text_only = [sigmoid(model.text_terms(normalise(row.post.text))[0]) >= 0.5 for row in rows]
    _line("text model alone", text_only, labels)
    indicators_only = []
    for row in rows:
        _, fired, _ = features(row.post)
        indicators_only.append(
            sum(model.stack_weights.get(code, 0) for code in fired) + model.stack_intercept > 0
        )
    _line("indicators alone", indicators_only, labels)

    print("  per category (share flagged):")
    by_category: dict[str, list[bool]] = {}
    for row, result in zip(rows, results, strict=True):
        by_category.setdefault(row.category, []).append(result.flagged)
    for category, flags in sorted(by_category.items(), key=lambda x: (-x[1].__len__(), x[0])):
        kind = "positive" if rows[[r.category for r in rows].index(category)].label else "negative"
        print(f"    {category:<22} {kind:<8} {sum(flags):3d}/{len(flags):3d}  {sum(flags) / len(flags):.2f}")
    writers = Counter(row.post.id.split("-")[0] for row in rows)
    for writer in sorted(writers):
        chosen = [i for i, row in enumerate(rows) if row.post.id.startswith(writer)]
        _line(f"writer {writer}", [results[i].flagged for i in chosen], [labels[i] for i in chosen])
    tiers = Counter((row.label, result.tier) for row, result in zip(rows, results, strict=True))
    print(f"  tiers of posts to review: {dict((t, n) for (y, t), n in tiers.items() if y)}")
    print(f"  tiers of posts not to review: {dict((t, n) for (y, t), n in tiers.items() if not y)}")
    ranked = sorted(zip([r.score for r in results], labels, strict=True), key=lambda x: -x[0])
    for k in (50, 100):
        print(f"  precision@{k}: {sum(y for _, y in ranked[:k]) / k:.3f}")
    brier = sum((r.score - y) ** 2 for r, y in zip(results, labels, strict=True)) / len(rows)
    print(f"  Brier score: {brier:.3f}")


def throughput(posts: int = 20_000) -> None:
    from pantau.monitoring.screening.dataset import DATASET

    lines = [
        line
        for path in sorted(DATASET.glob("*/*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(8)  # noqa: S311
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "posts.jsonl", Path(folder) / "results.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for i in range(posts):
                record = json.loads(rng.choice(lines))
                record["id"] = f"p{i}"
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        command = ["taskset", "-c", "0", sys.executable, "manage.py", "screen_posts"]
        # As installed: byte-code cached (this sandbox sets PYTHONDONTWRITEBYTECODE, which would add
        # seconds of compiling to every start). A first run warms the cache.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PANTAU_ENV="test")
        walls = []
        for run in range(4):  # a warm-up, then three measured runs: the median is reported
            started = time.perf_counter()
            done = subprocess.run(  # noqa: S603  (our own manage.py, with paths this script made)
                [*command, "--input", str(source), "--output", str(target)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )
            if run:
                walls.append(time.perf_counter() - started)
        written = sum(1 for _ in target.open(encoding="utf-8"))
    wall = statistics.median(walls)
    print(f"screen_posts, {posts:,} posts on one core (taskset -c 0), median of 3 runs incl. start-up:")
    print(f"  {wall:.1f} s, {written / wall:,.0f} posts/s (runs: {', '.join(f'{w:.1f} s' for w in walls)})")
    print(f"  the command says: {done.stdout.strip()}")


def queue() -> None:
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    recreate_database(url)
    setup_django(url)
    import io
    import logging

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from pantau.accounts.models import User
    from pantau.accounts.testing import force_login_verified
    from pantau.monitoring.models import Post

    call_command("migrate", verbosity=0)
    logging.disable(logging.WARNING)  # the demo seed's linkage run talks a lot; it is not measured here
    call_command("seed_demo", "--scale", "demo", "--seed", "2024", stdout=io.StringIO())
    logging.disable(logging.NOTSET)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # One account per home plus unlinked ones; a million posts with a realistic tier mix (most
        # posts are nothing, a few percent need review).
        cursor.execute(
            """
            INSERT INTO monitoring_monitoredaccount (platform, handle, handle_normalised, url, lksa_id,
                region_code, note, created_at)
            SELECT 'tiktok', 'bench.' || l.id, 'bench.' || l.id, '', l.id, l.region_code, '', now()
            FROM registry_lksa l
            """
        )
        cursor.execute(
            """
            WITH account AS (
                SELECT array_agg(id ORDER BY id) AS ids, array_agg(region_code ORDER BY id) AS regions,
                       count(*) AS n
                FROM monitoring_monitoredaccount
            )
            INSERT INTO monitoring_post (account_id, external_id, text, posted_at, is_live, gift_count, url,
                screenshot, source, region_code, captured_at, score, tier, tier_rank, reasons, entities,
                screening_version, decision, decision_note, version)
            SELECT account.ids[1 + g %% account.n], 'b' || g,
                'Live malam ini bareng adik-adik, kirim gift ya kak #' || g,
                now() - (g || ' minutes')::interval, g %% 5 = 0, NULL, '', '', 'import',
                account.regions[1 + g %% account.n], now(), r.score,
                CASE WHEN r.score > 0.96 THEN 'rujuk' WHEN r.score > 0.9 THEN 'tinjau'
                     WHEN r.score > 0.6 THEN 'pantau' ELSE 'none' END,
                CASE WHEN r.score > 0.96 THEN 3 WHEN r.score > 0.9 THEN 2
                     WHEN r.score > 0.6 THEN 1 ELSE 0 END,
                '[{"code": "live_gift_request", "family": "live_gift", "evidence": ["gift", "adik-adik"],
                   "legal_basis": "UU 35/2014 Pasal 76I jo. 88", "points": 1.2}]'::jsonb,
                '{}'::jsonb, 'bench',
                CASE WHEN g %% 20 = 0 THEN 'no_action' ELSE '' END, '', 1
            FROM generate_series(1, %s) g
            CROSS JOIN account
            CROSS JOIN LATERAL (SELECT random() AS score WHERE g > 0) r
            """,
            [QUEUE_POSTS],
        )
        cursor.execute("ANALYZE")
    print(f"{Post.objects.count():,} posts inserted in {time.perf_counter() - started:.0f} s")
    print(f"  to review: {Post.objects.filter(decision='', tier_rank__gte=2).count():,}")
    for email, label in (
        ("pengawas@kpai.pantau.test", "review queue, KPAI (national)"),
        ("pengawas@dinsos-kabtangerang.pantau.test", "review queue, Dinas Sosial Kab. Tangerang"),
    ):
        client = Client()
        force_login_verified(client, User.objects.get(email=email))  # second factor passed

        def page(i: int, client: Client = client) -> None:
            response = client.get("/monitoring/", {"page": 1 + i % 5})
            assert response.status_code == 200, response.status_code

        page(0)
        timed(label, 200, page)


def main() -> None:
    part = sys.argv[1] if len(sys.argv) > 1 else "accuracy"
    if part == "queue":
        queue()
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pantau.settings")
    os.environ.setdefault("PANTAU_ENV", "test")
    import django

    django.setup()
    held_out = sys.argv[2] if len(sys.argv) > 2 else "heldout"  # "heldout2": the sealed set (model card)
    parts: dict[str, Callable[[], None]] = {
        "train": train,
        "accuracy": lambda: accuracy(held_out),
        "throughput": throughput,
    }
    parts[part]()


if __name__ == "__main__":
    main()
