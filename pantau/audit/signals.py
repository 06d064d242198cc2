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


def _record_attempt(action: str, identifier: str) -> None:
    """Audit a refused sign-in, linked to the account it named when that account exists."""
    identifier = identifier[:200]
    user = get_user_model().objects.filter(email__iexact=identifier).first() if identifier else None
    membership = user.active_membership if user is not None else None
    audit_record(
        action=action,
        organisation=membership.organisation if membership else None,
        target=user,
        target_type="accounts.user",
        target_label=identifier,
    )


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already scrubbed the password from the credentials; keep only the identifier typed.
    _record_attempt("auth.login_failed", str(credentials.get("username") or credentials.get("email") or ""))


@receiver(user_locked_out)
def _locked_out(sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any) -> None:
    _record_attempt("auth.locked_out", username or "")
