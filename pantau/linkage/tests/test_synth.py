"""Fast checks of the synthetic linkage benchmark generator (no database needed)."""

import csv
import random
import time
from collections import Counter, defaultdict
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from pantau.lib import synth


@pytest.fixture(scope="module")
def records() -> list[dict[str, str]]:
    return synth.generate(20_000, seed=7)


def test_same_seed_same_data_other_seed_other_data() -> None:
    assert synth.generate(2_000, seed=11) == synth.generate(2_000, seed=11)
    assert synth.generate(2_000, seed=11) != synth.generate(2_000, seed=12)


def test_columns_and_ids(records: list[dict[str, str]]) -> None:
    assert len(records) == 20_000
    expected = {*synth.COLUMNS, "true_id"}
    for rec in records:
        assert set(rec) == expected
        assert all(isinstance(v, str) for v in rec.values())
        assert rec["sex"] in ("L", "P")
        assert rec["lksa_id"].startswith("L")
    assert len({r["record_id"] for r in records}) == len(records)
    assert len({r["lksa_id"] for r in records}) > 300  # about n // 50 homes


def test_truth_sizes_and_duplicates_in_other_homes(records: list[dict[str, str]]) -> None:
    by_entity: dict[str, list[dict[str, str]]] = defaultdict(list)
    for rec in records:
        by_entity[rec["true_id"]].append(rec)
    sizes = Counter(len(v) for v in by_entity.values())
    assert set(sizes) <= {1, 2, 3}
    n = len(by_entity)
    assert 0.22 < sizes[2] / n < 0.28
    assert 0.025 < sizes[3] / n < 0.055
    for recs in by_entity.values():
        assert len({r["lksa_id"] for r in recs}) == len(recs)  # a duplicate is always in another home
    # Shuffled: records of one child are not laid out next to each other.
    adjacent = sum(a["true_id"] == b["true_id"] for a, b in pairwise(records))
    assert adjacent < 20


def test_nik_is_16_digits_or_empty(records: list[dict[str, str]]) -> None:
    niks = [r["nik"] for r in records]
    assert all(nik == "" or (len(nik) == 16 and nik.isdigit()) for nik in niks)
    filled = [nik for nik in niks if nik]
    assert 0.3 < len(filled) / len(niks) < 0.55  # 60 % of children have one, missing in 30 % of records
    # Most NIKs carry a plausible birth day (girls + 40) and month; the rest are typos.
    plausible = sum(int(n[6:8]) % 40 in range(1, 32) and 1 <= int(n[8:10]) <= 12 for n in filled)
    assert plausible / len(filled) > 0.9


def test_birth_dates_parse_or_are_empty(records: list[dict[str, str]]) -> None:
    years = []
    for rec in records:
        if rec["birth_date"]:
            years.append(date.fromisoformat(rec["birth_date"]).year)
    assert 0.05 < 1 - len(years) / len(records) < 0.11
    assert min(years) >= 2000 and max(years) <= 2029  # true 2005-2025, typos may move the year


def test_names_look_indonesian_and_popular_names_recur(records: list[dict[str, str]]) -> None:
    names = Counter(" ".join(r["full_name"].split()).title() for r in records)
    assert names["Muhammad Rizki"] > 20
    assert names["Siti Nurhaliza"] > 20
    assert all(r["full_name"].strip() for r in records)


def test_old_spelling_toggle_never_turns_plain_j_into_y() -> None:
    assert synth._respell(None, "Djoko") == "Joko"
    assert synth._respell(None, "Joko") == "Djoko"
    assert synth._respell(None, "Yusuf") == "Joesoef"
    assert synth._respell(None, "Soekarno") == "Sukarno"
    assert synth._respell(None, "Khadijah") == "Chadidjah"


def test_twins_differ_in_name() -> None:
    rng = random.Random(3)  # noqa: S311 - test data
    for _ in range(300):
        (a, _sa), (b, _sb) = synth._twin_names(rng, rng.choice(["mus", "jav", "bat", "mod"]), "")
        assert a != b


def test_write_csv_round_trip(tmp_path: Path) -> None:
    recs = synth.generate(500, seed=3)
    plain, truth = tmp_path / "plain.csv", tmp_path / "truth.csv"
    synth.write_csv(plain, recs)
    synth.write_csv(truth, recs, with_truth=True)
    with plain.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(synth.COLUMNS)
    assert [r["full_name"] for r in rows] == [r["full_name"] for r in recs]
    with truth.open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == [*synth.COLUMNS, "true_id"]


def test_fast_enough() -> None:
    start = time.perf_counter()
    synth.generate(20_000, seed=1)
    assert time.perf_counter() - start < 5.0
