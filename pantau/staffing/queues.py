"""What waits in staff vetting: for a home, its staff without a valid police clearance (none, expired, or
expiring within 30 days; replaces the registry's "staff without a police clearance"); for Dinas Sosial,
barred persons found on the staff of a home it sees, and what homes recorded that waits for its check."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from pantau.accounts.access import UserLike
from pantau.lib.queues import Queue, QueueItem, queue_of
from pantau.registry.models import StaffMember
from pantau.staffing.models import BarMatch, PoliceClearance
from pantau.staffing.selectors import (
    EXPIRING_DAYS,
    matches_visible_to,
    pending_clearances,
    staff_visible_to,
)


def clearances_expiring(user: UserLike, *, today: date) -> Queue:
    """Active staff with no police clearance, an expired one, or one ending within 30 days: those with
    none first, then by the day it ends."""
    horizon = today + timedelta(days=EXPIRING_DAYS)
    rows = (
        staff_visible_to(user)
        .filter(is_active=True)
        .filter(Q(police_clearance_on__isnull=True) | Q(police_clearance_until__lte=horizon))
        .select_related("lksa")
        .order_by(F("police_clearance_until").asc(nulls_first=True), "full_name", "pk")
    )

    def item(staff: StaffMember) -> QueueItem:
        until = staff.police_clearance_until
        # An end date is shown by the card as the item's due date ("overdue since" once passed).
        detail = _("no police clearance on record") if staff.police_clearance_on is None else ""
        return QueueItem(
            label=f"{staff.full_name} · {staff.position}",
            detail=detail,
            url=reverse("staffing:home", args=[staff.lksa_id]),
            due_on=until,
            urgent=staff.police_clearance_on is None or (until is not None and until < today),
        )

    return queue_of(
        "clearances_expiring",
        _("Police clearances (SKCK) missing, expired or expiring"),
        rows,
        item,
        see_all=reverse("staffing:overview"),
    )


def barred_at_homes(user: UserLike, *, today: date) -> Queue:
    rows = (
        matches_visible_to(user, today=today)
        .select_related("staff__lksa", "bar")
        .order_by("strength", "-bar__from_on", "pk")
    )

    def item(match: BarMatch) -> QueueItem:
        return QueueItem(
            label=f"{match.staff.full_name} · {match.staff.lksa.name}",
            detail=match.get_strength_display(),
            url=reverse("staffing:home", args=[match.staff.lksa_id]),
            urgent=True,
        )

    return queue_of(
        "barred_at_homes",
        _("Barred persons working at a home"),
        rows,
        item,
        see_all=reverse("staffing:bar_list"),
    )


def clearances_to_verify(user: UserLike) -> Queue:
    rows = pending_clearances(user).select_related("staff__lksa").order_by("created_at", "pk")

    def item(clearance: PoliceClearance) -> QueueItem:
        return QueueItem(
            label=f"{clearance.staff.full_name} · {clearance.staff.lksa.name}",
            detail=_("SKCK no. %(number)s") % {"number": clearance.number},
            url=reverse("staffing:home", args=[clearance.staff.lksa_id]),
        )

    queue = queue_of(
        "clearances_to_verify", _("Police clearances recorded by homes to verify"), rows, item, see_all=""
    )
    # They are verified on their home's staff page: "see all" opens the first home waiting.
    return replace(queue, see_all=queue.items[0].url) if queue.items else queue
