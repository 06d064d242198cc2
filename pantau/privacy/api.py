"""/api/v1/privacy: the record of processing (read), and the data-subject requests of one's office
(list, record, answer). A request is refused field by field (422) with nothing saved, as on the page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from pantau.accounts.access import Perm, api_permission
from pantau.accounts.http import user_of
from pantau.lib.api import Pages
from pantau.privacy import law
from pantau.privacy.models import Kind, Relation, SubjectKind, SubjectRequest
from pantau.privacy.selectors import filter_requests, get_request_for, requests_visible_to
from pantau.privacy.services import request_answer, request_record

router = Router(tags=["privacy"])


class CategoryOut(Schema):
    key: str
    name: str
    data: str
    specific: str | None
    purpose: str
    bases: list[str]
    basis_note: str
    who: str
    stored: str
    retention: str
    retention_setting: str
    retention_years: int | None
    at_end: str
    source: str
    status: str


class ProvisionOut(Schema):
    key: str
    citation: str
    requires: str
    status: str


class ProcessingOut(Schema):
    categories: list[CategoryOut]
    provisions: list[ProvisionOut]


def _years(setting: str) -> int | None:
    first = setting.split(",")[0].strip()
    return getattr(settings, first) if first else None


@router.get("/processing", response=ProcessingOut, summary="The record of processing (UU 27/2022 PDP)")
@api_permission(Perm.PRIVACY_RECORD_VIEW)
def processing(request: HttpRequest) -> Any:
    categories = [
        {
            "key": c.key,
            "name": str(c.name),
            "data": str(c.data),
            "specific": str(c.specific) if c.specific else None,
            "purpose": str(c.purpose),
            "bases": [str(b) for b in c.basis_labels],
            "basis_note": str(c.basis_note),
            "who": str(c.who),
            "stored": c.stored,
            "retention": str(c.retention),
            "retention_setting": c.setting,
            "retention_years": _years(c.setting),
            "at_end": str(c.at_end),
            "source": c.source,
            "status": c.status,
        }
        for c in law.CATEGORIES
    ]
    provisions = [
        {"key": key, "citation": p.citation, "requires": str(p.requires), "status": p.status}
        for key, p in law.PROVISIONS.items()
    ]
    return {"categories": categories, "provisions": provisions}


class RequestOut(Schema):
    id: int
    kind: str
    requester_relation: str
    reply_to: str
    subject_kind: str
    subject_reference: str
    details: str
    region_code: str
    received_at: datetime
    due_at: datetime
    status: str
    is_overdue: bool
    answer: str
    answered_at: datetime | None
    handled_by_id: int | None


class RequestIn(Schema):
    # Strings checked by the model (422 naming the field): enums would add schema components.
    kind: str = Field(max_length=12, description="one of: " + ", ".join(Kind.values))
    requester_relation: str = Field(max_length=16, description="one of: " + ", ".join(Relation.values))
    reply_to: str = Field(max_length=150)
    subject_kind: str = Field(max_length=10, description="one of: " + ", ".join(SubjectKind.values))
    subject_reference: str = Field(max_length=100)
    details: str = Field(max_length=2000)
    received_at: datetime | None = None


class SubjectRequestAnswerIn(Schema):
    status: str = Field(max_length=10, description="answered or refused")
    answer: str = Field(max_length=4000)


@router.get("/requests", response=list[RequestOut], summary="Data-subject requests of your area, due first")
@paginate(Pages, page_size=50)
@api_permission(Perm.PRIVACY_REQUESTS)
def request_list(request: HttpRequest, status: str = "", overdue: bool = False) -> Any:
    return filter_requests(requests_visible_to(request.user), status=status, overdue=overdue)


@router.post("/requests", response={201: RequestOut}, summary="Record a data-subject request received")
@api_permission(Perm.PRIVACY_REQUESTS)
def request_create(request: HttpRequest, payload: RequestIn) -> Status:
    saved = request_record(actor=user_of(request), request=SubjectRequest(**payload.dict()))
    return Status(201, saved)


@router.get("/requests/{request_id}", response=RequestOut, summary="One data-subject request")
@api_permission(Perm.PRIVACY_REQUESTS)
def request_detail(request: HttpRequest, request_id: int) -> Any:
    return get_request_for(request.user, request_id)


@router.post("/requests/{request_id}/answer", response=RequestOut, summary="Answer or refuse a request")
@api_permission(Perm.PRIVACY_REQUESTS)
def request_answer_op(request: HttpRequest, request_id: int, payload: SubjectRequestAnswerIn) -> Any:
    user = user_of(request)
    item = get_request_for(user, request_id)
    return request_answer(actor=user, request=item, status=payload.status, answer=payload.answer)
