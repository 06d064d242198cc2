"""Second factor: set-up, the code step, recovery codes, lock-out, the administrator's reset."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pantau.accounts.models import User
from pantau.accounts.roles import Role
from pantau.accounts.testing import authenticator_for, current_code
from pantau.audit.models import AuditEvent
from pantau.conftest import PASSWORD, World, make_user


def _password(client: Client, user: User) -> Any:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post("/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _enrol(client: Client, user: User) -> list[str]:
    """Set up the authenticator from the enrolment page; returns the recovery codes shown."""
    client.get("/login/authenticator/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/login/authenticator/", {"code": _code_for(device)})
    assert response.status_code == 200
    return list(response.context["codes"])


def _signed_in(client: Client) -> bool:
    return client.get("/account/").status_code == 200


def test_first_sign_in_leads_to_set_up_and_nowhere_else(world: World, client: Client) -> None:
    user = world.user("lksa_operator")  # LKSA operators too: they see children's identities
    _password(client, user)
    response = client.get("/registry/")
    assert response.status_code == 302 and response["Location"] == "/login/code/?next=%2Fregistry%2F"
    response = client.get(response["Location"])
    assert response["Location"] == "/login/authenticator/?next=%2Fregistry%2F"
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and "style=" not in body.split("<svg", 1)[1]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url
    assert 'href="/registry/"' not in body  # no menu before the code is in
    # A reload shows the same key (the person may have scanned it already).
    assert client.get("/login/authenticator/").context["secret"] == page.context["secret"]
    # Everything else is closed: pages, the public check, the API and its documentation.
    for path in ("/", "/account/", "/check/", "/api/v1/docs", "/api/v1/openapi.json"):
        assert client.get(path)["Location"].startswith("/login/code/"), path
    assert client.get("/api/v1/me").status_code == 401
    assert client.post("/account/tokens/new/", {"name": "x", "days": 5}).status_code == 302
    assert not user.api_tokens.exists()
    # Signing out works.
    assert client.post("/logout/")["Location"] == "/login/"


def test_set_up_with_wrong_then_right_code_gives_ten_recovery_codes_once(
    world: World, client: Client
) -> None:
    user = world.user("supervisor")
    _password(client, user)
    client.get("/login/authenticator/?next=/registry/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    right = _code_for(device)
    wrong = client.post("/login/authenticator/", {"code": _wrong(right), "next": "/registry/"})
    assert wrong.status_code == 400 and "That code does not match" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)  # skip the 1 s back-off
    done = client.post("/login/authenticator/", {"code": right, "next": "/registry/"})
    assert done.status_code == 200 and done["Cache-Control"].startswith("max-age=0")
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)
    assert sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == sorted(
        codes
    )
    body = done.content.decode()
    assert all(code in body for code in codes)
    assert 'download="pantau-recovery-codes.txt"' in body and f"{codes[0]}%0A{codes[1]}" in body
    assert 'href="/registry/"' in body  # continue to where the person was going
    device.refresh_from_db()
    assert device.confirmed
    assert _signed_in(client)
    assert (
        AuditEvent.objects.filter(action="auth.second_factor_enrolled", target_id=str(user.pk)).count() == 1
    )
    # Set up once: the page now sends the person to the code step, not to a new key.
    assert client.get("/login/authenticator/")["Location"] == "/login/code/"


def test_code_step_wrong_code_is_refused_and_audited_right_code_goes_on(world: World, client: Client) -> None:
    user = world.user("viewer")
    device = authenticator_for(user)
    _password(client, user)
    assert client.get("/organisations/")["Location"] == "/login/code/?next=%2Forganisations%2F"
    right = current_code(device)
    refused = client.post("/login/code/", {"code": _wrong(right), "next": "/organisations/"})
    assert refused.status_code == 400 and "That code is not right" in refused.content.decode()
    assert not _signed_in(client)
    failed = AuditEvent.objects.get(action="auth.second_factor_failed")
    assert failed.actor == user and failed.changes == {"method": "totp", "reason": "wrong_code"}
    # Straight after a wrong code the authenticator backs off for a second.
    again = client.post("/login/code/", {"code": right})
    assert again.status_code == 400 and "Wait a few seconds" in again.content.decode()
    ok = client.post("/login/code/", {"code": current_code(device), "next": "/organisations/"})
    assert ok.status_code == 302 and ok["Location"] == "/organisations/"
    assert client.get("/organisations/").status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    verified = AuditEvent.objects.get(action="auth.second_factor_verified")
    assert verified.actor == user and verified.changes == {"method": "totp"}
    # An address outside the site is not followed.
    other = Client()
    _password(other, user)
    outside = other.post("/login/code/", {"code": current_code(device), "next": "https://evil.example/"})
    assert outside["Location"] == "/"


def test_a_recovery_code_works_once(world: World, client: Client) -> None:
    user = world.user("case_worker")
    _password(client, user)
    codes = _enrol(client, user)
    client.post("/logout/")
    _password(client, user)
    ok = client.post("/login/code/", {"code": codes[3].upper()[:4] + "-" + codes[3][4:]}, follow=True)
    assert ok.status_code == 200 and "9 are left" in ok.content.decode()
    assert _signed_in(client)
    event = AuditEvent.objects.get(action="auth.second_factor_verified")
    assert event.changes == {"method": "recovery_code", "recovery_codes_left": 9}
    client.post("/logout/")
    _password(client, user)
    reused = client.post("/login/code/", {"code": codes[3]})
    assert reused.status_code == 400 and not _signed_in(client)
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_repeated_wrong_codes_lock_the_account_from_that_address(
    world: World, client: Client, settings: Any
) -> None:
    user = world.user("investigator")
    device = authenticator_for(user)
    _password(client, user)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        response = client.post("/login/code/", {"code": _wrong(_code_for(device))})
        expected = 429 if attempt == settings.AXES_FAILURE_LIMIT - 1 else 400
        assert response.status_code == expected
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session  # signed out
    assert (
        AuditEvent.objects.filter(action="auth.second_factor_failed").count() == settings.AXES_FAILURE_LIMIT
    )
    assert AuditEvent.objects.filter(action="auth.second_factor_locked", actor=user).count() == 1
    # Signing in again with the password meets the lock, even with the right code.
    _password(client, user)
    assert client.get("/login/code/").status_code == 429
    _password(client, user)
    assert client.post("/login/code/", {"code": current_code(device)}).status_code == 429
    # From another address the person can still sign in.
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    _password(elsewhere, user)
    assert elsewhere.post("/login/code/", {"code": current_code(device)}).status_code == 302


def test_temporary_password_comes_after_the_second_factor(world: World, client: Client) -> None:
    user = world.user("viewer")
    user.must_change_password = True
    user.save()
    device = authenticator_for(user)
    _password(client, user)
    assert client.get("/")["Location"] == "/login/code/"
    assert client.get("/account/password/")["Location"].startswith("/login/code/")
    assert client.post("/login/code/", {"code": current_code(device)})["Location"] == "/"
    assert client.get("/")["Location"] == "/account/password/"


def test_new_recovery_codes_need_a_fresh_code(world: World, login: Callable[..., Client]) -> None:
    user = world.user("supervisor")
    client = login(user)
    device = authenticator_for(user)
    old = StaticToken.objects.filter(device__user=user).count()
    assert old == 0
    refused = client.post("/account/recovery-codes/", {"code": _wrong(_code_for(device))}, follow=True)
    assert "That code is not right" in refused.content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 0
    assert AuditEvent.objects.filter(action="auth.second_factor_failed", actor=user).count() == 1
    response = client.post("/account/recovery-codes/", {"code": current_code(device)})
    assert response.status_code == 200
    first = response.context["codes"]
    assert len(first) == 10
    assert client.get("/account/").status_code == 200  # still signed in
    second = client.post("/account/recovery-codes/", {"code": current_code(device)}).context["codes"]
    tokens = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert tokens == set(second) and not tokens & set(first)
    assert AuditEvent.objects.filter(action="auth.recovery_codes_regenerated", actor=user).count() == 2
    assert client.get("/account/recovery-codes/").status_code == 405


def test_unverified_session_is_refused_by_the_api_even_with_csrf(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    user = world.user("supervisor")
    authenticator_for(user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.get("/login/code/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    assert client.get("/api/v1/me").status_code == 401
    response = client.patch(
        "/api/v1/me", '{"language": "en"}', content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 401
    user.refresh_from_db()
    assert user.preferred_language == ""


# --- The administrator's reset --------------------------------------------------------------------


def test_org_admin_resets_a_colleagues_second_factor_and_their_sessions_end(
    world: World, login: Callable[..., Client]
) -> None:
    colleague = world.user("colleague")
    their_browser = login(colleague, Client())
    assert _signed_in(their_browser)
    someone_else = login(world.user("viewer"), Client())
    admin = login(world.user("org_admin"))
    StaticToken.objects.create(
        device=colleague.staticdevice_set.create(name="recovery", confirmed=True), token="abcdefgh"
    )
    page = admin.get(f"/users/{colleague.pk}/")
    assert "Authenticator app set up on" in page.content.decode()
    response = admin.post(f"/users/{colleague.pk}/reset-second-factor/")
    assert response.status_code == 302 and response["Location"] == f"/users/{colleague.pk}/"
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert not StaticToken.objects.filter(device__user=colleague).exists()
    event = AuditEvent.objects.get(action="user.second_factor_reset")
    assert event.actor == world.user("org_admin") and event.target_id == str(colleague.pk)
    assert event.changes == {"second_factor": ["enrolled", "none"], "sessions_ended": 1}
    # The colleague's session is over; other people's are not.
    assert "_auth_user_id" not in their_browser.session
    assert their_browser.get("/account/")["Location"] == "/login/?next=/account/"
    assert _signed_in(someone_else) and _signed_in(admin)
    # At the next sign-in the colleague sets up a new authenticator.
    _password(their_browser, colleague)
    assert their_browser.get("/login/code/")["Location"] == "/login/authenticator/"


@pytest.mark.parametrize(
    ("actor", "target", "status"),
    [
        ("org_admin", "outsider", 404),  # another organisation: not even visible
        ("org_admin", "auditor", 403),  # a privileged role: only a system administrator
        ("org_admin", "org_admin", 403),  # nobody resets their own
        ("viewer", "colleague", 403),  # no user management at all
        ("lksa_operator", "colleague", 403),
    ],
)
def test_second_factor_reset_is_scoped_and_refusals_audited(
    world: World, login: Callable[..., Client], actor: str, target: str, status: int
) -> None:
    victim = world.user(target)
    authenticator_for(victim)
    response = login(world.user(actor)).post(f"/users/{victim.pk}/reset-second-factor/")
    assert response.status_code == status
    assert TOTPDevice.objects.filter(user=victim, confirmed=True).exists()
    assert not AuditEvent.objects.filter(action="user.second_factor_reset").exists()
    assert AuditEvent.objects.filter(action="access.denied", actor=world.user(actor)).exists()


def test_fellow_org_admin_is_refused_but_system_admin_may_reset_an_org_admin(
    world: World, login: Callable[..., Client]
) -> None:
    fellow = make_user("admin2@dinsos.test.id", world.dinsos, Role.ORG_ADMIN)
    authenticator_for(fellow)
    assert login(world.user("org_admin")).post(f"/users/{fellow.pk}/reset-second-factor/").status_code == 403
    assert TOTPDevice.objects.filter(user=fellow).exists()
    response = login(world.user("system_admin"), Client()).post(f"/users/{fellow.pk}/reset-second-factor/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=fellow).exists()
    assert AuditEvent.objects.get(action="user.second_factor_reset").actor == world.user("system_admin")
    assert (
        login(world.user("system_admin"), Client())
        .get(f"/users/{fellow.pk}/reset-second-factor/")
        .status_code
        == 405
    )


# --- Demo -----------------------------------------------------------------------------------------


def test_demo_accounts_are_pre_enrolled_and_demo_otp_prints_a_working_code(db: None) -> None:
    import io

    from django.core.management import CommandError, call_command
    from django.test import override_settings

    from pantau.accounts.models import Organisation
    from pantau.accounts.seed import DEMO_TOTP_KEY_HEX, DEMO_USERS, seed_organisations_and_users
    from pantau.conftest import REGIONS
    from pantau.lib.seeding import DEMO_PASSWORD, SeedContext
    from pantau.regions.models import Region

    for code, name, level, kind, parent in REGIONS:
        Region.objects.create(code=code, name=name, level=level, kind=kind, parent_id=parent)
    seed_organisations_and_users(SeedContext(scale="demo", seed=1, stdout=io.StringIO()))
    outsider = make_user("staf@kpai.test.id", Organisation.objects.get(kind="kpai"), Role.VIEWER)
    demo = User.objects.filter(email__in=[email for email, _, _ in DEMO_USERS])
    assert demo.count() == len(DEMO_USERS)
    for user in demo:
        assert list(TOTPDevice.objects.filter(user=user).values_list("key", "confirmed")) == [
            (DEMO_TOTP_KEY_HEX, True)
        ]
    out = io.StringIO()
    call_command("demo_otp", "Sysadmin@pantau.test", stdout=out)
    code = out.getvalue().split()[0]
    assert re.fullmatch(r"[0-9]{6}", code)
    client = Client()
    client.post("/login/", {"username": "sysadmin@pantau.test", "password": DEMO_PASSWORD})
    assert client.post("/login/code/", {"code": code})["Location"] == "/"
    with pytest.raises(CommandError, match="no authenticator"):
        call_command("demo_otp", outsider.email)
    authenticator_for(outsider)
    with pytest.raises(CommandError, match="its own authenticator"):
        call_command("demo_otp", outsider.email)
    with override_settings(IS_PRODUCTION=True), pytest.raises(CommandError, match="refused in production"):
        call_command("demo_otp")


def test_a_password_only_session_switches_the_page_language_but_not_the_account(world: World) -> None:
    """Before the code step a session may switch the language of the page it sees, but writes nothing
    to the account (a review found the preference saved and audited on the password alone)."""
    user = world.user("supervisor")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    before = user.preferred_language
    response = client.post("/i18n/setlang/", {"language": "en" if before != "en" else "id", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.preferred_language == before
    assert not AuditEvent.objects.filter(action="user.language_changed").exists()
