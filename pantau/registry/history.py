"""A home's history ("Riwayat") on its page: who changed what, by name, not by e-mail address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pantau.audit.models import AuditEvent
from pantau.registry.models import Lksa

HISTORY_LENGTH = 20


@dataclass(frozen=True)
class HistoryEntry:
    occurred_at: datetime
    action: str
    action_label: str
    who: str  # the person's full name ("" when the system acted)
    organisation: str  # the office they acted for
    detail: str  # the record added or removed, whole ("" when the action has none)


def _detail(changes: Any) -> str:
    """The record an entry is about: ``changes["label"]`` is ``[old, new]`` (``[None, "…"]`` when a record
    was added, ``["…", None]`` when it was removed)."""
    label = changes.get("label") if isinstance(changes, dict) else None
    if isinstance(label, list | tuple):
        return str(next((value for value in reversed(label) if value), ""))
    return str(label) if label else ""


def lksa_history(lksa: Lksa) -> list[HistoryEntry]:
    """Who changed what on this home, newest first (not who looked at it: that stays for auditors).
    One query; an account removed since keeps the address the trail recorded."""
    events = (
        AuditEvent.objects.filter(target_type="registry.lksa", target_id=str(lksa.pk))
        .exclude(action="lksa.document_viewed")
        .select_related("actor")
        .order_by("-occurred_at", "-pk")[:HISTORY_LENGTH]
    )
    entries = []
    for event in events:
        actor = event.actor
        entries.append(
            HistoryEntry(
                occurred_at=event.occurred_at,
                action=event.action,
                action_label=event.action_label,
                who=(actor.full_name or actor.email) if actor is not None else event.actor_label,
                organisation=event.organisation_label,
                detail=_detail(event.changes),
            )
        )
    return entries
