"""Workload and coverage per region: the figures a province needs to argue for more supervisors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils import timezone

from pantau.accounts.access import UserLike
from pantau.regions.models import Region
from pantau.supervision.models import Visit
from pantau.supervision.selectors import workload_scope


@dataclass
class WorkloadRow:
    key: str
    label: str
    homes: int = 0
    supervisors: int = 0
    visited_12m: int = 0
    visits_done: int = 0
    visits_planned: int = 0
    median_days_to_close: int | None = None

    @property
    def homes_per_supervisor(self) -> float | None:
        return round(self.homes / self.supervisors, 1) if self.supervisors else None

    @property
    def visited_pct(self) -> float | None:
        return round(100 * self.visited_12m / self.homes, 1) if self.homes else None


def _grouped(queryset: object, field: str, digits: int) -> dict[str, int]:
    rows = (
        queryset.annotate(key=Substr(field, 1, digits))  # type: ignore[attr-defined]
        .values("key")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return {row["key"]: row["n"] for row in rows}


@dataclass
class Workload:
    rows: list[WorkloadRow]
    # Supervisors of national offices (KPAI, Kemensos): they have no region, so no row counts them.
    national_supervisors: int = 0


def workload(user: UserLike, today: date) -> Workload:
    """Per kabupaten/kota within a province or kabupaten/kota jurisdiction; per province nationally.
    Supervisors of a province office are counted on a row of their own; those of national offices
    apart from the rows."""
    scope = workload_scope(user)
    digits = 2 if scope.national else 5
    year_ago = today - timedelta(days=365)
    homes, visits = scope.homes, scope.visits
    counts = {
        "homes": _grouped(homes, "region_code", digits),
        "visited_12m": _grouped(
            homes.filter(visits__status=Visit.Status.CONCLUDED, visits__visited_on__gte=year_ago),
            "region_code",
            digits,
        ),
        "visits_done": _grouped(
            visits.filter(status=Visit.Status.CONCLUDED, visited_on__gte=year_ago), "region_code", digits
        ),
        "visits_planned": _grouped(
            visits.filter(status__in=[Visit.Status.PLANNED, Visit.Status.IN_PROGRESS]), "region_code", digits
        ),
    }
    counts["supervisors"] = {}
    supervisors = scope.supervisors.values_list("organisation__region_id")
    for region, n in supervisors.annotate(n=Count("user", distinct=True)).order_by():
        key = (region or "")[:digits] or "-"
        counts["supervisors"][key] = counts["supervisors"].get(key, 0) + n
    days: dict[str, list[int]] = {}
    closed = scope.findings.filter(closed_at__date__gte=year_ago)
    rows = closed.values_list("region_code", "visit__visited_on", "created_at", "closed_at")
    for region, found_on, created, done in rows.iterator():
        if done is not None:  # always, by the filter; the check keeps the type honest
            days.setdefault(region[:digits], []).append(days_to_close(found_on, created, done))
    # National offices' supervisors (no region) belong to no row: the page states them on their own.
    national_supervisors = counts["supervisors"].pop("-", 0)
    keys = sorted(set().union(*counts.values()) | set(days))
    names = dict(Region.objects.filter(code__in=keys).values_list("code", "name"))
    table = [
        WorkloadRow(
            key=key,
            label=names.get(key, key),
            **{name: values.get(key, 0) for name, values in counts.items()},
            median_days_to_close=int(median(days[key])) if key in days else None,
        )
        for key in keys
    ]
    return Workload(rows=table, national_supervisors=national_supervisors)


def days_to_close(found_on: date | None, created: datetime, closed: datetime) -> int:
    """Days from the finding (the day of the visit that found it) to its closing, in local dates.

    Findings are often recorded after the fact, so the row's creation time can be later than a
    back-dated closing: it is used only when the visit has no date, and a closing before the finding
    counts as 0 days, never less."""
    start = found_on or timezone.localtime(created).date()
    return max(0, (timezone.localtime(closed).date() - start).days)
