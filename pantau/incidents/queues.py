"""The home pages' incident items: for Dinas Sosial the reports that came in late in the last 30 days
(a signal about a home's reporting, not an action overdue; each opens the report); for a home, the
action "report an incident" (a link, not a queue: nothing waits until something happens)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from pantau.accounts.access import UserLike
from pantau.incidents.models import IncidentReport
from pantau.incidents.selectors import incidents_visible_to
from pantau.lib.queues import Queue, QueueItem, queue_of

LATE_WITHIN_DAYS = 30


def reported_late(user: UserLike, *, now: datetime) -> Queue:
    rows = (
        incidents_visible_to(user)
        .late()
        .filter(reported_at__gte=now - timedelta(days=LATE_WITHIN_DAYS))
        .select_related("lksa")
        .order_by("-reported_at", "-pk")
    )

    def item(report: IncidentReport) -> QueueItem:
        return QueueItem(
            label=f"{report.lksa.name} · {report.get_kind_display()}",
            detail=_("reported late by %(late)s") % {"late": timesince(report.due_at, report.reported_at)},
            url=reverse("incidents:detail", args=[report.pk]),
        )

    return queue_of(
        "incidents_late",
        _("Incidents reported late (last 30 days)"),
        rows,
        item,
        see_all=reverse("incidents:list") + "?late=on",
        one_read=True,
    )


def report_action() -> QueueItem:
    return QueueItem(
        label=_("Report an incident"),
        detail=_("abuse, a missing child, a death, an exploitation attempt, a request to 'adopt' a child"),
        url=reverse("incidents:new"),
    )


def reports_action() -> QueueItem:
    return QueueItem(label=_("Your incident reports and their status"), url=reverse("incidents:list"))
