"""After the rescue: a child's rehabilitation plan (goals by domain with their providers, reviews,
completion) and the return to a family with follow-up visits on a schedule. The victim's rights (LPSK,
restitution) are in ``cases.victim_rights``.

Who: any agency working on the case (its lead, or one that accepted a referral: ``get_case_for``) plans
and records the return; the visits are recorded by the agency that follows the child up
(``require_follow_up_agency``), which may be in another province. Planning and the return need the
case open; the visits are recorded even after the case is closed. Every refusal is a clear message and
nothing is written before the last check passed (nothing half-saved)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pantau.accounts.access import agencies_on_case, require_follow_up_agency, require_shared_section
from pantau.accounts.models import Organisation, User
from pantau.audit.services import audit_record
from pantau.cases.models import (
    Case,
    CaseChild,
    FollowUp,
    PlanGoal,
    PlanReview,
    Referral,
    RehabPlan,
    Reintegration,
)
from pantau.cases.services import CASE_ROLES, _event
from pantau.notifications.services import notify

# The plan's review interval, as the table's constraint allows it.
REVIEW_DAYS_MIN, REVIEW_DAYS_MAX = 7, 180

# Follow-up visits after a child's return, in months after the return. A service standard of this
# system, not law: no regulation was found that sets the intervals (docs/law-review-cases.md).
FOLLOW_UP_MONTHS = (1, 3, 6, 12)

# A visit is due from its date and overdue this many days after it (a service standard, not law).
OVERDUE_AFTER_DAYS = 14


def _today() -> date:
    return timezone.localdate()


def _not_future(day: date, field: str) -> None:
    if day > _today():
        raise ValidationError({field: [_("The date cannot be in the future.")]})


def _lock_open(case: Case) -> None:
    """Lock the case and refuse a closed one, before anything is written (a refusal writes nothing)."""
    if Case.objects.select_for_update().get(pk=case.pk).status != Case.Status.OPEN:
        raise ValidationError(_("This case is closed."))


def _touched(case: Case) -> None:
    """Any addition makes a close form loaded before it stale (as ``cases.services._open_case``)."""
    Case.objects.filter(pk=case.pk).update(version=F("version") + 1)


def _child_of(case: Case, case_child: CaseChild) -> None:
    if case_child.case_id != case.pk:
        raise ValidationError(_("Choose a child of this case."))


def _audit(action: str, actor: User, case: Case, **changes: object) -> None:
    audit_record(
        action=action, actor=actor, target=case, target_region=case.region_code, changes=changes or None
    )


def _day(value: date) -> str:
    return date_format(value, "j F Y")


# --- Rehabilitation plan --------------------------------------------------------------------------


def plan_create(
    *, actor: User, case: Case, case_child: CaseChild, review_every_days: int, first_review_on: date
) -> RehabPlan:
    """A child's plan, coordinated by the actor's agency, first reviewed on ``first_review_on``."""
    _child_of(case, case_child)
    errors: dict[str, list[str]] = {}
    if not REVIEW_DAYS_MIN <= review_every_days <= REVIEW_DAYS_MAX:
        errors["review_every_days"] = [
            _("Review the plan every %(low)s to %(high)s days.")
            % {"low": REVIEW_DAYS_MIN, "high": REVIEW_DAYS_MAX}
        ]
    if first_review_on < _today():
        errors["first_review_on"] = [_("The first review cannot be in the past.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_open(case)
        if RehabPlan.objects.filter(case_child=case_child).exists():
            raise ValidationError(_("This child already has a rehabilitation plan."))
        plan = RehabPlan.objects.create(
            case_child=case_child,
            coordinator=actor.office,
            review_every_days=review_every_days,
            next_review_on=first_review_on,
            created_by=actor,
        )
        _event(case, actor, _("Rehabilitation plan made for %(child)s.") % {"child": case_child.name})
        _touched(case)
        _audit("case.plan_created", actor, case, plan=[None, plan.pk])
    return plan


def _active(plan: RehabPlan) -> None:
    if plan.status != RehabPlan.Status.ACTIVE:
        raise ValidationError(_("This plan is completed."))


def goal_add(
    *, actor: User, case: Case, plan: RehabPlan, domain: str, text: str, provider: str, target_on: date | None
) -> PlanGoal:
    _active(plan)
    goal = PlanGoal(
        plan=plan, domain=domain, text=text.strip(), provider=provider.strip(), target_on=target_on
    )
    with transaction.atomic():
        _lock_open(case)
        goal.full_clean()
        goal.save()
        _touched(case)
        _audit("case.plan_goal_added", actor, case, goal=[None, goal.pk])
    return goal


def goal_set_status(*, actor: User, case: Case, goal: PlanGoal, status: str) -> PlanGoal:
    """An open goal is met or dropped (once: a goal reached is not reopened, a new one is added)."""
    if status not in (PlanGoal.Status.MET, PlanGoal.Status.DROPPED):
        raise ValidationError({"status": [_("A goal is marked met or dropped.")]})
    _active(goal.plan)
    with transaction.atomic():
        _lock_open(case)
        if not PlanGoal.objects.filter(pk=goal.pk, status=PlanGoal.Status.OPEN).update(status=status):
            raise ValidationError(_("This goal has already been marked."))
        goal.status = status
        _touched(case)
        _audit("case.plan_goal_updated", actor, case, goal=goal.pk, status=[PlanGoal.Status.OPEN, status])
    return goal


def review_add(
    *, actor: User, case: Case, plan: RehabPlan, reviewed_on: date, progress: str, next_review_on: date
) -> PlanReview:
    """A review of the plan: what progressed, and when the next review is (which moves the plan's date)."""
    _active(plan)
    errors: dict[str, list[str]] = {}
    if reviewed_on > _today():
        errors["reviewed_on"] = [_("The date cannot be in the future.")]
    if not progress.strip():
        errors["progress"] = [_("Write what progressed since the last review.")]
    if next_review_on <= reviewed_on:
        errors["next_review_on"] = [_("The next review comes after this one.")]
    elif (next_review_on - reviewed_on).days > REVIEW_DAYS_MAX:
        errors["next_review_on"] = [
            _("Review the plan at least every %(days)s days.") % {"days": REVIEW_DAYS_MAX}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_open(case)
        review = PlanReview.objects.create(
            plan=plan,
            reviewed_on=reviewed_on,
            progress=progress.strip(),
            next_review_on=next_review_on,
            by=actor,
            organisation=actor.office,
        )
        RehabPlan.objects.filter(pk=plan.pk).update(next_review_on=next_review_on)
        plan.next_review_on = next_review_on
        _event(case, actor, _("Rehabilitation plan reviewed."), reviewed_on)
        _touched(case)
        _audit("case.plan_reviewed", actor, case, review=[None, review.pk])
    return review


def plan_complete(*, actor: User, case: Case, plan: RehabPlan) -> RehabPlan:
    """The plan ends when every goal is met or dropped."""
    _active(plan)
    with transaction.atomic():
        _lock_open(case)
        if plan.goals.filter(status=PlanGoal.Status.OPEN).exists():
            raise ValidationError(_("Mark every goal met or dropped before completing the plan."))
        if not plan.goals.exists():
            raise ValidationError(_("A plan without goals cannot be completed: add its goals first."))
        RehabPlan.objects.filter(pk=plan.pk).update(status=RehabPlan.Status.COMPLETED)
        plan.status = RehabPlan.Status.COMPLETED
        _event(case, actor, _("Rehabilitation plan completed."))
        _touched(case)
        _audit("case.plan_completed", actor, case, plan=plan.pk)
    return plan


# --- Reintegration and follow-up visits -----------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day: 31 Aug + 6 = 28 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_dates(returned_on: date) -> list[date]:
    return [add_months(returned_on, months) for months in FOLLOW_UP_MONTHS]


def follow_up_state(follow_up: FollowUp, today: date) -> str:
    """ "done", "upcoming" (before its date), "due" (from its date) or "overdue" (``OVERDUE_AFTER_DAYS``
    days after its date and later)."""
    if follow_up.done_on is not None:
        return "done"
    if today < follow_up.due_on:
        return "upcoming"
    if today >= follow_up.due_on + timedelta(days=OVERDUE_AFTER_DAYS):
        return "overdue"
    return "due"


def reintegration_record(
    *,
    actor: User,
    case: Case,
    case_child: CaseChild,
    placed_with: str,
    region_code: str,
    follow_up_org: Organisation,
    returned_on: date,
) -> Reintegration:
    """The child's return, and the follow-up visits scheduled from it (``FOLLOW_UP_MONTHS``)."""
    _child_of(case, case_child)
    errors: dict[str, list[str]] = {}
    if returned_on > _today():
        errors["returned_on"] = [_("The date cannot be in the future.")]
    if not region_code:
        errors["region_code"] = [_("Say where the child now lives.")]
    if not agencies_on_case(case, referrals=Referral.objects.all()).filter(pk=follow_up_org.pk).exists():
        errors["follow_up_org"] = [
            _(
                "The follow-up agency must work on this case: the lead agency, or an agency that "
                "accepted a referral of it (refer the return to the agency of the child's home region first)."
            )
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_open(case)
        if Reintegration.objects.filter(case_child=case_child).exists():
            raise ValidationError(_("This child's return has already been recorded."))
        reintegration = Reintegration(
            case_child=case_child,
            placed_with=placed_with,
            region_code=region_code,
            follow_up_org=follow_up_org,
            returned_on=returned_on,
            recorded_by=actor,
        )
        reintegration.full_clean()
        reintegration.save()
        FollowUp.objects.bulk_create(
            [FollowUp(reintegration=reintegration, due_on=day) for day in follow_up_dates(returned_on)]
        )
        _event(
            case,
            actor,
            _("%(child)s returned to %(placed)s; %(org)s follows up.")
            % {
                "child": case_child.name,
                "placed": reintegration.get_placed_with_display(),
                "org": follow_up_org.name,
            },
            returned_on,
        )
        if follow_up_org.pk != actor.office.pk:
            notify(
                User.objects.members_of(follow_up_org, roles=CASE_ROLES),
                _("Case %(number)s: a child returned to your area; follow-up visits are scheduled.")
                % {"number": case.number},
                reverse("cases:case_detail", args=[case.pk]),
            )
        _touched(case)
        _audit("case.reintegration_recorded", actor, case, reintegration=[None, reintegration.pk])
    return reintegration


def follow_up_record(
    *,
    actor: User,
    case: Case,
    follow_up: FollowUp,
    done_on: date,
    child_safe: bool,
    in_school: bool | None,
    note: str,
) -> FollowUp:
    """A visit made. A child found unsafe breaks the reintegration down and the case team is told; the
    last visit with the child safe completes the follow-up."""
    reintegration = follow_up.reintegration
    require_follow_up_agency(actor, reintegration, region=case.region_code)  # outside the transaction
    # The visiting agency sees the plans and earlier visits only if its referral shared them: it records
    # what it may read, no more.
    require_shared_section(actor, case, case.referrals.all(), "services")
    errors: dict[str, list[str]] = {}
    if done_on > _today():
        errors["done_on"] = [_("The date cannot be in the future.")]
    elif done_on < reintegration.returned_on:
        errors["done_on"] = [_("The visit cannot come before the child's return.")]
    if child_safe is False and not note.strip():
        errors["note"] = [_("Say what was seen: the child is not safe.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Reintegration.objects.select_for_update().get(pk=reintegration.pk)
        if locked.status != Reintegration.Status.FOLLOWING:
            raise ValidationError(_("The follow-up of this return has ended."))
        if not FollowUp.objects.filter(pk=follow_up.pk, done_on__isnull=True).update(
            done_on=done_on,
            child_safe=child_safe,
            in_school=in_school,
            note=note.strip(),
            by=actor,
            organisation=actor.office,
        ):
            raise ValidationError(_("This visit has already been recorded."))
        follow_up.refresh_from_db()
        child = reintegration.case_child
        if not child_safe:
            Reintegration.objects.filter(pk=locked.pk).update(status=Reintegration.Status.BROKEN_DOWN)
            text = _("Follow-up visit: %(child)s is not safe where the child returned. Act now.") % {
                "child": child.name
            }
            _event(case, actor, text, done_on)
            notify(
                list(case.team.all()) + list(User.objects.members_of(case.owner, roles=CASE_ROLES)),
                f"{case.number}: {text}",
                reverse("cases:case_detail", args=[case.pk]),
            )
            _audit("case.reintegration_broke_down", actor, case, follow_up=follow_up.pk)
        else:
            _event(case, actor, _("Follow-up visit: %(child)s is safe.") % {"child": child.name}, done_on)
            if not FollowUp.objects.filter(reintegration=locked, done_on__isnull=True).exists():
                Reintegration.objects.filter(pk=locked.pk).update(status=Reintegration.Status.COMPLETED)
        _audit("case.follow_up_recorded", actor, case, follow_up=[None, follow_up.pk])
    reintegration.refresh_from_db()
    return follow_up
