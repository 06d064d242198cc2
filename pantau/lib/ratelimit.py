"""A fixed-window rate limit on the shared cache, for pages anyone can call without an account."""

from __future__ import annotations

from django.core.cache import cache


def allow(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one call under ``key``; False once ``limit`` calls were made in the current window."""
    bucket = f"ratelimit:{key}"
    if cache.add(bucket, 1, timeout=window_seconds):
        return True
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, timeout=window_seconds)
        return True
