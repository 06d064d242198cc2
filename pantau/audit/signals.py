"""Authentication events go to the audit trail."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from pantau.audit.services import audit_record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(action="auth.login", actor=user, target=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action="auth.logout", actor=user, target=user)


def _attempted_user(identifier: str) -> Any:
    return get_user_model().objects.filter(email__iexact=identifier).first() if identifier else None


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Credentials are already scrubbed of the password by Django; keep only the identifier typed.
    identifier = str(credentials.get("username") or credentials.get("email") or "")[:200]
    user = _attempted_user(identifier)
    membership = user.active_membership if user is not None else None
    audit_record(
        action="auth.login_failed",
        organisation=membership.organisation if membership else None,
        target=user,
        target_type="accounts.user",
        target_label=identifier,
    )


@receiver(user_locked_out)
def _locked_out(
    sender: Any,
    request: HttpRequest,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    identifier = (username or "")[:200]
    user = _attempted_user(identifier)
    membership = user.active_membership if user is not None else None
    audit_record(
        action="auth.locked_out",
        organisation=membership.organisation if membership else None,
        target=user,
        target_type="accounts.user",
        target_label=identifier,
    )
