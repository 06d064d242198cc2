"""Reads of one's own notifications."""

from __future__ import annotations

from pantau.accounts.models import User
from pantau.notifications.models import Notification

UNREAD_CAP = 100  # the menu says "99+" beyond this; counting on would cost more than it tells


def unread_count(user: User) -> int:
    """How many of ``user``'s notifications are unread (one COUNT on the (user, read_at) index)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).values("pk")[:UNREAD_CAP].count()
