from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from pantau.accounts.two_factor import is_verified

# When a session last had its idle expiry pushed forward (epoch seconds), kept inside the session.
_RENEWED_KEY = "_pantau_renewed"

# The pages of the second-factor step (and signing out, and the language switch) are open to a session
# that has given its password but not yet its code; everything else sends it there.
_SECOND_FACTOR_PAGES = ("accounts:otp_verify", "accounts:otp_enrol", "accounts:logout", "set_language")
# The API answers for itself (BrowserSessionAuth refuses such a session with a 401 in JSON), except its
# documentation pages, which are ordinary pages for signed-in staff.
_API_DOCS = ("api:openapi-json", "api:openapi-view")


class SecondFactorMiddleware:
    """Until a signed-in session has passed its second factor, it reaches only the code step (or, with
    no authenticator yet, the set-up page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not is_verified(user):
            path = request.path
            open_paths = {reverse(name) for name in _SECOND_FACTOR_PAGES}
            api_docs = {reverse(name) for name in _API_DOCS}
            exempt = path.startswith("/static/") or (path.startswith("/api/") and path not in api_docs)
            if path not in open_paths and not exempt:
                target = reverse("accounts:otp_verify")
                if request.method == "GET" and path != "/":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """A person with a temporary password can do nothing but choose their own (or sign out)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = (
                reverse("accounts:password_change"),
                reverse("accounts:logout"),
                reverse("set_language"),
                # The second factor comes first (SecondFactorMiddleware); these pages send a verified
                # session on to the password change.
                reverse("accounts:otp_verify"),
                reverse("accounts:otp_enrol"),
            )
            if request.path not in allowed and not request.path.startswith(("/static/", "/api/")):
                return redirect("accounts:password_change")
        return self.get_response(request)


def mark_session_renewed(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """Signing in saves the session with a fresh expiry: that counts as its first renewal (connected to
    ``user_logged_in`` in AccountsConfig.ready)."""
    request.session[_RENEWED_KEY] = int(time.time())


class SessionRenewalMiddleware:
    """Push a signed-in session's idle expiry forward at most once per ``PANTAU_SESSION_RENEW_SECONDS``.

    Django's SESSION_SAVE_EVERY_REQUEST would write the session row on every request, pages and GETs
    included: one UPDATE per click for every officer in the country, all on one table. Saving only when
    the last renewal is older than the interval keeps the idle expiry (PANTAU_SESSION_IDLE_MINUTES) true
    to within that interval and turns the writes into one a minute per active person. Sessions without
    data (anonymous visitors) are never created here. Sits inside SessionMiddleware, so the change it
    makes is saved by SessionMiddleware's own response step.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if session.session_key is None:
            return response  # no session cookie: never start a session for a visitor
        renewed = session.get(_RENEWED_KEY)  # loads it (once per request; authentication already did)
        if session.is_empty():
            return response  # the cookie named a session that has expired or ended
        now = int(time.time())
        if not isinstance(renewed, int) or now - renewed >= settings.PANTAU_SESSION_RENEW_SECONDS:
            session[_RENEWED_KEY] = now  # marks the session modified: saved with a new expiry
        return response
