"""What waits on the home page about rakor recommendations: the assignments of one's own organisation
that are due within 30 days or overdue (for those who report progress), and for KPAI's managers every
overdue assignment they follow. Each item opens the assignment's page; "see all" opens the list that
shows the same rows."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from pantau.accounts.access import UserLike
from pantau.coordination.models import Assignment, Status
from pantau.coordination.selectors import assignments_visible_to, own_assignments
from pantau.lib.queues import Queue, QueueItem, queue_of

DUE_WITHIN = 30


def _item(today: date):  # type: ignore[no-untyped-def]
    def item(a: Assignment) -> QueueItem:
        number = a.recommendation.number
        return QueueItem(
            label=_("Recommendation %(number)s: %(organisation)s")
            % {"number": number if number is not None else "-", "organisation": a.organisation.name},
            detail=a.recommendation.meeting.title,
            url=reverse("coordination:assignment_detail", args=[a.pk]),
            due_on=a.due_on,
            urgent=a.due_on < today,
        )

    return item


def assignments_due(user: UserLike, *, today: date) -> Queue:
    rows = (
        own_assignments(user)
        .exclude(status=Status.DONE)
        .filter(due_on__lte=today + timedelta(days=DUE_WITHIN))
        .order_by("due_on", "pk")
    )
    return queue_of(
        "coordination_due",
        _("Rakor recommendations due"),
        rows,
        _item(today),
        see_all=reverse("coordination:mine"),
        one_read=True,
    )


def assignments_overdue(user: UserLike, *, today: date) -> Queue:
    rows = (
        assignments_visible_to(user)
        .filter(due_on__lt=today)
        .exclude(status=Status.DONE)
        .order_by("due_on", "pk")
    )
    return queue_of(
        "coordination_overdue",
        _("Rakor recommendations overdue"),
        rows,
        _item(today),
        see_all=reverse("coordination:overview") + "?status=overdue",
        one_read=True,
    )
