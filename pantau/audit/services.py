"""Writing the audit trail. Call ``audit_record`` from the service that makes the change, inside its
transaction, so the change and its record commit or roll back together."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction

from pantau.audit.actions import ACTIONS
from pantau.audit.middleware import current_request_context
from pantau.audit.models import AuditEvent

# The trail sits below the accounts app (accounts writes to it): actors and organisations are typed by
# what the trail reads of them, so that audit imports nothing from accounts.
Actor = AbstractBaseUser


def _organisation_of(actor: Actor) -> models.Model | None:
    membership = getattr(actor, "active_membership", None)
    return membership.organisation if membership else None


MASK = "***"
# Field names whose values never enter the audit trail in clear. Identifiers of children (NIK, KK,
# birth certificate) join this list as those capabilities arrive.
SENSITIVE_FIELDS = frozenset(
    {
        "password",
        "secret",
        "token",
        "token_hash",
        "key",
        "api_key",
        "nik",
        "kk",
        "no_kk",
        "birth_certificate",
        "full_name_child",
        "nik_cipher",
        "kk_cipher",
        "birth_certificate_cipher",
    }
)


def _mask(field: str, value: Any) -> Any:
    if field.lower() in SENSITIVE_FIELDS and value not in (None, ""):
        return MASK
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any], fields: Iterable[str]) -> dict:
    """``{"field": [old, new]}`` for the fields that differ, with sensitive values masked."""
    diff: dict[str, list[Any]] = {}
    for field in fields:
        old, new = before.get(field), after.get(field)
        if old != new:
            diff[field] = [_mask(field, old), _mask(field, new)]
    return diff


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {
        field: getattr(instance, f"{field}_id", None) if _is_fk(instance, field) else getattr(instance, field)
        for field in fields
    }


def _is_fk(instance: models.Model, field: str) -> bool:
    return isinstance(instance._meta.get_field(field), models.ForeignKey)


def _region_of(target: models.Model) -> str:
    """The region a target belongs to: its own region, or its organisation's for an account."""
    region = getattr(target, "region_id", None)
    if region is None and hasattr(target, "active_membership"):
        membership = target.active_membership
        region = membership.organisation.region_id if membership else None
    return region or ""


def audit_record(
    *,
    action: str,
    actor: Actor | None = None,
    organisation: models.Model | None = None,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    changes: Mapping[str, Any] | None = None,
    target_region: str | None = None,
) -> AuditEvent:
    """Append one audit event. ``organisation`` defaults to the actor's current organisation."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    if organisation is None and actor is not None:
        organisation = _organisation_of(actor)
    if target is not None:
        if target_region is None:
            target_region = _region_of(target)
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)
    with transaction.atomic():
        event = _event(action, actor, organisation)
        event.target_type, event.target_id, event.target_label = target_type, target_id, target_label[:200]
        event.target_region_code, event.changes = target_region or "", dict(changes or {})
        event.save()
        return event


def audit_record_many(
    *, action: str, actor: Actor, targets: Iterable[tuple[models.Model, str, Mapping[str, Any]]]
) -> int:
    """One audit event per (target, target region, changes), written in bulk: for imports of many rows."""
    template = _event(action, actor, _organisation_of(actor))
    events = []
    for target, region, changes in targets:
        event = copy.copy(template)
        event.target_type, event.target_id = target._meta.label_lower, str(target.pk)
        event.target_label, event.target_region_code, event.changes = str(target)[:200], region, dict(changes)
        events.append(event)
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)


def _event(action: str, actor: Actor | None, organisation: models.Model | None) -> AuditEvent:
    if action not in ACTIONS:
        raise ValueError(f"Unregistered audit action {action!r}; add it to pantau.audit.actions.ACTIONS")
    context = current_request_context()
    return AuditEvent(
        actor_id=actor.pk if actor is not None else None,
        actor_label=getattr(actor, "email", "") if actor is not None else "",
        organisation_id=organisation.pk if organisation is not None else None,
        organisation_label=getattr(organisation, "name", ""),
        region_code=getattr(organisation, "region_id", None) or "",
        action=action,
        request_id=context.request_id if context else None,
        ip=context.ip if context else None,
    )
