"""Moving a home (LKSA) to another region, and deciding, table by table, what moves with it.

Every table whose rows carry a region code is a ``RegionScoped`` model, and each says itself whether its
rows follow their home (``home_field``, ``follows_home``, ``follows_home_when``, with the reason in a
comment at the model). The registry finds those tables through Django's app registry, so it needs to
import none of the apps that keep them (children, supervision, cases, monitoring). Every change of a home's
region goes through ``lksa_move_region``: the profile form, an approved proposal of the home, the import.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.models import Organisation, User
from pantau.audit.services import audit_record
from pantau.regions.models import Region, normalise_region_code, region_scoped_models
from pantau.registry.models import Lksa


def lksa_move_region(*, lksa: Lksa, region_code: str, actor: User | None) -> dict[str, dict[str, int]]:
    """Move ``lksa`` to ``region_code`` with the rows that follow it, in one transaction with one audit
    entry. Returns {"moved": {table: rows}, "kept": {table: rows}}; empty when the home is already there.

    The caller has checked that ``actor`` may place the home there (``region_in_scope``)."""
    code = normalise_region_code(region_code)
    region = Region.objects.filter(code=code, is_active=True).first()
    if region is None or region.level < Region.Level.REGENCY_CITY:
        raise ValidationError(
            {"region_code": [_("Give the code of an existing kabupaten/kota, kecamatan or village.")]}
        )
    with transaction.atomic():
        locked = Lksa.objects.select_for_update().get(pk=lksa.pk)
        old = locked.region_code
        if old == code:
            return {}
        # A form loaded before the move is refused afterwards (optimistic locking), like any other edit.
        Lksa.objects.filter(pk=locked.pk).update(
            region_code=code, version=F("version") + 1, updated_at=timezone.now()
        )
        Organisation.objects.filter(pk=locked.organisation_id).update(region_id=code)
        moved: dict[str, int] = {}
        kept: dict[str, int] = {}
        for model in sorted(region_scoped_models(), key=lambda m: m._meta.label_lower):
            if model.home_field is None:
                continue
            rows = model._default_manager.filter(**{model.home_field: locked})
            label = model._meta.label_lower
            total = rows.count()
            following = rows.filter(model.follows_home_when) if model.follows_home else rows.none()
            moved[label] = following.update(region_code=code)
            kept[label] = total - moved[label]
        audit_record(
            action="lksa.region_moved",
            actor=actor,
            target=locked,
            target_region=code,
            changes={"region_code": [old, code], "moved": moved, "kept": kept},
        )
    lksa.region_code = code
    lksa.refresh_from_db(fields=["version", "updated_at"])
    return {"moved": moved, "kept": kept}
