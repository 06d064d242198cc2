"""Background jobs whose worker may die: knowing for sure that it did, and a hook for fault tests.

A job (an import, a linkage run) holds a PostgreSQL session-level advisory lock, keyed by its kind and
id, for as long as its worker runs it. When the worker process dies (SIGKILL, out of memory, the machine
going down), PostgreSQL ends its session and the lock goes with it, and the open transaction is rolled
back. So "the job says it is running but nobody holds its lock" means exactly "its worker is gone":
no lease to tune, no heartbeat that a long single statement could miss. ``recover_jobs`` (the management
command) turns such jobs into failures the user can rerun.

The lock is on the worker's own connection, so it needs one session per worker (a pgbouncer in
*transaction* pooling mode would break it: use session pooling for the worker, or connect it directly).
Other databases (SQLite in development) have no such locks: there a job is never declared dead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

logger = logging.getLogger(__name__)

# The first half of the two-key advisory lock: one number per kind of job, so ids never collide.
NAMESPACES = {"import": 20_001, "linkage": 20_002, "network": 20_003}


def _supported() -> bool:
    return connection.vendor == "postgresql"


@contextlib.contextmanager
def job_lease(kind: str, job_id: int) -> Iterator[bool]:
    """Hold the job's lock while the block runs; yields False when another live worker holds it (the
    same job enqueued twice, or a rerun racing the original): the caller then leaves the job alone."""
    if not _supported():
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [NAMESPACES[kind], job_id])
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            # A connection that died with the job has released the lock already.
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [NAMESPACES[kind], job_id])


@contextlib.contextmanager
def if_worker_gone(kind: str, job_id: int) -> Iterator[bool]:
    """Yields True when no session holds the job's lock (its worker has ended), holding the lock for the
    block so that the job cannot start meanwhile; the caller's update must still check the job's status,
    since a worker may have finished it between the caller's read and this check."""
    if not _supported():
        yield False
        return
    with job_lease(kind, job_id) as acquired:
        yield acquired


def pause_for_fault_test(point: str) -> None:
    """Sleep at a named point when a fault test asks for it (``PANTAU_TEST_PAUSE=<point>:<seconds>``),
    so the test can kill the worker there. Honoured only with PANTAU_ENV=test: a production setting of
    the variable does nothing."""
    if settings.PANTAU_ENV != "test":
        return
    wanted = os.environ.get("PANTAU_TEST_PAUSE", "")
    name, _sep, seconds = wanted.partition(":")
    if name == point and seconds:
        logger.info("fault test: pausing %s s at %s", seconds, point)
        time.sleep(float(seconds))


class WorkerLost(Exception):
    """Recorded on a queued task whose worker died while running it (see ``mark_lost_tasks``)."""


def mark_lost_tasks(task_path: str, job_ids: list[int]) -> int:
    """The database queue's own rows for recovered jobs: a killed worker leaves them "running" forever;
    they are closed as failed so the queue's admin and counts tell the truth."""
    if not job_ids:
        return 0
    from django_tasks_db.models import DBTaskResult

    lost = [
        row.pk
        for row in DBTaskResult.objects.filter(task_path=task_path, status="RUNNING").only("args_kwargs")
        if (row.args_kwargs.get("args") or [None])[0] in job_ids
    ]
    return DBTaskResult.objects.filter(pk__in=lost).update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback="The worker process ended while running this task (recovered by recover_jobs).",
    )


# What ``manage.py recover_jobs`` runs: each app that has background jobs registers its recovery in its
# ``AppConfig.ready()`` (name -> a function returning the ids it marked interrupted).
RECOVERIES: dict[str, Callable[[], list[int]]] = {}


def register_recovery(name: str, recover: Callable[[], list[int]]) -> None:
    RECOVERIES[name] = recover


def recover_all() -> dict[str, list[int]]:
    return {name: recover() for name, recover in RECOVERIES.items()}
