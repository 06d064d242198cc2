"""In a real browser: first sign-in sets up the authenticator from the key on the page, the recovery codes
are shown once, and a later sign-in passes with a recovery code."""

from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Browser, expect

from pantau.audit.models import AuditEvent
from pantau.conftest import PASSWORD, build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)

pytestmark = pytest.mark.e2e


def _code_from_secret(secret: str) -> str:
    """What an authenticator app shows for the key typed in from the page (RFC 6238, 30 s, 6 digits)."""
    totp = TOTP(b32decode(secret.replace(" ", "")), step=30, digits=6)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_password_then_code_from_the_key_shown_then_a_recovery_code(
    browser: Browser,  # noqa: F811
    live_server,  # type: ignore[no-untyped-def]
    transactional_db: None,
) -> None:
    world = build_world()
    user = world.user("lksa_operator")
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{live_server.url}/registry/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # No authenticator yet: the set-up page, with the QR code drawn in the page and the key in text.
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    expect(page.get_by_test_id("qr").locator("svg")).to_be_visible()
    expect(page.get_by_role("link", name="LKSA registry")).to_have_count(0)  # no menu yet
    secret = page.get_by_test_id("secret").inner_text()
    page.get_by_label("Code shown by the app").fill(_code_from_secret(secret))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a text file").click()
    saved = download.value.path().read_text(encoding="utf-8")
    assert all(code in saved for code in codes) and user.email in saved
    page.get_by_role("link", name="I have saved them — continue").click()
    expect(page.get_by_role("link", name="LKSA registry")).to_be_visible()
    assert page.url == f"{live_server.url}/registry/"

    # Next time: password, then (phone left at home) a recovery code.
    page.get_by_role("button", name="Sign out").first.click()
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You signed in with a recovery code; 9 are left.")).to_be_visible()
    expect(page.get_by_role("link", name="My account")).to_be_visible()

    assert errors == [], f"browser console errors (CSP violations show here): {errors}"
    actions = list(AuditEvent.objects.filter(actor=user).order_by("pk").values_list("action", flat=True))
    assert actions == [
        "auth.login",
        "auth.second_factor_enrolled",
        "auth.logout",
        "auth.login",
        "auth.second_factor_verified",
    ]
    context.close()
