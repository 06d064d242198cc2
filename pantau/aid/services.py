"""Recording social assistance given to a home (Dinas Sosial, Kemensos) and removing a mistaken record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, require
from pantau.accounts.models import User
from pantau.aid.models import AidRecord
from pantau.audit.services import audit_record
from pantau.registry.models import Lksa


def aid_record_create(*, actor: User, lksa: Lksa, record: AidRecord) -> AidRecord:
    """Store ``record`` (unsaved, its fields filled) for ``lksa``, a home the caller manages. The total is
    per child x children unless a different total is stated with a reason."""
    person = require(actor, Perm.REGISTRY_MANAGE, target_label=str(lksa))
    record.lksa = lksa
    if not record.total_amount:
        record.total_amount = record.computed_total
    if record.total_amount != record.computed_total and not record.total_note.strip():
        raise ValidationError(
            {
                "total_note": _(
                    "The total differs from the amount per child times the number of children "
                    "(Rp %(computed)s): say why (a lump sum, a deduction...)."
                )
                % {"computed": f"{record.computed_total:,}".replace(",", ".")}
            }
        )
    record.recorded_by, record.recorded_by_organisation = actor, person.organisation
    record.full_clean()
    with transaction.atomic():
        record.save()
        audit_record(
            action="aid.recorded",
            actor=actor,
            target=record,
            target_region=lksa.region_code,
            changes={
                "lksa": lksa.pk,
                "source": record.source,
                "period": [record.period_start.isoformat(), record.period_end.isoformat()],
                "children": record.children_count,
                "total": record.total_amount,
            },
        )
    return record


def aid_record_delete(*, actor: User, record: AidRecord) -> None:
    require(actor, Perm.REGISTRY_MANAGE, target_label=str(record))
    with transaction.atomic():
        audit_record(
            action="aid.deleted",
            actor=actor,
            target=record,
            target_region=record.lksa.region_code,
            changes={
                "lksa": record.lksa_id,
                "programme": record.programme,
                "children": record.children_count,
            },
        )
        record.delete()
