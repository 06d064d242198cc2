"""The ghost-children check: does the number of children an aid was based on match the children the home
has on record for the aid's period?

*Children recorded* for an aid record are the children with a stay at the home (an LKSA placement, or a
transfer into it) on at least one day of the period, each child counted once after duplicates are
resolved: records an officer decided are the **same child** (``linkage.CandidatePair`` "same") form one
child. When that child's records were at two homes during the period (the same child registered twice),
it counts at one home only: where the child actually lives, the record still in care (else the latest
admitted; the later record on a tie). Pairs still *to review* are shown beside the figure, not
subtracted: they are possible, not decided, duplicates.

An aid record is **flagged** when its basis exceeds the children recorded by more than the tolerance, a
policy setting (``PANTAU_AID_TOLERANCE_PERCENT`` of the children recorded, rounded down; 10 by default).
Counts only: no child's identity leaves this module.

Everything is read in a fixed number of queries for any number of records (a region's list, the visit
plan's homes), grouped by home in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from pantau.aid.models import AidRecord
from pantau.children.models import Child, Placement
from pantau.linkage.models import CandidatePair

STAY_KINDS = (Placement.Kind.LKSA, Placement.Kind.TRANSFER)
MAX_CHAIN = 4  # rounds of following "same child" decisions (a child linked to a child linked to a child...)
# Above this many children, pairs are read whole and filtered here: an IN list of hundreds of thousands of
# ids (a province's homes) costs PostgreSQL and the driver far more than the few thousand decided pairs.
IN_LIST_LIMIT = 5_000
RECENT_DAYS = 365  # the visit plan reads aid whose period touched the last 12 months


@dataclass(frozen=True)
class Reconciliation:
    basis: int  # children the aid was based on
    recorded: int  # children recorded at the home in the period, duplicates resolved
    records: int  # child records at the home in the period, before resolving duplicates
    pending_pairs: int  # possible duplicates still to review involving those records
    tolerance: int  # children the basis may exceed the recorded figure by

    @property
    def merged(self) -> int:
        """Child records not counted here: decided the same child as another record."""
        return self.records - self.recorded

    @property
    def difference(self) -> int:
        return self.basis - self.recorded

    @property
    def flagged(self) -> bool:
        return self.difference > self.tolerance


def tolerance_percent() -> int:
    return int(getattr(settings, "PANTAU_AID_TOLERANCE_PERCENT", 10))


def tolerance_for(recorded: int, percent: int | None = None) -> int:
    percent = tolerance_percent() if percent is None else percent
    return recorded * percent // 100


@dataclass(frozen=True)
class _Stay:
    child: int
    home: int
    start: date
    end: date | None  # the day the next placement started (the child left that day); None: still there

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and (self.end is None or self.end > first)


def _stays(placements: QuerySet[Placement]) -> list[_Stay]:
    return [
        _Stay(child, home, start, end)
        for child, home, start, end in placements.filter(kind__in=STAY_KINDS, lksa__isnull=False).values_list(
            "child_id", "lksa_id", "started_on", "ended_on"
        )
    ]


class _Links:
    """Children decided to be the same child, as connected groups (union-find)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, child: int) -> int:
        self.parent.setdefault(child, child)
        while self.parent[child] != child:
            self.parent[child] = self.parent[self.parent[child]]
            child = self.parent[child]
        return child

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _pairs_touching(pairs: QuerySet[CandidatePair], children: set[int]) -> set[tuple[int, int]]:
    """The (child_a, child_b) of ``pairs`` that involve one of ``children``."""
    if len(children) <= IN_LIST_LIMIT:
        pairs = pairs.filter(Q(child_a__in=children) | Q(child_b__in=children))
        return set(pairs.values_list("child_a_id", "child_b_id"))
    every = pairs.values_list("child_a_id", "child_b_id")
    return {(a, b) for a, b in every if a in children or b in children}


