"""PostgreSQL's own tools (pg_dump, pg_restore) for the configured database, and a fingerprint of its data.

The fingerprint (rows and a checksum per table) is what makes a restore *proven*: it is taken in the same
snapshot as the dump and again after the restore, and the two must be equal.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection
from psycopg.conninfo import make_conninfo


class ToolError(Exception):
    pass


def server_major() -> int:
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def _major_of(tool: Path) -> int | None:
    try:
        done = subprocess.run([str(tool), "--version"], capture_output=True, text=True, check=True)  # noqa: S603
        out = done.stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    found = re.search(r"\(PostgreSQL\)\s+(\d+)", out)  # "pg_dump (PostgreSQL) 15.20 (Debian …)"
    return int(found.group(1)) if found else None


def find_tool(name: str, major: int) -> Path:
    """pg_dump / pg_restore of the server's major version; a newer one if that is all there is.

    An older pg_dump refuses a newer server, and an older pg_restore cannot read a newer dump: both are
    refused here with the places looked in, rather than failing half-way.
    """
    candidates: list[Path] = []
    if os.environ.get("PANTAU_PG_BIN"):
        candidates.append(Path(os.environ["PANTAU_PG_BIN"]) / name)
    candidates += [
        Path(f"/usr/lib/postgresql/{major}/bin/{name}"),  # Debian, Ubuntu
        Path(f"/usr/pgsql-{major}/bin/{name}"),  # Red Hat family (PGDG)
    ]
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    newer: Path | None = None
    for tool in candidates:
        if not (tool.is_file() and os.access(tool, os.X_OK)):
            continue
        found = _major_of(tool)
        if found == major:
            return tool
        if found is not None and found > major and newer is None:
            newer = tool
    if newer:
        return newer
    raise ToolError(
        f"No {name} for PostgreSQL {major} found (looked in: {', '.join(map(str, candidates))}). "
        f"Install postgresql-client-{major} or set PANTAU_PG_BIN to the folder holding {name}."
    )


def libpq(settings_dict: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """A connection string for the tools and the environment with the password (never on a command line)."""
    options = {k: str(v) for k, v in (settings_dict.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
    conninfo = make_conninfo(
        dbname=settings_dict["NAME"],
        user=settings_dict.get("USER") or None,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        **options,
    )
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return conninfo, env


# Rows print the same way in every session that sets these, so the checksum depends on the data only.
STABLE_TEXT = [
    "SET LOCAL timezone = 'UTC'",
    "SET LOCAL datestyle = 'ISO, YMD'",
    "SET LOCAL intervalstyle = 'postgres'",
    "SET LOCAL extra_float_digits = 1",
    "SET LOCAL bytea_output = 'hex'",
]

# Ordinary and partitioned tables outside the system schemas, less those an extension owns (the
# extension recreates them).
TABLES_SQL = """
SELECT c.oid::regclass::text
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p')
   AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
 ORDER BY 1
"""

RELATIONS_SQL = """
SELECT count(*)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
   AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
"""


def table_fingerprints(cursor: Any = None) -> dict[str, dict[str, Any]]:
    """Rows and a checksum per table: the md5 of the sorted md5s of the rows' text.

    Sorting the row hashes (not the rows by primary key) works for tables without a single-column key
    and does not depend on the order pg_restore reloads rows in; 32 bytes a row keep it cheap at
    national scale. Call inside a transaction (the STABLE_TEXT settings are LOCAL); ``cursor`` may be
    any DB-API cursor on PostgreSQL (the default: Django's connection).
    """
    if cursor is None:
        with connection.cursor() as own:
            return table_fingerprints(own)
    for statement in STABLE_TEXT:
        cursor.execute(statement)
    cursor.execute(TABLES_SQL)
    tables = [row[0] for row in cursor.fetchall()]
    result: dict[str, dict[str, Any]] = {}
    for table in tables:
        # The name comes from pg_class as regclass text: already quoted where it needs to be.
        cursor.execute(
            "SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h COLLATE \"C\")), '') "  # noqa: S608
            f"FROM (SELECT md5(t::text) AS h FROM {table} t) rows"
        )
        rows, checksum = cursor.fetchone()
        result[table] = {"rows": rows, "md5": checksum}
    return result


def migration_state() -> dict[str, str]:
    """The last applied migration of each app (migration names sort by their number)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
        return dict(cursor.fetchall())


def relation_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(RELATIONS_SQL)
        return int(cursor.fetchone()[0])
