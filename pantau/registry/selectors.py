"""Reusable reads of the registry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, TypeVar

from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet

from pantau.accounts.access import Perm, UserLike, change_request_scope, get_scoped, lksa_scope, not_found
from pantau.registry.models import (
    Accreditation,
    AdoptionLicence,
    ChangeRequest,
    FundraisingPermit,
    Lksa,
    LksaQuerySet,
    Registration,
)

M = TypeVar("M", bound=Model)


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


# --- Scoped reads (the rules are pantau.accounts.access's; this applies them to the registry) ---------


def lksa_visible_to(user: UserLike) -> LksaQuerySet:
    return lksa_scope(user, Lksa.objects.all())


def home_filter(user: UserLike, value: str | None) -> Lksa | None:
    """The home a list is narrowed to by ``?lksa=<id>`` (the links of the LKSA page): only a home the
    person sees in the registry; anything else is ignored (the list then shows all it would)."""
    if not value or not value.isdigit():
        return None
    return lksa_visible_to(user).filter(pk=int(value)).only("pk", "name").first()


def get_lksa_for(
    user: UserLike, pk: int | str, *, need: Perm = Perm.REGISTRY_VIEW, queryset: LksaQuerySet | None = None
) -> Lksa:
    """The home ``pk`` if the person sees it; ``queryset`` (with its joins and prefetches) loads it in
    the same read as the scope check."""
    visible = lksa_visible_to(user) if queryset is None else lksa_scope(user, queryset)
    return get_scoped(user, visible, pk, need=need, view=Perm.REGISTRY_VIEW)


def get_lksa_record_for(
    user: UserLike,
    lksa_pk: int | str,
    model: type[M] | None,
    record_pk: int | str,
    *,
    need: Perm = Perm.REGISTRY_VIEW,
) -> tuple[Lksa, M]:
    """A home and one of its records (registration, bank account, staff...): 404 unless both are reachable."""
    lksa = get_lksa_for(user, lksa_pk, need=need)
    if model is None:
        raise not_found(user, f"{lksa._meta.label_lower}:{lksa_pk}/unknown-record", need)
    return lksa, get_scoped(user, model._default_manager.filter(lksa=lksa), record_pk, need=need, view=need)


def change_requests_visible_to(user: UserLike) -> QuerySet[ChangeRequest]:
    return change_request_scope(
        user,
        ChangeRequest.objects.select_related("lksa", "submitted_by"),
        homes_visible=lksa_visible_to(user),
    )


def get_change_request_for(user: UserLike, pk: int | str) -> ChangeRequest:
    return get_scoped(
        user, change_requests_visible_to(user), pk, need=Perm.REGISTRY_VIEW, view=Perm.REGISTRY_VIEW
    )
