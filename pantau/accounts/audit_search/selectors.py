"""Reads of the audit trail that other apps show (the auditor's home page), on the scoped queryset of
``pantau.accounts.access``."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q

from pantau.accounts.access import UserLike, audit_events_visible_to

FAILED_SIGN_INS = ("auth.login_failed", "auth.second_factor_failed")
LOCK_OUTS = ("auth.locked_out", "auth.second_factor_locked", "auth.address_locked")


def security_counts(user: UserLike, *, since: datetime) -> dict[str, int]:
    """Failed sign-ins, lock-outs, refusals and all entries since ``since``, among those the user may see."""
    return (
        audit_events_visible_to(user)
        .filter(occurred_at__gte=since)
        .aggregate(
            # Wrong passwords and wrong second-factor codes; accounts and whole addresses locked out.
            failed=Count("id", filter=Q(action__in=FAILED_SIGN_INS)),
            locked=Count("id", filter=Q(action__in=LOCK_OUTS)),
            denied=Count("id", filter=Q(action="access.denied")),
            total=Count("id"),
        )
    )
