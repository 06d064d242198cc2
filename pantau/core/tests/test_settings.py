"""Start-up configuration fails loudly and names the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from pantau.lib.env import env_bool, env_int, parse_database_url

ROOT = Path(__file__).resolve().parents[3]


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "pantau.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


KEY = "k1:" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="  # 32 bytes of "A", base64
PRODUCTION = {
    "PANTAU_SECRET_KEY": "s" * 60,
    "PANTAU_ALLOWED_HOSTS": "pantau.example.go.id",
    "PANTAU_DATABASE_URL": "postgres://pantau@db/pantau",
    "PANTAU_FIELD_KEYS": KEY,
    "PANTAU_BLIND_INDEX_KEY": KEY.removeprefix("k1:"),
    "PANTAU_PSEUDONYM_KEY": "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=",  # 32 bytes of "B"
}


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "PANTAU_SECRET_KEY"),
        ({**PRODUCTION, "PANTAU_SECRET_KEY": "short"}, "PANTAU_SECRET_KEY"),
        ({**PRODUCTION, "PANTAU_ALLOWED_HOSTS": ""}, "PANTAU_ALLOWED_HOSTS"),
        ({**PRODUCTION, "PANTAU_DATABASE_URL": "sqlite:///x.db"}, "PANTAU_DATABASE_URL"),
        ({**PRODUCTION, "PANTAU_DATABASE_URL": "mysql://x/y"}, "PANTAU_DATABASE_URL"),
        ({**PRODUCTION, "PANTAU_DEBUG": "true"}, "PANTAU_DEBUG"),
        ({**PRODUCTION, "PANTAU_DEBUG": "maybe"}, "PANTAU_DEBUG"),
        ({**PRODUCTION, "PANTAU_SESSION_IDLE_MINUTES": "ten"}, "PANTAU_SESSION_IDLE_MINUTES"),
        ({**PRODUCTION, "PANTAU_ENV": "staging"}, "PANTAU_ENV"),
        ({**PRODUCTION, "PANTAU_BEHIND_TLS_PROXY": "true"}, "PANTAU_TRUSTED_PROXIES"),
        ({**PRODUCTION, "PANTAU_PSEUDONYM_KEY": ""}, "PANTAU_PSEUDONYM_KEY"),
        ({**PRODUCTION, "PANTAU_PSEUDONYM_KEY": KEY.removeprefix("k1:")}, "PANTAU_PSEUDONYM_KEY"),
        ({**PRODUCTION, "PANTAU_RETENTION_CHILDREN_YEARS": "ten"}, "PANTAU_RETENTION_CHILDREN_YEARS"),
        ({**PRODUCTION, "PANTAU_PRIVACY_REQUEST_HOURS": "96"}, "PANTAU_PRIVACY_REQUEST_HOURS"),
        (
            {**PRODUCTION, "PANTAU_SECRET_KEY": "", "PANTAU_SECRET_KEY_FILE": "/nonexistent"},
            "PANTAU_SECRET_KEY_FILE",
        ),
    ],
)
def test_bad_configuration_stops_start_up_naming_the_variable(env: dict[str, str], named: str) -> None:
    result = _start(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and named in result.stderr


def test_good_production_configuration_is_secure_by_default(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("k" * 64)
    env = {**PRODUCTION, "PANTAU_SECRET_KEY": "", "PANTAU_SECRET_KEY_FILE": str(secret)}
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
        "s.SECURE_SSL_REDIRECT, s.SECRET_KEY == 'k' * 64)"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**base, "DJANGO_SETTINGS_MODULE": "pantau.settings", **env},
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True"], result.stderr


def test_env_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "yes")
    assert env_bool("X_BOOL", False) is True
    monkeypatch.setenv("X_INT", "500")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 1, maximum=100)
    assert parse_database_url("U", "sqlite:///var/x.db", base_dir=Path("/app"))["NAME"] == "/app/var/x.db"
    assert parse_database_url("U", "sqlite:////tmp/x.db", base_dir=Path("/app"))["NAME"] == "/tmp/x.db"
    pg = parse_database_url("U", "postgres://u:p%40ss@h:6432/db?sslmode=require", base_dir=Path("/"))
    assert (pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "u",
        "p@ss",
        "h",
        "6432",
        "db",
    )
    assert pg["OPTIONS"] == {"sslmode": "require"}


def _database_options(env: dict[str, str], start: str = "import django; django.setup()") -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    code = f"{start}; from django.conf import settings; "
    code += "print(settings.DATABASES['default']['OPTIONS'].get('options', ''))"
    done = subprocess.run(  # noqa: S603  (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "pantau.settings", **PRODUCTION, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_web_processes_get_a_statement_timeout_and_workers_do_not() -> None:
    """A runaway query in a web request is cancelled by PostgreSQL; imports and linkage runs are not."""
    assert _database_options({"PANTAU_PROCESS": "web"}) == "-c statement_timeout=20000"
    assert _database_options({"PANTAU_PROCESS": "web", "PANTAU_DB_STATEMENT_TIMEOUT_MS": "5000"}) == (
        "-c statement_timeout=5000"
    )
    assert _database_options({"PANTAU_PROCESS": "web", "PANTAU_DB_STATEMENT_TIMEOUT_MS": "0"}) == ""
    assert _database_options({}) == ""


def test_the_wsgi_module_marks_its_process_as_web() -> None:
    assert _database_options({}, start="import pantau.wsgi") == "-c statement_timeout=20000"
