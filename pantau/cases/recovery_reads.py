"""Reads of the recovery records: the case file's "Recovery" section (per child, a constant number of
queries whatever the number of goals, reviews and visits), the follow-up visits an agency has to make
(the home page's queue and cases/follow-ups/), and what is late for the case file's next step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pantau.accounts.access import UserLike, agencies_on_case, follow_up_scope, follows_up
from pantau.cases.forms_recovery import (
    FollowUpForm,
    GoalForm,
    LpskDecisionForm,
    LpskForm,
    PaymentForm,
    PlanForm,
    ReintegrationForm,
    RestitutionForm,
    RestitutionOrderForm,
    ReviewForm,
)
from pantau.cases.models import (
    Case,
    CaseChild,
    FollowUp,
    LpskRequest,
    Referral,
    RehabPlan,
    Reintegration,
    Restitution,
    Service,
)
from pantau.cases.recovery import OVERDUE_AFTER_DAYS, follow_up_state
from pantau.cases.victim_rights import LPSK_LABELS, RESTITUTION_STATUS_LABELS, restitution_status, rupiah
from pantau.lib.queues import Queue, QueueItem, queue_of
from pantau.regions.lookup import place_labels

# --- Follow-up visits an agency has to make -------------------------------------------------------


def follow_ups_visible_to(user: UserLike) -> QuerySet[FollowUp]:
    return follow_up_scope(user, FollowUp.objects.all(), referrals=Referral.objects.all())


def follow_ups_due(user: UserLike, *, today: date) -> QuerySet[FollowUp]:
    """Visits not made whose date has come, of returns still followed up, the earliest first."""
    return (
        follow_ups_visible_to(user)
        .filter(done_on__isnull=True, due_on__lte=today, reintegration__status=Reintegration.Status.FOLLOWING)
        .select_related("reintegration__case_child__case")
        .order_by("due_on", "pk")
    )


def is_overdue(follow_up: FollowUp, today: date) -> bool:
    return follow_up.done_on is None and today >= follow_up.due_on + timedelta(days=OVERDUE_AFTER_DAYS)


def follow_up_visits_due(user: UserLike, *, today: date) -> Queue:
    """The home page's queue for the follow-up agency's case workers."""

    def item(follow_up: FollowUp) -> QueueItem:
        case = follow_up.reintegration.case_child.case
        return QueueItem(
            label=f"{case.number} · {case.title}",
            detail=_("%(child)s: follow-up visit after the return")
            % {"child": follow_up.reintegration.case_child.name},
            url=reverse("cases:case_detail", args=[case.pk]) + "#recovery",
            due_on=follow_up.due_on,
            urgent=is_overdue(follow_up, today),
        )

    return queue_of(
        "reintegration_visits_due",
        _("Visits after a return home"),
        follow_ups_due(user, today=today),
        item,
        see_all=reverse("cases:follow_up_list"),
        one_read=True,  # the items and their number in one query (the scope has a subquery)
    )


# --- The case file's section ----------------------------------------------------------------------


def _cached(child: CaseChild, name: str) -> Any:
    try:
        return getattr(child, name)
    except ObjectDoesNotExist:
        return None


@dataclass
class VisitRow:
    visit: FollowUp
    state: str  # done / upcoming / due / overdue
    form: forms.Form | None = None  # the next visit, for the agency that follows up


@dataclass
class RestitutionRow:
    restitution: Restitution
    paid: int
    status: str
    status_label: str
    order_form: forms.Form | None
    pay_form: forms.Form | None

    @property
    def claimed(self) -> str:
        return rupiah(self.restitution.claimed_amount)

    @property
    def ordered(self) -> str:
        amount = self.restitution.ordered_amount
        return rupiah(amount) if amount is not None else ""

    @property
    def paid_text(self) -> str:
        return rupiah(self.paid)


@dataclass
class ChildRecovery:
    child: CaseChild
    plan: RehabPlan | None
    review_late: bool
    services: list[Service]
    reintegration: Reintegration | None
    place: str
    visits: list[VisitRow]
    may_visit: bool
    lpsk: list[tuple[LpskRequest, list[str], forms.Form | None]]
    restitutions: list[RestitutionRow]
    forms: dict[str, forms.Form] = field(default_factory=dict)


# What a child's recovery reads through one-to-one joins: ``case.children.select_related(*CHILD_JOINS)``
# saves the plan's and the return's own queries (the case file's children are fetched that way).
CHILD_JOINS = ("child", "plan__coordinator", "reintegration__follow_up_org")


def _prefetch(children: Sequence[CaseChild]) -> None:
    """One query per kind of record below a child: plans and returns already joined (``CHILD_JOINS``)
    are not fetched again."""
    prefetch_related_objects(
        list(children),
        "plan__goals",
        "plan__reviews",
        "reintegration__follow_ups",
        "lpsk_requests",
        "restitutions__payments",
    )


def recovery_context(
    user: UserLike,
    case: Case,
    children: Sequence[CaseChild],
    *,
    services: Sequence[Service],
    today: date,
    bound: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The "Recovery" section of the case file, per child, and what is late in it (for the next step).
    ``bound``: the case file's bound forms; ``recovery_bound`` is (key, form) of a recovery form that
    failed, shown again with its errors. Constant queries: one per kind of record, whatever the rows."""
    _prefetch(children)
    failed_key, failed_form = (bound or {}).get("recovery_bound", ("", None))
    is_open = case.status == Case.Status.OPEN
    agencies: list[tuple[int, str]] | None = None

    def form(key: str, build: Any, **kwargs: Any) -> forms.Form:
        if key == failed_key and failed_form is not None:
            return failed_form
        return build(prefix=key, **kwargs)

    by_child: dict[int, list[Service]] = {}
    for service in services:
        if service.case_child_id:
            by_child.setdefault(service.case_child_id, []).append(service)
    rows: list[ChildRecovery] = []
    late = ""
    # The children's home regions are named in the same query (the case file's children list shows them).
    places = place_labels(
        [c.origin_region_code for c in children]
        + [r.region_code for c in children if (r := _cached(c, "reintegration")) is not None]
    )
    for c in children:
        c.home_label = places.get(c.origin_region_code, c.origin_region_code)  # type: ignore[attr-defined]
    for child in children:
        plan: RehabPlan | None = _cached(child, "plan")
        reintegration: Reintegration | None = _cached(child, "reintegration")
        row_forms: dict[str, forms.Form] = {}
        review_late = bool(plan and plan.status == RehabPlan.Status.ACTIVE and plan.next_review_on < today)
        if review_late and plan and not late:
            late = _("Review the rehabilitation plan: its review was due on %(day)s.") % {
                "day": date_format(plan.next_review_on, "j F Y")
            }
        if is_open:
            if plan is None:
                row_forms["plan"] = form(f"plan-{child.pk}", PlanForm)
            elif plan.status == RehabPlan.Status.ACTIVE:
                row_forms["goal"] = form(f"goal-{plan.pk}", GoalForm)
                row_forms["review"] = form(f"review-{plan.pk}", ReviewForm)
            if reintegration is None:
                if agencies is None:
                    agencies = [
                        (org.pk, org.name) for org in agencies_on_case(case, referrals=Referral.objects.all())
                    ]
                row_forms["reintegration"] = form(f"reint-{child.pk}", ReintegrationForm, agencies=agencies)
            row_forms["lpsk"] = form(f"lpsk-{child.pk}", LpskForm)
            row_forms["restitution"] = form(f"rest-{child.pk}", RestitutionForm)
        visits: list[VisitRow] = []
        may_visit = bool(reintegration and follows_up(user, reintegration))
        if reintegration is not None:
            next_open = True
            for visit in reintegration.follow_ups.all():
                state = follow_up_state(visit, today)
                row = VisitRow(visit, state)
                if state == "overdue" and reintegration.status == Reintegration.Status.FOLLOWING and not late:
                    # The visit is the follow-up agency's to make; the others on the case chase it.
                    late = (
                        _("Make the follow-up visit after the child's return: it was due on %(day)s.")
                        if may_visit
                        else _(
                            "Ask %(agency)s about the follow-up visit after the child's return: it was "
                            "due on %(day)s."
                        )
                    ) % {
                        "day": date_format(visit.due_on, "j F Y"),
                        "agency": reintegration.follow_up_org.name,
                    }
                if state != "done" and next_open:
                    next_open = False
                    if may_visit and reintegration.status == Reintegration.Status.FOLLOWING:
                        row.form = form(f"visit-{visit.pk}", FollowUpForm)
                visits.append(row)
        lpsk = [
            (
                request,
                [str(LPSK_LABELS.get(code, code)) for code in request.protections],
                form(f"lpskdec-{request.pk}", LpskDecisionForm)
                if request.decision == LpskRequest.Decision.PENDING
                else None,
            )
            for request in child.lpsk_requests.all()
        ]
        restitutions = []
        for restitution in child.restitutions.all():
            paid = sum(p.amount for p in restitution.payments.all())
            status = restitution_status(restitution, paid)
            restitutions.append(
                RestitutionRow(
                    restitution,
                    paid,
                    status,
                    str(RESTITUTION_STATUS_LABELS[status]),
                    form(f"order-{restitution.pk}", RestitutionOrderForm) if status == "claimed" else None,
                    form(f"pay-{restitution.pk}", PaymentForm)
                    if status in ("ordered", "partly_paid")
                    else None,
                )
            )
        rows.append(
            ChildRecovery(
                child=child,
                plan=plan,
                review_late=review_late,
                services=by_child.get(child.pk, []),
                reintegration=reintegration,
                place=places.get(reintegration.region_code, reintegration.region_code)
                if reintegration
                else "",
                visits=visits,
                may_visit=may_visit,
                lpsk=lpsk,
                restitutions=restitutions,
                forms=row_forms,
            )
        )
    return {"recovery_rows": rows, "recovery_late": late}
