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
    bucket = f"ratelimit:{key}"
    if cache.add(bucket, 1, timeout=window_seconds):
        return True
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, timeout=window_seconds)
        return True
