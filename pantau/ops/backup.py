"""``bin/backup``: one folder holding the database, the uploaded files and a manifest to prove a restore.

    pantau-20261207T210000Z/
      database.dump   pg_dump --format=custom of PANTAU_DATABASE_URL
      files.tar       PANTAU_PRIVATE_MEDIA_ROOT (evidence, SKCK scans, certificates)
      manifest.json   when, which code, migrations, rows and a checksum per table, sha256 per file,
                      and fingerprints of the encryption keys (never the keys)

The dump and the manifest's counts come from one snapshot (pg_export_snapshot), so a backup taken while
officers work still verifies. The folder is written as ``….partial`` and renamed when complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection, transaction

from pantau.ops import postgres

FORMAT = "pantau-backup/1"
DUMP, FILES, MANIFEST = "database.dump", "files.tar", "manifest.json"


def key_fingerprint(key: bytes) -> str:
    # Domain-separated, so the fingerprint cannot be confused with any other hash of the key.
    return hashlib.sha256(b"pantau-key-fingerprint\0" + key).hexdigest()


def key_references() -> dict[str, Any]:
    """Which keys the data needs, by id and fingerprint: enough to refuse a wrong key, useless to a thief."""
    return {
        "field_keys": {key_id: key_fingerprint(key) for key_id, key in settings.PANTAU_FIELD_KEYS},
        "blind_index_key": key_fingerprint(settings.PANTAU_BLIND_INDEX_KEY),
        "note": "sha256 fingerprints; the keys themselves are kept apart from backups (PANTAU_FIELD_KEYS, "
        "PANTAU_BLIND_INDEX_KEY)",
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_version() -> dict[str, Any]:
    base = Path(settings.BASE_DIR)
    with (base / "pyproject.toml").open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    revision: str | None
    try:
        revision = subprocess.run(  # noqa: S603 (fixed arguments)
            ["git", "-C", str(base), "rev-parse", "HEAD"],  # noqa: S607 (git from PATH, if any)
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        revision = os.environ.get("PANTAU_REVISION") or None  # an installed copy without .git
    return {"version": version, "git_revision": revision}


def uploaded_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under the upload folder with its name in the archive, in a stable order."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, path.relative_to(root).as_posix()


class _Hashing:
    """A file wrapper that hashes what tarfile reads, so the manifest describes the archived bytes."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def archive_files(root: Path, target: Path) -> dict[str, str]:
    hashes: dict[str, str] = {}
    with tarfile.open(target, "w") as archive:
        for path, name in uploaded_files(root):
            info = archive.gettarinfo(str(path), arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with path.open("rb") as handle:
                reader = _Hashing(handle)
                archive.addfile(info, reader)
            hashes[name] = reader.digest.hexdigest()
    return hashes


def make_backup(output_root: Path) -> Path:
    """Write one backup folder under ``output_root`` and return it."""
    if connection.vendor != "postgresql":
        raise postgres.ToolError("bin/backup needs PostgreSQL (PANTAU_DATABASE_URL=postgres://…).")
    now = datetime.now(UTC)
    output_root.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = output_root / f"pantau-{now:%Y%m%dT%H%M%SZ}"
    partial = final.with_name(final.name + ".partial")
    if final.exists() or partial.exists():
        raise postgres.ToolError(f"{final} exists already; wait a second and run again.")
    old_umask = os.umask(0o077)  # every file below: owner only
    try:
        partial.mkdir(mode=0o700)
        major = postgres.server_major()
        pg_dump = postgres.find_tool("pg_dump", major)
        conninfo, env = postgres.libpq(connection.settings_dict)
        with transaction.atomic():
            with connection.cursor() as cursor:
                # The dump and the counts see exactly the same data, however busy the database is.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot, server_version = cursor.fetchone()
            subprocess.run(  # noqa: S603 (the found pg_dump, arguments built here)
                [
                    str(pg_dump),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={partial / DUMP}",
                    f"--dbname={conninfo}",
                ],
                env=env,
                check=True,
            )
            tables = postgres.table_fingerprints()
            migrations = postgres.migration_state()
        # Files after the snapshot: a file uploaded meanwhile is archived without its row (harmless); the
        # other way round would be a row without its file.
        file_hashes = archive_files(Path(settings.PANTAU_PRIVATE_MEDIA_ROOT), partial / FILES)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat().replace("+00:00", "Z"),
            "pantau": code_version(),
            "postgresql": {"server_version": server_version, "pg_dump": str(pg_dump)},
            "database": {
                "name": connection.settings_dict["NAME"],
                "file": DUMP,
                "sha256": sha256_of(partial / DUMP),
                "bytes": (partial / DUMP).stat().st_size,
            },
            "files": {
                "file": FILES,
                "sha256": sha256_of(partial / FILES),
                "bytes": (partial / FILES).stat().st_size,
                "count": len(file_hashes),
                "sha256_by_path": file_hashes,
            },
            "migrations": migrations,
            "tables": tables,
            "keys": key_references(),
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)  # a half backup must not be mistaken for one
        raise
    finally:
        os.umask(old_umask)
    return final
