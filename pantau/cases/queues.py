"""What waits for a person in protection work: concerns to triage, referrals to answer (received) and
unanswered (sent), cases without an investigation milestone, cases whose children have no service yet.

Each queue is read from the scoped selectors (``cases.selectors``), so it lists what the linked page
lists; the "see all" link goes to that page, filtered the same way (``cases.views``)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, F, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import UserLike, actor_of
from pantau.cases.models import Case, CaseChild, CaseQuerySet, Concern, Referral, Service
from pantau.cases.selectors import cases_visible_to, concerns_for_triage, referrals_received
from pantau.lib.queues import Queue, QueueItem, queue_of

STALE_DAYS = 30  # an investigation with no milestone for this long is brought back to the investigator


def _referral_label(referral: Referral) -> str:
    return f"{referral.case.number} · {referral.get_purpose_display()}"


def concerns_to_triage(user: UserLike) -> Queue:
    rows = (
        concerns_for_triage(user)
        .filter(status=Concern.Status.RECEIVED, case__isnull=True)
        .select_related("lksa")
        .order_by("created_at", "pk")
    )

    def item(concern: Concern) -> QueueItem:
        place = concern.lksa.name if concern.lksa else _("no home named")
        return QueueItem(
            label=f"{concern.tracking_code} · {concern.get_category_display()}",
            detail=_("%(place)s, received %(day)s")
            % {"place": place, "day": timezone.localtime(concern.created_at).strftime("%d-%m-%Y")},
            url=reverse("cases:concern_detail", args=[concern.pk]),
        )

    return queue_of(
        "concerns_to_triage", _("Concerns waiting for triage"), rows, item, see_all=reverse("cases:triage")
    )


def referrals_waiting(user: UserLike, *, today: date) -> Queue:
    """Referrals sent to the person's agency and not answered yet: escalated ones first, then by date."""
    rows = (
        referrals_received(user)
        .filter(status=Referral.Status.PENDING)
        .order_by(F("escalated_at").asc(nulls_last=True), "due_on", "pk")
    )

    def item(referral: Referral) -> QueueItem:
        detail = _("from %(org)s") % {"org": referral.from_org.name}
        if referral.escalated_at:
            detail = _("%(detail)s; escalated") % {"detail": detail}
        return QueueItem(
            label=_referral_label(referral),
            detail=detail,
            url=reverse("cases:referral_detail", args=[referral.pk]),
            due_on=referral.due_on,
            urgent=referral.due_on < today,
        )

    return queue_of(
        "referrals_waiting",
        _("Referrals waiting for your answer"),
        rows,
        item,
        see_all=reverse("cases:referral_inbox") + "?status=pending",
    )


def sent_unanswered(cases: CaseQuerySet, organisation_id: int) -> CaseQuerySet:
    """Open cases the agency leads with a referral it sent still waiting for an answer."""
    waiting = Referral.objects.filter(
        case=OuterRef("pk"), from_org_id=organisation_id, status=Referral.Status.PENDING
    )
    return cases.filter(owner_id=organisation_id).filter(Exists(waiting))


def referrals_unanswered(user: UserLike, *, today: date) -> Queue:
    """Referrals the person's agency sent that are not answered yet (by the answer date)."""
    actor = actor_of(user)
    org = actor.organisation.pk if actor else 0
    rows = (
        Referral.objects.filter(
            case__in=cases_visible_to(user).filter(owner_id=org).values("pk"),
            from_org_id=org,
            status=Referral.Status.PENDING,
        )
        .select_related("case", "to_org")
        .order_by("due_on", "pk")
    )

    def item(referral: Referral) -> QueueItem:
        return QueueItem(
            label=_referral_label(referral),
            detail=_("to %(org)s") % {"org": referral.to_org.name},
            url=reverse("cases:case_detail", args=[referral.case_id]),
            due_on=referral.due_on,
            urgent=referral.due_on < today,
        )

    return queue_of(
        "referrals_unanswered",
        _("Referrals you sent, not answered yet"),
        rows,
        item,
        see_all=reverse("cases:case_list") + "?waiting=referral",
    )


def without_milestone(cases: CaseQuerySet, *, today: date) -> CaseQuerySet:
    """Open cases with no investigation milestone in the last ``STALE_DAYS`` days (none at all: opened
    before then), the longest-silent first."""
    since = today - timedelta(days=STALE_DAYS)
    return (
        cases.open()
        .annotate(last_milestone=Max("investigation__happened_on"))
        .filter(Q(last_milestone__lt=since) | Q(last_milestone__isnull=True, opened_at__date__lt=since))
        .order_by(F("last_milestone").asc(nulls_first=True), "opened_at", "pk")
    )


def cases_without_milestone(user: UserLike, *, today: date) -> Queue:
    rows = without_milestone(cases_visible_to(user), today=today)

    def item(case: Case) -> QueueItem:
        last = getattr(case, "last_milestone", None)
        detail = (
            _("last milestone %(day)s") % {"day": last.strftime("%d-%m-%Y")}
            if last
            else _("no milestone yet")
        )
        return QueueItem(
            label=f"{case.number} · {case.title}",
            detail=detail,
            url=reverse("cases:case_detail", args=[case.pk]),
            urgent=True,
        )

    return queue_of(
        "cases_without_milestone",
        _("Cases with no milestone for %(days)s days") % {"days": STALE_DAYS},
        rows,
        item,
        see_all=reverse("cases:case_list") + "?waiting=milestone",
    )


def needing_service(cases: CaseQuerySet) -> CaseQuerySet:
    """Open cases with a child who has no service recorded yet, the oldest first."""
    unserved = CaseChild.objects.filter(case=OuterRef("pk")).filter(
        ~Exists(Service.objects.filter(case_child=OuterRef("pk")))
    )
    return cases.open().filter(Exists(unserved)).order_by("opened_at", "pk")


def services_due(user: UserLike) -> Queue:
    rows = needing_service(cases_visible_to(user))

    def item(case: Case) -> QueueItem:
        return QueueItem(
            label=f"{case.number} · {case.title}",
            detail=_("opened %(day)s") % {"day": timezone.localtime(case.opened_at).strftime("%d-%m-%Y")},
            url=reverse("cases:case_detail", args=[case.pk]),
        )

    return queue_of(
        "services_due",
        _("Cases with a child still waiting for a service"),
        rows,
        item,
        see_all=reverse("cases:case_list") + "?waiting=service",
    )
