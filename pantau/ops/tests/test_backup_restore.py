"""bin/backup and bin/restore end to end on PostgreSQL: a backup restored into an empty database has the
same rows, checksums and files, its children's identifiers still decrypt, and a restore refuses a
database that is not empty, the wrong keys and a damaged archive."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import override_settings

from pantau.children.identifiers import read_identifier, set_identifier
from pantau.children.models import Child
from pantau.conftest import build_world
from pantau.ops import postgres
from pantau.ops.backup import FILES, MANIFEST
from pantau.ops.restore import compare_files, compare_tables, key_problems
from pantau.registry.tests.conftest import make_lksa

ROOT = Path(__file__).resolve().parents[3]
NIK = "3603124505140003"
SCAN = b"%PDF-1.4\n% a statement scanned at the police station\n%%EOF\n"

pytestmark = pytest.mark.backup


def database_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def run_bin(script: str, *args: str, database: str, media: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PANTAU_ENV="test", PANTAU_DATABASE_URL=database_url(database))
    env["PANTAU_PRIVATE_MEDIA_ROOT"] = str(media)
    return subprocess.run(  # noqa: S603 (our own scripts, fixed arguments)
        [str(ROOT / "bin" / script), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def admin(sql: str) -> None:
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def empty_database() -> Any:
    name = f"{connection.settings_dict['NAME']}_restore"
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    yield name
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL")
@pytest.mark.django_db(transaction=True)  # the scripts run in their own processes: the data must be committed
def test_a_backup_restores_whole_into_an_empty_database(tmp_path: Path, empty_database: str) -> None:
    world = build_world()
    home = make_lksa(world.lksa, capacity=20)
    child = Child(
        lksa=home,
        region_code=home.region_code,
        full_name="Siti Aminah",
        sex="P",
        birth_date=date(2014, 5, 5),
        referral_source="family",
        referral_reason="-",
        admitted_on=date(2024, 1, 1),
    )
    set_identifier(child, "nik", NIK)
    child.save()
    media = tmp_path / "private"
    (media / "cases" / "caseevidence").mkdir(parents=True)
    (media / "cases" / "caseevidence" / "9f2c").write_bytes(SCAN)

    made = run_bin(
        "backup",
        "--output",
        str(tmp_path / "backups"),
        database=connection.settings_dict["NAME"],
        media=media,
    )
    assert made.returncode == 0, made.stderr
    folder = next((tmp_path / "backups").iterdir())
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert {oct(p.stat().st_mode & 0o777) for p in folder.iterdir()} == {"0o600"}
    manifest = json.loads((folder / MANIFEST).read_text())
    with transaction.atomic():
        assert manifest["tables"] == postgres.table_fingerprints()
    assert manifest["tables"]["children_child"]["rows"] == 1
    assert manifest["migrations"]["children"] == postgres.migration_state()["children"]
    assert list(manifest["files"]["sha256_by_path"]) == ["cases/caseevidence/9f2c"]
    text = (folder / MANIFEST).read_text()
    for _key_id, key in [*_configured_keys()]:
        assert (
            base64.b64encode(key).decode() not in text and key.hex() not in text
        )  # a reference, not the key

    # Refusals change nothing and come before anything is written: the wrong key, a non-empty database.
    wrong = [("dev", b"\x01" * 32)]
    with (
        override_settings(PANTAU_FIELD_KEYS=wrong),
        pytest.raises(CommandError, match="not the key") as refused,
    ):
        call_command("restore", str(folder))
    assert refused.value.returncode == 2
    with pytest.raises(CommandError, match="is not empty") as refused:
        call_command("restore", str(folder))  # the test database holds the data just backed up
    assert refused.value.returncode == 2
    damaged = tmp_path / "damaged"
    shutil.copytree(folder, damaged)
    with (damaged / FILES).open("r+b") as handle:
        handle.seek(600)
        handle.write(b"X")
    with pytest.raises(CommandError, match="damaged") as refused:
        call_command("restore", str(damaged))
    assert refused.value.returncode == 2

    restored_media = tmp_path / "restored"
    done = run_bin("restore", str(folder), database=empty_database, media=restored_media)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Restored and verified" in done.stdout
    with psycopg.connect(database_url(empty_database)) as conn, conn.cursor() as cursor:
        assert postgres.table_fingerprints(cursor) == manifest["tables"]
        cursor.execute("SELECT nik_cipher, nik_hash FROM children_child")
        [(cipher, blind)] = cursor.fetchall()
    assert cipher == child.nik_cipher and blind == child.nik_hash
    assert read_identifier(Child(nik_cipher=cipher), "nik") == NIK  # decrypts with the configured key
    assert (restored_media / "cases" / "caseevidence" / "9f2c").read_bytes() == SCAN


def _configured_keys() -> list[tuple[str, bytes]]:
    from django.conf import settings

    return [*settings.PANTAU_FIELD_KEYS, ("index", settings.PANTAU_BLIND_INDEX_KEY)]


def test_a_restore_that_differs_from_its_manifest_is_reported_table_by_table(tmp_path: Path) -> None:
    expected = {"a": {"rows": 2, "md5": "x"}, "b": {"rows": 1, "md5": "y"}, "c": {"rows": 0, "md5": ""}}
    found = {"a": {"rows": 1, "md5": "z"}, "b": {"rows": 1, "md5": "w"}, "d": {"rows": 0, "md5": ""}}
    assert compare_tables(expected, found) == [
        "table a: 1 rows, the backup had 2",
        "table b: same row count, different content (checksum)",
        "table c: missing after the restore",
        "table d: not in the backup",
    ]
    assert compare_tables(expected, expected) == []
    (tmp_path / "kept").write_bytes(b"1")
    (tmp_path / "changed").write_bytes(b"2")
    (tmp_path / "extra").write_bytes(b"3")
    digest = "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b"  # sha256 of b"1"
    assert compare_files({"kept": digest, "changed": digest, "gone": digest}, tmp_path) == [
        "file gone: missing after the restore",
        "file extra: not in the backup",
        "file changed: sha256 differs from the backup",
    ]


def test_every_key_of_the_backup_must_be_configured_with_the_same_fingerprint() -> None:
    wanted = {"field_keys": {"k2": "f2", "k1": "f1"}, "blind_index_key": "b"}
    assert (
        key_problems(wanted, {"field_keys": {"k2": "f2", "k1": "f1", "k3": "f3"}, "blind_index_key": "b"})
        == []
    )
    assert key_problems(wanted, {"field_keys": {"k2": "f2", "k1": "other"}, "blind_index_key": "c"}) == [
        "field key 'k1' in PANTAU_FIELD_KEYS is not the key of the backup",
        "PANTAU_BLIND_INDEX_KEY is not the key of the backup",
    ]
    assert key_problems(wanted, {"field_keys": {"k2": "f2"}, "blind_index_key": "b"}) == [
        "field key 'k1' is not in PANTAU_FIELD_KEYS"
    ]
