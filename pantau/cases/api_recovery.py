"""/api/v1/cases/{case_id}/recovery: each child's rehabilitation plan, return and follow-up visits, LPSK
requests and restitution (read, audited like the case file), and recording a follow-up visit (by the
agency that follows the child up). Children are named by their id in the case, never by name."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema

from pantau.accounts.access import Perm, api_permission
from pantau.accounts.http import user_of
from pantau.audit.services import audit_record
from pantau.cases import recovery
from pantau.cases.models import FollowUp, LpskRequest, PlanGoal, PlanReview, Restitution
from pantau.cases.recovery_reads import CHILD_JOINS, recovery_context
from pantau.cases.selectors import get_case_for
from pantau.cases.sharing import sections_for

router = Router(tags=["cases"])


class GoalOut(Schema):
    id: int
    domain: str
    text: str
    provider: str
    target_on: date | None
    status: str


class ReviewOut(Schema):
    reviewed_on: date
    progress: str
    next_review_on: date | None


class PlanOut(Schema):
    id: int
    coordinator_id: int
    review_every_days: int
    next_review_on: date
    review_overdue: bool
    status: str
    goals: list[GoalOut]
    reviews: list[ReviewOut]


class FollowUpOut(Schema):
    id: int
    due_on: date
    state: str  # done / upcoming / due / overdue
    done_on: date | None
    child_safe: bool | None
    in_school: bool | None
    note: str


class ReintegrationOut(Schema):
    placed_with: str
    region_code: str
    follow_up_org_id: int
    returned_on: date
    status: str
    follow_ups: list[FollowUpOut]


class LpskOut(Schema):
    id: int
    protections: list[str]
    requested_on: date
    decision: str
    decided_on: date | None
    decision_number: str


class RestitutionOut(Schema):
    id: int
    basis: str
    claimed_amount: int
    claimed_on: date
    ordered_amount: int | None
    ordered_on: date | None
    court_decision_number: str
    paid_amount: int
    status: str  # claimed / ordered / partly_paid / paid


class ChildRecoveryOut(Schema):
    case_child_id: int
    plan: PlanOut | None
    reintegration: ReintegrationOut | None
    lpsk_requests: list[LpskOut]
    restitutions: list[RestitutionOut]


class RecoveryOut(Schema):
    case_id: int
    # False when the referrals to the reader's agency did not share the case's services (and recovery):
    # then no child is listed, as the case file does not show the section.
    shared: bool
    children: list[ChildRecoveryOut]


class FollowUpIn(Schema):
    done_on: date
    child_safe: bool
    in_school: bool | None = None
    note: str = ""


def _goal(goal: PlanGoal) -> dict[str, object]:
    return {
        "id": goal.pk,
        "domain": goal.domain,
        "text": goal.text,
        "provider": goal.provider,
        "target_on": goal.target_on,
        "status": goal.status,
    }


def _review(review: PlanReview) -> dict[str, object]:
    return {
        "reviewed_on": review.reviewed_on,
        "progress": review.progress,
        "next_review_on": review.next_review_on,
    }


def _visit(visit: FollowUp, state: str) -> dict[str, object]:
    return {
        "id": visit.pk,
        "due_on": visit.due_on,
        "state": state,
        "done_on": visit.done_on,
        "child_safe": visit.child_safe,
        "in_school": visit.in_school,
        "note": visit.note,
    }


def _lpsk(request: LpskRequest) -> dict[str, object]:
    return {
        "id": request.pk,
        "protections": list(request.protections),
        "requested_on": request.requested_on,
        "decision": request.decision,
        "decided_on": request.decided_on,
        "decision_number": request.decision_number,
    }


def _restitution(restitution: Restitution, paid: int, status: str) -> dict[str, object]:
    return {
        "id": restitution.pk,
        "basis": restitution.basis,
        "claimed_amount": restitution.claimed_amount,
        "claimed_on": restitution.claimed_on,
        "ordered_amount": restitution.ordered_amount,
        "ordered_on": restitution.ordered_on,
        "court_decision_number": restitution.court_decision_number,
        "paid_amount": paid,
        "status": status,
    }


@router.get("/{case_id}/recovery", response=RecoveryOut, summary="Each child's recovery (audited)")
@api_permission(Perm.CASE_WORK)
def recovery_read(request: HttpRequest, case_id: int) -> dict[str, object]:
    case = get_case_for(request.user, case_id)
    audit_record(action="case.viewed", actor=user_of(request), target=case, target_region=case.region_code)
    if "services" not in sections_for(request.user, case, case.referrals.all()):
        return {"case_id": case.pk, "shared": False, "children": []}
    children = list(case.children.select_related(*CHILD_JOINS))
    rows = recovery_context(request.user, case, children, services=[], today=timezone.localdate())
    out = []
    for row in rows["recovery_rows"]:
        plan, reintegration = row.plan, row.reintegration
        out.append(
            {
                "case_child_id": row.child.pk,
                "plan": {
                    "id": plan.pk,
                    "coordinator_id": plan.coordinator_id,
                    "review_every_days": plan.review_every_days,
                    "next_review_on": plan.next_review_on,
                    "review_overdue": row.review_late,
                    "status": plan.status,
                    "goals": [_goal(g) for g in plan.goals.all()],
                    "reviews": [_review(r) for r in plan.reviews.all()],
                }
                if plan
                else None,
                "reintegration": {
                    "placed_with": reintegration.placed_with,
                    "region_code": reintegration.region_code,
                    "follow_up_org_id": reintegration.follow_up_org_id,
                    "returned_on": reintegration.returned_on,
                    "status": reintegration.status,
                    "follow_ups": [_visit(v.visit, v.state) for v in row.visits],
                }
                if reintegration
                else None,
                "lpsk_requests": [_lpsk(req) for req, _labels, _form in row.lpsk],
                "restitutions": [_restitution(x.restitution, x.paid, x.status) for x in row.restitutions],
            }
        )
    return {"case_id": case.pk, "shared": True, "children": out}


@router.post(
    "/{case_id}/recovery/visits/{follow_up_id}",
    response=FollowUpOut,
    summary="Record a follow-up visit (by the agency that follows the child up)",
)
@api_permission(Perm.CASE_WORK)
def visit_record(
    request: HttpRequest, case_id: int, follow_up_id: int, payload: FollowUpIn
) -> dict[str, object]:
    case = get_case_for(request.user, case_id)
    visit = get_object_or_404(
        FollowUp.objects.select_related("reintegration__case_child"),
        pk=follow_up_id,
        reintegration__case_child__case=case,
    )
    recovery.follow_up_record(
        actor=user_of(request),
        case=case,
        follow_up=visit,
        done_on=payload.done_on,
        child_safe=payload.child_safe,
        in_school=payload.in_school,
        note=payload.note,
    )
    return _visit(visit, recovery.follow_up_state(visit, timezone.localdate()))
