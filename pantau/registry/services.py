"""Operations on the registry. Each runs in one transaction, refreshes legality and writes its audit entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind
from pantau.audit.services import audit_record, changes_between, snapshot
from pantau.lib.bulk import bulk_update_fast
from pantau.lib.errors import StaleEdit
from pantau.registry.legality import assess
from pantau.registry.models import Lksa
from pantau.registry.relocation import lksa_move_region

PROFILE_FIELDS = (
    "name",
    "region_code",
    "address",
    "phone",
    "email",
    "capacity",
    "children_count",
    "is_active",
    "solicits_donations",
)


def today() -> date:
    return timezone.localdate()


def lksa_queryset_for_assessment() -> Any:
    return Lksa.objects.select_related("legal_entity").prefetch_related(
        "registrations",
        "accreditations",
        "fundraising_permits",
        "bank_accounts",
        "staff",
        "adoption_licences",
    )


def legality_refresh(lksa: Lksa, *, day: date | None = None) -> bool:
    """Recompute and store the legality status; True when it changed."""
    result = assess(lksa, today=day or today())
    changed = result.status != lksa.legality_status or result.reasons != lksa.legality_reasons
    lksa.legality_status = result.status
    lksa.legality_reasons = result.reasons
    lksa.legality_checked_at = timezone.now()
    Lksa.objects.filter(pk=lksa.pk).update(
        legality_status=result.status,
        legality_reasons=result.reasons,
        legality_checked_at=lksa.legality_checked_at,
    )
    return changed


def legality_refresh_all(*, day: date | None = None, batch: int = 1000, ids: list[int] | None = None) -> int:
    """The daily run: documents expire without anyone touching the record. Returns how many changed."""
    day = day or today()
    now = timezone.now()
    changed = 0
    if ids is None:
        ids = list(Lksa.objects.values_list("pk", flat=True).order_by("pk"))
    for start in range(0, len(ids), batch):
        homes = list(lksa_queryset_for_assessment().filter(pk__in=ids[start : start + batch]))
        for lksa in homes:
            result = assess(lksa, today=day)
            changed += result.status != lksa.legality_status or result.reasons != lksa.legality_reasons
            lksa.legality_status, lksa.legality_reasons, lksa.legality_checked_at = (
                result.status,
                result.reasons,
                now,
            )
        bulk_update_fast(homes, ["legality_status", "legality_reasons", "legality_checked_at"])
    return changed


def lksa_register(*, actor: User, lksa: Lksa) -> Lksa:
    """Register a home: its account home (an LKSA organisation) and its registry record together."""
    with transaction.atomic():
        organisation = Organisation(name=lksa.name, kind=OrgKind.LKSA, region_id=lksa.region_code)
        organisation.full_clean()
        organisation.save()
        lksa.organisation = organisation
        lksa.full_clean()
        lksa.save()
        legality_refresh(lksa)
        audit_record(
            action="lksa.registered",
            actor=actor,
            target=lksa,
            target_region=lksa.region_code,
            changes=changes_between({}, snapshot(lksa, PROFILE_FIELDS), PROFILE_FIELDS),
        )
    return lksa


def lksa_update(
    *, actor: User, lksa: Lksa, before: dict[str, Any], expected_version: int, action: str = "lksa.updated"
) -> Lksa:
    """Save profile changes made by a form, refusing them if the record moved on since the form loaded.

    A new region goes through ``lksa_move_region`` (with its own audit entry), which decides what moves
    with the home."""
    with transaction.atomic():
        lksa.full_clean()
        updated = Lksa.objects.filter(pk=lksa.pk, version=expected_version).update(
            **{field: getattr(lksa, field) for field in PROFILE_FIELDS if field != "region_code"},
            version=expected_version + 1,
            updated_at=timezone.now(),
        )
        if not updated:
            raise StaleEdit
        lksa.version = expected_version + 1
        Organisation.objects.filter(pk=lksa.organisation_id).update(name=lksa.name)
        lksa_move_region(lksa=lksa, region_code=lksa.region_code, actor=actor)
        legality_refresh(lksa_queryset_for_assessment().get(pk=lksa.pk))
        fields = [field for field in PROFILE_FIELDS if field != "region_code"]
        changes = changes_between(before, snapshot(lksa, fields), fields)
        if changes:
            audit_record(
                action=action,
                actor=actor,
                target=lksa,
                target_region=lksa.region_code,
                changes=changes,
            )
    return lksa


def lksa_donations_observed(*, actor: User, lksa: Lksa, source: str) -> Lksa:
    """Mark ``lksa`` as seen asking the public for donations (``source``: where, e.g. "monitoring post
    #12"). The home's own declaration (``solicits_donations``) is left as it is; the latest observation
    is kept on the home and every one is audited."""
    now = timezone.now()
    with transaction.atomic():
        Lksa.objects.filter(pk=lksa.pk).update(
            donations_observed_at=now, donations_observed_by=actor, donations_observed_source=source[:200]
        )
        audit_record(
            action="lksa.donations_observed",
            actor=actor,
            target=lksa,
            target_region=lksa.region_code,
            changes={"donations_observed": [None, source[:200]]},
        )
    lksa.donations_observed_at, lksa.donations_observed_by = now, actor
    lksa.donations_observed_source = source[:200]
    return lksa


def record_add(*, actor: User, lksa: Lksa, record: Model) -> Model:
    """Add a legal record, a bank or social-media account or a staff member to ``lksa``."""
    with transaction.atomic():
        record.lksa = lksa  # type: ignore[attr-defined]
        record.full_clean()
        record.save()
        legality_refresh(lksa_queryset_for_assessment().get(pk=lksa.pk))
        audit_record(
            action="lksa.record_added",
            actor=actor,
            target=lksa,
            target_region=lksa.region_code,
            changes={
                "record": [None, f"{record._meta.model_name}:{record.pk}"],
                "label": [None, str(record)],
            },
        )
    return record


def record_remove(*, actor: User, lksa: Lksa, record: Model) -> None:
    """Remove a record entered by mistake; the audit trail keeps what it was."""
    label = f"{record._meta.model_name}:{record.pk}"
    with transaction.atomic():
        record.delete()
        legality_refresh(lksa_queryset_for_assessment().get(pk=lksa.pk))
        audit_record(
            action="lksa.record_removed",
            actor=actor,
            target=lksa,
            target_region=lksa.region_code,
            changes={"record": [label, None], "label": [str(record), None]},
        )
