"""Social-assistance targets of the access matrix: one aid record for the Kabupaten Tangerang home ("in")
and one for the Medan home ("out"), recorded by each home's Dinas Sosial."""

from __future__ import annotations

from datetime import date
from typing import Any

from pantau.accounts.models import Organisation, User
from pantau.aid.models import AidRecord, Source


def add_aid_targets(scopes: dict[str, dict[str, Any]]) -> None:
    for scope in ("in", "out"):
        office = Organisation.objects.get(pk=scopes[scope]["office"])
        user = User.objects.filter(memberships__organisation=office).order_by("pk").first()
        scopes[scope]["aid"] = AidRecord.objects.create(
            lksa_id=scopes[scope]["lksa"],
            source=Source.KEMENSOS,
            programme="ATENSI",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30),
            amount_per_child=100_000,
            children_count=3,
            total_amount=300_000,
            recorded_by=user,
            recorded_by_organisation=office,
        ).pk
