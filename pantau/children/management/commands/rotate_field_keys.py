from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from pantau.audit.services import audit_record
from pantau.children.identifiers import IDENTIFIERS, read_identifier, set_identifier
from pantau.children.models import Child
from pantau.lib.bulk import bulk_update_fast
from pantau.lib.crypto import current_key_id, key_id_of

BATCH = 2000


class Command(BaseCommand):
    help = (
        "Re-encrypt children's identifiers with the first key of PANTAU_FIELD_KEYS and recompute "
        "their look-up hashes (after adding a new key, or a new PANTAU_BLIND_INDEX_KEY). "
        "Old keys can be removed afterwards."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        current = current_key_id()
        fields = [f"{name}_{part}" for name in IDENTIFIERS for part in ("cipher", "hash")]
        done, last = 0, 0
        while True:
            # One short transaction per batch, with the rows locked: an edit made meanwhile is never
            # overwritten with the value read before it, and an interrupted run can simply be repeated.
            with transaction.atomic():
                batch = list(
                    Child.objects.select_for_update()
                    .filter(pk__gt=last)
                    .order_by("pk")
                    .only("pk", *fields)[:BATCH]
                )
                for child in batch:
                    for name in IDENTIFIERS:
                        if getattr(child, f"{name}_cipher"):
                            set_identifier(child, name, read_identifier(child, name))
                bulk_update_fast(batch, fields)
            if not batch:
                break
            done, last = done + len(batch), batch[-1].pk
        audit_record(action="child.keys_rotated", target_label=f"key {current}", changes={"children": done})
        stale = sum(
            1
            for tokens in Child.objects.values_list(*(f"{name}_cipher" for name in IDENTIFIERS)).iterator()
            if any(token and key_id_of(token) != current for token in tokens)
        )
        self.stdout.write(
            f"{done:,} children re-encrypted with key {current}; {stale} still on an older key."
        )
