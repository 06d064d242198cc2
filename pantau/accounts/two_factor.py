"""The second factor: an authenticator app (TOTP, django-otp), single-use recovery codes, the
administrator's reset, and the lock-out after repeated wrong codes.

Every account needs it: all roles are staff, and most of them (LKSA operators included) can open
children's records. A session that has given the password but not yet a code reaches nothing but the
pages of this step (``SecondFactorMiddleware``) and is refused by the API.
"""

from __future__ import annotations

import re
from base64 import b32encode
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.lib import ratelimit

RECOVERY_CODE_COUNT = 10
TOTP_PATTERN = re.compile(r"^[0-9]{6}$")
# django-otp's recovery codes: 8 characters of lower-case base32.
RECOVERY_PATTERN = re.compile(r"^[a-z2-7]{8}$")


def normalise_code(raw: str) -> str:
    """People type codes with spaces or hyphens ("123 456", "abcd-efgh") and in capitals."""
    return re.sub(r"[\s-]", "", raw).lower()


def is_verified(user: Any) -> bool:
    """True when the session of ``user`` has passed its second factor (set by django-otp's middleware).

    Fails closed: a user object that did not go through the middleware counts as not verified."""
    check = getattr(user, "is_verified", None)
    return bool(callable(check) and check())


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Enrolment ------------------------------------------------------------------------------------


def enrolment_device(user: User) -> TOTPDevice:
    """The authenticator being set up: made on the first visit, then the same one until confirmed, so
    reloading the page does not change the QR code the person may already have scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key as authenticator apps expect it typed in: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code: drawn here, no external service, no script."""
    qr = segno.make(device.config_url, error="m")
    # Dark on white whatever the page's colours: scanners need the contrast.
    return str(qr.svg_inline(scale=5, dark="#000", light="#fff", title="QR"))


class CodeRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def second_factor_enrol(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm ``device`` with a code from the app; returns the new recovery codes (shown once).

    Raises CodeRefused when the code is wrong; nothing changes then but the device's back-off. A
    wrong code here is not counted toward lock-out: the person holds the key, there is nothing to guess.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        allowed = device.verify_is_allowed()[0]
        accepted = allowed and bool(TOTP_PATTERN.match(code)) and device.verify_token(code)
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # Leftovers of abandoned set-ups (another browser) go; so does any older authenticator.
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = _replace_recovery_codes(user)
            audit_record(action="auth.second_factor_enrolled", actor=user, target=user)
    if not allowed:
        raise CodeRefused(_("Too many wrong codes in a row. Wait a few seconds, then try again."))
    if not accepted:
        raise CodeRefused(
            _(
                "That code does not match. Check that the time on your phone is right, then type the "
                "code the app shows now."
            )
        )
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes for ``user`` (the old ones stop working). The caller has checked a fresh code."""
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        audit_record(action="auth.recovery_codes_regenerated", actor=user, target=user)
    return codes


# --- The code step --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of one code: the device that accepted it, or why not."""

    device: TOTPDevice | StaticDevice | None
    method: str  # "totp" or "recovery_code"
    refusal: str = ""  # "wrong_code", "wait" (back-off after recent failures) or "locked"


def _lock_key(user: User, address: str) -> str:
    return f"second-factor-failures:{user.pk}:{address}"


def second_factor_locked(user: User, address: str) -> bool:
    """Too many wrong codes for this account from this address: the same limit and duration as wrong
    passwords (PANTAU_LOGIN_FAILURE_LIMIT, PANTAU_LOGIN_LOCKOUT_MINUTES)."""
    return ratelimit.count(_lock_key(user, address)) >= settings.AXES_FAILURE_LIMIT


def second_factor_check(*, user: User, code: str, address: str, totp_only: bool = False) -> CodeCheck:
    """Check a code typed by ``user``: six digits go to the authenticator, eight letters and digits
    to the recovery codes (each works once). Every outcome is audited; failures count toward the
    account's lock-out and the address's cap (the caller counts the latter, it needs the request)."""
    method = "totp" if TOTP_PATTERN.match(code) or totp_only else "recovery_code"
    if second_factor_locked(user, address):
        return CodeCheck(None, method, "locked")
    device: TOTPDevice | StaticDevice | None
    with transaction.atomic():
        model = TOTPDevice if method == "totp" else StaticDevice
        device = model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        refusal = ""
        if device is None:
            refusal = "wrong_code"
        elif not device.verify_is_allowed()[0]:
            # django-otp's back-off after recent failures (1, 2, 4, … seconds per device).
            refusal = "wait"
        else:
            pattern = TOTP_PATTERN if method == "totp" else RECOVERY_PATTERN
            if not pattern.match(code) or not device.verify_token(code):
                refusal = "wrong_code"
    if not refusal:
        ratelimit.clear(_lock_key(user, address))
        left = {"recovery_codes_left": recovery_codes_left(user)} if method == "recovery_code" else {}
        audit_record(
            action="auth.second_factor_verified", actor=user, target=user, changes={"method": method, **left}
        )
        return CodeCheck(device, method)
    failures = ratelimit.hit(_lock_key(user, address), window_seconds=int(settings.AXES_COOLOFF_TIME * 3600))
    audit_record(
        action="auth.second_factor_failed",
        actor=user,
        target=user,
        changes={"method": method, "reason": refusal},
    )
    if failures >= settings.AXES_FAILURE_LIMIT:
        audit_record(
            action="auth.second_factor_locked", actor=user, target=user, changes={"failures": failures}
        )
        return CodeCheck(None, method, "locked")
    return CodeCheck(None, method, refusal)


# --- The administrator's reset --------------------------------------------------------------------


def user_reset_second_factor(*, actor: User, user: User) -> int:
    """Remove ``user``'s authenticator and recovery codes and end all their sessions: they sign in
    with their password again and set up a new authenticator. Returns the number of sessions ended.

    Ending the sessions matters: without it, a session that had passed its code would fall back to
    the set-up page, where whoever holds that browser could enrol their own authenticator.
    API tokens are left alone (a password reset revokes them)."""
    with transaction.atomic():
        had = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        ended = user_sessions_end(user)
        audit_record(
            action="user.second_factor_reset",
            actor=actor,
            target=user,
            changes={"second_factor": ["enrolled" if had else "none", "none"], "sessions_ended": ended},
        )
    return ended


def user_sessions_end(user: User) -> int:
    """Delete every live session of ``user`` (database sessions, Django's default engine).

    Sessions are not indexed by user, so this decodes the unexpired ones: about as many as people who
    used Pantau in the last idle period (PANTAU_SESSION_IDLE_MINUTES), a few milliseconds per thousand.
    """
    now = timezone.now()
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=now).iterator(chunk_size=500)
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)
