from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pantau.accounts.access import actor_of


def pantau(request: HttpRequest) -> dict[str, Any]:
    """The signed-in actor and their permissions, for navigation. Never used to decide access."""
    actor = actor_of(getattr(request, "user", None))
    return {
        "actor": actor,
        "nav_perms": {perm.value for perm in actor.permissions} if actor else set(),
    }
