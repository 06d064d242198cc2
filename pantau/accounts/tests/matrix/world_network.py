"""Network targets of the access matrix: in each scope a bank account collecting for the scope's home
(one place, in the registry), and a signal about that home citing it. Written directly, as the index
would hold them: the matrix must not depend on the indexer. The search values are the accounts as an
officer types them (the entity's digest is the key's, so the search finds it)."""

from __future__ import annotations

from typing import Any

from pantau.network import keys
from pantau.network.models import Entity, Occurrence, Role, Signal, Source
from pantau.registry.models import Lksa

ACCOUNTS = {"in": ("BCA", "7012334455"), "out": ("BCA", "7019988776")}


def add_network_targets(scopes: dict[str, dict[str, Any]]) -> None:
    for scope, (bank, number) in ACCOUNTS.items():
        home = Lksa.objects.get(pk=scopes[scope]["lksa"])
        key = keys.bank(bank, number)
        assert key is not None
        entity = Entity.objects.create(kind=key.kind, digest=key.digest, label=key.label, places=1, homes=1)
        place = Occurrence.objects.create(
            entity=entity,
            source=Source.BANK_ACCOUNT,
            source_id=home.pk,
            role=Role.COLLECTS,
            lksa=home,
            region_code=home.region_code,
            holder_kind="organisation",
        )
        signal = Signal.objects.create(
            code=Signal.Code.SHARED_ACCOUNT,
            lksa=home,
            entity=entity,
            region_code=home.region_code,
            facts={"homes": [home.pk], "occurrences": [place.pk]},
        )
        scopes[scope].update(
            {"network_entity": entity.pk, "network_signal": signal.pk, "network_search": f"{bank} {number}"}
        )
