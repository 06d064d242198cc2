"""What waits for a person in supervision: their visits coming up, homes due a visit per the plan,
findings past their date (the supervisor's), findings to correct (the home's), escalated findings.

Built on ``supervision.selectors`` (and the registry's scoped homes), so each queue lists what its
"see all" page lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from pantau.accounts.access import UserLike
from pantau.lib.queues import Queue, QueueItem, queue_of
from pantau.registry.models import Lksa, LksaQuerySet
from pantau.registry.selectors import lksa_visible_to
from pantau.supervision.models import Finding, FindingQuerySet, Visit, VisitQuerySet
from pantau.supervision.selectors import findings_visible_to, visits_visible_to

UPCOMING_DAYS = 7  # as the daily reminder e-mail (supervision/reminders.py)
VISIT_EVERY_DAYS = 365  # a home not visited for a year is due a visit (the plan's "not visited" reason)


def my_open_visits(visits: VisitQuerySet, user: UserLike, *, today: date) -> VisitQuerySet:
    """The person's planned or started visits up to a week ahead (late ones too), the earliest first."""
    return visits.filter(
        team=user.pk,
        status__in=[Visit.Status.PLANNED, Visit.Status.IN_PROGRESS],
        planned_on__lte=today + timedelta(days=UPCOMING_DAYS),
    ).order_by("planned_on", "pk")


def my_visits(user: UserLike, *, today: date) -> Queue:
    rows = my_open_visits(visits_visible_to(user), user, today=today).select_related("lksa")

    def item(visit: Visit) -> QueueItem:
        return QueueItem(
            label=visit.lksa.name,
            detail=f"{visit.get_kind_display()} · {visit.get_status_display()}",
            url=reverse("supervision:visit_detail", args=[visit.pk]),
            due_on=visit.planned_on,
            urgent=visit.planned_on < today,
        )

    return queue_of(
        "my_visits",
        _("Your visits this week"),
        rows,
        item,
        see_all=reverse("supervision:visit_list") + "?mine=1",
    )


def unvisited(homes: LksaQuerySet, *, today: date) -> LksaQuerySet:
    """Public homes with no concluded visit in the last year and none planned, the longest-unvisited first."""
    year_ago = today - timedelta(days=VISIT_EVERY_DAYS)
    open_statuses = [Visit.Status.PLANNED, Visit.Status.IN_PROGRESS]
    return (
        homes.public()
        .annotate(
            last_visit=Max("visits__visited_on", filter=Q(visits__status=Visit.Status.CONCLUDED)),
            next_visit=Max("visits__planned_on", filter=Q(visits__status__in=open_statuses)),
        )
        .filter(Q(last_visit__isnull=True) | Q(last_visit__lt=year_ago), next_visit__isnull=True)
        .order_by(F("last_visit").asc(nulls_first=True), "name", "pk")
    )


def visits_due(user: UserLike, *, today: date) -> Queue:
    """Homes the plan says are due a visit (not visited for a year) that have no visit planned."""
    rows = unvisited(lksa_visible_to(user), today=today)

    def item(home: Lksa) -> QueueItem:
        last = getattr(home, "last_visit", None)
        due = last + timedelta(days=VISIT_EVERY_DAYS) if last else None
        return QueueItem(
            label=home.name,
            detail=_("last visited %(day)s") % {"day": last.strftime("%d-%m-%Y")}
            if last
            else _("never visited"),
            url=reverse("registry:lksa_detail", args=[home.pk]),
            due_on=due,
            urgent=True,
        )

    return queue_of(
        "visits_due",
        _("Homes due a visit, none planned"),
        rows,
        item,
        see_all=reverse("supervision:plan"),
    )


def _finding_item(today: date) -> Callable[[Finding], QueueItem]:
    def item(finding: Finding) -> QueueItem:
        return QueueItem(
            label=f"{finding.lksa.name} · {finding.get_severity_display()}",
            detail=finding.get_status_display(),
            url=reverse("supervision:finding_detail", args=[finding.pk]),
            due_on=finding.due_on,
            urgent=finding.due_on < today,
        )

    return item


def _findings(user: UserLike) -> FindingQuerySet:
    return findings_visible_to(user).select_related("lksa").order_by("due_on", "pk")


def findings_overdue(user: UserLike, *, today: date) -> Queue:
    return queue_of(
        "findings_overdue",
        _("Findings past their due date"),
        _findings(user).overdue(today),
        _finding_item(today),
        see_all=reverse("supervision:finding_list") + "?show=overdue",
    )


def findings_to_fix(user: UserLike, *, today: date) -> Queue:
    """For the home: findings waiting for its correction, by due date."""
    return queue_of(
        "findings_to_fix",
        _("Findings to correct"),
        _findings(user).filter(status=Finding.Status.OPEN),
        _finding_item(today),
        see_all=reverse("supervision:finding_list") + "?show=to_fix",
    )


def findings_escalated(user: UserLike, *, today: date) -> Queue:
    return queue_of(
        "findings_escalated",
        _("Escalated findings"),
        _findings(user).open().filter(escalated_at__isnull=False),
        _finding_item(today),
        see_all=reverse("supervision:finding_list") + "?show=escalated",
    )
