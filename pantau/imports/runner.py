"""Running an uploaded list as a job: check every row first, then commit all or nothing.

The job records progress for the progress bar, the row problems for the report, and one audit event
with the counts. The kind (``kinds.py``) supplies the checks and the commit.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import has_perm
from pantau.audit.services import audit_record
from pantau.imports.kinds import ImportKind, Plan, import_kind
from pantau.imports.models import ImportJob
from pantau.lib.jobs import job_lease, pause_for_fault_test
from pantau.lib.spreadsheets import ImportFileError, RowError

logger = logging.getLogger(__name__)

MAX_STORED_ERRORS = 1000


def import_job_run(job_id: int) -> ImportJob:
    """Validate, then (if clean) commit one uploaded file. Safe to call from a worker.

    The job holds its lock (``pantau.lib.jobs``) while it runs, so ``recover_jobs`` can tell a job whose
    worker died from one still running. The rows, the job's "done" and its audit event are written in one
    transaction: a worker killed anywhere leaves either all of them or none."""
    with job_lease("import", job_id) as mine:
        if not mine:  # another worker is running this very job
            return ImportJob.objects.get(pk=job_id)
        return _run(job_id)


def _run(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not job.running:
        return job
    kind = import_kind(job.kind)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING, started_at=timezone.now())

    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=rows)

    with job.file.open("rb") as handle:
        data = handle.read()
    try:
        if not has_perm(job.created_by, kind.perm):
            raise ImportFileError(_("The person who uploaded this file may no longer make these changes."))
        plan = kind.plan(job.created_by, data, job.original_name, progress)
    except ImportFileError as error:
        plan = Plan(errors=[RowError(1, "", str(error))])
    except Exception:
        # Whatever went wrong, the job must not hang in "checking rows" and nothing is half-written.
        logger.exception("import %s failed", job.pk)
        plan = Plan(errors=[RowError(1, "", _("The file could not be processed. Nothing was saved."))])
    job.total_rows = job.processed_rows = plan.total
    job.errors = [vars(e) for e in plan.errors[:MAX_STORED_ERRORS]]
    job.error_count = len(plan.errors)
    if not plan.errors:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.SAVING, total_rows=plan.total, processed_rows=plan.total
        )
        try:
            with transaction.atomic():
                job.created_count, job.updated_count = kind.commit(job.created_by, plan)
                pause_for_fault_test("import-save")  # a fault test kills the worker here
                _finish(job, kind)
            return job
        except ImportFileError as error:  # e.g. a home filled up while the file was being checked
            job.error_count, job.errors = 1, [vars(RowError(1, "", str(error)))]
        except Exception:
            logger.exception("import %s could not be committed", job.pk)
            failure = RowError(1, "", _("The file could not be saved; nothing was changed. Try again."))
            job.error_count, job.errors = 1, [vars(failure)]
        job.created_count = job.updated_count = 0  # rolled back with the rows
    _finish(job, kind)
    return job


def _finish(job: ImportJob, kind: ImportKind) -> None:
    job.status = ImportJob.Status.FAILED if job.error_count else ImportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save()
    audit_record(
        action=kind.done_action if job.status == ImportJob.Status.DONE else kind.refused_action,
        actor=job.created_by,
        target=job,
        target_label=job.original_name,
        changes={
            "rows": job.total_rows,
            "created": job.created_count,
            "updated": job.updated_count,
            "errors": job.error_count,
        },
    )
