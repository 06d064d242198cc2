"""``bin/restore``: a backup folder into an EMPTY database and upload folder, then proof that it is whole.

Order: the archives' sha256 → the keys (refused before anything is written if the configured keys are
not the ones the data was encrypted with) → the database and the upload folder are empty → pg_restore
→ unpack the files → compare rows and checksums per table and the sha256 of every file with the
manifest. Refusals change nothing (exit 2); a restore that does not match its manifest exits 1.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from pantau.ops import postgres
from pantau.ops.backup import DUMP, FILES, FORMAT, MANIFEST, key_references, sha256_of, uploaded_files


class Refused(Exception):
    """The restore did not start; nothing was changed."""


@dataclass
class Outcome:
    problems: list[str] = field(default_factory=list)  # mismatches against the manifest: exit 1
    notes: list[str] = field(default_factory=list)  # worth saying, not wrong (e.g. run migrate)
    tables: int = 0
    rows: int = 0
    files: int = 0


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise Refused(f"{folder} is not a Pantau backup: it has no {MANIFEST}.")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise Refused(f"{path}: unknown backup format {manifest.get('format')!r} (this code reads {FORMAT}).")
    return manifest


def check_archives(folder: Path, manifest: dict[str, Any]) -> None:
    for name, part in ((DUMP, "database"), (FILES, "files")):
        if not (folder / name).is_file():
            raise Refused(f"{folder / name} is missing.")
        if sha256_of(folder / name) != manifest[part]["sha256"]:
            raise Refused(f"{folder / name} is damaged: its sha256 differs from the manifest's.")


def key_problems(wanted: dict[str, Any], configured: dict[str, Any]) -> list[str]:
    """Every key the backup's data was written with must be configured, with the same fingerprint."""
    problems = []
    for key_id, fingerprint in sorted(wanted["field_keys"].items()):
        have = configured["field_keys"].get(key_id)
        if have is None:
            problems.append(f"field key {key_id!r} is not in PANTAU_FIELD_KEYS")
        elif have != fingerprint:
            problems.append(f"field key {key_id!r} in PANTAU_FIELD_KEYS is not the key of the backup")
    if wanted["blind_index_key"] != configured["blind_index_key"]:
        problems.append("PANTAU_BLIND_INDEX_KEY is not the key of the backup")
    return problems


def compare_tables(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    problems = []
    for table in sorted(expected.keys() | found.keys()):
        want, got = expected.get(table), found.get(table)
        if want is None:
            problems.append(f"table {table}: not in the backup")
        elif got is None:
            problems.append(f"table {table}: missing after the restore")
        elif want["rows"] != got["rows"]:
            problems.append(f"table {table}: {got['rows']} rows, the backup had {want['rows']}")
        elif want["md5"] != got["md5"]:
            problems.append(f"table {table}: same row count, different content (checksum)")
    return problems


def compare_files(expected: dict[str, str], root: Path) -> list[str]:
    found = {name: sha256_of(path) for path, name in uploaded_files(root)}
    problems = [f"file {name}: missing after the restore" for name in sorted(expected.keys() - found.keys())]
    problems += [f"file {name}: not in the backup" for name in sorted(found.keys() - expected.keys())]
    problems += [
        f"file {name}: sha256 differs from the backup"
        for name in sorted(expected.keys() & found.keys())
        if expected[name] != found[name]
    ]
    return problems


def migration_notes() -> list[str]:
    """The restored schema against this code's migrations: newer code needs `migrate`; older code is wrong."""
    executor = MigrationExecutor(connection)
    loader = executor.loader
    notes = []
    unknown = sorted(f"{a}.{n}" for a, n in loader.applied_migrations if (a, n) not in loader.disk_migrations)
    if unknown:
        notes.append(
            f"the backup has {len(unknown)} migration(s) this code does not know (e.g. {unknown[0]}): "
            "run the Pantau version named in the manifest"
        )
    pending = executor.migration_plan(loader.graph.leaf_nodes())
    if pending:
        notes.append(
            f"this code has {len(pending)} migration(s) newer than the backup: run `manage.py migrate`"
        )
    return notes


def restore(folder: Path) -> Outcome:
    if connection.vendor != "postgresql":
        raise Refused("bin/restore needs PostgreSQL (PANTAU_DATABASE_URL=postgres://…).")
    manifest = read_manifest(folder)
    check_archives(folder, manifest)
    wrong_keys = key_problems(manifest["keys"], key_references())
    if wrong_keys:
        raise Refused(
            "The configured encryption keys are not the ones this backup was made with: "
            + "; ".join(wrong_keys)
            + ". Without them children's identifiers cannot be read. Set PANTAU_FIELD_KEYS and "
            "PANTAU_BLIND_INDEX_KEY from the key store (see the manifest's fingerprints)."
        )
    name = connection.settings_dict["NAME"]
    if postgres.relation_count():
        raise Refused(
            f"Database {name!r} is not empty. bin/restore only restores into an empty database: create one "
            f"(createdb) and point PANTAU_DATABASE_URL at it."
        )
    media = Path(settings.PANTAU_PRIVATE_MEDIA_ROOT)
    if next(uploaded_files(media), None):
        raise Refused(
            f"The upload folder {media} (PANTAU_PRIVATE_MEDIA_ROOT) is not empty: use an empty one."
        )

    pg_restore = postgres.find_tool("pg_restore", postgres.server_major())
    conninfo, env = postgres.libpq(connection.settings_dict)
    # One transaction: a restore that fails half-way leaves the database empty, ready for another try.
    subprocess.run(  # noqa: S603 (the found pg_restore, arguments built here)
        [
            str(pg_restore),
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            f"--dbname={conninfo}",
            str(folder / DUMP),
        ],
        env=env,
        check=True,
    )
    media.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tarfile.open(folder / FILES) as archive:
        archive.extractall(media, filter="data")  # "data": no absolute paths, links out, or devices

    outcome = Outcome()
    with transaction.atomic():
        found = postgres.table_fingerprints()
    outcome.problems += compare_tables(manifest["tables"], found)
    outcome.problems += compare_files(manifest["files"]["sha256_by_path"], media)
    outcome.tables, outcome.rows = len(found), sum(t["rows"] for t in found.values())
    outcome.files = manifest["files"]["count"]
    outcome.notes += migration_notes()
    return outcome
