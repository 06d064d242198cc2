"""What waits for a person about children in care: care plans past their review, children admitted
without a gatekeeping assessment, admissions waiting for Dinas Sosial's sign-off, children back with
their family who are due a follow-up visit.

Built on ``children_visible_to`` (the children list's scope); each "see all" link opens the children
list with the same filter (``?needs=``). Items name no child: a record number and dates only."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pantau.accounts.access import UserLike
from pantau.children import gatekeeping_rules
from pantau.children.models import Child, ChildQuerySet, GatekeepingAssessment, Placement
from pantau.children.selectors import children_visible_to
from pantau.lib.queues import Queue, QueueItem, queue_of

FOLLOW_UP_EVERY_DAYS = 90  # a child back with the family is visited at least every three months
FOLLOW_UP_FOR_DAYS = 365  # during the first year after leaving
FOLLOW_UP_AHEAD_DAYS = 14  # listed two weeks before the visit is due

NEEDS = ("gatekeeping", "signoff", "follow_up")


def care_plan_overdue(children: ChildQuerySet, *, today: date) -> ChildQuerySet:
    """Children in care whose care plan is past its review date, or who have none (the children of the
    "care-plan reviews due" page), the longest overdue first."""
    return (
        children.in_care()
        .annotate(review_on=Max("care_plans__next_review_on"))
        .filter(Q(review_on__lt=today) | Q(review_on__isnull=True))
        .order_by(F("review_on").asc(nulls_first=True), "admitted_on", "pk")
    )


def without_gatekeeping(children: ChildQuerySet) -> ChildQuerySet:
    return children.in_care().filter(gatekeeping__isnull=True).order_by("admitted_on", "pk")


def waiting_for_signoff(children: ChildQuerySet) -> ChildQuerySet:
    """Children in care whose admission Dinas Sosial has not signed off: an assessment not signed off,
    or an emergency admission still without an assessment (it cannot be signed off before the home
    records it, but it waits all the same). The longest waiting first; past
    ``GatekeepingAssessment.SIGNOFF_DAYS`` after admission they are overdue (``signoff_due_on``)."""
    waiting = Q(gatekeeping__isnull=False, gatekeeping__signed_off_at__isnull=True) | Q(
        gatekeeping__isnull=True, emergency_admission=True
    )
    return children.in_care().filter(waiting).order_by("admitted_on", "pk")


def signoff_due_on(child: Child) -> date:
    """The last day the admission may wait for sign-off; the day after, it is overdue."""
    return child.admitted_on + timedelta(days=GatekeepingAssessment.SIGNOFF_DAYS)


def follow_up_due(children: ChildQuerySet, *, today: date) -> ChildQuerySet:
    """Children who left for family-based care in the last year whose next follow-up visit (three
    months after leaving or after the last visit) falls within two weeks or has passed."""
    family = Q(placements__kind__in=Placement.FAMILY_BASED, placements__ended_on__isnull=True)
    return (
        children.filter(status=Child.Status.LEFT)
        .annotate(
            left_on=Max("placements__started_on", filter=family),
            last_follow_up=Max("follow_ups__visited_on"),
        )
        .annotate(since=Coalesce("last_follow_up", "left_on"))
        .filter(
            left_on__gte=today - timedelta(days=FOLLOW_UP_FOR_DAYS),
            since__lte=today - timedelta(days=FOLLOW_UP_EVERY_DAYS - FOLLOW_UP_AHEAD_DAYS),
        )
        .order_by("since", "pk")
    )


def filter_needs(children: ChildQuerySet, needs: str, *, today: date) -> ChildQuerySet:
    """The children list filtered as one of the queues (``needs`` in ``NEEDS``)."""
    if needs == "gatekeeping":
        return without_gatekeeping(children)
    if needs == "signoff":
        return waiting_for_signoff(children)
    if needs == "follow_up":
        return follow_up_due(children, today=today)
    return children


def _record(child: Child) -> str:
    return _("Child record no. %(pk)s") % {"pk": child.pk}


def _see_all(needs: str, status: str = "in_care") -> str:
    return reverse("children:child_list") + f"?status={status}&needs={needs}"


def care_plans_overdue(user: UserLike, *, today: date) -> Queue:
    def item(child: Child) -> QueueItem:
        review = getattr(child, "review_on", None)
        return QueueItem(
            label=_record(child),
            # Without a plan there is no review date: say since when the child is in care instead.
            detail=_("no care plan since admission on %(day)s")
            % {"day": child.admitted_on.strftime("%d-%m-%Y")}
            if review is None
            else _("care plan review overdue"),
            url=reverse("children:child_detail", args=[child.pk]),
            due_on=review,
            urgent=True,
        )

    return queue_of(
        "care_plans_overdue",
        _("Care plans to make or review"),
        care_plan_overdue(children_visible_to(user), today=today),
        item,
        see_all=reverse("children:reviews_due"),
    )


def gatekeeping_missing(user: UserLike) -> Queue:
    def item(child: Child) -> QueueItem:
        return QueueItem(
            label=_record(child),
            detail=_("admitted %(day)s") % {"day": child.admitted_on.strftime("%d-%m-%Y")},
            url=reverse("children:child_detail", args=[child.pk]),
        )

    return queue_of(
        "gatekeeping_missing",
        _("Children without a gatekeeping assessment"),
        without_gatekeeping(children_visible_to(user)),
        item,
        see_all=_see_all("gatekeeping"),
    )


def signoffs_waiting(user: UserLike, *, today: date) -> Queue:
    """For Dinas Sosial: admissions to sign off, overdue past 30 days, with the flags the home's answers
    raise (gatekeeping_rules.py), so a flagged admission is seen before it is signed."""

    def item(child: Child) -> QueueItem:
        assessment = getattr(child, "gatekeeping", None)
        due = signoff_due_on(child)
        flags = gatekeeping_rules.assessment_flags(child, assessment)
        if assessment is None:
            detail = _("emergency admission on %(day)s, no assessment yet")
        else:
            detail = _("admitted %(day)s, assessment not signed off")
        detail %= {"day": child.admitted_on.strftime("%d-%m-%Y")}
        if flags:
            count = len(flags)
            detail += " · " + ngettext("%(count)s gatekeeping flag", "%(count)s gatekeeping flags", count) % {
                "count": count
            }
        return QueueItem(
            label=_record(child),
            detail=detail,
            url=reverse("children:child_detail", args=[child.pk]),
            due_on=due,
            urgent=due < today,
        )

    return queue_of(
        "signoffs_waiting",
        _("Admissions waiting for sign-off"),
        waiting_for_signoff(children_visible_to(user).select_related("gatekeeping")),
        item,
        see_all=_see_all("signoff"),
        # Two reads (the first rows from the admission-order index, then a count that stops at 1,000),
        # not one exact window count: a province waits on tens of thousands (measured: 1 s -> 0.1 s).
    )


def follow_ups_due(user: UserLike, *, today: date) -> Queue:
    def item(child: Child) -> QueueItem:
        since = getattr(child, "since", None) or today
        due = since + timedelta(days=FOLLOW_UP_EVERY_DAYS)
        return QueueItem(
            label=_record(child),
            detail=child.lksa.name,
            url=reverse("children:child_detail", args=[child.pk]),
            due_on=due,
            urgent=due < today,
        )

    return queue_of(
        "follow_ups_due",
        _("Follow-up visits due"),
        follow_up_due(children_visible_to(user).select_related("lksa"), today=today),
        item,
        see_all=_see_all("follow_up", status="left"),
    )
