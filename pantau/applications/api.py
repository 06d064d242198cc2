"""/api/v1/applications: a home's online applications and Dinas Sosial's decisions on them.

Scoped as the pages are (the home its own, Dinas Sosial its jurisdiction, others 404). Drafting and
attaching documents happen on the page (files); the API reads, submits and decides. A refusal by the
service (documents missing, a step out of order, one's own application) answers 422, saving nothing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from pantau.accounts.access import Perm, api_permission, require_application_party
from pantau.accounts.http import user_of
from pantau.applications import services
from pantau.applications.checks import legal_checks
from pantau.applications.models import Application
from pantau.applications.requirements import documents_for
from pantau.applications.selectors import (
    applications_visible_to,
    get_application_for,
    is_overdue,
    sop_due_on,
    waiting,
)
from pantau.lib.api import ErrorOut, Pages
from pantau.registry.services import lksa_queryset_for_assessment

router = Router(tags=["applications"])


class ApplicationFields(Schema):
    id: int
    lksa_id: int
    lksa_name: str
    kind: str
    status: str
    submitted_at: datetime | None
    sop_due_on: date | None
    overdue: bool


class ApplicationRowOut(ApplicationFields):
    """A row read from the database (the resolvers fill the home's name and the SOP due date)."""

    @staticmethod
    def resolve_lksa_name(obj: Application) -> str:
        return obj.lksa.name

    @staticmethod
    def resolve_sop_due_on(obj: Application) -> date | None:
        return sop_due_on(obj) if obj.is_waiting else None

    @staticmethod
    def resolve_overdue(obj: Application) -> bool:
        return is_overdue(obj, today=timezone.localdate())


class ApplicationDocumentOut(Schema):
    requirement: str
    label: str
    required: bool
    source: str
    status: str
    attached: bool


class ApplicationCheckOut(Schema):
    key: str
    label: str
    outcome: str
    detail: str
    basis: str
    basis_status: str


class ApplicationEventOut(Schema):
    action: str
    at: datetime
    actor: str
    note: str


class ApplicationOut(ApplicationFields):
    summary: str
    previous_registration_id: int | None
    purpose: str
    reach: str
    area: str
    method: str
    starts_on: date | None
    ends_on: date | None
    is_extension: bool
    bank_account_id: int | None
    field_visit_on: date | None
    decision_note: str
    registration_id: int | None
    letter_number: str
    letter_date: date | None
    documents: list[ApplicationDocumentOut]
    checks: list[ApplicationCheckOut]
    history: list[ApplicationEventOut]


class ApplicationDecisionIn(Schema):
    decision: Literal["approve", "reject", "return"]
    number: str = Field(
        "", max_length=100, description="Tanda Daftar or recommendation letter number (approve)"
    )
    issued_on: date | None = Field(None, description="Date of the registration or the letter (approve)")
    note: str = Field("", max_length=1000, description="The reason (reject) or what to correct (return)")


def _detail(application: Application) -> dict[str, Any]:
    lksa = lksa_queryset_for_assessment().get(pk=application.lksa_id)
    attached = set(application.documents.values_list("requirement", flat=True))
    return {
        **{f: getattr(application, f) for f in ApplicationOut.model_fields if hasattr(application, f)},
        "lksa_name": lksa.name,
        "sop_due_on": sop_due_on(application) if application.is_waiting else None,
        "overdue": is_overdue(application, today=timezone.localdate()),
        "documents": [
            {
                "requirement": r.key,
                "label": str(r.label),
                "required": r.required,
                "source": str(r.source),
                "status": r.status,
                "attached": r.key in attached,
            }
            for r in documents_for(application.kind)
        ],
        "checks": [check.__dict__ for check in legal_checks(application, lksa, today=timezone.localdate())],
        "history": [
            {"action": e.action, "at": e.at, "actor": e.actor.full_name, "note": e.note}
            for e in application.events.select_related("actor")
        ],
    }


@router.get(
    "",
    response=list[ApplicationRowOut],
    summary="Applications you may see; status=waiting: Dinas Sosial's queue, the oldest first",
)
@paginate(Pages, page_size=50)
@api_permission(Perm.REGISTRY_VIEW)
def application_list(request: HttpRequest, status: str = "") -> Any:
    require_application_party(request.user, target_label=request.path)
    rows = applications_visible_to(request.user)
    if status == "waiting":
        return waiting(rows)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-pk")


@router.get(
    "/{application_id}",
    response=ApplicationOut,
    summary="One application with its documents, checks and history",
)
@api_permission(Perm.REGISTRY_VIEW)
def application_detail(request: HttpRequest, application_id: int) -> Any:
    return _detail(get_application_for(request.user, application_id))


@router.post(
    "/{application_id}/submit",
    response={200: ApplicationOut, 422: ErrorOut},
    summary="Submit (or resubmit) to Dinas Sosial: the home only, every required document attached",
)
@api_permission(Perm.APPLICATION_SUBMIT)
def application_submit(request: HttpRequest, application_id: int) -> Any:
    user = user_of(request)
    application = get_application_for(user, application_id, need=Perm.APPLICATION_SUBMIT)
    services.application_submit(actor=user, application=application)
    return _detail(get_application_for(user, application_id))


@router.post(
    "/{application_id}/decide",
    response={200: ApplicationOut, 422: ErrorOut},
    summary="Dinas Sosial's decision: approve (after field verification), reject, or return for correction",
)
@api_permission(Perm.REGISTRY_MANAGE)
def application_decide(request: HttpRequest, application_id: int, payload: ApplicationDecisionIn) -> Any:
    user = user_of(request)
    application = get_application_for(user, application_id, need=Perm.REGISTRY_MANAGE)
    if payload.decision == "approve":
        problems: dict[str, list[str]] = {}
        if not payload.number.strip():
            problems["number"] = [_("This field is required.")]
        if payload.issued_on is None:
            problems["issued_on"] = [_("This field is required.")]
        if problems:
            raise ValidationError(problems)
        services.application_approve(
            actor=user,
            application=application,
            number=payload.number.strip(),
            issued_on=payload.issued_on,  # type: ignore[arg-type]
        )
    else:
        if not payload.note.strip():
            raise ValidationError({"note": [_("This field is required.")]})
        step = services.application_reject if payload.decision == "reject" else services.application_return
        step(actor=user, application=application, note=payload.note.strip())
    return _detail(get_application_for(user, application_id))
