"""The client's address, as seen through a known number of trusted reverse proxies."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or with N trusted proxies in front, the address the outermost of them saw.

    X-Forwarded-For is written by every proxy on the way, but a client can prefill it with anything:
    only the last N entries come from our own proxies, so only entry -N is trusted.
    """
    proxies = settings.PANTAU_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
