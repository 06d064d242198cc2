from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from pantau.accounts.testing import enter_code
from pantau.audit.models import AuditEvent
from pantau.conftest import PASSWORD, World


def _login(client: Client, email: str, password: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.post("/login/", {"username": email, "password": password}, **extra)


def test_login_logout_are_audited(world: World, client: Client) -> None:
    user = world.user("supervisor")
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert AuditEvent.objects.filter(action="auth.login", actor=user).count() == 1
    login_event = AuditEvent.objects.get(action="auth.login")
    assert login_event.organisation == world.dinsos and login_event.region_code == "36.03"
    assert login_event.request_id is not None and login_event.ip == "127.0.0.1"
    client.post("/logout/")
    assert AuditEvent.objects.filter(action="auth.logout", actor=user).exists()


def test_wrong_password_gets_translated_message_and_audit(world: World, client: Client) -> None:
    user = world.user("supervisor")
    response = _login(client, user.email, "wrong-password")
    assert response.status_code == 200
    assert "Alamat email atau kata sandi salah" in response.content.decode()
    response = _login(client, user.email, "wrong-password", HTTP_ACCEPT_LANGUAGE="en")
    assert "The e-mail address or password is wrong" in response.content.decode()
    failed = AuditEvent.objects.filter(action="auth.login_failed")
    assert failed.count() == 2
    assert failed.first().target_id == str(user.pk)  # type: ignore[union-attr]
    assert "wrong-password" not in str(list(failed.values()))


def test_repeated_failures_lock_the_account_for_that_address(world: World, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    user = world.user("supervisor")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.email, "nope")
    response = _login(client, user.email, PASSWORD)  # even the right password is refused now
    assert response.status_code == 429
    assert "Terlalu banyak upaya masuk yang gagal" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.locked_out").exists()


def test_expired_session_says_so(world: World, client: Client) -> None:
    _login(client, world.user("viewer").email, PASSWORD)
    client.session.flush()
    client.cookies.pop("sessionid", None)  # the browser's session is gone (expired)
    response = client.get("/organisations/", follow=True)
    assert "Sesi Anda telah berakhir" in response.content.decode()
    # A first visit does not claim an expired session.
    fresh = Client().get("/organisations/", follow=True)
    assert "Sesi Anda telah berakhir" not in fresh.content.decode()


def test_temporary_password_must_be_changed_first(world: World, login: Callable[..., Client]) -> None:
    user = world.user("viewer")
    user.must_change_password = True
    user.save()
    client = login(user)
    assert client.get("/organisations/")["Location"] == "/account/password/"
    weak = client.post("/account/password/", {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200 and "too short" in weak.content.decode()
    ok = client.post(
        "/account/password/", {"new_password1": "a-much-better-one-7", "new_password2": "a-much-better-one-7"}
    )
    assert ok.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("a-much-better-one-7")
    assert client.get("/organisations/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.password_changed", actor=user).exists()


def test_language_switch_is_remembered_on_the_account(world: World, client: Client) -> None:
    user = world.user("viewer")
    _login(client, user.email, PASSWORD)
    enter_code(client, user)
    assert "Beranda" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Home" in client.get("/").content.decode()
    user.refresh_from_db()
    assert user.preferred_language == "en"
    # Next sign-in, from a fresh browser, starts in English.
    other = Client()
    _login(other, user.email, PASSWORD)
    enter_code(other, user)
    assert '<html lang="en">' in other.get("/").content.decode()


@pytest.mark.parametrize("path", ["/login/", "/", "/api/v1/me"])
def test_security_headers_and_csp_without_inline_script(world: World, client: Client, path: str) -> None:
    response = client.get(path, follow=path == "/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]
    if response["Content-Type"].startswith("text/html"):
        body = response.content.decode()
        # Every <script> loads a file; none carries inline code.
        assert "<script>" not in body and '<script type="text/javascript">' not in body


def test_post_without_csrf_token_is_refused_with_explanation(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "a@b.c", "password": "x"})
    assert response.status_code == 403
    assert "Formulir telah kedaluwarsa" in response.content.decode()


def _session_writes(client: Client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return sum(1 for q in ctx.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"])


def test_pages_do_not_write_the_session_on_every_request(
    world: World,
    login: Callable[..., Client],
    settings,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """The idle expiry is renewed at most once per interval, not by a write on every GET."""
    import time

    from django.contrib.sessions.models import Session

    client = login(world.user("viewer"))
    key = client.cookies["sessionid"].value
    expiry = Session.objects.get(session_key=key).expire_date  # signing in set it
    for _ in range(3):
        assert _session_writes(client, "/organisations/") == 0
    assert Session.objects.get(session_key=key).expire_date == expiry
    # Past the interval, the next request pushes the expiry forward again.
    later = time.time() + settings.PANTAU_SESSION_RENEW_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert _session_writes(client, "/organisations/") == 1
    assert Session.objects.get(session_key=key).expire_date >= expiry
    assert _session_writes(client, "/organisations/") == 0


def test_visitors_get_no_session(db: None, client: Client) -> None:
    from django.contrib.sessions.models import Session

    assert client.get("/check/").status_code == 200
    assert "sessionid" not in client.cookies and not Session.objects.exists()
