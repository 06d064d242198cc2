"""Writing the index: all of it (``rebuild``, nightly and after a bulk load) or the records that changed
(``refresh``, when a record is saved: ``hooks``). Both end by re-deriving the signals they touch
(``detect``).

The rebuild keeps the entities (a signal and its decision point to one) and replaces every occurrence in
one transaction: readers see the old index or the new one, never half of it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, Sum

from pantau.lib.crypto import encrypt
from pantau.network import detect
from pantau.network.models import Entity, Occurrence, Source
from pantau.network.sources import READERS, Draft

log = logging.getLogger(__name__)
VALUE_CONTEXT = "network.entity.value"
BATCH = 5000


class _Entities:
    """Entity ids by (kind, digest), created on first sight, in batches."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}

    def resolve(self, drafts: list[Draft]) -> None:
        wanted = {(d.key.kind, d.key.digest): d.key for d in drafts}
        missing = [pair for pair in wanted if pair not in self.ids]
        if not missing:
            return
        for kind, digest, pk in Entity.objects.filter(
            kind__in={kind for kind, _ in missing}, digest__in=[digest for _, digest in missing]
        ).values_list("kind", "digest", "pk"):
            self.ids[(kind, digest)] = pk
        new = [wanted[pair] for pair in missing if pair not in self.ids]
        if new:
            created = Entity.objects.bulk_create(
                [
                    Entity(
                        kind=key.kind,
                        digest=key.digest,
                        value_cipher=encrypt(key.key, context=VALUE_CONTEXT) if key.kind != "person" else "",
                        label=key.label[:160],
                    )
                    for key in new
                ],
                batch_size=BATCH,
                update_conflicts=True,
                unique_fields=["kind", "digest"],
                update_fields=["label"],
            )
            for entity in created:
                self.ids[(entity.kind, entity.digest)] = entity.pk

    def __getitem__(self, draft: Draft) -> int:
        return self.ids[(draft.key.kind, draft.key.digest)]


def _write(drafts: Iterator[Draft], entities: _Entities) -> tuple[int, set[int]]:
    written, touched = 0, set[int]()
    batch: list[Draft] = []

    def flush() -> None:
        nonlocal written
        # One record may hold an identifier twice in one role (a post repeating its number): one row.
        unique = {(d.key.kind, d.key.digest, d.source, d.source_id, d.role): d for d in batch}
        entities.resolve(list(unique.values()))
        rows = [
            Occurrence(
                entity_id=entities[d],
                source=d.source,
                source_id=d.source_id,
                role=d.role,
                lksa_id=d.lksa_id,
                region_code=d.region_code or "",
                case_id=d.case_id,
                holder_kind=d.holder_kind,
                display=(d.display or "")[:200],
                detail=(d.detail or "")[:300],
                count=d.count,
                flagged=d.flagged,
                first_seen=d.first_seen,
                last_seen=d.last_seen,
                cite_id=d.cite_id,
                person_nik_hash=d.person_nik_hash,
            )
            for d in unique.values()
        ]
        Occurrence.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        touched.update(row.entity_id for row in rows)
        written += len(rows)
        batch.clear()

    for draft in drafts:
        batch.append(draft)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return written, touched


def _summarise(entity_ids: Iterable[int] | None) -> None:
    """Each entity's places, homes and first/last day, from its occurrences."""
    only = Q() if entity_ids is None else Q(pk__in=list(entity_ids))
    if connection.vendor == "postgresql" and entity_ids is None:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE network_entity e SET places = s.places, homes = s.homes,
                       first_seen = s.first_seen, last_seen = s.last_seen
                FROM (SELECT entity_id, SUM(count) AS places, COUNT(DISTINCT lksa_id) AS homes,
                             MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen
                      FROM network_occurrence GROUP BY entity_id) s
                WHERE e.id = s.entity_id
                """
            )
            cursor.execute(
                "UPDATE network_entity e SET places = 0, homes = 0 WHERE NOT EXISTS "
                "(SELECT 1 FROM network_occurrence o WHERE o.entity_id = e.id) AND places > 0"
            )
        return
    sums = {
        row["entity_id"]: row
        for row in Occurrence.objects.filter(entity_id__in=Entity.objects.filter(only).values("pk"))
        .values("entity_id")
        .annotate(
            places=Sum("count"),
            homes=Count("lksa_id", distinct=True),
            first=Min("first_seen"),
            last=Max("last_seen"),
        )
        .order_by()
    }
    changed = []
    for entity in Entity.objects.filter(only):
        row = sums.get(entity.pk, {})
        entity.places = row.get("places") or 0
        entity.homes = row.get("homes") or 0
        entity.first_seen, entity.last_seen = row.get("first"), row.get("last")
        changed.append(entity)
    Entity.objects.bulk_update(changed, ["places", "homes", "first_seen", "last_seen"], batch_size=BATCH)


def rebuild(*, stdout: Any = None) -> dict[str, Any]:
    """The whole index afresh from every source, then every signal. Returns counts and timings."""
    started = time.monotonic()
    figures: dict[str, Any] = {"sources": {}}
    entities = _Entities()
    with transaction.atomic():
        # DELETE, not TRUNCATE: TRUNCATE would lock readers out of the entity pages until the commit.
        Occurrence.objects.all()._raw_delete(Occurrence.objects.db)
        for source, reader in READERS.items():
            begun = time.monotonic()
            written, _ = _write(reader(None), entities)
            figures["sources"][source] = {"rows": written, "seconds": round(time.monotonic() - begun, 1)}
            if stdout is not None:
                stdout.write(f"  {source}: {written} rows in {figures['sources'][source]['seconds']} s\n")
        _summarise(None)
        figures["entities"] = Entity.objects.filter(places__gt=0).count()
        figures["occurrences"] = sum(s["rows"] for s in figures["sources"].values())
        begun = time.monotonic()
        figures["signals"] = detect.detect(entity_ids=None, home_ids=None)
        figures["detect_seconds"] = round(time.monotonic() - begun, 1)
    figures["seconds"] = round(time.monotonic() - started, 1)
    log.info(
        "network index rebuilt: %s entities, %s occurrences", figures["entities"], figures["occurrences"]
    )
    return figures


def refresh(source: str, ids: Iterable[int]) -> None:
    """Re-read the records ``ids`` of ``source`` (saved or deleted) and re-derive the signals they touch."""
    ids = list(ids)
    if not ids:
        return
    with transaction.atomic():
        stale = Occurrence.objects.filter(source=source, source_id__in=ids)
        before = set(stale.values_list("entity_id", flat=True))
        homes_before = set(stale.exclude(lksa=None).values_list("lksa_id", flat=True))
        stale.delete()
        _, touched = _write(READERS[Source(source)](ids), _Entities())
        entity_ids = before | touched
        _summarise(entity_ids)
        homes = homes_before | set(
            Occurrence.objects.filter(source=source, source_id__in=ids)
            .exclude(lksa=None)
            .values_list("lksa_id", flat=True)
        )
        detect.detect(entity_ids=entity_ids, home_ids=homes)
