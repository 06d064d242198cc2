"""Figures about children in care, per LKSA and rolled up per region: counts and shares, never names.

These are what Dinas Sosial, KPAI and Kemensos need to see who should not be in an institution at all:
occupancy against capacity, children with a living parent, gatekeeping and care-plan coverage, length
of stay and exits to family-based care.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Count, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Substr

from pantau.accounts.access import Perm, UserLike, actor_of, has_perm
from pantau.accounts.roles import OrgKind
from pantau.children import summary
from pantau.children.models import Child, ParentStatus, Placement
from pantau.children.selectors import children_for_figures
from pantau.regions.models import Region, is_within
from pantau.registry.models import Lksa
from pantau.registry.selectors import lksa_visible_to


@dataclass
class Figures:
    key: str  # LKSA id or region code
    label: str
    in_care: int = 0
    capacity: int = 0
    living_parent: int = 0
    gatekeeping: int = 0
    current_care_plan: int = 0
    family_exits_12m: int = 0
    median_stay_days: int | None = None
    # True when the numbers were withheld because the group is too small to publish safely.
    withheld: bool = False
    # From the stored summary only (None when computed live): family-based placement kind -> [not ended,
    # started in the last 12 months], for the dashboard's care types and exits.
    family_kinds: dict[str, list[int]] | None = field(default=None, compare=False)

    def suppressed(self, threshold: int = 5) -> Figures:
        """A copy for people who may not see children individually: figures of groups smaller than
        ``threshold`` (which could single a child out) are withheld, capacity excepted."""
        if self.in_care >= threshold:
            return self
        return Figures(key=self.key, label=self.label, capacity=self.capacity, withheld=self.in_care > 0)

    def share(self, part: int) -> float | None:
        return round(100 * part / self.in_care, 1) if self.in_care else None

    @property
    def living_parent_pct(self) -> float | None:
        return self.share(self.living_parent)

    @property
    def gatekeeping_pct(self) -> float | None:
        return self.share(self.gatekeeping)

    @property
    def care_plan_pct(self) -> float | None:
        return self.share(self.current_care_plan)

    @property
    def occupancy_pct(self) -> float | None:
        return round(100 * self.in_care / self.capacity, 1) if self.capacity else None


def _aggregate(children: QuerySet[Child], group: str, today: date) -> dict[str, dict[str, Any]]:
    alive = Q(mother_status=ParentStatus.ALIVE) | Q(father_status=ParentStatus.ALIVE)
    in_care = children.in_care()  # type: ignore[attr-defined]
    counts: dict[str, Aggregate] = {
        "in_care": Count("pk"),
        "living_parent": Count("pk", filter=alive),
        "gatekeeping": Count("pk", filter=Q(gatekeeping__isnull=False)),
    }
    if connection.vendor == "postgresql":
        counts["mid_admission"] = MedianDay("admitted_on")  # in the same pass over the children
    rows = {str(row[group]): row for row in in_care.values(group).annotate(**counts).order_by()}
    # Counted from the (much smaller) care-plan table rather than a subquery per child.
    planned = (
        in_care.filter(care_plans__next_review_on__gte=today)
        .values(group)
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    for row in planned:
        rows.setdefault(str(row[group]), {"in_care": 0})["current_care_plan"] = row["n"]
    return rows


def _exits(children: QuerySet[Child], group: str, today: date) -> dict[str, int]:
    rows = (
        Placement.objects.filter(
            child__in=children,
            kind__in=Placement.FAMILY_BASED,
            started_on__gte=today - timedelta(days=365),
            started_on__lte=today,
        )
        .values(f"child__{group}")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {str(row[f"child__{group}"]): row["n"] for row in rows}


EPOCH = date(2000, 1, 1)


class MedianDay(Aggregate):
    """PostgreSQL's median of a date column, as days since EPOCH (SQLite, the demo, uses Python instead)."""

    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY (%(expressions)s - DATE '2000-01-01'))"
    output_field = FloatField()


def _stays(
    counts: dict[str, dict[str, Any]], children: QuerySet[Child], group: str, today: date
) -> dict[str, int]:
    """Median days in care per group: today minus the median admission date (from ``_aggregate`` on
    PostgreSQL; computed here on SQLite, the demo)."""
    if connection.vendor == "postgresql":
        offset = (today - EPOCH).days
        return {
            key: round(offset - row["mid_admission"])
            for key, row in counts.items()
            if row.get("mid_admission") is not None
        }
    by_group: dict[str, list[int]] = {}
    for key, admitted in children.in_care().values_list(group, "admitted_on").order_by():  # type: ignore[attr-defined]
        by_group.setdefault(str(key), []).append((today - admitted).days)
    return {key: round(median(days)) for key, days in by_group.items()}  # as round() above


def per_lksa(children: QuerySet[Child], homes: QuerySet[Lksa], today: date) -> list[Figures]:
    counts, exits = _aggregate(children, "lksa_id", today), _exits(children, "lksa_id", today)
    stays = _stays(counts, children, "lksa_id", today)
    result = []
    for home in homes.only("pk", "name", "capacity").order_by("name"):
        key = str(home.pk)
        row = counts.get(key, {})
        result.append(
            Figures(
                key=key,
                label=home.name,
                in_care=row.get("in_care", 0),
                capacity=home.capacity or 0,
                living_parent=row.get("living_parent", 0),
                gatekeeping=row.get("gatekeeping", 0),
                current_care_plan=row.get("current_care_plan", 0),
                family_exits_12m=exits.get(key, 0),
                median_stay_days=stays.get(key),
            )
        )
    return result


