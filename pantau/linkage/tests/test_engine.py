"""The linkage engine on synthetic records: Splink's scores, twins and siblings, officers' decisions."""

import math
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from pantau.lib import synth
from pantau.linkage import engine, evaluation
from pantau.linkage import model as m
from pantau.linkage.normalise import clean_nik, clean_sex, parse_birth_date

R = engine.RawRecord


def _raws(rows: list[dict[str, str]]) -> list[engine.RawRecord]:
    return [
        R(
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


FAMILY = {"mother_name": "Siti Aminah", "father_name": "Slamet Riyadi", "birth_place": "Kab. Serang"}
BORN = date(2014, 5, 17)
# Twins and siblings share parents, place and (twins) the birth date; the same child registered twice
# is written differently by the second home.
PEOPLE = [
    R(1, "Hasan Saputra", "L", BORN, **FAMILY),
    R(2, "Husein Saputra", "L", BORN, **FAMILY),  # twin
    R(3, "Siti Aisyah", "P", BORN, **FAMILY),
    R(4, "Siti Aminah Putri", "P", BORN, **FAMILY),  # twin, shares the word Siti
    R(5, "Rizki", "L", BORN, **FAMILY),
    R(6, "Rizka", "P", BORN, **FAMILY),  # twin, a gendered pair
    R(7, "Dimas Pratama", "L", date(2011, 2, 3), **FAMILY),  # an elder brother
    R(8, "Muhammad Rizki Ramadhan", "L", date(2012, 9, 14), "Jakarta", "3603011409120003", "Nur Hasanah"),
    R(9, "MOCH. RIZKY RAMADAN", "L", date(2012, 9, 14), "Jkt", "", "Noer Hasanah"),  # the same boy
    R(10, "Moh Rizki", "L", date(2012, 1, 1), "DKI Jakarta", "3603011409120003", ""),  # and again
]


@pytest.fixture(scope="module")
def small_run() -> engine.Result:
    background = _raws(synth.generate(1500, seed=5))
    records = [replace(r, id=r.id + 100) for r in background] + PEOPLE
    return engine.run(engine.prepare(records))


def test_twins_and_siblings_are_not_merged_but_the_same_child_is(small_run: engine.Result) -> None:
    clusters = small_run.clusters
    assert small_run.stats["trained"] is False  # too small to train: the shipped model scores it
    for a, b in [(1, 2), (3, 4), (5, 6), (1, 7), (2, 7), (1, 5)]:
        assert clusters[a] != clusters[b], (a, b)
    assert clusters[8] == clusters[9] == clusters[10]


def test_decisions_are_respected() -> None:
    records = engine.prepare(PEOPLE)
    decided = engine.run(records, different=[(9, 8), (10, 8), (10, 9)], same=[(1, 7)])
    assert len({decided.clusters[8], decided.clusters[9], decided.clusters[10]}) == 3
    assert decided.clusters[1] == decided.clusters[7]


def test_python_scores_equal_splink_scores() -> None:
    """The registration-time check scores in Python what Splink scores in DuckDB: level by level."""
    from splink import DuckDBAPI, Linker

    table = engine.prepare(_raws(synth.generate(3000, seed=9)))
    model = engine.default_model()
    con = engine.connect()
    settings = {**model, **m.splink_settings(), "retain_intermediate_calculation_columns": True}
    settings["comparisons"] = model["comparisons"]
    loaded = engine.load(con, table)
    records = loaded.to_arrow_table().to_pylist()  # with the words the run found to be established names
    assert sum(bool(r["name_known"]) for r in records) > 1000
    linker = Linker(DuckDBAPI(connection=con).register(loaded), settings)
    prediction = linker.inference.predict()
    predicted = con.sql(f"SELECT * FROM {prediction.physical_name}").to_arrow_table().to_pylist()  # noqa: S608
    assert len(predicted) > 1000
    by_id = {r["unique_id"]: r for r in records}
    factors = m.trained_levels(model)
    # Term frequencies as Splink computes them: a value's share of the records that have a value.
    counts = {c: Counter(r[c] for r in records if r[c] is not None) for c in ("name", "place")}

    def frequency(column: str, value: object) -> float | None:
        found = counts[column].get(value)
        return found / counts[column].total() if found else None

    adjusted = 0
    for row in predicted:
        score = m.score(
            model, by_id[row["unique_id_l"]], by_id[row["unique_id_r"]], factors=factors, frequency=frequency
        )
        for field in score.fields:  # each comparison's weight: the same level chosen on both sides
            splink = row[f"mw_{field.column}"] + (row.get(f"mw_tf_adj_{field.column}") or 0)
            adjusted += bool(row.get(f"mw_tf_adj_{field.column}"))
            assert math.log2(field.bayes_factor) == pytest.approx(splink, abs=1e-6), (row, field)
        assert score.match_weight == pytest.approx(row["match_weight"], abs=1e-6)
    assert adjusted > 500  # names and places were adjusted for how common they are


def test_shipped_model_matches_the_comparisons() -> None:
    model = engine.default_model()
    assert [c["output_column_name"] for c in model["comparisons"]] == [f.column for f in m.FIELDS]
    for comparison, field in zip(model["comparisons"], m.FIELDS, strict=True):
        assert [lv["label_for_charts"] for lv in comparison["comparison_levels"]] == [
            lv.code for lv in field.levels
        ]


def test_synthetic_accuracy_is_measured_not_assumed() -> None:
    rows = synth.generate(2500, seed=21)
    result = engine.run(engine.prepare(_raws(rows)))
    score = evaluation.pairwise(result.clusters, {i: r["true_id"] for i, r in enumerate(rows)})
    # A floor, far below the benchmark's figures (bench/bench_linkage.py), that catches a broken model.
    assert score.precision > 0.9 and score.recall > 0.8, score


def test_pairwise_scores() -> None:
    truth = {1: "a", 2: "a", 3: "a", 4: "b", 5: "c"}
    predicted = {1: 1, 2: 1, 3: 3, 4: 3, 5: 5}
    score = evaluation.pairwise(predicted, truth)
    assert (score.true_positives, score.predicted_pairs, score.true_pairs) == (1, 2, 3)
    assert score.precision == 0.5 and score.recall == pytest.approx(1 / 3)


def test_ids_in_pairs_are_ordered(small_run: engine.Result) -> None:
    pairs = small_run.pairs.to_pydict()
    assert all(a < b for a, b in zip(pairs["unique_id_l"], pairs["unique_id_r"], strict=True))
    assert all(x >= engine.REVIEW_THRESHOLD for x in pairs["match_probability"])


def test_parameters_training_could_not_estimate_are_filled() -> None:
    model = {
        "comparisons": [
            {
                "comparison_levels": [
                    {"is_null_level": True},
                    {"m_probability": 0.9, "u_probability": 0.01},
                    {"m_probability": None, "u_probability": None},
                    {"m_probability": 0.1, "u_probability": 0.99},
                ]
            }
        ]
    }
    levels = engine.complete(model, u_pairs=1000)["comparisons"][0]["comparison_levels"]
    assert levels[2] == {"m_probability": 0.1, "u_probability": 0.001}
    assert levels[0] == {"is_null_level": True}
