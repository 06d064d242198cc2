"""The top of a child's page: where the child's care stands and what comes next, from what the page
already loads (no query of its own), like Primero's record header."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pantau.children.models import CarePlan, Child, FollowUpVisit, GatekeepingAssessment, TracingAttempt


@dataclass(frozen=True)
class ChildState:
    next_step: str
    plan: CarePlan | None  # the latest care plan
    review_overdue: bool
    last_tracing: TracingAttempt | None
    last_follow_up: FollowUpVisit | None


def child_state(
    child: Child,
    *,
    gatekeeping: GatekeepingAssessment | None,
    care_plans: Sequence[CarePlan],
    tracing: Sequence[TracingAttempt],
    follow_ups: Sequence[FollowUpVisit],
    today: date,
) -> ChildState:
    plan = max(care_plans, key=lambda p: (p.made_on, p.pk), default=None)
    overdue = plan is not None and plan.next_review_on < today
    last_tracing = max(tracing, key=lambda t: (t.attempted_on, t.pk), default=None)
    last_follow_up = max(follow_ups, key=lambda v: (v.visited_on, v.pk), default=None)
    if child.status == Child.Status.LEFT:
        step = (
            _("Record the follow-up visits after the child left care.")
            if last_follow_up is None
            else _("Keep visiting after the child left care (last visit %(day)s).")
            % {"day": date_format(last_follow_up.visited_on, "j F Y")}
        )
    elif gatekeeping is None:
        step = _("Record the gatekeeping assessment: why care in this home is needed.")
    elif plan is None:
        step = _("Make a care plan.")
    elif overdue:
        step = _("Review the care plan: the review was due by %(day)s.") % {
            "day": date_format(plan.next_review_on, "j F Y")
        }
    else:
        step = _("Review the care plan by %(day)s.") % {"day": date_format(plan.next_review_on, "j F Y")}
    return ChildState(
        next_step=step,
        plan=plan,
        review_overdue=overdue,
        last_tracing=last_tracing,
        last_follow_up=last_follow_up,
    )
