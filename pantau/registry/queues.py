"""What waits for a person in the registry: legal documents expiring within 60 days (the "expiring"
page) and proposals to verify (Dinas Sosial) or returned (the home). Staff without a valid police
clearance are pantau.staffing's queue.

Built on ``lksa_visible_to`` / ``change_requests_visible_to``, as the "see all" pages are."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import IntegerField, QuerySet, Value
from django.urls import reverse
from django.utils.translation import gettext as _

from pantau.accounts.access import UserLike
from pantau.lib.queues import Queue, QueueItem, queue_of
from pantau.registry.models import (
    Accreditation,
    AdoptionLicence,
    ChangeRequest,
    FundraisingPermit,
    Registration,
)
from pantau.registry.selectors import change_requests_visible_to, lksa_visible_to

EXPIRING_DAYS = 60  # as the "expiring" page (registry.views.expiring)
RETURNED_DAYS = 90  # a proposal sent back is shown to the home for three months
DOCUMENTS = (Registration, Accreditation, FundraisingPermit, AdoptionLicence)


def documents_expiring(user: UserLike, *, today: date) -> Queue:
    """Registrations, accreditations and permits of the homes the person sees that expire within 60 days:
    one query for the first few (a union of the four kinds) and one to count them."""
    homes = lksa_visible_to(user).values("pk")
    horizon = today + timedelta(days=EXPIRING_DAYS)
    parts: list[QuerySet[Any]] = [
        model._default_manager.filter(lksa__in=homes, valid_until__gte=today, valid_until__lte=horizon)
        .order_by()
        .values("lksa_id", "lksa__name", "number", "valid_until")
        .annotate(kind=Value(index, output_field=IntegerField()))
        for index, model in enumerate(DOCUMENTS)
    ]
    union = parts[0].union(*parts[1:], all=True)
    rows = list(union.order_by("valid_until", "lksa__name")[:5])
    labels = [str(model._meta.verbose_name) for model in DOCUMENTS]
    items = [
        QueueItem(
            label=f"{row['lksa__name']} · {labels[row['kind']]}",
            detail=_("no. %(number)s") % {"number": row["number"]},
            url=reverse("registry:lksa_detail", args=[row["lksa_id"]]),
            due_on=row["valid_until"],
        )
        for row in rows
    ]
    return Queue(
        key="documents_expiring",
        title=_("Documents expiring within %(days)s days") % {"days": EXPIRING_DAYS},
        count=union.count(),
        items=items,
        see_all=reverse("registry:expiring"),
    )


def _proposal_item(change: ChangeRequest) -> QueueItem:
    when = change.decided_at if change.status == ChangeRequest.Status.REJECTED else change.submitted_at
    detail = change.decision_note if change.status == ChangeRequest.Status.REJECTED else ""
    return QueueItem(
        label=change.lksa.name,
        detail=detail or (when.strftime("%d-%m-%Y") if when else ""),
        url=reverse("registry:change_detail", args=[change.pk]),
    )


def proposals_to_verify(user: UserLike) -> Queue:
    rows = change_requests_visible_to(user).filter(status=ChangeRequest.Status.PENDING)
    return queue_of(
        "proposals_to_verify",
        _("Proposals from homes to verify"),
        rows.order_by("submitted_at", "pk"),
        _proposal_item,
        see_all=reverse("registry:change_list") + "?status=pending",
    )


def proposals_returned(user: UserLike, *, today: date) -> Queue:
    """The home's proposals Dinas Sosial sent back in the last three months, the latest first."""
    since = today - timedelta(days=RETURNED_DAYS)
    rows = change_requests_visible_to(user).filter(
        status=ChangeRequest.Status.REJECTED, decided_at__date__gte=since
    )
    return queue_of(
        "proposals_returned",
        _("Proposals returned to you"),
        rows.order_by("-decided_at", "-pk"),
        _proposal_item,
        see_all=reverse("registry:change_list") + "?status=rejected",
    )
