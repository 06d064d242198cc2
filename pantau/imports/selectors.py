"""Reads of import jobs, scoped by the rules of pantau.accounts.access."""

from __future__ import annotations

from django.db.models import QuerySet

from pantau.accounts.access import UserLike, get_scoped, import_job_scope
from pantau.imports.kinds import import_kind
from pantau.imports.models import ImportJob


def import_jobs_visible_to(user: UserLike, kind: str) -> QuerySet[ImportJob]:
    """Imports are visible within the organisation that ran them, to those who may run that kind."""
    jobs = ImportJob.objects.filter(kind=kind).select_related("created_by")
    return import_job_scope(user, jobs, perm=import_kind(kind).perm)


def get_import_job_for(user: UserLike, pk: int | str, kind: str) -> ImportJob:
    perm = import_kind(kind).perm
    return get_scoped(user, import_jobs_visible_to(user, kind), pk, need=perm, view=perm)
