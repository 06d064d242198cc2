"""The registration-time check: is the child being entered already recorded in some home?

Splink's own "find matches to new records" scans every record (about 0.5 s per call at 500,000
children). Here candidates come from indexed lookups on the stored keys in PostgreSQL (NIK, name,
name word and birth year, birth date, mother's name) and only those few are scored, in Python, with
the trained model's parameters (see model.score, kept equal to Splink's scores by a test).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q, QuerySet

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.children.identifiers import identifier_hash
from pantau.children.models import Child
from pantau.linkage import engine
from pantau.linkage import model as m
from pantau.linkage.keys import FIELDS, raw_record
from pantau.linkage.models import ChildKey, LinkageRun, NameWord

log = logging.getLogger(__name__)

MAX_CANDIDATES = 400
SHOWN = 5
Model = tuple[dict[str, Any], dict[str, list[float | None]]]  # a trained model and its Bayes factors


@lru_cache(maxsize=4)
def _model_of_run(run_id: int | None) -> Model:
    trained = engine.default_model()
    if run_id is not None:
        saved = LinkageRun.objects.values_list("model", flat=True).get(pk=run_id)
        # Levels are read by position: a model saved before the comparisons changed is not used.
        if m.levels_of(saved) == m.levels_of(trained):
            trained = saved
        else:
            log.warning("linkage run %s has a model of other comparisons: using the shipped one", run_id)
    return trained, m.trained_levels(trained)


def current_model() -> Model:
    """The model of the latest national or regional run; the shipped one until a run has trained one."""
    run_id = (
        LinkageRun.objects.filter(status=LinkageRun.Status.DONE)
        .exclude(model={})
        .order_by("-finished_at")
        .values_list("pk", flat=True)
        .first()
    )
    return _model_of_run(run_id)


TOTALS_SECONDS = 600
_totals: dict[str, Any] = {}


def _recorded_totals() -> dict[str, Any]:
    """How many stored records have a name and a place (the denominators of term frequencies), and how
    many have each place (a few hundred places; a big city's count takes tens of milliseconds). Read at
    most every ten minutes per process: full counts over half a million keys are too slow per form."""
    if not _totals or time.monotonic() - _totals["at"] > TOTALS_SECONDS:
        totals = ChildKey.objects.aggregate(
            name=Count("pk", filter=~Q(name="")), place=Count("pk", filter=~Q(place=""))
        )
        places = ChildKey.objects.exclude(place="").values("place").annotate(n=Count("pk"))
        _totals.update(totals, places={row["place"]: row["n"] for row in places}, at=time.monotonic())
    return _totals


def recorded_frequency(values: dict[str, set[Any]] | None = None) -> m.Frequency:
    """How common a name or birth place is among the children recorded (``model.Frequency``), from the
    stored keys: what a batch run computes over its own records. The names of ``values`` (column ->
    values) are counted at once in one grouped query, any other name by one indexed count; places come
    from the table ``_recorded_totals`` keeps."""
    totals: dict[str, Any] | None = None
    shares: dict[tuple[str, Any], float | None] = {}

    def count(column: str, wanted: set[Any]) -> None:
        nonlocal totals
        totals = totals or _recorded_totals()
        found: dict[Any, int] = {}
        if column == "place":
            found = totals["places"]
        elif wanted and totals[column] >= m.MIN_TF_RECORDS:
            rows = ChildKey.objects.filter(name__in=wanted).values("name").annotate(n=Count("pk"))
            found = {row["name"]: row["n"] for row in rows}
        for value in wanted:
            n = found.get(value) if totals[column] >= m.MIN_TF_RECORDS else None
            shares[column, value] = n / totals[column] if n else None

    for column, wanted in (values or {}).items():
        if wanted:
            count(column, wanted)

    def share(column: str, value: Any) -> float | None:
        if column not in ("name", "place") or not value:
            return None
        if (column, value) not in shares:
            count(column, {value})
        return shares[column, value]

    return share


def _deciding_words(p: m.Record, q: m.Record) -> set[str]:
    """The words whose standing as established names can decide the pair (``model.alike_names``): a
    word of one name missing from the other that looks like a typing error of such a word."""
    a, b = p["name_tokens"] or (), q["name_tokens"] or ()
    only_a, only_b = [x for x in a if x not in b], [y for y in b if y not in a]
    return {w for x in only_a for y in only_b if m.word_match(x, y) for w in (x, y)}


def established_words(words: set[str]) -> set[str]:
    """Which of ``words`` are established names among the children recorded (``model.known_threshold``),
    as a batch run decides over its records: one grouped count of the stored name words."""
    if not words:
        return set()
    found = NameWord.objects.filter(word__in={w[:60] for w in words}).values("word").annotate(n=Count("pk"))
    counts = {row["word"]: row["n"] for row in found}
    threshold = m.known_threshold(_recorded_totals()["name"])
    return {w for w in words if counts.get(w[:60], 0) >= threshold}


class RecordedScoring:
    """Scores pairs of records as a batch run over the stored children would, reading from the stored
    keys only what these pairs need (the frequency of a name or place both records share, and whether
    alike words are established names): a fixed number of queries whatever the number of pairs."""

    def __init__(self, pairs: Iterable[tuple[m.Record, m.Record]], model: Model | None = None) -> None:
        self.trained, self.factors = model or current_model()
        pairs = list(pairs)
        known = established_words({w for p, q in pairs for w in _deciding_words(p, q)})
        for record in {id(r): r for pair in pairs for r in pair}.values():
            record["name_known"] = sorted(set(record["name_tokens"] or ()) & known) or None
        shared = {c: {p[c] for p, q in pairs if p[c] and p[c] == q[c]} for c in ("name", "place")}
        self.frequency = recorded_frequency(shared)

    def score(self, p: m.Record, q: m.Record) -> m.Score:
        return m.score(self.trained, p, q, factors=self.factors, frequency=self.frequency)


@dataclass(frozen=True)
class Match:
    child: Child
    score: m.Score
    blind: bool = False  # scored without the typed NIK: the person may not see this child


def candidate_ids(record: m.Record, *, exclude: int | None = None) -> list[int]:
    """Indexed lookups, each narrow enough that its cut-off does not drop a likely match: the name with
    the birth year (with the mother when the year is unknown), a distinctive name word within a year,
    the date with the initial, the mother with the year. (The NIK: ``nik_candidate_ids``.)"""
    keys = Q()
    if record["name"] and record["birth_year"]:
        keys |= Q(name=record["name"], birth_year=record["birth_year"])
    elif record["name"] and record["mother"]:
        keys |= Q(name=record["name"], mother=record["mother"])
    if record["dob"] and record["name_initial"]:
        keys |= Q(dob=record["dob"], name_initial=record["name_initial"])
    if record["mother"] and record["birth_year"]:
        keys |= Q(mother=record["mother"], birth_year=record["birth_year"])
    ids: set[int] = set()
    if keys:
        ids.update(ChildKey.objects.filter(keys).values_list("child_id", flat=True)[:MAX_CANDIDATES])
    words = record["name_words"] or []
    year = record["birth_year"]
    if words and year:
        near = Q(birth_year__in=[year - 1, year, year + 1])
        ids.update(
            NameWord.objects.filter(near, word__in=words).values_list("child_id", flat=True)[:MAX_CANDIDATES]
        )
    ids.discard(exclude)  # type: ignore[arg-type]
    return sorted(ids)[: MAX_CANDIDATES * 2]


def nik_candidate_ids(
    nik: str, *, exclude: int | None = None, among: QuerySet[Child] | None = None
) -> list[int]:
    """Children recorded with this NIK, only ``among`` those given (a person's scope): one indexed
    query whenever a NIK is typed, found or not, so neither the answer nor the time it takes says
    whether a child outside that scope has this NIK."""
    if len(nik) != 16:
        return []
    children = Child.objects.all() if among is None else among
    found = children.filter(nik_hash=identifier_hash("nik", nik)).values_list("pk", flat=True)
    return sorted(set(found) - {exclude})


def find(
    raw: engine.RawRecord,
    *,
    exclude: int | None = None,
    scope: QuerySet[Child] | None = None,
) -> list[Match]:
    """Children already recorded who may be the child described by ``raw``, most likely first.

    ``scope``: the children the person asking may see in full (None: all, for batch work). The NIK is
    looked up only among them. The others are found by name, date and parents, and scored and ranked as
    if no NIK had been typed, so what is disclosed about a child the person may not see (that it exists,
    and where) is the same whatever NIK they type.
    """
    trained, factors = current_model()
    record = engine.keys(raw)
    by_keys = set(candidate_ids(record, exclude=exclude))
    by_nik = set(nik_candidate_ids(raw.nik, exclude=exclude, among=scope))
    if scope is None:
        visible = by_keys | by_nik
    else:  # asked whenever there are candidates by name: the same queries whatever the NIK
        visible = by_nik | set(scope.filter(pk__in=by_keys).values_list("pk", flat=True) if by_keys else ())
    if not by_keys and not by_nik:
        return []
    blind_record = engine.keys(replace(raw, nik="")) if raw.nik else record
    children = list(
        Child.objects.filter(pk__in=by_keys | by_nik)
        .select_related("lksa")
        .only(*FIELDS, "lksa__name", "region_code", "lksa__region_code", "status")
    )
    matches = []
    pairs = {
        child.pk: (blind_record if child.pk not in visible else record, engine.keys(raw_record(child)))
        for child in children
    }
    scoring = RecordedScoring(pairs.values(), (trained, factors))
    for child in children:
        blind = child.pk not in visible
        result = scoring.score(*pairs[child.pk])
        if result.match_probability >= engine.REVIEW_THRESHOLD:
            matches.append(Match(child, result, blind=blind))
    matches.sort(key=lambda match: -match.score.match_weight)
    return matches[:SHOWN]


def dinas_sosial_for(region_code: str) -> Organisation | None:
    """The Dinas Sosial an operator should contact about a child in ``region_code``."""
    return Organisation.objects.covering(
        region_code, kinds=[OrgKind.DINSOS_REGENCY, OrgKind.DINSOS_PROVINCE]
    ).first()
