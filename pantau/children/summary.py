"""The stored summary behind the children's figures: one row per LKSA and per region, so that national
figures read about 40 rows instead of half a million children.

How it stays right:
- ``refresh_all`` recomputes every row from the records (``python manage.py figures_refresh``, nightly
  from cron, after the daily legality refresh; it also fixes the time-bound figures, current care plans
  and exits of the last 12 months, to the new day).
- A change to a child, a placement, a care plan or a gatekeeping assessment marks the home's row dirty
  (``mark_dirty``, from the signals in ``pantau.children.signals`` and from the importer), one UPDATE;
  the next read of the figures recomputes the dirty homes from their records and moves the difference
  into their kabupaten/kota and province rows (``catch_up``). Counts are therefore current at every read.
- Medians are not additive, so each row keeps the histogram of its children's admission days (at most
  one entry per day): the median is read from the merged histogram and is exact (the same value as
  PostgreSQL's ``percentile_cont(0.5)`` over the children).
- Each row also keeps, per kind of family-based placement, the placements that have not ended and those
  started in the last 12 months (``kinds``: {kind: [current, exits]}), for the dashboard's care types and
  exits; also recounted nightly, like the other time-bound figures.
- Before the first full refresh (a fresh install, the tests) there is no summary and the figures are
  computed live from the records (``active`` is False).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from pantau.children.models import Child, ParentStatus, Placement
from pantau.children.summary_models import FiguresRow, FiguresState
from pantau.registry.models import Lksa

EPOCH = date(2000, 1, 1)
COUNTS = ("in_care", "living_parent", "gatekeeping", "current_care_plan", "family_exits_12m")
REGION_DIGITS = (2, 5)  # province, kabupaten/kota


@dataclass
class Tally:
    """The additive counts of a group of children in care, and their admission days."""

    in_care: int = 0
    living_parent: int = 0
    gatekeeping: int = 0
    current_care_plan: int = 0
    family_exits_12m: int = 0
    admitted: Counter[int] = field(default_factory=Counter)
    # Family-based placement kind -> [not ended, started in the last 12 months].
    kinds: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: Tally, sign: int = 1) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + sign * getattr(other, name))
        for kind, (current, exits) in other.kinds.items():
            mine = self.kinds.setdefault(kind, [0, 0])
            mine[0] += sign * current
            mine[1] += sign * exits
        for day, n in other.admitted.items():  # a difference may go negative until it is applied
            self.admitted[day] += sign * n

    def median_day(self) -> float | None:
        """The median admission day (days since EPOCH); for an even number, the mean of the middle two,
        as ``percentile_cont(0.5)``."""
        total = sum(self.admitted.values())
        if not total:
            return None
        wanted = [(total - 1) // 2, total // 2]  # 0-based positions of the middle value(s)
        found: list[int] = []
        seen = 0
        for day in sorted(self.admitted):
            seen += self.admitted[day]
            while wanted and wanted[0] < seen:
                found.append(day)
                wanted.pop(0)
            if not wanted:
                break
        return (found[0] + found[1]) / 2

    @classmethod
    def of(cls, row: FiguresRow) -> Tally:
        return cls(
            **{name: getattr(row, name) for name in COUNTS},
            admitted=Counter({int(day): n for day, n in row.admitted.items()}),
            kinds={kind: list(pair) for kind, pair in row.family_kinds.items()},
        )

    def store(self, row: FiguresRow) -> None:
        for name in COUNTS:
            setattr(row, name, getattr(self, name))
        for day in [d for d, n in self.admitted.items() if n <= 0]:
            del self.admitted[day]
        row.admitted = {str(day): n for day, n in sorted(self.admitted.items())}
        row.family_kinds = {kind: pair for kind, pair in sorted(self.kinds.items()) if any(pair)}
        row.median_day = self.median_day()


def stay_days(median_day: float | None, today: date) -> int | None:
    """Median days in care: today minus the median admission day."""
    return None if median_day is None else round((today - EPOCH).days - median_day)


def tally_homes(children: QuerySet[Child], today: date) -> dict[int, Tally]:
    """Per LKSA, computed from the records: what a row stores. Three grouped queries."""
    alive = Q(mother_status=ParentStatus.ALIVE) | Q(father_status=ParentStatus.ALIVE)
    in_care = children.in_care()  # type: ignore[attr-defined]
    tallies: dict[int, Tally] = {}
    rows = (
        in_care.values("lksa_id", "admitted_on")
        .annotate(
            n=Count("pk"),
            living=Count("pk", filter=alive),
            assessed=Count("pk", filter=Q(gatekeeping__isnull=False)),
        )
        .order_by()
        .values_list("lksa_id", "admitted_on", "n", "living", "assessed")
    )
    for home, admitted_on, n, living, assessed in rows.iterator(chunk_size=10000):
        tally = tallies.setdefault(home, Tally())
        tally.in_care += n
        tally.living_parent += living
        tally.gatekeeping += assessed
        tally.admitted[(admitted_on - EPOCH).days] += n
    planned = (
        in_care.filter(care_plans__next_review_on__gte=today)
        .values("lksa_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
        .values_list("lksa_id", "n")
    )
    for home, n in planned:
        tallies.setdefault(home, Tally()).current_care_plan = n
    since = today - timedelta(days=365)
    placements = (
        Placement.objects.filter(child__in=children, kind__in=Placement.FAMILY_BASED, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(started_on__gte=since))
        .values("child__lksa_id", "kind")
        .annotate(
            current=Count("pk", filter=Q(ended_on__isnull=True)),
            exits=Count("pk", filter=Q(started_on__gte=since)),
        )
        .order_by()
        .values_list("child__lksa_id", "kind", "current", "exits")
    )
    for home, kind, current, exits in placements:
        tally = tallies.setdefault(home, Tally())
        tally.family_exits_12m += exits
        tally.kinds[kind] = [current, exits]
    return tallies


def merge(pairs: Iterable[tuple[str, Tally]], digits: int) -> dict[str, Tally]:
    """Tallies of homes (region code, tally) summed per region prefix of ``digits`` characters."""
    merged: dict[str, Tally] = {}
    for code, tally in pairs:
        if code:
            merged.setdefault(code[:digits], Tally()).add(tally)
    return merged


def active() -> FiguresState | None:
    """The summary's state, or None before its first full refresh (figures are then computed live)."""
    return FiguresState.objects.order_by("pk").first()


