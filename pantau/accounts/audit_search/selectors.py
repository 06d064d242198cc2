"""Reads of the audit trail that other apps show (the auditor's home page), on the scoped queryset of
``pantau.accounts.access``."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q

from pantau.accounts.access import UserLike, audit_events_visible_to


def security_counts(user: UserLike, *, since: datetime) -> dict[str, int]:
    """Failed sign-ins, lock-outs, refusals and all entries since ``since``, among those the user may see."""
    return (
        audit_events_visible_to(user)
        .filter(occurred_at__gte=since)
        .aggregate(
            failed=Count("id", filter=Q(action="auth.login_failed")),
            locked=Count("id", filter=Q(action="auth.locked_out")),
            denied=Count("id", filter=Q(action="access.denied")),
            total=Count("id"),
        )
    )
