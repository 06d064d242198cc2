"""The health check, and the app's recovery when PostgreSQL drops its connections (a restart, a
failover): the next request reconnects, with no restart of the app server."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from django.db import OperationalError, connection
from django.test import Client


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


def _cut_every_other_connection() -> int:
    """What a PostgreSQL restart does to the app server's connections: every one of them is cut."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  (the test's own server)
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_requests_recover_after_the_database_drops_the_connections(live_server) -> None:  # type: ignore[no-untyped-def]
    # A real server thread with Django's request cycle (the test client skips the connection checks).
    assert connection.settings_dict["CONN_MAX_AGE"] > 0 and connection.settings_dict["CONN_HEALTH_CHECKS"]
    assert _get(f"{live_server.url}/check/?q=kasih") == 200  # the server thread holds a connection now
    assert _cut_every_other_connection() >= 1
    # Its persistent connection is dead; the health check at the start of the next request notices and
    # reconnects: no error page, no restart of the server.
    assert _get(f"{live_server.url}/check/?q=kasih") == 200
    assert _get(f"{live_server.url}/health/") == 200


TOKEN = "m" * 40


def test_metrics_do_not_exist_without_a_token(db: None, client: Client) -> None:
    assert client.get("/metrics").status_code == 404


def test_metrics_need_the_token_and_count_the_queue(db: None, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.PANTAU_METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer " + "x" * 40).status_code == 401
    now = timezone.now()
    common = {
        "args_kwargs": {"args": [], "kwargs": {}},
        "queue_name": "default",
        "backend_name": "default",
        "run_after": now,
    }
    DBTaskResult.objects.create(task_path="pantau.x", status="READY", **common)
    DBTaskResult.objects.filter(status="READY").update(enqueued_at=now - timedelta(minutes=10))
    DBTaskResult.objects.create(task_path="pantau.y", status="FAILED", finished_at=now, **common)
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert 'pantau_tasks{status="ready"} 1' in lines and 'pantau_tasks{status="failed"} 1' in lines
    assert "pantau_tasks_failed_last_day 1" in lines and "pantau_sessions_active 0" in lines
    oldest = next(line for line in lines if line.startswith("pantau_tasks_oldest_ready_seconds "))
    assert 595 <= int(oldest.split()[1]) <= 660
