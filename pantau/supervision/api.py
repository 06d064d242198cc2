"""/api/v1/supervision: the visit plan, visits with their answers, findings and the LKSA's responses."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from pantau.accounts.access import Perm, api_permission, require_conduct
from pantau.accounts.http import user_of
from pantau.lib.api import Pages
from pantau.regions.lookup import region_param
from pantau.supervision import risk, services
from pantau.supervision.models import Answer, ChecklistItem, Finding, Visit
from pantau.supervision.selectors import (
    findings_visible_to,
    get_finding_for,
    get_visit_for,
    visits_visible_to,
)

router = Router(tags=["supervision"])


class RiskReasonOut(Schema):
    code: str
    points: int
    detail: str


class PlanRowOut(Schema):
    lksa_id: int
    name: str
    region_code: str
    score: int
    last_visit: date | None
    next_visit: date | None
    reasons: list[RiskReasonOut]


class VisitOut(Schema):
    id: int
    lksa_id: int
    kind: str
    status: str
    planned_on: date
    visited_on: date | None
    template: str

    @staticmethod
    def resolve_template(obj: Visit) -> str:
        return str(obj.template)


class AnswerOut(Schema):
    item: str
    value: str
    note: str

    @staticmethod
    def resolve_item(obj: Answer) -> str:
        return obj.item.code


class VisitDetailOut(VisitOut):
    summary: str
    answers: list[AnswerOut]

    @staticmethod
    def resolve_answers(obj: Visit) -> list[Answer]:
        return list(obj.answers.select_related("item").order_by("item__position"))


class AnswerIn(Schema):
    value: str = ""
    note: str = ""


class FindingOut(Schema):
    id: int
    visit_id: int
    lksa_id: int
    item: str | None
    severity: str
    description: str
    legal_basis: str
    corrective_action: str
    due_on: date
    status: str
    escalated: bool

    @staticmethod
    def resolve_item(obj: Finding) -> str | None:
        return obj.item.code if obj.item else None

    @staticmethod
    def resolve_escalated(obj: Finding) -> bool:
        return obj.escalated_at is not None


class ResponseIn(Schema):
    text: str


@router.get(
    "/plan", response=list[PlanRowOut], summary="LKSA in your jurisdiction ranked by risk, with reasons"
)
@paginate(Pages, page_size=100)
@api_permission(Perm.SUPERVISION_VIEW)
def plan(request: HttpRequest, region: str = "") -> list:
    return [
        {**vars(row), "score": row.score, "reasons": [vars(r) for r in row.reasons]}
        for row in risk.plan_for(request.user, region=region_param(region), today=timezone.localdate())
    ]


@router.get(
    "/visits", response=list[VisitOut], summary="Visits in your jurisdiction (an LKSA: its concluded ones)"
)
@paginate(Pages, page_size=100)
@api_permission(Perm.FINDING_VIEW)
def visit_list(request: HttpRequest, status: str = "") -> list:
    visits = visits_visible_to(request.user).select_related("template")
    if status in Visit.Status.values:
        visits = visits.filter(status=status)
    return visits  # type: ignore[return-value]


@router.get("/visits/{visit_id}", response=VisitDetailOut, summary="One visit with its answers")
@api_permission(Perm.FINDING_VIEW)
def visit_detail(request: HttpRequest, visit_id: int) -> Visit:
    return get_visit_for(request.user, visit_id)


@router.put(
    "/visits/{visit_id}/answers/{item_code}", response=AnswerOut, summary="Save one answer (team only)"
)
@api_permission(Perm.SUPERVISION_MANAGE)
def answer_put(request: HttpRequest, visit_id: int, item_code: str, payload: AnswerIn) -> Answer:
    visit = get_visit_for(request.user, visit_id, need=Perm.SUPERVISION_MANAGE)
    require_conduct(request.user, visit)  # before the item is looked up; the service checks again
    item = get_object_or_404(ChecklistItem, template_id=visit.template_id, code=item_code.upper())
    return services.answer_save(
        actor=user_of(request), visit=visit, item=item, value=payload.value, note=payload.note
    )


@router.get("/findings", response=list[FindingOut], summary="Findings you may see (an LKSA: its own)")
@paginate(Pages, page_size=100)
@api_permission(Perm.FINDING_VIEW)
def finding_list(request: HttpRequest, status: str = "", overdue: bool = False) -> list:
    findings = findings_visible_to(request.user).select_related("item")
    if status in Finding.Status.values:
        findings = findings.filter(status=status)
    if overdue:
        findings = findings.overdue(timezone.localdate())
    return findings  # type: ignore[return-value]


@router.get("/findings/{finding_id}", response=FindingOut, summary="One finding")
@api_permission(Perm.FINDING_VIEW)
def finding_detail(request: HttpRequest, finding_id: int) -> Finding:
    return get_finding_for(request.user, finding_id)


@router.post("/findings/{finding_id}/response", response=FindingOut, summary="The LKSA answers a finding")
@api_permission(Perm.FINDING_RESPOND)
def finding_response(request: HttpRequest, finding_id: int, payload: ResponseIn) -> Finding:
    finding = get_finding_for(request.user, finding_id, need=Perm.FINDING_RESPOND)
    services.finding_respond(actor=user_of(request), finding=finding, text=payload.text)
    finding.refresh_from_db()
    return finding
