"""A real ``manage.py db_worker`` for fault tests: started as a separate process on the test database,
so a test can SIGKILL it mid-job the way an out-of-memory killer or a power cut would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(*, pause: str = "", batch: bool = False) -> subprocess.Popen[bytes]:
    """A worker on the test database (which must be committed to: a ``transaction=True`` test).
    ``pause``: ``point:seconds`` for ``pantau.lib.jobs.pause_for_fault_test``."""
    env = {
        **os.environ,
        "PANTAU_ENV": "test",
        "PANTAU_DATABASE_URL": _database_url(),
        "PANTAU_TASKS_BACKEND": "database",
        "PANTAU_PRIVATE_MEDIA_ROOT": str(settings.STORAGES["private"]["OPTIONS"]["location"]),
        "PANTAU_TEST_PAUSE": pause,
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"]
    return subprocess.Popen(  # noqa: S603  (our own manage.py, with fixed arguments)
        command + (["--batch"] if batch else []),
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def worker_idle_in_transaction(worker: subprocess.Popen[bytes]) -> bool:
    """The worker's database session has written inside a transaction it has not committed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state = 'idle in transaction' AND backend_xid IS NOT NULL"
        )
        return bool(cursor.fetchone()[0])


def kill(worker: subprocess.Popen[bytes]) -> None:
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
