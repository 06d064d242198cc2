"""Reads of incident reports, always through the scope in pantau.accounts.access (incident_scope)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, QuerySet

from pantau.accounts.access import Perm, UserLike, get_scoped, incident_scope
from pantau.incidents.models import IncidentReport, IncidentReportQuerySet

LATE_WINDOW_DAYS = 365  # "late reports in the last 12 months", per home


def incidents_visible_to(user: UserLike) -> IncidentReportQuerySet:
    return incident_scope(user, IncidentReport.objects.all())


def get_incident_for(user: UserLike, pk: int | str) -> IncidentReport:
    visible = incidents_visible_to(user).select_related("lksa", "concern", "reported_by")
    return get_scoped(user, visible, pk, need=Perm.INCIDENT_REPORT, view=Perm.INCIDENT_REPORT)


def filter_incidents(
    rows: IncidentReportQuerySet, *, late_only: bool = False, kind: str = "", lksa: int | None = None
) -> IncidentReportQuerySet:
    if late_only:
        rows = rows.late()
    if kind:
        rows = rows.filter(kind=kind)
    if lksa:
        rows = rows.filter(lksa_id=lksa)
    return rows


def late_counts_by_home(rows: IncidentReportQuerySet, *, now: datetime) -> QuerySet[Any, dict[str, Any]]:
    """Per home with a late report in the last 12 months: its name and how many, most first (one read)."""
    return (
        rows.late()
        .filter(reported_at__gte=now - timedelta(days=LATE_WINDOW_DAYS))
        .values("lksa_id", "lksa__name")
        .annotate(late=Count("pk"))
        .order_by("-late", "lksa__name")
    )
