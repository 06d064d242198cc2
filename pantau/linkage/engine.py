"""Batch linkage of children's records: Splink 5 on an in-memory DuckDB database.

Records come in as plain values (from the children table or from a CSV file), are reduced to keys by
``normalise``, and go through Splink: the model is trained without labels (random sampling for u,
expectation maximisation for m), pairs are scored, and records are grouped into clusters. Officers'
decisions are respected: a pair decided "different children" is never an edge of a cluster, a pair
decided "same child" always is.

For a national run that outgrows one machine the same settings run on Spark (``splink.SparkAPI``):
register the ``unmatched_words`` macro of ``model.DUCKDB_MACROS`` as a Spark SQL function and pass
the prepared table as a Spark DataFrame; nothing else changes (see the README).
"""

from __future__ import annotations

import itertools
import json
import logging
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]

from pantau.linkage import model as m
from pantau.linkage import resolve
from pantau.linkage.normalise import is_placeholder_date, name_tokens, place_key

log = logging.getLogger(__name__)

# Pairs at or above REVIEW_THRESHOLD go to officers; clusters join pairs at or above CLUSTER_THRESHOLD.
REVIEW_THRESHOLD = 0.5
CLUSTER_THRESHOLD = 0.95
U_SAMPLE_PAIRS = 1_000_000
PREPARE_CHUNK = 20_000
MIN_TRAINING_RECORDS = 2_000
DEFAULT_MODEL_RECORDS = 100_000  # the synthetic data default_model.json was trained on
DEFAULT_MODEL = Path(__file__).with_name("default_model.json")
# Expectation maximisation sessions: each leaves out the fields it blocks on. A session whose rule finds
# no pairs in the data (a file without NIKs) is skipped; the others still estimate every field.
EM_BLOCKS = (
    m.BLOCKING_RULES[0],  # the NIK (a placeholder NIK shared by hundreds is skipped)
    m.BLOCKING_RULES[1],  # name and birth year, large blocks skipped
    "l.dob = r.dob AND l.mother = r.mother",
    # The name's m is estimated only where neither name nor NIK is blocked on (its "same NIK" level
    # reads the NIK): with the mother above, and with the birth place for files without mothers.
    "l.dob = r.dob AND l.place = r.place",
)


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One child as a source has it, identifiers already cleaned (see normalise)."""

    id: int
    full_name: str
    sex: str = ""
    birth_date: date | None = None
    birth_place: str = ""
    nik: str = ""
    mother_name: str = ""
    father_name: str = ""


def keys(raw: RawRecord) -> m.Record:
    """The comparable form of one record."""
    tokens = name_tokens(raw.full_name)
    mother, father = name_tokens(raw.mother_name), name_tokens(raw.father_name)
    dob = raw.birth_date
    return {
        "unique_id": raw.id,
        "name": " ".join(tokens) or None,
        "name_tokens": tokens or None,
        "name_sorted": " ".join(sorted(tokens)) or None,
        "name_initial": min(tokens)[0] if tokens else None,
        "name_prefix": min(tokens)[:2] if tokens else None,
        "name_skeleton": " ".join(sorted(skeleton(t) for t in tokens)) or None,
        "name_words": sorted({t for t in tokens if t not in m.COMMON_WORDS}) or None,
        "sex": raw.sex or None,
        "dob": dob,
        "dob_str": dob.isoformat() if dob else None,
        "dob_placeholder": is_placeholder_date(dob),
        "birth_year": dob.year if dob else None,
        "nik": raw.nik or None,
        "mother": " ".join(mother) or None,
        "mother_initial": mother[0][0] if mother else None,
        "mother_tokens": mother or None,
        "father": " ".join(father) or None,
        "father_tokens": father or None,
        "place": place_key(raw.birth_place) or None,
    }


def skeleton(word: str) -> str:
    """The consonants of a word: vowel typos and spellings (Eko/Iko, Sienandar/Sunandar) agree on it."""
    return "".join(c for c in word if c not in "aeiou") or word


_SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("name", pa.string()),
        ("name_tokens", pa.list_(pa.string())),
        ("name_sorted", pa.string()),
        ("name_initial", pa.string()),
        ("name_prefix", pa.string()),
        ("name_skeleton", pa.string()),
        ("name_words", pa.list_(pa.string())),
        ("sex", pa.string()),
        ("dob", pa.date32()),
        ("dob_str", pa.string()),
        ("dob_placeholder", pa.bool_()),
        ("birth_year", pa.int32()),
        ("nik", pa.string()),
        ("mother", pa.string()),
        ("mother_initial", pa.string()),
        ("mother_tokens", pa.list_(pa.string())),
        ("father", pa.string()),
        ("father_tokens", pa.list_(pa.string())),
        ("place", pa.string()),
    ]
)


def prepare(
    raws: Iterable[RawRecord], *, each_chunk: Callable[[list[m.Record]], None] | None = None
) -> pa.Table:
    """The comparable form of every record, as a table; built in chunks so that a national run never
    holds half a million dictionaries at once (``each_chunk`` sees each chunk, e.g. to store keys)."""
    batches, chunk = [], []
    for raw in raws:
        chunk.append(keys(raw))
        if len(chunk) == PREPARE_CHUNK:
            batches.append(_batch(chunk, each_chunk))
            chunk = []
    batches.append(_batch(chunk, each_chunk))
    return pa.Table.from_batches(batches, schema=_SCHEMA)


def _batch(chunk: list[m.Record], each_chunk: Callable[[list[m.Record]], None] | None) -> pa.RecordBatch:
    if each_chunk and chunk:
        each_chunk(chunk)
    return pa.RecordBatch.from_pylist(chunk, schema=_SCHEMA)


@dataclass
class Result:
    pairs: pa.Table  # unique_id_l, unique_id_r, match_weight, match_probability (>= REVIEW_THRESHOLD)
    clusters: dict[int, int]  # every record's id -> its cluster's id (the smallest record id in it)
    model: dict[str, Any]
    stats: dict[str, Any] = field(default_factory=dict)


def connect(memory_limit: str = "1200MB") -> duckdb.DuckDBPyConnection:
    # Splink narrates every step at INFO and warns of parameters it could not estimate, which
    # ``complete`` fills; Pantau reports what a run did itself.
    logging.getLogger("splink").setLevel(logging.ERROR)
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    # Past the limit DuckDB spills to disk: into the system's temporary folder, not the working one.
    spill = Path(tempfile.gettempdir()) / "pantau-linkage"
    con.execute(f"SET temp_directory = '{spill}'")
    for macro in m.DUCKDB_MACROS:
        con.execute(macro)
    return con


@cache
def _default_model_text() -> str:
    return DEFAULT_MODEL.read_text()


def default_model() -> dict[str, Any]:
    """The model shipped with Pantau: trained without labels on synthetic national-scale data."""
    return json.loads(_default_model_text())  # a fresh copy: Splink may change what it is given


def load(con: duckdb.DuckDBPyConnection, table: pa.Table) -> duckdb.DuckDBPyRelation:
    """The prepared records with the size of each record's block under every blocking rule, its word keys
    (``model.WORD_RULE``) and its established name words (``model.known_threshold``)."""
    con.register("records_prepared", table)
    sizes = ", ".join(
        f"count(*) OVER (PARTITION BY {', '.join(keys)}) AS block_{i}"
        for i, keys in enumerate(m.BLOCKING_KEYS)
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE sized AS SELECT *, {sizes} FROM records_prepared")  # noqa: S608
    con.unregister("records_prepared")
    _word_keys(con)
    _known_words(con)
    con.execute(
        "CREATE OR REPLACE TABLE records AS SELECT s.*, w.word_keys, k.name_known FROM sized s "
        "LEFT JOIN word_keys w USING (unique_id) LEFT JOIN known_words k USING (unique_id) "
        "ORDER BY s.unique_id"
    )
    con.execute("DROP TABLE sized; DROP TABLE word_keys; DROP TABLE known_words")
    return con.table("records")


def _word_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Each record's word keys (see ``model.WORD_KEY_PARTS``), without those too common to block on."""
    parts = " UNION ALL ".join(
        f"SELECT unique_id, word || '|{tag}|' || value AS key FROM "  # noqa: S608  (the model's SQL)
        f"(SELECT unique_id, unnest(name_words) AS word, {value} AS value FROM sized) "
        "WHERE value IS NOT NULL"
        for tag, value in m.WORD_KEY_PARTS
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE word_keys AS SELECT unique_id, list(key) AS word_keys FROM ("  # noqa: S608
        f"SELECT unique_id, key, count(*) OVER (PARTITION BY key) AS size FROM ({parts})"
        f") WHERE size BETWEEN 2 AND {m.MAX_WORD_BLOCK} GROUP BY unique_id"
    )


def _known_words(con: duckdb.DuckDBPyConnection) -> None:
    """Each record's name words that are established names here (``model.known_threshold``)."""
    named = con.execute("SELECT count(*) FROM sized WHERE name_tokens IS NOT NULL").fetchone()
    threshold = m.known_threshold(named[0] if named else 0)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE known_words AS "
        "WITH words AS (SELECT unique_id, unnest(list_distinct(name_tokens)) AS word FROM sized), "
        "known AS (SELECT word FROM words GROUP BY word HAVING count(*) >= ?) "
        "SELECT unique_id, list(word ORDER BY word) AS name_known FROM words JOIN known USING (word) "
        "GROUP BY unique_id",
        [threshold],
    )