def refresh_all(*, today: date | None = None) -> int:
    """Recompute every row from the records (the nightly run; after bulk changes). Returns the rows
    written. Readers see the previous rows until the new ones are committed."""
    today = today or timezone.localdate()
    tallies = tally_homes(Child.objects.all(), today)
    codes = dict(Lksa.objects.filter(pk__in=list(tallies)).values_list("pk", "region_code"))
    rows = []
    for home, tally in tallies.items():
        row = FiguresRow(level=0, lksa_id=home, region_code=codes.get(home, ""))
        tally.store(row)
        rows.append(row)
    for digits in REGION_DIGITS:
        for code, tally in merge(((codes.get(h, ""), t) for h, t in tallies.items()), digits).items():
            row = FiguresRow(level=digits, region_code=code)
            tally.store(row)
            rows.append(row)
    with transaction.atomic():
        _lock_state()
        FiguresRow.objects.all().delete()
        FiguresRow.objects.bulk_create(rows, batch_size=2000)
        FiguresState.objects.all().delete()
        FiguresState.objects.create(refreshed_at=timezone.now(), day=today)
    return len(rows)


def _lock_state() -> None:
    """Serialise the writers of the summary (full refresh and catch-up) on the state row."""
    list(FiguresState.objects.select_for_update().all())


