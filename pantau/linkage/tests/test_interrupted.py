"""A worker killed mid-run (SIGKILL): the run's pairs are not stored, ``recover_jobs`` marks the run
interrupted and the runs page says so; a new run stores them. A real ``manage.py db_worker`` is killed
while it holds the run's transaction open (see pantau/imports/tests/test_interrupted.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from pantau.audit.models import AuditEvent
from pantau.imports.tests.worker import (
    DATABASE_BACKEND,
    kill,
    start_worker,
    wait_for,
    worker_idle_in_transaction,
)
from pantau.linkage import services
from pantau.linkage.models import CandidatePair, LinkageRun
from pantau.linkage.tasks import run_linkage
from pantau.linkage.tests.conftest import Children


def _queue(children: Children) -> LinkageRun:
    run = services.run_queue(actor=children.registry.world.user("supervisor"), region_code="")
    with override_settings(TASKS=DATABASE_BACKEND):
        run_linkage.enqueue(run.pk)
    return run


@pytest.mark.django_db(transaction=True)
def test_worker_killed_while_storing_pairs_stores_nothing(children: Children) -> None:
    run = _queue(children)
    worker = start_worker(pause="linkage-store:120")
    try:
        wait_for(lambda: worker_idle_in_transaction(worker), timeout=120, what="pairs written, not committed")
        assert LinkageRun.objects.get(pk=run.pk).status == "running"
        assert services.runs_recover() == []  # a live worker's run is never taken for dead
    finally:
        kill(worker)
    wait_for(lambda: run.pk in services.runs_recover(), timeout=30, what="recovery")
    run.refresh_from_db()
    assert (run.status, run.error) == ("failed", services.INTERRUPTED)
    assert CandidatePair.objects.count() == 0
    assert DBTaskResult.objects.get().status == "FAILED"
    assert AuditEvent.objects.filter(action="linkage.run_interrupted", target_id=str(run.pk)).exists()

    again = _queue(children)
    worker = start_worker(batch=True)
    assert worker.wait(timeout=180) == 0
    again.refresh_from_db()
    assert again.status == "done" and again.new_pairs == CandidatePair.objects.count() > 0


def test_the_runs_page_says_a_run_was_interrupted(children: Children, login: Callable[..., Client]) -> None:
    LinkageRun.objects.create(region_code="36.03", status="failed", error=services.INTERRUPTED)
    page = login(children.registry.world.user("supervisor")).get("/duplicates/runs/").content.decode()
    assert "interrupted: the server stopped while it ran; nothing was stored; start a new run" in page