def complete(
    model: dict[str, Any], *, u_pairs: int, fallback: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Fill parameters training could not estimate: u of a level never seen among ``u_pairs`` random
    pairs is at most about 1 / u_pairs; m of a level never seen among matches is taken as the smallest
    m of its comparison (rare among matches, not impossible).

    EM can also settle on the wrong solution, when the blocks it learns from hold far more namesakes
    than duplicates: then disagreement looks as likely among "matches" as agreement. A comparison whose
    complete disagreement is at least as likely among matches as its first agreeing level takes its m
    from ``fallback`` (the shipped model)."""
    fallback = fallback if fallback is not None else default_model()
    shipped = {c["output_column_name"]: c for c in fallback["comparisons"]}
    for comparison in model["comparisons"]:
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        first = next((lv for lv in levels if not lv.get("fix_m_probability")), levels[0])
        if (levels[-1].get("m_probability") or 0) >= (first.get("m_probability") or 0):
            log.warning(
                "linkage: implausible m for %s; the shipped model's m is used",
                comparison["output_column_name"],
            )
            for level, known in zip(
                levels, _non_null(shipped[comparison["output_column_name"]]), strict=True
            ):
                level["m_probability"] = known["m_probability"]
        seen_m = [level["m_probability"] for level in levels if level.get("m_probability")]
        for level in levels:
            if not level.get("u_probability"):
                level["u_probability"] = 1 / u_pairs
            if not level.get("m_probability"):
                level["m_probability"] = min(seen_m, default=1e-6)
    return model


def _non_null(comparison: dict[str, Any]) -> list[dict[str, Any]]:
    return [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]


def train(
    linker: Any,
    *,
    rebuild: Callable[[dict[str, Any]], Any],
    u_pairs: int = U_SAMPLE_PAIRS,
    labels: pa.Table | None = None,
) -> Any:
    """Unsupervised training: the share of matches from near-certain rules, u by sampling, m by EM.

    With officers' "same child" decisions (``labels``), m is re-estimated from them as well: they are
    pairs the rules could not find by themselves.
    """
    linker.training.estimate_probability_two_random_records_match(
        list(m.DETERMINISTIC_RULES), recall=m.DETERMINISTIC_RECALL
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=1)
    from splink.internals.exceptions import EMTrainingException

    for rule in EM_BLOCKS:
        before = linker.misc.save_model_to_json()
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
        except (EMTrainingException, ValueError) as error:
            # No pairs for this rule, or EM drove a level's m below what float64 holds (a level the
            # matches in this block never show): the other sessions estimate the fields. A session that
            # fails half-way may leave the model half-changed, so the model from before it is restored.
            log.info("EM session %s skipped: %s", rule, str(error).splitlines()[0])
            linker = rebuild(before)
    if labels is not None and labels.num_rows:
        linker.training.estimate_m_from_pairwise_labels(
            linker.table_management.register_table(labels, "labels")
        )
    return linker


def run(
    table: pa.Table,
    *,
    model: dict[str, Any] | None = None,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
    review_threshold: float = REVIEW_THRESHOLD,
    cluster_threshold: float = CLUSTER_THRESHOLD,
    u_pairs: int = U_SAMPLE_PAIRS,
) -> Result:
    """Score and cluster the records of ``table`` (see ``prepare``); train first unless a trained
    ``model`` is given."""
    from splink import DuckDBAPI, Linker
    from splink.clustering import cluster_pairwise_predictions_at_threshold

    timings: dict[str, float] = {}
    started = time.monotonic()
    con = connect()
    try:
        db_api = DuckDBAPI(connection=con)
        records = load(con, table)
        if model is None and table.num_rows < MIN_TRAINING_RECORDS:
            # Expectation maximisation needs volume: a district with a few hundred children is scored with
            # the model shipped with Pantau (trained on synthetic data) until a larger run trains one. The
            # share of matching pairs falls as records grow (each child has a few records at most), so the
            # shipped prior is rescaled to this many records.
            model = m.without_tf(default_model())
            prior = (
                model["probability_two_random_records_match"] * DEFAULT_MODEL_RECORDS / max(table.num_rows, 2)
            )
            model["probability_two_random_records_match"] = min(prior, 0.5)
        trained = model is None
        settings = m.splink_settings()
        if model is not None:
            # A saved model keeps its parameters; which pairs to compare is always today's rules.
            settings = {
                **model,
                "blocking_rules_to_generate_predictions": settings["blocking_rules_to_generate_predictions"],
            }
        # log_level=None: else every Linker sets Splink's logger back to INFO (over connect's ERROR).
        linker = Linker(db_api.register(records), settings, log_level=None)
        same_pairs = {_ordered(p) for p in same}
        different_pairs = {_ordered(p) for p in different}
        if trained:
            labels = pa.table(
                {
                    "source_dataset_l": ["records"] * len(same_pairs),
                    "unique_id_l": [a for a, _b in same_pairs],
                    "source_dataset_r": ["records"] * len(same_pairs),
                    "unique_id_r": [b for _a, b in same_pairs],
                }
            )
            names = (f"records_{n}" for n in itertools.count())

            def rebuild(settings: dict[str, Any]) -> Any:
                return Linker(db_api.register(records, table_name=next(names)), settings, log_level=None)

            linker = train(
                linker, rebuild=rebuild, u_pairs=u_pairs, labels=labels if len(same_pairs) >= 20 else None
            )
            # Levels the data never showed get explicit values, so that Splink here and the registration
            # check (model.score) use the same numbers rather than each its own defaults.
            linker = rebuild(complete(linker.misc.save_model_to_json(), u_pairs=u_pairs))
        timings["train"] = time.monotonic() - started
        predictions = linker.inference.predict(threshold_match_probability=review_threshold)
        pairs = (
            con.sql(
                "SELECT least(unique_id_l, unique_id_r) AS unique_id_l, "  # noqa: S608  (a table Splink named)
                "greatest(unique_id_l, unique_id_r) AS unique_id_r, match_weight, match_probability "
                f"FROM {predictions.physical_name}"
            )
            .to_arrow_table()
            .cast(
                pa.schema(
                    [
                        ("unique_id_l", pa.int64()),
                        ("unique_id_r", pa.int64()),
                        ("match_weight", pa.float64()),
                        ("match_probability", pa.float64()),
                    ]
                )
            )
        )
        timings["predict"] = time.monotonic() - started - timings["train"]
        edges = _edges(pairs, same_pairs, different_pairs)
        nodes = pa.table({"unique_id": table.column("unique_id")})
        clustered = cluster_pairwise_predictions_at_threshold(
            nodes, edges, db_api, "unique_id", threshold_match_probability=cluster_threshold
        )
        clusters = dict(con.sql(f"SELECT unique_id, cluster_id FROM {clustered.physical_name}").fetchall())  # noqa: S608
        saved = linker.misc.save_model_to_json()
        clusters = _canonical(
            resolve.split(
                con, clusters, saved, threshold=cluster_threshold, same=same_pairs, different=different_pairs
            )
        )
        timings["cluster"] = time.monotonic() - started - timings["train"] - timings["predict"]
        stats = {
            "records": table.num_rows,
            "pairs": pairs.num_rows,
            "clusters": len(set(clusters.values())),
            "trained": trained,
            "seconds": {k: round(v, 1) for k, v in timings.items()},
        }
    finally:
        con.close()
    return Result(pairs=pairs, clusters=clusters, model=saved, stats=stats)


def _ordered(pair: tuple[int, int]) -> tuple[int, int]:
    a, b = pair
    return (a, b) if a < b else (b, a)


def _edges(pairs: pa.Table, same: set[tuple[int, int]], different: set[tuple[int, int]]) -> pa.Table:
    left, right = pairs.column("unique_id_l").to_pylist(), pairs.column("unique_id_r").to_pylist()
    probability = pairs.column("match_probability").to_pylist()
    edges: dict[tuple[int, int], float] = {}
    for a, b, p in zip(left, right, probability, strict=True):
        if (a, b) not in different:
            edges[(a, b)] = p
    for pair in same:
        edges[pair] = 1.0
    return pa.table(
        {
            "unique_id_l": pa.array([a for a, _b in edges], pa.int64()),
            "unique_id_r": pa.array([b for _a, b in edges], pa.int64()),
            "match_probability": pa.array(list(edges.values()), pa.float64()),
        }
    )


def _canonical(clusters: dict[Any, Any]) -> dict[int, int]:
    """Cluster ids that do not depend on Splink's naming: the smallest member id."""
    smallest: dict[Any, int] = {}
    for record, cluster in clusters.items():
        smallest[cluster] = min(smallest.get(cluster, record), record)
    return {int(record): int(smallest[cluster]) for record, cluster in clusters.items()}
