"""The recovery records the matrix's recovery rows point at, on each scope's case (``world.py``): the
child's rehabilitation plan with an open goal, the child's return followed up by the case's lead agency
(so the police unit, which works on the ``in`` case too, is not the follow-up agency), its first visit,
an LPSK request waiting for a decision and a restitution claimed (not yet ordered)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pantau.cases.models import (
    Case,
    FollowUp,
    LpskRequest,
    PlanGoal,
    RehabPlan,
    Reintegration,
    Restitution,
)

TODAY = date(2026, 6, 1)


def add_recovery_targets(scopes: dict[str, dict[str, Any]]) -> None:
    for scope in ("in", "out"):
        case = Case.objects.select_related("owner", "opened_by").get(pk=scopes[scope]["case"])
        child = case.children.get()
        by = case.opened_by
        plan = RehabPlan.objects.create(
            case_child=child, coordinator=case.owner, next_review_on=TODAY + timedelta(days=30), created_by=by
        )
        goal = PlanGoal.objects.create(plan=plan, domain="psychosocial", text="-", provider="-")
        reintegration = Reintegration.objects.create(
            case_child=child,
            placed_with="parents",
            region_code=case.region_code,
            follow_up_org=case.owner,
            returned_on=TODAY - timedelta(days=60),
            recorded_by=by,
        )
        visit = FollowUp.objects.create(reintegration=reintegration, due_on=TODAY - timedelta(days=30))
        lpsk = LpskRequest.objects.create(
            case_child=child,
            protections=["security"],
            requested_on=TODAY - timedelta(days=10),
            recorded_by=by,
        )
        restitution = Restitution.objects.create(
            case_child=child,
            basis="tppo",
            claimed_amount=10_000_000,
            claimed_on=TODAY - timedelta(days=10),
            recorded_by=by,
        )
        scopes[scope].update(
            {
                "plan": plan.pk,
                "goal": goal.pk,
                "follow_up": visit.pk,
                "lpsk": lpsk.pk,
                "restitution": restitution.pk,
            }
        )
