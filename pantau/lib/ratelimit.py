"""A fixed-window rate limit on the shared cache, for pages anyone can call without an account."""

from __future__ import annotations

import ipaddress

from django.core.cache import cache


def client_bucket(ip: str | None) -> str:
    """The unit a limit applies to: one IPv4 address, or one IPv6 /64 (a single customer's network)."""
    if not ip:
        return "unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def allow(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one call under ``key``; False once ``limit`` calls were made in the current window."""
    return hit(key, window_seconds=window_seconds) <= limit


def hit(key: str, *, window_seconds: int) -> int:
    """Count one event under ``key``; the number counted in the current window, this one included.

    The window is fixed: it starts with the first event and ends ``window_seconds`` later."""
    bucket = f"ratelimit:{key}"
    if cache.add(bucket, 1, timeout=window_seconds):
        return 1
    try:
        return int(cache.incr(bucket))
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, timeout=window_seconds)
        return 1


def count(key: str) -> int:
    """Events counted under ``key`` in the current window, without counting one."""
    return int(cache.get(f"ratelimit:{key}", 0))


def clear(key: str) -> None:
    cache.delete(f"ratelimit:{key}")
