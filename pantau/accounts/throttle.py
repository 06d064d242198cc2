"""Caps per client address, across accounts.

django-axes locks one account from one address after a few wrong passwords; that does nothing against
one address trying a few passwords on many accounts, or guessing API tokens. So failures are also
counted per address (an IPv4 address or an IPv6 /64, read through the trusted proxies) in the shared
cache: wrong passwords and wrong second-factor codes together, rejected API tokens apart. Once an
address reaches its limit within PANTAU_ADDRESS_LOCKOUT_MINUTES (a fixed window from its first
failure), it is refused until the window ends, and the lock is audited once, not every refusal.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from pantau.audit.services import audit_record
from pantau.lib import ratelimit
from pantau.lib.net import client_ip

SIGN_IN = "address-sign-in-failures"
TOKEN = "address-token-rejections"  # noqa: S105  (a cache key, not a secret)


def address_bucket(request: HttpRequest) -> str:
    return ratelimit.client_bucket(client_ip(request))


def _window_seconds() -> int:
    return int(settings.PANTAU_ADDRESS_LOCKOUT_MINUTES) * 60


def _over(request: HttpRequest, key: str, limit: int) -> bool:
    return ratelimit.count(f"{key}:{address_bucket(request)}") >= limit


def _count(request: HttpRequest, key: str, limit: int, *, action: str, counted: str) -> None:
    """Count one failure from the request's address; audit the moment the address reaches ``limit``."""
    bucket = address_bucket(request)
    if ratelimit.hit(f"{key}:{bucket}", window_seconds=_window_seconds()) == limit:
        audit_record(
            action=action,
            target_label=bucket,
            changes={counted: limit, "minutes": settings.PANTAU_ADDRESS_LOCKOUT_MINUTES},
        )


def sign_in_address_locked(request: HttpRequest) -> bool:
    return _over(request, SIGN_IN, settings.PANTAU_LOGIN_ADDRESS_FAILURE_LIMIT)


def sign_in_failed(request: HttpRequest) -> None:
    """Count a wrong password or code from the request's address."""
    limit = settings.PANTAU_LOGIN_ADDRESS_FAILURE_LIMIT
    _count(request, SIGN_IN, limit, action="auth.address_locked", counted="failures")


def token_address_throttled(request: HttpRequest) -> bool:
    return _over(request, TOKEN, settings.PANTAU_API_TOKEN_ADDRESS_FAILURE_LIMIT)


def token_rejected(request: HttpRequest) -> None:
    """Count a rejected API token from the request's address."""
    limit = settings.PANTAU_API_TOKEN_ADDRESS_FAILURE_LIMIT
    _count(request, TOKEN, limit, action="api.address_throttled", counted="rejections")


@receiver(user_login_failed)
def _count_failed_password(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django sends this for every refused password, including attempts on an account axes has locked.
    if request is not None:
        sign_in_failed(request)
