"""A second pass over clusters of three or more records: no two records in one cluster may contradict.

Clusters join pairs above the threshold transitively, so a chain A~B, B~C puts A and C together even
when A and C are plainly two children (namesakes met through a record with little on it, twins through
a record without a date). At national scale namesakes multiply and such chains with them. Here every
pair inside such a cluster is scored (the blocking rules compared only some), and the cluster is
rebuilt from its strongest links, a link joining two groups only if no pair across them scores below
``CONTRADICTION`` (complete linkage at a low floor: a weak pair is allowed, a contradicting one is not).
Officers' decisions hold: "same child" always joins, "different children" never does.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

import duckdb

from pantau.linkage import model as m

# Below this probability two records contradict each other (a different established name, dates years
# apart with the same parents, a different sex): roughly -20 in match weight.
CONTRADICTION = 1e-6
MIN_SIZE = 3
MAX_SIZE = 60  # larger clusters (a clerk's placeholder values) are left as they are: officers review them


def split(
    con: duckdb.DuckDBPyConnection,
    clusters: dict[int, int],
    model: dict[str, Any],
    *,
    threshold: float,
    same: Collection[tuple[int, int]] = frozenset(),
    different: Collection[tuple[int, int]] = frozenset(),
) -> dict[int, int]:
    """``clusters`` (record id -> cluster id) with contradicting clusters split; ids are re-made by the
    caller (``engine._canonical``)."""
    members: dict[int, list[int]] = defaultdict(list)
    for record, cluster in clusters.items():
        members[cluster].append(record)
    large = [sorted(ms) for ms in members.values() if MIN_SIZE <= len(ms) <= MAX_SIZE]
    if not large:
        return clusters
    records = _records(con, [r for ms in large for r in ms])
    frequency = _frequency(con, records.values())
    factors = m.trained_levels(model)
    floor, cut = _weight(CONTRADICTION), _weight(threshold)
    result = dict(clusters)
    for ms in large:
        weights = {}
        for a, b in itertools.combinations(ms, 2):
            if (a, b) in same:
                weights[a, b] = math.inf
            elif (a, b) in different:
                weights[a, b] = -math.inf
            else:
                score = m.score(model, records[a], records[b], factors=factors, frequency=frequency)
                weights[a, b] = score.match_weight
        for group in _rebuild(ms, weights, floor=floor, cut=cut):
            name = min(group)
            for record in group:
                result[record] = name
    return result


def _weight(probability: float) -> float:
    return math.log2(probability / (1 - probability))


def _rebuild(
    ms: list[int], weights: dict[tuple[int, int], float], *, floor: float, cut: float
) -> list[set[int]]:
    group_of = {r: frozenset([r]) for r in ms}
    for (a, b), weight in sorted(weights.items(), key=lambda item: -item[1]):
        if weight < cut:
            break
        left, right = group_of[a], group_of[b]
        if left is right:
            continue
        if all(weights[min(x, y), max(x, y)] >= floor for x in left for y in right):
            joined = left | right
            for record in joined:
                group_of[record] = joined
    return list({id(g): set(g) for g in group_of.values()}.values())


def _records(con: duckdb.DuckDBPyConnection, ids: list[int]) -> dict[int, m.Record]:
    found = con.execute("SELECT * FROM records WHERE list_contains(?, unique_id)", [ids])
    columns = [d[0] for d in found.description or ()]
    rows = [dict(zip(columns, row, strict=True)) for row in found.fetchall()]
    return {row["unique_id"]: row for row in rows}


def _frequency(con: duckdb.DuckDBPyConnection, records: Iterable[m.Record]) -> m.Frequency:
    """Term frequencies as Splink computes them over the run's records, for the values at hand."""
    shares: dict[tuple[str, Any], float] = {}
    records = list(records)
    for column in ("name", "place"):
        values = sorted({r[column] for r in records if r[column] is not None})
        total_row = con.execute(f"SELECT count({column}) FROM records").fetchone()  # noqa: S608
        total = total_row[0] if total_row else 0
        found = con.execute(
            f"SELECT {column}, count(*) FROM records WHERE list_contains(?, {column}) GROUP BY {column}",  # noqa: S608
            [values],
        ).fetchall()
        shares.update({(column, value): n / total for value, n in found if total})

    def share(column: str, value: Any) -> float | None:
        return shares.get((column, value))

    return share
