from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from pantau.accounts.access import Perm, UserLike, audit_events_visible_to, require
from pantau.audit.models import AuditEvent
from pantau.audit.services import audit_record


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    target: str = ""
    since: datetime | None = None
    until: datetime | None = None


def audit_search(*, user: UserLike, query: AuditFilter) -> QuerySet[AuditEvent]:
    """The events ``user`` may see that match ``query``. Searching is itself recorded: who looked for what."""
    actor = require(user, Perm.AUDIT_VIEW)
    events = audit_events_visible_to(user)
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
    criteria = {key: str(value) for key, value in asdict(query).items() if value}
    if criteria:
        audit_record(action="audit.searched", actor=actor.user, changes=criteria)
    return events.order_by("-occurred_at", "-id")
