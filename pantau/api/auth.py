"""API authentication: bearer tokens for machine clients, the session (with CSRF) for the browser."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from pantau.accounts.services import MalformedToken, api_token_authenticate
from pantau.accounts.throttle import token_address_throttled, token_rejected
from pantau.accounts.two_factor import is_verified
from pantau.audit.services import audit_record


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # An address that sent too many bad tokens is refused before any token is looked at, so that
        # guessing stops there (PANTAU_API_TOKEN_ADDRESS_FAILURE_LIMIT; the throttle itself is audited).
        if token_address_throttled(request):
            raise HttpError(429, _("Too many rejected API tokens from your address. Try again later."))
        try:
            api_token = api_token_authenticate(token)
        except MalformedToken:
            audit_record(action="api.token_rejected", changes={"reason": "malformed"})
            token_rejected(request)
            raise HttpError(
                401,
                _("The API token is malformed. Send 'Authorization: Bearer pantau_…' with the full token."),
            ) from None
        if api_token is None:
            audit_record(action="api.token_rejected", changes={"reason": "unknown_expired_or_revoked"})
            token_rejected(request)
            raise HttpError(401, _("The API token is unknown, expired or revoked."))
        request.user = api_token.user
        # The token itself, for operations that act on the calling token (rotation).
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


class BrowserSessionAuth(SessionAuth):
    """Django's session cookie; ninja checks the CSRF token for unsafe methods (csrf=True)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a session cookie there is no session to forge a request with: skip the CSRF check, so
        # that a call without any credentials answers 401 (sign in) rather than 403 (CSRF).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        try:
            return super()._get_key(request)
        except HttpError as refused:
            raise HttpError(
                403,
                _("The CSRF check failed. Send the CSRF token in the X-CSRFToken header."),
            ) from refused

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if key is None:
            return None
        user = super().authenticate(request, key)
        # A session still on a temporary password may do nothing until the password is changed, and
        # one that has not yet given its second-factor code nothing at all.
        if user is None or not user.is_active or getattr(user, "must_change_password", False):
            return None
        if not is_verified(user):
            return None
        return user
