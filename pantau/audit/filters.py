from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from pantau.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    target: str = ""
    since: datetime | None = None
    until: datetime | None = None


def filter_events(events: QuerySet[AuditEvent], query: AuditFilter) -> QuerySet[AuditEvent]:
    if query.action:
        # "auth" matches every auth.* action; "auth.login" matches exactly.
        events = events.filter(Q(action=query.action) | Q(action__startswith=query.action + "."))
    if query.actor:
        events = events.filter(actor_label__icontains=query.actor)
    if query.target:
        events = events.filter(Q(target_label__icontains=query.target) | Q(target_id=query.target))
    if query.since:
        events = events.filter(occurred_at__gte=query.since)
    if query.until:
        events = events.filter(occurred_at__lt=query.until)
    return events.order_by("-occurred_at", "-id")
