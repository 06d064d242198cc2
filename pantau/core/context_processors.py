from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import cached_property

from pantau.accounts.access import actor_of
from pantau.accounts.models import User
from pantau.notifications.selectors import unread_count


class _Unread:
    """The menu's unread count, counted when a template first reads ``nav_notifications.unread``."""

    def __init__(self, user: User | None) -> None:
        self.user = user

    @cached_property
    def unread(self) -> int:
        return unread_count(self.user) if self.user else 0


def pantau(request: HttpRequest) -> dict[str, Any]:
    """The signed-in actor and their permissions, for navigation. Never used to decide access."""
    actor = actor_of(getattr(request, "user", None))
    return {
        "actor": actor,
        "nav_perms": {perm.value for perm in actor.permissions} if actor else set(),
        # Counted only when a template shows it (the menu of full pages; not htmx fragments): one COUNT.
        "nav_notifications": _Unread(actor.user if actor else None),
    }
