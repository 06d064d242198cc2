"""Reads of data-subject requests, always through the scope in pantau.accounts.access."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case, IntegerField, Value, When

from pantau.accounts.access import Perm, UserLike, get_scoped, subject_request_scope
from pantau.privacy.models import Status, SubjectRequest, SubjectRequestQuerySet


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
    # Open requests first (the work), then the answered ones; earliest due first within each.
    open_first = Case(When(status=Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    return rows.order_by(open_first, "due_at", "pk")