def mark_dirty(home_ids: Iterable[int | None], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """The records of these homes changed: their rows are recomputed before the next read. Nothing to do
    before the first full refresh. ``using``: the connection that made the change (its transaction holds
    the homes' locks: marking them through another connection would wait for it forever)."""
    ids = {pk for pk in home_ids if pk}
    if not ids:
        return
    rows = FiguresRow.objects.using(using)
    marked = rows.filter(level=0, lksa_id__in=ids).update(dirty=True)
    if marked < len(ids) and FiguresState.objects.using(using).exists():
        have = set(rows.filter(level=0, lksa_id__in=ids).values_list("lksa_id", flat=True))
        rows.bulk_create(
            [FiguresRow(level=0, lksa_id=pk, region_code="", dirty=True) for pk in sorted(ids - have)],
            ignore_conflicts=True,
        )


def catch_up(*, today: date | None = None) -> int:
    """Recompute the dirty homes' rows and move the difference into their regions' rows. Returns the
    homes recomputed; one query when there are none."""
    if not FiguresRow.objects.filter(dirty=True).exists():
        return 0
    today = today or timezone.localdate()
    with transaction.atomic():
        _lock_state()
        dirty = list(FiguresRow.objects.select_for_update().filter(level=0, dirty=True).order_by("pk"))
        if not dirty:
            return 0
        ids = [row.lksa_id for row in dirty if row.lksa_id]
        fresh = tally_homes(Child.objects.filter(lksa_id__in=ids), today)
        codes = dict(Lksa.objects.filter(pk__in=ids).values_list("pk", "region_code"))
        deltas: dict[tuple[int, str], Tally] = {}
        for row in dirty:
            old, new = Tally.of(row), fresh.get(row.lksa_id or 0, Tally())
            code = codes.get(row.lksa_id or 0, "")
            for digits in REGION_DIGITS:
                if row.region_code:
                    deltas.setdefault((digits, row.region_code[:digits]), Tally()).add(old, -1)
                if code:
                    deltas.setdefault((digits, code[:digits]), Tally()).add(new, 1)
            new.store(row)
            row.region_code, row.dirty = code, False
        fields = [*COUNTS, "admitted", "family_kinds", "median_day", "region_code", "dirty"]
        FiguresRow.objects.bulk_update(dirty, fields, batch_size=1000)
        regions = {
            (row.level, row.region_code): row
            for row in FiguresRow.objects.select_for_update().filter(
                level__gt=0, region_code__in={code for _, code in deltas}
            )
        }
        created: list[FiguresRow] = []
        for (digits, code), delta in deltas.items():
            found = regions.get((digits, code))
            if found is None:
                found = FiguresRow(level=digits, region_code=code)
                created.append(found)
            tally = Tally.of(found)
            tally.add(delta)
            tally.store(found)
        FiguresRow.objects.bulk_update([r for r in regions.values()], fields, batch_size=1000)
        FiguresRow.objects.bulk_create(created)
    return len(dirty)


def stored_rows(level: int, *, region: str | None) -> dict[str, dict[str, Any]]:
    """The region rows of ``level`` (2 or 5 digits) within ``region`` (None: the nation)."""
    from pantau.regions.models import region_q

    return {
        row["region_code"]: row
        for row in FiguresRow.objects.filter(region_q("region_code", region), level=level).values(
            "region_code", *COUNTS, "median_day", "family_kinds"
        )
    }


def home_rows(homes: QuerySet[Lksa]) -> dict[int, dict[str, Any]]:
    """The rows of ``homes`` (their counts and median day, without the histogram)."""
    return {
        row["lksa_id"]: row
        for row in FiguresRow.objects.filter(level=0, lksa__in=homes.values("pk")).values(
            "lksa_id", *COUNTS, "median_day", "family_kinds"
        )
    }


def merged_home_rows(homes: QuerySet[Lksa], digits: int) -> dict[str, dict[str, Any]]:
    """The rows of ``homes`` summed per region prefix: for a scope narrower than the regions grouped
    (an LKSA's own figures; a kabupaten officer's figures per province)."""
    pairs = [
        (row.region_code, Tally.of(row))
        for row in FiguresRow.objects.filter(level=0, lksa__in=homes.values("pk"))
    ]
    return {
        code: {
            **{name: getattr(t, name) for name in COUNTS},
            "median_day": t.median_day(),
            "family_kinds": {kind: pair for kind, pair in t.kinds.items() if any(pair)},
        }
        for code, t in merge(pairs, digits).items()
    }


def as_of() -> datetime | None:
    state = active()
    return state.refreshed_at if state else None
