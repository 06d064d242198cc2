"""The SQLite demo writes through WAL with a busy timeout, so quick checklist answers from several tabs
wait for the lock instead of failing with "database is locked"."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from django.db.utils import ConnectionHandler

from pantau.lib.env import parse_database_url

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import django; django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    busy = cursor.fetchone()[0]
print(mode, busy, connection.transaction_mode, connection.settings_dict["OPTIONS"]["timeout"])
"""


def test_demo_settings_open_sqlite_in_wal_with_a_busy_timeout(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "pantau.settings",
        "PANTAU_ENV": "demo",
        "PANTAU_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE", "20"]


def test_a_transaction_that_reads_then_writes_waits_for_the_lock(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    """A transaction (as Django's ``atomic`` starts it) reads, another connection writes meanwhile,
    then the transaction writes. With SQLite's default DEFERRED transactions the write fails at once
    with "database is locked" (the snapshot it read is stale); the demo's IMMEDIATE transactions take
    the write lock at the start, so the other writer waits its turn (busy timeout) and both succeed."""
    entry = parse_database_url("U", f"sqlite:///{tmp_path / 'x.sqlite3'}", base_dir=tmp_path)
    handler = ConnectionHandler({"default": entry})
    django_db_blocker.unblock()
    try:
        connection = handler.create_connection("default")
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE answer (id INTEGER PRIMARY KEY, note TEXT)")
        has_read = threading.Event()
        other: list[str] = []

        def other_writer() -> None:
            has_read.wait(5)
            try:
                db = sqlite3.connect(str(entry["NAME"]), timeout=5, isolation_level=None)
                db.execute("INSERT INTO answer (note) VALUES ('other')")
                db.close()
                other.append("saved")
            except sqlite3.OperationalError as error:
                other.append(str(error))

        thread = threading.Thread(target=other_writer)
        thread.start()
        connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM answer")
            has_read.set()
            time.sleep(0.5)  # the other writer commits now under DEFERRED; it waits under IMMEDIATE
            cursor.execute("INSERT INTO answer (note) VALUES ('mine')")
        connection.commit()
        connection.set_autocommit(True)
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute("SELECT note FROM answer ORDER BY id")
            notes = [row[0] for row in cursor.fetchall()]
        connection.close()
    finally:
        django_db_blocker.restore()
    assert (notes, other) == (["mine", "other"], ["saved"])
