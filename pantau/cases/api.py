"""/api/v1/cases: the triage queue, cases, referrals and services (scoped like the pages)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from pantau.accounts.access import Perm, api_permission
from pantau.accounts.http import user_of
from pantau.audit.services import audit_record
from pantau.cases import services, tppo
from pantau.cases.models import Case, Concern, Referral, Service
from pantau.cases.selectors import (
    cases_visible_to,
    concerns_for_triage,
    get_case_for,
    get_received_referral_for,
    referrals_received,
)
from pantau.cases.sharing import ALL_SECTIONS, sections_for
from pantau.lib.api import Pages

router = Router(tags=["cases"])


class ConcernOut(Schema):
    id: int
    tracking_code: str
    source: str
    category: str
    lksa_id: int | None
    region_code: str
    status: str
    created_at: datetime


class CaseOut(Schema):
    id: int
    number: str
    title: str
    owner_id: int
    lksa_id: int | None
    form_of_violence: str
    cluster: str
    status: str
    opened_at: datetime


class ServiceOut(Schema):
    kind: str
    provider: str
    started_on: date
    ended_on: date | None
    outcome: str


class PointerOut(Schema):
    provision: str
    explanation: str
    complete: bool  # every element is met by the recorded facts; else ``missing`` says what to establish
    missing: list[str]


class CaseDetailOut(CaseOut):
    summary: str
    services: list[ServiceOut]
    tppo: list[PointerOut]
    tppo_disclaimer: str

    @staticmethod
    def resolve_services(obj: Case) -> list[Service]:
        if "services" not in getattr(obj, "shared_sections", ALL_SECTIONS):
            return []  # not shared with the reader's agency by its referral (cases/sharing.py)
        return list(obj.services.all())

    @staticmethod
    def resolve_tppo(obj: Case) -> list[dict]:
        if "assessment" not in getattr(obj, "shared_sections", ALL_SECTIONS):
            return []
        reading = tppo.reading_of(obj)
        return (
            [
                {
                    "provision": p.provision,
                    "explanation": p.explanation,
                    "complete": p.complete,
                    "missing": list(p.missing),
                }
                for p in reading.pointers
            ]
            if reading
            else []
        )

    @staticmethod
    def resolve_tppo_disclaimer(obj: Case) -> str:
        return str(tppo.DISCLAIMER)


class ReferralOut(Schema):
    id: int
    case_id: int
    case_number: str
    from_org_id: int
    to_org_id: int
    purpose: str
    status: str
    due_on: date
    escalated: bool

    @staticmethod
    def resolve_case_number(obj: Referral) -> str:
        return obj.case.number

    @staticmethod
    def resolve_escalated(obj: Referral) -> bool:
        return obj.escalated_at is not None


class ServiceIn(Schema):
    kind: str
    provider: str
    started_on: date
    ended_on: date | None = None
    outcome: str = ""
    case_child_id: int | None = None


class EventIn(Schema):
    happened_on: date
    text: str


class ReferralDecisionIn(Schema):
    accept: bool
    reason: str = ""


@router.get("/triage", response=list[ConcernOut], summary="Concerns waiting for triage in your jurisdiction")
@paginate(Pages, page_size=100)
@api_permission(Perm.CONCERN_TRIAGE)
def triage(request: HttpRequest) -> list:
    return (
        concerns_for_triage(request.user)
        .filter(  # type: ignore[return-value]
            status=Concern.Status.RECEIVED, case__isnull=True
        )
        .order_by("created_at", "pk")
    )


@router.get("", response=list[CaseOut], summary="Cases your agency leads or accepted by referral")
@paginate(Pages, page_size=100)
@api_permission(Perm.CASE_WORK)
def case_list(request: HttpRequest, status: str = "open") -> list:
    cases = cases_visible_to(request.user).order_by("-opened_at", "-pk")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    return cases  # type: ignore[return-value]


@router.get("/referrals", response=list[ReferralOut], summary="Referrals sent to your agency")
@paginate(Pages, page_size=100)
@api_permission(Perm.CASE_WORK)
def referral_list(request: HttpRequest) -> list:
    return referrals_received(request.user).order_by("status", "-sent_at")  # type: ignore[return-value]


@router.post(
    "/referrals/{referral_id}/decision", response=ReferralOut, summary="Accept or decline a referral"
)
@api_permission(Perm.CASE_WORK)
def referral_decision(request: HttpRequest, referral_id: int, payload: ReferralDecisionIn) -> Referral:
    referral = get_received_referral_for(request.user, referral_id)
    return services.referral_decide(
        actor=user_of(request), referral=referral, accept=payload.accept, reason=payload.reason
    )


@router.get("/{case_id}", response=CaseDetailOut, summary="One case file (its opening is audited)")
@api_permission(Perm.CASE_WORK)
def case_detail(request: HttpRequest, case_id: int) -> Case:
    case = get_case_for(request.user, case_id)
    audit_record(action="case.viewed", actor=user_of(request), target=case, target_region=case.region_code)
    case.shared_sections = sections_for(request.user, case, case.referrals.all())  # type: ignore[attr-defined]
    return case


@router.post("/{case_id}/services", response=ServiceOut, summary="Record a service given in the case")
@api_permission(Perm.CASE_WORK)
def service_create(request: HttpRequest, case_id: int, payload: ServiceIn) -> Service:
    case = get_case_for(request.user, case_id)
    child = case.children.filter(pk=payload.case_child_id).first() if payload.case_child_id else None
    if payload.case_child_id and child is None:
        raise ValidationError({"case_child_id": [_("Choose a child of this case.")]})
    return services.service_add(
        actor=user_of(request),
        case=case,
        service=Service(
            case_child=child,
            kind=payload.kind,
            provider=payload.provider,
            started_on=payload.started_on,
            ended_on=payload.ended_on,
            outcome=payload.outcome,
        ),
    )


@router.post("/{case_id}/events", response={201: None}, summary="Add an event to the case's timeline")
@api_permission(Perm.CASE_WORK)
def event_create(request: HttpRequest, case_id: int, payload: EventIn) -> Status[None]:
    case = get_case_for(request.user, case_id)
    services.case_event_add(actor=user_of(request), case=case, day=payload.happened_on, text=payload.text)
    return Status(201, None)
