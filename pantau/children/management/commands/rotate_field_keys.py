from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from pantau.audit.services import audit_record
from pantau.children.identifiers import IDENTIFIERS, read_identifier, set_identifier
from pantau.children.models import Child
from pantau.lib.bulk import bulk_update_fast
from pantau.lib.crypto import current_key_id, key_id_of


class Command(BaseCommand):
    help = (
        "Re-encrypt children's identifiers with the first key of PANTAU_FIELD_KEYS and recompute "
        "their look-up hashes (after adding a new key, or a new PANTAU_BLIND_INDEX_KEY). "
        "Old keys can be removed afterwards."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        current = current_key_id()
        fields = [f"{name}_{part}" for name in IDENTIFIERS for part in ("cipher", "hash")]
        done = 0
        with transaction.atomic():
            batch: list[Child] = []
            for child in Child.objects.only("pk", *fields).iterator(chunk_size=2000):
                for name in IDENTIFIERS:
                    token = getattr(child, f"{name}_cipher")
                    if token:
                        set_identifier(child, name, read_identifier(child, name))
                batch.append(child)
                if len(batch) == 2000:
                    bulk_update_fast(batch, fields)
                    done += len(batch)
                    batch = []
            bulk_update_fast(batch, fields)
            done += len(batch)
            audit_record(
                action="child.keys_rotated", target_label=f"key {current}", changes={"children": done}
            )
        stale = sum(
            1
            for token in Child.objects.exclude(nik_cipher="").values_list("nik_cipher", flat=True)
            if key_id_of(token) != current
        )
        self.stdout.write(
            f"{done:,} children re-encrypted with key {current}; {stale} still on an older key."
        )
