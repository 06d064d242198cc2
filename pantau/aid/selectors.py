"""Reads of aid records, scoped by the access rules (the homes a person sees, and AID_VIEW)."""

from __future__ import annotations

from django.db.models import QuerySet

from pantau.accounts.access import Perm, UserLike, aid_scope, get_scoped
from pantau.aid.models import AidRecord
from pantau.aid.reconcile import Reconciliation, reconcile
from pantau.registry.selectors import lksa_visible_to


def aid_visible_to(user: UserLike) -> QuerySet[AidRecord]:
    return aid_scope(user, AidRecord.objects.all(), homes_visible=lksa_visible_to(user))


def get_aid_for(user: UserLike, pk: int | str, *, need: Perm = Perm.AID_VIEW) -> AidRecord:
    return get_scoped(user, aid_visible_to(user).select_related("lksa"), pk, need=need, view=Perm.AID_VIEW)


def rows_of(records: QuerySet[AidRecord]) -> list[tuple[AidRecord, Reconciliation]]:
    """Records with their reconciliation, flagged first, then the largest difference, then the latest."""
    items = list(records.select_related("lksa"))
    figures = reconcile(items)
    rows = [(record, figures[record.pk]) for record in items]
    rows.sort(key=lambda row: (not row[1].flagged, -row[1].difference, -row[0].period_end.toordinal()))
    return rows
