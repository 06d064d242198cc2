"""Home-page queues: applications waiting for Dinas Sosial (the oldest first, overdue against the SOP
processing time flagged) and the home's applications returned for correction."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from pantau.accounts.access import UserLike
from pantau.applications.models import Application, Status
from pantau.applications.selectors import applications_visible_to, sop_due_on, waiting
from pantau.lib.queues import Queue, QueueItem, queue_of


def applications_waiting(user: UserLike, *, today: date) -> Queue:
    def item(application: Application) -> QueueItem:
        due = sop_due_on(application)
        return QueueItem(
            label=f"{application.lksa.name} · {application.get_kind_display()}",
            url=reverse("applications:detail", args=[application.pk]),
            due_on=due,
            detail=application.get_status_display(),
            urgent=due is not None and today > due,
        )

    return queue_of(
        "applications_waiting",
        _("Applications waiting"),
        waiting(applications_visible_to(user)),
        item,
        see_all=reverse("applications:list") + "?status=waiting",
        one_read=True,
    )


def applications_returned(user: UserLike) -> Queue:
    def item(application: Application) -> QueueItem:
        return QueueItem(
            label=application.get_kind_display(),
            url=reverse("applications:detail", args=[application.pk]),
            detail=application.decision_note,
        )

    rows = applications_visible_to(user).filter(status=Status.RETURNED).order_by("-pk")
    return queue_of(
        "applications_returned",
        _("Applications returned to you"),
        rows,
        item,
        see_all=reverse("applications:list") + "?status=returned",
        one_read=True,
    )
