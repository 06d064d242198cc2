"""Sign-in shortcuts for tests and benchmarks only: never imported by the application itself.

Every session must pass the second factor (see ``two_factor.py``). Tests that are not about signing in
use ``force_login_verified``; browser tests type a real code computed from ``TEST_TOTP_KEY``.
"""

from __future__ import annotations

import time
from typing import cast

from django.http import HttpResponse
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pantau.accounts.models import User

# A fixed authenticator key for test accounts (hex, 20 bytes), so a test can compute the current code.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def authenticator_for(user: User) -> TOTPDevice:
    """The account's confirmed authenticator, made with ``TEST_TOTP_KEY`` if it has none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="test", key=TEST_TOTP_KEY, confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the person's app would show now. Clears the device's replay guard and back-off, so the
    same account can sign in twice within one 30-second step (a test does that; a person does not)."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def force_login_verified(client: Client, user: User) -> Client:
    """``client.force_login(user)`` with the second factor already passed."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
    session.save()
    return client


def enter_code(client: Client, user: User) -> HttpResponse:
    """The second step of a sign-in through the form: type the current code of the user's authenticator."""
    return cast(HttpResponse, client.post("/login/code/", {"code": current_code(authenticator_for(user))}))