def _same_child_links(children: set[int]) -> _Links:
    links = _Links()
    seen: set[tuple[int, int]] = set()
    frontier = set(children)
    for _round in range(MAX_CHAIN):
        if not frontier:
            break
        pairs = _pairs_touching(CandidatePair.objects.filter(status=CandidatePair.Status.SAME), frontier)
        new = pairs - seen
        seen |= new
        known = set(links.parent) | children
        frontier = set()
        for a, b in new:
            links.join(a, b)
            frontier |= {a, b} - known
    return links


def reconcile(records: Iterable[AidRecord], *, percent: int | None = None) -> dict[int, Reconciliation]:
    """Per aid record id, its reconciliation. A fixed number of queries whatever the number of records."""
    records = list(records)
    if not records:
        return {}
    homes = {r.lksa_id for r in records}
    first = min(r.period_start for r in records)
    last = max(r.period_end for r in records)
    stays = _stays(
        Placement.objects.filter(lksa_id__in=homes, started_on__lte=last).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=first)
        )
    )
    at_homes = {s.child for s in stays}
    links = _same_child_links(at_homes)
    linked = set(links.parent)
    # The other records of linked children, wherever they were: where else the same child stayed.
    others = linked - at_homes
    if others:
        stays += _stays(Placement.objects.filter(child_id__in=others))
    facts = {
        pk: (status == Child.Status.IN_CARE, admitted, pk)
        for pk, status, admitted in Child.objects.filter(pk__in=linked).values_list(
            "pk", "status", "admitted_on"
        )
    }
    # Each pending pair once per record it touches: indexed by child, so a record costs its own children.
    pending_of: dict[int, list[int]] = defaultdict(list)
    for index, (a, b) in enumerate(_pairs_touching(CandidatePair.objects.pending(), at_homes)):
        pending_of[a].append(index)
        pending_of[b].append(index)
    by_child: dict[int, list[_Stay]] = defaultdict(list)
    for stay in stays:
        by_child[stay.child].append(stay)
    members: dict[int, list[int]] = defaultdict(list)
    for child in linked:
        members[links.find(child)].append(child)
    by_home: dict[int, set[int]] = defaultdict(set)
    for stay in stays:
        if stay.home in homes:
            by_home[stay.home].add(stay.child)

    result = {}
    for record in records:
        first, last = record.period_start, record.period_end
        here = {
            child
            for child in by_home[record.lksa_id]
            if any(s.home == record.lksa_id and s.overlaps(first, last) for s in by_child[child])
        }
        counted: set[int] = set()
        for child in here:
            if child not in linked:
                counted.add(child)
                continue
            group = links.find(child)
            present = [c for c in members[group] if any(s.overlaps(first, last) for s in by_child[c])]
            lives = max(present, key=lambda c: facts.get(c, (False, date.min, c)))
            if any(s.home == record.lksa_id and s.overlaps(first, last) for s in by_child[lives]):
                counted.add(group)
        pairs = len({index for child in here for index in pending_of.get(child, ())})
        result[record.pk] = Reconciliation(
            basis=record.children_count,
            recorded=len(counted),
            records=len(here),
            pending_pairs=pairs,
            tolerance=tolerance_for(len(counted), percent),
        )
    return result


def flagged_homes(home_ids: QuerySet[Any, Any], today: date) -> dict[int, Reconciliation]:
    """Per home among ``home_ids`` (a subquery of ids), the aid record of the last 12 months whose basis
    most exceeds the children recorded, when it is flagged: the visit plan's signal."""
    since = today - timedelta(days=RECENT_DAYS)
    records = list(
        AidRecord.objects.filter(lksa__in=home_ids, period_end__gte=since, period_start__lte=today).only(
            "pk", "lksa_id", "period_start", "period_end", "children_count"
        )
    )
    worst: dict[int, Reconciliation] = {}
    figures = reconcile(records)
    for record in records:
        figure = figures[record.pk]
        if figure.flagged and (
            record.lksa_id not in worst or figure.difference > worst[record.lksa_id].difference
        ):
            worst[record.lksa_id] = figure
    return worst
