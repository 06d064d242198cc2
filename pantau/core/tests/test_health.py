"""The health check, and the app's recovery when PostgreSQL drops its connections (a restart, a
failover): the next request reconnects, with no restart of the app server."""

from __future__ import annotations

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.test import Client, RequestFactory


def test_health_says_ok_and_nothing_else(db: None, client: Client) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in client.cookies


def test_health_is_503_when_the_database_does_not_answer(db: None, client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    class Unreachable:
        def cursor(self) -> None:
            raise OperationalError("connection refused")

    monkeypatch.setattr("pantau.core.health.connection", Unreachable())
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_health_is_not_redirected_to_https(db: None, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 200
    assert client.get("/check/").status_code == 301  # everything else is


def _cut_own_connection() -> int:
    """What a PostgreSQL restart does to the app's persistent connection: it is cut (from another
    session, as the server would)."""
    own = connection.connection.info.backend_pid  # type: ignore[union-attr]
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        host=params["HOST"],
        port=params["PORT"] or 5432,
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [own])
    return int(own)


def _serve(path: str) -> int:
    """One request through Django's real WSGI handler (the test client skips the connection checks
    that run when a request starts)."""
    answer: dict[str, str] = {}

    def start_response(status: str, headers: object, exc_info: object = None) -> None:
        answer["status"] = status

    b"".join(WSGIHandler()(RequestFactory().get(path).environ, start_response))
    return int(answer["status"].split()[0])


@pytest.mark.django_db(transaction=True)
def test_requests_recover_after_the_database_drops_the_connection() -> None:
    assert connection.settings_dict["CONN_MAX_AGE"] > 0 and connection.settings_dict["CONN_HEALTH_CHECKS"]
    assert _serve("/check/?q=kasih") == 200  # the persistent connection is open now
    before = _cut_own_connection()
    # The connection is dead; the health check at the start of the next request notices and reconnects:
    # no error page, no restart of the server.
    assert _serve("/check/?q=kasih") == 200
    assert _serve("/health/") == 200
    assert connection.connection.info.backend_pid != before  # type: ignore[union-attr]
