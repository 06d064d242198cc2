"""Reusable reads of the registry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from pantau.registry.models import (
    Accreditation,
    AdoptionLicence,
    FundraisingPermit,
    Lksa,
    LksaQuerySet,
    Registration,
)


def valid_on(day: date) -> Q:
    return Q(issued_on__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def filter_lksa(
    lksa: LksaQuerySet,
    *,
    day: date,
    q: str = "",
    region: str = "",
    status: str = "",
    grade: str = "",
    expiring: int | None = None,
    over_capacity: bool = False,
) -> LksaQuerySet:
    if q:
        lksa = lksa.filter(name__icontains=q)
    if region:
        lksa = lksa.in_region(region.strip())
    if status:
        lksa = lksa.filter(legality_status=status)
    if grade:
        accredited = Accreditation.objects.filter(valid_on(day), lksa=OuterRef("pk"))
        lksa = (
            lksa.filter(~Exists(accredited))
            if grade == "none"
            else lksa.filter(Exists(accredited.filter(grade=grade)))
        )
    if expiring:
        soon = Registration.objects.filter(
            valid_on(day), lksa=OuterRef("pk"), valid_until__lte=day + timedelta(days=expiring)
        )
        lksa = lksa.filter(Exists(soon))
    if over_capacity:
        lksa = lksa.filter(capacity__isnull=False, children_count__gt=F("capacity"))
    return lksa


def expiring_records(lksa: QuerySet[Lksa], *, day: date, within: int = 60) -> list[tuple[str, Any]]:
    """Registrations, accreditations and permits of ``lksa`` that expire within ``within`` days."""
    horizon = day + timedelta(days=within)
    rows: list[tuple[str, Any]] = []
    for model in (Registration, Accreditation, FundraisingPermit, AdoptionLicence):
        records = (
            model.objects.filter(lksa__in=lksa, valid_until__gte=day, valid_until__lte=horizon)
            .select_related("lksa")
            .order_by("valid_until")
        )
        rows.extend((str(model._meta.verbose_name), record) for record in records)
    rows.sort(key=lambda row: row[1].valid_until)
    return rows
