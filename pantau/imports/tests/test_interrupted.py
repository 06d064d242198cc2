"""A worker killed mid-import (SIGKILL, as the out-of-memory killer or a power cut would): nothing of the
file is saved, ``recover_jobs`` marks the job interrupted, the user sees so and runs it again.

These tests start a real ``manage.py db_worker`` on the test database and kill it while it holds the
import's transaction open (paused there by ``PANTAU_TEST_PAUSE``, which only PANTAU_ENV=test honours)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook

from pantau.audit.models import AuditEvent
from pantau.conftest import World
from pantau.imports.models import ImportJob
from pantau.imports.recovery import imports_recover
from pantau.imports.tasks import run_import
from pantau.imports.tests.worker import (
    DATABASE_BACKEND,
    kill,
    start_worker,
    wait_for,
    worker_idle_in_transaction,
)
from pantau.lib import jobs
from pantau.registry.importer import COLUMN_NAMES
from pantau.registry.models import Lksa

ROWS = 40


def _lksa_file(rows: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMN_NAMES)
    for n in range(rows):
        values = {"nama_lksa": f"Panti Uji Henti {n:03d}", "kode_wilayah": "36.03.03.2001", "kapasitas": 30}
        sheet.append([values.get(c) for c in COLUMN_NAMES])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _job(world: World) -> ImportJob:
    by = world.user("supervisor")
    job = ImportJob(kind="lksa", created_by=by, organisation=world.dinsos, original_name="daftar.xlsx")
    job.file.save("daftar.xlsx", ContentFile(_lksa_file(ROWS)), save=False)
    job.save()
    return job


def _saved() -> int:
    return Lksa.objects.filter(name__startswith="Panti Uji Henti").count()


@pytest.mark.django_db(transaction=True)
def test_worker_killed_while_saving_saves_nothing_and_the_rerun_saves_everything(
    world: World, login: Callable[..., Client]
) -> None:
    job = _job(world)
    with override_settings(TASKS=DATABASE_BACKEND):
        run_import.enqueue(job.pk)
    worker = start_worker(pause="import-save:120")
    try:
        wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == "saving", timeout=90, what="saving")
        # The rows are written inside the worker's open transaction, which waits at the pause point.
        wait_for(lambda: worker_idle_in_transaction(worker), timeout=30, what="rows written, not committed")
        # A live worker's job is never taken for dead.
        assert imports_recover() == []
    finally:
        kill(worker)
    # PostgreSQL ends the dead worker's session (rolling its transaction back) once it sees the socket
    # close; recovery finds the lock free from then on.
    wait_for(lambda: job.pk in imports_recover(), timeout=30, what="recovery")
    job.refresh_from_db()
    assert (job.status, job.interrupted, job.created_count) == ("failed", True, 0)
    assert _saved() == 0
    assert AuditEvent.objects.filter(action="import.interrupted", target_id=str(job.pk)).exists()
    assert AuditEvent.objects.filter(action="lksa.imported").count() == 0
    # The queue's own record of the task does not stay "running" forever.
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED"]

    client = login(world.user("supervisor"))
    with translation.override("en"):
        page = client.get(f"/registry/imports/{job.pk}/").content.decode()
    assert "The import was interrupted" in page and "Nothing was saved" in page
    assert f"/registry/imports/{job.pk}/rerun/" in page
    with translation.override("id"):
        page = client.get(f"/registry/imports/{job.pk}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Impor terhenti" in page

    with override_settings(TASKS=DATABASE_BACKEND):
        response = client.post(f"/registry/imports/{job.pk}/rerun/")
    assert response.status_code == 302
    rerun = start_worker(batch=True)
    assert rerun.wait(timeout=120) == 0, rerun.stderr.read().decode()[-2000:] if rerun.stderr else ""
    job.refresh_from_db()
    assert (job.status, job.interrupted, job.created_count) == ("done", False, ROWS), job.errors
    assert _saved() == ROWS
    assert AuditEvent.objects.filter(action="import.rerun", target_id=str(job.pk)).count() == 1


def test_recovery_leaves_finished_failed_and_queued_jobs_alone(world: World) -> None:
    done = _job(world)
    ImportJob.objects.filter(pk=done.pk).update(status="done")
    queued = _job(world)  # pending and young: still waiting for a worker
    refused = _job(world)
    ImportJob.objects.filter(pk=refused.pk).update(status="failed", error_count=1)
    assert imports_recover() == []
    assert set(ImportJob.objects.values_list("status", flat=True)) == {"done", "pending", "failed"}
    # A job left pending long after it was saved, with no task queued, was never handed to a worker.
    ImportJob.objects.filter(pk=queued.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert imports_recover() == [queued.pk]


def test_a_job_another_session_holds_is_not_recovered_nor_run_twice(world: World) -> None:
    job = _job(world)
    ImportJob.objects.filter(pk=job.pk).update(status="validating")
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:  # another worker's session holding the job's lock
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [jobs.NAMESPACES["import"], job.pk])
        assert imports_recover() == []
        ImportJob.objects.filter(pk=job.pk).update(status="pending")
        from pantau.imports.runner import import_job_run

        assert import_job_run(job.pk).status == "pending"  # left to the worker that holds it
    finally:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [jobs.NAMESPACES["import"], job.pk])
        other.close()
    assert import_job_run(job.pk).status == "done"


def test_rerun_refuses_a_job_that_was_not_interrupted(world: World, login: Callable[..., Client]) -> None:
    job = _job(world)
    ImportJob.objects.filter(pk=job.pk).update(status="failed", error_count=1)
    client = login(world.user("supervisor"))
    response = client.post(f"/registry/imports/{job.pk}/rerun/", follow=True)
    assert "Only an interrupted import can be run again." in response.content.decode()
    assert ImportJob.objects.get(pk=job.pk).status == "failed"


def test_recover_jobs_command_reports_per_kind(world: World) -> None:
    job = _job(world)
    ImportJob.objects.filter(pk=job.pk).update(status="saving")
    out = io.StringIO()
    call_command("recover_jobs", stdout=out)
    assert f"imports: 1 interrupted ({job.pk})" in out.getvalue()
    assert "linkage runs: 0 interrupted" in out.getvalue()
