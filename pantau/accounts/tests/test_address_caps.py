"""Caps per client address, across accounts: failed sign-ins and rejected API tokens."""

from __future__ import annotations

from typing import Any

from django.test import Client

from pantau.accounts.services import api_token_create
from pantau.accounts.testing import authenticator_for, current_code
from pantau.audit.models import AuditEvent
from pantau.conftest import PASSWORD, World
from pantau.lib import ratelimit


def _sign_in(client: Client, email: str, password: str) -> Any:
    return client.post("/login/", {"username": email, "password": password}, HTTP_ACCEPT_LANGUAGE="en")


def test_many_failed_sign_ins_on_many_accounts_lock_the_address(world: World, settings: Any) -> None:
    settings.PANTAU_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    accounts = ["supervisor", "viewer", "auditor"]  # two tries each: below the per-account limit (5)
    for index in range(6):
        response = _sign_in(attacker, world.user(accounts[index % 3]).email, "guess-{index}")
        assert response.status_code == 200
    # The address is locked now: even the right password is not checked.
    refused = _sign_in(attacker, world.user("case_worker").email, PASSWORD)
    assert refused.status_code == 429
    assert "Signing in from your address is blocked" in refused.content.decode()
    assert "_auth_user_id" not in attacker.session
    locked = AuditEvent.objects.get(action="auth.address_locked")
    assert locked.target_label == "203.0.113.7" and locked.changes == {"failures": 6, "minutes": 15}
    _sign_in(attacker, world.user("case_worker").email, PASSWORD)
    assert AuditEvent.objects.filter(action="auth.address_locked").count() == 1  # once per window
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 6
    # Another address signs in as usual.
    assert (
        _sign_in(Client(REMOTE_ADDR="198.51.100.1"), world.user("case_worker").email, PASSWORD).status_code
        == 302
    )


def test_ipv6_addresses_count_per_64_network(world: World, settings: Any) -> None:
    settings.PANTAU_LOGIN_ADDRESS_FAILURE_LIMIT = 2
    _sign_in(Client(REMOTE_ADDR="2001:db8:1:2::10"), world.user("viewer").email, "x")
    _sign_in(Client(REMOTE_ADDR="2001:db8:1:2::99"), world.user("auditor").email, "y")
    same_network = Client(REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    assert _sign_in(same_network, world.user("supervisor").email, PASSWORD).status_code == 429
    assert (
        _sign_in(Client(REMOTE_ADDR="2001:db8:1:3::1"), world.user("supervisor").email, PASSWORD).status_code
        == 302
    )


def test_wrong_second_factor_codes_count_toward_the_address_cap(world: World, settings: Any) -> None:
    settings.PANTAU_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.9")
    _sign_in(client, world.user("viewer").email, "wrong")  # 1
    _sign_in(client, world.user("viewer").email, "wrong")  # 2
    user = world.user("supervisor")
    device = authenticator_for(user)
    assert _sign_in(client, user.email, PASSWORD).status_code == 302
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post("/login/code/", {"code": wrong}, HTTP_ACCEPT_LANGUAGE="en")  # 3
    assert (
        response.status_code == 429 and "Signing in from your address is blocked" in response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.address_locked").count() == 1


def test_rejected_tokens_throttle_the_address(world: World, settings: Any) -> None:
    settings.PANTAU_API_TOKEN_ADDRESS_FAILURE_LIMIT = 4
    _, good = api_token_create(user=world.user("viewer"), name="etl", days=5)
    guesser = Client(REMOTE_ADDR="203.0.113.50")
    for index in range(4):
        value = "nonsense" if index == 0 else f"pantau_abcdef1{index}_" + "x" * 43
        assert guesser.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {value}").status_code == 401
    # From now on the address gets 429, even with a good token, and nothing more is audited per call.
    for _ in range(3):
        response = guesser.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {good}", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 429
        assert response.json() == {
            "detail": "Too many rejected API tokens from your address. Try again later."
        }
    assert AuditEvent.objects.filter(action="api.token_rejected").count() == 4
    throttled = AuditEvent.objects.get(action="api.address_throttled")
    assert throttled.target_label == "203.0.113.50" and throttled.changes == {"rejections": 4, "minutes": 15}
    # Other addresses are not affected; a browser session from the throttled address neither.
    assert (
        Client(REMOTE_ADDR="198.51.100.2").get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {good}").status_code
        == 200
    )


def test_address_limits_are_read_from_the_environment_and_checked(tmp_path: Any) -> None:
    import os
    import subprocess
    import sys

    def start(**env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", "import pantau.settings"],
            env={**os.environ, "PANTAU_ENV": "test", **env},
            capture_output=True,
            text=True,
            check=False,
        )

    assert start(PANTAU_LOGIN_ADDRESS_FAILURE_LIMIT="50").returncode == 0
    bad = start(PANTAU_LOGIN_ADDRESS_FAILURE_LIMIT="many")
    assert (
        bad.returncode != 0
        and "PANTAU_LOGIN_ADDRESS_FAILURE_LIMIT='many' is not a whole number" in bad.stderr
    )
    zero = start(PANTAU_API_TOKEN_ADDRESS_FAILURE_LIMIT="0")
    assert zero.returncode != 0 and "PANTAU_API_TOKEN_ADDRESS_FAILURE_LIMIT=0 is outside" in zero.stderr
    long = start(PANTAU_ADDRESS_LOCKOUT_MINUTES="2000")
    assert long.returncode != 0 and "PANTAU_ADDRESS_LOCKOUT_MINUTES=2000 is outside" in long.stderr
    tokens = start(PANTAU_API_TOKEN_MAX_DAYS="365")
    assert (
        tokens.returncode != 0
        and "PANTAU_API_TOKEN_MAX_DAYS=365 is outside the allowed range 1..180" in tokens.stderr
    )
    grace = start(PANTAU_API_TOKEN_ROTATION_GRACE_MINUTES="-1")
    assert grace.returncode != 0 and "PANTAU_API_TOKEN_ROTATION_GRACE_MINUTES=-1 is outside" in grace.stderr


def test_counters_survive_many_other_keys() -> None:
    """Django's cache culls a third of its keys past MAX_ENTRIES (300 by default): the counters of the
    caps must not be reset by ordinary traffic (a review found the address counters culled first)."""

    ratelimit.hit("address-signin:203.0.113.7", window_seconds=900)
    for n in range(1_000):
        ratelimit.hit(f"reveal:{n}", window_seconds=900)
    assert ratelimit.count("address-signin:203.0.113.7") == 1
