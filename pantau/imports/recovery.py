"""Imports whose worker died, and running them again.

``imports_recover`` is run by ``manage.py recover_jobs`` (before the worker starts, and every few
minutes). A job that says it is checking or saving rows while nobody holds its lock (``pantau.lib.jobs``)
lost its worker: its open transaction was rolled back by PostgreSQL, so nothing of it was saved. It is
marked failed and interrupted; the person who uploaded it sees so and can run it again with one click.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.imports.models import ImportJob
from pantau.lib.jobs import if_worker_gone, mark_lost_tasks

logger = logging.getLogger(__name__)

TASK_PATH = "pantau.imports.tasks.run_import"
# A job still waiting this long with no task queued for it was never handed to a worker (the web
# process died between saving the job and queueing it) or its worker died before taking its lock.
PENDING_GRACE = timedelta(minutes=10)


def imports_recover(*, now: datetime | None = None) -> list[int]:
    """Mark the imports whose worker is gone as failed (interrupted). Returns their ids."""
    now = now or timezone.now()
    started = ImportJob.objects.filter(status__in=[ImportJob.Status.VALIDATING, ImportJob.Status.SAVING])
    pending = ImportJob.objects.filter(status=ImportJob.Status.PENDING, created_at__lt=now - PENDING_GRACE)
    queued = _queued_job_ids()
    recovered = []
    changed = 0
    for job_id in list(started.values_list("pk", flat=True)) + [
        pk for pk in pending.values_list("pk", flat=True) if pk not in queued
    ]:
        with if_worker_gone("import", job_id) as gone:
            if not gone:
                continue
            with transaction.atomic():
                # Only a job still running: its worker may have finished it since the read above.
                changed = ImportJob.objects.filter(pk=job_id, status__in=_RUNNING).update(
                    status=ImportJob.Status.FAILED,
                    interrupted=True,
                    finished_at=now,
                    created_count=0,
                    updated_count=0,
                    errors=[],
                    error_count=0,
                )
                if changed:
                    job = ImportJob.objects.get(pk=job_id)
                    audit_record(
                        action="import.interrupted",
                        actor=None,
                        organisation=job.organisation,
                        target=job,
                        target_label=job.original_name,
                        changes={"status": ["running", "interrupted"]},
                    )
        if changed:
            recovered.append(job_id)
            logger.warning("import %s was interrupted (its worker is gone); marked failed", job_id)
    mark_lost_tasks(TASK_PATH, recovered)
    return recovered


_RUNNING = {ImportJob.Status.PENDING, ImportJob.Status.VALIDATING, ImportJob.Status.SAVING}


def _queued_job_ids() -> set[int]:
    """Ids of the imports with a task still waiting in the database queue (none with the inline one)."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").values_list(
        "args_kwargs", flat=True
    )
    return {args["args"][0] for args in waiting if args.get("args")}


def import_job_rerun(*, actor: User, job: ImportJob) -> ImportJob:
    """Start an interrupted import again from its stored file; the caller queues it."""
    with transaction.atomic():
        changed = ImportJob.objects.filter(
            pk=job.pk, status=ImportJob.Status.FAILED, interrupted=True
        ).update(
            status=ImportJob.Status.PENDING,
            interrupted=False,
            started_at=None,
            finished_at=None,
            processed_rows=0,
            total_rows=0,
        )
        if not changed:
            raise ValueError("only an interrupted import can be run again")
        audit_record(
            action="import.rerun",
            actor=actor,
            target=job,
            target_label=job.original_name,
            changes={"status": ["interrupted", "pending"]},
        )
    job.refresh_from_db()
    return job