def per_region(
    children: QuerySet[Child], homes: QuerySet[Lksa], today: date, *, digits: int, names: dict[str, str]
) -> list[Figures]:
    """Rolled up to provinces (digits=2) or kabupaten/kota (digits=5) of the region code."""
    grouped = children.annotate(region=Substr("region_code", 1, digits))
    counts, exits = _aggregate(grouped, "region", today), _exits_by_prefix(children, digits, today)
    stays = _stays(counts, grouped, "region", today)
    capacity: dict[str, int] = {}
    for code, cap in homes.values_list("region_code", "capacity"):
        capacity[code[:digits]] = capacity.get(code[:digits], 0) + (cap or 0)
    keys = sorted(set(counts) | set(capacity))
    return [
        Figures(
            key=key,
            label=names.get(key, key),
            in_care=counts.get(key, {}).get("in_care", 0),
            capacity=capacity.get(key, 0),
            living_parent=counts.get(key, {}).get("living_parent", 0),
            gatekeeping=counts.get(key, {}).get("gatekeeping", 0),
            current_care_plan=counts.get(key, {}).get("current_care_plan", 0),
            family_exits_12m=exits.get(key, 0),
            median_stay_days=stays.get(key),
        )
        for key in keys
    ]


def _exits_by_prefix(children: QuerySet[Child], digits: int, today: date) -> dict[str, int]:
    rows = _exits(children, "region_code", today)
    result: dict[str, int] = {}
    for code, n in rows.items():
        result[code[:digits]] = result.get(code[:digits], 0) + n
    return result


def figures_for(user: UserLike, *, level: str, region: str, today: date) -> tuple[str, list[Figures]]:
    """The figures ``user`` may see, per LKSA or rolled up per kabupaten/kota or province, optionally
    within ``region``. Small groups are withheld from anyone who may not see the children themselves.

    Read from the stored summary (``pantau.children.summary``) once it has been refreshed; computed live
    from the records before that. ``figures_as_of`` tells which."""
    homes, children = lksa_visible_to(user), children_for_figures(user)
    if region:
        homes, children = homes.in_region(region), children.in_region(region)
    stored = summary.active() is not None
    if stored:
        summary.catch_up(today=today)
    if level in ("province", "regency"):
        digits = 2 if level == "province" else 5
        names = dict(Region.objects.filter(level=1 if digits == 2 else 2).values_list("code", "name"))
        if stored:
            rows = _stored_per_region(user, homes, region, today, digits=digits, names=names)
        else:
            rows = per_region(children, homes, today, digits=digits, names=names)
    else:
        level = "lksa"
        rows = _stored_per_lksa(homes, today) if stored else per_lksa(children, homes, today)
    if not has_perm(user, Perm.CHILD_VIEW):
        rows = [row.suppressed() for row in rows]
    return level, rows


def figures_as_of() -> datetime | None:
    """When the stored figures were last recomputed in full (None: they are computed live, now)."""
    return summary.as_of()


def _figures(key: str, label: str, capacity: int, row: dict[str, Any], today: date) -> Figures:
    return Figures(
        key=key,
        label=label,
        in_care=row.get("in_care", 0),
        capacity=capacity,
        living_parent=row.get("living_parent", 0),
        gatekeeping=row.get("gatekeeping", 0),
        current_care_plan=row.get("current_care_plan", 0),
        family_exits_12m=row.get("family_exits_12m", 0),
        median_stay_days=summary.stay_days(row.get("median_day"), today),
        family_kinds=row.get("family_kinds", {}),
    )


def _stored_per_lksa(homes: QuerySet[Lksa], today: date) -> list[Figures]:
    stored = summary.home_rows(homes)
    return [
        _figures(str(home.pk), home.name, home.capacity or 0, stored.get(home.pk, {}), today)
        for home in homes.only("pk", "name", "capacity").order_by("name")
    ]


def _stored_per_region(
    user: UserLike, homes: QuerySet[Lksa], region: str, today: date, *, digits: int, names: dict[str, str]
) -> list[Figures]:
    """The region rows when the person's scope holds whole regions of the level asked (KPAI, a province
    office); otherwise (an LKSA, a kabupaten officer's figures per province) their homes' rows summed."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.REGISTRY_VIEW):
        return []
    scope: str | None = actor.jurisdiction
    if region:
        if is_within(region, scope):
            scope = region
        elif not is_within(scope, region):
            return []
    if actor.organisation.kind != OrgKind.LKSA and (scope is None or len(scope) <= digits):
        stored = summary.stored_rows(digits, region=scope)
    else:
        stored = summary.merged_home_rows(homes, digits)
    capacity = dict(
        homes.annotate(prefix=Substr("region_code", 1, digits))
        .values("prefix")
        .annotate(total=Sum("capacity"))
        .order_by()
        .values_list("prefix", "total")
    )
    keys = sorted(set(stored) | set(capacity))
    return [
        _figures(key, names.get(key, key), capacity.get(key) or 0, stored.get(key, {}), today) for key in keys
    ]
