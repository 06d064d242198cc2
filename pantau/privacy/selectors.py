"""Reads of data-subject requests, always through the scope in pantau.accounts.access."""

from __future__ import annotations

from datetime import datetime

from pantau.accounts.access import Perm, UserLike, get_scoped, subject_request_scope
from pantau.privacy.models import SubjectRequest, SubjectRequestQuerySet


def requests_visible_to(user: UserLike) -> SubjectRequestQuerySet:
    return subject_request_scope(user, SubjectRequest.objects.all())


def get_request_for(user: UserLike, pk: int | str) -> SubjectRequest:
    visible = requests_visible_to(user).select_related("handled_by")
    return get_scoped(user, visible, pk, need=Perm.PRIVACY_REQUESTS, view=Perm.PRIVACY_REQUESTS)


def filter_requests(
    rows: SubjectRequestQuerySet, *, status: str = "", overdue: bool = False, now: datetime | None = None
) -> SubjectRequestQuerySet:
    if overdue:
        rows = rows.overdue(now)
    if status:
        rows = rows.filter(status=status)
    return rows
