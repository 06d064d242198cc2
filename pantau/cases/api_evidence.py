"""/api/v1/cases/{case_id}/evidence and /platform-requests: a case's files with their SHA-256 and chain of
custody, rechecking a file's hash (a mismatch answers 409 and is recorded), and the requests to platforms
with their answers (overdue after ``platforms.ANSWER_DAYS`` days without one). The files themselves are
served by the case file's page only, after the same check."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from pantau.accounts.access import Perm, api_permission, require_shared_section
from pantau.accounts.http import user_of
from pantau.audit.services import audit_record
from pantau.cases import custody, platforms
from pantau.cases.models import Case, CaseEvidence, PlatformRequest
from pantau.cases.selectors import get_case_for
from pantau.lib.api import ErrorOut

router = Router(tags=["cases"])


class CustodyOut(Schema):
    action: str  # added / viewed / exported / verified / mismatch
    at: datetime
    by_id: int | None
    organisation_id: int | None
    sha256: str  # the hash computed at this step ("" when none was)
    first_read: bool  # this step recorded the hash of a file uploaded before hashing


class EvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str
    description: str
    sha256: str  # "" for a file uploaded before hashing and never read since
    size: int | None
    uploaded_by_id: int
    uploaded_at: datetime
    hashed_late: bool
    broken: bool  # a mismatch is on record: the file must not be used as evidence
    custody: list[CustodyOut]


class VerifyOut(Schema):
    id: int
    matches: bool
    sha256: str
    first_read: bool


class PlatformRequestOut(Schema):
    id: int
    platform: str
    kind: str
    target: str
    reference: str
    sent_on: date
    answer_by: date
    overdue: bool
    answer: str
    answered_on: date | None
    answer_note: str
    organisation_id: int


class PlatformRequestIn(Schema):
    platform: str
    kind: str  # preservation / takedown / disclosure
    target: str
    reference: str = ""
    sent_on: date


class PlatformAnswerIn(Schema):
    answer: str  # complied / partly / refused
    answered_on: date
    note: str = ""


def _evidence_case(request: HttpRequest, case_id: int) -> Case:
    case = get_case_for(request.user, case_id)
    require_shared_section(request.user, case, case.referrals.all(), "evidence")
    return case


def _request(row: platforms.RequestRow) -> dict[str, object]:
    r = row.request
    return {
        "id": r.pk,
        "platform": r.platform,
        "kind": r.kind,
        "target": r.target,
        "reference": r.reference,
        "sent_on": r.sent_on,
        "answer_by": row.answer_by,
        "overdue": row.overdue,
        "answer": r.answer,
        "answered_on": r.answered_on,
        "answer_note": r.answer_note,
        "organisation_id": r.organisation_id,
    }


def _one(r: PlatformRequest) -> dict[str, object]:
    return _request(platforms.request_rows([r], timezone.localdate())[0])


@router.get(
    "/{case_id}/evidence",
    response=list[EvidenceOut],
    summary="A case's files with their SHA-256 and chain of custody (audited)",
)
@api_permission(Perm.CASE_WORK)
def evidence_list(request: HttpRequest, case_id: int) -> list[dict[str, object]]:
    case = _evidence_case(request, case_id)
    audit_record(action="case.viewed", actor=user_of(request), target=case, target_region=case.region_code)
    return [
        {
            "id": row.evidence.pk,
            "original_name": row.evidence.original_name,
            "content_type": row.evidence.content_type,
            "description": row.evidence.description,
            "sha256": row.evidence.sha256,
            "size": row.evidence.size,
            "uploaded_by_id": row.evidence.uploaded_by_id,
            "uploaded_at": row.evidence.uploaded_at,
            "hashed_late": row.hashed_late,
            "broken": row.broken,
            "custody": [
                {
                    "action": link.entry.action,
                    "at": link.entry.at,
                    "by_id": link.entry.by_id,
                    "organisation_id": link.entry.organisation_id,
                    "sha256": link.entry.sha256,
                    "first_read": link.first_read,
                }
                for link in row.links
            ],
        }
        for row in custody.evidence_rows(custody.evidence_with_custody(case))
    ]


class EvidenceAddedOut(Schema):
    id: int
    original_name: str
    content_type: str
    sha256: str
    size: int | None


@router.post(
    "/{case_id}/evidence",
    response={201: EvidenceAddedOut, 400: ErrorOut, 503: ErrorOut},
    summary="Add a document or photo to a case (multipart: file, description); 503 when it cannot be stored",
)
@api_permission(Perm.CASE_WORK)
def evidence_add(
    request: HttpRequest,
    case_id: int,
    file: UploadedFile | None = File(None),  # noqa: B008  (ninja's way of declaring a file part)
    description: Form[str] = "",
) -> Status[dict[str, object]]:
    # The file is optional in the signature so that access is checked (404/403) before its absence (422).
    case = get_case_for(request.user, case_id)
    if file is None:
        raise ValidationError({"file": [_("Attach the document or photo (PDF, JPEG or PNG).")]})
    evidence = custody.evidence_add(actor=user_of(request), case=case, upload=file, description=description)
    return Status(
        201,
        {
            "id": evidence.pk,
            "original_name": evidence.original_name,
            "content_type": evidence.content_type,
            "sha256": evidence.sha256,
            "size": evidence.size,
        },
    )


@router.post(
    "/{case_id}/evidence/{evidence_id}/verify",
    response={200: VerifyOut, 409: ErrorOut},
    summary="Recheck a file's SHA-256 against the upload (409 when it no longer matches)",
)
@api_permission(Perm.CASE_WORK)
def evidence_verify(request: HttpRequest, case_id: int, evidence_id: int) -> Status[dict[str, object]]:
    case = _evidence_case(request, case_id)
    record = get_object_or_404(CaseEvidence, pk=evidence_id, case=case)
    check = custody.evidence_verify(actor=user_of(request), case=case, evidence=record)
    if not check.ok:
        detail = _(
            "This file has changed since it was uploaded: its SHA-256 no longer matches the one recorded "
            "at upload. It must not be used as evidence. The lead agency has been told."
        )
        return Status(409, {"detail": detail})
    return Status(
        200, {"id": record.pk, "matches": True, "sha256": check.sha256, "first_read": check.first_read}
    )


@router.get(
    "/{case_id}/platform-requests",
    response=list[PlatformRequestOut],
    summary="Preservation, takedown and disclosure requests to platforms, with answers and overdue ones",
)
@api_permission(Perm.CASE_WORK)
def platform_request_list(request: HttpRequest, case_id: int) -> list[dict[str, object]]:
    case = _evidence_case(request, case_id)
    rows = platforms.request_rows(list(case.platform_requests.all()), timezone.localdate())
    return [_request(row) for row in rows]


@router.post(
    "/{case_id}/platform-requests",
    response={201: PlatformRequestOut},
    summary="Record a request sent to a platform (police investigators, the lead agency)",
)
@api_permission(Perm.CASE_WORK)
def platform_request_create(
    request: HttpRequest, case_id: int, payload: PlatformRequestIn
) -> Status[dict[str, object]]:
    case = get_case_for(request.user, case_id)
    sent = platforms.platform_request_add(
        actor=user_of(request),
        case=case,
        platform=payload.platform,
        kind=payload.kind,
        target=payload.target,
        reference=payload.reference,
        sent_on=payload.sent_on,
    )
    return Status(201, _one(sent))


@router.post(
    "/{case_id}/platform-requests/{request_id}/answer",
    response=PlatformRequestOut,
    summary="Record the platform's answer to a request",
)
@api_permission(Perm.CASE_WORK)
def platform_answer(
    request: HttpRequest, case_id: int, request_id: int, payload: PlatformAnswerIn
) -> dict[str, object]:
    case = get_case_for(request.user, case_id)
    sent = get_object_or_404(PlatformRequest, pk=request_id, case=case)
    answered = platforms.platform_answer_record(
        actor=user_of(request),
        case=case,
        request=sent,
        answer=payload.answer,
        answered_on=payload.answered_on,
        note=payload.note,
    )
    return _one(answered)
