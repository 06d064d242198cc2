"""Typed readers for environment variables.

Every reader fails with ImproperlyConfigured naming the variable, so a typo in a deployment shows up at
start-up instead of silently falling back to a default. Secrets may also come from a file named by
``<NAME>_FILE`` (Docker/Kubernetes secrets), which keeps them out of process listings.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None, *, choices: tuple[str, ...] | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        value = default
    if choices is not None and value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not valid; expected one of: {', '.join(choices)}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use true/false, 1/0, yes/no or on/off.")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ImproperlyConfigured(f"{name}={value} is outside the allowed range {minimum}..{maximum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_phone(name: str, default: str, *, min_digits: int, max_digits: int) -> str:
    """A telephone number shown to the public (a hotline, a WhatsApp channel): digits, optionally
    grouped with single hyphens or spaces ("08111-129-129"), optionally starting with "+". Anything else
    is refused at start-up: a wrong number on a leaflet sends a child's call nowhere."""
    import re

    value = os.environ.get(name, "").strip() or default
    digits = re.sub(r"\D", "", value)
    if not re.fullmatch(r"\+?\d+(?:[- ]\d+)*", value) or not min_digits <= len(digits) <= max_digits:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a telephone number of {min_digits} to {max_digits} digits "
            "(digits, single hyphens or spaces between groups, an optional leading +)."
        )
    return value


def env_secret(name: str) -> str | None:
    """Return ``$NAME``, or the stripped contents of the file named by ``$NAME_FILE``, or None."""
    value = os.environ.get(name)
    file_name = os.environ.get(f"{name}_FILE")
    if value and file_name:
        raise ImproperlyConfigured(f"Set either {name} or {name}_FILE, not both.")
    if file_name:
        path = Path(file_name)
        if not path.is_file():
            raise ImproperlyConfigured(f"{name}_FILE points to {file_name!r}, which is not a readable file.")
        return path.read_text(encoding="utf-8").strip() or None
    return value or None


# The demo runs on SQLite, where quick checklist answers from several tabs write at once. WAL lets
# readers carry on while one connection writes; a writer waits up to ``timeout`` seconds for the lock
# (also set as busy_timeout, for writes outside Django's transactions) instead of failing with
# "database is locked"; IMMEDIATE takes the write lock when a transaction starts, so a transaction
# that reads and then writes waits its turn instead of failing half-way (Django 5.1+).
SQLITE_OPTIONS: dict[str, object] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
}


def parse_database_url(name: str, url: str, *, base_dir: Path) -> dict[str, object]:
    """Turn ``postgres://user:pass@host:port/db`` or ``sqlite:///path`` into a DATABASES entry.

    Only the two engines Pantau supports are accepted; anything else is a configuration error.
    """
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/file.db is relative to the project; sqlite:////abs/file.db is absolute.
        path = unquote(parts.path)[1:]
        if not path:
            raise ImproperlyConfigured(
                f"{name}: a sqlite URL needs a file path, e.g. sqlite:///var/pantau.db"
            )
        db_path = Path(path) if Path(path).is_absolute() else base_dir / path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db_path), "OPTIONS": dict(SQLITE_OPTIONS)}
    if parts.scheme in ("postgres", "postgresql"):
        db_name = unquote(parts.path.lstrip("/"))
        if not db_name:
            raise ImproperlyConfigured(f"{name}: the PostgreSQL URL names no database.")
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": db_name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"{name}: unsupported database scheme {parts.scheme!r}; use postgres://… or sqlite:///…"
    )
