"""Small helpers for forms that edit a versioned record."""

from __future__ import annotations

from django.http import HttpRequest


def posted_version(request: HttpRequest) -> int:
    """The version the form was loaded at; anything unreadable counts as stale (the user reloads)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1
